"""The live preview's publication (``mkdocs serve``, ``publication serve``).

An invalid edit must not stop a preview: every problem goes to the terminal
and, through the plugin, to the top of every page, and the preview shows what
can still be built. A plain build fails instead (the orchestrator's
:func:`generator.build.prepare`). A preview makes no PDF.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ... import pages
from ...build import build_date
from ...errors import PublicationError
from ...load import load_publication
from ...model import Problem, Publication
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


def load_preview(root: Path, *, drafts: bool) -> Preview:
    """Load for a preview, logging every problem; never raise for an editor's mistake."""
    problems: tuple[Problem, ...] = ()
    failures: tuple[str, ...] = ()
    try:
        publication = load_publication(root, drafts=drafts)
    except PublicationError as error:
        log.error(str(error))
        failures = (str(error),)
        publication = Publication(themes=(), case_studies=())
    for problem in publication.warnings:
        log.warning(problem.format())
    if publication.errors:
        for problem in publication.errors:
            log.error(problem.format())
        log.error(
            f"{len(publication.errors)} error(s) in the case studies: the preview "
            "shows them on every page and leaves out what cannot be built"
        )
        problems = publication.problems
        publication = pages.buildable(publication)
    prepared = Prepared(
        publication=publication,
        root=root,
        date=build_date(root, publication),
        drafts=drafts,
        downloads=pages.Downloads(),
    )
    return Preview(prepared, problems, failures)
