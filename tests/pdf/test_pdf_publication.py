"""The example publication's PDF, read back with the real tools."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdf_helpers import Example, run
from PIL import Image
from pypdf import PdfReader

from generator.pdf.check import outline_titles


def published(example: Example) -> list:
    return [c for c in example.publication.case_studies if c.is_published]


def chapter_order(example: Example) -> list:
    pub = example.publication
    return [c for theme in pub.themes for c in pub.in_chapter(theme.id) if c.is_published]


def test_pages_are_a4_and_plausible(example_pdf: Example) -> None:
    reader = example_pdf.reader()
    themes = len(example_pdf.publication.themes)
    assert len(reader.pages) == example_pdf.info.pages
    assert len(reader.pages) >= 2 + 2 + 1 + themes + len(published(example_pdf)) + 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
    assert example_pdf.info.bytes == example_pdf.path.stat().st_size


def test_qpdf_finds_no_errors(example_pdf: Example) -> None:
    result = subprocess.run(
        ["qpdf", "--check", str(example_pdf.path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_outline_has_every_chapter_then_its_case_studies(example_pdf: Example) -> None:
    pub = example_pdf.publication
    outline = outline_titles(example_pdf.reader())
    expected: list[tuple[int, str]] = [(1, "Introduction"), (1, "Foreword"), (1, "Contents")]
    expected += [
        (1, "List of figures"),
        (1, "What GPs told us about working together"),
        (1, "What patients told practices"),
    ]
    for theme in pub.themes:
        expected.append((1, theme.title))
        expected += [(2, c.title) for c in pub.in_chapter(theme.id) if c.is_published]
    expected.append((1, "Index of practices by nation"))
    assert outline == expected


def test_case_studies_start_on_their_own_pages_in_chapter_order(example_pdf: Example) -> None:
    starts = example_pdf.starts
    pages = [starts[f"cs-{c.slug}"] for c in chapter_order(example_pdf)]
    assert pages == sorted(set(pages))


def contents_entries(example: Example) -> dict[str, int]:
    """Contents lines ``title ...... N`` as printed, title -> page."""
    starts = example.starts
    text = example.text("-f", str(starts["contents"]), "-l", str(starts["contents"]))
    entries = {}
    for line in text.splitlines():
        match = re.match(r"^\s*(.+?)\s*\.{4,}\s*(\d+)\s*$", line)
        if match:
            entries[match.group(1)] = int(match.group(2))
    return entries


def test_contents_page_numbers_are_the_real_start_pages(example_pdf: Example) -> None:
    starts = example_pdf.starts
    entries = contents_entries(example_pdf)
    for case in published(example_pdf):
        assert entries[case.title] == starts[f"cs-{case.slug}"], case.slug
    for theme in example_pdf.publication.themes:
        assert entries[theme.title] == starts[f"ch-{theme.id}"], theme.id
    assert entries["Introduction"] == starts["introduction"]
    assert entries["Index of practices by nation"] == starts["index"]


def test_index_lists_practices_by_nation_with_start_pages(example_pdf: Example) -> None:
    starts = example_pdf.starts
    text = example_pdf.text("-f", str(starts["index"]))
    nations = [n for n in ("England", "Scotland", "Wales", "Northern Ireland") if n in text]
    assert nations == ["England", "Scotland", "Wales", "Northern Ireland"]
    for case in published(example_pdf):
        line = next(ln for ln in text.splitlines() if case.practice.name in ln)
        assert line.rstrip().endswith(str(starts[f"cs-{case.slug}"])), line


def test_chapter_lists_other_themes_case_studies_with_see_page(example_pdf: Example) -> None:
    starts = example_pdf.starts
    # gamma's primary theme is online-appointments; it also belongs to telephony.
    text = example_pdf.text("-f", str(starts["ch-telephony"]), "-l", str(starts["ch-telephony"]))
    gamma = example_pdf.publication.by_slug("gamma-health-centre")
    flat = " ".join(text.split())
    assert f"{gamma.title}: see page {starts['cs-gamma-health-centre']}" in flat


def test_every_internal_link_has_a_destination(example_pdf: Example) -> None:
    reader = example_pdf.reader()
    names = set(example_pdf.starts)
    internal = external = 0
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                internal += 1
                assert str(annotation["/Dest"]) in names, annotation["/Dest"]
            else:
                external += 1
                # Web addresses, and a contact's email (outloud LNK-010: printed, not linked)
                assert str(annotation["/A"]["/URI"]).startswith(("https://", "http://", "mailto:"))
    # contents, chapter lists, index, and the links between case studies
    assert internal >= 3 * len(published(example_pdf))


def test_a_link_between_case_studies_goes_to_the_other_one(example_pdf: Example) -> None:
    reader = example_pdf.reader()
    starts = example_pdf.starts
    first, last = starts["cs-alpha-surgery"], starts["cs-beta-practice"] - 1
    dests = {
        str(ref.get_object().get("/Dest"))
        for page in reader.pages[first - 1 : last]
        for ref in page.get("/Annots", [])
    }
    assert "cs-beta-practice" in dests


def test_metadata_language_and_tags(example_pdf: Example) -> None:
    reader = example_pdf.reader()
    info = reader.metadata
    assert info is not None
    assert info.title == "Developing general practice, listening to patients"
    assert info.author == "BMA General Practitioners Committee"
    assert info.subject and "GP practices" in info.subject
    assert "general practice" in str(info.get("/Keywords"))
    assert str(info["/CreationDate"]).startswith("D:20140409000000")
    assert str(info["/ModDate"]).startswith("D:20140409000000")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp or b'pdfuaid="' in xmp or b"pdfuaid" in xmp
    assert reader.pdf_header == "%PDF-1.7"


def test_every_font_is_embedded_and_is_the_sites_font(example_pdf: Example) -> None:
    lines = run("pdffonts", str(example_pdf.path)).splitlines()[2:]
    assert lines
    names = [line.split()[0] for line in lines]
    assert len(set(names)) == len(names), "each embedded subset has a name of its own"
    for line in lines:
        columns = line.split()
        emb = columns[-5]
        assert emb == "yes", line
        assert "Atkinson-Hyperlegible" in columns[0], line


def test_every_published_case_study_is_there_with_its_story(example_pdf: Example) -> None:
    flat = " ".join(example_pdf.text(layout=False).split())
    for case in published(example_pdf):
        assert case.title in flat
        assert f"Story text of {case.slug} number 0." in flat
        assert case.summary in flat


def test_no_draft_text_and_no_unpublished_contact(example_pdf: Example) -> None:
    text = example_pdf.text()
    assert "Draft-only title" not in text
    assert "zeta-draft" not in text
    assert "DRAFT" not in text
    # beta-practice's contact has publish: false; alpha-surgery's has publish: true
    assert "beta-practice@example.org" not in text
    assert "Contact of beta-practice" not in text
    assert "alpha-surgery@example.org" in text
    assert "020 7946 0000" in text  # alpha's phone, published


def test_running_heads_and_feet(example_pdf: Example) -> None:
    starts = example_pdf.starts
    total = example_pdf.info.pages
    page = starts["cs-beta-practice"] + 1  # a continuation page of a long case study
    text = example_pdf.text("-f", str(page), "-l", str(page))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines[0] == "Practice telephone systems"
    assert re.search(rf"Listening to patients\s+page {page} of {total}$", lines[-1]), lines[-1]


def test_images_are_embedded_with_alt_text(example_pdf: Example) -> None:
    reader = example_pdf.reader()
    starts = example_pdf.starts
    # alpha-surgery's story shows its cover's file, so (issue 13) the picture is
    # printed once, where the story puts it, with the story's alt text
    first, last = starts["cs-alpha-surgery"], starts["cs-beta-practice"] - 1
    listed = run("pdfimages", "-list", "-f", str(first), "-l", str(last), str(example_pdf.path))
    assert len(listed.splitlines()[2:]) == 1, listed
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    alts: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "/S" in node:
            if node["/S"] == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, dict) and "/K" in node:
            walk(node["/K"])

    walk(tree)
    assert "A chart of calls answered at alpha-surgery" in alts
    assert "Chart of results at alpha-surgery" not in alts
    assert all(alts), alts


def render_png(path: Path, page: int, out: Path) -> Image.Image:
    prefix = out / f"page-{page}"
    run(
        "pdftoppm",
        "-png",
        "-r",
        "40",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(path),
        str(prefix),
    )
    return Image.open(f"{prefix}.png").convert("L")


@pytest.mark.parametrize("which", ["cover", "case study"])
def test_cover_and_case_study_page_are_not_blank(
    example_pdf: Example, which: str, tmp_path: Path
) -> None:
    page = 1 if which == "cover" else example_pdf.starts["cs-alpha-surgery"]
    image = render_png(example_pdf.path, page, tmp_path)
    low, high = image.getextrema()
    assert high - low > 100, "the page has no contrast: it is blank"
    histogram = image.histogram()
    background = max(histogram)
    assert background < 0.97 * sum(histogram), "almost every pixel is the same colour"


def test_the_reader_can_open_it_again(example_pdf: Example) -> None:
    PdfReader(example_pdf.path, strict=True)
