"""Session fixtures for the checks of the website and the PDFs (a pytest plugin).

Test modules load it with `pytest_plugins = ["book_fixtures"]`, so the site and the PDFs are
built once per test session however many modules use them. They are built into
_build/test/ (not _build/html, which `make html` owns), where CI picks up the results.

A tool that a check needs but the machine lacks (Chromium, TeX) skips that check with the
reason and the install command; under CI (CI=true) it fails instead, so nothing is skipped
silently there.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bookconf  # noqa: E402

TEST_BUILD = ROOT / "_build" / "test"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_INSTALL = "sudo apt-get install -y chromium"


def need(ok: bool, what: str, install: str) -> None:
    """Skip (or, under CI, fail) when a tool the check needs is missing."""
    if ok:
        return
    message = f"{what} is not installed; install it with:  {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


def run_tool(script: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / script), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"tools/{script} failed:\n{proc.stdout[-8000:]}\n{proc.stderr[-8000:]}", pytrace=False)
    return proc


@pytest.fixture(scope="session")
def languages() -> list[bookconf.Language]:
    return bookconf.languages()


@pytest.fixture(scope="session")
def site(languages) -> Path:
    """The whole website, built fresh from the stored outputs with warnings as errors."""
    out = TEST_BUILD / "html"
    run_tool("build_site.py", "--out", str(out), "--work", str(TEST_BUILD))
    return out


@pytest.fixture(scope="session")
def pdfs(languages) -> dict[str, Path]:
    """Both PDFs, built fresh; the xelatex log lies next to each."""
    import build_pdf

    missing = build_pdf.missing_tex()
    need(not missing, f"TeX for the PDFs ({', '.join(missing)})", bookconf.TEX_INSTALL)
    need(shutil.which("pdftotext") is not None, "pdftotext", "sudo apt-get install -y poppler-utils")
    out = TEST_BUILD / "pdf"
    run_tool("build_pdf.py", "--out", str(out), "--work", str(TEST_BUILD))
    return {lang.code: out / f"{bookconf.PDF_NAME.format(lang=lang.code)}.pdf" for lang in languages}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The built site served over HTTP on 127.0.0.1 (search needs http, not file://)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Debian's package), driven by Playwright."""
    executable = _chromium()
    need(executable is not None, "Chromium", CHROMIUM_INSTALL)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright for Python", f"{sys.executable} -m pip install -r requirements.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        yield chromium
        chromium.close()
