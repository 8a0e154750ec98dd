"""The live path of `make lab` in a real browser: JupyterLab started by tools/lab.py's own code
on 127.0.0.1, over student copies in a temporary work folder, driven by headless Chromium.

Every notebook, in each language: it opens on the course's kernel under a tab name of its own;
Run All gives no error; the book renders (no raw MyST left, math typeset by KaTeX); solutions are
folded and open on a click, with their math; the check cells are collapsed; where the notebook
has a widget (each chapter has one), it shows and moving its slider redraws its figure; saving
writes the student's copy with every cell run. The Russian interface is checked once. At the end
no tracked file of the repository has changed. The time of each Run All is written to
_build/test/lab-times.txt. Needs MNIST (NNLIB_MNIST_SOURCE, as the notebooks' own checks do).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.register_assert_rewrite("book_fixtures")
from book_fixtures import ROOT, TEST_BUILD, bookconf, need  # noqa: E402

pytest_plugins = ["book_fixtures"]
pytestmark = [pytest.mark.slow, pytest.mark.browser]

sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402
import lab_metadata  # noqa: E402

LANGS = bookconf.languages()
CHAPTERS = [(lang.code, page) for lang in LANGS for page in lang.pages()
            if (lang.source / f"{page}.ipynb").is_file()]
TOKEN = "course-lab-test"
TIMES: dict[str, float] = {}
WIDGET_VIEW = bookconf.WIDGET_MIME
WIDGETS_MOVED: set[str] = set()     # chapters ("01", "02", "03") whose widget was moved


def tracked_changes() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


@pytest.fixture(scope="module")
def before() -> str:
    return tracked_changes()


@pytest.fixture(scope="module")
def server(tmp_path_factory, before):
    """JupyterLab on student copies in a temporary work folder; yields (base url, work folder)."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        need(False, "JupyterLab", f"{sys.executable} -m pip install -r requirements-lab.txt")
    need(bool(os.environ.get("NNLIB_MNIST_SOURCE")) or (Path.home() / ".cache" / "nnlib").is_dir(),
         "MNIST (set NNLIB_MNIST_SOURCE to a folder with its four .gz files)", "export NNLIB_MNIST_SOURCE=...")
    work = tmp_path_factory.mktemp("lab") / "work"
    port = _free_port()
    log = (work.parent / "jupyterlab.log").open("w")
    proc = lab.start(work, port=port, token=TOKEN, browser=False, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(f"{base}/api/status?token={TOKEN}")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (work.parent / "jupyterlab.log").read_text()[-5000:])
            time.sleep(0.5)
    yield base, work
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def open_notebook(browser, base: str, path: str, name: str):
    """A new page with the notebook open in a workspace of its own (no tabs restored)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/lab/workspaces/{name}/tree/{path}?token={TOKEN}&reset", wait_until="load")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    return context, page, errors


def session_kernel(base: str, path: str, timeout: float = 120) -> set[str]:
    """The names of the kernels the server runs for the notebook at path (waits for one to start)."""
    deadline = time.monotonic() + timeout
    while True:
        sessions = json.loads(_get(f"{base}/api/sessions?token={TOKEN}"))
        names = {s["kernel"]["name"] for s in sessions if s["path"] == path and s.get("kernel")}
        if names or time.monotonic() > deadline:
            return names
        time.sleep(0.5)


def wait_idle(page, timeout: float = 600) -> None:
    """Until the kernel has been idle for a second and no cell is queued."""
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        busy = page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook-ExecutionIndicator')]
            .some(e => e.dataset.status !== 'idle') ||
            [...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))""")
        if busy:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > 1.0:
            return
        time.sleep(0.25)
    pytest.fail("the notebook was still running after the time allowed")


