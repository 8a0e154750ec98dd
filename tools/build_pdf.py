"""Build one PDF per language with xelatex: _build/pdf/nn-course-ru.pdf and nn-course-en.pdf.

    python tools/build_pdf.py [ru en]

Each language is a separate LaTeX build with its own derived config (language, title,
polyglossia with Russian hyphenation, FreeSerif/FreeSans and DejaVu Sans Mono, which cover
Cyrillic).
Widgets are left out in favour of the static figure that follows each of them; exercise
solutions are printed right after their exercise. The xelatex log is kept next to each PDF.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookconf  # noqa: E402
from build_site import build_language as build_book  # noqa: E402



def missing_tex() -> list[str]:
    """What the PDF build lacks on this machine (empty when it can run)."""
    missing = [tool for tool in ("xelatex", "latexmk", "make", "kpsewhich", "fc-list") if shutil.which(tool) is None]
    if not missing:
        for tex_file in ("hyph-ru.tex", "polyglossia.sty", "fontspec.sty"):
            found = subprocess.run(["kpsewhich", tex_file], capture_output=True, text=True).stdout.strip()
            if not found:
                missing.append(tex_file)
        for font in ("FreeSerif", "DejaVu Sans Mono", "Droid Sans Fallback"):
            if not subprocess.run(["fc-list", f":family={font}"], capture_output=True, text=True).stdout.strip():
                missing.append(f"the {font} font")
    return missing


def build_language(lang, langs, out: Path, work: Path = bookconf.BUILD) -> Path:
    latex = build_book(lang, langs, [], work, "pdflatex")
    latex = latex.parent / "latex"       # jupyter-book's pdflatex builder writes to _build/latex
    name = bookconf.PDF_NAME.format(lang=lang.code)
    out.mkdir(parents=True, exist_ok=True)
    for suffix in (".pdf", ".log"):
        shutil.copy2(latex / f"{name}{suffix}", out / f"{name}{suffix}")
    return out / f"{name}.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="language codes (default: all)")
    parser.add_argument("--out", type=Path, default=bookconf.BUILD / "pdf", help="output folder")
    parser.add_argument("--work", type=Path, default=bookconf.BUILD,
                        help="folder for the generated configs and the LaTeX builds")
    args = parser.parse_args(argv)

    missing = missing_tex()
    if missing:
        print(f"error: the PDF build needs TeX Live with xelatex; missing: {', '.join(missing)}.\n"
              f"Install it (Debian/Ubuntu) with:\n    {bookconf.TEX_INSTALL}", file=sys.stderr)
        return 1
    try:
        langs = bookconf.languages()
        bookconf.check_parallel(langs)
    except ValueError as exc:       # _config.yml or _toc.yml do not fit the bilingual layout
        print(f"error: {exc}", file=sys.stderr)
        return 1
    chosen = [lang for lang in langs if not args.languages or lang.code in args.languages]
    start = time.perf_counter()
    # One LaTeX build per language, side by side (separate processes).
    with ThreadPoolExecutor() as pool:
        jobs = [pool.submit(build_language, lang, langs, args.out.resolve(), args.work.resolve()) for lang in chosen]
        pdfs = [job.result() for job in jobs]
    for pdf in pdfs:
        print(pdf.relative_to(bookconf.ROOT) if pdf.is_relative_to(bookconf.ROOT) else pdf)
    print(f"Built {len(pdfs)} PDF(s) in {time.perf_counter() - start:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
