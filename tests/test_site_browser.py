"""The built website in a real browser (headless Chromium), every page of both languages.

For each page: it loads with no console error; MathJax typesets every formula and leaves no
raw TeX behind; every image loads; stored widgets render; solutions unfold; the language
link leads to the same page in the other language; and no request leaves the site.
Search is checked in both languages, and a few screenshots go to _build/screenshots/.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

pytest.register_assert_rewrite("book_fixtures")
from book_fixtures import SCREENSHOTS, bookconf  # noqa: E402

pytest_plugins = ["book_fixtures"]
pytestmark = [pytest.mark.slow, pytest.mark.browser]

LANGS = bookconf.languages()
PAGES = [(lang.code, page) for lang in LANGS for page in lang.pages()]
SEARCH_LABEL = {"ru": "Поиск", "en": "Search"}
OTHER = {lang.code: [o.code for o in LANGS if o.code != lang.code][0] for lang in LANGS}

# Visible text that would mean a formula was left untypeset (code and typeset math excluded).
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\$[^$\n]*[\\^_{}][^$\n]*\$")
VISIBLE_PROSE = """() => {
    const article = document.querySelector("article.bd-article").cloneNode(true);
    article.querySelectorAll("pre, code, mjx-container, script, style, textarea, .cell_input")
        .forEach(e => e.remove());
    return article.textContent;
}"""


class Visit:
    """One page in a fresh browser context that records requests and console errors."""

    def __init__(self, browser, base_url: str, dark: bool = False):
        self.base = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           color_scheme="dark" if dark else "light")
        self.requests: list[str] = []
        self.errors: list[str] = []
        # Record every request; abort any that would leave the site, so the check never
        # depends on (or reaches) the internet.
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # A request cut short by leaving the page (net::ERR_ABORTED) is no error of the site.
        self.page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                     and self.errors.append(f"request failed ({r.failure}): {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).scheme in ("http", "https") and not url.startswith(self.base):
            route.abort()
        else:
            route.continue_()

    def open(self, path: str):
        self.page.goto(urljoin(self.base, path), wait_until="load")
        if self.page.locator(".math").count():
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise.then(() => true)")
        return self.page

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about") and not u.startswith(self.base)]

    def close(self):
        self.context.close()


@pytest.fixture()
def visit(browser, site_url):
    visits = []

    def make(dark: bool = False) -> Visit:
        visits.append(Visit(browser, site_url, dark))
        return visits[-1]

    yield make
    for v in visits:
        v.close()


def _images_loaded(page) -> list[str]:
    """The sources of images that did not load (lazy images are asked to load first)."""
    return page.evaluate("""async () => {
        const imgs = [...document.querySelectorAll("article img")];
        imgs.forEach(i => { i.loading = "eager"; });
        await Promise.all(imgs.map(i => i.complete ? null :
            new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r); })));
        return imgs.filter(i => !(i.naturalWidth > 0)).map(i => i.getAttribute("src"));
    }""")


@pytest.mark.parametrize("code,page", PAGES, ids=[f"{c}/{p}" for c, p in PAGES])
def test_page(visit, site_url, code, page):
    v = visit()
    p = v.open(f"{code}/{page}.html")
    assert p.evaluate("document.documentElement.lang") == code
    # The theme speaks the page's language (its own translation of "Search").
    search_text = p.locator(".bd-sidebar-primary .search-button__default-text").first.inner_text()
    assert search_text.strip() == SEARCH_LABEL[code]

    # Formulas: each one typeset by MathJax, none with an error, no raw TeX left in the prose.
    math = p.locator("article .math")
    untypeset = p.evaluate("""() => [...document.querySelectorAll("article .math")]
        .filter(m => !m.querySelector("mjx-container")).map(m => m.textContent.slice(0, 80))""")
    assert untypeset == [], f"formulas not typeset: {untypeset[:5]}"
    failed = p.evaluate("""() => [...document.querySelectorAll("mjx-merror")].map(e =>
        (e.getAttribute("data-mjx-error") || e.textContent) + " in: " +
        (e.closest(".math") || e.parentElement).getAttribute("data-course-tex"))""")
    assert failed == [], f"MathJax could not typeset: {failed[:5]}"
    leftover = RAW_TEX.findall(p.evaluate(VISIBLE_PROSE))
    assert leftover == [], f"raw TeX in the page: {leftover[:5]}"
    if math.count():
        assert p.locator("article mjx-container").count() >= math.count()

    # Images: every figure loads.
    assert _images_loaded(p) == []

    # Every code listing and every stored figure of the notebook is on the page.
    notebook = next(lang for lang in LANGS if lang.code == code).source / f"{page}.ipynb"
    if notebook.is_file():
        cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        shown = [c for c in cells if not {"remove-cell", "remove-input", "remove_cell", "remove_input"}
                 & set(c.get("metadata", {}).get("tags", []))]
        assert p.locator("article .cell .cell_input").count() == len(shown)
        figures = sum("image/png" in out.get("data", {}) for c in shown for out in c.get("outputs", []))
        # (A rendered widget may hold images of its own, from its stored state.)
        assert p.evaluate("""() => [...document.querySelectorAll("article .cell_output img")]
            .filter(i => !i.closest(".widget-subarea")).length""") == figures

    # Widgets: every stored widget view is rendered from its saved state.
    views = p.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        p.wait_for_selector(".cell_output .jupyter-widgets", state="attached")
        rendered = p.locator(".cell_output .widget-subarea > .jupyter-widgets").count()
        assert rendered >= views, f"{rendered} of {views} widgets rendered"

    # Solutions: hidden at first, shown after a click.
    dropdowns = p.locator("article .admonition.dropdown")
    if dropdowns.count():
        first = dropdowns.first
        body = first.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible()
        first.locator("button.toggle-button").click()
        body.wait_for(state="visible")
    hidden_cells = p.locator("article details.hide")
    if hidden_cells.count():
        cell = hidden_cells.first
        cell.locator("summary").click()
        cell.locator(".cell_input").wait_for(state="visible")

    # Download of the page's source (.ipynb for notebooks).
    downloads = p.locator(".dropdown-download-buttons a")
    hrefs = [downloads.nth(i).get_attribute("href") for i in range(downloads.count())]
    assert any(h.split("?")[0].endswith((".ipynb", ".md")) for h in hrefs), hrefs
    for href in hrefs:
        assert p.request.get(urljoin(p.url, href)).ok, href

    if page == next(lang for lang in LANGS if lang.code == code).pages()[1]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        p.evaluate("window.scrollTo(0, 0)")
        p.screenshot(path=str(SCREENSHOTS / f"{code}-{page}.png"))

    # The language link leads to this page in the other language, which links back here.
    other = OTHER[code]
    link = p.locator(f"a.course-lang-switch[hreflang='{other}']")
    assert link.count() == 1
    link.click()
    p.wait_for_load_state("load")
    assert p.url == urljoin(site_url, f"{other}/{page}.html")
    assert p.evaluate("document.documentElement.lang") == other
    back = p.locator(f"a.course-lang-switch[hreflang='{code}']").get_attribute("href")
    assert urljoin(p.url, back) == urljoin(site_url, f"{code}/{page}.html")

    assert v.errors == [], "\n".join(v.errors)
    assert v.outside_requests() == [], "requests that leave the site"


def test_entry_page_leads_to_both_languages(visit, site_url):
    v = visit()
    p = v.open("index.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SCREENSHOTS / "index.png"))
    for lang in LANGS:
        p.goto(urljoin(site_url, "index.html"))
        # The card is one big link (its anchor is stretched over it and has no visible text).
        p.locator(".sd-card", has=p.locator(f"a[href='{lang.code}/{lang.root}.html']")).click()
        p.wait_for_load_state("load")
        assert p.url == urljoin(site_url, f"{lang.code}/{lang.root}.html")
        assert p.evaluate("document.documentElement.lang") == lang.code
    assert v.errors == [], "\n".join(v.errors)
    assert v.outside_requests() == []


def _search(v: Visit, code: str, query: str) -> list[str]:
    p = v.open(f"{code}/search.html?q={query}")
    p.wait_for_selector("#search-results .search-summary", state="attached", timeout=30_000)
    links = p.locator("#search-results ul.search li a")
    return [urlsplit(urljoin(p.url, links.nth(i).get_attribute("href"))).path for i in range(links.count())]


def _pages_containing(code: str, stem: str) -> set[str]:
    """Pages whose source mentions the stem: the independent truth for the search check."""
    lang = next(lang for lang in LANGS if lang.code == code)
    found = set()
    for page in lang.pages():
        for suffix in (".ipynb", ".md"):
            source = lang.source / f"{page}{suffix}"
            if source.is_file() and stem in source.read_text(encoding="utf-8").lower():
                found.add(f"/{code}/{page}.html")
    return found


@pytest.mark.parametrize("code,query,stem,shot", [
    ("ru", "сигмоиду", "сигмоид", "sigmoid"),        # accusative: found through Russian stemming
    ("ru", "градиентного", "градиент", "gradient"),  # genitive
    ("en", "sigmoid", "sigmoid", "sigmoid"),
    ("en", "backpropagation", "backpropagation", "backpropagation"),
])
def test_search_finds_word_forms(visit, code, query, stem, shot):
    expected = _pages_containing(code, stem)
    assert expected, f"no {code} page mentions {stem!r}; choose another search term"
    v = visit()
    found = _search(v, code, query)
    assert expected & set(found), f"search for {query!r} found {found}, expected one of {sorted(expected)}"
    # Pages with other forms of the word only are found through stemming in this language.
    other_forms = expected - _pages_containing(code, query.lower())
    if other_forms:
        assert other_forms & set(found), f"search for {query!r} missed {sorted(other_forms)}: no stemming?"
    assert all(path.startswith(f"/{code}/") for path in found)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(SCREENSHOTS / f"search-{code}-{shot}.png"))
    assert v.errors == [], "\n".join(v.errors)
    assert v.outside_requests() == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_and_dark_mode(visit, dark):
    """The theme switch turns the page dark; screenshots of a chapter in both modes."""
    code, page = PAGES[len(PAGES) // 4]
    v = visit(dark=dark)
    p = v.open(f"{code}/{page}.html")
    mode = p.evaluate("document.documentElement.dataset.theme")
    assert mode == ("dark" if dark else "light")
    background = p.evaluate("getComputedStyle(document.body).backgroundColor")
    rgb = [int(c) for c in re.findall(r"\d+", background)[:3]]
    luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
    assert (luminance < 0.3) if dark else (luminance > 0.7), background
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SCREENSHOTS / f"{code}-{page}-{'dark' if dark else 'light'}.png"))
    # The switch button cycles the mode; the page follows it.
    p.locator(".theme-switch-button").first.click()
    assert p.evaluate("document.documentElement.dataset.theme") in ("light", "dark")
    assert v.errors == [], "\n".join(v.errors)


# Accessibility: axe-core's WCAG 2 level A and AA rules over every page of both languages.
# axe-core comes from the npm registry, pinned and checksummed like MathJax (tools/webassets.py).
AXE_TAGS = ["wcag2a", "wcag2aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    import tarfile

    import webassets
    axe = webassets.Package(
        "axe-core", "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        "axe")
    with tarfile.open(webassets.fetch(axe)) as tar:
        return tar.extractfile("package/axe.min.js").read().decode("utf-8")


def _axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""", AXE_TAGS)


@pytest.mark.parametrize("code,page", PAGES, ids=[f"{c}/{p}" for c, p in PAGES])
def test_page_accessibility(visit, axe_source, code, page):
    """No violation of a WCAG 2 A or AA rule: named sliders, images with real alt text, contrast."""
    v = visit()
    p = v.open(f"{code}/{page}.html")
    if p.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        p.wait_for_selector(".cell_output .widget-subarea > .jupyter-widgets", state="attached")
    violations = _axe_violations(p, axe_source)
    report = "\n".join(f"{x['id']} ({x['impact']}, {x['count']} nodes): {x['help']} — e.g. {x['nodes']}"
                       for x in violations)
    assert violations == [], f"{sum(x['count'] for x in violations)} accessibility violations:\n{report}"
