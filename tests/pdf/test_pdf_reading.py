"""The PDF as an assistive technology and a reader on paper meet it (issue 13).

Read back from real PDFs: the independent PDF/UA-1 checker ``page-validation``,
the structure tree and annotations with pypdf, the text with pdftotext.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import page
import pytest
from pdf_helpers import DATE, Example, run
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator.pdf import write_handout


def _kids(element: DictionaryObject) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    items = kids if isinstance(kids, ArrayObject) else [kids]
    return [k.get_object() if isinstance(k, IndirectObject) else k for k in items]


def _elements(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every structure element reachable from the structure tree's root."""
    todo = _kids(reader.trailer["/Root"]["/StructTreeRoot"].get_object())
    while todo:
        element = todo.pop()
        if isinstance(element, DictionaryObject) and "/S" in element:
            yield element
            todo.extend(_kids(element))


@pytest.fixture(scope="module")
def handout(examples: dict[str, Example], tmp_path_factory: pytest.TempPathFactory) -> Path:
    example = examples["in one process"]
    pub = example.publication
    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    case = pub.case_studies[0]
    return write_handout(pub, case, out, root=example.root, date=DATE).path


def _failures(path: Path) -> list[str]:
    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_the_publication_passes_page_validations_pdf_ua_1_profile(example_pdf: Example) -> None:
    assert _failures(example_pdf.path) == []


def test_a_handout_passes_page_validations_pdf_ua_1_profile(handout: Path) -> None:
    assert _failures(handout) == []


def test_list_items_hold_only_a_label_and_a_body(example_pdf: Example) -> None:
    wrong = [
        [k.get("/S") for k in _kids(e) if isinstance(k, DictionaryObject)]
        for e in _elements(example_pdf.reader())
        if e["/S"] == "/LI"
    ]
    assert wrong and all(set(kids) <= {"/Lbl", "/LBody"} for kids in wrong), wrong


def test_every_table_header_cell_has_a_scope(example_pdf: Example, handout: Path) -> None:
    for reader in (example_pdf.reader(), PdfReader(handout)):
        headers = [e for e in _elements(reader) if e["/S"] == "/TH"]
        assert headers
        scopes = {str(h["/A"].get_object().get("/Scope")) for h in headers}
        assert scopes == {"/Column", "/Row"}


def test_every_link_annotation_prints(example_pdf: Example, handout: Path) -> None:
    for reader in (example_pdf.reader(), PdfReader(handout)):
        links = [
            a.get_object()
            for p in reader.pages
            for a in p.get("/Annots", []) or []
            if a.get_object().get("/Subtype") == "/Link"
        ]
        assert links
        assert all(int(link.get("/F", 0)) & 4 for link in links)


def test_no_structure_element_is_an_empty_span(example_pdf: Example) -> None:
    empty = [
        e["/S"]
        for e in _elements(example_pdf.reader())
        if e["/S"] in ("/Span", "/Div") and not _kids(e)
    ]
    assert empty == []


def test_running_heads_and_feet_are_artifacts(example_pdf: Example) -> None:
    """Every marked-content sequence with an MCID is in the structure tree.

    WeasyPrint 70 gives the margin boxes' text MCIDs whose elements hang from
    nothing, so a screen reader met "page 3 of 9" as content nowhere in the
    reading order; as artifacts they carry no MCID.
    """
    reader = example_pdf.reader()
    tagged: dict[int, set[int]] = {}
    for element in _elements(reader):
        page_ref = element.get("/Pg")
        if page_ref is None:
            continue
        number = page_ref.idnum
        tagged.setdefault(number, set()).update(k for k in _kids(element) if isinstance(k, int))
    artifacts = 0
    for sheet in reader.pages:
        data = sheet.get_contents().get_data()  # type: ignore[union-attr]
        used = {int(m) for m in re.findall(rb"/MCID (\d+)", data)}
        assert used <= tagged.get(sheet.indirect_reference.idnum, set())  # type: ignore[union-attr]
        artifacts += data.count(b"/Artifact")
    assert artifacts


# --- On paper: no near-empty page, a page number after every cross-reference ---------

ROOT = Path(__file__).resolve().parents[2]
A4_HEIGHT, TOP, BOTTOM = 842, 68, 62
"""Points: the page, and the margins the running heads and feet sit in (print.css)."""


