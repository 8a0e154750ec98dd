"""`make lab` without a browser: the student copies (tools/lab.py), JupyterLab's collapse metadata
(tools/lab_metadata.py), the server's command and environment, and the repository setting in
the README and the site's configuration."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bookconf  # noqa: E402
import lab  # noqa: E402
import lab_metadata  # noqa: E402
import numenv  # noqa: E402

LANGS = bookconf.languages()
NOTEBOOKS = [(lang.code, page) for lang in LANGS for page in lang.pages()
             if (lang.source / f"{page}.ipynb").is_file()]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture()
def work(tmp_path) -> Path:
    folder = tmp_path / "work"
    lab.prepare(folder)
    return folder


# --- lab_metadata -----------------------------------------------------------------------------

def test_tags_become_jupyterlab_collapse_metadata():
    nb = {"cells": [
        {"cell_type": "code", "metadata": {"tags": ["hide-cell"]}},
        {"cell_type": "code", "metadata": {"tags": ["hide-input"]}},
        {"cell_type": "code", "metadata": {"tags": ["hide-output", "nbval-ignore-output"]}},
        {"cell_type": "code", "metadata": {"jupyter": {"source_hidden": True, "other": 1}}},
        {"cell_type": "markdown", "metadata": {"tags": ["hide-cell"]}},
    ]}
    assert lab_metadata.collapse_hidden_cells(nb) == 3
    meta = [c["metadata"].get("jupyter") for c in nb["cells"]]
    assert meta == [{"source_hidden": True, "outputs_hidden": True}, {"source_hidden": True},
                    {"outputs_hidden": True}, {"other": 1}, None]
    again = json.loads(json.dumps(nb))
    lab_metadata.collapse_hidden_cells(again)
    assert again == nb


@pytest.mark.parametrize("code,page", NOTEBOOKS, ids=[f"{c}/{p}" for c, p in NOTEBOOKS])
def test_stored_notebooks_carry_the_collapse_metadata(code, page):
    """A notebook downloaded from the website shows its check cells collapsed in JupyterLab too
    (tools/run_notebooks.py sets the metadata when it stores the outputs)."""
    nb = load(ROOT / "book" / code / f"{page}.ipynb")
    before = json.dumps(nb, sort_keys=True)
    lab_metadata.collapse_hidden_cells(nb)
    assert json.dumps(nb, sort_keys=True) == before


# --- the student copies -----------------------------------------------------------------------

def test_every_page_is_copied_under_a_name_with_its_language(work):
    names = {}
    for code, path in lab.sources():
        copy = work / code / lab.copy_name(path.stem, code, path.suffix)
        assert copy.is_file()
        names.setdefault(copy.name, []).append(code)
    # No two open notebooks show the same tab name.
    assert all(len(codes) == 1 for codes in names.values())
    assert len(names) == len(lab.sources())


@pytest.mark.parametrize("code,page", NOTEBOOKS, ids=[f"{c}/{p}" for c, p in NOTEBOOKS])
def test_copy_is_the_notebook_for_jupyterlab(work, code, page):
    source = load(ROOT / "book" / code / f"{page}.ipynb")
    copy = load(work / code / lab.copy_name(page, code))
    assert copy["metadata"]["kernelspec"]["name"] == lab.KERNEL_NAME
    assert copy["metadata"]["nn_course"]["page"] == f"book/{code}/{page}.ipynb"
    assert len(copy["cells"]) == len(source["cells"])
    for a, b in zip(source["cells"], copy["cells"]):
        if a["cell_type"] == "code":
            assert a["source"] == b["source"] and a["outputs"] == b["outputs"]
            source_hidden, outputs_hidden = lab_metadata.hidden_parts(a["metadata"].get("tags", []))
            assert b["metadata"].get("jupyter", {}).get("source_hidden", False) == source_hidden
            assert b["metadata"].get("jupyter", {}).get("outputs_hidden", False) == outputs_hidden
    # Links between pages lead to the copies, which exist.
    text = "".join("".join(c["source"]) for c in copy["cells"] if c["cell_type"] == "markdown")
    targets = [m["page"] for m in lab.PAGE_LINK.finditer(text)]
    assert targets == [], f"links to the book's names left: {targets}"
    for link in __import__("re").findall(r"\]\(([^)#\s]+\.(?:ipynb|md))", text):
        if "://" not in link:
            assert (work / code / link).resolve().is_file(), link


def test_second_run_keeps_the_students_work_and_fresh_replaces_it(work):
    copy = work / "en" / lab.copy_name("01_perceptron", "en")
    nb = load(copy)
    nb["cells"][0]["source"] = "my notes"
    copy.write_text(json.dumps(nb), encoding="utf-8")
    report = lab.prepare(work)
    assert load(copy)["cells"][0]["source"] == "my notes"
    assert any(line.startswith("kept") and copy.name in line for line in report)

    report = lab.prepare(work, fresh=["01_perceptron"])
    fresh = load(copy)
    assert fresh["cells"][0]["source"] != "my notes"
    old = list((work / "en" / "old").glob("01_perceptron.en.*.ipynb"))
    assert len(old) == 1 and load(old[0])["cells"][0]["source"] == "my notes"
    assert any(line.startswith("fresh") and copy.name in line for line in report)
    # Only the chapter asked for was replaced.
    assert not list((work / "en" / "old").glob("02_*"))
    with pytest.raises(ValueError, match="no such page"):
        lab.prepare(work, fresh=["01_perceptrn"])


def test_a_changed_page_of_the_book_is_pointed_out(work):
    copy = work / "ru" / lab.copy_name("01_perceptron", "ru")
    nb = load(copy)
    nb["metadata"]["nn_course"]["sha256"] = "0" * 64       # as if copied from an older version
    copy.write_text(json.dumps(nb), encoding="utf-8")
    lines = [line for line in lab.prepare(work) if copy.name in line]
    assert len(lines) == 1 and "changed" in lines[0]
    assert not any("changed" in line for line in lab.prepare(work) if "02_neural" in line)


def test_work_folder_is_ignored_by_git():
    proc = subprocess.run(["git", "check-ignore", "-q", str(lab.WORK / "en" / "01_perceptron.en.ipynb")], cwd=ROOT)
    assert proc.returncode == 0


# --- the server -------------------------------------------------------------------------------

def test_command_serves_on_localhost_with_the_course_kernel(tmp_path):
    cmd = lab.command(tmp_path, port=8999, token="t", browser=False)
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in cmd and f"--ServerApp.root_dir={tmp_path}" in cmd
    assert f"--MultiKernelManager.default_kernel_name={lab.KERNEL_NAME}" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    assert "--no-browser" in cmd and "--ServerApp.port=8999" in cmd


def test_environment_is_the_books_numeric_one(tmp_path):
    base = {"PATH": "/usr/bin", "OPENBLAS_NUM_THREADS": "8", "MPLBACKEND": "Agg", "HOME": "/home/x"}
    env = lab.environment(tmp_path, base)
    expected = numenv.apply(base)
    for key, value in expected.items():
        if key != "MPLBACKEND":
            assert env[key] == value
    assert env["OPENBLAS_NUM_THREADS"] == "1"
    assert "MPLBACKEND" not in env
    assert env["JUPYTERLAB_SETTINGS_DIR"] == str(lab.settings_dir(tmp_path))


def test_interface_language_setting(tmp_path):
    path = lab.set_interface_language(tmp_path, "ru")
    assert json.loads(path.read_text()) == {"locale": "ru_RU"}
    assert path.is_relative_to(lab.settings_dir(tmp_path))
    assert json.loads(lab.set_interface_language(tmp_path, "en").read_text()) == {"locale": "en"}
    with pytest.raises(ValueError, match="interface language"):
        lab.set_interface_language(tmp_path, "de")


def test_make_lab_passes_its_options():
    proc = subprocess.run(["make", "-n", "lab", "UI=ru", "FRESH=01_perceptron"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "tools/lab.py --ui ru --fresh 01_perceptron" in proc.stdout
    assert "requirements-lab.txt" in (ROOT / "Makefile").read_text()


def test_lab_requirements_are_pinned_and_fit_together():
    lines = [line.strip() for line in (ROOT / "requirements-lab.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "-r requirements.txt"
    names = {line.split("==")[0].lower() for line in lines[1:]}
    assert names == {"jupyterlab", "jupyterlab-myst", "jupyterlab-language-pack-ru-ru"}
    assert all("==" in line for line in lines[1:])
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists() or subprocess.run([str(jupyter), "lab", "--version"], capture_output=True).returncode:
        from book_fixtures import need
        need(False, "JupyterLab", f"{sys.executable} -m pip install -r requirements-lab.txt")
    # JupyterLab's own check of an extension against the version in use.
    proc = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True)
    listing = proc.stdout + proc.stderr
    assert "jupyterlab-myst" in listing and "not compatible" not in listing, listing
    import jupyterlab
    pinned = {line.split("==")[0].lower(): line.split("==")[1] for line in lines[1:]}
    assert jupyterlab.__version__ == pinned["jupyterlab"]


# --- the repository setting -------------------------------------------------------------------

def test_readme_states_the_repository_of_the_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("Repository:")]
    assert lines == [bookconf.readme_repository_line(bookconf.repository_url(config))]


def example_root(tmp_path: Path, url: str) -> Path:
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert 'url: ""' in text
    (tmp_path / "_config.yml").write_text(text.replace('url: ""', f'url: "{url}"'), encoding="utf-8")
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_without_a_repository_no_buttons(tmp_path):
    root = example_root(tmp_path, "")
    langs = bookconf.languages(root)
    for lang in langs:
        config = bookconf.language_config(lang, langs, [], root)
        assert "repository" not in config
        assert not config["html"]["use_repository_button"]
        assert not any(k.endswith("_url") for k in config["launch_buttons"])
    chooser, _ = bookconf.chooser_config(root)
    assert "repository" not in chooser and not chooser["html"]["use_repository_button"]


def test_with_a_repository_buttons_point_to_each_languages_files(tmp_path):
    url = "https://github.com/example/course"
    root = example_root(tmp_path, url + ".git")
    langs = bookconf.languages(root)
    for lang in langs:
        config = bookconf.language_config(lang, langs, [], root)
        assert config["repository"] == {"url": url, "branch": "main", "path_to_book": f"book/{lang.code}"}
        assert config["html"]["use_repository_button"]
        assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["colab_url"]
    assert bookconf.readme_repository_line(url).startswith(f"Repository: {url} ")
    with pytest.raises(ValueError, match="https://"):
        bookconf.repository_url({"repository": {"url": "git@github.com:example/course"}})


def test_the_setup_cell_folds_its_code_but_shows_its_instructions():
    # The website removes the setup cell; JupyterLab folds its code, and an error it prints where
    # nnlib is missing (the install instructions) stays visible.
    assert lab_metadata.hidden_parts(["remove-cell"]) == (True, False)
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        setup = [c for c in load(path)["cells"] if c["metadata"].get("nn_course") == "setup"]
        assert len(setup) == 1 and setup[0]["metadata"]["jupyter"] == {"source_hidden": True}, path
