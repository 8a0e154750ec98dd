"""Re-execute the book's notebooks in place and store their outputs.

    python tools/run_notebooks.py                 # every notebook under book/
    python tools/run_notebooks.py book/en/01_perceptron.ipynb ...

Each notebook runs in its own folder with a fresh kernel, as nbval and a reader run it.
Widget state is stored so that the website can show the widgets. The kernels run in the book's
numeric environment (tools/numenv.py), which is recorded in each notebook's metadata; on a machine
that cannot give it, nothing is stored. The time each notebook took is printed, and a notebook that
raises stops the run with its traceback.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import lab_metadata
import numenv
from bookconf import WIDGET_MIME

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def clean_metadata(nb: nbformat.NotebookNode) -> None:
    """Drop per-run noise (timestamps) so that re-running changes only what changed."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}


def stable_widget_ids(nb: nbformat.NotebookNode, label: str) -> nbformat.NotebookNode:
    """Replace the random ids of the stored widget models by ids derived from label and the order in
    which the notebook's outputs reach the models, so that a re-run changes only what changed."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            for child in re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model_id], sort_keys=True)):
                visit(child)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                visit(output["data"][WIDGET_MIME]["model_id"])
    # Models no output refers to, ordered by their content.
    order += sorted(set(state) - set(order), key=lambda m: json.dumps(state[m], sort_keys=True).replace(m, ""))
    text = nbformat.writes(nb)
    for number, model_id in enumerate(order):
        text = text.replace(model_id, hashlib.sha256(f"{label}#{number}".encode()).hexdigest()[:32])
    return nbformat.reads(text, as_version=4)


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
    lab_metadata.collapse_hidden_cells(nb)   # JupyterLab folds the hide-cell cells too
    nb.metadata[numenv.METADATA_KEY] = dict(numenv.SPEC)
    label = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    nb = stable_widget_ids(nb, label)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all in book/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)

    # The kernels inherit this process's environment: the book's numeric one, as in the tests.
    env = numenv.apply(os.environ)
    os.environ.clear()
    os.environ.update(env)
    diff = numenv.differences(numenv.probe(dict(os.environ)))
    if diff:
        print("This machine cannot give the book's numeric environment (" + "; ".join(diff) + "): "
              "outputs stored here would not reproduce elsewhere, so none are stored.", file=sys.stderr)
        return 2
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