def render_all(page, n_cells: int, timeout: float = 60) -> None:
    """Bring every cell into view once, so that JupyterLab renders all of them (it attaches cells
    as the notebook is scrolled and renders a cell when it first comes into view), and wait until
    all n_cells are there and every markdown cell shows MyST's rendering."""
    page.evaluate("""async ([n, timeout]) => {
        const end = Date.now() + timeout;
        let seen = 0;
        while (Date.now() < end) {
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            for (const cell of [...cells].slice(Math.max(0, seen - 1))) {
                cell.scrollIntoView();
                await new Promise(r => requestAnimationFrame(r));
            }
            seen = cells.length;
            if (seen >= n) return;
            await new Promise(r => setTimeout(r, 100));
        }
    }""", [n_cells, timeout * 1000])
    assert page.locator(".jp-Notebook .jp-Cell").count() == n_cells
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-MarkdownCell')]
        .every(c => c.querySelector('.myst'))""", timeout=timeout * 1000)
    page.wait_for_timeout(500)


def menu(page, index: int, command: str) -> None:
    """Choose a command from the menu bar (by position: the test does not depend on the UI language)."""
    page.locator(".lm-MenuBar-item").nth(index).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


FILE_MENU, RUN_MENU = 0, 3


@pytest.mark.parametrize("code,page_name", CHAPTERS, ids=[f"{c}/{p}" for c, p in CHAPTERS])
def test_notebook_in_jupyterlab(browser, server, code, page_name):
    base, work = server
    name = lab.copy_name(page_name, code)
    copy = work / code / name
    stored = json.loads((bookconf.ROOT / "book" / code / f"{page_name}.ipynb").read_text(encoding="utf-8"))
    hidden_cells = sum(lab_metadata.hidden_parts(c["metadata"].get("tags", []))[0]
                       for c in stored["cells"] if c["cell_type"] == "code")
    widgets = any(WIDGET_VIEW in o.get("data", {}) for c in stored["cells"] for o in c.get("outputs", []))
    solutions = sum("".join(c["source"]).count(":class: dropdown") for c in stored["cells"] if c["cell_type"] == "markdown")
    context, page, errors = open_notebook(browser, base, f"{code}/{name}", f"{code}-{page_name}")
    try:
        # Its own tab name, the course's kernel.
        assert page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").inner_text() == name
        kernels = session_kernel(base, f"{code}/{name}")
        assert kernels == {lab.KERNEL_NAME}

        # Run All: no error output.
        start = time.perf_counter()
        menu(page, RUN_MENU, "runmenu:run-all")
        wait_idle(page)
        TIMES[f"{code}/{page_name}"] = time.perf_counter() - start
        assert page.locator("[data-mime-type='application/vnd.jupyter.error']").count() == 0
        render_all(page, len(stored["cells"]))

        # MyST is rendered: no directive left as text, math typeset by KaTeX without an error.
        markdown = page.evaluate("() => [...document.querySelectorAll('.jp-MarkdownCell .myst')].map(e => e.innerText).join('\\n')")
        assert markdown.count("\n") > 100
        for raw in (":class: dropdown", "```{", "{admonition}", "{note}", "$$"):
            assert raw not in markdown
        assert page.locator(".jp-MarkdownCell .myst .katex").count() > 0
        assert page.locator(".jp-MarkdownCell .myst .katex-error").count() == 0

        # Solutions folded; one opens on a click and shows its text; solutions hold typeset math.
        dropdowns = page.locator(".jp-MarkdownCell .myst details.myst-admonition")
        assert dropdowns.count() == solutions > 0
        assert page.evaluate("() => [...document.querySelectorAll('.jp-MarkdownCell .myst details')].every(d => !d.open)")
        first = dropdowns.first
        first.scroll_into_view_if_needed()
        body = first.locator(":scope > :not(summary)").first
        assert not body.is_visible()
        first.locator("summary").click()
        body.wait_for(state="visible")
        assert first.evaluate("d => d.open")
        assert page.locator(".jp-MarkdownCell .myst details.myst-admonition", has=page.locator(".katex")).count() > 0

        # The check cells of the solutions are collapsed.
        assert page.locator(".jp-Cell .jp-InputPlaceholder").count() == hidden_cells

        # The widget shows; moving a slider redraws its figure.
        if widgets:
            cell = page.locator(".jp-CodeCell", has=page.locator(".jupyter-widgets .noUi-handle")).first
            cell.scroll_into_view_if_needed()
            figure = cell.locator(".jp-OutputArea img").first
            figure.wait_for(state="visible", timeout=60_000)
            old = figure.get_attribute("src")
            handle = cell.locator(".noUi-handle").first
            handle.focus()
            for _ in range(4):
                handle.press("ArrowRight")
            page.wait_for_function("([cell, old]) => { const i = cell.querySelector('.jp-OutputArea img');"
                                   " return i && i.getAttribute('src') !== old; }",
                                   arg=[cell.element_handle(), old], timeout=60_000)
            WIDGETS_MOVED.add(page_name.split("_")[0])

        # Saving writes the student's copy, with every code cell run and no error in it.
        menu(page, FILE_MENU, "docmanager:save")
        page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")
        saved = json.loads(copy.read_text(encoding="utf-8"))
        code_cells = [c for c in saved["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in code_cells)
        assert not [o for c in code_cells for o in c["outputs"] if o["output_type"] == "error"]
        assert errors == [], errors
    finally:
        context.close()


def test_interface_in_russian(browser, server):
    """With the interface language set to Russian (make lab UI=ru), JupyterLab's menus are Russian."""
    base, work = server
    lab.set_interface_language(work, "ru")
    try:
        path = f"{LANGS[0].code}/{lab.copy_name(CHAPTERS[0][1], LANGS[0].code)}"
        context, page, _ = open_notebook(browser, base, path, "russian-ui")
        labels = [page.locator(".lm-MenuBar-item").nth(i).inner_text() for i in range(3)]
        assert labels[0] == "Файл", labels
        context.close()
    finally:
        lab.set_interface_language(work, "en")


def test_zz_times_and_no_tracked_file_changed(server, before):
    """Runs after the notebooks: their times are written, and the repository is as it was."""
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    lines = [f"{name}: {seconds:.1f} s" for name, seconds in TIMES.items()]
    (TEST_BUILD / "lab-times.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\nRun All in JupyterLab: " + ", ".join(lines))
    chapters = {page.split("_")[0] for _, page in CHAPTERS}
    assert WIDGETS_MOVED == chapters, f"a widget was moved in chapters {sorted(WIDGETS_MOVED)} of {sorted(chapters)}"
    assert tracked_changes() == before
