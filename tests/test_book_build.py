"""The book builds to HTML with warnings as errors, in both languages, with every toc page."""
from __future__ import annotations

import json
import re

import pytest

pytest.register_assert_rewrite("book_fixtures")
from book_fixtures import bookconf  # noqa: E402

pytest_plugins = ["book_fixtures"]


def test_toc_lists_the_same_pages_in_every_language(languages):
    codes = [lang.code for lang in languages]
    assert sorted(codes) == ["en", "ru"]
    bookconf.check_parallel(languages)
    for lang in languages:
        for page in lang.pages():
            assert any((lang.source / f"{page}{suffix}").is_file() for suffix in (".md", ".ipynb")), \
                f"_toc.yml lists {lang.code}/{page}, which has no source file"


def test_each_language_gets_its_own_config(languages, tmp_path):
    titles = {lang.code: lang.title for lang in languages}
    assert titles["ru"] != titles["en"]
    assert re.search("[а-я]", titles["ru"]) and not re.search("[а-я]", titles["en"])
    english_author = next(lang.author for lang in languages if lang.code == "en")
    assert not re.search("[а-яА-Я]", english_author)
    for lang in languages:
        config = bookconf.language_config(lang, languages, [tmp_path])
        extra = config["sphinx"]["config"]
        assert config["title"] == lang.title
        assert config["author"] == lang.author
        assert extra["language"] == lang.code
        assert extra["mathjax_path"].startswith("mathjax/")       # served from the site
        assert list(extra["nb_ipywidgets_js"]) == ["widgets/embed.js"]
        assert set(extra["course_counterparts"]) == {o.code for o in languages} - {lang.code}
        assert config["execute"]["execute_notebooks"] == "off"


@pytest.mark.slow
def test_site_builds_with_every_page_in_both_languages(site, languages):
    index = (site / "index.html").read_text(encoding="utf-8")
    for lang in languages:
        assert f'href="{lang.code}/intro.html"' in index or f'href="{lang.code}/{lang.root}.html"' in index
        for page in lang.pages():
            html = site / lang.code / f"{page}.html"
            assert html.is_file(), f"{lang.code}/{page}.html was not built"
            text = html.read_text(encoding="utf-8")
            assert f'<html lang="{lang.code}"' in text
            assert f"<title>" in text and lang.title in text
        assert (site / lang.code / "searchindex.js").is_file()
        # Offline: MathJax and the widget manager are part of the site.
        assert (site / lang.code / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
        assert (site / lang.code / "_static" / "widgets" / "embed.js").is_file()


@pytest.mark.slow
def test_notebooks_are_offered_for_download(site, languages):
    for lang in languages:
        for page in lang.pages():
            source = next(p for p in (lang.source / f"{page}.ipynb", lang.source / f"{page}.md") if p.is_file())
            copy = site / lang.code / "_sources" / source.name
            assert copy.is_file(), f"no download of {lang.code}/{source.name}"
            if source.suffix == ".ipynb":
                assert json.loads(copy.read_text(encoding="utf-8"))["cells"]


@pytest.mark.slow
def test_a_broken_internal_link_fails_the_build(tmp_path):
    """The build runs with -W -n: a link to a page that does not exist is an error."""
    from build_site import jupyter_book

    book = tmp_path / "book"
    book.mkdir()
    (book / "intro.md").write_text("# Intro\n\nSee [the next page](missing_page.md).\n", encoding="utf-8")
    config = bookconf.write_yaml(tmp_path / "_config.yml", {"title": "t", "execute": {"execute_notebooks": "off"}})
    toc = bookconf.write_yaml(tmp_path / "_toc.yml", {"format": "jb-book", "root": "intro"})
    with pytest.raises(SystemExit, match="failed"):
        jupyter_book(book, config, toc, tmp_path / "out")


def test_ci_installs_what_the_checks_need():
    """.ci/run installs every Debian package that the PDF and browser checks ask for."""
    script = (bookconf.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in bookconf.TEX_PACKAGES + ("chromium", "poppler-utils"):
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", script), f".ci/run does not install {package}"
    assert "make test" in script


def test_pdf_build_without_tex_names_the_packages_to_install(monkeypatch, capsys):
    import build_pdf

    monkeypatch.setattr(build_pdf.shutil, "which", lambda name: None)
    assert build_pdf.main([]) == 1
    message = capsys.readouterr().err
    assert "xelatex" in message
    assert bookconf.TEX_INSTALL in message
    assert bookconf.TEX_INSTALL.startswith("sudo apt-get install -y ")
