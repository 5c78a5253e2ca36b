"""Figures from data in the PDF, numbered as the website numbers them, and their list.

The site and the PDF share every step that decides what a figure is and which
number it has: :func:`generator.core.figures.order.figure_numbering` numbers content pages
in reading order, then chapter by chapter the theme's outcomes at a glance
(:func:`generator.core.figures.order.outcome_figures`) and its case studies' own figures;
:func:`generator.core.figures.fill_figures` draws them. Here only the PDF's part:
anchors unique in the whole document (``<document>--figure-<name>``) and the
entries of the list of figures, which point at those anchors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..core.figures import FigureNumbering, fill_figures, render_figure_html
from ..core.figures.order import figure_numbering, theme_key
from ..core.model import FigureData, Publication
from .frontmatter import ProsePage

MARK = "figure-start"
"""The CSS string each figure sets to its id, so a part rendered on its own can say
on which page each figure is (see :mod:`numbering`)."""


@dataclass(frozen=True)
class ListedFigure:
    """One line of the list of figures."""

    number: int
    title: str
    anchor: str


def numbering(publication: Publication, pages: Iterable[ProsePage]) -> FigureNumbering:
    """The site's figure numbers for what this PDF prints: its content pages in
    print order (which is the site's reading order), then the chapters."""
    return figure_numbering(publication, [(page.id, page.markdown) for page in pages])


def prefix(anchor: str) -> str:
    """How the ids of the figures placed in the document ``anchor`` start."""
    return f"{anchor}--figure-"


def fill(html: str, publication: Publication, numbers: FigureNumbering, *, anchor: str) -> str:
    """Canonical HTML (already given PDF addresses) with its figures drawn."""
    return fill_figures(html, publication.figures_by_name, numbers, id_prefix=prefix(anchor))


def chapter_html(figure: FigureData, theme_id: str, numbers: FigureNumbering) -> Markup:
    """One of a chapter's outcome figures, drawn."""
    ident = prefix(f"ch-{theme_id}") + figure.name
    return Markup(render_figure_html(figure, number=numbers.number(figure.name), id=ident))


def listed(
    publication: Publication,
    numbers: FigureNumbering,
    pages: Iterable[ProsePage],
    titles: Mapping[str, str],
) -> tuple[ListedFigure, ...]:
    """The list of figures: each figure once, at its first appearance.

    ``titles`` gives the titles of figures that no data file holds (the
    chapters' outcomes). A figure in a document this PDF does not print is left
    out rather than pointing nowhere.
    """
    anchors = {page.id: page.id for page in pages}
    anchors.update({theme_key(t.id): f"ch-{t.id}" for t in publication.themes})
    anchors.update({c.slug: f"cs-{c.slug}" for c in publication.case_studies})
    data = publication.figures_by_name
    result = []
    for entry in numbers.entries:
        anchor = anchors.get(entry.document)
        title = data[entry.name].title if entry.name in data else titles.get(entry.name)
        if anchor is None or title is None:
            continue
        result.append(ListedFigure(entry.number, title, prefix(anchor) + entry.name))
    return tuple(result)
