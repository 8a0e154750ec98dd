"""The first code cell of every notebook: nnlib, or how to get it.

    python tools/first_cell.py [NOTEBOOK ...]          # insert or update the cell (default: every notebook)
    python tools/first_cell.py --check [NOTEBOOK ...]  # only report the notebooks that need it

A notebook downloaded from the website runs wherever the course's library is installed; this
cell makes it say what to do where it is not. Where nnlib is installed, the cell only sets the
language of nnlib's messages. Where it is missing, or where the unrelated PyPI project of the
same name is installed instead, it stops the notebook with the exact install command (from the
repository set in _config.yml, repository.url; while that is empty, from a local clone) and
says how MNIST is obtained. The code is the same in both languages; only its strings and
comments are in the notebook's language (book/<lang>/).

The cell carries the metadata "nn_course": "setup", by which it is found again, and the tag
remove-cell: the website and the PDF leave it out. Running the tool twice changes nothing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookconf  # noqa: E402

ROOT = bookconf.ROOT
BOOK = ROOT / "book"
DISTRIBUTION = "nn-course-nnlib"
MARKER = ("nn_course", "setup")
CELL_ID = "nn-course-setup"
TAGS = ["remove-cell"]

# The code of the cell. Each {placeholder} is one text of TEXTS, written as string literals, one
# per piece, at the placeholder's indentation, so the code is the same in every language as long
# as each text has as many pieces in every language (tests/test_first_cell.py checks it).
CODE = '''\
# {comment_1}
# {comment_2}
try:
    from nnlib import set_language
except ImportError:
    import importlib.util

    if importlib.util.find_spec("nnlib"):
        problem = (
            {wrong_package}
        )
    else:
        problem = (
            {missing}
        )
    raise ModuleNotFoundError(
        problem + "\\n"
        {install}
        {mnist}
    ) from None
set_language({lang})
'''

TEXTS = {
    "en": {
        "comment_1": "The notebook's code comes from nnlib, the course's library.",
        "comment_2": "Where it is installed, this cell only sets the language of nnlib's messages.",
        "wrong_package": ("The nnlib installed here is not the course's library: the package nnlib ",
                          "on PyPI is an unrelated project. Remove it with  %pip uninstall -y nnlib"),
        "missing": ("This notebook needs nnlib, the course's library, ",
                    "which is not installed here."),
        "install_url": ("Install it from the course's repository, in a cell of this notebook:\n",
                        '    %pip install "{distribution}[widgets] @ git+{url}"\n',
                        "then restart the kernel and run the notebook again.\n",
                        "Or clone {url} and run  make lab  in its folder.\n"),
        "install_local": ("Install it from your copy of the course's repository: in its folder run\n",
                          "    make lab\n",
                          "(JupyterLab opens with the course ready), or with this notebook's Python\n",
                          "    pip install -r requirements.txt -e .\n",
                          "then restart the kernel and run the notebook again.\n"),
        "mnist": ("MNIST (chapters 2 and 3): nnlib.datasets.load_mnist() downloads it on first use\n",
                  "(about 11 MB, checked against its published checksums, kept in ~/.cache/nnlib).\n",
                  "Without internet, set NNLIB_MNIST_SOURCE to a folder holding its four .gz files."),
    },
    "ru": {
        "comment_1": "Код блокнота берётся из nnlib — библиотеки курса.",
        "comment_2": "Если она установлена, эта ячейка только выбирает язык сообщений nnlib.",
        "wrong_package": ("Установленный здесь пакет nnlib — не библиотека курса: пакет nnlib ",
                          "на PyPI — посторонний проект. Удалите его:  %pip uninstall -y nnlib"),
        "missing": ("Для этого блокнота нужна nnlib, библиотека курса, ",
                    "а она здесь не установлена."),
        "install_url": ("Установите её из репозитория курса, в ячейке этого блокнота:\n",
                        '    %pip install "{distribution}[widgets] @ git+{url}"\n',
                        "затем перезапустите ядро и выполните блокнот заново.\n",
                        "Или клонируйте {url} и выполните  make lab  в его папке.\n"),
        "install_local": ("Установите её из своей копии репозитория курса: в его папке выполните\n",
                          "    make lab\n",
                          "(откроется JupyterLab с готовым курсом) или интерпретатором этого блокнота\n",
                          "    pip install -r requirements.txt -e .\n",
                          "затем перезапустите ядро и выполните блокнот заново.\n"),
        "mnist": ("MNIST (главы 2 и 3): nnlib.datasets.load_mnist() скачивает его при первом обращении\n",
                  "(около 11 МБ, сверяет с опубликованными контрольными суммами, хранит в ~/.cache/nnlib).\n",
                  "Без интернета укажите в NNLIB_MNIST_SOURCE папку с его четырьмя файлами .gz."),
    },
}


def literal(text: str) -> str:
    """A Python string literal of text, in double quotes unless the text has them."""
    body = text.replace("\\", "\\\\").replace("\n", "\\n")
    if '"' in text and "'" not in text:
        return f"'{body}'"
    return '"' + body.replace('"', '\\"') + '"'


def render(lang: str, url: str) -> str:
    """The source of the first cell for a notebook in `lang`, with the repository `url` ("" if none)."""
    if lang not in TEXTS:
        raise ValueError(f"no first-cell texts for language {lang!r}; there are: {', '.join(TEXTS)}")
    texts = dict(TEXTS[lang])
    texts["install"] = tuple(piece.format(distribution=DISTRIBUTION, url=url)
                             for piece in texts.pop("install_url" if url else "install_local"))
    texts.pop("install_local", None)
    lines = []
    for line in CODE.splitlines():
        rest = line.lstrip()
        indent = line[:len(line) - len(rest)]
        key = rest.strip()[1:-1] if rest.startswith("{") and rest.endswith("}") else None
        if key in texts and not isinstance(texts[key], str):
            lines += [indent + literal(piece) for piece in texts[key]]
        else:
            lines.append(line.replace("{comment_1}", texts["comment_1"])
                         .replace("{comment_2}", texts["comment_2"])
                         .replace("{lang}", literal(lang)))
    return "\n".join(lines)


def is_setup(cell) -> bool:
    return cell.get("metadata", {}).get(MARKER[0]) == MARKER[1]


def new_cell(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[MARKER[0]] = MARKER[1]
    cell.metadata["tags"] = list(TAGS)
    cell.id = CELL_ID
    return cell


def update(nb, lang: str, url: str) -> bool:
    """Put the first cell in place in nb (in place): before the first other code cell, replacing any
    earlier version of it. Returns whether anything changed."""
    source = render(lang, url)
    old = [i for i, c in enumerate(nb.cells) if is_setup(c)]
    if len(old) == 1:
        cell = nb.cells[old[0]]
        others = [c for c in nb.cells[:old[0]] if c.cell_type == "code"]
        # make notebooks runs the cell (an execution count, no output): that is the cell in place.
        if not others and cell.source == source and cell.metadata.get("tags") == TAGS and not cell.get("outputs"):
            return False
    for i in reversed(old):
        del nb.cells[i]
    where = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(where, new_cell(source))
    return True


def language_of(path: Path, langs=None) -> str:
    """The notebook's language: the name of its book/<lang>/ folder."""
    codes = {lang.code for lang in (langs or bookconf.languages())}
    lang = path.resolve().parent.name
    if lang not in codes:
        raise ValueError(f"{path}: not in a language folder ({', '.join(sorted(codes))}); use --lang")
    return lang


def notebooks() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: every one under book/)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook needs the cell")
    parser.add_argument("--lang", choices=sorted(TEXTS), help="language of the notebooks (default: their folder's)")
    parser.add_argument("--config", type=Path, default=ROOT / "_config.yml", help="where repository.url is set")
    args = parser.parse_args(argv)
    try:
        url = bookconf.repository_url(yaml.safe_load(args.config.read_text(encoding="utf-8")))
        stale = []
        for path in args.notebooks or notebooks():
            nb = nbformat.read(path, as_version=4)
            if update(nb, args.lang or language_of(path), url):
                stale.append(path)
                if not args.check:
                    nbformat.write(nb, path)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in stale:
        print(f"{'needs the first cell' if args.check else 'updated'}: {path}")
    if args.check and stale:
        print("run: python tools/first_cell.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
