"""The Russian and English editions of every page must stay in step.

Same files; for notebooks the same cells in the same order, with the same code once comments
and string literals (the only places where the languages may differ) are removed, and the
same cell tags.
"""
import io
import json
import tokenize
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
LANGS = ("ru", "en")


def pages(lang):
    return sorted(p.relative_to(BOOK / lang) for p in (BOOK / lang).rglob("*")
                  if p.suffix in {".ipynb", ".md"} and ".ipynb_checkpoints" not in p.parts)


def code_skeleton(source: str) -> list[tuple[int, str]]:
    """Tokens of the code without comments, with every string literal replaced by a marker."""
    out = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    fstring_depth = 0
    for tok in tokens:
        kind = tok.type
        if kind == tokenize.COMMENT or kind in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            continue
        name = tokenize.tok_name[kind]
        if name == "FSTRING_START":          # Python 3.12+: f-strings are split into tokens
            fstring_depth += 1
            continue
        if name == "FSTRING_END":
            fstring_depth -= 1
            out.append((tokenize.STRING, "<str>"))
            continue
        if fstring_depth:
            continue
        if kind == tokenize.STRING:
            out.append((kind, "<str>"))
        else:
            out.append((kind, tok.string))
    return out


def strip_magics(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def load_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return nb["cells"]


def test_same_pages_in_both_languages():
    assert pages("ru"), "no pages under book/ru"
    assert pages("ru") == pages("en")


NOTEBOOKS = [p for p in pages("en") if p.suffix == ".ipynb"]


@pytest.mark.parametrize("name", NOTEBOOKS, ids=str)
def test_notebooks_have_same_cells_and_code(name):
    ru, en = load_cells(BOOK / "ru" / name), load_cells(BOOK / "en" / name)
    assert [c["cell_type"] for c in ru] == [c["cell_type"] for c in en], "cell types differ"
    for i, (a, b) in enumerate(zip(ru, en)):
        tags_a = sorted(a.get("metadata", {}).get("tags", []))
        tags_b = sorted(b.get("metadata", {}).get("tags", []))
        assert tags_a == tags_b, f"cell {i}: tags differ: {tags_a} vs {tags_b}"
        if a["cell_type"] != "code":
            continue
        src_a, src_b = "".join(a["source"]), "".join(b["source"])
        assert code_skeleton(strip_magics(src_a)) == code_skeleton(strip_magics(src_b)), (
            f"cell {i}: code differs beyond comments and strings:\n--- ru\n{src_a}\n--- en\n{src_b}")


def test_skeleton_ignores_only_comments_and_strings():
    assert code_skeleton("plt.title('Вход')  # подпись\n") == code_skeleton('plt.title("Input")\n')
    assert code_skeleton("print(f'{x:.3f} с')\n") == code_skeleton("print(f'{x:.3f} s')\n")
    assert code_skeleton("y = sigmoid(x)\n") != code_skeleton("y = relu(x)\n")
    assert code_skeleton("y = f(1)\n") != code_skeleton("y = f(2)\n")