@pytest.fixture(scope="module")
def repository_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own publication (casestudies/, content/), as ``publication pdf`` writes it."""
    from generator.build import write_publication_pdf

    out = tmp_path_factory.mktemp("repository") / "listening-to-patients.pdf"
    write_publication_pdf(ROOT, out)
    return out


def _body_lines(path: Path) -> list[int]:
    """Non-empty lines of every page, the running head and foot left out (page 1 first)."""
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))  # type: ignore[union-attr]
    counts = []
    for number in range(1, pages + 1):
        text = run(
            "pdftotext", "-layout", "-f", str(number), "-l", str(number),
            "-x", "0", "-y", str(TOP), "-W", "595", "-H", str(A4_HEIGHT - TOP - BOTTOM),
            str(path), "-",
        )  # fmt: skip
        counts.append(sum(1 for line in text.splitlines() if line.strip()))
    return counts


def test_no_page_after_the_cover_has_fewer_than_four_lines(
    example_pdf: Example, repository_pdf: Path
) -> None:
    for path in (example_pdf.path, repository_pdf):
        counts = _body_lines(path)
        short = {page: n for page, n in enumerate(counts, start=1) if page > 1 and n < 4}
        assert short == {}, f"{path}: page -> lines {short}"


_SEE_CASE = re.compile(r'<a href="#(cs-[^"]+)" class="see-case"[^>]*>(.*?)</a>', re.S)


def _cross_references(pdf: Path, html: str, starts: dict[str, int]) -> list[str]:
    """Each link to another case study, as its text should read on paper, found or not."""
    text = " ".join(run("pdftotext", str(pdf), "-").split())
    links = _SEE_CASE.findall(html)
    assert links
    wanted = [
        f"{' '.join(unescape(words).split())} (page {starts[a]} in the publication)"
        for a, words in links
    ]
    return [w for w in wanted if w not in text]


def test_a_link_to_another_case_study_gives_its_page(example_pdf: Example) -> None:
    from generator.pdf.document import publication_document
    from generator.pdf.frontmatter import read_front_pages

    pub, root = example_pdf.publication, example_pdf.root
    doc = publication_document(pub, read_front_pages(root), root=root, drafts=False, date=DATE)
    assert _cross_references(example_pdf.path, doc.html, example_pdf.starts) == []


def test_the_repositorys_links_to_other_case_studies_give_their_pages(repository_pdf: Path) -> None:
    from generator.build import checked_publication
    from generator.pdf.check import start_pages
    from generator.pdf.document import publication_document
    from generator.pdf.frontmatter import read_front_pages

    pub = checked_publication(ROOT, drafts=False, strict=False)
    doc = publication_document(pub, read_front_pages(ROOT), root=ROOT, drafts=False, date=DATE)
    starts = start_pages(PdfReader(repository_pdf))
    assert _cross_references(repository_pdf, doc.html, starts) == []


# --- The back page -----------------------------------------------------------------


def _last_page(path: Path) -> str:
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))  # type: ignore[union-attr]
    return " ".join(run("pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-").split())


def _expected_back_page(copyright_line: str, date: str) -> list[str]:
    return [
        "Published by the British Medical Association for the BMA General Practitioners Committee.",
        f"First edition, {date}.",
        copyright_line,
        "The case studies are also on the website Developing general practice, listening to patients",
    ]


def test_the_last_page_says_who_published_it_when_and_where_the_site_is(
    example_pdf: Example,
) -> None:
    last = _last_page(example_pdf.path)
    for wanted in _expected_back_page("© British Medical Association.", "9 April 2014"):
        assert wanted in last
    assert "ISBN" not in last and "Index of practices" not in last


def test_the_repositorys_back_page_has_mkdocs_copyright_and_the_build_date(
    repository_pdf: Path,
) -> None:
    from generator.build import build_date, checked_publication
    from generator.core.formatting import long_date

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    folded = re.search(r"^copyright: >-\n((?:  .*\n)+)", config, re.M)
    assert folded, "mkdocs.yml's copyright is a folded block (>-)"
    line = " ".join(folded.group(1).split())
    date = build_date(ROOT, checked_publication(ROOT, drafts=False, strict=False))
    last = _last_page(repository_pdf)
    for wanted in _expected_back_page(line, long_date(date.date())):
        assert wanted in last, wanted


# --- Each picture once -------------------------------------------------------------

_ARTICLE = re.compile(r'<article class="case-study" id="(cs-[^"]+)".*?</article>', re.S)
_IMG_SRC = re.compile(r'<img [^>]*\bsrc="([^"]+)"')


def _repeated_pictures(html: str) -> dict[str, list[str]]:
    """Case study anchor -> the ``src`` of every picture it shows more than once."""
    repeated = {}
    for article in _ARTICLE.finditer(html):
        sources = _IMG_SRC.findall(article.group(0))
        twice = sorted({src for src in sources if sources.count(src) > 1})
        if twice:
            repeated[article.group(1)] = twice
    return repeated


def test_no_case_study_prints_a_picture_twice() -> None:
    """Cwmhelyg's chart was its cover and again in its story, with two alt texts."""
    from generator.build import build_date, checked_publication
    from generator.pdf.document import handout_document, publication_document, shared

    pub = checked_publication(ROOT, drafts=False, strict=False)
    assert any(c.cover_image for c in pub.case_studies)
    date = build_date(ROOT, pub)
    common = shared(pub, ROOT)
    doc = publication_document(pub, common.front, root=ROOT, drafts=False, date=date)
    assert len(_ARTICLE.findall(doc.html)) == len(doc.order)
    assert _repeated_pictures(doc.html) == {}
    for case in pub.case_studies:
        handout = handout_document(pub, case, root=ROOT, date=date, common=common)
        assert _repeated_pictures(handout.html) == {}, case.slug


