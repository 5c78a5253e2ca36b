"""Pages made from declarations and data: the editors' guide, the patients' voices
and the outcomes at a glance on theme pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from site_helpers import ROOT

from generator.core.fields import CASE_STUDY, Field
from generator.core.load import load_publication
from generator.core.rules.catalogue import GROUPS, RULES
from generator.site import pages
from generator.site.guide import field_rows

PUBLICATION = load_publication(ROOT)


def _dotted(spec: Field, prefix: str = "") -> list[str]:
    """Every field name, dotted for nested ones, walked independently of the guide."""
    names: list[str] = []
    for child in spec.fields:
        names.append(prefix + child.name)
        inner = child if child.kind == "map" else child.item
        if inner is not None and inner.kind == "map":
            names += _dotted(inner, prefix + child.name + ".")
    return names


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


# -- the editors' guide ----------------------------------------------------------


def test_guide_rows_follow_the_declarations() -> None:
    rows = {row.name: row for row in field_rows()}
    assert list(rows) == _dotted(CASE_STUDY)
    assert rows["title"].required and rows["title"].rule == "text on one line; 10 to 120 characters"
    assert "England, Scotland, Wales, Northern Ireland" in rows["practice.nation"].rule
    assert rows["practice.list_size"].rule == "a whole number; from 100 to 250,000"
    assert "1 to 4 items" in rows["themes"].rule and "no repeats" in rows["themes"].rule
    assert rows["submitted"].example == "submitted: 2014-04-12"
    assert not rows["tags"].required and "lowercase" in rows["tags"].rule


def test_guide_page_lists_every_field_and_every_rule() -> None:
    page = pages.guide_page(PUBLICATION)
    text = _text(page.html)
    for name in _dotted(CASE_STUDY):
        assert f"<code>{name}</code>" in page.html, name
    for row in field_rows():
        assert row.rule in text, row.name
        if row.example:
            assert row.example in text, row.name
    for rule in RULES.values():
        assert f'<dt id="rule-{rule.id}"><code>{rule.id}</code>' in page.html, rule.id
        assert rule.cause in text and rule.fix in text, rule.id
    positions = [page.html.index(f'id="rules-{group}"') for group in GROUPS]
    assert positions == sorted(positions), "groups in the catalogue's order"
    assert page.in_nav and page.url == "contribute/guide/"


@pytest.mark.slow
def test_built_guide_holds_every_field_and_rule_and_is_linked(example_site: Path) -> None:
    html = (example_site / "contribute/guide/index.html").read_text(encoding="utf-8")
    for name in _dotted(CASE_STUDY):
        assert f"<code>{name}</code>" in html, name
    for rule_id in RULES:
        assert f'id="rule-{rule_id}"' in html, rule_id
    assert html.count("<h1") == 1
    contribute = (example_site / "contribute/index.html").read_text(encoding="utf-8")
    assert 'href="guide/"' in contribute and 'href="guide/#rules"' in contribute
    nav = (example_site / "index.html").read_text(encoding="utf-8")
    assert "Guide to the case-study format" in nav


# -- what patients told practices ------------------------------------------------


def test_patient_voices_group_by_primary_theme_in_themes_order(
    case_factory, publication_factory
) -> None:
    from generator.core.model import Quote
    from generator.core.voices import patient_voices

    publication = publication_factory(
        case_factory("b-surgery", themes=("telephony",), patient_views="Easier to get through."),
        case_factory("a-surgery", themes=("telephony",), quote=Quote("At last.", "Patient")),
        case_factory(
            "c-surgery", themes=("online-appointments", "telephony"), patient_views="Yes."
        ),
        case_factory("d-surgery", themes=("patient-feedback",)),  # nothing to gather
    )
    groups = patient_voices(publication)
    assert [g.theme.id for g in groups] == ["telephony", "online-appointments"]
    assert [v.case.slug for v in groups[0].voices] == ["a-surgery", "b-surgery"]
    assert groups[0].voices[0].quote == Quote("At last.", "Patient")
    assert groups[0].voices[0].patient_views is None
    assert [v.case.slug for v in groups[1].voices] == ["c-surgery"]


def test_voices_page_links_each_voice_to_its_case_study(case_factory, publication_factory) -> None:
    from generator.core.model import Practice, Quote

    case = case_factory(
        "b-surgery",
        practice=Practice("Quayside & Co", "Portwick", "Scotland"),
        patient_views="Easier <b>to</b> get through.",
        quote=Quote("At last.", "Patient"),
    )
    page = pages.voices_page(publication_factory(case))
    assert '<a href="../case-studies/b-surgery/">' in page.html
    assert "Quayside &amp; Co, Portwick" in page.html
    assert '<a href="../nations/scotland/">Scotland</a>' in page.html
    assert "Easier &lt;b&gt;to&lt;/b&gt; get through." in page.html
    assert "<blockquote><p>At last.</p></blockquote>" in page.html
    assert [h.id for h in page.toc] == ["telephony"]
    assert page.html.count("<h1>") == 1


@pytest.mark.slow
def test_built_voices_page_has_every_published_view_and_quote(example_site: Path) -> None:
    html = (example_site / "patients-views/index.html").read_text(encoding="utf-8")
    text = _text(html)
    with_voice = [c for c in PUBLICATION.case_studies if c.patient_views or c.quote]
    assert with_voice, "the example has patients' views"
    for case in with_voice:
        assert f'href="../case-studies/{case.slug}/"' in html, case.slug
        if case.patient_views:
            assert " ".join(case.patient_views.split()) in " ".join(text.split()), case.slug
        if case.quote:
            assert " ".join(case.quote.text.split()) in " ".join(text.split()), case.slug
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'href="patients-views/"' in home, "in the nav"


# -- outcomes at a glance ----------------------------------------------------------


def _outcome_cases(case_factory):
    from generator.core.model import Outcome

    def outcome(before: float, after: float, unit: str = "calls a day") -> Outcome:
        return Outcome("Calls before 10am", after, before, unit)

    return (
        case_factory("a-surgery", outcomes=(outcome(400, 200),)),
        case_factory("b-surgery", outcomes=(outcome(300, 250), outcome(10, 20, "per cent"))),
        case_factory(
            "c-surgery", themes=("online-appointments", "telephony"), outcomes=(outcome(5, 1),)
        ),
    )


def test_outcome_figures_are_numbered_in_chapter_order(case_factory, publication_factory) -> None:
    publication = publication_factory(*_outcome_cases(case_factory))
    figures = pages.outcome_figures(publication, "telephony")
    assert [f.name for f in figures] == ["outcomes-telephony-calls-a-day"]
    assert len(figures[0].bars) == 3, "every case study listing the theme, primary or not"
    assert pages.outcome_figures(publication, "online-appointments") == ()
    numbering = pages.figure_numbering(publication, [("intro.md", "{{ figure: survey }}\n")])
    assert [(e.number, e.name, e.document) for e in numbering.entries] == [
        (1, "survey", "intro.md"),
        (2, "outcomes-telephony-calls-a-day", "themes/telephony/"),
    ]


def test_theme_page_shows_outcomes_at_a_glance(case_factory, publication_factory) -> None:
    publication = publication_factory(*_outcome_cases(case_factory))
    numbering = pages.figure_numbering(publication)
    page = pages.theme_page(publication, "telephony", numbering=numbering)
    assert '<h2 id="outcomes">Outcomes at a glance</h2>' in page.html
    assert '<figure class="data-figure" id="figure-outcomes-telephony-calls-a-day"' in page.html
    assert "Figure 1: Practice telephone systems: before and after, in calls a day" in page.html
    assert page.html.index('id="outcomes"') < page.html.index('id="case-studies"')
    assert [h.id for h in page.toc] == ["outcomes", "case-studies"]
    quiet = pages.theme_page(publication, "online-appointments", numbering=numbering)
    assert "Outcomes at a glance" not in quiet.html and quiet.toc == ()


@pytest.mark.slow
def test_built_theme_pages_number_outcome_figures_like_the_publication(
    example_site: Path,
) -> None:
    numbers: dict[int, str] = {}
    for html_file in sorted(example_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        for name, number in re.findall(
            r'<figure class="data-figure" id="figure-([a-z0-9-]+)" data-figure="[^"]*"[^>]*>'
            r'<figcaption class="data-figure__caption"><p class="data-figure__title">Figure (\d+):',
            html,
        ):
            assert numbers.setdefault(int(number), name) == name, (html_file, number)
    glance = 0
    for theme in PUBLICATION.themes:
        html = (example_site / f"themes/{theme.id}/index.html").read_text(encoding="utf-8")
        for figure in pages.outcome_figures(PUBLICATION, theme.id):
            assert f'id="figure-{figure.name}"' in html, figure.name
            assert figure.name in numbers.values(), f"{figure.name} is numbered"
            glance += 1
    assert glance >= 3, "the example has outcomes to compare"
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), "numbers run without gaps"
