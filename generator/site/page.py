"""What a generated page is, and how our own templates render one.

Every page the publication adds to a site (:mod:`generator.site.pages`, the
contribute form, the editors' guide) is a :class:`Page` of finished HTML,
rendered from the Jinja fragments in ``templates/`` by one autoescaping
environment: every front-matter field reaches a page as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from ..core.model import Heading
from ..core.templating import text_environment
from .urls import case_study_url, nation_id, nation_url, relative, theme_url


@dataclass(frozen=True)
class Download:
    """A PDF the site links to: where it is and what a reader needs to know first."""

    url: str
    """Site-relative address, such as ``listening-to-patients.pdf``."""
    pages: int
    bytes: int

    @property
    def size(self) -> str:
        """Size for people: ``1.4 MB``, ``820 KB``."""
        if self.bytes >= 1_000_000:
            return f"{self.bytes / 1_000_000:.1f} MB"
        return f"{max(1, round(self.bytes / 1000))} KB"


@dataclass(frozen=True)
class Downloads:
    """The PDFs of this build; empty when the build makes none (``--no-pdf``)."""

    publication: Download | None = None
    handouts: Mapping[str, Download] = field(default_factory=dict)
    """Per case study, by slug."""


NO_DOWNLOADS = Downloads()
"""A build without PDFs (``--no-pdf``, a preview): the default of every page function."""


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, what it is called and its finished HTML."""

    src_uri: str
    """Path as if the page were a file in ``content/``, e.g. ``themes/telephony/index.md``."""
    url: str
    """Its address relative to the site root, ending in ``/``."""
    title: str
    description: str
    html: str
    """The page's content: everything inside Material's article, the ``<h1>`` included."""
    toc: tuple[Heading, ...] = ()
    """Headings for the page's table of contents (level 2 and 3)."""
    in_nav: bool = False
    """Whether the sidebar lists it; case studies never are, so the nav stays small."""
    searchable: bool = True
    """False for pure listings: search finds the case studies themselves, and
    not indexing N cards again keeps the index and the build smaller."""

    def markdown(self) -> str:
        """The page as MkDocs reads it: front matter, then the finished HTML.

        The plugin skips Markdown for these pages and puts :attr:`html` in place
        itself; this text is what ``File.content_string`` shows, for debugging.
        """
        return (
            "---\n"
            f"title: {_yaml_string(self.title)}\n"
            f"description: {_yaml_string(self.description)}\n"
            + ("" if self.searchable else "search:\n  exclude: true\n")
            + "---\n\n"
            f"{self.html}\n"
        )


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: safe for any title an editor writes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


_TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    """One autoescaping environment: every front-matter field is plain text."""
    env = text_environment(_TEMPLATES)
    env.filters["nation_id"] = nation_id
    return env


def render(template: str, **context: object) -> str:
    """One of our templates, rendered with autoescaping."""
    return _environment().get_template(template).render(**context).strip() + "\n"


class Links:
    """Addresses as seen from one page, for templates."""

    def __init__(self, here: str) -> None:
        self.here = here

    def __call__(self, target: str) -> str:
        return relative(self.here, target)

    def case_study(self, slug: str) -> str:
        return relative(self.here, case_study_url(slug))

    def theme(self, theme_id: str) -> str:
        return relative(self.here, theme_url(theme_id))

    def nation(self, nation: str) -> str:
        return relative(self.here, nation_url(nation))
