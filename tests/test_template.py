"""``publication new``: slugs made from practice names, and a template that validates."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.load import SLUG, load_publication
from generator.template import NewCaseStudyRefused, slugify, write_new_case_study


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
    assert publication.problems == ()
    (case,) = publication.case_studies
    assert case.practice.name == 'The "Quoted" Surgery: #1'
    assert case.practice.nation == nation
    assert case.submitted == dt.date(2014, 4, 12)
    assert case.status == "draft" and case.consent is False


def test_every_theme_can_start_a_case_study(make_project) -> None:
    root = make_project()
    from generator.themes import load_themes

    themes, _ = load_themes(root)
    for index, theme in enumerate(themes):
        write_new_case_study(root, f"Surgery number {index}", theme=theme.id)
    publication = load_publication(root, drafts=True)
    assert publication.problems == ()
    assert sorted(c.themes[0] for c in publication.case_studies) == sorted(t.id for t in themes)


@pytest.mark.parametrize("name", ["", "  ", "ab", "x" * 101])
def test_names_of_the_wrong_length_are_refused(make_project, name: str) -> None:
    with pytest.raises(NewCaseStudyRefused, match="3 to 100 characters"):
        write_new_case_study(make_project(), name)
