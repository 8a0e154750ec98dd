"""MathJax 3 and the Jupyter widget manager, served from the site itself so that it works offline.

Both come from the npm registry at pinned versions, checked against the registry's sha512
integrity, and are cached per user. They are fetched at build time rather than committed:
the two minified bundles and their fonts are about 5 MB of generated third-party code that
nobody reviews line by line, and the pinned version plus checksum reproduces them exactly.

    python tools/webassets.py        # fetch (if needed) and print the static folder
"""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str      # as `npm view <name>@<version> dist.integrity` prints it
    folder: str         # where its files go under the static folder

    @property
    def tarball(self) -> str:
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


MATHJAX = Package(
    "mathjax", "3.2.2",
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    "mathjax")
# The embed manager of ipywidgets 8 (widget protocol 2); it needs no require.js.
HTML_MANAGER = Package(
    "@jupyter-widgets/html-manager", "1.0.15",
    "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
    "widgets")
PACKAGES = (MATHJAX, HTML_MANAGER)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nn-course" / "npm"


def _matches(path: Path, integrity: str) -> bool:
    algo, _, expected = integrity.partition("-")
    digest = hashlib.new(algo, path.read_bytes()).digest()
    return base64.b64encode(digest).decode() == expected


def _registry() -> str:
    return (os.environ.get("NPM_CONFIG_REGISTRY") or "https://registry.npmjs.org/").rstrip("/")


def _download(pkg: Package, folder: Path) -> Path:
    """Fetch the tarball into `folder`: with `npm pack` where npm is installed (it honours the
    user's npm settings), else straight from the registry over HTTPS."""
    got = folder / pkg.tarball
    npm = shutil.which("npm")
    if npm:
        proc = subprocess.run([npm, "pack", f"{pkg.name}@{pkg.version}", "--silent"],
                              cwd=folder, capture_output=True, text=True)
        if proc.returncode != 0 or not got.exists():
            sys.exit(f"error: `npm pack {pkg.name}@{pkg.version}` failed:\n{proc.stderr.strip()}")
        return got
    url = f"{_registry()}/{pkg.name}/-/{pkg.name.split('/')[-1]}-{pkg.version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            got.write_bytes(response.read())
    except OSError as exc:
        sys.exit(f"error: could not download {url}: {exc}\n"
                 f"The website serves {pkg.name}@{pkg.version} itself so that it works offline; it is "
                 f"fetched once from the npm registry and cached in {cache_dir()}. Connect to the "
                 f"internet, or install npm (sudo apt-get install -y npm) to use your npm settings.")
    return got


def fetch(pkg: Package) -> Path:
    """The package's tarball from the per-user cache, or else from the npm registry."""
    target = cache_dir() / pkg.tarball
    if target.exists() and _matches(target, pkg.integrity):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        print(f"Fetching {pkg.name}@{pkg.version} from the npm registry ...", flush=True)
        got = _download(pkg, Path(tmp))
        if not _matches(got, pkg.integrity):
            sys.exit(f"error: {pkg.tarball} does not match its pinned sha512 checksum; not using it")
        os.replace(got, target)     # atomic: an interrupted fetch leaves no broken tarball
    return target


def _wanted(pkg: Package, name: str) -> str | None:
    """The path under the package's static folder for a tarball member, or None to skip it."""
    if pkg is MATHJAX:
        prefix = "package/es5/"
        if not name.startswith(prefix):
            return None
        rel = name[len(prefix):]
        # CommonHTML output only; the SVG output and the other combined bundles are not used.
        if "svg" in rel or ("/" not in rel and rel.endswith(".js") and rel not in ("tex-mml-chtml.js", "startup.js")):
            return None
        return rel
    prefix = "package/dist/"
    if not name.startswith(prefix) or name.endswith(".map") or "amd" in name:
        return None
    return name[len(prefix):]


def static_dir(out: Path | None = None) -> Path:
    """A folder for html_static_path holding mathjax/ and widgets/, prepared once per version."""
    out = out or ROOT / "_build" / "assets"
    stamp = out / ".versions"
    versions = " ".join(f"{p.name}@{p.version}" for p in PACKAGES)
    if stamp.exists() and stamp.read_text() == versions:
        return out
    shutil.rmtree(out, ignore_errors=True)
    for pkg in PACKAGES:
        with tarfile.open(fetch(pkg)) as tar:
            for member in tar.getmembers():
                rel = _wanted(pkg, member.name)
                if rel is None or not member.isfile():
                    continue
                dest = out / pkg.folder / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
    stamp.write_text(versions)
    return out


if __name__ == "__main__":
    print(static_dir())
