"""Figures from data: data files checked like case studies, the chart, the table,
the Markdown placeholder, numbering and the outcomes figure.

``tests/golden/figures/<name>.yml`` is checked as ``content/data/<name>.yml``;
``<name>.expected`` holds the exact lines ``publication validate`` prints for
it (empty: valid). ``gp-networks-survey.html`` is the drawn figure of the real
data file, so a change to the markup shows up as a diff to read. Set
``UPDATE_GOLDEN=1`` to rewrite them after a deliberate change.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.core.errors import BuildFailed
from generator.core.figures import (
    PALETTE,
    Bar,
    FigureData,
    figure_names,
    fill_figures,
    load_figures,
    number_figures,
    outcome_units,
    outcomes_figure,
    render_figure_html,
    render_figure_svg,
)
from generator.core.figures import svg as svg_module
from generator.core.load import load_publication
from generator.core.markdown import render
from generator.core.rules.catalogue import RULES

from .conftest import GOLDEN, ROOT, write_project

FIXTURES = GOLDEN / "figures"
DATA_FILES = sorted(FIXTURES.glob("*.yml"))
SVG = "{http://www.w3.org/2000/svg}"


def _update() -> bool:
    return bool(os.environ.get("UPDATE_GOLDEN"))


def _survey() -> FigureData:
    figures, problems = load_figures(ROOT)
    assert problems == []
    return figures["gp-networks-survey"]


SERIES = FigureData(
    name="calls",
    source_file="",
    title="Calls before and after",
    source="Practice records",
    date="2014-05-22",
    unit="calls a day",
    bars=(Bar("Example Surgery", (410, 190)), Bar("Other & <Co>", (1200.5, 0))),
    series=("Before", "After"),
)


# -- data files ----------------------------------------------------------------


@pytest.mark.parametrize("data_file", DATA_FILES, ids=[p.stem for p in DATA_FILES])
def test_data_file_messages(data_file: Path, tmp_path: Path) -> None:
    root = write_project(tmp_path, {f"content/data/{data_file.name}": data_file.read_bytes()})
    figures, problems = load_figures(root)
    actual = "".join(p.format() + "\n" for p in problems)
    expected = data_file.with_suffix(".expected")
    if _update():
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
    assert (data_file.stem in figures) == (actual == "")


def test_messages_point_at_the_line_and_suggest(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"content/data/unknown-field.yml": (FIXTURES / "unknown-field.yml").read_text()}
    )
    _, problems = load_figures(root)
    lines = [p.format() for p in problems]
    assert (
        "content/data/unknown-field.yml:1:1: error: unknown field 'titel' in the data file; "
        "did you mean 'title'? [unknown-field]"
    ) in lines
    assert any(
        p.line == 7 and p.column == 5 and p.rule == "unknown-field" and "'value'" in p.message
        for p in problems
    )


def test_every_rule_reported_for_data_files_is_catalogued() -> None:
    rules = set()
    for expected in FIXTURES.glob("*.expected"):
        rules.update(re.findall(r"\[([a-z0-9-]+)\]$", expected.read_text(), re.M))
    assert {"figure-values", "duplicate-label", "figure-shape", "out-of-range"} <= rules
    assert rules <= set(RULES)


def test_file_names(tmp_path: Path) -> None:
    valid = (FIXTURES / "valid-simple.yml").read_text()
    root = write_project(
        tmp_path,
        {
            "content/data/Survey Results.yml": valid,
            "content/data/survey.yaml": valid,
            "content/data/notes.txt": "hello",
            "content/data/README.md": "Data files for figures.",
            "content/data/ok.yml": valid,
        },
    )
    figures, problems = load_figures(root)
    assert list(figures) == ["ok"]
    assert [(p.path, p.rule) for p in problems] == [
        ("content/data/Survey Results.yml", "figure-file-name"),
        ("content/data/notes.txt", "figure-file-name"),
        ("content/data/survey.yaml", "figure-file-name"),
    ]
    assert "content/data/survey-results.yml" in problems[0].message
    assert "ends '.yaml'; data files end '.yml'" in problems[2].message


def test_no_data_folder_means_no_figures(tmp_path: Path) -> None:
    assert load_figures(write_project(tmp_path, {})) == ({}, [])


def test_the_survey_files_hold_the_published_numbers() -> None:
    figures, problems = load_figures(ROOT)
    assert problems == []
    assert sorted(figures) == ["gp-networks-support", "gp-networks-survey"]
    survey, support = figures["gp-networks-survey"], figures["gp-networks-support"]
    assert [b.values[0] for b in survey.bars] == [35, 22, 63]
    assert [b.values[0] for b in support.bars] == [66, 60, 44, 43]
    for figure in (survey, support):
        assert "1,555" in figure.source and figure.date_text == "May 2014"
        assert figure.is_percent


def test_date_text() -> None:
    assert SERIES.date_text == "22 May 2014"
    assert _survey().date_text == "May 2014"


# -- the chart -------------------------------------------------------------------


def _svg(figure: FigureData, number: int | None = 1) -> ET.Element:
    return ET.fromstring(render_figure_svg(figure, number=number, id="fig"))


@pytest.mark.parametrize("figure", [_survey(), SERIES], ids=["simple", "series"])
def test_svg_is_xml_with_title_desc_and_labels(figure: FigureData) -> None:
    root = _svg(figure)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == f"Figure 1: {figure.title}"
    for bar in figure.bars:
        assert bar.label in (desc.text or "")
    assert figure.source in (desc.text or "") and figure.date_text in (desc.text or "")
    assert root.get("viewBox", "").startswith("0 0 ")
    assert "script" not in ET.tostring(root, encoding="unicode").lower()
    assert root.find(f"{SVG}style") is None, "a <style> in inline SVG would restyle the page"


def _numbers(texts: list[str]) -> list[float]:
    return [float(re.sub(r"[^0-9.]", "", t.rsplit(" ", 1)[-1])) for t in texts]


class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self._tag: str | None = None
        self.caption = ""
        self.scopes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th", "caption"):
            self._tag = tag
            self.cells.append((tag, ""))
        if tag == "th":
            self.scopes.append(dict(attrs).get("scope") or "")

    def handle_endtag(self, tag: str) -> None:
        self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag:
            tag, text = self.cells[-1]
            self.cells[-1] = (tag, text + data)


@pytest.mark.parametrize("figure", [_survey(), SERIES], ids=["simple", "series"])
def test_the_chart_and_the_table_hold_the_same_numbers(figure: FigureData) -> None:
    html = render_figure_html(figure, number=3, id="figure-x")
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]
    assert len(charts) == 2  # the wide chart, and the phone's (hidden until the site shows it)
    assert '<div class="data-figure__narrow" hidden><svg' in html
    for chart in charts:
        _chart_matches_table(figure, html, chart)


def _chart_matches_table(figure: FigureData, html: str, chart: ET.Element) -> None:
    values = [t.text or "" for t in chart.iter(f"{SVG}text") if t.get("class") == "value"]
    table = _Table()
    table.feed(html[html.index("<table") :])
    data = [text for tag, text in table.cells if tag == "td"]
    expected = [v for bar in figure.bars for v in bar.values]
    assert _numbers(values) == _numbers(data) == expected
    assert all(scope in ("col", "row") for scope in table.scopes)
    assert [text for tag, text in table.cells if tag == "caption"] == [
        f"Figure 3 data: {figure.title}"
    ]
    # Bars are drawn to scale: width / value is the same for every non-zero bar.
    widths = [float(r.get("width", 0)) for r in chart.iter(f"{SVG}rect")][1:]
    ratios = {round(w / v, 3) for w, v in zip(widths, [v for v in expected if v], strict=True)}
    assert len(ratios) == 1


def test_series_are_named_in_words_not_colour_alone() -> None:
    chart = _svg(SERIES)
    values = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "value"]
    assert values == ["Before: 410", "After: 190", "Before: 1,200.5", "After: 0"]
    fills = {r.get("fill") for r in chart.iter(f"{SVG}rect")}
    assert {PALETTE[0], PALETTE[1]} <= fills


def test_output_is_deterministic() -> None:
    first = render_figure_html(_survey(), number=1, id="figure-a")
    assert first == render_figure_html(_survey(), number=1, id="figure-a")
    assert render_figure_svg(SERIES, number=None) == render_figure_svg(SERIES, number=None)


def test_the_survey_figure_matches_its_golden_file() -> None:
    actual = render_figure_html(_survey(), number=1, id="figure-gp-networks-survey") + "\n"
    golden = FIXTURES / "gp-networks-survey.html"
    if _update():
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_text_is_escaped() -> None:
    html = render_figure_html(SERIES, number=None, id="x")
    assert "Other &amp; &lt;Co&gt;" in html and "<Co>" not in html
    ET.fromstring(render_figure_svg(SERIES, number=None))  # still well-formed XML


def test_figure_html_has_caption_source_and_date() -> None:
    html = render_figure_html(_survey(), number=2, id="figure-s")
    assert html.startswith('<figure class="data-figure" id="figure-s"')
    caption = re.search(r"<figcaption.*?</figcaption>", html).group(0)  # type: ignore[union-attr]
    assert "Figure 2: GPs&#x27; plans for networks and federations" in caption
    assert "Source: British Medical Association survey of 1,555 GPs, May 2014." in caption


# -- contrast ----------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_palette_contrast_meets_wcag_aa() -> None:
    background = svg_module.BACKGROUND
    assert _contrast("#000000", "#ffffff") == pytest.approx(21)
    assert _contrast(svg_module.TEXT, background) >= 4.5
    assert _contrast(svg_module.AXIS, background) >= 3
    for colour in PALETTE:
        assert _contrast(colour, background) >= 4.5, colour  # 3:1 is the rule; we keep 4.5
    chart = render_figure_svg(SERIES, number=None)
    assert f'fill="{background}"' in chart, "the chart draws its own background"
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', chart))
    assert used <= {background, svg_module.TEXT, svg_module.AXIS, *PALETTE}


# -- the Markdown syntax -----------------------------------------------------------


def test_placeholder_round_trip() -> None:
    rendered = render("Some text.\n\n{{ figure: gp-networks-survey }}\n\nMore text.\n")
    assert [f.value for f in rendered.findings if f.kind == "figure"] == ["gp-networks-survey"]
    assert not [f for f in rendered.findings if f.kind == "raw-html"]
    assert figure_names(rendered.html) == ("gp-networks-survey",)
    figures, _ = load_figures(ROOT)
    numbering = number_figures(
        [("intro", ["gp-networks-support"]), ("page", ["gp-networks-survey"])]
    )
    html = fill_figures(rendered.html, figures, numbering)
    assert "<p>Some text.</p>" in html and "<p>More text.</p>" in html
    assert 'id="figure-gp-networks-survey"' in html
    assert "Figure 2: GPs&#x27; plans" in html
    assert figure_names(html) == (), "no placeholder is left"
    assert fill_figures(html, figures, numbering) == html, "filling twice changes nothing"


def test_the_same_extension_serves_mkdocs() -> None:
    """Content pages on the site are converted by MkDocs, which loads the extension by name."""
    md = markdown.Markdown(extensions=["generator.core.markdown:FigureExtension", "attr_list"])
    html = md.convert("{{figure:gp-networks-survey}}")
    assert html == '<figure class="data-figure" data-figure="gp-networks-survey"></figure>'


def test_code_is_not_a_figure() -> None:
    rendered = render("Write `{{ figure: name }}`.\n\n```\n{{ figure: name }}\n```\n")
    assert not [f for f in rendered.findings if f.kind.startswith("figure")]
    assert figure_names(rendered.html) == ()


def test_fill_figures_gives_repeated_figures_their_own_ids() -> None:
    figures, _ = load_figures(ROOT)
    html = render("{{ figure: gp-networks-survey }}\n\n{{ figure: gp-networks-survey }}").html
    filled = fill_figures(html, figures, {"gp-networks-survey": 4}, id_prefix="intro-")
    assert re.findall(r'<figure class="data-figure" id="([^"]+)"', filled) == [
        "intro-gp-networks-survey",
        "intro-gp-networks-survey-2",
    ]
    assert filled.count("Figure 4: ") == 6  # caption and the two charts' <title>, twice


def test_fill_figures_refuses_a_figure_without_data() -> None:
    html = render("{{ figure: nowhere }}").html
    with pytest.raises(BuildFailed, match=r"content/data/nowhere\.yml"):
        fill_figures(html, {}, None)


def test_numbering_follows_publication_order() -> None:
    numbering = number_figures(
        [
            ("introduction", []),
            ("working-together", ["gp-networks-survey", "gp-networks-support"]),
            ("case-study:a", ["gp-networks-survey", "outcomes-telephony-per-cent"]),
        ]
    )
    assert [(e.number, e.name, e.document) for e in numbering.entries] == [
        (1, "gp-networks-survey", "working-together"),
        (2, "gp-networks-support", "working-together"),
        (3, "outcomes-telephony-per-cent", "case-study:a"),
    ]
    assert numbering.number("gp-networks-support") == 2
    assert numbering.number("absent") is None


# -- validation of placed figures --------------------------------------------------

STORY = """---
title: Online repeat prescriptions halved the morning queue
practice:
  name: Example Surgery
  town: Anytown
  nation: England
