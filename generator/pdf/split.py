"""The publication rendered in parts, on every core, then joined.

WeasyPrint uses one core. The case studies are most of the pages, so they are
split into runs ("chunks"), one per worker process. The "frame", the pages
whose text holds page numbers, is laid out twice (see below) and draws every
chapter's charts, so it is rendered in parts too (:func:`frame_parts`): the
front (cover, front matter, contents, patients' views), then the chapter
openers in runs, the index with the last. In one piece it was the last part
to finish by far. The order of work:

1. every chunk is paginated; each part of the frame is paginated once with
   stand-in numbers, only to learn how long each of its sections is (a case
   study lays out the same wherever it lands, and so does a section of the
   frame);
2. the parent then knows where every page goes, and tells each chunk the real
   number of each of its pages (see :mod:`numbering`) and each part of the
   frame the real numbers for its contents, chapter lists and index;
3. the parts are drawn in parallel and joined (see :mod:`merge`).

If the frame's sections do not paginate the same with the real numbers, or
the installed WeasyPrint or pydyf is outside :mod:`weasy_internals`' version
gate, :func:`render` returns ``None`` and the caller renders in one process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..core.errors import BuildFailed
from .document import PrintCase, PrintDocument, part_html
from .merge import Entry, Placement, Serialised, Summary, assemble, serialise, summarise

if TYPE_CHECKING:
    from .offprints import Offprint
    from .published import PdfInfo

T = TypeVar("T")

BACK_PARTS = 2
"""How many parts the chapter openers and index are rendered in: their charts
make them the slowest pages to draw, and one process for all of them was the
last part to finish."""


def frame_parts(doc: PrintDocument, backs: int = BACK_PARTS) -> list[frozenset[str] | None]:
    """The frame's parts in print order: ``None`` for the front, then the sections
    (chapter anchors, ``index`` in the last) each back part holds, in runs of
    about equal weight (a chapter opener lists and charts its case studies)."""
    weights = [1 + len(ch.cases) + len(ch.also) for ch in doc.chapters]
    runs = _runs([ch.anchor for ch in doc.chapters], weights, backs) or [[]]
    runs[-1].append("index")
    return [None, *(frozenset(run) for run in runs)]


def _runs(items: Sequence[T], weights: Sequence[float], count: int) -> list[list[T]]:
    """At most ``count`` runs of ``items``, in order, of about equal total weight."""
    total, runs, current, done = sum(weights), [], [], 0.0
    for item, weight in zip(items, weights, strict=True):
        current.append(item)
        done += weight
        if len(runs) < count - 1 and done >= total * (len(runs) + 1) / count:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


STAND_IN = 888
"""The page number the frame is first laid out with: three digits, like most."""


class _Stop(Exception):
    """Ends a worker's layout early (pagination was all that was wanted)."""


_CROSS_REFERENCE = 'class="see-case"'
"""In a chunk's HTML: a page number that is only known once every part is paginated."""


class _StandIn(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> int:
        return STAND_IN


def leave_cleanly_when_stopped() -> None:
    """In a worker process, first thing: leave Ctrl+C to the parent, delete the
    unpacked fonts when the parent stops it, and never the parent's.

    Ctrl+C reaches every process of the build; the parent says in one line
    that the build stopped and stops its workers, which would otherwise each
    print a page of traceback. The parent terminates the workers still running
    after a failure, a fallback or Ctrl+C; killed outright, a worker left
    behind the 10 MB folder where its fonts were unpacked
    (:func:`engine.sharing_styles` deletes it on the way out, which a signal's
    default action skips). The worker then ends at once, as it would have:
    unwinding through WeasyPrint instead could be caught there and leave it
    waiting for a parent that no longer talks to it.
    """

    from .engine import forget_fonts, start_afresh

    def stopped(number: int, _frame: object) -> None:
        forget_fonts()
        os._exit(128 + number)

    start_afresh()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stopped)


