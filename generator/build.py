"""The orchestrator: one build, its steps in order, and never half a site.

``publication build`` reads as its algorithm (:func:`build`): check the output
folder; load and validate once; decide the build date once
(:func:`build_date`); run the PDF step (the publication and every handout, on
every core); hand the publication, the date and the downloads' sizes and page
counts to one site engine (:mod:`generator.engines`); swap the new site in.
Plain ``mkdocs build`` runs the same steps: the plugin asks :func:`prepare`
for them, so both give the same bytes.

The website is built into a staging folder beside the output and swapped in
only when it is complete, so a failed build leaves the previous ``site/``
exactly as it was. Before anything is read, :mod:`generator.output_folder`
decides whether the output may be replaced at all; every folder a build makes
carries its stamp, and only stamped leftovers of killed builds are cleared.
The engines and WeasyPrint are imported only inside the functions that need
them, so ``publication validate`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .core.errors import BuildFailed, InvalidInput
from .core.load import load_publication
from .core.model import Problem, Publication
from .engines import Prepared, engine
from .output_folder import check_output_file, check_output_folder, made_by_a_build, stamp
from .site.pages import Download, Downloads

if TYPE_CHECKING:
    from .pdf import PdfInfo

DATE_VARIABLE = "SOURCE_DATE_EPOCH"
"""The reproducible-builds convention: seconds since 1970 for the build's date."""

PDFS_WAITING = ".pdfs-waiting"
"""Where a build's PDFs wait inside the staging folder while the engine writes
the site (hidden, so an engine that empties its folder keeps them), until they
are put at their addresses."""


@dataclass(frozen=True)
class BuildReport:
    """What one build read and wrote, for the command's summary line."""

    case_studies: int
    files_read: int
    pages: int
    pdf_pages: int | None
    out: Path
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """Problems that did not stop the build, for the command to show."""


def build_date(
    root: Path, publication: Publication, environ: Mapping[str, str] = os.environ
) -> dt.datetime:
    """The build's one date, which every page and every PDF carries (UTC).

    ``SOURCE_DATE_EPOCH`` when set; otherwise the last commit's date, so two
    builds of one commit agree; outside git, the newest date in the case
    studies. Never the clock: the same input must give the same bytes.
    """
    given = environ.get(DATE_VARIABLE, "").strip()
    if given:
        try:
            return dt.datetime.fromtimestamp(int(given), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildFailed(
                f"{DATE_VARIABLE} must be a whole number of seconds, not {given!r}"
            ) from None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if out.isdigit():
            return dt.datetime.fromtimestamp(int(out), tz=dt.UTC)
    except (OSError, subprocess.SubprocessError):
        pass
    dates = [c.updated or c.submitted for c in publication.case_studies]
    newest = max(dates, default=dt.date(2014, 5, 1))
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)


def checked_publication(root: Path, *, drafts: bool, strict: bool) -> Publication:
    """Load and refuse to go on if anything is wrong (warnings too, when strict)."""
    publication = load_publication(root, drafts=drafts)
    blocking = publication.problems if strict else publication.errors
    if blocking:
        raise InvalidInput(publication.problems)
    return publication


def pdf_step(
    publication: Publication, folder: Path, *, root: Path, date: dt.datetime, drafts: bool
) -> Downloads:
    """Write the publication and every handout into ``folder``, on every core.

    Returns what the pages say of each download: its address, size and page count.
    """
    from .pdf import write_all

    written = write_all(publication, folder, root=root, date=date, drafts=drafts)

    def download(info: PdfInfo) -> Download:
        return Download(info.path.relative_to(folder).as_posix(), info.pages, info.bytes)

    return Downloads(
        publication=download(written.publication),
        handouts={slug: download(info) for slug, info in written.handouts.items()},
    )


def prepare(root: Path, site_dir: Path, *, drafts: bool = False, pdf: bool = True) -> Prepared:
    """Load, date and (with ``pdf``) make the PDFs into ``site_dir``: what a site engine needs.

    What plain ``mkdocs build`` asks for through the plugin; ``publication
    build`` runs the same steps in :func:`build`, around its staging folder.
    """
    publication = checked_publication(root, drafts=drafts, strict=False)
    date = build_date(root, publication)
    downloads = (
        pdf_step(publication, site_dir, root=root, date=date, drafts=drafts) if pdf else Downloads()
    )
    return Prepared(publication, root, date, drafts, downloads)


