"""Page numbers decided after pagination: the seam that lets parts render in parallel.

A part of the publication (a run of case studies) lays out the same wherever
it ends up: each case study starts on a new page and the running heads and feet
sit in the page margins. Only the feet's "page N of M" depend on what comes
before. WeasyPrint paginates the whole document first and builds the margin
boxes afterwards, so a worker can stop at that point, report how many pages its
part has and where each case study starts, and wait to be told the real numbers
before the feet are drawn.

The hook into WeasyPrint is :func:`weasy_internals.page_counters`, behind its
version gate; this module says what a part reports (where each section and
figure starts) and what it is told back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from .weasy_internals import FirstPages, page_counters

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


@contextmanager
def renumbered(resolve: Resolve) -> Iterator[None]:
    """While rendering inside this block, feet get the numbers ``resolve`` returns."""

    def renumber(pages: int, first_pages: FirstPages) -> tuple[Sequence[int], int]:
        return resolve(pages, first_pages(STARTS), first_pages(MARKS))

    with page_counters(renumber):
        yield
