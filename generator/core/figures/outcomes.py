"""Outcomes at a glance: the case studies' before-and-after numbers as a figure.

A theme page (and its PDF chapter) can show the outcomes its case studies
measured in the same unit side by side, drawn by the same renderer as a data
file's figure. Only outcomes with both numbers and the very same unit are put
together: "per cent of calls" and "per cent" are not the same measure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..model import Bar, CaseStudy, FigureData, Outcome


def _usable(case_studies: Iterable[CaseStudy], theme_id: str) -> list[tuple[CaseStudy, Outcome]]:
    return [
        (case, outcome)
        for case in sorted(case_studies, key=lambda c: c.slug)
        if theme_id in case.themes
        for outcome in case.outcomes
        if outcome.before is not None and (outcome.unit or "").strip()
    ]


def outcome_units(
    case_studies: Iterable[CaseStudy], theme_id: str, *, minimum: int = 2
) -> tuple[str, ...]:
    """Units that at least ``minimum`` before-and-after outcomes of the theme share,
    the most used first (then alphabetically): one figure each."""
    counts = Counter((outcome.unit or "").strip() for _, outcome in _usable(case_studies, theme_id))
    return tuple(
        unit
        for unit, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count >= minimum
    )


def outcomes_figure(
    case_studies: Iterable[CaseStudy],
    theme_id: str,
    unit: str,
    *,
    minimum: int = 2,
    theme_title: str | None = None,
) -> FigureData | None:
    """The theme's outcomes measured in ``unit``, as before-and-after pairs (one row
    per outcome, labelled with the practice and the measure); None when fewer
    than ``minimum`` outcomes share the unit, since one pair is no comparison.

    ``theme_title`` names the theme in the figure's title, so the PDF's list of
    figures does not hold the same title once a chapter."""
    unit = unit.strip()
    rows = [
        (case, outcome)
        for case, outcome in _usable(case_studies, theme_id)
        if (outcome.unit or "").strip() == unit
    ]
    if len(rows) < max(1, minimum):
        return None
    years = sorted({case.submitted.year for case, _ in rows})
    date = str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"
    slug = re.sub(r"[^a-z0-9]+", "-", unit.lower()).strip("-") or "percent"
    return FigureData(
        name=f"outcomes-{theme_id}-{slug}",
        source_file="",
        title=(f"{theme_title}: before" if theme_title else "Before")
        + f" and after, in {'per cent' if unit == '%' else unit}",
        source="The practices' own figures, from their case studies",
        date=date,
        unit=unit,
        bars=tuple(
            Bar(
                f"{case.practice.name}: {outcome.measure}",
                (outcome.before or 0, outcome.after),
            )
            for case, outcome in rows
        ),
        series=("Before", "After"),
        description="Each practice's measure before and after the change its case study describes.",
        label_heading="Practice and measure",
    )
