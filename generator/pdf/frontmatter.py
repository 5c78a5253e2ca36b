"""The PDF's own prose: the introduction and the foreword from ``content/``.

They are Markdown files with a YAML ``title:`` front matter, written by the
editors like every other content page, and converted by the one Markdown
configuration so the PDF and the site say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.content_pages import read_content_page
from ..core.errors import BuildFailed
from ..core.markdown import render

FRONT_PAGES: tuple[tuple[str, str], ...] = (
    ("introduction", "content/introduction.md"),
    ("foreword", "content/foreword.md"),
)
"""The prose pages before the contents, in print order: (anchor id, file)."""

SECTION_PAGES: tuple[tuple[str, str], ...] = (("working-together", "content/working-together.md"),)
"""Content pages printed after the contents, before the chapters: the survey of
GPs on working together. The site's nav reads introduction, foreword, survey,
then the case studies, and figures are numbered in that order; the PDF keeps it."""


@dataclass(frozen=True)
class ProsePage:
    """A content page as the PDF prints it."""

    id: str
    """Anchor in the PDF, such as ``introduction``."""
    title: str
    html: str
    """Canonical HTML from :func:`generator.core.markdown.render`; the print document
    gives it PDF addresses."""
    source: str
    markdown: str = ""
    """The Markdown body, for :func:`generator.core.figures.order.figure_numbering`."""
    after_contents: bool = False
    """Printed after the contents (a section such as the survey), not before it."""


def read_prose(root: Path, source: str, anchor: str, *, after_contents: bool = False) -> ProsePage:
    """Read one content page; a missing file or title is an editor's problem, said plainly."""
    try:
        page = read_content_page(root, source)
    except FileNotFoundError:
        raise BuildFailed(f"{source}: the PDF needs this file, and it does not exist") from None
    if page.problems:
        raise BuildFailed(page.problems[0].format())
    if page.title is None:
        raise BuildFailed(
            f"{source}:1:1: error: start the file with a front matter holding `title:`"
        )
    body = page.body
    html = render(body).html
    return ProsePage(
        id=anchor,
        title=page.title,
        html=html,
        source=source,
        markdown=body,
        after_contents=after_contents,
    )


def read_front_pages(root: Path) -> tuple[ProsePage, ...]:
    """The introduction and the foreword, then the survey section, in print order."""
    front = tuple(read_prose(root, source, anchor) for anchor, source in FRONT_PAGES)
    return front + tuple(
        read_prose(root, source, anchor, after_contents=True) for anchor, source in SECTION_PAGES
    )
