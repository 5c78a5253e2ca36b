"""A front matter that cannot be read is the one problem reported for its file.

Without its fields nothing knows where ``contact:`` is or what the story
shows, so the rules that depend on them would send an editor after the wrong
thing: a contact's own phone number reported as misplaced, the story's own
picture as unused (issue 14).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.load import check_publication, load_publication

from .conftest import GOLDEN

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
WITH_CONTACT = VALID.replace(
    "consent: true\n",
    "consent: true\ncontact:\n  name: Jo Bloggs\n  phone: 01632 960000\n  publish: false\n",
).replace("## What we did\n", "## What we did\n\n![The waiting room](photo.png)\n")
BROKEN = WITH_CONTACT.replace(
    "title: A short valid case study for the tests", "title: Phones: what we changed"
)
YAML_LINE = (
    "casestudies/story/index.md:2:14: error: the fields are not valid YAML: a value "
    "contains ': ' (a colon and a space); put the whole value in quotes, for example "
    'title: "Phones: what we changed" [yaml-syntax]'
)


def _project(make_project, text: str) -> Path:
    return make_project(
        {"casestudies/story/index.md": text, "casestudies/story/photo.png": b"\x89PNG\r\n"}
    )


@pytest.mark.parametrize("how", ["validate", "build"])
def test_broken_front_matter_reports_only_itself(make_project, how: str) -> None:
    root = _project(make_project, BROKEN)
    if how == "validate":
        problems = check_publication(root).problems
    else:
        problems = load_publication(root, drafts=True).problems
    assert [p.format() for p in problems] == [YAML_LINE]


def test_the_same_file_readable_has_no_problem(make_project) -> None:
    """The contact's phone and the picture are fine once the fields read again."""
    root = _project(make_project, WITH_CONTACT)
    assert check_publication(root).problems == ()
    assert load_publication(root, drafts=True).problems == ()
