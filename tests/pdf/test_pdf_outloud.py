"""The PDF read by a second independent checker, ``outloud`` (issue 13).

``page-validation`` (tests/pdf/test_pdf_reading.py) checks the PDF/UA-1
profile; outloud found what it did not: table header cells without ``/Scope``,
link annotations that do not print, empty ``Span`` elements, running heads and
feet tagged as content, a cross-reference's link with no text, and data cells
headed by a Markdown table's blank corner. Those rules must find nothing.

Two of its heuristics misfire on this PDF and are not asserted whole:
``TBL-010`` ("shredded" header cells) counts header cells against data cells,
so any small table with a header row and a row header in every row (the
outcomes tables and the figures' data tables, WCAG technique H63) has more
``TH`` than ``TD``; ``PAG-001`` takes any tagged line repeated in the top or
bottom eighth of three pages for a running head, and a case study's section
headings ("The practice's story", "What patients said") often open a page.
"""

from __future__ import annotations

from pathlib import Path

import outloud
import pytest
from pdf_helpers import DATE, Example
from pdf_helpers import OUTLOUD_RULES as RULES

from generator.pdf import write_handout
from generator.pdf.document import SHORT_TITLE


@pytest.fixture(scope="module")
def repository_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own publication: its stories hold the blank-cornered tables
    and the cross-reference broken before its page number that the example lacks."""
    from generator.build import write_publication_pdf

    out = tmp_path_factory.mktemp("outloud-repository") / "listening-to-patients.pdf"
    write_publication_pdf(Path(__file__).resolve().parents[2], out)
    return out


@pytest.fixture(scope="module")
def handout(examples: dict[str, Example], tmp_path_factory: pytest.TempPathFactory) -> Path:
    example = examples["in one process"]
    pub = example.publication
    out = tmp_path_factory.mktemp("outloud") / "handout.pdf"
    return write_handout(pub, pub.case_studies[0], out, root=example.root, date=DATE).path


def _findings(path: Path, rules: tuple[str, ...]) -> list[outloud.findings.Finding]:
    result = outloud.check(str(path), only=rules)
    assert result.error is None, result.error
    return result.findings


def _described(findings: list[outloud.findings.Finding]) -> list[str]:
    return [f"{f.rule} p.{f.page}: {f.message} [{f.evidence or ''}]" for f in findings]


def test_outloud_finds_nothing_in_the_publication(example_pdf: Example) -> None:
    assert _described(_findings(example_pdf.path, RULES)) == []


def test_outloud_finds_nothing_in_the_repositorys_publication(repository_pdf: Path) -> None:
    assert _described(_findings(repository_pdf, RULES)) == []


def test_outloud_finds_nothing_in_a_handout(handout: Path) -> None:
    assert _described(_findings(handout, RULES)) == []


def test_outloud_takes_no_running_head_or_foot_for_content(example_pdf: Example) -> None:
    """PAG-001 names no page number, foot or chapter head: those are artifacts.

    What it does name (see the module's docstring) are section headings that
    open a page, each listed so none of them hides a running head.
    """
    furniture = {SHORT_TITLE, *(theme.title for theme in example_pdf.publication.themes)}
    for finding in _findings(example_pdf.path, ("PAG-001",)):
        assert "page numbers" not in finding.message
        lines = (finding.evidence or "").split("; ")
        assert len(lines) == finding.count, finding.evidence
        assert furniture.isdisjoint(lines), finding.evidence
