"""tools/run_notebooks.py: re-running a notebook with widgets stores exactly the same file."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import run_notebooks  # noqa: E402

WIDGET_CELL = """\
from ipywidgets import FloatSlider, interact

def show(w=0.5, b=-0.7):
    print(f"w={w:.2f} b={b:.2f}")

interact(show, w=FloatSlider(value=0.5, min=-1, max=1, step=0.05), b=(-1.5, 1.5, 0.05));
"""


def _ids(nb) -> tuple[set, set, list]:
    """(ids of the stored models, ids the models refer to, ids the outputs show)."""
    state = nb.metadata["widgets"][run_notebooks.WIDGET_STATE]["state"]
    refs = set(re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state)))
    shown = [out["data"][run_notebooks.WIDGET_MIME]["model_id"]
             for cell in nb.cells for out in cell.get("outputs", []) if run_notebooks.WIDGET_MIME in out.get("data", {})]
    return set(state), refs, shown


@pytest.mark.slow
def test_a_rerun_with_widgets_writes_the_same_bytes(tmp_path):
    path = tmp_path / "widgets.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Widgets", id="title"),
                                         nbformat.v4.new_code_cell(WIDGET_CELL, id="sliders")])
    nbformat.write(nb, path)
    run_notebooks.run(path, timeout=120)
    first = path.read_bytes()
    run_notebooks.run(path, timeout=120)
    assert path.read_bytes() == first

    models, refs, shown = _ids(nbformat.reads(first.decode(), as_version=4))
    assert len(shown) == 1 and len(models) >= 5       # interact: a box, two sliders, an output, layouts...
    assert refs <= models and set(shown) <= models    # every reference still points at a stored model


def test_stable_ids_do_not_depend_on_the_random_ids():
    def notebook(ids):
        box, slider, layout = ids
        state = {box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}"],
                                                             "layout": f"IPY_MODEL_{layout}"}},
                 slider: {"model_name": "FloatSliderModel", "state": {"value": 0.5, "layout": f"IPY_MODEL_{layout}"}},
                 layout: {"model_name": "LayoutModel", "state": {}}}
        cell = nbformat.v4.new_code_cell("w", id="widget", outputs=[nbformat.v4.new_output(
            "display_data", data={run_notebooks.WIDGET_MIME: {"model_id": box, "version_major": 2}})])
        nb = nbformat.v4.new_notebook(cells=[cell])
        nb.metadata["widgets"] = {run_notebooks.WIDGET_STATE: {"state": state, "version_major": 2}}
        return nb

    one = run_notebooks.stable_widget_ids(notebook(["a" * 32, "b" * 32, "c" * 32]), "book/en/x.ipynb")
    two = run_notebooks.stable_widget_ids(notebook(["f" * 32, "0" * 32, "9" * 32]), "book/en/x.ipynb")
    assert nbformat.writes(one) == nbformat.writes(two)
    models, refs, shown = _ids(one)
    assert len(models) == 3 and refs <= models and set(shown) <= models
    assert not models & {"a" * 32, "b" * 32, "c" * 32}
