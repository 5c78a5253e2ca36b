"""The WeasyPrint call: one place that knows its options, its logger and its quirks.

WeasyPrint logs a missing image or an unreadable font and still writes a PDF;
a publication must not go out with a hole in it, so every warning or error it
logs while rendering becomes :class:`~generator.errors.BuildFailed`. The output
is made reproducible here too: the file identifier is derived from the input,
and the dates come from the document (see :func:`document.publication_date`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pydyf
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from ..errors import BuildFailed
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
def captured(what: str) -> Iterator[None]:
    """Turn what WeasyPrint logs as a warning or an error into a failed build."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise BuildFailed(f"{what}: a file it needs could not be used: {cause}") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        shown = "; ".join(dict.fromkeys(handler.messages))
        raise BuildFailed(f"{what}: WeasyPrint reported a problem, so no PDF was written: {shown}")


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


class _Plain(pydyf.Dictionary):
    """A dictionary written as its own object, outside the compressed object stream."""

    compressible = False  # type: ignore[assignment]


_DOCUMENT_LEVEL = {"/Catalog", "/Pages", "/Page", "/Outlines"}


def plain_document_level(pdf: pydyf.PDF) -> None:
    """Keep the catalog, the page tree and the bookmarks out of the object stream.

    WeasyPrint puts every small object (tens of thousands in a tagged PDF: one
    per structure element) into one compressed object stream, and pypdf parses
    the whole stream to read any one of them: seconds for a long publication.
    Written plainly, the few objects the check after rendering reads cost
    milliseconds, for a few hundred bytes a page.
    """
    outlines = pdf.catalog.get("Outlines")
    if isinstance(outlines, bytes):  # the outline root has no /Type: find it by number
        pdf.objects[int(outlines.split()[0])].__class__ = _Plain
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and (
            obj.get("Type") in _DOCUMENT_LEVEL or ("Title" in obj and "Dest" in obj)
        ):
            obj.__class__ = _Plain


def render(html: str, root: Path, *, what: str) -> Rendered:
    """Lay out and write one document, failing on anything WeasyPrint complains about."""
    with captured(what):
        document = html_object(html, root).render(**OPTIONS)
        pdf = document.write_pdf(
            pdf_identifier=identifier(html),
            finisher=lambda _document, pdf: plain_document_level(pdf),
            **OPTIONS,
        )
    return Rendered(pdf=pdf, pages=len(document.pages))


class _Captured(Exception):
    """Stops WeasyPrint right before it serialises the PDF."""


def pdf_objects(document: weasyprint.Document) -> pydyf.PDF:
    """The PDF WeasyPrint would write, as objects, for joining with other parts."""
    captured_pdf: list[pydyf.PDF] = []

    def finisher(_document: object, pdf: pydyf.PDF) -> None:
        captured_pdf.append(pdf)
        raise _Captured

    try:
        document.write_pdf(finisher=finisher, **OPTIONS)
    except _Captured:
        plain_document_level(captured_pdf[0])
        return _picklable(captured_pdf[0])
    raise AssertionError("WeasyPrint did not call the finisher")  # pragma: no cover


def _picklable(pdf: pydyf.PDF) -> pydyf.PDF:
    """Plain pydyf streams in place of WeasyPrint's, which keep Pango objects for drawing."""
    for number, obj in enumerate(pdf.objects):
        if isinstance(obj, pydyf.Stream) and type(obj) is not pydyf.Stream:
            plain = pydyf.Stream(obj.stream, obj.extra, obj.compress)
            plain.number, plain.generation = obj.number, obj.generation
            pdf.objects[number] = plain
    return pdf
