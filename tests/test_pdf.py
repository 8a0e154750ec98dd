"""Both PDFs: built with xelatex, every chapter in its language, figures, no missing glyphs."""
from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest

pytest.register_assert_rewrite("book_fixtures")
from book_fixtures import bookconf  # noqa: E402

pytest_plugins = ["book_fixtures"]
pytestmark = [pytest.mark.slow, pytest.mark.pdf]

LANGS = bookconf.languages()
CODES = [lang.code for lang in LANGS]
SOLUTION = {"ru": "Решение", "en": "Solution"}
CONTENTS = {"ru": "Оглавление", "en": "Contents"}


def _lang(code: str) -> bookconf.Language:
    return next(lang for lang in LANGS if lang.code == code)


def _sources(code: str):
    lang = _lang(code)
    for page in lang.pages():
        for suffix in (".ipynb", ".md"):
            path = lang.source / f"{page}{suffix}"
            if path.is_file():
                yield path


def _markdown(path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def _title(path) -> str:
    """The page's H1 as plain text."""
    for line in _markdown(path).splitlines():
        if line.startswith("# "):
            return re.sub(r"[*_`]", "", line[2:]).strip()
    raise AssertionError(f"{path.name} has no H1 title")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("code", CODES)
def test_pdf_has_every_chapter_title_in_its_language(pdfs, code):
    pdf = pdfs[code]
    assert pdf.is_file() and pdf.stat().st_size > 100_000
    raw = _text(pdf)
    text, unhyphenated = _normal(raw), _normal(re.sub(r"-\n", "", raw))
    for source in _sources(code):
        title = _normal(_title(source))
        assert title in text or title in unhyphenated, f"{code} PDF lacks the title {title!r} of {source.name}"
    assert CONTENTS[code].lower() in text.lower()       # the chapter style may set it in capitals
    title_page = _normal(subprocess.run(["pdftotext", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
                                        capture_output=True, text=True, check=True).stdout)
    for part in _lang(code).author.split(", "):
        assert _normal(part) in title_page, f"the title page lacks {part!r} of the author line"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Title:\s+{re.escape(_lang(code).title)}\s*$", info, re.M), info


@pytest.mark.parametrize("code", CODES)
def test_pdf_has_no_missing_glyphs_and_hyphenates_its_language(pdfs, code):
    log = pdfs[code].with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    missing = re.findall(r"Missing character: There is no (.+?) in font", log)
    assert missing == [], f"xelatex had no glyph for: {sorted(set(missing))}"
    assert "No hyphenation patterns were loaded" not in log
    if code == "ru":
        assert "gloss-russian.ldf" in log       # polyglossia set up Russian (captions, hyphenation)


@pytest.mark.parametrize("code", CODES)
def test_pdf_shows_figures_and_solutions_but_no_widget_stand_ins(pdfs, code):
    text = _normal(_text(pdfs[code]))
    # A widget's text stand-in reads "interactive(children=(FloatSlider(...".
    assert not re.search(r"\b\w+\(children=", text), \
        "a widget printed as text: widgets must give way to their static figures"

    # Every solution of the notebooks is printed, after its exercise.
    solutions = sum(len(re.findall(r"```\{admonition\}\s*" + SOLUTION[code], _markdown(s))) for s in _sources(code))
    assert text.count(SOLUTION[code]) >= solutions

    # Every figure a notebook shows (a stored PNG output) is in the PDF.
    figures = 0
    for source in _sources(code):
        if source.suffix == ".ipynb":
            cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
            figures += sum("image/png" in out.get("data", {})
                           for c in cells if c["cell_type"] == "code" for out in c.get("outputs", []))
    listing = subprocess.run(["pdfimages", "-list", str(pdfs[code])], capture_output=True, text=True, check=True)
    images = sum(1 for line in listing.stdout.splitlines()[2:] if line.split()[2] == "image")
    assert images >= figures, f"{images} images in the PDF, {figures} figures in the notebooks"


@pytest.mark.parametrize("code", CODES)
def test_pdf_running_heads_name_contents_only_on_the_contents(pdfs, code):
    """The introduction follows the table of contents without a chapter of its own: its pages must
    not inherit "Contents" as the running head (set in the header or the footer line)."""
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdfs[code]), "-"],
                            capture_output=True, text=True, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in layout.split("\f")]
    contents = CONTENTS[code].lower()
    wrong = [number for number, lines in enumerate(pages, start=1)
             if lines and not any(re.search(r"(\. ){5}", line) for line in lines)   # not a page of the contents
             and any(contents in line.lower() for line in (lines[0], lines[-1]))]
    assert wrong == [], f"pages {wrong} carry {CONTENTS[code]!r} as their running head"


FIGURE = {"ru": "Рис.", "en": "Figure"}


@pytest.mark.parametrize("code", CODES)
def test_pdf_numbers_each_figure_once_by_its_chapter(pdfs, code):
    text = _normal(_text(pdfs[code]))
    captions = re.findall(re.escape(FIGURE[code]) + r" (\d+)\.(\d+)\.", text)
    assert len(captions) >= 30, f"only {len(captions)} chapter-numbered captions"
    # LaTeX's own book-wide number ("Fig. 27:", "Рис. 27:") would stand before each caption.
    assert not re.search(r"\b(Fig\.|Figure|Рис\.|Рисунок) \d+:", text)
