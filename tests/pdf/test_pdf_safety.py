"""What the PDF step refuses, and what it guarantees: same bytes, no half-written file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pdf_fixtures import case_study, png, publication, write_project
from pdf_helpers import DATE, run
from pypdf import PdfReader

from generator.core.errors import BuildFailed
from generator.pdf import handout_path, write_handout, write_pdf
from generator.pdf.fetcher import ProjectFetcher, Refused


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return root


def with_image(case, src: str):  # type: ignore[no-untyped-def]
    """The same case study with its story showing ``src`` instead of its chart."""
    html = case.body_html.replace('src="chart.png"', f'src="{src}"')
    return dataclasses.replace(case, body_html=html)


def test_fetcher_refuses_the_network_and_files_outside(project: Path, tmp_path: Path) -> None:
    fetcher = ProjectFetcher([project])
    outside = tmp_path / "secret.png"
    outside.write_bytes(png())
    inside = project / "ok.png"
    inside.write_bytes(png())
    assert fetcher.path_for(inside.as_uri()) == inside.resolve()
    for url in (
        outside.as_uri(),
        (project / ".." / "secret.png").as_uri(),
        "https://example.org/pixel.png",
        "http://127.0.0.1/x.png",
        "data:image/png;base64,AAAA",
        "file://elsewhere/etc/passwd",
    ):
        with pytest.raises(Refused):
            fetcher.path_for(url)


def test_fetcher_refuses_a_symlink_that_leads_outside(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(png())
    (project / "link.png").symlink_to(outside)
    with pytest.raises(Refused):
        ProjectFetcher([project]).path_for((project / "link.png").as_uri())


def test_an_image_outside_the_project_fails_the_build(project: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(png())
    case = with_image(
        case_study("alpha-surgery", themes=["telephony"], image=True), "../../../secret.png"
    )
    write_project(project, [case])
    out = project / "site" / handout_path(case.slug)
    with pytest.raises(BuildFailed, match="outside the project"):
        write_handout(publication([case]), case, out, root=project, date=DATE)
    assert not out.exists()
    assert not list(out.parent.glob("*")) if out.parent.exists() else True


def test_a_missing_image_fails_the_build_and_leaves_no_file(project: Path) -> None:
    case = with_image(case_study("alpha-surgery", themes=["telephony"], image=True), "gone.png")
    write_project(project, [case])
    out = project / "site" / "listening-to-patients.pdf"
    out.parent.mkdir(parents=True)
    out.write_bytes(b"%PDF- the previous build")
    with pytest.raises(BuildFailed, match=r"gone\.png"):
        write_pdf(publication([case]), out, root=project, date=DATE)
    assert out.read_bytes() == b"%PDF- the previous build"
    assert sorted(p.name for p in out.parent.iterdir()) == ["listening-to-patients.pdf"]


def test_a_missing_content_page_is_named(project: Path) -> None:
    case = case_study("alpha-surgery", themes=["telephony"])
    write_project(project, [case])
    (project / "content" / "foreword.md").unlink()
    with pytest.raises(BuildFailed, match=r"content/foreword\.md"):
        write_pdf(publication([case]), project / "out.pdf", root=project, date=DATE)


def test_drafts_carry_a_watermark(project: Path) -> None:
    draft = case_study("zeta-draft-surgery", themes=["telephony"], status="draft")
    write_project(project, [draft])
    pub = publication([draft])
    with_drafts = write_pdf(pub, project / "drafts.pdf", root=project, date=DATE, drafts=True)
    reader = PdfReader(with_drafts.path)
    # the watermark is on every page (pdftotext spells rotated text letter by letter)
    assert all("DRAFT" in page.extract_text() for page in reader.pages)
    text = " ".join(run("pdftotext", str(with_drafts.path), "-").split())
    assert draft.title in text
    assert "Draft: not for publication" in text


def test_handout_holds_one_case_study(project: Path) -> None:
    alpha = case_study("alpha-surgery", themes=["telephony"], image=True, link_to="beta-practice")
    beta = case_study("beta-practice", themes=["telephony"])
    write_project(project, [alpha, beta])
    out = project / "site" / handout_path("alpha-surgery")
    info = write_handout(publication([alpha, beta]), alpha, out, root=project, date=DATE)
    assert info.path == out and info.pages >= 1
    reader = PdfReader(out)
    assert reader.metadata is not None and reader.metadata.title == alpha.title
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    text = " ".join(run("pdftotext", str(out), "-").split())
    assert alpha.title in text and "Story text of alpha-surgery number 0." in text
    assert beta.title not in text
    assert "DRAFT" not in text
    # the link to beta, which this handout does not hold, is left as plain text
    assert "another practice's story" in text
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            assert "/Dest" not in ref.get_object() or str(ref.get_object()["/Dest"]).startswith(
                "cs-alpha"
            )
