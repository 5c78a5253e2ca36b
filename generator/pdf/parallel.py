"""Every PDF of a build at once, on every core.

WeasyPrint is pure Python under one interpreter lock, so one render uses one
core. A site build makes the publication and one handout per case study: these
are independent documents, so they are rendered in worker processes, the
publication first (it is the longest), the handouts beside it. Each worker
calls the same :func:`write_pdf` / :func:`write_handout` as a single-process
build, so the output is byte for byte the same whichever way it was made.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Publication

if TYPE_CHECKING:
    from . import PdfInfo


@dataclass(frozen=True)
class Written:
    """What :func:`write_all` wrote."""

    publication: PdfInfo
    """The whole publication."""
    handouts: dict[str, PdfInfo] = field(default_factory=dict)
    """Each handout, by slug."""


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _publication_job(publication: Publication, out: Path, root: Path, drafts: bool) -> PdfInfo:
    from . import WORKERS_VARIABLE, write_pdf

    # The pool already keeps every core busy: render this one in one piece.
    os.environ[WORKERS_VARIABLE] = "1"

    return write_pdf(publication, out, root=root, drafts=drafts)


def _handout_job(publication: Publication, slug: str, out: Path, root: Path) -> PdfInfo:
    from . import write_handout

    return write_handout(publication, publication.by_slug(slug), out, root=root)


def write_all(
    publication: Publication,
    site_dir: Path,
    *,
    root: Path,
    drafts: bool = False,
    handouts: bool = True,
    workers: int | None = None,
) -> Written:
    """Write the publication and (unless ``handouts`` is false) every handout into ``site_dir``.

    Fails with the first :class:`~generator.errors.BuildFailed` any of them raises;
    files already written are complete (each is renamed into place only when
    checked), and the caller's staging folder is what keeps a failed build away
    from readers.
    """
    from . import PUBLICATION_FILE, _workers, handout_path, write_pdf

    site_dir, root = Path(site_dir), Path(root)
    slugs = [c.slug for c in publication.case_studies] if handouts else []
    workers = min(workers or cores(), 1 + len(slugs))
    jobs: dict[str, tuple[Callable[..., PdfInfo], tuple[object, ...]]] = {
        slug: (_handout_job, (publication, slug, site_dir / handout_path(slug), root))
        for slug in slugs
    }
    out = site_dir / PUBLICATION_FILE
    if workers > 1 and _workers(len(publication.case_studies)) == 1:
        # A short publication is one job among the handouts.
        jobs = {"": (_publication_job, (publication, out, root, drafts)), **jobs}
        results = _run(jobs, workers)
        return Written(publication=results.pop(""), handouts=results)
    # A long one is rendered in parts on every core first, then the handouts.
    info = write_pdf(publication, out, root=root, drafts=drafts)
    return Written(publication=info, handouts=_run(jobs, workers))


def _run(
    jobs: dict[str, tuple[Callable[..., PdfInfo], tuple[object, ...]]], workers: int
) -> dict[str, PdfInfo]:
    """Run the jobs on ``workers`` processes (here, when one), failing with the first failure."""
    if workers <= 1 or len(jobs) <= 1:
        return {key: job(*args) for key, (job, args) in jobs.items()}
    # spawn, not fork: the caller may be MkDocs' server, with threads that fork would copy.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[str, Future[PdfInfo]] = {
            key: pool.submit(job, *args) for key, (job, args) in jobs.items()
        }
        done, _ = wait(futures.values(), return_when=FIRST_EXCEPTION)
        for future in done:
            error = future.exception()
            if error is not None:
                for other in futures.values():
                    other.cancel()
                raise error
        return {key: future.result() for key, future in futures.items()}
