"""`publication report`: whom to chase, by practice, and where the publication is thin.

Every test runs the real command in a subprocess on real files in a throwaway
project (the real themes file), and reads its output as an editor, a script or
a spreadsheet would.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

CASE = """---
title: {title}
practice:
  name: {name}
  town: {town}
  nation: {nation}
themes: [{themes}]
summary: A summary long enough to pass the rule for summaries.
submitted: {submitted}
status: {status}
consent: {consent}
{extra}---

## What we did

{story}
"""
STORY = "We changed the way patients reach the practice, and it worked well for most. " * 6
FULL = """\
outcomes:
  - measure: Calls to reception before 10am
    before: 410
    after: 190
patient_views: Patients said the mornings were calmer.
quote:
  text: We should have done it years ago.
  by: Practice manager
contact:
  name: Jo Bloggs
  publish: true
"""


def _case(**fields: str) -> str:
    values = {
        "extra": "",
        "story": STORY,
        "consent": "true",
        "town": "Testtown",
        "submitted": "2014-04-12",
        **fields,
    }
    return CASE.format(**values)


def _report(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "report", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def _project(make_project) -> Path:
    """Four practices: one waiting twice, one in review with a gap in its published
    story, one complete, one whose story links to a case study that does not exist;
    and a file that does not read."""
    return make_project(
        {
            "casestudies/ash-draft-late.md": _case(
                title="Ash Surgery's second story",
                name="Ash Surgery",
                nation="Wales",
                themes="telephony",
                status="draft",
                consent="false",
                submitted="2014-05-20",
            ),
            "casestudies/ash-draft-early.md": _case(
                title="Ash Surgery's first story",
                name="Ash Surgery",
                nation="Wales",
                themes="telephony",
                status="draft",
                consent="false",
                submitted="2014-02-03",
            ),
            "casestudies/birch-review.md": _case(
                title="Birch Practice, in review",
                name="Birch Practice",
                town="Llanfair",
                nation="Wales",
                themes="online-appointments",
                status="review",
                submitted="2014-03-01",
            ),
            "casestudies/birch-published.md": _case(
                title="Birch Practice, published",
                name="Birch Practice",
                town="Llanfair",
                nation="Wales",
                themes="telephony, patient-feedback",
                status="published",
                extra="quote:\n  text: It worked.\n  by: A patient\n"
                "contact:\n  name: Jo Bloggs\n  publish: false\n",
            ),
            "casestudies/cedar-complete.md": _case(
                title="Tŷ Cedar Health Centre, complete",
                name="Tŷ Cedar Health Centre, Upper Ward",
                nation="Scotland",
                themes="telephony",
                status="published",
                extra=FULL,
            ),
            "casestudies/dale-link.md": _case(
                title="Dale Surgery links to nothing",
                name="Dale Surgery",
                nation="Scotland",
                themes="patient-feedback",
                status="published",
                extra=FULL,
                story=STORY + "\n\nSee [their story](no-such-story.md).",
            ),
            "casestudies/broken.md": "---\ntitle: no\n---\n",
        }
    )


def _errors_by_path(root: Path) -> dict[str, int]:
    """What ``publication validate`` counts, file by file: the report must agree."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    counts: dict[str, int] = {}
    for problem in json.loads(done.stdout)["problems"]:
        if problem["severity"] == "error":
            counts[problem["path"]] = counts.get(problem["path"], 0) + 1
    return counts


