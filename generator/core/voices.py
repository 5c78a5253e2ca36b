"""What patients told practices: every published case study's patients' views and
quote, gathered by theme, for the website's page and the PDF's section alike.

The consultation is called "listening to patients", so the patients' words get
a place of their own, not only a paragraph inside each story. Each case study
appears once, under its primary theme (the chapter it sits in), so the section
reads like the publication and nothing is repeated. Nothing here knows about
MkDocs or WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CaseStudy, Publication, Quote, Theme


@dataclass(frozen=True)
class Voice:
    """What one case study says patients told the practice."""

    case: CaseStudy
    """The case study, for its title, address (``slug``), practice and nation."""
    patient_views: str | None
    quote: Quote | None


@dataclass(frozen=True)
class ThemeVoices:
    """The voices of one theme's case studies, in the order of slugs."""

    theme: Theme
    voices: tuple[Voice, ...]


def patient_voices(publication: Publication) -> tuple[ThemeVoices, ...]:
    """Patients' views and quotes by primary theme, in the order of ``themes.yml``.

    Only case studies with a view or a quote count; a theme with none is left
    out, so no heading stands over nothing. The publication holds only what
    the build includes (published, plus drafts when asked for), so a draft's
    words appear only in a preview.
    """
    grouped: list[ThemeVoices] = []
    for theme in publication.themes:
        voices = tuple(
            Voice(case, case.patient_views, case.quote)
            for case in sorted(publication.in_chapter(theme.id), key=lambda c: c.slug)
            if case.patient_views or case.quote is not None
        )
        if voices:
            grouped.append(ThemeVoices(theme, voices))
    return tuple(grouped)
