"""The files editors' repositories use: the pre-commit hook and the Actions workflow."""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys

import yaml

from generator.core.template import write_new_case_study

from .conftest import ROOT

REQUIRED_HOOK_KEYS = {"id", "name", "entry", "language"}


def _workflow() -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "publication.yml").read_text())
    # PyYAML reads the key 'on' as the boolean true (YAML 1.1); Actions reads it as 'on'.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_workflow_has_what_actions_needs() -> None:
    workflow = _workflow()
    assert workflow["name"]
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    jobs = workflow["jobs"]
    assert set(jobs) == {"validate", "build", "deploy"}
    for job in jobs.values():
        assert job["runs-on"] == "ubuntu-latest"
        assert job["steps"], "a job needs steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
    runs = " ".join(s.get("run", "") for s in jobs["validate"]["steps"])
    assert "publication validate --format github" in runs
    assert jobs["build"]["needs"] == "validate"
    assert any("upload-pages-artifact" in s.get("uses", "") for s in jobs["build"]["steps"])
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"


def test_pre_commit_hook_definitions() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list) and hooks
    for hook in hooks:
        assert set(hook) >= REQUIRED_HOOK_KEYS
        assert hook["entry"].startswith("publication validate")
        assert hook["pass_filenames"] is False  # cross-file rules need every file
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = config["repos"][0]["hooks"][0]
    assert local["id"] == hooks[0]["id"]


def test_hook_entry_fails_on_an_invalid_case_study(make_project) -> None:
    """The hook's command, run as pre-commit would, stops a commit with a bad file."""
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    root = make_project({"casestudies/bad.md": "---\ntitle: too short\n---\n"})
    command = shlex.split(hook["entry"])
    assert command[0] == "publication"
    args = [sys.executable, "-m", "generator", *command[1:]]
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "casestudies/bad.md:" in result.stdout
    good = make_project({})
    (good / "casestudies" / "bad.md").unlink()
    result = subprocess.run(args, cwd=good, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_hook_lets_a_fresh_draft_through_and_stops_it_published(make_project) -> None:
    """An editor runs ``publication new`` and commits: the hook shows the template's
    example texts as warnings and lets the draft through; published as it is, the
    same file is stopped."""
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    args = [sys.executable, "-m", "generator", *shlex.split(hook["entry"])[1:]]
    root = make_project({})
    path = write_new_case_study(root, "Example Surgery", today=dt.date(2014, 4, 12))
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "casestudies/example-surgery.md:8:9: warning: 'Town' is the template's" in result.stdout
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: published")
    path.write_text(text.replace("consent: false", "consent: true"), encoding="utf-8")
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "casestudies/example-surgery.md:8:9: error: 'Town' is the template's" in result.stdout
