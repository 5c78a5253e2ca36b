"""One commit built in two folders gives the same PDFs, byte for byte, dated by SOURCE_DATE_EPOCH.

The print HTML names the project's pictures and the generator's fonts by
absolute ``file:`` URL; WeasyPrint names each image in the PDF after its URL,
and the file identifier is a digest of the HTML. So the engine hands WeasyPrint
fixed folder names (``engine.portable``): this test fails if a folder's real
name reaches the bytes again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdf_fixtures import case_study, publication, write_project
from pypdf import PdfReader

from generator.build import build_date, pdf_step
from generator.pdf import WORKERS_VARIABLE

EPOCH = 1400000000


def build_pdfs(root: Path) -> dict[str, bytes]:
    """The PDF step of a build of the same two case studies (one with a picture),
    in ``root``: every PDF's bytes, by its address in the site."""
    cases = [
        case_study("alpha-surgery", themes=["telephony"], image=True),
        case_study("beta-practice", themes=["online-appointments"], link_to="alpha-surgery"),
    ]
    write_project(root, cases)
    pub = publication(cases)
    date = build_date(root, pub, {"SOURCE_DATE_EPOCH": str(EPOCH)})
    site = root / "site"
    downloads = pdf_step(pub, site, root=root, date=date, drafts=False)
    addresses = [downloads.publication, *downloads.handouts.values()]
    return {d.url: (site / d.url).read_bytes() for d in addresses if d is not None}


def test_the_same_project_in_two_folders_gives_the_same_pdf_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In parts, so the publication's join is covered too; the handouts beside it.
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    one = build_pdfs(tmp_path / "one" / "project")
    two = build_pdfs(tmp_path / "elsewhere" / "deeper" / "listening")

    assert sorted(one) == [
        "case-studies/alpha-surgery/alpha-surgery.pdf",
        "case-studies/beta-practice/beta-practice.pdf",
        "listening-to-patients.pdf",
    ]
    assert sorted(two) == sorted(one)
    for address, pdf in one.items():
        assert two[address] == pdf, f"{address} differs between the two folders"
        assert b"/one/project" not in pdf and b"/elsewhere/" not in pdf
        created = PdfReader(Path(tmp_path / "one" / "project" / "site" / address)).metadata
        assert created is not None and created.creation_date == dt.datetime.fromtimestamp(
            EPOCH, tz=dt.UTC
        )
