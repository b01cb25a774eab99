"""Fixtures; the helpers themselves are in tests/helpers.py."""

import logging

import pytest

from tests.helpers import make_config

logging.getLogger("MESA").setLevel(logging.WARNING)


@pytest.fixture
def config_factory():
    """Build validated configs in tests: ``config_factory("stable_democracy", "seed=3")``."""
    return make_config
