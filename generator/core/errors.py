"""The core's one small exception hierarchy, translated at each boundary.

Problems found in case studies are data (:class:`generator.core.model.Problem`),
collected and returned, never raised one at a time. These exceptions are for a
step that cannot go on: the CLI maps them to exit status 1 (2 for
:class:`WrongUse`, where nothing was done), the MkDocs plugin to ``PluginError``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Problem


class PublicationError(Exception):
    """Base class: something stopped a command; the message is for an editor."""


class InvalidInput(PublicationError):
    """The case studies (or themes) have errors, so nothing is published."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{errors} error(s) in the case studies; nothing was published")


class BuildFailed(PublicationError):
    """A build step (the website or the PDF) failed; the message says which and why."""


class WrongUse(PublicationError):
    """The command was given something it must not work on: exit status 2, nothing done."""


class OutputRefused(WrongUse):
    """The output folder or file holds something a build did not make, so it is left alone."""


class NotACaseStudy(WrongUse):
    """A path given to ``publication validate`` cannot be read as a case study."""
