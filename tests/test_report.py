"""`publication report`: where the publication is thin, by theme, nation and field."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

CASE = """---
title: {title}
practice:
  name: {name}
  town: Testtown
  nation: {nation}
themes: [{themes}]
summary: A summary long enough to pass the rule for summaries.
submitted: 2014-04-12
status: {status}
consent: {consent}
{extra}---

## What we did

{story}
"""
STORY = "We changed the way patients reach the practice, and it worked well for most. " * 6


def _case(**fields: str) -> str:
    values = {"extra": "", "story": STORY, "consent": "true", **fields}
    return CASE.format(**values)


def _report(root, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "report", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_report_counts_by_theme_nation_status_and_empty_fields(make_project) -> None:
    root = make_project(
        {
            "casestudies/one.md": _case(
                title="The first published story",
                name="One Surgery",
                nation="Wales",
                themes="telephony, patient-feedback",
                status="published",
                extra="costs: Nothing much at all.\n",
            ),
            "casestudies/two.md": _case(
                title="The second story, in review",
                name="Two Surgery",
                nation="Wales",
                themes="telephony",
                status="review",
            ),
            "casestudies/three.md": _case(
                title="A third story, still a draft",
                name="Three Surgery",
                nation="Scotland",
                themes="online-appointments",
                status="draft",
                consent="false",
            ),
            "casestudies/broken.md": "---\ntitle: no\n---\n",
        }
    )
    result = _report(root, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == {"draft": 1, "review": 1, "published": 1}
    assert data["by_theme"]["telephony"] == {"draft": 0, "review": 1, "published": 1}
    assert data["by_theme"]["patient-feedback"]["published"] == 1
    assert data["by_theme"]["collaborative-working"] == {"draft": 0, "review": 0, "published": 0}
    assert data["by_nation"]["Wales"] == {"draft": 0, "review": 1, "published": 1}
    assert data["by_nation"]["Northern Ireland"]["published"] == 0
    assert data["empty_fields"]["costs"] == 2  # one of three fills it
    assert data["empty_fields"]["outcomes"] == 3
    assert data["invalid_files"] == 1
    assert "Counted 3 case studies (1 published, 1 in review, 1 draft)." in result.stderr


def test_report_text_on_the_example_publication() -> None:
    result = _report(ROOT)
    assert result.returncode == 0, result.stderr
    assert "By theme" in result.stdout and "By nation" in result.stdout
    assert "Practice telephone systems" in result.stdout
    assert "Optional fields most often left empty" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Counted ")
