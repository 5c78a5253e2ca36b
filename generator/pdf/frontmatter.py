"""The PDF's own prose: the introduction and the foreword from ``content/``.

They are Markdown files with a YAML ``title:`` front matter, written by the
editors like every other content page, and converted by the one Markdown
configuration so the PDF and the site say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BuildFailed
from ..markdown import render

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*\r?$\n?", re.M | re.S)

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
    """Canonical HTML from :func:`generator.markdown.render`; the print document
    gives it PDF addresses."""
    source: str
    markdown: str = ""
    """The Markdown body, for :func:`generator.pages.figure_numbering`."""
    after_contents: bool = False
    """Printed after the contents (a section such as the survey), not before it."""


def read_prose(root: Path, source: str, anchor: str, *, after_contents: bool = False) -> ProsePage:
    """Read one content page; a missing file or title is an editor's problem, said plainly."""
    path = root / source
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildFailed(f"{source}: the PDF needs this file, and it does not exist") from None
    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group("yaml")) if match else None
    title = meta.get("title") if isinstance(meta, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise BuildFailed(
            f"{source}:1:1: error: start the file with a front matter holding `title:`"
        )
    body = text[match.end() :] if match else text
    html = render(body).html
    return ProsePage(
        id=anchor,
        title=title.strip(),
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
