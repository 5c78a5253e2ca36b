"""The WeasyPrint call: one place that knows its options, its logger and its quirks.

WeasyPrint logs a missing image or an unreadable font and still writes a PDF;
a publication must not go out with a hole in it, so every warning or error it
logs while rendering becomes :class:`~generator.errors.BuildFailed`. The output
is made reproducible here too: the file identifier is derived from the input,
and the dates come from the document (the build date, :func:`generator.build.build_date`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from ..errors import BuildFailed
from . import weasy_internals
from .document import FONTS
from .fetcher import ProjectFetcher

OPTIONS: dict[str, object] = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "optimize_images": False,
}
"""Tagged PDF/UA-1 (WeasyPrint then writes PDF 1.7 with a structure tree)."""


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: page count and the PDF's bytes."""

    pdf: bytes
    pages: int


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors raised by one thread."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def captured(what: str, root: Path | None = None) -> Iterator[None]:
    """Turn what WeasyPrint logs as a warning or an error into a failed build.

    A message about a character no font draws, or a file that could not be
    used, names the project file that holds it (found under ``root``), at its
    line and column: WeasyPrint knows only the document it was given, and a
    case study's quote may be printed in the front matter, far from its file.
    """
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        where = _where_url(str(cause), root)
        raise BuildFailed(f"{where or what}: a file it needs could not be used: {cause}") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise BuildFailed(_explain(dict.fromkeys(handler.messages), what, root))


_NOTDEF = re.compile(r"\.notdef glyph rendered for .*\(U\+([0-9A-F]+)\)", re.S)
"""WeasyPrint's warning for a character no font draws."""
_URL = re.compile(r"file://[^\s'\"]+")


def _explain(messages: Iterable[str], what: str, root: Path | None) -> str:
    """One line per problem: a character no font draws at the file and line that
    hold it; anything else as WeasyPrint said it, with the file its URL names."""
    lines, others = [], []
    for message in messages:
        notdef = _NOTDEF.match(message)
        if notdef:
            char = chr(int(notdef.group(1), 16))
            where = _where(char, root) or what
            lines.append(
                f"{where}: '{char}' (U+{ord(char):04X}) is drawn by none of the publication's "
                "fonts, so no PDF was written; `publication validate` reports every such "
                "character (unsupported-character)"
            )
        else:
            others.append((_where_url(message, root), message))
    for where, message in others:
        lines.append(
            f"{where or what}: WeasyPrint reported a problem, so no PDF was written: {message}"
        )
    return "\n".join(lines)


def _sources(root: Path) -> list[Path]:
    """The project's text files a PDF prints from, in a stable order."""
    files = [*root.glob("casestudies/**/*.md"), *root.glob("content/**/*")]
    return sorted(p for p in files if p.suffix in (".md", ".yml", ".yaml") and p.is_file())


def _where(needle: str, root: Path | None) -> str | None:
    """``file:line:column`` of the first occurrence of ``needle`` in the project's sources."""
    if root is None or not needle:
        return None
    for path in _sources(Path(root)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        offset = text.find(needle)
        if offset >= 0:
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            return f"{path.relative_to(root).as_posix()}:{line}:{column}"
    return None


def _where_url(message: str, root: Path | None) -> str | None:
    """The source that names the file a message's ``file:`` URL points at, if any."""
    match = _URL.search(message)
    if not match:
        return None
    name = unquote(urlsplit(match.group(0)).path).rsplit("/", 1)[-1]
    return _where(name, root)


def fetcher(root: Path) -> ProjectFetcher:
    """Only the project and the generator's own fonts may be read."""
    return ProjectFetcher([root, FONTS])


def identifier(html: str) -> bytes:
    """The PDF's file identifier: the same input gives the same bytes."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


def html_object(html: str, root: Path) -> weasyprint.HTML:
    return weasyprint.HTML(
        string=html, base_url=root.resolve().as_uri() + "/", url_fetcher=fetcher(root)
    )


def render(html: str, root: Path, *, what: str) -> Rendered:
    """Lay out and write one document, failing on anything WeasyPrint complains about.

    Inside the version gate the document-level objects are written plainly, so
    the check after rendering reads them fast
    (:func:`weasy_internals.plain_document_level`); outside it, WeasyPrint's
    public API alone writes the same document.
    """
    finisher = _plain if weasy_internals.usable() else None
    with captured(what, root):
        document = html_object(html, root).render(**OPTIONS)
        pdf = document.write_pdf(pdf_identifier=identifier(html), finisher=finisher, **OPTIONS)
    return Rendered(pdf=pdf, pages=len(document.pages))


def _plain(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    weasy_internals.finish_tagging(pdf)
    weasy_internals.plain_document_level(pdf)


def pdf_objects(document: weasyprint.Document) -> pydyf.PDF:
    """The PDF WeasyPrint would write, as objects, for joining with other parts (inside
    the version gate only: see :func:`weasy_internals.pdf_objects`)."""
    return weasy_internals.pdf_objects(document, **OPTIONS)