def _worker(
    conn: Connection,
    html: str,
    root: Path,
    stubs: Sequence[str],
    what: str,
    offprints: Sequence[Offprint],
) -> None:
    """Paginate, report, wait for the numbers, draw; send back the part (or why not),
    then the handouts cut from its pages (:mod:`.offprints`)."""
    leave_cleanly_when_stopped()
    try:
        from . import engine, numbering
        from . import offprints as cutting

        def resolve(
            pages: int, starts: dict[str, int], marks: dict[str, int]
        ) -> tuple[Sequence[int], int]:
            conn.send(("paginated", pages, starts, marks))
            message = conn.recv()
            if message[0] != "numbers":
                raise _Stop
            _, numbers, total, html_again = message
            if html_again is not None:  # the frame: lay out again with the real numbers
                raise _Restart(html_again, numbers, total, pages, starts, marks)
            return numbers, total

        document = None
        with engine.captured(what, root), engine.sharing_styles():
            with cutting.collecting(offprints) as kept:
                try:
                    with numbering.renumbered(resolve):
                        document = engine.layout(html, root)
                except _Restart as signal:
                    restart = signal
                    html = restart.html

                    def check(
                        pages: int, starts: dict[str, int], marks: dict[str, int]
                    ) -> tuple[Sequence[int], int]:
                        if (pages, starts, marks) != (restart.pages, restart.starts, restart.marks):
                            conn.send(("mismatch",))
                            raise _Stop
                        return restart.numbers, restart.total

                    with numbering.renumbered(check):
                        document = engine.layout(html, root)
            pdf = engine.pdf_objects(document)
            bookmarks = document.make_bookmark_tree(scale=0.75, transform_pages=True)
            summary = summarise(pdf, bookmarks, frozenset(stubs))
            conn.send(("drawn", summary))
            message = conn.recv()
            if message[0] != "place":
                raise _Stop
            conn.send(("serialised", serialise(pdf, summary, message[1])))
            if offprints:  # while the parent joins the parts
                conn.send(("offprints", cutting.write(document, kept, offprints)))
    except _Stop:
        pass
    except BaseException as error:  # the parent turns it into BuildFailed
        text = (
            str(error)
            if isinstance(error, BuildFailed)
            else f"{what}: {type(error).__name__}: {error}"
        )
        with contextlib.suppress(OSError):  # the parent may have given up already
            conn.send(("error", text))
    finally:
        conn.close()


class _Restart(Exception):
    def __init__(
        self,
        html: str,
        numbers: Sequence[int],
        total: int,
        pages: int,
        starts: dict[str, int],
        marks: dict[str, int],
    ) -> None:
        super().__init__()
        self.html, self.numbers, self.total = html, numbers, total
        self.pages, self.starts, self.marks = pages, starts, marks


def chunks(order: Sequence[PrintCase], count: int) -> list[list[PrintCase]]:
    """``count`` runs of case studies in print order, of about equal length of text."""
    return _runs(order, [2000 + len(c.case.body_html) for c in order], count)


def _stubs(html: str) -> list[str]:
    """The stand-in anchors :func:`document.part_html` gave a part."""
    import re
    from html import unescape

    return sorted(unescape(v) for v in re.findall(r'<span class="stub" id="([^"]+)">', html))


@dataclass(frozen=True)
class Joined:
    """The publication rendered in parts, and the handouts cut from its chunks."""

    pdf: bytes
    pages: int
    offprints: dict[str, PdfInfo]
    """Each handout of ``offprints`` written, by slug."""


