"""Golden files: every rule, valid and invalid, with the exact messages beside it.

``tests/golden/cases/<slug>.md`` is checked as ``casestudies/<slug>.md`` in a
project with the real themes file, and ``<slug>.expected`` holds the exact
lines ``publication validate`` prints for it (empty: valid).
``tests/golden/projects/<name>/`` is a whole project (its ``casestudies/``
and, optionally, ``content/themes.yml``) with ``expected.txt`` beside it, for
rules across files. Set ``UPDATE_GOLDEN=1`` to rewrite the expectations after
a deliberate change of wording, then read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.core.load import check_publication, load_publication

from .conftest import GOLDEN, ROOT

CASES = sorted((GOLDEN / "cases").glob("*.md"))
PROJECTS = sorted(p for p in (GOLDEN / "projects").iterdir() if p.is_dir())


def _check(root: Path, expected_file: Path) -> None:
    """What a build sees and what ``publication validate`` sees (stories read the
    fast way where they can be) are both exactly the expected lines."""
    publication = load_publication(root, drafts=True)
    actual = "".join(p.format() + "\n" for p in publication.problems)
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"write {expected_file.name} (UPDATE_GOLDEN=1)"
    assert actual == expected_file.read_text(encoding="utf-8")
    checked = check_publication(root)
    assert "".join(p.format() + "\n" for p in checked.problems) == actual


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, make_project) -> None:
    root = make_project({f"casestudies/{case.name}": case.read_bytes()})
    _check(root, case.with_suffix(".expected"))


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_project(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("expected.txt"))
    themes = root / "content" / "themes.yml"
    if not themes.exists():
        themes.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content" / "themes.yml", themes)
    _check(root, project / "expected.txt")


def test_there_are_dozens_of_fixtures() -> None:
    assert len(CASES) + len(PROJECTS) >= 60
