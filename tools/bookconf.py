"""Derive one Jupyter Book configuration per language from the top-level book files.

_config.yml and _toc.yml stay the single source of truth. The toc has one part per language
(files under book/<lang>/), and the title in _config.yml holds one title per language,
separated by " · ", in the order of those parts (the author likewise, or one for all). For
each language this module writes a _config.yml and a _toc.yml under _build/config/<lang>/
that build book/<lang>/ as a book of its own: Sphinx `language` set (interface, dates and
search stemming in that language), the language's title, MathJax and the widget manager
served from the site, and a link on every page to the same page in the other language. When
_config.yml sets repository.url, the pages also get a repository button and, on the chapters,
launch links (Binder, Colab) to that language's notebook; while it is empty, neither.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
BUILD = ROOT / "_build"

# Interface names of the languages the book is written in.
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
TITLE_SEPARATOR = " · "
PDF_NAME = "nn-course-{lang}"

# The toggle of a hidden code cell; myst-nb has it in English only.
CODE_PROMPTS = {"ru": ("Показать код ячейки", "Скрыть код ячейки")}

# Widget outputs need a browser; in the PDF the static figure after each widget carries the idea.
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# Debian packages that the PDF build needs (xelatex, Russian hyphenation, fonts with Cyrillic,
# code symbols and the CJK characters of the author's name, latexmk and make that drive it).
TEX_PACKAGES = ("texlive-xetex", "texlive-fonts-recommended", "texlive-lang-cyrillic", "latexmk",
                "fonts-freefont-otf", "fonts-dejavu-core", "fonts-droid-fallback", "make")
TEX_INSTALL = "sudo apt-get install -y --no-install-recommends " + " ".join(TEX_PACKAGES)


@dataclass
class Language:
    code: str           # "ru"
    title: str          # the book's title in this language
    author: str         # the author line in this language
    root: str           # first page of the part, relative to book/<code>/ ("intro")
    chapters: list      # the remaining toc entries, files relative to book/<code>/

    @property
    def source(self) -> Path:
        return ROOT / "book" / self.code

    def pages(self) -> list[str]:
        """Every page of this language, in toc order, relative to book/<code>/."""
        return [self.root] + [f for entry in self.chapters for f in _files(entry)]


def _files(entry: dict) -> list[str]:
    found = [entry["file"]] if "file" in entry else []
    for child in entry.get("sections", []):
        found += _files(child)
    return found


def _strip(entry: dict, prefix: str) -> dict:
    """Copy a toc entry with its files (and its sections' files) made relative to `prefix`."""
    entry = copy.deepcopy(entry)
    if "file" in entry:
        if not entry["file"].startswith(prefix):
            raise ValueError(f"_toc.yml: {entry['file']!r} is in a part whose files are under {prefix!r}")
        entry["file"] = entry["file"][len(prefix):]
    entry["sections"] = [_strip(child, prefix) for child in entry.get("sections", [])]
    if not entry["sections"]:
        del entry["sections"]
    return entry


def load(root: Path = ROOT) -> tuple[dict, dict]:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return config, toc


def per_language(config: dict, key: str, count: int, required: bool = True) -> list[str]:
    """One value per language from a bilingual setting: "ru value · en value"."""
    values = [v.strip() for v in str(config.get(key, "")).split(TITLE_SEPARATOR)]
    if len(values) == 1 and not required:
        return values * count
    if len(values) != count:
        raise ValueError(
            f"_config.yml: the {key} must hold one value per part of _toc.yml, separated by "
            f"{TITLE_SEPARATOR!r}: found {len(values)} for {count} part(s)")
    return values


def languages(root: Path = ROOT) -> list[Language]:
    """The languages of the book, in the order of the parts of _toc.yml."""
    config, toc = load(root)
    parts = toc.get("parts", [])
    titles = per_language(config, "title", len(parts))
    authors = per_language(config, "author", len(parts), required=False)
    result = []
    for title, author, part in zip(titles, authors, parts):
        files = [f for entry in part["chapters"] for f in _files(entry)]
        codes = {f.split("/")[1] if f.startswith("book/") and f.count("/") >= 2 else None for f in files}
        if len(codes) != 1 or None in codes:
            raise ValueError(f"_toc.yml: part {part.get('caption')!r} must list files of one book/<language>/ folder")
        code = codes.pop()
        entries = [_strip(entry, f"book/{code}/") for entry in part["chapters"]]
        result.append(Language(code, title, author, entries[0]["file"], entries[1:]))
    return result


def check_parallel(langs: list[Language]) -> None:
    """The language parts must list the same files in the same order."""
    first = langs[0]
    for other in langs[1:]:
        if other.pages() != first.pages():
            raise ValueError(
                f"_toc.yml: the {first.code} and {other.code} parts differ: "
                f"{first.pages()} vs {other.pages()}")


def repository_url(config: dict) -> str:
    """The course's public repository from _config.yml (repository.url), "" while there is none."""
    url = str((config.get("repository") or {}).get("url") or "").strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    if url and not url.startswith("https://"):
        raise ValueError(f"_config.yml: repository.url must be an https:// address, not {url!r}")
    return url


def readme_repository_line(url: str) -> str:
    """The README's line about the repository (a test keeps it in step with _config.yml)."""
    if not url:
        return "Repository: not published yet; the commands run in a copy of this folder."
    return f"Repository: {url} (`git clone {url}`); the commands run in its folder."


def _repository(config: dict, path_to_book: str) -> None:
    """Repository button and launch links only when the repository is set, pointing to the files
    of the book being built (path_to_book: its folder in the repository)."""
    url = repository_url(config)
    html = config.setdefault("html", {})
    if url:
        config["repository"] = dict(config.get("repository") or {}, url=url, path_to_book=path_to_book)
        config["repository"].setdefault("branch", "main")
        return
    config.pop("repository", None)
    for key in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
        html[key] = False
    launch = config.get("launch_buttons") or {}
    config["launch_buttons"] = {k: v for k, v in launch.items() if not k.endswith("_url")}


def language_toc(lang: Language) -> dict:
    toc = {"format": "jb-book", "root": lang.root}
    if lang.chapters:
        toc["chapters"] = lang.chapters
    return toc


def language_config(lang: Language, langs: list[Language], static_dirs: list[Path],
                    root: Path = ROOT) -> dict:
    """The top-level config, specialised to one language."""
    config, _ = load(root)
    config = copy.deepcopy(config)
    config["title"] = lang.title
    config["author"] = lang.author
    _repository(config, f"book/{lang.code}")
    config.setdefault("latex", {})["latex_documents"] = {
        "targetname": PDF_NAME.format(lang=lang.code) + ".tex",
        # The title page does not wrap lines: set each part of the author on a line of its own.
        "author": lang.author.replace(", ", r" \and "),
    }

    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("local_extensions", {})["course_site"] = str(TOOLS / "site")
    extra = sphinx.setdefault("config", {})
    others = [o for o in langs if o.code != lang.code]
    extra.update({
        "language": lang.code,
        "html_search_language": lang.code,
        # Offline: MathJax and the widget manager come from the site's own _static folder.
        "html_static_path": [str(p) for p in static_dirs],
        "mathjax_path": "mathjax/tex-mml-chtml.js",
        "nb_ipywidgets_js": {"widgets/embed.js": {}},
        "html_last_updated_fmt": "%d %B %Y",
        "today_fmt": "%d %B %Y",
        "course_counterparts": {o.code: LANGUAGE_NAMES.get(o.code, o.code) for o in others},
        # LaTeX: the widget view ranks below every other output, so its text stand-in is dropped
        # and the static figure after each widget carries the idea.
        "nb_mime_priority_overrides": [["latex", WIDGET_MIME, -1], ["pdflatex", WIDGET_MIME, -1]],
        "latex_additional_files": [str(TOOLS / "latex" / name) for name in ("bbm.sty", "cjkfallback.sty")],
        "latex_elements": latex_elements(lang.title),
    })
    if lang.code in CODE_PROMPTS:
        extra["nb_code_prompt_show"], extra["nb_code_prompt_hide"] = CODE_PROMPTS[lang.code]
    return config


def chooser_config(root: Path = ROOT) -> tuple[dict, dict]:
    """Config and toc of the entry page (book/index.md), built as a book of one page."""
    config, _ = load(root)
    config = copy.deepcopy(config)
    _repository(config, "book")
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("local_extensions", {})["course_site"] = str(TOOLS / "site")
    sphinx.setdefault("config", {}).update({
        "language": "ru",
        "course_chooser": True,
        "html_sidebars": {"**": []},
        "html_last_updated_fmt": None,
    })
    config.setdefault("html", {})["use_download_button"] = False
    return config, {"format": "jb-book", "root": "index"}


def latex_elements(title: str) -> dict:
    """xelatex with fonts that cover Cyrillic. Sphinx loads polyglossia with the build's
    `language` as the main language: captions, dates and hyphenation in that language.
    title: the book's title, the running header of the introduction."""
    return {
        "fontpkg": "\n".join([
            r"\setmainfont{FreeSerif}",
            r"\setsansfont{FreeSans}",
            # Code and outputs use symbols FreeMono lacks (✓ ✗ ᵀ); DejaVu Sans Mono has them.
            r"\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase]",
            r"\newfontfamily\cyrillicfont{FreeSerif}",
            r"\newfontfamily\cyrillicfontsf{FreeSans}",
            r"\newfontfamily\cyrillicfonttt{DejaVu Sans Mono}[Scale=MatchLowercase]",
        ]),
        "preamble": "\n".join([
            r"\usepackage{cjkfallback}",
            # Chapter and section titles carry the lecture's own numbers ("Глава 2.", "1. ...").
            r"\setcounter{secnumdepth}{-1}",
            # Captions carry their chapter's number ("Figure 2.5.", «Рис. 2.5.»); LaTeX's own number
            # counts figures across the whole book, so it is left out rather than printed twice.
            r"\usepackage{caption}",
            r"\captionsetup[figure]{labelformat=empty}",
        ]),
        # The introduction follows the table of contents without a chapter of its own, so its pages
        # would keep the header "Contents"; give them the book's title instead.
        "tableofcontents": "\\sphinxtableofcontents\n\\markboth{%s}{%s}" % (_tex(title), _tex(title)),
        "papersize": "a4paper",
        "pointsize": "11pt",
        "figure_align": "H",
    }


def _tex(text: str) -> str:
    """Plain text made safe inside a LaTeX argument."""
    return "".join("\\" + c if c in "&%$#_{}" else c for c in text)


def write_yaml(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Generated from the top-level _config.yml and _toc.yml; do not edit.\n"
    path.write_text(text + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
