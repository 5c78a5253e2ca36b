"""Every PDF of a build at once, on every core: the build's PDF step.

WeasyPrint is pure Python under one interpreter lock, so one render uses one
core. A build makes the publication and one handout per case study: these are
independent documents, so they are rendered in worker processes, the
publication first (it is the longest), the handouts beside it. What they all
share (the content pages read and converted, the figure numbers) is worked out
once here and sent to each worker once, with the publication, when the worker
starts. Each PDF is made by the same :func:`write_pdf` / :func:`write_handout`
as a single-process build, so the output is byte for byte the same whichever
way it was made.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Publication

if TYPE_CHECKING:
    from . import PdfInfo
    from .document import Shared

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
    """Everything a PDF of this build is made from, sent once to each worker."""

    publication: Publication
    common: Shared
    site_dir: Path
    root: Path
    date: dt.datetime
    drafts: bool


_build: _Build | None = None
"""In a worker process: the build it renders for, set when the process starts.
Sending it with every job instead would pickle the whole publication once per
handout (megabytes each at a few hundred case studies)."""


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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

    Fails with the first :class:`~generator.errors.BuildFailed` any of them raises;
    files already written are complete (each is renamed into place only when
    checked), and the caller's staging folder is what keeps a failed build away
    from readers.
    """
    from . import _workers
    from .document import shared

    root = Path(root)
    build = _Build(publication, shared(publication, root), Path(site_dir), root, date, drafts)
    slugs = [c.slug for c in publication.case_studies]
    workers = min(workers or cores(), 1 + len(slugs))
    if workers > 1 and _workers(len(slugs)) == 1:
        # A short publication is one job among the handouts.
        results = _run(build, [PUBLICATION, *slugs], workers)
        return Written(publication=results.pop(PUBLICATION), handouts=results)
    # A long one is rendered in parts on every core first, then the handouts.
    info = _render(build, PUBLICATION)
    return Written(publication=info, handouts=_run(build, slugs, workers))


def _render(build: _Build, key: str) -> PdfInfo:
    """One PDF of the build: the publication, or the handout of the case study ``key``."""
    from . import PUBLICATION_FILE, handout_path, write_handout, write_pdf

    if key == PUBLICATION:
        return write_pdf(
            build.publication,
            build.site_dir / PUBLICATION_FILE,
            root=build.root,
            date=build.date,
            drafts=build.drafts,
            common=build.common,
        )
    return write_handout(
        build.publication,
        build.publication.by_slug(key),
        build.site_dir / handout_path(key),
        root=build.root,
        date=build.date,
        common=build.common,
    )


def _start(build: _Build) -> None:
    """A worker's start: keep the build, and render the publication in one piece
    (the pool already keeps every core busy)."""
    from . import WORKERS_VARIABLE

    global _build
    _build = build
    os.environ[WORKERS_VARIABLE] = "1"


def _job(key: str) -> PdfInfo:
    """One job in a worker."""
    assert _build is not None, "a worker renders only after _start"
    return _render(_build, key)


def _run(build: _Build, keys: list[str], workers: int) -> dict[str, PdfInfo]:
    """Render ``keys`` on ``workers`` processes (here, when one), failing with the first failure."""
    if workers <= 1 or len(keys) <= 1:
        return {key: _render(build, key) for key in keys}
    # spawn, not fork: the caller may be MkDocs' server, with threads that fork would copy.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start, initargs=(build,)
    ) as pool:
        futures: dict[str, Future[PdfInfo]] = {key: pool.submit(_job, key) for key in keys}
        done, _ = wait(futures.values(), return_when=FIRST_EXCEPTION)
        for future in done:
            error = future.exception()
            if error is not None:
                for other in futures.values():
                    other.cancel()
                raise error
        return {key: future.result() for key, future in futures.items()}
