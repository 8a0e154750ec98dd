"""Re-execute the book's notebooks in place and store their outputs.

    python tools/run_notebooks.py                 # every notebook under book/
    python tools/run_notebooks.py book/en/01_perceptron.ipynb ...

Each notebook runs in its own folder with a fresh kernel, as nbval and a reader run it.
Widget state is stored so that the website can show the widgets. The time each notebook
took is printed, and a notebook that raises stops the run with its traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def clean_metadata(nb: nbformat.NotebookNode) -> None:
    """Drop per-run noise (timestamps) so that re-running changes only what changed."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}


def run(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    clean_metadata(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all in book/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)

    # One BLAS thread is faster and steadier for this course's small matrices.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    paths = args.notebooks or sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    total = 0.0
    for path in paths:
        path = path.resolve()
        print(f"{path.relative_to(ROOT)} ...", end=" ", flush=True)
        elapsed = run(path, args.timeout)
        total += elapsed
        print(f"{elapsed:.1f} s", flush=True)
    print(f"{len(paths)} notebooks in {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
