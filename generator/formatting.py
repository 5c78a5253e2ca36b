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
