"""Draw a figure as an inline SVG horizontal bar chart: accessible, deterministic, no script.

Everything is measured in viewBox units, so the same markup scales to the
site's column and to an A4 page. Text is never measured (there is no font to
measure with at build time): labels are wrapped by a character count chosen
for the publication's fonts, with room to spare. The chart draws its own white
background, so the colours keep their contrast wherever it is shown.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

from ...fonts import stack
from ..formatting import format_number
from ..model import FigureData

WIDTH = 600
"""Width of the drawing in viewBox units and its intrinsic size in CSS pixels: 159 mm,
inside an A4 page's text width even with no stylesheet, and 14-unit text reads
as 14px in the site's column and 10.5pt in print."""
FONT_SIZE = 14
LINE = 18
"""Distance between the lines of a wrapped label."""
CHAR = 7.6
"""Generous average width of a character at :data:`FONT_SIZE`."""
PAD = 10
LABEL_RIGHT = 236
"""Labels end here, right-aligned; bars start at :data:`BAR_X`."""
LABEL_CHARS = 30
BAR_X = 246
MIN_BAR_SPACE = 200
BAR_HEIGHT = 26
SERIES_BAR_HEIGHT = 20
SERIES_GAP = 4
ROW_GAP = 14

BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
"""Labels and values: 17.4:1 on the background."""
AXIS = "#595959"
"""The zero line: 7:1 on the background."""
PALETTE: tuple[str, ...] = ("#4a2a7a", "#a3480f", "#1d6b74", "#7d1a55")
"""Bar colours, one per series, each at least 4.5:1 on the background (the site's
purple and plum, a burnt orange and a teal, told apart by people with the common
colour-vision deficiencies). A series is never shown by colour alone: its value
labels name it."""
FONT_FAMILY = stack().replace('"', "'")
"""The publication's own fonts (:mod:`generator.fonts`), already loaded by the site and
the PDF: nothing is fetched for the chart, and no font of the machine draws it."""


def format_value(value: float, figure: FigureData) -> str:
    """A number as a reader expects it: ``1,555``, ``12.5``, ``35%``."""
    text = format_number(value)
    return f"{text}%" if figure.is_percent else text


def unit_words(figure: FigureData) -> str:
    """The unit in a sentence: ``per cent`` or ``calls a day``."""
    return "per cent" if figure.unit.strip() == "%" else figure.unit.strip()


def value_labels(figure: FigureData) -> list[list[str]]:
    """The text beside each bar, row by row: ``35%``, or ``Before: 410`` with series,
    so a series is named in words and never told by its colour alone."""
    rows = []
    for bar in figure.bars:
        texts = [format_value(v, figure) for v in bar.values]
        if figure.series:
            texts = [f"{name}: {text}" for name, text in zip(figure.series, texts, strict=True)]
        rows.append(texts)
    return rows


def describe(figure: FigureData) -> str:
    """The chart's text alternative: what it is, every value, and where they came from."""
    rows = value_labels(figure)
    items = "; ".join(
        f"{bar.label}: {', '.join(texts).replace(': ', ' ')}"
        if figure.series
        else f"{bar.label}: {texts[0]}"
        for bar, texts in zip(figure.bars, rows, strict=True)
    )
    kind = "Horizontal bar chart"
    if figure.series:
        kind += f" comparing {_words(figure.series)} for each row"
    return (
        f"{kind}, in {unit_words(figure)}. {items}. "
        f"Source: {_sentence(figure.source)} {figure.date_text}. "
        "The same numbers are in the table with this figure."
    )


