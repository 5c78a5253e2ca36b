"""Handouts cut from the publication's own pages: the same handout as one laid
out alone, its own running head, foot and page numbers, and the publication
left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import outloud
import page
import pytest
from pdf_fixtures import case_study, publication, write_project
from pdf_helpers import DATE, OUTLOUD_RULES, WAYS, Example, run
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from generator.pdf import WORKERS_VARIABLE, handout_path, write_all, write_handout
from generator.pdf.document import OFFPRINT_HEAD, credit, publication_document, shared
from generator.pdf.offprints import cuttable, plan
from generator.pdf.weasy_internals import INTERNALS_VARIABLE
from generator.pdf.writers import write_publication


def pages_text(path: Path) -> list[str]:
    return run("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def cut_slugs(example: Example) -> set[str]:
    pub, root = example.publication, example.root
    doc = publication_document(pub, shared(pub, root).front, root=root, drafts=False, date=DATE)
    paths = {c.slug: Path(c.slug) for c in pub.case_studies}
    return {o.case.case.slug for o in plan(doc, paths, root=root, date=DATE, drafts=False)}


@pytest.fixture(scope="module")
def built(examples: dict[str, Example], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every PDF of a build of the example, the publication in parts."""
    whole = examples["in one process"]
    site = tmp_path_factory.mktemp("offprints") / "site"
    write_all(whole.publication, site, root=whole.root, date=DATE, workers=2)
    return site


def test_every_published_handout_is_cut_from_the_publication(examples: dict[str, Example]) -> None:
    # the draft is not in this publication: its handout is laid out alone
    assert cut_slugs(examples["in one process"]) == {
        "alpha-surgery",
        "beta-practice",
        "delta-medical-group",
        "gamma-health-centre",
    }


def test_a_cut_handout_reads_as_one_laid_out_alone(
    examples: dict[str, Example], built: Path, tmp_path: Path
) -> None:
    """Page for page, but for a link to another case study: cut from the
    publication, its words keep the publication's page after them; laid out
    alone, they are plain text."""
    whole = examples["in one process"]
    pub, root, starts = whole.publication, whole.root, whole.starts
    linked = {"alpha-surgery": "beta-practice", "gamma-health-centre": "alpha-surgery"}
    for case in pub.case_studies:
        written = built / handout_path(case.slug)
        alone = write_handout(pub, case, tmp_path / f"{case.slug}.pdf", root=root, date=DATE)
        if case.slug in linked:
            page_there = f" (page {starts['cs-' + linked[case.slug]]} in the publication)"
            text = flat(run("pdftotext", str(written), "-"))
            assert page_there in text
            assert text.replace(page_there, "") == flat(run("pdftotext", str(alone.path), "-"))
        else:  # every page, running heads and feet ("page N of M") included
            assert pages_text(written) == pages_text(alone.path), case.slug
        if case.slug == "zeta-draft-surgery":  # not in the publication: laid out alone
            assert written.read_bytes() == alone.path.read_bytes()


def test_a_cut_handout_holds_its_own_anchors_and_no_link_out_of_it(built: Path) -> None:
    """The publication in parts gives each part stand-ins for anchors another part
    holds; none of them, and no link to another case study, reaches a handout."""
    for slug in ("alpha-surgery", "beta-practice", "delta-medical-group", "gamma-health-centre"):
        reader = PdfReader(built / handout_path(slug))
        names = reader.trailer["/Root"]["/Names"]["/Dests"]["/Names"][::2]
        assert names and all(
            name == f"cs-{slug}" or name.startswith(f"cs-{slug}--") for name in names
        ), slug
        for page_ in reader.pages:
            for ref in page_.get("/Annots", []):
                annotation = ref.get_object()
                target = annotation.get("/Dest") or annotation.get("/A", {}).get("/D")
                assert target is None or str(target) in names, (slug, target)


def test_a_cut_handout_passes_both_independent_checkers(built: Path) -> None:
    """page-validation's PDF/UA-1 profile, and outloud's rules the publication
    passes (tests/pdf/test_pdf_outloud.py), on handouts with and without a link
    to another case study (a Link element whose annotation stayed behind)."""
    for slug in ("alpha-surgery", "beta-practice", "delta-medical-group"):
        path = built / handout_path(slug)
        report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], slug
        found = outloud.check(str(path), only=OUTLOUD_RULES)
        assert found.error is None and found.findings == [], (slug, found.findings)


