"""The continuum of steps: prevention, reaction and rebuilding, taken by outside stakeholders."""
