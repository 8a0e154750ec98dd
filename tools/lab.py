"""Open the course in JupyterLab, on the student's own copies of the notebooks.

    python tools/lab.py [--ui ru|en] [--fresh PAGE ...] [--work DIR] [--port N] [--no-browser]

The book's pages stay as they are in book/<lang>/; the student works on copies in
work/<lang>/ (git ignores work/), named <page>.<lang>.ipynb so that the Russian and English
notebooks of a chapter have different tab names. A copy is made once: running the command
again keeps the student's work and only adds pages that are new. `--fresh PAGE` (or
`--fresh all`) puts a new copy in place and moves the old one to work/<lang>/old/.

The copies run on the course's kernel (a kernel spec named nn-course for this Python), and
cells that the website folds (tag hide-cell) are collapsed in JupyterLab. JupyterLab serves
on 127.0.0.1 only, with its settings kept in work/.jupyter/ and the interface in the language
that --ui chooses (it stays so on the next runs). The server and the kernels it starts get the
book's numeric environment, as the stored outputs were made with it.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookconf  # noqa: E402
import lab_metadata  # noqa: E402
import numenv  # noqa: E402

ROOT = bookconf.ROOT
WORK = ROOT / "work"
KERNEL_NAME = "nn-course"
KERNEL_DISPLAY_NAME = "Python 3 (nn-course)"
# JupyterLab's names of the interface languages (the Russian one comes with its language pack).
UI_LOCALES = {"ru": "ru_RU", "en": "en"}
LOCALE_SETTING = Path("@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")
# Settings JupyterLab starts with in the course's settings folder (the student may change them):
# no asking to fetch news from the internet on the first visit.
DEFAULT_SETTINGS = {
    Path("@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"):
        {"fetchNews": "false", "checkForUpdates": False},
}
# A link in the book's markdown to one of its pages: [text](02_neural_networks.ipynb#anchor)
# or, to the other language, [text](../en/01_perceptron.ipynb).
PAGE_LINK = re.compile(r"\]\((?:\.\./(?P<lang>[a-z]{2})/)?(?P<page>[\w-]+)(?P<suffix>\.ipynb|\.md)(?P<anchor>#[^)\s]*)?\)")


def copy_name(page: str, lang: str, suffix: str = ".ipynb") -> str:
    """The file name of the student copy: 01_perceptron.ru.ipynb."""
    return f"{page}.{lang}{suffix}"


def sources(langs=None) -> list[tuple[str, Path]]:
    """(language, page file) for every page of the book, in toc order."""
    found = []
    for lang in langs or bookconf.languages():
        for page in lang.pages():
            for suffix in (".ipynb", ".md"):
                path = lang.source / f"{page}{suffix}"
                if path.is_file():
                    found.append((lang.code, path))
    return found


def relink(text: str, lang: str, pages: set[str]) -> str:
    """Point the links between the book's pages to the student copies' names."""
    def replace(match):
        page, target = match["page"], match["lang"] or lang
        if page not in pages:
            return match[0]
        folder = f"../{match['lang']}/" if match["lang"] else ""
        return f"]({folder}{copy_name(page, target, match['suffix'])}{match['anchor'] or ''})"
    return PAGE_LINK.sub(replace, text)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def student_copy(source: Path, lang: str, pages: set[str]) -> str:
    """The text of the student copy of one page of the book."""
    text = source.read_text(encoding="utf-8")
    if source.suffix != ".ipynb":
        return relink(text, lang, pages)
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = relink("".join(cell["source"]), lang, pages)
    lab_metadata.collapse_hidden_cells(nb)
    nb["metadata"]["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME,
                                    "language": "python"}
    # Which page of the book this is a copy of, and of which version of it.
    nb["metadata"]["nn_course"] = {"page": source.relative_to(ROOT).as_posix(), "sha256": digest(source)}
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def prepare(work: Path = WORK, fresh=(), langs=None) -> list[str]:
    """Make the student copies that are missing (and new ones of the pages in `fresh`, a list of
    page names or "all"); return what was done, one line per page, for the student to read."""
    found = sources(langs)
    pages = {path.stem for _, path in found}
    unknown = set(fresh) - pages - {"all"}
    if unknown:
        raise ValueError(f"no such page: {', '.join(sorted(unknown))}; the pages are: {', '.join(sorted(pages))}")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    report = []
    for lang, source in found:
        target = work / lang / copy_name(source.stem, lang, source.suffix)
        shown = target.relative_to(work.parent) if target.is_relative_to(work.parent) else target
        if target.exists() and (source.stem in fresh or "all" in fresh):
            old = target.parent / "old" / f"{target.stem}.{stamp}{target.suffix}"
            old.parent.mkdir(parents=True, exist_ok=True)
            target.rename(old)
            report.append(f"fresh copy  {shown} (your previous one is now {old.relative_to(target.parent)})")
        elif target.exists():
            note = ""
            if source.suffix == ".ipynb" and _copied_from(target) not in (None, digest(source)):
                note = "; the book's page has changed since, a fresh copy has the new version"
            report.append(f"kept        {shown} (your work{note})")
            continue
        else:
            report.append(f"new copy    {shown}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(student_copy(source, lang, pages), encoding="utf-8")
    return report


def _copied_from(target: Path) -> str | None:
    try:
        return json.loads(target.read_text(encoding="utf-8"))["metadata"]["nn_course"]["sha256"]
    except (ValueError, KeyError, TypeError):
        return None


def install_kernel() -> None:
    """The course's kernel: this Python (the project's virtual environment), under a name of its
    own, so that the notebooks run here and nowhere else."""
    from ipykernel.kernelspec import install

    install(prefix=sys.prefix, kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME)


def settings_dir(work: Path) -> Path:
    return work / ".jupyter" / "lab" / "user-settings"


def write_default_settings(work: Path) -> None:
    for name, value in DEFAULT_SETTINGS.items():
        path = settings_dir(work) / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value) + "\n", encoding="utf-8")


def set_interface_language(work: Path, ui: str) -> Path:
    """Choose JupyterLab's interface language (kept for the next runs)."""
    if ui not in UI_LOCALES:
        raise ValueError(f"interface language must be one of {', '.join(UI_LOCALES)}, not {ui!r}")
    path = settings_dir(work) / LOCALE_SETTING
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"locale": UI_LOCALES[ui]}) + "\n", encoding="utf-8")
    return path