def test_json_names_practices_oldest_waiting_first_with_what_they_lack(make_project) -> None:
    root = _project(make_project)
    result = _report(root, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    practices = [(p["practice"], p["town"], p["nation"]) for p in data["practices"]]
    assert practices == [
        ("Ash Surgery", "Testtown", "Wales"),  # waiting since 2014-02-03
        ("Birch Practice", "Llanfair", "Wales"),  # waiting since 2014-03-01
    ]
    ash, birch = data["practices"]
    assert [(c["path"], c["submitted"], c["status"], c["consent"]) for c in ash["waiting"]] == [
        ("casestudies/ash-draft-early.md", "2014-02-03", "draft", False),
        ("casestudies/ash-draft-late.md", "2014-05-20", "draft", False),
    ]
    assert ash["missing"] == []
    assert [c["path"] for c in birch["waiting"]] == ["casestudies/birch-review.md"]
    assert birch["missing"] == [
        {
            "path": "casestudies/birch-published.md",
            "title": "Birch Practice, published",
            "status": "published",
            "submitted": "2014-04-12",
            "consent": True,
            # the contact is there but not to be published: readers cannot use it
            "missing": ["outcomes", "patient_views", "published_contact"],
        }
    ]
    errors = _errors_by_path(root)
    assert data["files_with_errors"] == [
        {
            "path": "casestudies/broken.md",
            "errors": errors["casestudies/broken.md"],
            "not_counted": True,
        },
        {"path": "casestudies/dale-link.md", "errors": 1, "not_counted": False},
    ]
    assert data["invalid_files"] == 1
    assert "Counted 6 case studies (3 published, 1 in review, 2 drafts) in " in result.stderr
    assert result.stderr.rstrip().endswith("; 2 files with errors.")


def test_json_keeps_the_counts_and_says_what_themes_and_nations_lack(make_project) -> None:
    root = _project(make_project)
    data = json.loads(_report(root, "--format", "json", "--at-least", "2").stdout)
    assert data["total"] == {"draft": 2, "review": 1, "published": 3}
    assert data["by_theme"]["telephony"] == {"draft": 2, "review": 0, "published": 2}
    assert data["by_theme"]["patient-feedback"]["published"] == 2
    assert data["by_nation"]["Wales"] == {"draft": 2, "review": 1, "published": 1}
    assert data["empty_fields"]["outcomes"] == 4
    assert data["at_least"] == 2
    themes = {lack["theme"]: lack for lack in data["lacking"]["themes"]}
    assert "telephony" not in themes and "patient-feedback" not in themes
    assert themes["online-appointments"] == {
        "theme": "online-appointments",
        "title": "Booking appointments online",
        "draft": 0,
        "review": 1,
        "published": 0,
        "wanted": 2,
        "first_theme_of": 0,
    }
    nations = {lack["nation"]: lack["wanted"] for lack in data["lacking"]["nations"]}
    assert nations == {"England": 2, "Wales": 1, "Northern Ireland": 2}


def test_text_has_sections_in_the_editors_words(make_project) -> None:
    root = _project(make_project)
    result = _report(root, "--at-least", "2")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text, summary = result.stdout.rstrip("\n").rsplit("\n", 1)
    assert re.fullmatch(
        r"Counted 6 case studies \(3 published, 1 in review, 2 drafts\) in \d+\.\d\d s; "
        r"2 files with errors\.",
        summary,
    )
    broken = _errors_by_path(root)["casestudies/broken.md"]
    sections = text.split("\n\n")
    assert sections[:3] == [
        "Files with errors: fix them first (publication validate PATH shows how)\n"
        "-----------------------------------------------------------------------\n"
        f"  casestudies/broken.md: {broken} errors, not counted below\n"
        "  casestudies/dale-link.md: 1 error",
        "Whom to chase, by practice (longest waiting first)\n"
        "--------------------------------------------------\n"
        "  Ash Surgery, Testtown (Wales)\n"
        "    draft, submitted 2014-02-03: casestudies/ash-draft-early.md"
        " (consent not yet given)\n"
        "    draft, submitted 2014-05-20: casestudies/ash-draft-late.md"
        " (consent not yet given)\n"
        "  Birch Practice, Llanfair (Wales)\n"
        "    in review, submitted 2014-03-01: casestudies/birch-review.md\n"
        "    published but lacks outcomes, patients' views and a published contact:"
        " casestudies/birch-published.md\n"
        "  Nothing to chase at the other 2 practices.",
        "What each theme and nation still lacks (aim: at least 2 published)\n"
        "------------------------------------------------------------------\n"
        "  Telephone consultations: none published, 2 more wanted; none waiting\n"
        "  Ordering repeat prescriptions online: none published, 2 more wanted; none waiting\n"
        "  Booking appointments online: none published, 2 more wanted; 1 in review waiting\n"
        "  Communicating with patients: none published, 2 more wanted; none waiting\n"
        "  Keeping patients informed: none published, 2 more wanted; none waiting\n"
        "  Networks, federations and working together: none published, 2 more wanted;"
        " none waiting\n"
        "  England: none published, 2 more wanted; none waiting\n"
        "  Wales: 1 published, 1 more wanted; 1 in review and 2 drafts waiting\n"
        "  Northern Ireland: none published, 2 more wanted; none waiting",
    ]
    assert [section.split("\n", 1)[0] for section in sections[3:]] == [
        "By theme (a case study counts under each of its themes)",
        "By nation",
        "Optional fields most often left empty",
    ]
    assert "  Practice telephone systems                         2       0      2" in sections[3]
    assert "  Wales                                              1       1      2" in sections[4]
    assert "  outcomes                                     4 of 6" in sections[5]


def test_a_theme_with_no_chapter_of_its_own_is_named(make_project) -> None:
    """Listed only as a second theme, a theme has published case studies but an
    empty PDF chapter: the report says so where the theme lacks case studies."""
    root = make_project(
        {
            "casestudies/second-only.md": _case(
                title="Networks only as a second theme",
                name="Elm Surgery",
                nation="England",
                themes="telephony, collaborative-working",
                status="published",
                extra=FULL,
            )
        }
    )
    lacks = _report(root, "--at-least", "1").stdout.split("\n\n")[1]
    assert lacks.startswith("What each theme and nation still lacks")
    assert "Networks, federations" not in lacks  # one is enough here
    data = json.loads(_report(root, "--format", "json", "--at-least", "2").stdout)
    networks = {t["theme"]: t for t in data["lacking"]["themes"]}["collaborative-working"]
    assert (networks["published"], networks["first_theme_of"]) == (1, 0)
    assert (
        "  Networks, federations and working together: 1 published, 1 more wanted; none "
        "waiting; no published case study has it as its first theme, so its PDF chapter is "
        "empty\n" in _report(root, "--at-least", "2").stdout
    )


def test_csv_is_one_row_per_case_study_file_for_a_spreadsheet(make_project) -> None:
    root = _project(make_project)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "report", "--format", "csv"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # UTF-8, whatever the locale
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "path",
        "practice",
        "town",
        "nation",
        "status",
        "submitted",
        "primary_theme",
        "outcomes",
        "quote",
        "patient_views",
        "published_contact",
        "consent",
        "errors",
    ]
    by_path = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_path) == sorted(by_path) and len(by_path) == 7
    assert by_path["casestudies/cedar-complete.md"] == {
        "path": "casestudies/cedar-complete.md",
        "practice": "Tŷ Cedar Health Centre, Upper Ward",
        "town": "Testtown",
        "nation": "Scotland",
        "status": "published",
        "submitted": "2014-04-12",
        "primary_theme": "telephony",
        "outcomes": "yes",
        "quote": "yes",
        "patient_views": "yes",
        "published_contact": "yes",
        "consent": "yes",
        "errors": "0",
    }
    birch = by_path["casestudies/birch-published.md"]
    assert [birch[k] for k in ("outcomes", "quote", "patient_views", "published_contact")] == [
        "no",
        "yes",
        "no",
        "no",
    ]
    assert by_path["casestudies/ash-draft-early.md"]["consent"] == "no"
    assert by_path["casestudies/dale-link.md"]["errors"] == "1"
    broken = by_path["casestudies/broken.md"]
    assert broken["status"] == "invalid"
    assert broken["errors"] == str(_errors_by_path(root)["casestudies/broken.md"])
    assert {broken[k] for k in rows[0] if k not in ("path", "status", "errors")} == {""}
    stderr = done.stderr.decode("utf-8")
    assert stderr.startswith("Counted 6 case studies (3 published, 1 in review, 2 drafts)")


