"""The publication's data: frozen dataclasses that the loader builds once.

Both outputs (the website and the PDF) read these and nothing else, so they
cannot disagree about what a case study says. Nothing here knows about files,
MkDocs or WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Literal

from .invisible import one_line

Severity = Literal["error", "warning"]

NATIONS: tuple[str, ...] = ("England", "Scotland", "Wales", "Northern Ireland")
"""The four UK nations, in the order the publication lists them."""

SETTINGS: tuple[str, ...] = ("urban", "rural", "mixed")
STATUSES: tuple[str, ...] = ("draft", "review", "published")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: data, collected, never raised on its own.

    The field order is the sort order, so reports list problems by file, then
    by position.
    """

    path: str
    """The file, relative to the project root, with forward slashes."""
    line: int
    """1-based line in the file (not in the body)."""
    column: int
    """1-based column."""
    severity: Severity
    rule: str
    """Stable id editors can look up, such as ``unknown-theme``."""
    message: str
    """What is wrong and how to fix it, in the editor's words; always one line."""

    def __post_init__(self) -> None:
        # Every rule's message passes here, and many quote what an editor wrote:
        # a key or value holding a line break, a tab or a direction override
        # must not split the message or turn it round, in any output format.
        object.__setattr__(self, "message", one_line(self.message))

    def format(self) -> str:
        """The one-line form compilers use, so editors can jump to it."""
        return (
            f"{one_line(self.path)}:{self.line}:{self.column}: {self.severity}: "
            f"{self.message} [{self.rule}]"
        )


@dataclass(frozen=True)
class Heading:
    """A heading of a case study's body, with the id the converter gave it."""

    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Theme:
    """One entry of ``content/themes.yml``; its order is the chapter order."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Practice:
    name: str
    town: str
    nation: str
    """One of :data:`NATIONS`."""
    list_size: int | None = None
    """Registered patients."""
    setting: str | None = None
    """One of :data:`SETTINGS`."""
    website: str | None = None


@dataclass(frozen=True)
class Outcome:
    measure: str
    after: float
    before: float | None = None
    unit: str | None = None
    period: str | None = None

    @property
    def change(self) -> float | None:
        """After minus before, when both are known."""
        return None if self.before is None else self.after - self.before

    @property
    def change_percent(self) -> float | None:
        """Relative change in per cent; None when there is no non-zero baseline."""
        if self.before in (None, 0):
            return None
        return (self.after - self.before) / self.before * 100


@dataclass(frozen=True)
class Quote:
    text: str
    by: str


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    publish: bool = False
    """Only when true may any contact detail appear in the site or the PDF."""


@dataclass(frozen=True)
class Image:
    src: str
    """Path relative to the case study's own folder."""
    alt: str


@dataclass(frozen=True)
class CaseStudy:
    """One practice's story, validated, as both outputs read it."""

    slug: str
    """File or folder name; the page lives at ``/case-studies/<slug>/``."""
    source: str
    """The file it was read from, relative to the project root."""
    folder: str | None
    """The case study's own folder (folder form only), relative to the project root;
    images are read from here and nowhere else."""
    title: str
    practice: Practice
    themes: tuple[str, ...]
    summary: str
    submitted: dt.date
    status: str
    consent: bool
    body: str
    """The Markdown story, exactly as written (front matter removed)."""
    body_line: int
    """Line of the file on which the body starts, so body problems point at the file."""
    tags: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    drawbacks: tuple[str, ...] = ()
    barriers: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    patient_views: str | None = None
    quote: Quote | None = None
    costs: str | None = None
    contact: Contact | None = None
    cover_image: Image | None = None
    updated: dt.date | None = None
    body_html: str = ""
    """The body converted once by :func:`generator.core.markdown.render`: canonical HTML,
    in which links to other case studies read ``case-study:<slug>#anchor`` and
    image paths are relative to :attr:`folder`. Each output rewrites those with
    :func:`generator.core.markdown.rewrite_urls`."""
    headings: tuple[Heading, ...] = ()
    """The body's headings (level, id, plain text, not HTML), for a page's table of contents."""
    images: tuple[str, ...] = ()
    """Every image file the body uses, relative to :attr:`folder`."""
    word_count: int = 0

    @property
    def primary_theme(self) -> str:
        """The first theme: the PDF chapter this case study sits in."""
        return self.themes[0]

    @property
    def published_contact(self) -> Contact | None:
        """The contact, only when the editor has agreed to publish it."""
        if self.contact is not None and self.contact.publish:
            return self.contact
        return None

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def separate_cover(self) -> Image | None:
        """The cover image to show above the story, or None.

        A page shows each picture once: when the story already shows the cover's
        file (Cwmhelyg's chart, with its own longer alt text in context), the cover
        is left out rather than shown twice with two descriptions. The site and the
        PDF both read it here, so they agree.
        """
        cover = self.cover_image
        if cover is None:
            return None
        used = {posixpath.normpath(src) for src in self.images}
        return None if posixpath.normpath(cover.src) in used else cover


