"""The first code cell of every notebook (tools/first_cell.py): what it does where nnlib is
missing, where PyPI's unrelated nnlib is installed and where the course's is, and that the tool
puts it in place once, in the same code in both languages. The tool runs on copies here."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import first_cell  # noqa: E402
from test_parity import code_skeleton  # noqa: E402

URL = "https://github.com/example/course"
LANGS = ("ru", "en")


def run_cell(lang: str, url: str, path: list[Path], tmp_path: Path, after: str = "") -> subprocess.CompletedProcess:
    """Run the cell in a Python that sees only the standard library and `path` (no site-packages)."""
    script = tmp_path / "cell.py"
    script.write_text(first_cell.render(lang, url) + "\n" + after, encoding="utf-8")
    env = {"PYTHONPATH": ":".join(map(str, path)), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-S", str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def fake_package(where: Path, init: str) -> Path:
    (where / "nnlib").mkdir(parents=True)
    (where / "nnlib" / "__init__.py").write_text(init, encoding="utf-8")
    return where


@pytest.mark.parametrize("url", ["", URL], ids=["no-url", "url"])
def test_same_code_in_both_languages(url):
    ru, en = (first_cell.render(lang, url) for lang in LANGS)
    assert ru != en
    assert code_skeleton(ru) == code_skeleton(en)
    for source in (ru, en):
        compile(source, "<first cell>", "exec")


@pytest.mark.parametrize("lang", LANGS)
def test_without_nnlib_it_stops_with_the_install_command(lang, tmp_path):
    proc = run_cell(lang, URL, [], tmp_path)
    assert proc.returncode == 1
    message = proc.stderr
    assert "ModuleNotFoundError" in message
    assert f'%pip install "nn-course-nnlib[widgets] @ git+{URL}"' in message
    assert "NNLIB_MNIST_SOURCE" in message and "load_mnist" in message
    assert "PyPI" not in message        # nothing else named nnlib is installed


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_repository_it_explains_a_local_clone(lang, tmp_path):
    proc = run_cell(lang, "", [], tmp_path)
    assert proc.returncode == 1
    assert "git+" not in proc.stderr
    assert "make lab" in proc.stderr and "pip install -r requirements.txt -e ." in proc.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_pypi_nnlib_is_recognised(lang, tmp_path):
    # PyPI's nnlib 0.2 is a package named nnlib without the course's set_language.
    site = fake_package(tmp_path / "site", "__version__ = '0.2'\n")
    proc = run_cell(lang, URL, [site], tmp_path)
    assert proc.returncode == 1
    assert "PyPI" in proc.stderr and "%pip uninstall -y nnlib" in proc.stderr
    assert f"git+{URL}" in proc.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_with_the_course_nnlib_it_only_sets_the_language(lang, tmp_path):
    site = fake_package(tmp_path / "site", "calls = []\ndef set_language(code):\n    calls.append(code)\n")
    proc = run_cell(lang, URL, [site], tmp_path, after="import nnlib\nprint(nnlib.calls)\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"[{lang!r}]\n" and proc.stderr == ""


def copies(tmp_path: Path, name: str = "01_perceptron.ipynb") -> dict[str, Path]:
    """Copies of a book notebook in both languages, without their first cell, as before the tool ran."""
    found = {}
    for lang in LANGS:
        (tmp_path / lang).mkdir(exist_ok=True)
        found[lang] = Path(shutil.copy(ROOT / "book" / lang / name, tmp_path / lang / name))
        nb = json.loads(found[lang].read_text(encoding="utf-8"))
        nb["cells"] = [c for c in nb["cells"] if c["metadata"].get(first_cell.MARKER[0]) != first_cell.MARKER[1]]
        found[lang].write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return found


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "first_cell.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_tool_inserts_the_cell_once_before_the_first_code_cell(tmp_path):
    nbs = copies(tmp_path)
    before = {lang: cells(p) for lang, p in nbs.items()}
    assert tool("--check", *nbs.values()).returncode == 1
    assert tool(*nbs.values()).returncode == 0
    for lang, path in nbs.items():
        after = cells(path)
        first_code = next(i for i, c in enumerate(before[lang]) if c["cell_type"] == "code")
        assert len(after) == len(before[lang]) + 1
        setup = after[first_code]
        assert "".join(setup["source"]) == first_cell.render(lang, "")
        assert setup["metadata"]["tags"] == ["remove-cell"] and setup["outputs"] == []
        # Every other cell is as it was.
        assert after[:first_code] + after[first_code + 1:] == before[lang]
    # Idempotent: the check passes and a second run changes no byte.
    text = {lang: p.read_bytes() for lang, p in nbs.items()}
    assert tool("--check", *nbs.values()).returncode == 0
    assert tool(*nbs.values()).returncode == 0
    assert {lang: p.read_bytes() for lang, p in nbs.items()} == text
    # The two languages still have the same cells and code.
    for a, b in zip(cells(nbs["ru"]), cells(nbs["en"])):
        assert a["cell_type"] == b["cell_type"] and a["metadata"].get("tags") == b["metadata"].get("tags")
        if a["cell_type"] == "code":
            assert code_skeleton("".join(a["source"])) == code_skeleton("".join(b["source"]))


def test_tool_follows_the_repository_setting_and_moves_the_cell_back(tmp_path):
    nbs = copies(tmp_path)
    assert tool(*nbs.values()).returncode == 0
    config = tmp_path / "_config.yml"
    config.write_text((ROOT / "_config.yml").read_text(encoding="utf-8").replace('url: ""', f'url: "{URL}"'),
                      encoding="utf-8")
    assert tool("--check", "--config", config, nbs["en"]).returncode == 1
    assert tool("--config", config, nbs["en"]).returncode == 0
    setups = [c for c in cells(nbs["en"]) if c["metadata"].get("nn_course") == "setup"]
    assert len(setups) == 1 and "".join(setups[0]["source"]) == first_cell.render("en", URL)
    # A setup cell that was moved below other code goes back before it.
    nb = json.loads(nbs["en"].read_text(encoding="utf-8"))
    i = nb["cells"].index(next(c for c in nb["cells"] if c["metadata"].get("nn_course") == "setup"))
    nb["cells"].insert(i + 2, nb["cells"].pop(i))
    nbs["en"].write_text(json.dumps(nb), encoding="utf-8")
    assert tool("--check", "--config", config, nbs["en"]).returncode == 1
    assert tool("--config", config, nbs["en"]).returncode == 0
    after = cells(nbs["en"])
    first_code = next(c for c in after if c["cell_type"] == "code")
    assert first_code["metadata"].get("nn_course") == "setup"


def test_tool_needs_a_language_folder(tmp_path):
    path = Path(shutil.copy(ROOT / "book" / "en" / "01_perceptron.ipynb", tmp_path / "x.ipynb"))
    proc = tool(path)
    assert proc.returncode == 2 and "--lang" in proc.stderr
    assert tool("--lang", "en", path).returncode == 0


def test_book_notebooks_have_the_first_cell():
    """Every notebook of the book has the current first cell (python tools/first_cell.py puts it there)."""
    proc = tool("--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_with_the_real_nnlib_messages_follow_the_language(lang, tmp_path):
    script = tmp_path / "cell.py"
    script.write_text(first_cell.render(lang, "") + "\nfrom nnlib.i18n import get_language\nprint(get_language())\n",
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{lang}\n"
