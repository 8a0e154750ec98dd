"""Shared test setup: markers for the notebook checks and a quiet, steady numeric environment."""
import os

import pytest

# Set before any kernel starts, so nbval's kernels inherit it. (No MPLBACKEND here: kernels
# must keep the inline backend, or figures would vanish from the compared outputs.)
# One BLAS thread, as tools/run_notebooks.py stores the outputs: the number of threads can change
# the last digits of a sum, and nbval compares the printed numbers.
os.environ["OPENBLAS_NUM_THREADS"] = "1"


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.notebook)
            item.add_marker(pytest.mark.slow)