def render(
    doc: PrintDocument, root: Path, workers: int, offprints: Sequence[Offprint] = ()
) -> Joined | None:
    """The publication's PDF and the handouts ``offprints`` cut from its pages (each
    by the chunk that lays its case study out), or ``None`` to render in one process."""
    from . import engine, weasy_internals

    if not weasy_internals.usable() or len(doc.order) < 2 or workers < 2:
        return None
    runs = chunks(doc.order, workers)
    frames = frame_parts(doc)

    def frame_html(show: frozenset[str] | None, numbers: Mapping[str, int]) -> str:
        part = "front" if show is None else "back"
        return part_html(doc.context, part=part, numbers=numbers, show=show)

    def chunk_html(run: Sequence[PrintCase], numbers: Mapping[str, int]) -> str:
        return part_html(doc.context, part="chunk", chunk=run, numbers=numbers)

    htmls = [frame_html(show, _StandIn()) for show in frames]
    htmls += [chunk_html(run, _StandIn()) for run in runs]
    names = ["the front matter"] + [
        f"the chapter openers ({', '.join(sorted(show or ()))})" for show in frames[1:]
    ]
    names += [f"case studies {run[0].case.slug} to {run[-1].case.slug}" for run in runs]
    cut = {o.case.anchor: o for o in offprints}
    mine: list[list[Offprint]] = [[] for _ in frames]
    mine += [[cut[c.anchor] for c in run if c.anchor in cut] for run in runs]
    context = multiprocessing.get_context(start_method())
    conns, processes = [], []
    finished = False
    try:
        for html, name, own in zip(htmls, names, mine, strict=True):
            parent_end, child_end = context.Pipe()
            process = context.Process(
                target=_worker,
                args=(child_end, html, root, _stubs(html), f"the PDF ({name})", own),
            )
            process.start()
            child_end.close()
            conns.append(parent_end)
            processes.append(process)
        paginated = [_receive(conn, "paginated") for conn in conns]
        plan = _Plan(doc, frames, runs, paginated)
        # The frame, and any chunk whose stories give another case study's page
        # (document.cross_references), are laid out again with the real numbers.
        finals: list[str | None] = [frame_html(show, plan.numbers) for show in frames]
        finals += [
            chunk_html(run, plan.numbers) if _CROSS_REFERENCE in html else None
            for run, html in zip(runs, htmls[len(frames) :], strict=True)
        ]
        for index, conn in enumerate(conns):
            again = finals[index]
            conn.send(("numbers", plan.page_numbers[index], plan.total, again))
        summaries: list[Summary] = []
        for conn in conns:
            message = _receive(conn, "drawn", "mismatch")
            if message[0] == "mismatch":
                return None
            summaries.append(message[1])
        places = plan.place(summaries)
        for conn, place in zip(conns, places, strict=True):
            conn.send(("place", place))
        serialised: list[Serialised] = [_receive(conn, "serialised")[1] for conn in conns]
        pages = [places[part].base + summaries[part].pages[page] for part, page in plan.order]
        outline = plan.outline(summaries, places)
        drawn = [
            final if final is not None else html for final, html in zip(finals, htmls, strict=True)
        ]
        ident = engine.identifier("".join(drawn), root)
        pdf = assemble(summaries[0], serialised, pages, outline, ident)
        handouts: dict[str, PdfInfo] = {}
        for conn, own in zip(conns, mine, strict=True):
            if own:
                handouts.update(_receive(conn, "offprints")[1])
        finished = True
        return Joined(pdf=pdf, pages=plan.total, offprints=handouts)
    finally:
        for conn in conns:
            conn.close()
        for process in processes:
            # Workers that are done exit by themselves; after a failure or a
            # fallback, those still drawing are not waited for.
            if not finished:
                process.terminate()
            process.join()


