"""``publication build`` and ``publication pdf``: validate, then write, never half.

The website is built into a staging folder beside the output and swapped in
only when it is complete, so a failed build leaves the previous ``site/``
exactly as it was. MkDocs and WeasyPrint are imported only here, inside the
functions that need them, so ``publication validate`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, InvalidInput
from .load import load_publication
from .model import Publication


@dataclass(frozen=True)
class BuildReport:
    """What one build read and wrote, for the command's summary line."""

    case_studies: int
    files_read: int
    pages: int
    pdf_pages: int | None
    out: Path
    seconds: float


def source_date_epoch(root: Path, publication: Publication) -> int:
    """The build's date, for reproducible output.

    ``SOURCE_DATE_EPOCH`` when set; otherwise the last commit's date, so two
    builds of one commit agree; outside git, the newest date in the case studies.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if out.isdigit():
            return int(out)
    except (OSError, subprocess.SubprocessError):
        pass
    dates = [c.updated or c.submitted for c in publication.case_studies]
    newest = max(dates, default=dt.date(2014, 5, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def checked_publication(root: Path, *, drafts: bool, strict: bool) -> Publication:
    """Load and refuse to go on if anything is wrong (warnings too, when strict)."""
    publication = load_publication(root, drafts=drafts)
    blocking = publication.problems if strict else publication.errors
    if blocking:
        raise InvalidInput(publication.problems)
    # Every later step (MkDocs's sitemap, the pages, the PDF) reads the date from here.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(root, publication))
    return publication


def build(
    root: Path, out_dir: Path, *, drafts: bool = False, strict: bool = False, pdf: bool = True
) -> BuildReport:
    """Build the website (and the PDF inside it) into ``out_dir``, atomically."""
    started = time.perf_counter()
    publication = checked_publication(root, drafts=drafts, strict=strict)
    out_dir = out_dir.resolve()
    _recover(out_dir)
    _remove_abandoned(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    try:
        from .plugin import build_site

        staging.mkdir(parents=True, exist_ok=False)
        report = build_site(root, staging, drafts=drafts, strict=strict, pdf=pdf)
        if not (staging / "index.html").is_file():
            raise BuildFailed("the website build finished without writing index.html")
        _swap(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(
            f"could not write the website beside {out_dir} ({error.strerror or error}); "
            f"the previous {out_dir.name}/ is unchanged. Check that the folder is writable "
            "and the disk has space"
        ) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(
        case_studies=len(publication.case_studies),
        files_read=publication.files_read,
        pages=report.pages,
        pdf_pages=report.pdf_pages,
        out=out_dir,
        seconds=time.perf_counter() - started,
    )


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the new site in place; the old one is removed only once the new one is there."""
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned(out_dir: Path) -> None:
    """Delete staging folders of builds that were killed (their process is gone)."""
    for staging in out_dir.parent.glob(f".{out_dir.name}.building-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


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
    for old in sorted(out_dir.parent.glob(f".{out_dir.name}.old-*")):
        os.rename(old, out_dir)
        return


def write_publication_pdf(
    root: Path, out_file: Path, *, drafts: bool = False, strict: bool = False
) -> tuple[int, int, float]:
    """Only the PDF: (pages, bytes, seconds)."""
    started = time.perf_counter()
    publication = checked_publication(root, drafts=drafts, strict=strict)
    from .pdf import write_pdf

    info = write_pdf(publication, out_file, root=root, drafts=drafts)
    return info.pages, info.bytes, time.perf_counter() - started
