"""Fixtures, and how tests are spread over pytest-xdist workers; the helpers themselves are in
tests/helpers.py.

``make test`` runs ``pytest -n auto --dist loadgroup``. Every test of a file runs on one worker
(the file's group), so module-scoped fixtures and caches are built once, except in files that
set ``SPREAD_ACROSS_WORKERS = True``: their tests (many replications each, sharing arms only
through a per-process cache) go to whichever worker is free, so the slowest file no longer runs
alone at the end of the suite.
"""

import logging

import pytest

from tests.helpers import make_config

logging.getLogger("MESA").setLevel(logging.WARNING)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group each test by its file, unless the file spreads its tests across workers."""
    for item in items:
        if not getattr(item.module, "SPREAD_ACROSS_WORKERS", False):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture
def config_factory():
    """Build validated configs in tests: ``config_factory("stable_democracy", "seed=3")``."""
    return make_config
