"""The live preview's publication and what it says (``mkdocs serve``, ``publication serve``).

An invalid edit must not stop a preview: every problem goes to the terminal
and, through the plugin, to the top of every page, and the preview shows what
can still be built. A case study that cannot be shown keeps its address: a
stand-in page there lists its own problems, so the editor who reloads it sees
why instead of a 404. A plain build fails instead (the orchestrator's
:func:`generator.build.prepare`). A preview makes no PDF.

The terminal gets one line per rebuild (what changed, how long it took), each
problem as ``file:line:col``, and word when the last error has gone: an editor
who saves a fix learns from the terminal that it worked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...build import build_date
from ...core.errors import PublicationError
from ...core.load import ReadCache, discover, load_publication
from ...core.model import Problem, Publication
from ...site import pages
from .. import Prepared

log = logging.getLogger("mkdocs.plugins.listening-to-patients")


@dataclass(frozen=True)
class Preview:
    """What a preview's pages are made from, and what is wrong with the input."""

    prepared: Prepared
    problems: tuple[Problem, ...] = ()
    """Every problem of an invalid edit (errors and warnings), for every page."""
    failures: tuple[str, ...] = ()
    """A failure that stopped loading altogether (the themes file, say)."""
    stand_ins: tuple[pages.Page, ...] = ()
    """A page at each address whose case study cannot be shown, listing why."""
    warnings: tuple[Problem, ...] = ()
    """Warnings of a valid publication: said in the terminal, not on the pages."""

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error") + len(self.failures)


def load_preview(root: Path, *, drafts: bool, reuse: ReadCache | None = None) -> Preview:
    """Load for a preview; never raise for an editor's mistake. ``reuse`` keeps
    what was read for the next rebuild, which then reads only the files saved since."""
    problems: tuple[Problem, ...] = ()
    failures: tuple[str, ...] = ()
    try:
        publication = load_publication(root, drafts=drafts, reuse=reuse)
    except PublicationError as error:
        failures = (str(error),)
        publication = Publication(themes=(), case_studies=())
    stand_ins: tuple[pages.Page, ...] = ()
    if publication.errors or failures:
        problems = publication.problems
        shown = pages.buildable(publication)
        stand_ins = _stand_ins(root, publication, shown)
        publication = shown
    prepared = Prepared(
        publication=publication,
        root=root,
        date=build_date(root, publication),
        drafts=drafts,
        downloads=pages.Downloads(),
    )
    return Preview(prepared, problems, failures, stand_ins, publication.warnings)


def _stand_ins(root: Path, loaded: Publication, shown: Publication) -> tuple[pages.Page, ...]:
    """A page for every case study with an error that the preview cannot show.

    A file whose fields cannot be read gives no model, so its status is
    unknown: its stand-in appears with or without ``--drafts``, since an editor
    who reloads its page is working on it. A case study left out because a
    figure it places has invalid data lists every error, the data file's among
    them.
    """
    entries, _ = discover(root)
    shown_slugs = {case.slug for case in shown.case_studies}
    loaded_slugs = {case.slug for case in loaded.case_studies}
    errors = loaded.errors
    made: dict[str, pages.Page] = {}
    for entry in entries:
        if entry.slug in shown_slugs or entry.slug in made:
            continue
        own = tuple(
            p
            for p in loaded.problems
            if p.path == entry.rel
            or (entry.folder_rel is not None and p.path.startswith(entry.folder_rel + "/"))
        )
        if any(p.severity == "error" for p in own):
            made[entry.slug] = pages.stand_in_page(entry.slug, entry.rel, own)
        elif entry.slug in loaded_slugs:
            made[entry.slug] = pages.stand_in_page(entry.slug, entry.rel, errors)
    return tuple(made.values())


class Commentary:
    """What the preview tells the terminal, kept across rebuilds.

    MkDocs keeps the plugin (and so this) for the whole ``serve``. File changes
    are noted as the watcher reports them, from its own thread, and said with
    the rebuild they caused.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed: set[str] = set()
        self._started = 0.0
        self._built_once = False
        self._had_errors = False
        self.root = Path.cwd()

    def note_change(self, path: str) -> None:
        """A watched file was created, changed, moved or deleted."""
        with self._lock:
            self._changed.add(path)

    def build_started(self) -> None:
        self._started = time.perf_counter()

    def build_finished(self, preview: Preview, laid_out: tuple[int, int] | None = None) -> None:
        """Say the rebuild, then each problem, then how things stand. ``laid_out``:
        how many pages an incremental rebuild laid out again, of how many."""
        seconds = time.perf_counter() - self._started
        with self._lock:
            changed, self._changed = sorted(self._changed), set()
        count = len(preview.prepared.publication.case_studies)
        if not self._built_once:
            shown = f"{count} case {'study' if count == 1 else 'studies'}"
            log.info(f"Built the preview ({shown}) in {seconds:.1f} s")
        else:
            again = f"; {laid_out[0]} of {laid_out[1]} pages changed" if laid_out else ""
            log.info(f"Rebuilt in {seconds:.1f} s after a change to {self._names(changed)}{again}")
        for problem in preview.problems or preview.warnings:
            (log.error if problem.severity == "error" else log.warning)(problem.format())
        for failure in preview.failures:
            log.error(failure)
        errors = preview.errors
        if errors:
            them = "it" if errors == 1 else "them"
            log.error(
                f"{errors} {'error' if errors == 1 else 'errors'}: the preview shows {them} at the "
                f"top of its pages until you fix {them} and save"
            )
        elif self._had_errors:
            log.info("All case studies valid again")
        self._had_errors = bool(errors)
        self._built_once = True

    def _names(self, changed: Iterable[str]) -> str:
        """The changed files as the editor knows them: relative to the project."""
        names = []
        for path in changed:
            try:
                names.append(Path(path).resolve().relative_to(self.root).as_posix())
            except ValueError:
                names.append(path)
        if not names:
            return "a watched file"
        if len(names) > 5:
            return ", ".join(names[:5]) + f" and {len(names) - 5} more"
        return ", ".join(names)
