"""The book's numeric environment: stored outputs reproduce on any x86-64 Linux machine.

tools/numenv.py fixes OpenBLAS's Haswell kernels, one thread and numpy's SIMD up to AVX2 for every
kernel that stores (tools/run_notebooks.py) or checks (conftest.py) outputs, whatever the machine's
own OPENBLAS_* / NPY_* variables say. The slow test runs the two chapter-3 notebooks, whose 16-epoch
MNIST training is the most sensitive to the last bits of the matrix products, under each setting a
machine or a student may have, and requires the stored outputs exactly.
"""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import numenv  # noqa: E402

import conftest as book_conftest  # noqa: E402  (the repository's root conftest.py)

NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
EXACT_POSSIBLE = platform.system() == "Linux" and platform.machine() == "x86_64" and numenv._has_avx2_fma()
needs_x86 = pytest.mark.skipif(not EXACT_POSSIBLE and os.environ.get("CI") != "true",
                               reason="the book's numeric environment needs x86-64 Linux with AVX2")


def test_apply_replaces_the_machines_numeric_variables():
    machine = {"PATH": "/usr/bin", "OPENBLAS_CORETYPE": "SkylakeX", "OPENBLAS_NUM_THREADS": "2",
               "OPENBLAS_L2_SIZE": "1048576", "OPENBLAS_VERBOSE": "2", "OMP_NUM_THREADS": "8",
               "NPY_ENABLE_CPU_FEATURES": "AVX512F", "MKL_NUM_THREADS": "4", "GOTO_NUM_THREADS": "3"}
    env = numenv.apply(machine)
    assert env["PATH"] == "/usr/bin"
    assert env["OPENBLAS_NUM_THREADS"] == env["OMP_NUM_THREADS"] == "1"
    assert env["NPY_DISABLE_CPU_FEATURES"] == "X86_V4 AVX512_ICL AVX512_SPR"
    for gone in ("OPENBLAS_L2_SIZE", "OPENBLAS_VERBOSE", "NPY_ENABLE_CPU_FEATURES", "MKL_NUM_THREADS",
                 "GOTO_NUM_THREADS"):
        assert gone not in env
    assert env.get("OPENBLAS_CORETYPE") == ("Haswell" if EXACT_POSSIBLE else None)
    assert machine["OPENBLAS_CORETYPE"] == "SkylakeX"     # the caller's dict is left alone


@needs_x86
@pytest.mark.parametrize("setting", [{}, {"OPENBLAS_CORETYPE": "Sandybridge", "OPENBLAS_NUM_THREADS": "2"},
                                     {"NPY_DISABLE_CPU_FEATURES": "AVX512_SPR"}])
def test_this_machine_gives_the_books_environment_whatever_it_sets(setting):
    found = numenv.probe(numenv.apply({**os.environ, **setting}))
    assert numenv.differences(found) == []


def test_without_the_fix_the_machine_would_pick_its_own_kernel():
    # What the fix replaces: the variables alone decide the kernel and the threads.
    found = numenv.probe({**numenv.apply(), "OPENBLAS_CORETYPE": "Sandybridge", "OPENBLAS_NUM_THREADS": "2"})
    assert found["openblas_coretype"] == "Sandybridge" and found["blas_threads"] == 2
    assert numenv.differences(found) == ["openblas_coretype: 'Sandybridge', not 'Haswell'",
                                         "blas_threads: 2, not 1"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT / "book")) for p in NOTEBOOKS])
def test_every_notebook_was_stored_in_the_books_environment(path):
    stored = nbformat.read(path, as_version=4).metadata.get(numenv.METADATA_KEY)
    assert stored == numenv.SPEC, (
        f"{path.relative_to(ROOT)} was stored under {stored or 'an unrecorded numeric environment'}, "
        f"not the book's {numenv.SPEC}; its outputs may not reproduce: re-run it with `make notebooks`")


