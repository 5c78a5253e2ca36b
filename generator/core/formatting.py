"""How numbers and dates read in the publication, the same on the site, in the
PDF and in figures: ``9,800`` and ``2.5`` (never ``190.0``), ``11 March 2014``
whatever the machine's locale."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_number(value: float | int) -> str:
    """``9800`` -> ``9,800``; ``2.5`` stays ``2.5``; never ``190.0``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def long_date(day: dt.date) -> str:
    """``11 March 2014``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


FACT_LABELS: dict[str, str] = {
    "practice": "Practice",
    "town": "Town",
    "nation": "Nation",
    "list_size": "List size",
    "setting": "Setting",
    "website": "Website",
    "theme": "Theme",
    "themes": "Themes",
    "submitted": "Submitted",
    "updated": "Updated",
}
"""The words for a case study's facts, one place for the site's "At a glance"
panel and the PDF's facts box, so a reader meets the same label for the same
fact in both (they said "Town" and "List size" on the site, "Where" and
"Patients" in print). "Website" is the PDF's alone: on paper the address has to
be printed, where the site links the practice's name."""


def is_percentage(unit: str | None) -> bool:
    """Whether an outcome's unit is a percentage: ``%``, ``per cent of calls``."""
    text = (unit or "").strip().lower()
    return text.startswith("%") or text.startswith("per cent") or text.startswith("percent")


def format_change(after: float, before: float | None, unit: str | None = None) -> str:
    """The change an outcome made, in words a reader can say aloud.

    For a percentage the change is in percentage points ("up 23 percentage
    points" from 4% to 27%): a relative change of a share ("575%") misleads.
    Other measures give the relative change too: "down 33 (39%)".
    """
    if before is None:
        return "–"
    change = after - before
    if change == 0:
        return "no change"
    direction = "up" if change > 0 else "down"
    amount = format_number(abs(change))
    if is_percentage(unit):
        points = "percentage point" if abs(change) == 1 else "percentage points"
        return f"{direction} {amount} {points}"
    text = f"{direction} {amount}"
    if before != 0:
        text += f" ({format_number(round(abs(change) / abs(before) * 100))}%)"
    return text


def unit_note(measure: str, unit: str | None, period: str | None) -> str:
    """What follows an outcome's measure in brackets: its unit and period, the unit
    left out when the measure already says it ("Incoming lines", not
    "Incoming lines (lines)")."""
    parts: list[str] = []
    words = measure.lower()
    if unit and unit.strip() and unit.strip().lower() not in words:
        parts.append(unit.strip())
    if period and period.strip():
        parts.append(period.strip())
    return ", ".join(parts)
