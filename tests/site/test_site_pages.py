"""The page compiler, without MkDocs: models in, finished pages out."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.core.model import Contact, Outcome, Practice, Quote
from generator.site import pages


def test_relative_links_between_directory_addresses() -> None:
    assert pages.relative("case-studies/a/", "case-studies/b/") == "../b/"
    assert pages.relative("case-studies/a/", "themes/x/#top") == "../../themes/x/#top"
    assert pages.relative("", "case-studies/") == "case-studies/"
    assert pages.relative("case-studies/a/", "") == "../../"
    assert pages.relative("case-studies/a/", "case-studies/a/") == "./"
    assert pages.relative("", "listening-to-patients.pdf") == "listening-to-patients.pdf"
    assert pages.relative("case-studies/a/", "case-studies/a/a.pdf") == "a.pdf"


@pytest.mark.parametrize(
    ("after", "before", "expected"),
    [
        (190, 410, "down 220 (54%)"),
        (12.5, 10, "up 2.5 (25%)"),
        (5, 5, "no change"),
        (3, 0, "up 3"),
        (7, None, "–"),
    ],
)
def test_outcome_change_in_words(after: float, before: float | None, expected: str) -> None:
    assert pages.format_change(after, before) == expected


def test_case_study_page_has_every_section(case_factory, publication_factory) -> None:
    case = case_factory(
        outcomes=(Outcome("Calls before 10am", 190, 410, "calls a day"),),
        benefits=("Shorter queue <b>",),
        drawbacks=("Some patients could not use it",),
        barriers=("Staff time",),
        patient_views="Patients said it was easier.",
        quote=Quote("It changed our mornings.", "Practice manager"),
        costs="£200 to set up.",
        contact=Contact("Jo Bloggs", "Practice manager", "jo@example.org", publish=True),
    )
    other = case_factory("other-practice", title="Another practice's story of the telephone")
    page = pages.case_study_page(publication_factory(case, other), case)
    assert page.url == "case-studies/example-surgery/"
    assert page.src_uri == "case-studies/example-surgery/index.md"
    html = page.html
    assert html.count("<h1>") == 1
    # Plain text is escaped, never read as HTML.
    assert "Shorter queue &lt;b&gt;" in html
    assert "<td>410</td>" in html and "<td>190</td>" in html and "down 220 (54%)" in html
    assert '<a href="../../nations/england/">England</a>' in html
    assert '<a href="../../themes/telephony/">Practice telephone systems</a>' in html
    assert "9,800 registered patients" in html
    assert '<time datetime="2014-04-12">12 April 2014</time>' in html
    assert "jo@example.org" in html
    # The link to another case study is resolved by slug, relative to this page.
    assert 'href="../other-practice/#what-we-did"' in html
    assert 'href="../other-practice/"' in html  # "more on this theme"
    # The story's headings sit one level below "Their story".
    assert '<h3 id="what-we-did">What we did</h3>' in html
    assert [h.id for h in page.toc][:3] == ["cs-at-a-glance", "cs-outcomes", "cs-benefits"]
    assert ("what-we-did", 3) in [(h.id, h.level) for h in page.toc]
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids on a page are unique"
    assert {h.id for h in page.toc} <= set(ids)


def test_contact_is_shown_only_when_published(case_factory, publication_factory) -> None:
    contact = Contact("Jo Bloggs", "Practice manager", "jo@example.org", "01234 567890")
    case = case_factory(contact=contact)
    html = pages.case_study_page(publication_factory(case), case).html
    assert "Jo Bloggs" not in html and "jo@example.org" not in html and "567890" not in html
    assert "cs-contact" not in html
    shown = dataclasses.replace(case, contact=dataclasses.replace(contact, publish=True))
    html = pages.case_study_page(publication_factory(shown), shown).html
    assert "Jo Bloggs" in html and 'href="tel:01234567890"' in html


def test_drafts_are_marked(case_factory, publication_factory) -> None:
    draft = case_factory(status="draft", consent=False)
    publication = publication_factory(draft)
    assert "is not published" in pages.case_study_page(publication, draft).html
    assert "cs-badge" in pages.all_page(publication).html


def test_handout_link_when_pdfs_exist(case_factory, publication_factory) -> None:
    case = case_factory()
    downloads = pages.Downloads(
        publication=pages.Download("listening-to-patients.pdf", 48, 1_400_000),
        handouts={
            case.slug: pages.Download("case-studies/example-surgery/example-surgery.pdf", 2, 81_000)
        },
    )
    html = pages.case_study_page(publication_factory(case), case, downloads=downloads).html
    assert 'href="example-surgery.pdf"' in html and "(PDF, 81 KB, 2 pages)" in html
    assert 'href="../../listening-to-patients.pdf"' in html and "1.4 MB, 48 pages" in html


def test_listing_pages_and_counts(case_factory, publication_factory) -> None:
    a = case_factory("a-practice", themes=("telephony", "patient-feedback"))
    b = case_factory(
        "b-practice",
        themes=("patient-feedback",),
        practice=Practice("B Practice", "Cardiff", "Wales", None, "rural"),
    )
    publication = publication_factory(a, b)
    every = pages.site_pages(publication)
    urls = [p.url for p in every]
    assert urls[:3] == ["case-studies/", "themes/", "nations/"]
    assert "themes/patient-feedback/" in urls and "nations/northern-ireland/" in urls
    assert len(urls) == len(set(urls))
    assert [
        p.in_nav for p in every if p.url.startswith("case-studies/") and p.url != "case-studies/"
    ] == [False, False]
    feedback = pages.theme_page(publication, "patient-feedback").html
    assert "2 case studies" in feedback and 'href="../../case-studies/a-practice/"' in feedback
    wales = pages.nation_page(publication, "Wales").html
    assert "1 case study" in wales and "b-practice" in wales and "a-practice" not in wales
    all_html = pages.all_page(publication).html
    assert 'data-themes="telephony patient-feedback"' in all_html
    assert 'data-nation="wales" data-setting="rural"' in all_html
    assert '<option value="rural">Rural</option>' in all_html
    assert '<option value="mixed">' not in all_html  # only settings that occur


def test_home_blocks_go_at_their_markers(case_factory, publication_factory) -> None:
    publication = publication_factory(case_factory())
    blocks = pages.home_blocks(publication)
    assert blocks["download"] == ""
    html = pages.fill_home("<p>a</p><!-- publication:featured --><p>b</p>", blocks)
    assert html.index("Recent case studies") < html.index("<p>b</p>") < html.index("cs-home-themes")
    assert 'href="case-studies/example-surgery/"' in html


def test_section_nav_lists_sections_never_case_studies(case_factory, publication_factory) -> None:
    publication = publication_factory(*(case_factory(f"case-{i}") for i in range(50)))
    sections = pages.section_nav(publication)
    assert sum(len(v) for v in sections.values()) == len(publication.themes) + 4


def test_pages_are_deterministic(case_factory, publication_factory) -> None:
    publication = publication_factory(*(case_factory(f"case-{i}") for i in range(5)))
    assert pages.site_pages(publication) == pages.site_pages(publication)