def test_at_least_must_be_a_whole_number(make_project) -> None:
    root = make_project()
    done = _report(root, "--at-least", "0")
    assert done.returncode == 2
    assert "'0' is not a whole number of 1 or more" in done.stderr


def test_report_text_on_the_example_publication() -> None:
    result = _report(ROOT)
    assert result.returncode == 0, result.stderr
    for heading in (
        "Whom to chase, by practice (longest waiting first)",
        "What each theme and nation still lacks (aim: at least 3 published)",
        "By theme (a case study counts under each of its themes)",
        "By nation",
        "Optional fields most often left empty",
    ):
        assert f"\n{heading}\n" in f"\n{result.stdout}"
    assert "Practice telephone systems" in result.stdout
    assert "Files with errors" not in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Counted ")


def test_a_broken_themes_file_is_reported_not_a_crash(make_project) -> None:
    """Without content/themes.yml the themes are counted as written, and the themes
    file heads the files to fix."""
    root = _project(make_project)
    (root / "content" / "themes.yml").unlink()
    done = _report(root, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"path": "content/themes.yml", "errors": 1, "not_counted": False} in data[
        "files_with_errors"
    ]
    assert data["by_theme"]["telephony"]["published"] == 2
    text = _report(root).stdout
    assert text.startswith("Files with errors: fix them first")
    assert "\n  content/themes.yml: 1 error\n" in text
