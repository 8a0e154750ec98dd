"""The source of a function or class as the book prints it: the code, without its docstrings.

The docstrings are the library's English reference; on the page the prose around a listing says
the same in the reader's language.

    from nnlib.listing import show_source
    show_source(Affine)
"""
from __future__ import annotations

import ast
import inspect
import textwrap

__all__ = ["source", "show_source"]


def source(obj) -> str:
    """inspect.getsource(obj), dedented, with the docstring of every function and class removed."""
    text = textwrap.dedent(inspect.getsource(obj))
    lines = text.splitlines(keepends=True)
    drop = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                drop.update(range(first.lineno - 1, first.end_lineno))
                # a blank line that followed the docstring would open the body with a gap
                if first.end_lineno < len(lines) and not lines[first.end_lineno].strip():
                    drop.add(first.end_lineno)
    return "".join(line for number, line in enumerate(lines) if number not in drop)


def show_source(obj) -> None:
    """Print source(obj)."""
    print(source(obj))