def start_method() -> str:
    """``fork`` when this process has no other thread (a command line build): the
    workers then start at once, WeasyPrint already imported; ``spawn`` otherwise
    (under ``mkdocs serve``, forking a process with threads can deadlock)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _receive(conn: Connection, *expected: str) -> tuple:  # type: ignore[type-arg]
    wait([conn])
    try:
        message = conn.recv()
    except EOFError:
        raise BuildFailed("the PDF: a rendering process stopped without a word") from None
    if message[0] == "error":
        raise BuildFailed(message[1])
    assert message[0] in expected, message
    return message


class _Plan:
    """Where every page of every part goes, and the numbers that follow."""

    def __init__(
        self,
        doc: PrintDocument,
        frames: Sequence[frozenset[str] | None],
        runs: Sequence[Sequence[PrintCase]],
        paginated: Sequence[tuple],  # type: ignore[type-arg]
    ) -> None:
        self.frames = len(frames)
        holder = {key: part for part, show in enumerate(frames) for key in show or ()}
        chunk_of: dict[str, int] = {}
        for index, run in enumerate(runs, start=len(frames)):
            for case in run:
                chunk_of[case.anchor] = index

        def span(starts: dict[str, int], key: str, pages: int) -> list[int]:
            """0-based pages of the section starting at ``key``, up to the next start."""
            first = starts[key]
            later = [s for s in starts.values() if s > first]
            return list(range(first - 1, (min(later) if later else pages + 1) - 1))

        def section(key: str, part: int) -> list[tuple[int, int]]:
            pages, starts = paginated[part][1], paginated[part][2]
            return [(part, page) for page in span(starts, key, pages)]

        order: list[tuple[int, int]] = [(0, page) for page in range(paginated[0][1])]
        for chapter in doc.chapters:
            order += section(chapter.anchor, holder[chapter.anchor])
            for case in chapter.cases:
                order += section(case.anchor, chunk_of[case.anchor])
        order += section("index", holder["index"])
        self.order = order
        self.total = len(order)
        position = {place: n + 1 for n, place in enumerate(order)}
        self.page_numbers = [
            [position[(part, page)] for page in range(paginated[part][1])]
            for part in range(len(paginated))
        ]
        # Sections (starts) and figures (marks) of every part, by their real page.
        numbers: dict[str, int] = {}
        for part in range(len(paginated)):
            for found in (paginated[part][2], paginated[part][3]):
                for key, page in found.items():
                    numbers.setdefault(key, position[(part, page - 1)])
        self.numbers = numbers
        self.starts = [p[2] for p in paginated]
        self.doc = doc
        self.chunk_of = chunk_of

    def place(self, summaries: Sequence[Summary]) -> list[Placement]:
        """Final object numbers and structure keys: the frame first, then each chunk."""
        places, next_free, nums = [], summaries[0].count, summaries[0].nums
        document = summaries[0].document
        places.append(Placement(base=0, nums=0, document=document))
        for part, summary in enumerate(summaries[1:], start=1):
            places.append(Placement(base=next_free - 1, nums=nums, document=document, part=part))
            next_free += summary.count - 1
            nums += summary.nums
        return places

    def outline(self, parts: Sequence[Summary], places: Sequence[Placement]) -> list[Entry]:
        """The frame's bookmarks (front, then back), with each chapter's case
        studies under it."""

        def page_object(part: int, page: int) -> int:
            return places[part].base + parts[part].pages[page]

        by_start: dict[tuple[int, int], str] = {}
        for part, starts in enumerate(self.starts):
            for key, page in starts.items():
                by_start[(part, page - 1)] = key
        children: dict[str, list[Entry]] = {}
        chapter_of = {c.anchor: ch.anchor for ch in self.doc.chapters for c in ch.cases}
        for part in range(self.frames, len(parts)):
            for label, (page, x, y), _, _ in parts[part].bookmarks:
                key = by_start.get((part, page))
                if key in chapter_of:
                    children.setdefault(chapter_of[key], []).append(
                        Entry(label, page_object(part, page), x, y)
                    )
        result = []
        for part in range(self.frames):
            for label, (page, x, y), _, _ in parts[part].bookmarks:
                key = by_start.get((part, page), "")
                entry = Entry(label, page_object(part, page), x, y, tuple(children.get(key, ())))
                result.append(entry)
        return result
