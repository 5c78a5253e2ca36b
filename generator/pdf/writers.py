"""Writing one PDF: the publication or a handout, checked, and never seen half-written.

The PDF step of a build writes them all at once (:mod:`.parallel`); each is the
same file as written one by one here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import CaseStudy, Publication
from .published import PdfInfo, publish

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .document import PrintDocument, Shared
    from .offprints import Offprint


PUBLICATION_FILE = "listening-to-patients.pdf"


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
    from . import document
    from .frontmatter import read_front_pages

    root = Path(root)
    front = common.front if common is not None else read_front_pages(root)
    doc = document.publication_document(publication, front, root=root, drafts=drafts, date=date)
    return write_publication(doc, Path(out_file), root=root)[0]


def write_publication(
    doc: PrintDocument, out_file: Path, *, root: Path, offprints: Sequence[Offprint] = ()
) -> tuple[PdfInfo, dict[str, PdfInfo]]:
    """Write ``doc`` to ``out_file``, and the handouts ``offprints`` cut from its pages
    (:mod:`.offprints`): the publication's PDF, and each handout's by slug."""
    from . import check, engine, split
    from . import offprints as cutting

    what = f"the PDF {out_file.name}"
    workers = parts(len(doc.order))
    joined = split.render(doc, root, workers, offprints) if workers > 1 else None
    if joined is not None:
        pdf, cut = joined.pdf, joined.offprints
    else:
        with cutting.collecting(offprints) as pages:
            rendered = engine.render(
                doc.html,
                root,
                what=what,
                then=lambda laid_out: cutting.write(laid_out, pages, offprints),
            )
        pdf, cut = rendered.pdf, rendered.then
    count = check.verify(pdf, doc.order, case_depth=2, what=what)
    return publish(pdf, out_file, count), cut  # type: ignore[return-value]


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

    It is laid out on its own, as the publication lays it out: a build cuts
    most handouts from the publication's own pages instead (:mod:`.offprints`),
    which look the same. ``common`` (from :func:`generator.pdf.document.shared`) spares each handout
    of a build reading the content pages and numbering every figure again.
    """
    from . import check, document, engine

    root = Path(root)
    if common is None:
        common = document.shared(publication, root)
    doc = document.handout_document(publication, case, root=root, date=date, common=common)
    what = f"the handout {Path(out_file).name}"
    rendered = engine.render(doc.html, root, what=what, handout=True)
    pages = check.verify(rendered.pdf, doc.order, case_depth=1, what=what)
    return publish(rendered.pdf, Path(out_file), pages)


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