def test_cwmhelygs_handout_shows_its_chart_once(tmp_path: Path) -> None:
    """Read back from the PDF: one picture drawn, where the story puts it."""
    from generator.build import build_date, checked_publication

    pub = checked_publication(ROOT, drafts=False, strict=False)
    case = next(c for c in pub.case_studies if c.slug.startswith("cwmhelyg"))
    info = write_handout(
        pub, case, tmp_path / "cwmhelyg.pdf", root=ROOT, date=build_date(ROOT, pub)
    )
    drawn = run("pdfimages", "-list", str(info.path)).splitlines()[2:]
    assert len(drawn) == 1, drawn


# --- The same words for the same facts on the site and on paper --------------------

_FACTS = re.compile(r'<section class="cs-facts".*?</section>', re.S)


def test_a_case_studys_facts_carry_the_labels_of_its_site_page(example_pdf: Example) -> None:
    """The facts box said "Where" and "Patients" where the site says "Town",
    "Nation" and "List size" (FACT_LABELS, the one definition both now read)."""
    from generator.site.pages import case_study_page

    pub = example_pdf.publication
    cases = [c for c in pub.case_studies if c.is_published]
    assert cases
    for case in cases:
        site = _FACTS.search(case_study_page(pub, case).html)
        assert site
        labels = [unescape(label) for label in re.findall(r"<dt>([^<]+)</dt>", site.group(0))]
        assert "Town" in labels and "List size" in labels
        first = str(example_pdf.starts[f"cs-{case.slug}"])
        printed = " ".join(example_pdf.text("-f", first, "-l", first).split())
        assert [label for label in labels if not re.search(rf"\b{label}\b", printed)] == []


def test_outcomes_read_as_on_the_site(tmp_path: Path) -> None:
    """Issue 13, point 7, on paper too: a share changes by percentage points, not by
    a percentage of itself ("+23 (+575%)" for 4% to 27%), and a unit the measure
    already names is not repeated after it ("Incoming lines (lines)")."""
    from generator.build import build_date, checked_publication

    pub = checked_publication(ROOT, drafts=False, strict=False)
    for slug in ("cwmhelyg", "kirkhallow"):
        case = next(c for c in pub.case_studies if c.slug.startswith(slug))
        info = write_handout(
            pub, case, tmp_path / f"{slug}.pdf", root=ROOT, date=build_date(ROOT, pub)
        )
        text = " ".join(run("pdftotext", str(info.path), "-").split())
        assert "575%" not in text
        assert not re.search(r"\b(\w+) \(\1\)", text), slug
        if slug == "cwmhelyg":
            assert "up 23 percentage points" in text
