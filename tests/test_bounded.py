"""Bounded: huge, deep or pathological input ends in a clear error or a normal result.

Each input is checked in a child process with a generous time limit, so a
regression that makes the converter hang fails the test instead of hanging
the suite. The limit guards against a hang; it is not a speed target.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

VALID_FRONT = """---
title: A case study that tests the limits of the reader
practice:
  name: Limit Surgery
  town: Edgeton
  nation: Wales
themes: [telephony]
summary: A front matter that passes, so that only the story is in question.
submitted: 2014-04-12
status: published
consent: true
---

"""

PATHOLOGICAL_BODIES = {
    "nested-lists": "\n".join("  " * i + "- item" for i in range(300)),
    "nested-quotes": ">" * 5000 + " deep",
    "emphasis-run": "*" * 20000 + "x" + "*" * 20000,
    "bracket-storm": "[" * 20000 + "x" + "](y)" * 100,
    "code-span-storm": "`a` " * 20000,
}
HANG_GUARD_SECONDS = 120


def _validate(root: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_BODIES))
def test_pathological_markdown_is_refused_clearly(name: str, make_project) -> None:
    body = PATHOLOGICAL_BODIES[name] + "\n\n" + "A sentence of the story. " * 20
    root = make_project({"casestudies/limits.md": VALID_FRONT + body})
    report = _validate(root)
    rules = {p["rule"] for p in report["problems"]}
    assert rules == {"markdown-too-complex"}, report["problems"]
    problem = report["problems"][0]
    assert problem["path"] == "casestudies/limits.md"
    assert problem["line"] >= 13  # in the story (line 13 on), not the front matter
    assert "cannot be read safely" in problem["message"]


def test_one_megabyte_of_story_builds_or_is_refused(make_project) -> None:
    """A file just under 1 MB of ordinary prose is read normally; one over is refused."""
    paragraph = "We changed how patients reach us, and the queue fell by half. " * 12
    body = "## What we did\n\n"
    while len((VALID_FRONT + body).encode()) < 990_000:
        body += paragraph + "\n\n"
    root = make_project({"casestudies/long.md": VALID_FRONT + body})
    assert _validate(root)["valid"] is True
    (root / "casestudies" / "long.md").write_text(VALID_FRONT + body + paragraph * 30)
    report = _validate(root)
    assert [p["rule"] for p in report["problems"]] == ["file-too-large"]


def test_deep_and_huge_yaml_values(make_project) -> None:
    deep = VALID_FRONT.replace(
        "consent: true\n", "consent: true\nextra: " + "[" * 3000 + "]" * 3000 + "\n"
    )
    nested = VALID_FRONT.replace(
        "consent: true\n",
        "consent: true\nnest:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(400)),
    )
    huge = VALID_FRONT.replace(
        "consent: true\n",
        "consent: true\ntags: [" + ", ".join(f"t{i}" for i in range(50000)) + "]\n",
    )
    story = "## Story\n\n" + "Words of the story go here. " * 20
    root = make_project(
        {
            "casestudies/deep.md": deep + story,
            "casestudies/nested.md": nested + story,
            "casestudies/huge.md": huge + story,
        }
    )
    report = _validate(root)
    by_file: dict[str, set[str]] = {}
    for problem in report["problems"]:
        by_file.setdefault(problem["path"], set()).add(problem["rule"])
    assert by_file["casestudies/deep.md"] == {"unknown-field"}
    assert by_file["casestudies/nested.md"] == {"unknown-field"}
    assert "casestudies/huge.md" not in by_file  # 50,000 tags: long, but allowed


@pytest.mark.slow
def test_five_thousand_case_studies(tmp_path: Path) -> None:
    from benchmarks.synthetic import write_project

    write_project(tmp_path, 5000, seed=1)
    report = _validate(tmp_path)
    assert report["files"] == 5000
    assert report["valid"] is True, report["problems"][:5]
