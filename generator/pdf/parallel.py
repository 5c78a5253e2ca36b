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
    from . import PUBLICATION_FILE, handout_path, write_handout, write_pdf

    site_dir, root = Path(site_dir), Path(root)
    slugs = [c.slug for c in publication.case_studies] if handouts else []
    workers = min(workers or cores(), 1 + len(slugs))
    if workers <= 1:
        info = write_pdf(publication, site_dir / PUBLICATION_FILE, root=root, drafts=drafts)
        return Written(
            publication=info,
            handouts={
                slug: write_handout(
                    publication, publication.by_slug(slug), site_dir / handout_path(slug), root=root
                )
                for slug in slugs
            },
        )
    # spawn, not fork: the caller may be MkDocs' server, with threads that fork would copy.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        whole = pool.submit(
            _publication_job, publication, site_dir / PUBLICATION_FILE, root, drafts
        )
        parts: dict[str, Future[PdfInfo]] = {
            slug: pool.submit(_handout_job, publication, slug, site_dir / handout_path(slug), root)
            for slug in slugs
        }
        done, _ = wait([whole, *parts.values()], return_when=FIRST_EXCEPTION)
        for future in done:
            if future.exception() is not None:
                for other in (whole, *parts.values()):
                    other.cancel()
                raise future.exception()  # type: ignore[misc]
        return Written(
            publication=whole.result(),
            handouts={slug: future.result() for slug, future in parts.items()},
        )
