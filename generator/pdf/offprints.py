"""Handouts cut from the publication's own pages.

A handout is one case study alone, for the practice to share. Laying each one
out again took a fifth of a second, most of what a build spent beside the
publication. But a case study lays out the same wherever it lands: it starts
on a new page, and its running head and foot sit in the page margins. So the
publication's layout already holds every handout's pages; only their margins
differ (a handout's own running head and foot, and "page 1 of 3" within the
case study). While the publication is laid out, those pages get a second set
of margin boxes (:class:`weasy_internals.Offprints`), and each handout is
written from them: about a twentieth of a second each.

A link to another case study leads nowhere in a handout, so it keeps its words
and the page the publication prints after them ("page 37 in the
publication"), without the link. A handout laid out alone
(:func:`writers.write_handout`) looks the same, but such a link's words are
plain text there with no page after them, as the publication's pages are not
known to it. Some handouts of a build are laid out alone: all of them outside
WeasyPrint's version gate, and, in a drafts build, the published case
studies' (the publication's pages carry the watermark, their handouts not).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import BuildFailed
from .document import PrintCase, PrintDocument, credit
from .numbering import STARTS

if TYPE_CHECKING:
    import datetime as dt

    import weasyprint

    from .published import PdfInfo
    from .weasy_internals import Offprints


@dataclass(frozen=True)
class Offprint:
    """A handout to cut from the publication's pages."""

    case: PrintCase
    out_file: Path
    ident: bytes
    """The PDF's file identifier: the same whichever part of the publication it is cut from."""
    credit: str
    """Its PDF's subject (:func:`document.credit`)."""


def cuttable(case: PrintCase, *, drafts: bool) -> bool:
    """Whether the publication's pages of ``case`` are what its handout shows: when
    the publication's watermark is the handout's (a drafts build marks every
    page, a handout only a draft's)."""
    return drafts != case.case.is_published


def plan(
    doc: PrintDocument,
    paths: Mapping[str, Path],
    *,
    root: Path,
    date: dt.datetime,
    drafts: bool,
) -> tuple[Offprint, ...]:
    """The handouts of ``paths`` (slug -> file) that can be cut from ``doc``'s pages.

    None outside WeasyPrint's version gate: the pages are cut with its internals.
    """
    from . import engine, weasy_internals

    if not weasy_internals.usable():
        return ()
    words = credit(date)  # names the edition's month: in the identifier too
    return tuple(
        Offprint(
            case=case,
            out_file=paths[case.case.slug],
            ident=engine.identifier(f"handout {case.anchor} {words}\n{case.body}", root),
            credit=words,
        )
        for case in doc.order
        if case.case.slug in paths and cuttable(case, drafts=drafts)
    )


@contextmanager
def collecting(offprints: Sequence[Offprint]) -> Iterator[Offprints | None]:
    """While the publication (or a part of it) is laid out inside this block, keep
    the handout pages of ``offprints``."""
    if not offprints:
        yield None
        return
    from .weasy_internals import offprint_pages

    with offprint_pages(frozenset(o.case.anchor for o in offprints), STARTS) as pages:
        yield pages


def write(
    document: weasyprint.Document, pages: Offprints | None, offprints: Sequence[Offprint]
) -> dict[str, PdfInfo]:
    """Write each handout of ``offprints`` from the pages kept while ``document`` was
    laid out; each is checked and renamed into place, as one laid out alone is."""
    from . import check, engine
    from .published import publish
    from .weasy_internals import offprint_document

    written: dict[str, PdfInfo] = {}
    for offprint in offprints:
        what = f"the handout {offprint.out_file.name}"
        boxes = pages.pages.get(offprint.case.anchor) if pages is not None else None
        if not boxes:
            raise BuildFailed(f"{what}: its pages are not in the publication's layout")
        cut = offprint_document(
            document,
            boxes,
            anchor=offprint.case.anchor,
            title=offprint.case.case.title,
            description=offprint.credit,
        )
        pdf = engine.write(cut, offprint.ident, handout=True)
        count = check.verify(pdf, (offprint.case,), case_depth=1, what=what)
        written[offprint.case.case.slug] = publish(pdf, offprint.out_file, count)
    return written
