"""Shared test setup: markers for the notebook checks, and the book's numeric environment.

nbval compares every notebook's outputs with the stored ones. They reproduce exactly only in the
numeric environment they were stored in (tools/numenv.py: OpenBLAS's Haswell kernels, one thread,
numpy's SIMD up to AVX2), so it is set here, before any kernel starts; kernels inherit it. Where a
machine cannot give it (no OpenBLAS, no AVX2, not x86-64), or with BOOK_OUTPUTS=assertions, the
notebooks still run every cell and every assertion, and the cells whose outputs then differ from the
stored ones are listed at the end of the run with the reason, instead of failing with their diffs.

    BOOK_OUTPUTS=exact        compare the stored outputs (fails where the machine cannot give them)
    BOOK_OUTPUTS=assertions   compare through the cells' assertions only, listing differing cells
    unset                     exact where the machine gives the book's environment, else assertions
                              (under CI=true a machine that cannot give it is an error)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import numenv  # noqa: E402

# Before numpy loads in this process and before any kernel starts. (No MPLBACKEND here: kernels
# must keep the inline backend, or figures would vanish from the compared outputs.)
_machine_env = dict(os.environ)
os.environ.clear()
os.environ.update(numenv.apply(_machine_env))

MODES = ("exact", "assertions")


class OutputMode:
    """Whether notebook outputs are compared exactly, and the cells compared only by assertions."""

    def __init__(self):
        self.mode = None
        self.reason = ""
        self.cells: list[tuple[str, str]] = []   # (cell id, what differed)

    def decide(self) -> None:
        asked = os.environ.get("BOOK_OUTPUTS", "")
        if asked and asked not in MODES:
            raise pytest.UsageError(f"BOOK_OUTPUTS must be 'exact' or 'assertions', got {asked!r}")
        diff = numenv.differences(numenv.probe(dict(os.environ)))
        if asked == "assertions":
            self.mode = "assertions"
            self.reason = "BOOK_OUTPUTS=assertions" + (f" (and {'; '.join(diff)})" if diff else "")
        elif not diff or asked == "exact":
            self.mode = "exact"
        elif os.environ.get("CI") == "true":
            raise pytest.UsageError(
                "this CI machine cannot give the book's numeric environment (" + "; ".join(diff) + "), "
                "so the stored notebook outputs cannot be compared exactly; run on x86-64 Linux with "
                "numpy's OpenBLAS, or set BOOK_OUTPUTS=assertions to compare through assertions only")
        else:
            self.mode = "assertions"
            self.reason = "this machine is not in the book's numeric environment: " + "; ".join(diff)


OUTPUTS = OutputMode()


def _first_difference(test: list, ref: list) -> str:
    """A one-line account of how a cell's new outputs differ from the stored ones."""
    def texts(outputs):
        found = []
        for out in outputs:
            if "text" in out:
                found.append((out.get("name", "stream"), out["text"]))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    found.append((mime, value if isinstance(value, str) else "".join(value)))
        return found

    new, old = texts(test), texts(ref)
    if len(new) != len(old):
        return f"{len(new)} text outputs instead of {len(old)}"
    for (kind, now), (_, stored) in zip(new, old):
        for line_now, line_stored in zip(now.splitlines() + [""], stored.splitlines() + [""]):
            if line_now != line_stored:
                return f"{kind}: {line_stored.strip()!r} stored, {line_now.strip()!r} now"
    return "outputs differ"


def _lenient_compare(original):
    def compare_outputs(self, test, ref, skip_compare=None):
        same = original(self, test, ref, skip_compare)
        if same or OUTPUTS.mode != "assertions":
            return same
        OUTPUTS.cells.append((self.nodeid, _first_difference(test, ref)))
        self.user_properties.append(("compared_only_by_assertions", OUTPUTS.reason))
        self.comparison_traceback = []
        return True
    return compare_outputs


def pytest_configure(config):
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    if not getattr(IPyNbCell.compare_outputs, "_book", False):
        IPyNbCell.compare_outputs = _lenient_compare(IPyNbCell.compare_outputs)
        IPyNbCell.compare_outputs._book = True
    if config.getoption("nbval", False) and OUTPUTS.mode is None:
        OUTPUTS.decide()


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.notebook)
            item.add_marker(pytest.mark.slow)


def pytest_report_header(config):
    if OUTPUTS.mode == "assertions":
        return f"notebook outputs: compared through the cells' assertions only ({OUTPUTS.reason})"
    if OUTPUTS.mode == "exact":
        return "notebook outputs: compared exactly (the book's numeric environment: " + \
            ", ".join(f"{k} {v}" for k, v in numenv.SPEC.items()) + ")"
    return None


def pytest_terminal_summary(terminalreporter):
    if OUTPUTS.mode != "assertions":
        return
    write = terminalreporter.write_line
    terminalreporter.section("notebook outputs compared only through assertions")
    write(f"why: {OUTPUTS.reason}")
    if not OUTPUTS.cells:
        write("every executed cell still printed its stored outputs")
    for cell, what in OUTPUTS.cells:
        write(f"{cell}: {what}")
    write(f"{len(OUTPUTS.cells)} cells differ from their stored outputs; every cell ran and its assertions held "
          "unless reported as failed above")
