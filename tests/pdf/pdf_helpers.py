"""What the PDF tests share: the example PDF's handle, the tools, the two ways of rendering.

A module of its own (not ``conftest``), so test modules import it by a name no
other test folder uses.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.core.model import Publication
from generator.pdf import WORKERS_VARIABLE, PdfInfo, write_pdf
from generator.pdf.check import start_pages

DATE = dt.datetime(2014, 4, 9, tzinfo=dt.UTC)
"""The build date the example PDFs carry (the orchestrator passes one to every PDF)."""


@dataclass(frozen=True)
class Example:
    root: Path
    publication: Publication
    info: PdfInfo
    way: str

    @property
    def path(self) -> Path:
        return self.info.path

    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def starts(self) -> dict[str, int]:
        """Named destination -> 1-based page, read once per session."""
        return start_pages(self.reader())

    def text(self, *args: str, layout: bool = True) -> str:
        """``pdftotext`` of the PDF (or of the pages chosen with ``-f``/``-l``).

        ``layout`` keeps lines as printed (contents, heads); without it the text
        comes in reading order, so a paragraph beside the facts box stays whole.
        """
        return run("pdftotext", *(["-layout"] if layout else []), *args, str(self.path), "-")


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


WAYS = {"in one process": "1", "in parts": "2"}
"""The two ways the publication is rendered: every structural test runs on both."""


def render_example(root: Path, pub: Publication, way: str, name: str) -> PdfInfo:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(WORKERS_VARIABLE, WAYS[way])
        return write_pdf(pub, root / "site" / way.replace(" ", "-") / name, root=root, date=DATE)


OUTLOUD_RULES = (
    "TBL-002",  # a header cell with no /Scope and no /Headers
    "LNK-004",  # an annotation without the print flag
    "TAG-020",  # an empty structure element
    "TAG-001",  # content neither tagged nor an artifact
    "LNK-001",  # a link annotation outside a Link element
    "LNK-002",  # an annotation with no description
    "LNK-003",  # a Link element with no text and no /Alt
    "LNK-006",  # an annotation outside an Annot element
    "TBL-011",  # data cells headed only by empty header cells
)
"""The rules of the second independent checker, ``outloud``, that every PDF must pass
(see tests/pdf/test_pdf_outloud.py for the two it misfires on)."""
