"""What the book prints of nnlib reads like the lecture's listings: the formula in a few lines.

Every function and class the notebooks print (with nnlib.listing.show or inspect.getsource) and the
parts chapter 3 teaches are checked: no docstrings on the page, no inline input checks (at most one
guard call per function, into nnlib.guards), no speed tricks.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from nnlib import layers, networks, perceptron, training
from nnlib.listing import source

ROOT = Path(__file__).resolve().parent.parent
TAUGHT = [perceptron.AND, perceptron.OR, perceptron.NAND, perceptron.XOR, perceptron.perceptron,
          layers.MulLayer, layers.AddLayer, layers.Affine, layers.ReLU, layers.Sigmoid, layers.SoftmaxWithLoss,
          networks.TwoLayerNet.gradient, training.train_epoch]
FORBIDDEN = re.compile(r"\braise\b|\bisinstance\b|isfinite|asfortranarray|need_dx|\bout=|errstate|astype\(x\.dtype\)")


def printed_names() -> set[str]:
    """Names the notebooks print with show(...) or inspect.getsource(...)."""
    names = set()
    for path in (ROOT / "book").rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                names |= set(re.findall(r"(?:show|getsource|source)\(([A-Za-z_][\w.]*)\)", "".join(cell["source"])))
    return names


def resolve(name: str):
    namespace = {**vars(perceptron), **vars(layers), **vars(networks), **vars(training)}
    obj = namespace.get(name.split(".")[0])
    for part in name.split(".")[1:]:
        obj = getattr(obj, part, None)
    return obj


def test_the_notebooks_print_what_chapter_3_teaches():
    names = printed_names()
    for needed in ("Affine", "ReLU", "SoftmaxWithLoss", "TwoLayerNet.gradient", "train_epoch", "perceptron"):
        assert needed in names, f"no notebook prints {needed}"


@pytest.mark.parametrize("obj", TAUGHT + [o for o in map(resolve, sorted(printed_names())) if callable(o)],
                         ids=lambda o: getattr(o, "__qualname__", str(o)))
def test_printed_code_is_the_formula(obj):
    text = source(obj)
    assert not FORBIDDEN.search(text), text
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            assert ast.get_docstring(node) is None, f"{node.name} keeps its docstring on the page"
        if isinstance(node, ast.FunctionDef):
            guards = [n for n in ast.walk(node) if isinstance(n, ast.Call)
                      and isinstance(n.func, ast.Attribute) and getattr(n.func.value, "id", "") == "guards"]
            assert len(guards) <= 1, f"{node.name} makes {len(guards)} guard calls"
            assert node.end_lineno - node.lineno < 16, f"{node.name} is {node.end_lineno - node.lineno + 1} lines"


def test_listing_drops_docstrings_but_keeps_comments():
    text = source(layers.SoftmaxWithLoss)
    assert '"""' not in text and "# y − t, with t one-hot" in text
    assert text.startswith("class SoftmaxWithLoss:\n    def __init__(self):")
