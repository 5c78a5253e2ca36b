"""Front-matter text that looks like markup reaches the PDF rendered in parts as text.

The case study of ``tests/golden/projects/hostile-text`` holds ``<script>``,
``<img onerror>``, ``</title>``, quotes and ``&amp;`` in every text field.
``tests/site/test_site_hostile.py`` reads the PDF and the handout that
``publication build`` writes (in one process, where WeasyPrint writes the
bookmarks); here the publication is rendered in parts, where the join writes
the bookmarks itself (``generator/pdf/merge.py``), parentheses of ``alert(1)``
and all, and the text and bookmarks are still the characters the editor typed.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_helpers import render_example, run
from pypdf import PdfReader

from generator.core.load import load_publication
from generator.core.model import CaseStudy, Publication
from generator.pdf.check import outline_titles
from generator.pdf.document import TITLE

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/golden/projects/hostile-text"
SLUG = "quokka-surgery-hostile-text"
KEPT = "glenmoyle-surgery-text-reminders.md"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Publication]:
    """The real content pages, the hostile case study and one real one, loaded for real."""
    root = tmp_path_factory.mktemp("hostile-pdf")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(FIXTURE / "casestudies", root / "casestudies")
    shutil.copy(ROOT / "casestudies" / KEPT, root / "casestudies" / KEPT)
    publication = load_publication(root)
    assert not publication.errors, [p.format() for p in publication.errors]
    return root, publication


def _strings(value: object) -> Iterator[str]:
    """Every string in a model, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def printed_texts(case: CaseStudy) -> list[str]:
    """The front-matter text fields the PDF prints that hold markup or an entity.

    Tags are shown nowhere, and a cover's alt text is not page text; the story
    (``body``) is Markdown, not plain text, so it is left out too.
    """
    left_out = {"tags", "cover_image", "body", "body_html", "headings", "images", "source"}
    front = [getattr(case, f.name) for f in dataclasses.fields(case) if f.name not in left_out]
    found = [s for s in _strings(front) if "<" in s or "&amp;" in s]
    assert len(found) >= 15, found  # the fixture is hostile in every field
    return found


def test_the_publication_in_parts_prints_every_field_as_written(
    project: tuple[Path, Publication],
) -> None:
    """The join's own bookmarks and the parts' text (one process: the site's test)."""
    root, publication = project
    case = publication.by_slug(SLUG)
    info = render_example(root, publication, "in parts", "listening-to-patients.pdf")
    text = " ".join(run("pdftotext", str(info.path), "-").split())
    missing = [s for s in printed_texts(case) if " ".join(s.split()) not in text]
    assert not missing, missing
    reader = PdfReader(info.path)
    assert (2, case.title) in outline_titles(reader)
    assert reader.metadata is not None and reader.metadata.title == TITLE