def environment(work: Path, base: dict | None = None) -> dict:
    """The environment of the server, which its kernels inherit."""
    env = numenv.apply(dict(os.environ if base is None else base))
    # The kernel's own inline backend draws the figures; a backend set outside would hide them.
    env.pop("MPLBACKEND", None)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir(work))
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(work / ".jupyter" / "lab" / "workspaces")
    return env


def command(work: Path, port: int | None = None, token: str | None = None, browser: bool = True) -> list[str]:
    """The command that starts JupyterLab on the student copies."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={work}", "--ServerApp.ip=127.0.0.1",
           f"--MultiKernelManager.default_kernel_name={KERNEL_NAME}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")      # JupyterLab refuses to run as root without it
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if not browser:
        cmd.append("--no-browser")
    return cmd


def start(work: Path = WORK, ui: str | None = None, fresh=(), port: int | None = None,
          token: str | None = None, browser: bool = True, **popen) -> subprocess.Popen:
    """Prepare the copies, the kernel and the settings, and start JupyterLab (not waiting for it)."""
    work = work.resolve()
    for line in prepare(work, fresh):
        print(line)
    print(f"Your notebooks are in {work}; saving changes them, not the book.\n"
          "A fresh copy of a page (the old one goes to old/):  make lab FRESH=01_perceptron", flush=True)
    install_kernel()
    write_default_settings(work)
    if ui:
        set_interface_language(work, ui)
    return subprocess.Popen(command(work, port, token, browser), cwd=work, env=environment(work), **popen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ui", choices=sorted(UI_LOCALES), help="JupyterLab's interface language (kept for later runs)")
    parser.add_argument("--fresh", nargs="+", default=[], metavar="PAGE",
                        help="replace your copy of these pages (e.g. 01_perceptron, or all) by a new one")
    parser.add_argument("--work", type=Path, default=WORK, help="folder of your copies (default: work/)")
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (default: the first free one from 8888)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)
    try:
        server = start(args.work, args.ui, args.fresh, args.port, browser=not args.no_browser)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("Stop JupyterLab with Ctrl+C.", flush=True)
    # Stopped from outside, this process stops the server too.
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:      # Ctrl+C: the server got it too; make sure it ends
        server.terminate()
        server.wait()
        return 0


if __name__ == "__main__":
    sys.exit(main())
