"""Where a build may write, decided before anything is read or written.

A build swaps its output folder whole, so a mistyped ``--out`` would delete
whatever was there: an editor's notes, or a whole clone with ``--out .``. The
rule: replace only a folder that is absent, empty, or carries the stamp a build
writes into every folder it makes; never the project folder, a folder holding
it, the home folder, ``/``, a folder holding sources or a git repository, or a
place inside the project's sources. ``publication pdf`` overwrites only a PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from .core.errors import OutputRefused

STAMP = ".publication-build"
STAMP_TEXT = (
    "Written by `publication build` (the generator of this publication): the next\n"
    "build replaces this whole folder, so keep nothing of your own in it.\n"
)
SOURCES = (".git", "casestudies", "content")
"""A folder holding one of these is a project or a repository, whatever else it holds."""

_BUILT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".map", ".json", ".xml", ".gz", ".pdf"}
    | {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".woff", ".woff2", ".ttf"}
)
"""The kinds of file a build writes (plus licence texts under ``assets/``)."""


def check_output_folder(out: Path, root: Path) -> Path:
    """The folder a build may replace, with links resolved; raise :class:`OutputRefused` if not."""
    folder = out.resolve()
    refusal = _refusal(folder, root.resolve())
    if refusal:
        reason, advice = refusal
        raise OutputRefused(
            f"will not write the website into {_name(out, folder)}: {reason}; "
            f"nothing was changed. {advice}"
        )
    return folder


def check_output_file(out: Path) -> Path:
    """The file ``publication pdf`` may replace: absent, empty, or a PDF; raise if not."""
    file = out.resolve()
    reason = advice = ""
    if file.is_dir():
        reason = "it is a folder"
        advice = f"Give the PDF's file name, for example --out {out / 'publication.pdf'}"
    elif file.exists() and not file.is_file():
        reason = "it is not an ordinary file"
        advice = "Give --out the name of a new file ending .pdf"
    elif file.is_file():
        try:
            with file.open("rb") as stream:
                head = stream.read(5)
        except OSError as error:
            head, reason = b"", f"it cannot be read ({error.strerror})"
        if head and head != b"%PDF-":
            reason = "it holds something that is not a PDF, which would be lost"
        advice = "Give --out the name of a new file, or move that file elsewhere first"
    if reason:
        raise OutputRefused(
            f"will not write the PDF to {_name(out, file)}: {reason}; nothing was changed. {advice}"
        )
    return file


def stamp(folder: Path) -> None:
    """Mark ``folder`` as a build's own, so the next build may replace it."""
    (folder / STAMP).write_text(STAMP_TEXT, encoding="utf-8")


def made_by_a_build(folder: Path) -> bool:
    """Whether ``folder`` carries the stamp, or is empty (a build killed before stamping)."""
    return (folder / STAMP).is_file() or not any(folder.iterdir())


def _refusal(folder: Path, root: Path) -> tuple[str, str] | None:
    """Why a build must not replace ``folder``, and what to do instead; None if it may."""
    new = "Give --out a new or empty folder (the default is site/ in the project folder)"
    if folder == Path(folder.anchor):
        return "it is the root of the file system", new
    if folder == root:
        return "it is the project folder", new
    if root.is_relative_to(folder):
        return "it holds the project folder", new
    home = _home()
    if home is not None and folder == home:
        return "it is your home folder", new
    if home is not None and home.is_relative_to(folder):
        return "it holds your home folder", new
    for source in SOURCES:
        if folder.is_relative_to(root / source):
            return f"it is inside the project's {source}/, among the sources", new
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "it is a file, not a folder", new
    try:
        names = {child.name for child in folder.iterdir()}
    except OSError as error:
        return f"it cannot be read ({error.strerror})", new
    for source in SOURCES:
        if source in names:
            return f"it holds {source}/, so it is a project or a git repository", new
    if not names or (folder / STAMP).is_file():
        return None
    if folder == root / "site":
        if _looks_built(folder):
            return None
        return (
            f"it holds files a build did not make (it has no {STAMP} stamp)",
            "If it is a site/ built by an earlier version of the generator, delete it once "
            "by hand, after moving anything of yours out of it",
        )
    return (
        f"it holds files a build did not make (it has no {STAMP} stamp)",
        f"{new}, or move those files elsewhere first",
    )


def _looks_built(folder: Path) -> bool:
    """A ``site/`` built before builds were stamped: index.html, and only what a build writes.

    Accepted only for the project's own ``site/``, so clones built by an
    earlier version still build; anything else in it (a hidden file, a link, a
    document) makes it an editor's folder.
    """
    if not (folder / "index.html").is_file():
        return False
    for current, folders, files in os.walk(folder):
        here = Path(current)
        in_assets = here.relative_to(folder).parts[:1] == ("assets",)
        for name in (*folders, *files):
            if name.startswith(".") or (here / name).is_symlink():
                return False
        for name in files:
            suffix = Path(name).suffix.lower()
            if suffix not in _BUILT_SUFFIXES and not (suffix == ".txt" and in_assets):
                return False
    return True


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except RuntimeError:  # no HOME and no user entry: there is no home folder to protect
        return None


def _name(given: Path, resolved: Path) -> str:
    """The folder as the editor will recognise it: where it really is, and the link if any."""
    if os.path.abspath(given) == str(resolved):
        return str(resolved)
    return f"{given} (which is {resolved})"
