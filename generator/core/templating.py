"""The one kind of Jinja environment our outputs render with.

Everything a case study says reaches a page or the PDF as text: it is escaped
by the mechanism (autoescaping), never field by field, and a name a template
misspells fails the build instead of printing nothing. The site's pages
(:mod:`generator.site.page`) and the print templates (:mod:`generator.pdf.document`)
each make theirs here and add only their own filters.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .formatting import FACT_LABELS, MONTHS, format_number, long_date
from .model import NATIONS, SETTINGS


def text_environment(templates: Path) -> jinja2.Environment:
    """An autoescaping, strict environment over ``templates``, with the filters and
    names both outputs share, so a number or a date reads the same in each."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = format_number
    env.filters["long_date"] = long_date
    env.globals.update(NATIONS=NATIONS, SETTINGS=SETTINGS, MONTHS=MONTHS, labels=FACT_LABELS)
    return env
