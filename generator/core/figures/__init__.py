"""Figures from data: bar charts with a text alternative and a table, for site and PDF.

Editors write the numbers in ``content/data/<name>.yml`` and place the figure in
a page or a story with a paragraph of its own::

    {{ figure: gp-networks-survey }}

The one Markdown conversion (:mod:`generator.core.markdown`) turns that into a
placeholder and reports it, so validation can check the name; each output then
calls :func:`fill_figures` with the figures and one :class:`FigureNumbering`,
so a figure is drawn, and numbered, the same in the site and the PDF.
"""

from __future__ import annotations

from ..model import Bar, FigureData
from .data import DATA_DIR, FIGURE, load_figures, read_figure_files
from .html import (
    FigureNumbering,
    NumberedFigure,
    figure_names,
    fill_figures,
    number_figures,
    render_figure_html,
    render_figure_table,
)
from .outcomes import outcome_units, outcomes_figure
from .svg import PALETTE, render_figure_svg

__all__ = [
    "DATA_DIR",
    "FIGURE",
    "PALETTE",
    "Bar",
    "FigureData",
    "FigureNumbering",
    "NumberedFigure",
    "figure_names",
    "fill_figures",
    "load_figures",
    "number_figures",
    "outcome_units",
    "outcomes_figure",
    "read_figure_files",
    "render_figure_html",
    "render_figure_svg",
    "render_figure_table",
]
