"""The two seams between the country and the outside: what it shows, and how it is acted on.

Outside actors (the steps of a strategy, the stakeholders that take them, a training exercise's
teams) see the country only through :mod:`~scenarios.boundary.observations` (the weekly record,
with each observer's notice lag, and what a mission on the ground sees) and act on it only
through :mod:`~scenarios.boundary.modifiers` (this week's effects, and the measures in force that
other actors respond to). Nothing here imports the model, so steps and the model do not import
each other.
"""
