"""Build the website: an entry page that chooses the language, and one site per language.

    python tools/build_site.py [--out DIR]

    DIR/index.html      the entry page (Русский | English), from book/index.md
    DIR/ru/...          the Russian book, interface and search in Russian
    DIR/en/...          the English book

Each language is its own Jupyter Book build (config and toc derived from the top-level
_config.yml and _toc.yml, written under _build/config/), made from the outputs stored in the
notebooks, with warnings as errors and broken references reported (-W -n --keep-going).
The default DIR is _build/html.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookconf  # noqa: E402
import webassets  # noqa: E402

ROOT = bookconf.ROOT
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def jupyter_book(source: Path, config: Path, toc: Path, output: Path, builder: str = "html") -> Path:
    """Run one fresh Jupyter Book build; return the folder of its output."""
    shutil.rmtree(output, ignore_errors=True)
    cmd = [str(JUPYTER_BOOK), "build", str(source), "--config", str(config), "--toc", str(toc),
           "--path-output", str(output), "--builder", builder, "-W", "-n", "--keep-going", "--quiet"]
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-20000:] + proc.stderr[-20000:])
        where = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
        raise SystemExit(f"error: the {builder} build of {where} failed (see the messages above)")
    return output / "_build" / builder


def build_language(lang, langs, static: list[Path], work: Path, builder: str = "html") -> Path:
    """Build one language's book; generated config and toc go to work/config/<lang>/."""
    where = work / "config" / lang.code
    config = bookconf.write_yaml(where / "_config.yml", bookconf.language_config(lang, langs, static))
    toc = bookconf.write_yaml(where / "_toc.yml", bookconf.language_toc(lang))
    return jupyter_book(lang.source, config, toc, work / f"{builder}-{lang.code}", builder)


def build_chooser(work: Path) -> Path:
    where = work / "config" / "index"
    config, toc = bookconf.chooser_config()
    config_path = bookconf.write_yaml(where / "_config.yml", config)
    toc_path = bookconf.write_yaml(where / "_toc.yml", toc)
    return jupyter_book(ROOT / "book", config_path, toc_path, work / "html-index")


def build(out: Path, work: Path = bookconf.BUILD) -> Path:
    """Build the whole site into `out`; intermediate builds go under `work`."""
    langs = bookconf.languages()
    bookconf.check_parallel(langs)
    start = time.perf_counter()
    static = webassets.static_dir()
    # The builds are separate processes: run them side by side.
    with ThreadPoolExecutor() as pool:
        jobs = {lang.code: pool.submit(build_language, lang, langs, [static], work) for lang in langs}
        chooser_job = pool.submit(build_chooser, work)
        built = {code: job.result() for code, job in jobs.items()}
        chooser = chooser_job.result()
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(chooser, out)
    for code, folder in built.items():
        shutil.move(str(folder), str(out / code))
    # GitHub Pages must serve _static/, _images/ and _sources/ as they are (no Jekyll).
    (out / ".nojekyll").touch()
    print(f"Built the entry page and {' + '.join(built)} in {time.perf_counter() - start:.1f} s.")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=bookconf.BUILD / "html", help="output folder")
    parser.add_argument("--work", type=Path, default=bookconf.BUILD,
                        help="folder for the generated configs and the per-language builds")
    args = parser.parse_args(argv)
    try:
        out = build(args.out.resolve(), args.work.resolve())
    except ValueError as exc:       # _config.yml or _toc.yml do not fit the bilingual layout
        print(f"error: {exc}", file=sys.stderr)
        return 1
    index = out / "index.html"
    try:
        shown = index.relative_to(Path.cwd())
    except ValueError:
        shown = index
    print(f"Open {shown} in a browser. Search shows its page excerpts only over http; for that, run\n"
          f"    python3 -m http.server -d {shown.parent} 8000\nand visit http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
