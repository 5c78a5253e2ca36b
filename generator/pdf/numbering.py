"""Page numbers decided after pagination: the seam that lets parts render in parallel.

A part of the publication (a run of case studies) lays out the same wherever
it ends up: each case study starts on a new page and the running heads and feet
sit in the page margins. Only the feet's "page N of M" depend on what comes
before. WeasyPrint paginates the whole document first and builds the margin
boxes afterwards (``weasyprint.layout.layout_document``), so a worker can stop
at that point, report how many pages its part has and where each case study
starts, and wait to be told the real numbers before the feet are drawn.

This wraps WeasyPrint's ``make_margin_boxes``, an internal function: the
version is pinned in ``requirements.lock`` and :func:`available` says whether
the installed one has the shape this relies on, so the caller can fall back to
rendering in one process. Only worker processes install the wrapper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import weasyprint
import weasyprint.layout as _layout

STARTS = "part-start"
"""The CSS string (``string-set``) each case study and chapter opener sets to
its id, which is how a part says where each of them starts."""

MARKS = "figure-start"
"""The CSS string each figure sets to its id (``generator.pdf.figures.MARK``):
where it is, for the list of figures, without cutting a case study's pages."""

Resolve = Callable[[int, dict[str, int], dict[str, int]], tuple[Sequence[int], int]]
"""Called once, after pagination, with (pages in this part, id -> first local
page of each section, id -> local page of each figure); returns (the real
number of each local page, the publication's total)."""


@dataclass
class _Numbering:
    resolve: Resolve
    numbers: Sequence[int] | None = None
    total: int = 0
    pages: int = 0
    starts: dict[str, int] = field(default_factory=dict)
    marks: dict[str, int] = field(default_factory=dict)


_active: list[_Numbering] = []
_original = _layout.make_margin_boxes


def available() -> bool:
    """Whether the installed WeasyPrint has the seam this module relies on."""
    return weasyprint.__version__.split(".")[0] == "70" and callable(
        getattr(_layout, "make_margin_boxes", None)
    )


def _make_margin_boxes(context, page, state):  # type: ignore[no-untyped-def]
    if not _active:
        return _original(context, page, state)
    numbering = _active[-1]
    if numbering.numbers is None:
        numbering.pages = len(context.page_maker) - 1
        numbering.starts = _first_pages(context, STARTS)
        numbering.marks = _first_pages(context, MARKS)
        numbers, total = numbering.resolve(numbering.pages, numbering.starts, numbering.marks)
        numbering.numbers, numbering.total = list(numbers), total
    quote_depth, counters, scopes, groups = state
    local = context.current_page
    counters = {**counters, "page": [numbering.numbers[local - 1]], "pages": [numbering.total]}
    return _original(context, page, (quote_depth, counters, scopes, groups))


def _first_pages(context, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Each value of the CSS string ``name`` -> the first page that sets it."""
    found: dict[str, int] = {}
    for number, values in sorted(context.string_set[name].items()):
        for value in values:
            found.setdefault(value, number)
    return found


@contextmanager
def renumbered(resolve: Resolve) -> Iterator[_Numbering]:
    """While rendering inside this block, feet get the numbers ``resolve`` returns."""
    numbering = _Numbering(resolve)
    _layout.make_margin_boxes = _make_margin_boxes
    _active.append(numbering)
    try:
        yield numbering
    finally:
        _active.pop()
        if not _active:
            _layout.make_margin_boxes = _original