def _words(items: tuple[str, ...]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _sentence(text: str) -> str:
    return text.rstrip(". ") + ","


def _n(value: float) -> str:
    """A coordinate, rounded so the output is the same on every machine."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def scale_max(figure: FigureData) -> float:
    """The value a full-length bar stands for: 100 for percentages (so bars are
    honest shares), else a round number at or above the largest value."""
    largest = max((v for bar in figure.bars for v in bar.values), default=0)
    if figure.is_percent and largest <= 100:
        return 100
    if largest <= 0:
        return 1
    step = 10 ** math.floor(math.log10(largest))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * step >= largest:
            return factor * step
    return 10 * step  # pragma: no cover - the loop always returns


def render_figure_svg(figure: FigureData, *, number: int | None, id: str | None = None) -> str:
    """The chart as an inline ``<svg>`` with ``role="img"``, ``<title>`` and ``<desc>``.

    Its width and height are the viewBox's, an intrinsic size like a picture's:
    the usual ``svg { max-width: 100%; height: auto }`` (Material has it) shrinks
    it to a narrow column or an A4 page, keeping its proportions.

    ``id`` (default ``figure-<name>``) prefixes the title's and description's ids,
    which ``aria-labelledby`` names; it must be unique in the page.
    """
    ident = id or f"figure-{figure.name}"
    series = max(1, len(figure.series))
    bar_height = BAR_HEIGHT if series == 1 else SERIES_BAR_HEIGHT
    block = series * bar_height + (series - 1) * SERIES_GAP
    labels = value_labels(figure)
    longest = max((len(t) for row in labels for t in row), default=1)
    value_space = longest * CHAR + 8
    bar_space = max(MIN_BAR_SPACE, WIDTH - PAD - BAR_X - value_space)
    width = max(WIDTH, math.ceil(BAR_X + bar_space + value_space + PAD))
    top = scale_max(figure)

    body: list[str] = []
    y = PAD
    for bar, texts in zip(figure.bars, labels, strict=True):
        lines = textwrap.wrap(bar.label, LABEL_CHARS) or [""]
        row = max(len(lines) * LINE, block)
        first = y + (row - len(lines) * LINE) / 2 + LINE / 2 + FONT_SIZE * 0.35
        for i, line in enumerate(lines):
            body.append(
                f'<text x="{_n(LABEL_RIGHT)}" y="{_n(first + i * LINE)}" text-anchor="end">'
                f"{escape(line)}</text>"
            )
        bar_y = y + (row - block) / 2
        for k, (value, text) in enumerate(zip(bar.values, texts, strict=True)):
            length = value / top * bar_space
            colour = PALETTE[k % len(PALETTE)]
            if length > 0:
                body.append(
                    f'<rect x="{_n(BAR_X)}" y="{_n(bar_y)}" width="{_n(length)}" '
                    f'height="{_n(bar_height)}" fill="{colour}"/>'
                )
            body.append(
                f'<text class="value" x="{_n(BAR_X + length + 6)}" '
                f'y="{_n(bar_y + bar_height / 2 + FONT_SIZE * 0.35)}">{escape(text)}</text>'
            )
            bar_y += bar_height + SERIES_GAP
        y += row + ROW_GAP
    height = math.ceil(y - ROW_GAP + PAD)
    title = f"Figure {number}: {figure.title}" if number is not None else figure.title
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="data-figure__chart" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" '
            f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT}">',
            f'<title id="{escape(ident)}-title">{escape(title)}</title>',
            f'<desc id="{escape(ident)}-desc">{escape(describe(figure))}</desc>',
            f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>',
            f'<line x1="{_n(BAR_X)}" y1="{_n(PAD / 2)}" x2="{_n(BAR_X)}" '
            f'y2="{_n(height - PAD / 2)}" stroke="{AXIS}" stroke-width="1"/>',
            *body,
            "</svg>",
        ]
    )


NARROW_WIDTH = 340
"""Width of the phone layout in viewBox units: a 390 px phone's column is about 358 px,
so its 14-unit text draws at about 14.7 px (the wide layout shrank it to 7-8 px)."""
NARROW_LABEL_CHARS = 40
"""Characters on a label line that runs the full width above its bars."""


def render_figure_svg_narrow(figure: FigureData, *, number: int | None, id: str) -> str:
    """The same chart laid out for a phone: each label on its own lines above its bars.

    Same palette, font and size as :func:`render_figure_svg`, only stacked, so it
    needs no room beside the bars for the labels and keeps its text at reading
    size in a 360 px column. ``id`` must differ from the wide chart's (its
    ``<title>`` and ``<desc>`` ids are derived from it).
    """
    series = max(1, len(figure.series))
    bar_height = BAR_HEIGHT if series == 1 else SERIES_BAR_HEIGHT
    labels = value_labels(figure)
    longest = max((len(t) for row in labels for t in row), default=1)
    value_space = longest * CHAR + 8
    width = NARROW_WIDTH
    bar_space = max(MIN_BAR_SPACE / 2, width - 2 * PAD - value_space)
    width = max(width, math.ceil(2 * PAD + bar_space + value_space))
    top = scale_max(figure)
    body: list[str] = []
    y = PAD
    for bar, texts in zip(figure.bars, labels, strict=True):
        lines = textwrap.wrap(bar.label, NARROW_LABEL_CHARS) or [""]
        for line in lines:
            body.append(
                f'<text x="{_n(PAD)}" y="{_n(y + LINE / 2 + FONT_SIZE * 0.35)}">'
                f"{escape(line)}</text>"
            )
            y += LINE
        y += 4
        block_top = y
        for k, (value, text) in enumerate(zip(bar.values, texts, strict=True)):
            length = value / top * bar_space
            colour = PALETTE[k % len(PALETTE)]
            if length > 0:
                body.append(
                    f'<rect x="{_n(PAD)}" y="{_n(y)}" width="{_n(length)}" '
                    f'height="{_n(bar_height)}" fill="{colour}"/>'
                )
            body.append(
                f'<text class="value" x="{_n(PAD + length + 6)}" '
                f'y="{_n(y + bar_height / 2 + FONT_SIZE * 0.35)}">{escape(text)}</text>'
            )
            y += bar_height + SERIES_GAP
        y -= SERIES_GAP
        body.append(
            f'<line x1="{_n(PAD)}" y1="{_n(block_top - 2)}" x2="{_n(PAD)}" y2="{_n(y + 2)}" '
            f'stroke="{AXIS}" stroke-width="1"/>'
        )
        y += ROW_GAP
    height = math.ceil(y - ROW_GAP + PAD)
    title = f"Figure {number}: {figure.title}" if number is not None else figure.title
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'class="data-figure__chart data-figure__chart--narrow" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
            f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT}">',
            f'<title id="{escape(id)}-title">{escape(title)}</title>',
            f'<desc id="{escape(id)}-desc">{escape(describe(figure))}</desc>',
            f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>',
            *body,
            "</svg>",
        ]
    )
