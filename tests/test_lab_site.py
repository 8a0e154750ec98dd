"""The website's repository button and launch links, built from one language's real pages with
the repository setting empty (as committed) and set to an example address. No cloud is
reachable here, so the links' form is checked: Binder opens the chapter's notebook of that
language in JupyterLab, Colab opens it from GitHub, and the button leads to the repository."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bookconf  # noqa: E402
import build_site  # noqa: E402
import webassets  # noqa: E402

pytestmark = [pytest.mark.slow]

URL = "https://github.com/example/course"
HREF = re.compile(r'href="(https://[^"]+)"')


def build(tmp_path: Path, url: str, code: str = "en") -> Path:
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert 'url: ""' in text
    (tmp_path / "_config.yml").write_text(text.replace('url: ""', f'url: "{url}"'), encoding="utf-8")
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8")
    langs = bookconf.languages(tmp_path)
    lang = next(lang for lang in langs if lang.code == code)
    config = bookconf.write_yaml(tmp_path / "config" / "_config.yml",
                                 bookconf.language_config(lang, langs, [webassets.static_dir()], tmp_path))
    toc = bookconf.write_yaml(tmp_path / "config" / "_toc.yml", bookconf.language_toc(lang))
    return build_site.jupyter_book(lang.source, config, toc, tmp_path / "html")


def outside_links(html: Path, page: str) -> set[str]:
    """Links of the page's header (buttons), outside the article's own text."""
    text = (html / f"{page}.html").read_text(encoding="utf-8")
    header = text.split('<article', 1)[0]
    return set(HREF.findall(header))


@pytest.mark.parametrize("code", ["en", "ru"])
def test_launch_links_with_a_repository(tmp_path, code):
    html = build(tmp_path, URL, code)
    lang = next(lang for lang in bookconf.languages() if lang.code == code)
    for page in lang.pages():
        links = outside_links(html, page)
        assert URL in links, page
        is_notebook = (lang.source / f"{page}.ipynb").is_file()
        binder = f"https://mybinder.org/v2/gh/example/course/main?urlpath=lab/tree/book/{code}/{page}.ipynb"
        colab = f"https://colab.research.google.com/github/example/course/blob/main/book/{code}/{page}.ipynb"
        assert (binder in links) == is_notebook, (page, links)
        assert (colab in links) == is_notebook, (page, links)
        assert not [u for u in links if ("mybinder" in u or "colab" in u) and u not in (binder, colab)]


def test_no_repository_no_buttons(tmp_path):
    html = build(tmp_path, "")
    for page in bookconf.languages()[1].pages():
        links = outside_links(html, page)
        assert not [u for u in links if "github" in u or "mybinder" in u or "colab" in u], (page, links)
