"""Sphinx extension for the bilingual course: the website per language and the PDFs.

Each language is built as a site of its own (_build/html/ru/, _build/html/en/) from folders
with the same file names, so the counterpart of a page is the page of the same name in the
sibling folder. This extension
- puts a link to it in the header of every page (and a rel="alternate" link in the head),
  and resolves the notebooks' own links to the other language's pages;
- keeps the site offline: no thebe script naming a CDN, a favicon of its own, and the widget
  manager's MathJax 2 calls routed to the site's MathJax 3;
- lets display formulas carry \tag, and prints hidden solution cells in the PDF;
- lays out the entry page that chooses the language.
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# Tooltip of the link, in the language of the page it is on, naming the target language.
TOOLTIPS = {
    "ru": {"en": "Эта страница на английском", "ru": "Эта страница на русском"},
    "en": {"en": "This page in English", "ru": "This page in Russian"},
}


def _configure(app, config):
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))
    if not config.html_favicon:
        # Also spares the browser a request for /favicon.ico, which the site does not have.
        config.html_favicon = str(HERE / "static" / "favicon.svg")
    options = config.html_theme_options
    # Without it the theme logs an error on a reader's first visit (no stored mode yet).
    config.html_context.setdefault("default_mode", "auto")
    # The theme's sidebar has a search field already; no second one in a top bar.
    options.setdefault("navbar_persistent", [])
    if config.course_chooser:
        # The entry page has no chapters to navigate and no text worth searching.
        options["article_header_start"] = []
        options["article_header_end"] = ["theme-switcher.html"]
        options["secondary_sidebar_items"] = []
    elif config.course_counterparts:
        options["article_header_end"] = ["course-lang-switch.html", "article-header-buttons.html"]


def _counterparts(app, pagename, templatename, context, doctree):
    links = []
    if app.builder.format == "html" and not app.config.course_chooser:
        # pagename "01_perceptron" sits at <site>/<lang>/01_perceptron.html: up one folder per
        # level of the page, then one more out of this language's folder.
        up = "../" * (pagename.count("/") + 1)
        here = app.config.language
        for code, label in app.config.course_counterparts.items():
            links.append({
                "lang": code,
                "label": label,
                "url": f"{up}{code}/{app.builder.get_target_uri(pagename)}",
                "title": TOOLTIPS.get(here, TOOLTIPS["en"]).get(code, label),
            })
        context["metatags"] = context.get("metatags", "") + "".join(
            f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{link["url"]}" />' for link in links)
    context["course_lang_links"] = links


def _drop_thebe(app, pagename, templatename, context, doctree):
    """Jupyter Book always loads sphinx-thebe, which names a CDN; the book has no live kernels."""
    def is_thebe(script):
        name = str(getattr(script, "filename", script) or "")
        body = str(getattr(script, "attributes", {}).get("body", ""))
        return "thebe" in name or "THEBE_JS_URL" in body
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not is_thebe(s)]


class CrossLanguageLinks(SphinxPostTransform):
    """Resolve Markdown links to the other language's pages, e.g. [...](../en/01_perceptron.ipynb).

    Each language is built as a book of its own, so MyST sees such a link as a reference to an
    unknown document. It is a link to the sibling site instead: the target page must exist in
    book/<other>/ (a missing one is a warning, so the build fails), and on the website the link
    points to <site>/<other>/<page>.html. The PDF keeps the link's text.
    Runs before MyST's own resolver (priority 9).
    """

    default_priority = 5

    def run(self, **kwargs):
        codes = self.config.course_counterparts
        if not codes:
            return
        src = Path(self.app.srcdir)
        suffixes = list(self.config.source_suffix)
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc":
                continue
            target = node["reftarget"]
            parts = target.split("/")
            if target in self.env.all_docs or len(parts) < 3 or parts[0] != ".." or parts[1] not in codes:
                continue
            code, page = parts[1], "/".join(parts[2:])
            if not any((src.parent / code / f"{page}{suffix}").is_file() for suffix in suffixes):
                LOGGER.warning(f"link to a page that the {code!r} book does not have: {target!r}",
                               location=node, type="course", subtype="lang_link")
                node.replace_self(node[0].deepcopy())
                continue
            if self.app.builder.format != "html":
                node.replace_self(node[0].deepcopy())
                continue
            here = node.get("refdoc", self.env.docname)
            uri = "../" * (here.count("/") + 1) + f"{code}/{self.app.builder.get_target_uri(page)}"
            if node.get("reftargetid"):
                uri += "#" + node["reftargetid"]
            link = nodes.reference("", "", internal=False, refuri=uri, classes=["course-lang-link"])
            link += node[0].deepcopy()
            node.replace_self(link)


class TaggedMath(SphinxPostTransform):
    r"""Let a display formula carry its own number: $$ ... \tag{1} $$.

    Sphinx wraps a display formula in a `split` environment (for LaTeX always, for MathJax
    when it has several lines), where amsmath forbids \tag, so both MathJax and xelatex
    fail on it. The formula is wrapped here instead, with the tag after the `split`.
    """

    default_priority = 400
    TAG = re.compile(r"\\tag\*?\{[^{}]*\}")

    def run(self, **kwargs):
        for node in self.document.findall(nodes.math_block):
            text = node.astext()
            tags = self.TAG.findall(text)
            if node.get("nowrap") or node.get("label") or len(tags) != 1:
                continue
            body = self.TAG.sub("", text).strip()
            wrapped = f"\\begin{{equation*}}\n\\begin{{split}}{body}\\end{{split}}{tags[0]}\n\\end{{equation*}}"
            node.children = [nodes.Text(wrapped)]
            node["nowrap"] = True


class PrintHiddenCells(SphinxPostTransform):
    """Keep `hide-cell` cells (worked solutions) in the PDF.

    On the website they fold behind a toggle; sphinx-jupyterbook-latex would drop them from the
    LaTeX output altogether (its transform runs at priority 400), and a printed book has no
    toggle, so there the solution is printed after its exercise.
    """

    default_priority = 390
    formats = ("latex",)

    def run(self, **kwargs):
        for node in self.document.findall(nodes.container):
            classes = node.get("classes", [])
            if "tag_hide-cell" in classes:
                node["classes"] = [c for c in classes if c != "tag_hide-cell"] + ["tag_solution-in-print"]


def setup(app):
    app.add_config_value("course_counterparts", {}, "html", types=[dict])
    app.add_config_value("course_chooser", False, "html", types=[bool])
    app.connect("config-inited", _configure)
    # Early, so that the theme sees the links when it drops templates that render empty.
    app.connect("html-page-context", _counterparts, priority=100)
    app.connect("html-page-context", _drop_thebe)
    app.add_post_transform(PrintHiddenCells)
    app.add_post_transform(CrossLanguageLinks)
    app.add_post_transform(TaggedMath)
    app.add_css_file("course-site.css")
    # Deferred after MathJax (priority 500 is MathJax's own), before widgets render on load.
    app.add_js_file("course-widgets.js", priority=510, defer="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
