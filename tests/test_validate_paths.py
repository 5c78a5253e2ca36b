"""``publication validate PATH``: a path is checked as a case study wherever it is.

An editor checks a draft before it goes into ``casestudies/``: from Downloads,
from an ``incoming/`` folder. The command reads exactly what it was given,
against the project's themes and case studies, names it in the summary, and
never says "valid" of a file it did not read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import GOLDEN, write_project

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
INVALID = (GOLDEN / "cases" / "many-problems.md").read_text(encoding="utf-8")
PNG = b"\x89PNG\r\n\x1a\n"
ERRORS_IN_INVALID = len((GOLDEN / "cases" / "many-problems.expected").read_text().splitlines())


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a project with two valid case studies and an ``elsewhere/``;
    the current folder is this folder, so paths are typed relative to it."""
    (tmp_path / "project").mkdir()
    write_project(
        tmp_path / "project",
        {"casestudies/ok.md": VALID, "casestudies/also-ok.md": VALID},
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _validate(*argv: str) -> int:
    return main(["--root", "project", "validate", *argv])


def _summary(out: str) -> str:
    return out.splitlines()[-1]


def test_an_invalid_draft_outside_the_project_is_read(place: Path, capsys) -> None:
    (place / "elsewhere" / "draft.md").write_text(INVALID, encoding="utf-8")
    assert _validate("elsewhere/draft.md") == 1
    out = capsys.readouterr().out
    problems = out.splitlines()[:-1]
    assert len(problems) == ERRORS_IN_INVALID
    assert all(line.startswith("elsewhere/draft.md:") for line in problems)
    assert "elsewhere/draft.md:3:1: error: unknown field 'themse'" in out
    summary = _summary(out)
    assert re.fullmatch(
        rf"Checked 1 case study file \(elsewhere/draft\.md\) in \d+\.\d\d s: "
        rf"{ERRORS_IN_INVALID} errors, 0 warnings; not valid\.",
        summary,
    )
    assert "; valid." not in out


def test_a_valid_draft_outside_the_project(place: Path, capsys) -> None:
    (place / "elsewhere" / "draft.md").write_text(VALID, encoding="utf-8")
    assert _validate(str(place / "elsewhere" / "draft.md")) == 0
    summary = _summary(capsys.readouterr().out)
    assert f"Checked 1 case study file ({place / 'elsewhere' / 'draft.md'})" in summary
    assert summary.endswith(": 0 errors, 0 warnings; valid.")


def test_only_the_given_file_is_counted(place: Path, capsys) -> None:
    """The project's own case studies are read for links, not reported as checked."""
    (place / "elsewhere" / "draft.md").write_text(VALID, encoding="utf-8")
    assert _validate("--format", "json", "elsewhere/draft.md") == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["files"] == 1
    assert report["checked"] == ["elsewhere/draft.md"]
    assert "1 case study file (elsewhere/draft.md)" in captured.err


def test_a_draft_in_an_incoming_folder_of_the_project(place: Path, capsys) -> None:
    incoming = place / "project" / "incoming"
    incoming.mkdir()
    (incoming / "x.md").write_text(INVALID, encoding="utf-8")
    assert _validate("project/incoming/x.md") == 1
    out = capsys.readouterr().out
    assert "project/incoming/x.md:3:1: error: unknown field 'themse'" in out
    assert "Checked 1 case study file (project/incoming/x.md)" in _summary(out)


def test_from_inside_the_project_without_root(place: Path, capsys, monkeypatch) -> None:
    incoming = place / "project" / "incoming"
    incoming.mkdir()
    (incoming / "x.md").write_text(INVALID, encoding="utf-8")
    monkeypatch.chdir(place / "project")
    assert main(["validate", "incoming/x.md"]) == 1
    out = capsys.readouterr().out
    assert "incoming/x.md:3:1: error: unknown field 'themse'" in out
    assert "Checked 1 case study file (incoming/x.md)" in _summary(out)


def test_links_are_checked_against_the_projects_case_studies(place: Path, capsys) -> None:
    linking = VALID.replace(
        "Patients told us",
        "Like [our neighbours](ok.md) and [others](nowhere.md), patients told us",
    )
    (place / "elsewhere" / "draft.md").write_text(linking, encoding="utf-8")
    assert _validate("elsewhere/draft.md") == 1
    out = capsys.readouterr().out
    assert "there is no case study 'nowhere'" in out
    assert "'ok'" not in out


def test_a_folder_case_study_outside_finds_its_pictures(place: Path, capsys) -> None:
    folder = place / "elsewhere" / "new-practice"
    folder.mkdir()
    story = VALID.replace("## What we did\n", "## What we did\n\n![The new queue](queue.png)\n")
    (folder / "index.md").write_text(story, encoding="utf-8")
    (folder / "queue.png").write_bytes(PNG)
    (folder / "unused.png").write_bytes(PNG)
    assert _validate("elsewhere/new-practice/index.md") == 0
    out = capsys.readouterr().out
    assert "queue.png" not in out
    assert "elsewhere/new-practice/unused.png:1:1: warning: nothing in" in out
    assert "Checked 1 case study file (elsewhere/new-practice/index.md)" in _summary(out)
    # The folder itself is the same case study.
    assert _validate("elsewhere/new-practice") == 0
    assert "Checked 1 case study file (elsewhere/new-practice)" in _summary(capsys.readouterr().out)


def test_a_folder_of_drafts(place: Path, capsys) -> None:
    (place / "elsewhere" / "one.md").write_text(VALID, encoding="utf-8")
    (place / "elsewhere" / "two.md").write_text(INVALID, encoding="utf-8")
    (place / "elsewhere" / "README.md").write_text("# Drafts waiting\n", encoding="utf-8")
    assert _validate("elsewhere") == 1
    out = capsys.readouterr().out
    assert "elsewhere/two.md:3:1:" in out
    assert "README" not in out
    assert re.search(r"^Checked 2 case study files \(elsewhere\) in ", _summary(out))


def test_github_annotations_name_the_outside_file(place: Path, capsys) -> None:
    (place / "elsewhere" / "draft.md").write_text(INVALID, encoding="utf-8")
    assert _validate("--format", "github", "elsewhere/draft.md") == 1
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert lines and all(line.startswith("::error file=elsewhere/draft.md,") for line in lines)


def test_not_utf8_is_a_problem_in_the_file(place: Path, capsys) -> None:
    (place / "elsewhere" / "draft.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert _validate("elsewhere/draft.md") == 1
    assert "elsewhere/draft.md:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "typed", "reason"),
    [
        (None, "elsewhere/missing.md", "no such file or folder"),
        ("notes.txt", "elsewhere/notes.txt", "not a case study"),
        ("", "elsewhere", "no case study in"),
        ("README.md", "project/casestudies/README.md", "not a case study"),
    ],
)
def test_a_path_that_cannot_be_a_case_study_is_wrong_use(
    place: Path, capsys, make: str | None, typed: str, reason: str
) -> None:
    if make:
        target = place / typed
        target.write_text("some notes\n", encoding="utf-8")
    assert _validate("project/casestudies/ok.md", typed) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == captured.err.strip() + "\n"  # one line
    assert captured.err.startswith("publication validate: ")
    assert typed in captured.err and reason in captured.err


def test_paths_into_casestudies_as_before(place: Path, capsys) -> None:
    (place / "project" / "casestudies" / "bad.md").write_text(INVALID, encoding="utf-8")
    assert _validate("project/casestudies/ok.md") == 0
    assert "Checked 1 case study file (project/casestudies/ok.md)" in _summary(
        capsys.readouterr().out
    )
    assert _validate("project/casestudies/bad.md") == 1
    out = capsys.readouterr().out
    assert "casestudies/bad.md:3:1: error: unknown field 'themse'" in out
    assert _validate("project/casestudies") == 1
    assert "Checked 3 case study files (project/casestudies)" in _summary(capsys.readouterr().out)


def test_no_path_is_the_whole_project_as_before(place: Path, capsys) -> None:
    assert _validate() == 0
    assert re.fullmatch(
        r"Checked 2 case study files in \d+\.\d\d s: 0 errors, 0 warnings; valid\.",
        _summary(capsys.readouterr().out),
    )