@dataclass(frozen=True)
class Bar:
    """One category of a figure: its label and one value per series."""

    label: str
    values: tuple[float, ...]
    """One number for a simple figure; one per series (before, after) otherwise."""


@dataclass(frozen=True)
class FigureData:
    """A figure's data, read from ``content/data/<name>.yml`` or made from outcomes.

    Both outputs draw it with :func:`generator.core.figures.render_figure_html`, so a
    figure reads the same in the site and the PDF.
    """

    name: str
    """The data file's name without ``.yml``: what ``{{ figure: <name> }}`` refers to."""
    source_file: str
    """The file it was read from, relative to the project root ("" when made from outcomes)."""
    title: str
    source: str
    """Who collected the numbers, in words (shown as "Source: ...")."""
    date: str
    """When: ``2014``, ``2014-05`` or ``2014-05-22`` as written (see :attr:`date_text`)."""
    unit: str
    """``%`` or a short phrase such as ``calls a day``."""
    bars: tuple[Bar, ...]
    series: tuple[str, ...] = ()
    """Names of the series (``Before``, ``After``); empty for one value per bar."""
    description: str | None = None
    """A sentence shown under the title: what the numbers are of, who was asked."""
    label_heading: str = "Category"
    """The data table's first column heading."""

    @property
    def is_percent(self) -> bool:
        """Values are percentages: shown as ``35%`` and drawn on a scale of 100."""
        unit = self.unit.strip().lower()
        return unit.startswith("%") or unit.startswith("per cent")

    @property
    def date_text(self) -> str:
        """The date as a reader expects it: ``May 2014``, ``22 May 2014`` or ``2014``."""
        parts = self.date.split("-")
        if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
            year, month = int(parts[0]), int(parts[1])
            if 1 <= month <= 12:
                text = f"{dt.date(2000, month, 1):%B} {year}"
                return f"{int(parts[2])} {text}" if len(parts) == 3 else text
        return self.date


@dataclass(frozen=True)
class Publication:
    """Everything one build needs: the vocabulary, the case studies, the problems."""

    themes: tuple[Theme, ...]
    case_studies: tuple[CaseStudy, ...]
    """Sorted by slug; only those the build includes (published, plus drafts and
    review copies when asked for)."""
    problems: tuple[Problem, ...] = field(default=())
    files_read: int = 0
    figures: tuple[FigureData, ...] = ()
    """Every valid data file under ``content/data/``, sorted by name."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def figures_by_name(self) -> dict[str, FigureData]:
        """Name -> figure, what :func:`generator.core.figures.fill_figures` takes."""
        return {figure.name: figure for figure in self.figures}

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def by_slug(self, slug: str) -> CaseStudy:
        for case in self.case_studies:
            if case.slug == slug:
                return case
        raise KeyError(slug)

    def in_theme(self, theme_id: str) -> tuple[CaseStudy, ...]:
        """Case studies that list the theme anywhere, sorted by slug."""
        return tuple(c for c in self.case_studies if theme_id in c.themes)

    def in_chapter(self, theme_id: str) -> tuple[CaseStudy, ...]:
        """Case studies whose primary theme this is: the chapter's own."""
        return tuple(c for c in self.case_studies if c.primary_theme == theme_id)