def build(
    root: Path,
    out_dir: Path,
    *,
    drafts: bool = False,
    strict: bool = False,
    pdf: bool = True,
    engine_name: str = "mkdocs",
) -> BuildReport:
    """Build the PDFs and the website into ``out_dir``, atomically.

    Raises :class:`~generator.core.errors.OutputRefused` before reading anything when
    ``out_dir`` is not a build's to replace, and
    :class:`~generator.core.errors.BuildFailed` when the engine is not installed.
    """
    started = time.perf_counter()
    out_dir = check_output_folder(out_dir, root)
    build_site = engine(engine_name)
    publication = checked_publication(root, drafts=drafts, strict=strict)
    date = build_date(root, publication)
    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    made = False  # a folder of that name this build did not make is never deleted
    try:
        _recover(out_dir)
        _remove_abandoned(out_dir)
        staging.mkdir(parents=True, exist_ok=False)
        made = True
        stamp(staging)  # engines empty their output folder but keep hidden files
        waiting = staging / PDFS_WAITING
        downloads = (
            pdf_step(publication, waiting, root=root, date=date, drafts=drafts)
            if pdf
            else Downloads()
        )
        prepared = Prepared(publication, root, date, drafts, downloads)
        report = build_site(prepared, staging, strict=strict)
        if not (staging / "index.html").is_file():
            raise BuildFailed("the website build finished without writing index.html")
        _place(waiting, staging)
        _swap(staging, out_dir)
    except OSError as error:
        raise BuildFailed(
            f"could not write the website beside {out_dir} ({error.strerror or error}); "
            f"the previous {out_dir.name}/ is unchanged. Check that the folder is writable "
            "and the disk has space"
        ) from error
    finally:
        if made and staging.exists():  # the build failed before the swap
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(
        case_studies=len(publication.case_studies),
        files_read=publication.files_read,
        pages=report.pages,
        pdf_pages=downloads.publication.pages if downloads.publication else None,
        out=out_dir,
        seconds=time.perf_counter() - started,
        warnings=publication.warnings,
    )


def _place(waiting: Path, site_dir: Path) -> None:
    """Move the PDFs from their hidden folder to their addresses in the finished site."""
    if not waiting.is_dir():
        return
    for path in sorted(p for p in waiting.rglob("*") if p.is_file()):
        target = site_dir / path.relative_to(waiting)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    shutil.rmtree(waiting)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the new site in place; the old one is removed only once the new one is there."""
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned(out_dir: Path) -> None:
    """Delete what killed builds left beside the output: their staging folders and,
    once the output is back in place, old outputs they had moved aside.

    Only ``.NAME.building-PID`` and ``.NAME.old-PID`` folders whose process is
    gone and which carry the build's stamp (or are empty) are touched.
    """
    kinds = ("building", "old") if out_dir.exists() else ("building",)
    for leftover in _leftovers(out_dir, *kinds):
        shutil.rmtree(leftover, ignore_errors=True)


def _leftovers(out_dir: Path, *kinds: str) -> list[Path]:
    """Folders a build of ``out_dir`` made and whose process is gone, oldest PID first."""
    found = []
    for kind in kinds:
        for folder in out_dir.parent.glob(f".{out_dir.name}.{kind}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if (
                pid.isdigit()
                and not _alive(int(pid))
                and folder.is_dir()
                and not folder.is_symlink()
                and made_by_a_build(folder)
            ):
                found.append(folder)
    return sorted(found, key=lambda folder: int(folder.name.rsplit("-", 1)[-1]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(out_dir: Path) -> None:
    """If a build was killed between the two renames of a swap, bring the old site back."""
    if out_dir.exists():
        return
    for old in _leftovers(out_dir, "old"):
        os.rename(old, out_dir)
        return


def write_publication_pdf(
    root: Path, out_file: Path, *, drafts: bool = False, strict: bool = False
) -> tuple[int, int, float]:
    """Only the PDF: (pages, bytes, seconds).

    Refuses, before reading anything, to overwrite a folder or a file that is not
    a PDF; a folder it makes for the PDF is stamped, so a later build may use it.
    """
    started = time.perf_counter()
    out_file = check_output_file(out_file)
    publication = checked_publication(root, drafts=drafts, strict=strict)
    date = build_date(root, publication)
    from .pdf import write_pdf

    new_folder = not out_file.parent.exists()
    try:
        info = write_pdf(publication, out_file, root=root, date=date, drafts=drafts)
        if new_folder:
            stamp(out_file.parent)
    except OSError as error:
        raise BuildFailed(
            f"could not write {out_file} ({error.strerror or error}); the previous "
            f"{out_file.name}, if any, is unchanged. Check that the folder is writable "
            "and the disk has space"
        ) from error
    return info.pages, info.bytes, time.perf_counter() - started
