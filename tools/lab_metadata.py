"""JupyterLab's own cell metadata for the cells that Jupyter Book hides.

The book marks a solution's check cell with the tag `hide-cell`: the website folds it behind
a toggle. JupyterLab ignores tags; it collapses a cell by the metadata `jupyter.source_hidden`
and `jupyter.outputs_hidden`. `collapse_hidden_cells` sets that metadata from the tags, so a
notebook opened in JupyterLab shows these cells collapsed too (a click on the cell's bar
unfolds them). It works on stored notebooks and on the student copies alike.
"""
from __future__ import annotations

# Tag -> (source hidden, outputs hidden), as Jupyter Book treats the tags. The website leaves out a
# remove-cell cell (the notebook's setup cell); JupyterLab folds its code but shows what it prints,
# which is the install instructions where nnlib is missing.
HIDING_TAGS = {
    "hide-cell": (True, True),
    "hide-input": (True, False),
    "hide-output": (False, True),
    "remove-cell": (True, False),
}


def hidden_parts(tags) -> tuple[bool, bool]:
    """(source hidden, outputs hidden) for a cell with these tags."""
    source = outputs = False
    for tag in tags:
        s, o = HIDING_TAGS.get(tag, (False, False))
        source, outputs = source or s, outputs or o
    return source, outputs


def collapse_hidden_cells(nb) -> int:
    """Set `jupyter.source_hidden` / `jupyter.outputs_hidden` of every code cell from its tags,
    in place; a cell without such a tag gets neither key. Running it again changes nothing.
    nb: a notebook as nbformat or json.load gives it. Returns the number of collapsed cells."""
    collapsed = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        metadata = cell.setdefault("metadata", {})
        source, outputs = hidden_parts(metadata.get("tags", []))
        jupyter = dict(metadata.get("jupyter", {}))
        for key, hide in (("source_hidden", source), ("outputs_hidden", outputs)):
            if hide:
                jupyter[key] = True
            else:
                jupyter.pop(key, None)
        if jupyter:
            metadata["jupyter"] = jupyter
        else:
            metadata.pop("jupyter", None)
        collapsed += source or outputs
    return collapsed
