"""After rendering: does the PDF really hold every case study, in chapter order?

A stylesheet slip (``display: none`` on the wrong class), a template that skips
a loop, or a merge that drops pages would all still give a valid-looking PDF.
So the written file is read back with pypdf and compared with the model: each
case study must have its named destination and its bookmark, in print order.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader

from ..core.errors import BuildFailed
from .document import PrintCase


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    """The bookmarks as (depth, title), depth 1 for the top level, in order."""
    result: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, str(item.title)))  # type: ignore[attr-defined]

    walk(reader.outline, 1)
    return result


def start_pages(reader: PdfReader) -> dict[str, int]:
    """Named destination -> 1-based page number.

    Reads the flat name array WeasyPrint writes and maps page references by
    object number: pypdf's own lookup searches every page for every name, which
    costs seconds on a publication of hundreds of pages.
    """
    numbers = {
        page.indirect_reference.idnum: n
        for n, page in enumerate(reader.pages, start=1)
        if page.indirect_reference is not None
    }
    names = reader.trailer["/Root"].get("/Names", {}).get("/Dests", {})
    flat = names.get("/Names") if "/Kids" not in names else None
    if flat is None:  # a name tree with kids: not what WeasyPrint writes, so be general
        return {
            str(name): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()
        }
    result = {}
    for name, target in zip(flat[::2], flat[1::2], strict=True):
        target = target.get_object()
        array = target["/D"] if isinstance(target, dict) else target
        result[str(name)] = numbers[array[0].idnum]
    return result


def verify(pdf: bytes, order: Sequence[PrintCase], *, case_depth: int, what: str) -> int:
    """Fail unless every case study starts where expected, in order; return the page count."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    if pages == 0:
        raise BuildFailed(f"{what}: the PDF has no pages")
    starts = start_pages(reader)
    missing = [c.case.source for c in order if c.anchor not in starts]
    if missing:
        raise BuildFailed(
            f"{what}: these case studies are missing from the PDF: {', '.join(missing)}"
        )
    found = [starts[c.anchor] for c in order]
    if found != sorted(found) or len(set(found)) != len(found):
        raise BuildFailed(
            f"{what}: the case studies are not in chapter order, each on its own page"
        )
    titles = [title for depth, title in outline_titles(reader) if depth == case_depth]
    expected = [c.case.title for c in order]
    if titles != expected:
        absent = [t for t in expected if t not in titles]
        detail = f"missing {', '.join(absent)}" if absent else "in the wrong order"
        raise BuildFailed(f"{what}: the PDF's bookmarks do not match the case studies ({detail})")
    return pages
