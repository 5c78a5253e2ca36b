"""Writing one PDF: the publication or a handout, checked, and never seen half-written.

The PDF step of a build writes them all at once (:mod:`.parallel`); each is the
same file as written one by one here.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import CaseStudy, Publication

if TYPE_CHECKING:
    from .document import Shared


PUBLICATION_FILE = "listening-to-patients.pdf"


@dataclass(frozen=True)
class PdfInfo:
    """A PDF that was written and checked."""

    path: Path
    pages: int
    bytes: int


def handout_path(slug: str) -> str:
    """Where a case study's handout lives, relative to the site root."""
    return f"case-studies/{slug}/{slug}.pdf"


def write_pdf(
    publication: Publication,
    out_file: Path,
    *,
    root: Path,
    date: dt.datetime,
    drafts: bool = False,
    common: Shared | None = None,
) -> PdfInfo:
    """Write the whole publication to ``out_file``; raise ``BuildFailed`` if it cannot.

    ``date`` is the build's (see :func:`generator.build.build_date`): the PDF
    never reads the clock or the environment for one. ``common`` is what a
    build's handouts share with it, when the caller has it already. The file
    appears only when it is complete and checked: it is written beside
    ``out_file`` under a temporary name and renamed at the end.
    """
    from . import check, document, engine, split
    from .frontmatter import read_front_pages

    root = Path(root)
    front = common.front if common is not None else read_front_pages(root)
    doc = document.publication_document(publication, front, root=root, drafts=drafts, date=date)
    what = f"the PDF {Path(out_file).name}"
    workers = parts(len(doc.order))
    joined = split.render(doc, root, workers) if workers > 1 else None
    pdf = joined[0] if joined else engine.render(doc.html, root, what=what).pdf
    pages = check.verify(pdf, doc.order, case_depth=2, what=what)
    return _publish(pdf, Path(out_file), pages)


def write_handout(
    publication: Publication,
    case: CaseStudy,
    out_file: Path,
    *,
    root: Path,
    date: dt.datetime,
    common: Shared | None = None,
) -> PdfInfo:
    """Write one case study alone, for the practice to share; drafts carry the watermark.

    ``common`` (from :func:`generator.pdf.document.shared`) spares each handout
    of a build reading the content pages and numbering every figure again.
    """
    from . import check, document, engine

    root = Path(root)
    if common is None:
        common = document.shared(publication, root)
    doc = document.handout_document(publication, case, root=root, date=date, common=common)
    what = f"the handout {Path(out_file).name}"
    rendered = engine.render(doc.html, root, what=what)
    pages = check.verify(rendered.pdf, doc.order, case_depth=1, what=what)
    return _publish(rendered.pdf, Path(out_file), pages)


PARALLEL_FROM = 12
"""Below this many case studies, starting worker processes costs more than it saves."""

WORKERS_VARIABLE = "LISTENING_PDF_WORKERS"
"""Set to 1 to render in one process, or to N to render in N parts whatever the size."""


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parts(cases: int) -> int:
    """How many parts to render the publication in.

    One, with a notice, when WeasyPrint's internals that rendering in parts
    needs may not be used (see :mod:`.weasy_internals`): slower, never wrong.
    """
    forced = os.environ.get(WORKERS_VARIABLE, "").strip()
    if forced.isdigit() and int(forced) > 0:
        wanted = int(forced)
    else:
        wanted = cores() if cases >= PARALLEL_FROM else 1
    if wanted > 1:
        from .weasy_internals import usable

        if not usable(notify=True):
            return 1
    return wanted


def _publish(pdf: bytes, out_file: Path, pages: int) -> PdfInfo:
    """Write beside the target, then rename: readers never see half a PDF."""
    out_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_file.name}.", suffix=".part", dir=out_file.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(pdf)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return PdfInfo(path=out_file, pages=pages, bytes=len(pdf))