def test_a_machine_without_the_environment_compares_through_assertions(monkeypatch):
    accelerate = {"blas": "accelerate", "openblas_coretype": None, "blas_threads": None,
                  "numpy": numenv.SPEC["numpy"], "numpy_simd": "none"}
    monkeypatch.setattr(numenv, "probe", lambda env=None: accelerate)
    monkeypatch.delenv("BOOK_OUTPUTS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    mode = book_conftest.OutputMode()
    mode.decide()
    assert mode.mode == "assertions" and "blas: 'accelerate', not 'openblas'" in mode.reason
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.UsageError, match="BOOK_OUTPUTS=assertions"):
        book_conftest.OutputMode().decide()
    monkeypatch.setenv("BOOK_OUTPUTS", "assertions")
    mode = book_conftest.OutputMode()
    mode.decide()
    assert mode.mode == "assertions"
    monkeypatch.setenv("BOOK_OUTPUTS", "sometimes")
    with pytest.raises(pytest.UsageError, match="'exact' or 'assertions'"):
        book_conftest.OutputMode().decide()


def _notebook(path: Path) -> None:
    """Three cells: one prints other than it stored, one as it stored, one whose assertion fails."""
    cell = nbformat.v4.new_code_cell
    stream = lambda text: [nbformat.v4.new_output("stream", name="stdout", text=text)]  # noqa: E731
    nbformat.write(nbformat.v4.new_notebook(cells=[
        cell("print('accuracy 0.9747')", id="a", execution_count=1, outputs=stream("accuracy 0.9749\n")),
        cell("x = 2\nprint(x)", id="b", execution_count=2, outputs=stream("2\n")),
        cell("assert x == 3, 'x is 2'", id="c", execution_count=3),
    ]), path)


def _pytest(path: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", str(path.relative_to(ROOT)), "-p", "no:randomly",
                           "-o", "norecursedirs=.git", "--color=no"],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@needs_x86
def test_assertions_mode_runs_every_cell_and_lists_what_it_did_not_compare():
    folder = ROOT / "_build" / "test-numenv"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "modes.ipynb"
    _notebook(path)
    exact = _pytest(path, BOOK_OUTPUTS="exact")
    assert "2 failed, 1 passed" in exact.stdout, exact.stdout[-2000:]
    assert "'accuracy 0.9749'" in exact.stdout or "accuracy 0.9749" in exact.stdout

    lax = _pytest(path, BOOK_OUTPUTS="assertions")
    out = re.sub(r"\x1b\[[0-9;]*m", "", lax.stdout)     # the kernel colours its tracebacks
    assert "1 failed, 2 passed" in out, out[-2000:]     # the failing assertion still fails
    assert "AssertionError: x is 2" in out
    summary = out.split("notebook outputs compared only through assertions")[1]
    assert "why: BOOK_OUTPUTS=assertions" in summary
    assert "modes.ipynb::Cell 0: stdout: 'accuracy 0.9749' stored, 'accuracy 0.9747' now" in summary
    assert "Cell 1" not in summary and "1 cells differ" in summary
    assert "compared through the cells' assertions only" in out     # said in the header too


# What a machine or a student may have set; each must leave the stored outputs reproducing exactly.
SETTINGS = {
    "unset": {},
    "Haswell": {"OPENBLAS_CORETYPE": "Haswell"},
    "SkylakeX": {"OPENBLAS_CORETYPE": "SkylakeX"},
    "Sandybridge": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "Zen": {"OPENBLAS_CORETYPE": "Zen"},
    "AVX2-only numpy": {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"},
    "2 threads": {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"},
    "machine's own OPENBLAS_*": {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "1048576",
                                 "OPENBLAS_VERBOSE": "2", "NPY_ENABLE_CPU_FEATURES": ""},
}
SENSITIVE = ["book/en/03_1_learning.ipynb", "book/en/03_2_backprop.ipynb"]


@pytest.mark.slow
@needs_x86
@pytest.mark.parametrize("name", SETTINGS)
def test_stored_outputs_reproduce_exactly_under(name):
    env = {k: v for k, v in os.environ.items() if not k.startswith(numenv.PREFIXES)}
    env.update(SETTINGS[name], BOOK_OUTPUTS="exact")
    result = subprocess.run([sys.executable, "-m", "pytest", *SENSITIVE, "-p", "no:randomly", "-q",
                             "--color=no"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " failed" not in result.stdout.splitlines()[-1]
