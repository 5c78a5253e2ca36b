"""``publication build`` and ``publication pdf``: validate, then write, never half.

The website is built into a staging folder beside the output and swapped in
only when it is complete, so a failed build leaves the previous ``site/``
exactly as it was. Before anything is read, :mod:`generator.output_folder`
decides whether the output may be replaced at all; every folder a build makes
carries its stamp, and only stamped leftovers of killed builds are cleared.
MkDocs and WeasyPrint are imported only here, inside the functions that need
them, so ``publication validate`` starts fast.
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
from .output_folder import check_output_file, check_output_folder, made_by_a_build, stamp


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
    """Build the website (and the PDF inside it) into ``out_dir``, atomically.

    Raises :class:`~generator.errors.OutputRefused` before reading anything when
    ``out_dir`` is not a build's to replace.
    """
    started = time.perf_counter()
    out_dir = check_output_folder(out_dir, root)
    publication = checked_publication(root, drafts=drafts, strict=strict)
    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    made = False  # a folder of that name this build did not make is never deleted
    try:
        from .plugin import build_site

        _recover(out_dir)
        _remove_abandoned(out_dir)
        staging.mkdir(parents=True, exist_ok=False)
        made = True
        stamp(staging)  # MkDocs empties its output folder but keeps hidden files
        report = build_site(root, staging, drafts=drafts, strict=strict, pdf=pdf)
        if not (staging / "index.html").is_file():
            raise BuildFailed("the website build finished without writing index.html")
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
    from .pdf import write_pdf

    new_folder = not out_file.parent.exists()
    try:
        info = write_pdf(publication, out_file, root=root, drafts=drafts)
        if new_folder:
            stamp(out_file.parent)
    except OSError as error:
        raise BuildFailed(
            f"could not write {out_file} ({error.strerror or error}); the previous "
            f"{out_file.name}, if any, is unchanged. Check that the folder is writable "
            "and the disk has space"
        ) from error
    return info.pages, info.bytes, time.perf_counter() - started
