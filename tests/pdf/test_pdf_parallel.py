"""Same input, same bytes: across runs, and across worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EPOCH, Example
from pdf_fixtures import case_study, publication, write_project

from generator.errors import BuildFailed
from generator.pdf import PUBLICATION_FILE, handout_path, write_all, write_handout


def test_every_pdf_of_a_build_in_worker_processes_has_the_same_bytes(
    example_pdf: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pub, root = example_pdf.publication, example_pdf.root
    written = write_all(pub, tmp_path / "site", root=root, workers=2)

    # the whole publication: rendered again, in another process, byte for byte the same
    assert written.publication.path == tmp_path / "site" / PUBLICATION_FILE
    assert written.publication.path.read_bytes() == example_pdf.path.read_bytes()

    # one handout per case study, where the site links to it
    assert sorted(written.handouts) == sorted(c.slug for c in pub.case_studies)
    for slug, info in written.handouts.items():
        assert info.path == tmp_path / "site" / handout_path(slug)
        assert info.path.read_bytes().startswith(b"%PDF-1.7")
    alone = write_handout(pub, pub.by_slug("alpha-surgery"), tmp_path / "alone.pdf", root=root)
    assert alone.path.read_bytes() == written.handouts["alpha-surgery"].path.read_bytes()


def test_a_failure_in_a_worker_is_the_builds_failure(tmp_path: Path) -> None:
    solo = case_study("solo-surgery", themes=["telephony"])
    write_project(tmp_path, [solo])
    (tmp_path / "content" / "introduction.md").unlink()
    with pytest.raises(BuildFailed, match=r"content/introduction\.md"):
        write_all(publication([solo]), tmp_path / "site", root=tmp_path, workers=2)
    assert not (tmp_path / "site" / PUBLICATION_FILE).exists()
