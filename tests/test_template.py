"""``publication new``: slugs made from practice names, and a template that validates
as a draft, its example texts warned about until they are replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.load import load_publication
from generator.core.placeholders import PLACEHOLDERS, SECTIONS
from generator.core.rules.crossfile import SLUG
from generator.core.template import NewCaseStudyRefused, slugify, write_new_case_study

FIFTY_WORDS = " ".join(["We answered the phone sooner and patients noticed it."] * 6)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Example Surgery", "example-surgery"),
        ("St Mary's Surgery", "st-marys-surgery"),
        ("Smith & Jones Practice", "smith-and-jones-practice"),
        ("Ysbyty Gwynedd Meddygfa", "ysbyty-gwynedd-meddygfa"),
        ("Llanfair PG – Surgery", "llanfair-pg-surgery"),
        ("Clínica São João", "clinica-sao-joao"),
        ("  The   Old   Forge  ", "the-old-forge"),
        ("Practice_No_7", "practice-no-7"),
        ("A" * 200, "a" * 80),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert SLUG.match(slug)


def test_long_names_end_without_a_hyphen() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and SLUG.match(slug)


@pytest.mark.parametrize("folder", [False, True])
@pytest.mark.parametrize("nation", ["England", "Scotland", "Wales", "Northern Ireland"])
def test_template_validates_as_a_draft(make_project, folder: bool, nation: str) -> None:
    root = make_project()
    path = write_new_case_study(
        root, 'The "Quoted" Surgery: #1', nation=nation, folder=folder, today=dt.date(2014, 4, 12)
    )
    assert path.name == ("index.md" if folder else "the-quoted-surgery-1.md")
    publication = load_publication(root, drafts=True)
    # Only warnings, each about an example text still to be replaced.
    assert publication.problems
    assert {(p.severity, p.rule) for p in publication.problems} == {("warning", "template-text")}
    (case,) = publication.case_studies
    assert case.practice.name == 'The "Quoted" Surgery: #1'
    assert case.practice.nation == nation
    assert case.submitted == dt.date(2014, 4, 12)
    assert case.status == "draft" and case.consent is False


def test_every_theme_can_start_a_case_study(make_project) -> None:
    root = make_project()
    from generator.core.themes import load_themes

    themes, _ = load_themes(root)
    for index, theme in enumerate(themes):
        write_new_case_study(root, f"Surgery number {index}", theme=theme.id)
    publication = load_publication(root, drafts=True)
    assert {p.rule for p in publication.problems} == {"template-text"}
    assert not publication.errors
    assert sorted(c.themes[0] for c in publication.case_studies) == sorted(t.id for t in themes)


@pytest.mark.parametrize("name", ["", "  ", "ab", "x" * 101])
def test_names_of_the_wrong_length_are_refused(make_project, name: str) -> None:
    with pytest.raises(NewCaseStudyRefused, match="3 to 100 characters"):
        write_new_case_study(make_project(), name)


def _validate(root: Path, capsys, *argv: str) -> tuple[int, list[str]]:
    """``publication validate`` run as the command: its exit status and problem lines."""
    status = main(["--root", str(root), "validate", *argv])
    lines = capsys.readouterr().out.splitlines()
    return status, [line for line in lines if not line.startswith("Checked ")]


def test_every_example_text_is_in_the_template(make_project) -> None:
    """The rule looks for what the template writes: one list serves both."""
    path = write_new_case_study(make_project(), "Example Surgery")
    text = path.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        assert placeholder.filled("Example Surgery") in text, placeholder
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in text


def test_a_fresh_draft_passes_with_warnings_and_fails_strict(make_project, capsys) -> None:
    root = make_project()
    write_new_case_study(root, "Example Surgery", today=dt.date(2014, 4, 12))
    status, lines = _validate(root, capsys)
    assert status == 0
    rel = "casestudies/example-surgery.md"
    assert lines == [
        f"{rel}:5:8: warning: 'Example Surgery: what we changed' is the template's example "
        "text; write a title that says what the practice changed, such as 'Online repeat "
        "prescriptions halved the morning phone queue' [template-text]",
        f"{rel}:8:9: warning: 'Town' is the template's example text; write the practice's "
        "town [template-text]",
        f"{rel}:13:10: warning: 'One or two plain sentences that say what the practice did "
        "and what changed.' is the template's example text; write one or two plain sentences "
        "that say what the practice did and what changed [template-text]",
        f"{rel}:16:5: warning: 'What went well, one benefit a line.' is the template's example "
        "text; write what went well, one benefit a line, or delete the line [template-text]",
        f"{rel}:18:5: warning: 'What did not go so well.' is the template's example text; "
        "write what did not go so well, or delete the line [template-text]",
        f"{rel}:20:5: warning: 'What stood in the way.' is the template's example text; "
        "write what stood in the way, or delete the line [template-text]",
        f"{rel}:33:1: warning: 'Tell the story here, in the practice's own words.' is the "
        "template's example text; tell the story in its place, in the practice's own words "
        "[template-text]",
        f"{rel}:35:1: warning: '## What changed' is the template's heading with nothing under "
        "it; write that part of the story below it, or delete the heading [template-text]",
        f"{rel}:37:1: warning: '## What we learned' is the template's heading with nothing "
        "under it; write that part of the story below it, or delete the heading [template-text]",
    ]
    assert _validate(root, capsys, "--strict")[0] == 1


def test_published_with_the_template_text_left_in_is_refused(make_project, capsys) -> None:
    """Issue 10: a case study from ``publication new``, published with consent and
    fifty words of story, validated clean with all its example texts still in it."""
    root = make_project()
    path = write_new_case_study(root, "Example Surgery", today=dt.date(2014, 4, 12))
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: draft", "status: published")
    text = text.replace("consent: false", "consent: true")
    text = text.replace("## What changed\n", f"{FIFTY_WORDS}\n\n## What changed\n")
    path.write_text(text, encoding="utf-8")
    status, lines = _validate(root, capsys)
    assert status == 1
    assert len(lines) == 9
    assert all(": error: " in line and line.endswith("[template-text]") for line in lines)
    assert lines[1] == (
        "casestudies/example-surgery.md:8:9: error: 'Town' is the template's example text; "
        "write the practice's town [template-text]"
    )
    assert load_publication(root).case_studies == ()


def test_the_example_texts_replaced_publish_cleanly(make_project) -> None:
    root = make_project()
    path = write_new_case_study(root, "Example Surgery", today=dt.date(2014, 4, 12))
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: published")
    text = text.replace("consent: false", "consent: true")
    text = text.replace("Example Surgery: what we changed", "A queue for calls halved the waiting")
    text = text.replace('"Town"', "Townsend")
    for placeholder in PLACEHOLDERS[2:-1]:
        text = text.replace(placeholder.text, f"Our own words about it, {placeholder.field}.")
    text = text.split("\n## What we did", 1)[0] + f"\n## What we did\n\n{FIFTY_WORDS}\n"
    path.write_text(text, encoding="utf-8")
    publication = load_publication(root)
    assert publication.problems == ()
    assert [c.slug for c in publication.case_studies] == ["example-surgery"]
