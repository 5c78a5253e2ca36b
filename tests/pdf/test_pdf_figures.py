"""Issue 6 in the PDF: figures from data, the survey, the patients' voices, outcomes.

Every test reads the session's example PDFs (one process, and in parts), so
this adds no rendering but one handout.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pdf_helpers import DATE, Example, run

from generator.pdf import write_handout
from generator.pdf.check import start_pages
from generator.pdf.figures import numbering
from generator.pdf.frontmatter import read_front_pages
from generator.site.pages import figure_numbering

ROOT = Path(__file__).resolve().parents[2]
LIST_ENTRY = re.compile(r"^\s*Figure (\d+): (.+?)\s*\.{3,}\s*(\d+)\s*$")
CAPTION = re.compile(r"^\s*Figure (\d+): ")


def pages(example: Example) -> list[str]:
    """Each page's text, in reading order (index 0 is page 1)."""
    return run("pdftotext", str(example.path), "-").split("\f")


def contents_page(example: Example) -> int:
    return example.starts["contents"]


def listed(example: Example) -> list[tuple[int, str, int]]:
    """The list of figures: (number, title, page)."""
    text = run("pdftotext", "-layout", str(example.path), "-").split("\f")
    start = contents_page(example) - 1
    rows = []
    for page in text[start : example.starts["working-together"] - 1]:
        for line in page.splitlines():
            match = LIST_ENTRY.match(line)
            if match:
                rows.append((int(match[1]), match[2], int(match[3])))
    return rows


def captions(example: Example) -> list[tuple[int, int]]:
    """(figure number, page) of each figure's caption, after the contents."""
    found = []
    for index, page in enumerate(pages(example)):
        if index + 1 <= contents_page(example):
            continue
        for line in page.splitlines():
            match = CAPTION.match(line)
            if match:
                found.append((int(match[1]), index + 1))
    return found


def test_figures_are_numbered_in_order_once_each(example_pdf: Example) -> None:
    numbers = [number for number, _ in captions(example_pdf)]
    assert numbers == list(range(1, 6))


def test_list_of_figures_gives_the_pages_the_figures_are_on(example_pdf: Example) -> None:
    entries = listed(example_pdf)
    assert [n for n, _, _ in entries] == [1, 2, 3, 4, 5]
    assert [(n, page) for n, _, page in entries] == captions(example_pdf)
    assert entries[0][1] == "GPs' plans for networks and federations"


def test_list_of_figures_links_to_each_figure(example_pdf: Example) -> None:
    starts = example_pdf.starts
    figure_anchors = sorted(k for k in starts if "--figure-" in k)
    assert figure_anchors == sorted(
        [
            "working-together--figure-gp-networks-survey",
            "working-together--figure-gp-networks-support",
            "ch-telephony--figure-outcomes-telephony-calls-a-day",
            "ch-online-appointments--figure-outcomes-online-appointments-calls-a-day",
            "cs-beta-practice--figure-calls-answered",
        ]
    )
    by_page = dict(captions(example_pdf))
    assert starts["cs-beta-practice--figure-calls-answered"] == by_page[4]


def test_the_figures_text_and_numbers_are_in_the_pdf(example_pdf: Example) -> None:
    text = " ".join(" ".join(pages(example_pdf)).split())
    # The caption repeats the SVG's title; the chart's labels and values are text.
    assert "Figure 1: GPs' plans for networks and federations" in text
    assert "Considering joining a network" in text
    for value in ("35%", "22%", "63%", "66%", "60%", "44%", "43%", "412", "287", "410", "190"):
        assert value in text, value
    assert "Figure 1 data: GPs' plans for networks and federations" in text
    assert "Figure 4 data: Calls answered within a minute" in text
    assert "Source: The practice's telephone system, February 2014." in text


def test_the_survey_section_states_its_source_and_date(example_pdf: Example) -> None:
    start = example_pdf.starts["working-together"]
    section = " ".join(pages(example_pdf)[start - 1].split())
    assert section.startswith("What GPs told us about working together")
    assert "Source: British Medical Association survey of 1,555 GPs, May 2014." in section
    assert start < example_pdf.starts["patients-views"] < example_pdf.starts["ch-telephony"]


def test_every_published_case_studys_voice_is_gathered(example_pdf: Example) -> None:
    starts = example_pdf.starts
    first, last = starts["patients-views"], starts["ch-telephony"] - 1
    section = " ".join(" ".join(pages(example_pdf)[first - 1 : last]).split())
    for case in example_pdf.publication.case_studies:
        if not case.is_published:
            assert case.title not in section
            assert case.slug not in section
            continue
        assert f"{case.title} (see page {starts[f'cs-{case.slug}']})" in section
        assert case.patient_views in section
        assert case.quote is not None and case.quote.text in section


def test_chapters_show_outcomes_at_a_glance(example_pdf: Example) -> None:
    opener = " ".join(pages(example_pdf)[example_pdf.starts["ch-telephony"] - 1].split())
    assert (
        "Outcomes at a glance Figure 3: Practice telephone systems: before and after, in calls a day"
        in opener
    )
    assert "Alpha Surgery Surgery: Calls to reception before 10am" in opener
    # the draft's outcomes are not among them
    assert "Zeta" not in " ".join(pages(example_pdf))


def test_the_pdf_numbers_figures_as_the_site_does() -> None:
    """The real project: the site numbers the nav's content pages in reading order,
    then the chapters; the PDF must give every figure the same number."""
    from generator.core.load import load_publication

    publication = load_publication(ROOT)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["nav"]
    files = [ROOT / "content" / path for path in _md(nav)]
    # Generated pages (the voices, the guide) are in the nav but not in content/.
    content = [(str(f), f.read_text(encoding="utf-8")) for f in files if f.is_file()]
    site = figure_numbering(publication, content)
    pdf = numbering(publication, read_front_pages(ROOT))
    assert pdf.numbers == site.numbers
    assert pdf.numbers["gp-networks-survey"] == 1


def test_a_handout_draws_its_figures(example_pdf: Example, tmp_path: Path) -> None:
    pub = example_pdf.publication
    case = pub.by_slug("beta-practice")
    info = write_handout(pub, case, tmp_path / "beta.pdf", root=example_pdf.root, date=DATE)
    text = " ".join(run("pdftotext", str(info.path), "-").split())
    # numbered as in the publication and on the case study's web page
    assert "Figure 4: Calls answered within a minute" in text
    assert "412" in text and "287" in text
    from pypdf import PdfReader

    assert "cs-beta-practice--figure-calls-answered" in start_pages(PdfReader(info.path))


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its ``!ENV`` tags read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _md(nav: object) -> list[str]:
    """The Markdown files the nav names, in reading order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _md(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _md(value)]
    return []
