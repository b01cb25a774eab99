"""The one error a config problem raises."""


class ConfigError(ValueError):
    """A config problem, described in one line that names the key and what is allowed."""