def test_a_handouts_margins_name_the_publication_and_count_its_own_pages(
    examples: dict[str, Example], built: Path
) -> None:
    beta = examples["in one process"].publication.by_slug("beta-practice")
    path = built / handout_path(beta.slug)
    texts = pages_text(path)
    assert len(texts) >= 2  # twenty paragraphs: the numbering is the handout's own
    source, rights = credit(DATE).split(") · ")  # the foot takes two lines
    for number, text in enumerate(texts, start=1):
        assert flat(OFFPRINT_HEAD + "Practice telephone systems") in flat(text)
        assert source.split(" (")[0] in flat(text) and rights in flat(text)
        assert f"page {number} of {len(texts)}" in text
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == beta.title
    assert reader.metadata.subject == credit(DATE)  # the foot is an artifact: said here too
    assert reader.outline and reader.outline[0].title == beta.title


def test_a_handouts_title_is_its_first_heading(built: Path) -> None:
    """Laid out as in the publication, where the title is an h2 under its chapter's
    h1; PDF/UA wants a document's headings to start at H1."""
    reader = PdfReader(built / handout_path("beta-practice"))
    tags: list[str] = []

    def walk(element: object) -> None:
        element = element.get_object()  # type: ignore[attr-defined]
        if isinstance(element, DictionaryObject):
            if element.get("/Type") == "/StructElem":
                tags.append(str(element["/S"]))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object"):
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    headings = [tag for tag in tags if tag[:2] == "/H" and tag[2:].isdigit()]
    assert headings[0] == "/H1" and headings.count("/H1") == 1
    assert max(int(h[2:]) for h in headings) <= 3


def test_the_publication_is_the_same_whether_handouts_are_cut_or_not(
    examples: dict[str, Example], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handout's margin boxes are drawn beside the publication's, never instead."""
    for way, workers in WAYS.items():
        example = examples[way]
        pub, root = example.publication, example.root
        doc = publication_document(pub, shared(pub, root).front, root=root, drafts=False, date=DATE)
        paths = {c.slug: tmp_path / way / f"{c.slug}.pdf" for c in pub.case_studies}
        offprints = plan(doc, paths, root=root, date=DATE, drafts=False)
        monkeypatch.setenv(WORKERS_VARIABLE, workers)
        info, cut = write_publication(
            doc, tmp_path / way / "publication.pdf", root=root, offprints=offprints
        )
        assert info.path.read_bytes() == example.path.read_bytes(), way
        assert sorted(cut) == sorted(c.slug for c in pub.case_studies if c.is_published)
        assert "A case study from" not in run("pdftotext", str(info.path), "-")


def test_a_drafts_build_cuts_the_drafts_handouts_and_lays_out_the_others(tmp_path: Path) -> None:
    """A drafts build marks every page of the publication; of the handouts only a
    draft's carries the mark."""
    published = case_study("alpha-surgery", themes=["telephony"])
    draft = case_study("zeta-draft-surgery", themes=["telephony"], status="draft")
    write_project(tmp_path, [published, draft])
    pub = publication([published, draft])
    doc = publication_document(
        pub, shared(pub, tmp_path).front, root=tmp_path, drafts=True, date=DATE
    )
    assert [c.case.slug for c in doc.order if cuttable(c, drafts=True)] == [draft.slug]
    site = tmp_path / "site"
    write_all(pub, site, root=tmp_path, date=DATE, drafts=True, workers=2)
    # the watermark is on every page (pdftotext spells rotated text letter by letter)
    drafted = site / handout_path(draft.slug)
    assert all("DRAFT" in page_.extract_text() for page_ in PdfReader(drafted).pages)
    assert "Draft: not for publication" in run("pdftotext", str(drafted), "-")
    plain = PdfReader(site / handout_path(published.slug)).pages
    assert not any("DRAFT" in page_.extract_text() for page_ in plain)


def test_outside_the_gate_every_handout_is_laid_out_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(INTERNALS_VARIABLE, "off")
    alpha = case_study("alpha-surgery", themes=["telephony"])
    write_project(tmp_path, [alpha])
    pub = publication([alpha])
    doc = publication_document(
        pub, shared(pub, tmp_path).front, root=tmp_path, drafts=False, date=DATE
    )
    assert plan(doc, {alpha.slug: tmp_path / "a.pdf"}, root=tmp_path, date=DATE, drafts=False) == ()
    written = write_all(pub, tmp_path / "site", root=tmp_path, date=DATE, workers=1)
    alone = write_handout(pub, alpha, tmp_path / "alone.pdf", root=tmp_path, date=DATE)
    assert written.handouts[alpha.slug].path.read_bytes() == alone.path.read_bytes()


def test_a_handout_is_cut_when_the_publications_watermark_is_its_own(
    examples: dict[str, Example],
) -> None:
    example = examples["in one process"]
    pub, root = example.publication, example.root
    doc = publication_document(pub, shared(pub, root).front, root=root, drafts=True, date=DATE)
    marked = {c.case.slug: cuttable(c, drafts=True) for c in doc.order}
    assert marked.pop("zeta-draft-surgery") is True
    assert set(marked.values()) == {False}  # published: a drafts build marks their pages
    assert all(cuttable(c, drafts=False) for c in doc.order if c.case.is_published)
