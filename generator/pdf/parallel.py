"""Every PDF of a build at once, on every core: the build's PDF step.

WeasyPrint is pure Python under one interpreter lock, so one render uses one
core. A build makes the publication and one handout per case study. Most
handouts are cut from the publication's own pages as it is laid out
(:mod:`.offprints`), by whichever process lays out their case study; the
others (all of them outside WeasyPrint's version gate; a published case
study's in a drafts build) are laid out alone, in worker processes that start first and take the next handout as each
finishes. The publication is rendered meanwhile, in parts on every core
(:mod:`split`) when it is long, or as the first job of the workers when it is
short. Everything runs at once so that no core waits: the publication in parts
has moments when fewer parts than cores are busy (between its steps, at its
end), which the handouts laid out alone fill.

What they all share (the content pages read and converted, the figure
numbers, the publication's print HTML) is worked out once here and reaches
each worker when it starts; a worker parses the print stylesheet and its fonts
once for all its documents (:func:`engine.sharing_styles`). Each PDF is made
by the same functions as in a single-process build, so it reads the same
whichever way it was made, and its bytes are the same every time, in whatever
order the workers took their jobs."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import Publication
from .writers import (
    PUBLICATION_FILE,
    WORKERS_VARIABLE,
    PdfInfo,
    cores,
    handout_path,
    parts,
    write_handout,
    write_publication,
)

if TYPE_CHECKING:
    from .document import PrintDocument, Shared
    from .offprints import Offprint

PUBLICATION = ""
"""The job key of the whole publication (a handout's key is its slug)."""


@dataclass(frozen=True)
class Written:
    """What :func:`write_all` wrote."""

    publication: PdfInfo
    """The whole publication."""
    handouts: dict[str, PdfInfo] = field(default_factory=dict)
    """Each handout, by slug."""


@dataclass(frozen=True)
class _Build:
    """Everything a PDF of this build is made from, sent once to each worker (not
    with every job: that would pickle the whole publication once per handout)."""

    publication: Publication
    common: Shared
    site_dir: Path
    root: Path
    date: dt.datetime
    doc: PrintDocument
    """The whole publication as print HTML."""
    offprints: tuple[Offprint, ...]
    """The handouts cut from the publication's pages: they come with it."""


def write_all(
    publication: Publication,
    site_dir: Path,
    *,
    root: Path,
    date: dt.datetime,
    drafts: bool = False,
    workers: int | None = None,
) -> Written:
    """Write the publication and every handout into ``site_dir``.

    Most handouts are cut from the publication's own pages as it is laid out
    (:mod:`.offprints`); the others are laid out alone meanwhile. Fails with
    the first error any of them raises; files already written are complete
    (each is renamed into place only when checked), and the caller's staging
    folder is what keeps a failed build away from readers.
    """
    from . import engine
    from .document import publication_document, shared
    from .offprints import plan

    root, site_dir = Path(root), Path(site_dir)
    common = shared(publication, root)
    doc = publication_document(publication, common.front, root=root, drafts=drafts, date=date)
    paths = {c.slug: site_dir / handout_path(c.slug) for c in publication.case_studies}
    offprints = plan(doc, paths, root=root, date=date, drafts=drafts)
    build = _Build(publication, common, site_dir, root, date, doc, offprints)
    cut = {o.case.case.slug for o in offprints}
    # Longest first, so the last jobs to finish are short ones.
    longest = sorted(publication.case_studies, key=lambda case: -len(case.body_html))
    slugs = [case.slug for case in longest if case.slug not in cut]
    workers = min(workers or cores(), 1 + len(slugs))
    if workers <= 1:
        with engine.sharing_styles():
            results = {
                k: v for key in [PUBLICATION, *slugs] for k, v in _render(build, key).items()
            }
    elif parts(len(doc.order)) == 1:  # a short publication is the workers' first job
        with _Workers(build, [PUBLICATION, *slugs], workers) as pool:
            results = pool.results()
    else:  # a long one in parts, here, while the workers lay out the other handouts
        with _Workers(build, slugs, min(workers, len(slugs))) as pool:
            results = _render(build, PUBLICATION)
            results.update(pool.results())
    return Written(
        publication=results.pop(PUBLICATION),
        handouts={c.slug: results[c.slug] for c in publication.case_studies},
    )


def _render(build: _Build, key: str) -> dict[str, PdfInfo]:
    """One job of the build: the publication (with the handouts cut from it), or
    the handout of the case study ``key`` laid out alone; what it wrote, by key."""
    if key == PUBLICATION:
        info, cut = write_publication(
            build.doc, build.site_dir / PUBLICATION_FILE, root=build.root, offprints=build.offprints
        )
        return {PUBLICATION: info, **cut}
    info = write_handout(
        build.publication,
        build.publication.by_slug(key),
        build.site_dir / handout_path(key),
        root=build.root,
        date=build.date,
        common=build.common,
    )
    return {key: info}


class _Workers:
    """Processes that render ``keys`` of ``build``, each taking the next key as it
    finishes one (a counter they share, so no thread is started here: the
    publication's parts can then be forked, see :func:`split.start_method`)."""

    def __init__(self, build: _Build, keys: Sequence[str], count: int) -> None:
        from .split import start_method

        context = multiprocessing.get_context(start_method())
        self.taken = context.Value("i", 0)
        self.conns: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for _ in range(count):
            parent_end, child_end = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(child_end, build, list(keys), self.taken)
            )
            process.start()
            child_end.close()
            self.conns.append(parent_end)
            self.processes.append(process)

    def __enter__(self) -> _Workers:
        return self

    def results(self) -> dict[str, PdfInfo]:
        """Every key's PDF, once all are written; the first failure, raised, if any."""
        from ..core.errors import BuildFailed

        results: dict[str, PdfInfo] = {}
        for conn in self.conns:
            try:
                kind, value = conn.recv()
            except EOFError:
                raise BuildFailed("the PDFs: a rendering process stopped without a word") from None
            if kind == "error":
                raise value
            results.update(value)
        return results

    def __exit__(self, *exc: object) -> None:
        with self.taken.get_lock():  # after a failure here, the workers take nothing more
            self.taken.value = 1 << 30
        for conn in self.conns:
            conn.close()
        for process in self.processes:
            if exc[0] is not None:
                process.terminate()
            process.join()


def _worker(conn: Connection, build: _Build, keys: Sequence[str], taken: Any) -> None:
    """A worker: render the next key until none is left or one failed, then send
    what it wrote (or the error)."""
    from . import engine
    from .split import leave_cleanly_when_stopped

    leave_cleanly_when_stopped()
    os.environ[WORKERS_VARIABLE] = "1"  # a publication here is one job: every core is busy
    written: dict[str, PdfInfo] = {}
    try:
        with engine.sharing_styles():
            for key in _next(keys, taken):
                written.update(_render(build, key))
        message: tuple[str, object] = ("done", written)
    except Exception as error:
        with taken.get_lock():  # the other workers stop after their current job
            taken.value = len(keys)
        message = ("error", error)
    try:
        conn.send(message)
    except Exception:  # an error that cannot be pickled: its words
        from ..core.errors import BuildFailed

        what = message[1]
        conn.send(("error", BuildFailed(f"the PDFs: {type(what).__name__}: {what}")))
    finally:
        conn.close()


def _next(keys: Sequence[str], taken: Any) -> Iterator[str]:
    """The keys no worker has taken yet, one at a time."""
    while True:
        with taken.get_lock():
            index = taken.value
            if index >= len(keys):
                return
            taken.value = index + 1
        yield keys[index]
