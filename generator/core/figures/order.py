"""Figure numbers from one reading order, shared by the site and the PDF.

The content pages in reading order, then chapter by chapter as the PDF prints
them: the theme's outcomes at a glance, then its case studies' own figures. A
theme's outcomes are named ``themes/<id>/`` (:func:`theme_key`), the site's
address for the theme page that shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..markdown import FIGURE_LINE
from ..model import FigureData, Publication
from .html import FigureNumbering, figure_names, number_figures
from .outcomes import outcome_units, outcomes_figure


def theme_key(theme_id: str) -> str:
    """The name a theme's outcomes at a glance are numbered under."""
    return f"themes/{theme_id}/"


def outcome_figures(publication: Publication, theme_id: str) -> tuple[FigureData, ...]:
    """Outcomes at a glance: one figure per unit that two or more before-and-after
    outcomes of the theme's case studies share, most used unit first.

    The theme page and the PDF chapter show these, numbered by
    :func:`figure_numbering`, so both call this one function.
    """
    figures = (
        outcomes_figure(
            publication.case_studies, theme_id, unit, theme_title=publication.theme(theme_id).title
        )
        for unit in outcome_units(publication.case_studies, theme_id)
    )
    return tuple(f for f in figures if f is not None)


def figure_numbering(
    publication: Publication, content: Iterable[tuple[str, str]] = ()
) -> FigureNumbering:
    """Figure numbers in publication order: the content pages given as (name,
    Markdown) in reading order, then chapter by chapter, as the PDF prints
    them: the theme's outcomes at a glance (:func:`outcome_figures`, named
    ``themes/<id>/``), then its case studies' own figures."""
    order: list[tuple[str, tuple[str, ...]]] = []
    for name, text in content:
        found = (FIGURE_LINE.fullmatch(block.strip()) for block in re.split(r"\n\s*\n", text))
        order.append((name, tuple(m.group("name") for m in found if m)))
    for theme in publication.themes:
        order.append(
            (theme_key(theme.id), tuple(f.name for f in outcome_figures(publication, theme.id)))
        )
        for case in publication.in_chapter(theme.id):
            order.append((case.slug, figure_names(case.body_html)))
    return number_figures(order)
