"""One example project, and its PDF rendered once each way per test session.

Rendering is the slow part, so the whole publication is rendered once (in one
process, and in parts) and every structural test reads the same files with the
real tools (pypdf, poppler, qpdf).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_fixtures import example, publication, write_project
from pdf_helpers import WAYS, Example, render_example

from generator.core.model import Publication


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Publication]:
    root = tmp_path_factory.mktemp("project")
    cases = example()
    write_project(root, cases)
    return root, publication(cases)


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
    """The example publication with a fixed date, rendered once each way."""
    return examples[request.param]