themes: [collaborative-working]
summary: One or two plain sentences about what the practice did and what changed.
submitted: 2014-04-12
status: review
consent: true
---

## What we did

We joined a network.

{{ figure: gp-network-survey }}

And then the text carried on {{ figure: gp-networks-survey }} inside a sentence.

{{ figure: broken }}
"""


def test_unknown_figure_in_a_case_study(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "casestudies/example.md": STORY,
            "content/data/gp-networks-survey.yml": (
                ROOT / "content/data/gp-networks-survey.yml"
            ).read_bytes(),
            "content/data/broken.yml": "title: x\n",
        },
    )
    publication = load_publication(root, drafts=True)
    lines = [p.format() for p in publication.problems if p.path == "casestudies/example.md"]
    assert lines == [
        "casestudies/example.md:18:1: error: there is no figure 'gp-network-survey' "
        "(no content/data/gp-network-survey.yml); did you mean 'gp-networks-survey'? "
        "[unknown-figure]",
        "casestudies/example.md:20:30: error: this '{{ figure' is not read as a figure: write "
        "it exactly {{ figure: name }}, as a paragraph of its own, with an empty line before "
        "and after it [figure-not-alone]",
    ]
    # broken.yml has its own errors; the story placing it is not also told it does not exist.
    assert {p.path for p in publication.problems} == {
        "casestudies/example.md",
        "content/data/broken.yml",
    }
    assert [f.name for f in publication.figures] == ["gp-networks-survey"]


def test_a_valid_story_keeps_its_placeholder(tmp_path: Path) -> None:
    story = STORY.split("{{ figure: gp-network-survey }}")[0] + (
        "{{ figure: gp-networks-survey }}\n\nWe learnt a great deal from the other practices.\n"
    )
    root = write_project(
        tmp_path,
        {
            "casestudies/example.md": story,
            "content/data/gp-networks-survey.yml": (
                ROOT / "content/data/gp-networks-survey.yml"
            ).read_bytes(),
        },
    )
    publication = load_publication(root, drafts=True)
    assert publication.problems == ()
    case = publication.case_studies[0]
    assert figure_names(case.body_html) == ("gp-networks-survey",)
    filled = fill_figures(case.body_html, publication.figures_by_name)
    assert "<svg" in filled and "<table" in filled


def test_unknown_figure_in_a_content_page(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "content/page.md": "---\ntitle: A page\n---\n\nText.\n\n{{ figure: missing }}\n",
            "content/other.md": "No figures here, just the word figure.\n",
        },
    )
    problems = load_publication(root).problems
    assert [p.format() for p in problems] == [
        "content/page.md:7:1: error: there is no figure 'missing' (no content/data/missing.yml); "
        "there are no data files in content/data/ yet [unknown-figure]"
    ]


def test_the_example_project_places_its_figures() -> None:
    publication = load_publication(ROOT)
    assert publication.errors == ()
    assert [f.name for f in publication.figures] == ["gp-networks-support", "gp-networks-survey"]
    text = (ROOT / "content" / "working-together.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: What GPs told us about working together\n---\n")
    body = text.split("---\n", 2)[2]
    rendered = render(body)
    assert figure_names(rendered.html) == ("gp-networks-survey", "gp-networks-support")
    assert "Richard Vautrey" in body
    assert all(h.level == 2 for h in rendered.headings)


# -- outcomes at a glance ----------------------------------------------------------


def test_outcomes_figure_pairs_before_and_after() -> None:
    publication = load_publication(ROOT)
    cases = publication.case_studies
    assert "per cent of calls" in outcome_units(cases, "telephony")
    figure = outcomes_figure(cases, "telephony", "per cent of calls")
    assert figure is not None
    assert figure.series == ("Before", "After") and figure.is_percent
    assert len(figure.bars) == 2
    for bar in figure.bars:
        assert len(bar.values) == 2
    assert figure.name == "outcomes-telephony-per-cent-of-calls"
    html = render_figure_html(figure, number=None, id=figure.name)
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)
    assert outcomes_figure(cases, "telephony", "bookings a month") is None  # only one
    assert outcomes_figure(cases, "telephony", "bookings a month", minimum=1) is not None
