"""One example project and one example PDF per test session, shared by the PDF tests.

Rendering is the slow part, so the whole publication is rendered once and every
structural test reads the same file with the real tools (pypdf, poppler, qpdf).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pdf_fixtures import example, publication, write_project
from pypdf import PdfReader

from generator.model import Publication
from generator.pdf import WORKERS_VARIABLE, PdfInfo, write_pdf
from generator.pdf.check import start_pages

EPOCH = "1397001600"  # 9 April 2014, 00:00 UTC


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


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Publication]:
    root = tmp_path_factory.mktemp("project")
    cases = example()
    write_project(root, cases)
    return root, publication(cases)


WAYS = {"in one process": "1", "in parts": "2"}
"""The two ways the publication is rendered: every structural test runs on both."""


def render_example(root: Path, pub: Publication, way: str, name: str) -> PdfInfo:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv(WORKERS_VARIABLE, WAYS[way])
        return write_pdf(pub, root / "site" / way.replace(" ", "-") / name, root=root)


@pytest.fixture(scope="session")
def examples(example_project: tuple[Path, Publication]) -> dict[str, Example]:
    """Each way's example PDF, rendered the first time a test asks for it."""

    class Lazy(dict):  # type: ignore[type-arg]
        def __missing__(self, way: str) -> Example:
            root, pub = example_project
            info = render_example(root, pub, way, "listening-to-patients.pdf")
            self[way] = Example(root=root, publication=pub, info=info, way=way)
            return self[way]

    return Lazy()


@pytest.fixture(scope="session", params=list(WAYS))
def example_pdf(request: pytest.FixtureRequest, examples: dict[str, Example]) -> Example:
    """The example publication with a fixed ``SOURCE_DATE_EPOCH``, rendered once each way."""
    return examples[request.param]
