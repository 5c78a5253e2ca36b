"""The editors' own pages under ``content/``: read once, strictly, with line numbers.

Content pages (the introduction, the foreword, the survey of GPs, ...) are not
case studies, but the same people write them and the PDF prints some of them.
Before this module, ``publication validate`` and the PDF each read them their
own way, the PDF with a lenient YAML loader that forgot where a mistake was.
Now both go through the case studies' strict reader
(:func:`generator.core.frontmatter.split`), so a broken front matter is reported at
its line by ``validate``, before a build fails on it, and a build reads each
page's bytes once however many steps ask for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import RawProblem, ScalarNode, decode, split
from .model import Problem

CONTENT_DIR = "content"


@dataclass(frozen=True)
class ContentPage:
    """One content page, divided into what its front matter says and its text."""

    source: str
    """The file, relative to the project, with forward slashes."""
    title: str | None
    """The ``title:`` field, stripped; ``None`` when missing or not text."""
    body: str
    """The Markdown after the front matter (the whole text when it has none)."""
    body_line: int
    """The line of the file the body starts on."""
    problems: tuple[Problem, ...]
    """What is wrong with the file as an editor wrote it, at file:line:col."""


def content_sources(root: Path) -> list[str]:
    """Every Markdown page under ``content/``, in a stable order, links left out."""
    base = root / CONTENT_DIR
    if not base.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in base.rglob("*.md")
        if p.is_file() and not p.is_symlink()
    )


def read_content_page(root: Path, source: str) -> ContentPage:
    """Read one page; a missing file raises :class:`FileNotFoundError` for the caller
    to name in its own words (the PDF needs some pages; validation needs none)."""
    path = root / source
    stat = path.stat()
    return _read(str(path), source, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _read(path: str, source: str, _mtime_ns: int, _size: int) -> ContentPage:
    """Read by path, change time and size, so an unchanged page is read once per
    process and an edited one (a preview) is read again."""
    data = Path(path).read_bytes()
    if not data.removeprefix(b"\xef\xbb\xbf").startswith(b"---"):
        # A page without front matter is allowed: MkDocs titles it from its heading.
        text, raw = decode(data)
        problems = [] if raw is None else [raw]
        return ContentPage(source, None, text or "", 1, _named(source, problems))
    parts = split(data)
    title = None
    if parts.front_matter is not None and "title" in parts.front_matter.items:
        node = parts.front_matter.items["title"][1]
        if isinstance(node, ScalarNode) and isinstance(node.value, str) and node.value.strip():
            title = node.value.strip()
    return ContentPage(source, title, parts.body, parts.body_line, _named(source, parts.problems))


def _named(source: str, raw_problems: list[RawProblem]) -> tuple[Problem, ...]:
    """The reader's problems, given the page's file name."""
    return tuple(
        Problem(source, raw.line, raw.column, raw.severity, raw.rule, raw.message)  # type: ignore[arg-type]
        for raw in raw_problems
    )
