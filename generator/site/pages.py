"""Models to pages: every page the publication adds to a website, as plain data.

The core compiles each page to finished HTML here, from the publication's
models and a few Jinja fragments in ``site/templates/`` (:mod:`generator.site.page`); an engine only hands
the results to MkDocs or Zensical. Case-study bodies were converted once by
:mod:`generator.core.markdown`; this module never converts Markdown again, so the
site cannot disagree with the PDF about what a case study says.

Addresses are in :mod:`generator.site.urls`, the one escaping of editor text in
:mod:`generator.site.text`, search entries in :mod:`generator.site.search`, and
figure numbers (shared with the PDF) in :mod:`generator.core.figures.order`.
Nothing here imports an engine.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from .contribute_form import contribute_page
from ..core.figures import (
    FigureNumbering,
    figure_names,
    fill_figures,
    render_figure_html,
)
from ..core.figures.order import figure_numbering, outcome_figures
from ..core.formatting import FACT_LABELS, format_change, unit_note
from ..core.markdown import rewrite_urls
from ..core.model import (
    NATIONS,
    SETTINGS,
    CaseStudy,
    Heading,
    Problem,
    Publication,
)
from .page import NO_DOWNLOADS, Download, Downloads, Links, Page, render
from .search import SearchSection, search_sections
from .text import html_text
from .urls import (
    ALL_URL,
    GUIDE_URL,
    NATIONS_URL,
    THEMES_URL,
    VOICES_URL,
    case_study_url,
    nation_id,
    nation_url,
    relative,
    src_uri,
    theme_url,
)

__all__ = [
    "ALL_URL",
    "GUIDE_URL",
    "NATIONS_URL",
    "THEMES_URL",
    "VOICES_URL",
    "Download",
    "Downloads",
    "Page",
    "SearchSection",
    "all_page",
    "buildable",
    "case_study_page",
    "case_study_url",
    "figure_numbering",
    "fill_home",
    "guide_page",
    "home_blocks",
    "home_toc",
    "html_text",
    "nation_id",
    "nation_page",
    "nation_url",
    "nations_page",
    "outcome_figures",
    "problems_block",
    "relative",
    "search_sections",
    "section_nav",
    "site_pages",
    "src_uri",
    "stand_in_page",
    "theme_page",
    "theme_url",
    "themes_page",
    "voices_page",
    "with_problems",
]
"""What the engines and the PDF read of the site's pages; addresses, escaping,
search entries and figure numbers live in their own modules and are named here
too, so an engine reads one module."""

FEATURED = 4
"""How many case studies the home page features (the most recently submitted)."""

CONTENTS_FROM = 8
"""A case study with this many entries in its table of contents (sections and
the story's headings) is long: it gets a contents list at its top for a phone,
where Material hides the contents sidebar (GOV.UK's HTML publications do the same)."""

HOME_MARKERS = ("themes", "featured", "download")
"""Blocks the plugin adds to the home page, at ``<!-- publication:NAME -->`` in
``content/index.md`` when the marker is there, else at the end in this order."""


def _story_html(
    case: CaseStudy, here: str, publication: Publication, numbering: FigureNumbering | None
) -> Markup:
    """The canonical body with this site's addresses and its figures drawn.

    Images sit beside the page; figures are numbered as in the PDF.
    """

    def link(slug: str, fragment: str | None) -> str:
        return relative(here, case_study_url(slug) + (f"#{fragment}" if fragment else ""))

    html = case.body_html
    if "data-figure" in html:
        html = fill_figures(html, publication.figures_by_name, numbering)
    html = rewrite_urls(html, case_study_link=link, image=lambda src: src)
    # The story sits under the page's "Their story" heading, so its own
    # headings go one level down; the body has no raw HTML, so every "<hN" is one.
    html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
    return Markup(_TABLE.sub(_scrollable_table, html))


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def _scrollable_table(match: re.Match[str]) -> str:
    """A table in a region that scrolls sideways and that a keyboard can reach.

    Material wraps unclassed tables in a scrolling box a keyboard cannot
    focus (axe: scrollable-region-focusable); ours are classed and wrapped here.
    """
    inner = match.group(1)
    return (
        '<div class="cs-scroll" role="region" tabindex="0" aria-label="Table" data-search-exclude>'
        f'<table class="cs-table">{inner}</table></div>'
    )


_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")


_SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("cs-outcomes", "Outcomes"),
    ("cs-benefits", "Benefits"),
    ("cs-drawbacks", "Drawbacks"),
    ("cs-barriers", "Barriers"),
    ("cs-patient-views", "What patients said"),
    ("cs-costs", "Costs"),
    ("cs-contact", "Contact"),
)


def _case_study_toc(case: CaseStudy) -> tuple[Heading, ...]:
    """The headings the case-study template writes, in page order."""
    present = {
        "cs-outcomes": bool(case.outcomes),
        "cs-benefits": bool(case.benefits),
        "cs-drawbacks": bool(case.drawbacks),
        "cs-barriers": bool(case.barriers),
        "cs-patient-views": bool(case.patient_views),
        "cs-costs": bool(case.costs),
        "cs-contact": case.published_contact is not None,
    }
    toc = [Heading(2, "cs-at-a-glance", "At a glance")]
    toc += [Heading(2, i, t) for i, t in _SECTION_HEADINGS if present[i]]
    toc.append(Heading(2, "cs-story", "Their story"))
    toc += [Heading(h.level + 1, h.id, h.title) for h in case.headings if h.level <= 2]
    toc.append(Heading(2, "cs-more", "More on this theme"))
    return tuple(toc)


def _related(
    case: CaseStudy, in_theme: tuple[CaseStudy, ...], limit: int = 5
) -> tuple[CaseStudy, ...]:
    """Others on the primary theme: the next ones by slug, wrapping round.

    Each case study gets different neighbours, so every one is linked from
    somewhere, and the cost is constant per page (no pass over all N).
    """
    others = len(in_theme) - 1
    if others <= 0:
        return ()
    start = _bisect_slug(in_theme, case.slug)
    count = min(limit, others)
    return tuple(in_theme[(start + k) % len(in_theme)] for k in range(1, count + 1))


def _bisect_slug(cases: tuple[CaseStudy, ...], slug: str) -> int:
    """Position of ``slug`` in cases sorted by slug."""
    low, high = 0, len(cases)
    while low < high:
        middle = (low + high) // 2
        if cases[middle].slug < slug:
            low = middle + 1
        else:
            high = middle
    return low


def theme_index(publication: Publication) -> dict[str, tuple[CaseStudy, ...]]:
    """Case studies by theme, each sorted by slug: built once, read by every page."""
    index: dict[str, list[CaseStudy]] = {t.id: [] for t in publication.themes}
    for case in publication.case_studies:
        for theme in case.themes:
            index.setdefault(theme, []).append(case)
    return {theme: tuple(sorted(cases, key=lambda c: c.slug)) for theme, cases in index.items()}


def case_study_page(
    publication: Publication,
    case: CaseStudy,
    *,
    downloads: Downloads = NO_DOWNLOADS,
    themes_index: Mapping[str, tuple[CaseStudy, ...]] | None = None,
    numbering: FigureNumbering | None = None,
) -> Page:
    """The page of one case study at ``/case-studies/<slug>/``."""
    url = case_study_url(case.slug)
    if themes_index is None:
        themes_index = theme_index(publication)
    toc = _case_study_toc(case)
    html = render(
        "case-study.html",
        case=case,
        contents=[h for h in toc if h.level == 2] if len(toc) >= CONTENTS_FROM else [],
        cover=case.separate_cover,
        publication=publication,
        themes=[publication.theme(t) for t in case.themes],
        primary=publication.theme(case.primary_theme),
        related=_related(case, themes_index[case.primary_theme]),
        story=_story_html(case, url, publication, numbering),
        contact=case.published_contact,
        outcomes=[
            (o, unit_note(o.measure, o.unit, o.period), format_change(o.after, o.before, o.unit))
            for o in case.outcomes
        ],
        labels=FACT_LABELS,
        handout=downloads.handouts.get(case.slug),
        publication_pdf=downloads.publication,
        link=Links(url),
    )
    return Page(
        src_uri=src_uri(url),
        url=url,
        title=case.title,
        description=case.summary,
        html=html,
        toc=toc,
    )


def _cards(
    cases: Iterable[CaseStudy], publication: Publication, here: str, level: int = 3
) -> Markup:
    return Markup(
        render(
            "cards.html",
            cases=list(cases),
            themes={t.id: t for t in publication.themes},
            level=level,
            link=Links(here),
        )
    )


def theme_page(
    publication: Publication, theme_id: str, *, numbering: FigureNumbering | None = None
) -> Page:
    """A theme: its description from ``themes.yml``, the outcomes its case studies
    share at a glance, then its case studies' cards."""
    theme = publication.theme(theme_id)
    url = theme_url(theme_id)
    cases = publication.in_theme(theme_id)
    figures = [
        Markup(
            render_figure_html(
                figure,
                number=numbering.number(figure.name) if numbering else None,
                id=f"figure-{figure.name}",
            )
        )
        for figure in outcome_figures(publication, theme_id)
    ]
    html = render(
        "listing.html",
        title=theme.title,
        intro=theme.description,
        count=len(cases),
        cards=_cards(cases, publication, url),
        figures=figures,
        link=Links(url),
        kind="theme",
    )
    toc: tuple[Heading, ...] = ()
    if figures:
        noun = "case study" if len(cases) == 1 else "case studies"
        toc = (
            Heading(2, "outcomes", "Outcomes at a glance"),
            Heading(2, "case-studies", f"{len(cases)} {noun}"),
        )
    return Page(src_uri(url), url, theme.title, theme.description, html, toc=toc, in_nav=True)


def nation_page(publication: Publication, nation: str) -> Page:
    """The case studies from one of the four nations."""
    url = nation_url(nation)
    cases = tuple(c for c in publication.case_studies if c.practice.nation == nation)
    description = f"Case studies from general practices in {nation}."
    html = render(
        "listing.html",
        title=nation,
        intro=description,
        count=len(cases),
        cards=_cards(cases, publication, url),
        figures=[],
        link=Links(url),
        kind="nation",
    )
    return Page(src_uri(url), url, nation, description, html, in_nav=True, searchable=False)


def _theme_counts(publication: Publication) -> list[tuple[str, str, int]]:
    return [(t.id, t.title, len(publication.in_theme(t.id))) for t in publication.themes]


def _nation_counts(publication: Publication) -> list[tuple[str, int]]:
    counts = {n: 0 for n in NATIONS}
    for case in publication.case_studies:
        counts[case.practice.nation] = counts.get(case.practice.nation, 0) + 1
    return [(n, counts[n]) for n in NATIONS]


def all_page(publication: Publication) -> Page:
    """Every case study on one page, with a filter by theme, nation and setting.

    Without JavaScript it is the full list with the facets as links; the script
    (``assets/javascripts/filter.js``) shows the filter form and keeps the
    choice in the URL.
    """
    url = ALL_URL
    settings = {c.practice.setting for c in publication.case_studies if c.practice.setting}
    html = render(
        "all.html",
        count=len(publication.case_studies),
        theme_counts=_theme_counts(publication),
        nation_counts=_nation_counts(publication),
        settings=[s for s in SETTINGS if s in settings],
        cards=_cards(publication.case_studies, publication, url),
        link=Links(url),
    )
    title = "All case studies"
    description = "Every case study in the publication, filterable by theme, nation and setting."
    return Page(src_uri(url), url, title, description, html, in_nav=True, searchable=False)


def themes_page(publication: Publication) -> Page:
    url = THEMES_URL
    html = render(
        "themes.html",
        themes=publication.themes,
        counts={t: n for t, _, n in _theme_counts(publication)},
        link=Links(url),
    )
    description = "The themes of the publication, each with its case studies."
    return Page(src_uri(url), url, "Themes", description, html, in_nav=True)


def nations_page(publication: Publication) -> Page:
    url = NATIONS_URL
    html = render("nations.html", nation_counts=_nation_counts(publication), link=Links(url))
    description = "Case studies from England, Scotland, Wales and Northern Ireland."
    return Page(src_uri(url), url, "Nations", description, html, in_nav=True)


def voices_page(publication: Publication) -> Page:
    """ "What patients told practices": every case study's patients' views and quote,
    by primary theme (:func:`generator.core.voices.patient_voices`, shared with the PDF)."""
    from ..core.voices import patient_voices

    url = VOICES_URL
    groups = patient_voices(publication)
    html = render("patients-views.html", groups=groups, link=Links(url))
    toc = tuple(Heading(2, g.theme.id, g.theme.title) for g in groups)
    title = "What patients told practices"
    description = "Patients' views and words from every case study, grouped by theme."
    return Page(src_uri(url), url, title, description, html, toc=toc, in_nav=True)


def guide_page(publication: Publication) -> Page:
    """The editors' guide: every field and every rule id, from their declarations.

    Made from :mod:`generator.site.guide` on every build, so it cannot drift from
    what the validator checks. Rule ids are anchors (``#rule-<id>``), so a
    message's id can be looked up by address.
    """
    from .guide import (
        SCRIPTS_INTRO,
        SCRIPTS_REFUSED,
        SCRIPTS_TITLE,
        field_rows,
        rule_groups,
        scripts_drawn,
    )

    url = GUIDE_URL
    groups = rule_groups()
    html = render(
        "guide.html",
        fields=field_rows(),
        themes=publication.themes,
        groups=groups,
        scripts_title=SCRIPTS_TITLE,
        scripts_intro=SCRIPTS_INTRO,
        scripts_refused=SCRIPTS_REFUSED,
        scripts=scripts_drawn(),
        link=Links(url),
    )
    toc = (
        Heading(2, "fields", "The fields"),
        Heading(2, "themes", "Theme ids"),
        Heading(2, "characters", SCRIPTS_TITLE),
        Heading(2, "rules", "Problems the checker reports"),
        *(Heading(3, f"rules-{g.id}", g.title) for g in groups),
    )
    description = "Every field of a case study and every problem the checker reports, with fixes."
    title = "Guide to the case-study format"
    # A file of its own, not ``contribute/guide/index.md``: Material would take an
    # index file for the page of the "How to contribute" section itself.
    return Page("contribute/guide.md", url, title, description, html, toc=toc, in_nav=True)


def site_pages(
    publication: Publication,
    *,
    downloads: Downloads = NO_DOWNLOADS,
    numbering: FigureNumbering | None = None,
) -> tuple[Page, ...]:
    """Every page the plugin adds, in a stable order: overviews, themes, nations, case studies."""
    if numbering is None:
        numbering = figure_numbering(publication)
    pages = [all_page(publication), themes_page(publication), nations_page(publication)]
    pages += [theme_page(publication, t.id, numbering=numbering) for t in publication.themes]
    pages += [nation_page(publication, n) for n in NATIONS]
    pages += [voices_page(publication), guide_page(publication)]
    pages.append(contribute_page(publication))
    index = theme_index(publication)
    pages += [
        case_study_page(
            publication, c, downloads=downloads, themes_index=index, numbering=numbering
        )
        for c in publication.case_studies
    ]
    return tuple(pages)


def section_nav(publication: Publication) -> dict[str, list[tuple[str, str]]]:
    """The sidebar's sections, by the overview page that heads each: (title, src_uri).

    The plugin turns a nav entry for ``themes/index.md`` into a section with an
    entry per theme, so adding a theme to ``themes.yml`` needs no nav edit.
    Case studies are never listed: the nav stays the same size at any N.
    """
    return {
        src_uri(THEMES_URL): [(t.title, src_uri(theme_url(t.id))) for t in publication.themes],
        src_uri(NATIONS_URL): [(n, src_uri(nation_url(n))) for n in NATIONS],
    }


def featured(publication: Publication, count: int = FEATURED) -> tuple[CaseStudy, ...]:
    """The most recently submitted case studies, newest first, ties by slug."""
    ordered = sorted(publication.case_studies, key=lambda c: (-c.submitted.toordinal(), c.slug))
    return tuple(ordered[:count])


def home_blocks(
    publication: Publication, *, here: str = "", downloads: Downloads = NO_DOWNLOADS
) -> dict[str, str]:
    """What the plugin adds to the home page, by marker name (see :data:`HOME_MARKERS`)."""
    link = Links(here)
    blocks = {
        "themes": render("home-themes.html", theme_counts=_theme_counts(publication), link=link),
        "featured": render(
            "home-featured.html",
            cards=_cards(featured(publication), publication, here),
            count=len(publication.case_studies),
            link=link,
        ),
        "download": "",
    }
    if downloads.publication is not None:
        blocks["download"] = render("download.html", pdf=downloads.publication, link=link)
    return blocks


HOME_HEADINGS: dict[str, Heading] = {
    "themes": Heading(2, "cs-home-themes", "Themes"),
    "featured": Heading(2, "cs-home-featured", "Recent case studies"),
    "download": Heading(2, "cs-download", "Download the publication"),
}
"""The heading of each home-page block, for the page's table of contents."""


def home_toc(blocks: Mapping[str, str]) -> tuple[Heading, ...]:
    """Headings of the blocks that have content."""
    return tuple(HOME_HEADINGS[name] for name in HOME_MARKERS if blocks.get(name))


_MARKER = re.compile(r"<!--\s*publication:(?P<name>[a-z]+)\s*-->")


def fill_home(html: str, blocks: Mapping[str, str]) -> str:
    """Put each block at its marker in the home page's HTML, the rest at the end."""
    used: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in blocks:
            return match.group(0)
        used.add(name)
        return blocks[name]

    html = _MARKER.sub(replace, html)
    rest = [blocks[name] for name in HOME_MARKERS if name not in used and blocks.get(name)]
    return html + "".join(rest)


# -- a preview with problems ---------------------------------------------------


def problems_block(
    problems: Iterable[Problem], *, failures: Iterable[str] = (), here: str = ""
) -> str:
    """The problems of an invalid edit, for the top of every page of a live preview.

    An editor looking at any page sees what is wrong, with file:line:column and
    the rule id linked to the editors' guide, instead of a preview that stopped.
    ``failures`` are problems with no file position (a folder missing).
    """
    listed = sorted(problems)
    return render(
        "problems.html",
        problems=listed,
        failures=list(failures),
        errors=sum(1 for p in listed if p.severity == "error") + len(list(failures)),
        warnings=sum(1 for p in listed if p.severity == "warning"),
        link=Links(here),
    )


def stand_in_page(slug: str, source: str, problems: Iterable[Problem]) -> Page:
    """A preview's page for a case study it cannot show (its fields cannot be read,
    say), at the case study's own address: what is wrong with it, naming its file,
    instead of a 404 the editor could not act on."""
    url = case_study_url(slug)
    block = Markup(problems_block(problems, here=url))
    return Page(
        src_uri=src_uri(url),
        url=url,
        title=f"{source} cannot be shown yet",
        description=f"The problems of {source}.",
        html=render("stand-in.html", source=source, problems=block),
        searchable=False,
    )


_FIRST_H1_END = re.compile(r"</h1>")


def with_problems(html: str, block: str) -> str:
    """``block`` right after the page's ``<h1>`` (at the top when it has none),
    so the heading order stays h1 first."""
    match = _FIRST_H1_END.search(html)
    if match is None:
        return block + html
    return html[: match.end()] + "\n" + block + html[match.end() :]


def buildable(publication: Publication) -> Publication:
    """The publication without the case studies that place a figure whose data file
    is invalid (reported on its own): what a preview with problems can still show."""
    names = publication.figures_by_name
    kept = tuple(
        c for c in publication.case_studies if all(n in names for n in figure_names(c.body_html))
    )
    if len(kept) == len(publication.case_studies):
        return publication
    return dataclasses.replace(publication, case_studies=kept)
