"""A figure as HTML (caption, chart, table), placeholders filled, and figure numbers.

The site and the PDF call the same functions here, with the same numbering, so
"Figure 3" is the same figure, drawn the same way, in both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

from ..errors import BuildFailed
from ..markdown import FIGURE_CLASS
from ..model import FigureData
from .svg import format_value, render_figure_svg, render_figure_svg_narrow, unit_words

_PLACEHOLDER = re.compile(
    rf'<figure class="{FIGURE_CLASS}" data-figure="(?P<name>[^"]*)"></figure>'
)
"""The empty figure :mod:`generator.core.markdown` leaves where an editor placed one."""
"""The placeholder :class:`generator.core.markdown.FigureExtension` writes (etree
escapes the name, so a pattern over the attribute cannot be fooled)."""


@dataclass(frozen=True)
class NumberedFigure:
    """A figure's number and the document where it first appears."""

    number: int
    name: str
    document: str


@dataclass(frozen=True)
class FigureNumbering:
    """Figure numbers in publication order; what both outputs number figures by."""

    entries: tuple[NumberedFigure, ...] = ()
    """One per figure, in number order: the PDF's list of figures."""
    numbers: Mapping[str, int] = field(default_factory=dict)

    def number(self, name: str) -> int | None:
        """The figure's number, or None for a figure that is not numbered."""
        return self.numbers.get(name)


def number_figures(order: Iterable[tuple[str, Iterable[str]]]) -> FigureNumbering:
    """Number figures by first appearance in ``order``: (document, figure names) pairs
    in publication order. A figure placed again keeps its first number, so a
    reference to "Figure 3" means one figure everywhere."""
    entries: list[NumberedFigure] = []
    numbers: dict[str, int] = {}
    for document, names in order:
        for name in names:
            if name not in numbers:
                numbers[name] = len(entries) + 1
                entries.append(NumberedFigure(numbers[name], name, document))
    return FigureNumbering(tuple(entries), numbers)


def figure_names(html: str) -> tuple[str, ...]:
    """The names of the figures placed in canonical HTML, in document order."""
    return tuple(m.group("name") for m in _PLACEHOLDER.finditer(html))


def _caption_source(figure: FigureData) -> str:
    return f"Source: {figure.source.rstrip('. ')}, {figure.date_text}."


def _value_heading(figure: FigureData) -> str:
    unit = figure.unit.strip()
    if unit == "%":
        return "Per cent"
    return unit[:1].upper() + unit[1:]


def render_figure_table(figure: FigureData, *, number: int | None) -> str:
    """The figure's numbers as a real table, for reading, copying and screen readers."""
    label = f"Figure {number} data" if number is not None else "Data"
    caption = f"{label}: {figure.title}"
    if not figure.series:
        headings = [escape(_value_heading(figure))]
    elif figure.is_percent:  # each cell says '%'
        headings = [escape(name) for name in figure.series]
    else:
        headings = [escape(f"{name} ({unit_words(figure)})") for name in figure.series]
    head = "".join(f'<th scope="col">{h}</th>' for h in headings)
    rows = "".join(
        f'<tr><th scope="row">{escape(bar.label)}</th>'
        + "".join(f"<td>{escape(format_value(v, figure))}</td>" for v in bar.values)
        + "</tr>"
        for bar in figure.bars
    )
    return (
        # No class: Material styles tables without one (``table:not([class])``), so the
        # data table looks like every other table; CSS reaches it as .data-figure table.
        f"<table><caption>{escape(caption)}</caption>"
        f'<thead><tr><th scope="col">{escape(figure.label_heading)}</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def render_figure_html(figure: FigureData, *, number: int | None, id: str) -> str:
    """The whole figure: a ``<figure>`` with its caption ("Figure N: title", then the
    description and the source with its date), the chart, and the data table.

    The same markup serves the site and the PDF; ``id`` is the figure's anchor
    (for the PDF's list of figures) and must be unique in the document.
    """
    title = f"Figure {number}: {figure.title}" if number is not None else figure.title
    # Paragraphs, not spans: the caption reads as three lines even without a stylesheet.
    parts = [f'<p class="data-figure__title">{escape(title)}</p>']
    if figure.description:
        parts.append(f'<p class="data-figure__description">{escape(figure.description)}</p>')
    parts.append(f'<p class="data-figure__source">{escape(_caption_source(figure))}</p>')
    return (
        # data-search-exclude: the site's search leaves the chart and its table out
        # (their cells ran together as "daysHorizontal bar chart" and outranked stories).
        f'<figure class="data-figure" id="{escape(id)}" data-figure="{escape(figure.name)}"'
        " data-search-exclude>"
        f'<figcaption class="data-figure__caption">{"".join(parts)}</figcaption>'
        f"{render_figure_svg(figure, number=number, id=id)}"
        # The phone layout, hidden (so the PDF never draws it; an <svg> cannot take
        # the attribute); the site's stylesheet shows it instead of the wide chart
        # on a narrow screen.
        '<div class="data-figure__narrow" hidden>'
        f"{render_figure_svg_narrow(figure, number=number, id=f'{id}-narrow')}</div>"
        f"{render_figure_table(figure, number=number)}"
        "</figure>"
    )


def fill_figures(
    html: str,
    figures: Mapping[str, FigureData],
    numbering: FigureNumbering | Mapping[str, int] | None = None,
    *,
    id_prefix: str = "figure-",
) -> str:
    """Replace each figure placeholder in canonical HTML with the drawn figure.

    ``numbering`` gives each figure its number (None: unnumbered). Ids are
    ``<id_prefix><name>``, with ``-2``, ``-3`` for a figure placed again in the
    same HTML; the PDF, which joins many documents into one, passes a prefix per
    document. A name with no data cannot pass validation, so meeting one here is
    a build error, not something to skip silently.
    """
    seen: dict[str, int] = {}

    def number_of(name: str) -> int | None:
        if numbering is None:
            return None
        if isinstance(numbering, FigureNumbering):
            return numbering.number(name)
        return numbering.get(name)

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        figure = figures.get(name)
        if figure is None:
            raise BuildFailed(
                f"the figure '{name}' is placed in a page, but there is no "
                f"content/data/{name}.yml; run `publication validate`"
            )
        seen[name] = seen.get(name, 0) + 1
        ident = f"{id_prefix}{name}" + (f"-{seen[name]}" if seen[name] > 1 else "")
        return render_figure_html(figure, number=number_of(name), id=ident)

    return _PLACEHOLDER.sub(replace, html)
