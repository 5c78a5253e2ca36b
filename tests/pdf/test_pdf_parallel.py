"""Rendering on every core: the same PDF as in one process, and the same bytes every time."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from pdf_fixtures import case_study, publication, write_project
from pdf_helpers import DATE, Example, render_example, run

from generator.core.errors import BuildFailed
from generator.pdf import PUBLICATION_FILE, handout_path, write_all, write_handout
from generator.pdf.split import chunks


def pages_text(example: Example) -> list[str]:
    return run("pdftotext", "-layout", str(example.path), "-").split("\f")


def test_in_parts_reads_the_same_as_in_one_process(examples: dict[str, Example]) -> None:
    whole, parts = examples["in one process"], examples["in parts"]
    assert parts.info.pages == whole.info.pages
    # every page, heads, feet ("page N of M"), contents and index numbers included
    assert pages_text(parts) == pages_text(whole)
    assert parts.starts == whole.starts


def test_in_parts_gives_the_same_bytes_every_time(examples: dict[str, Example]) -> None:
    parts = examples["in parts"]
    again = render_example(parts.root, parts.publication, "in parts", "again.pdf")
    assert again.path.read_bytes() == parts.path.read_bytes()


def test_chunks_are_runs_in_print_order_of_similar_length() -> None:
    cases = [case_study(f"c{n:02d}", themes=["telephony"], paragraphs=n % 5) for n in range(20)]
    from generator.pdf.document import PrintCase

    printed = [PrintCase(c, f"cs-{c.slug}", None, (), None, None) for c in cases]  # type: ignore[arg-type]
    runs = chunks(printed, 3)
    assert [c for run in runs for c in run] == printed
    assert len(runs) == 3 and all(runs)


def test_every_pdf_of_a_build_in_worker_processes_has_the_same_bytes(
    examples: dict[str, Example], tmp_path: Path
) -> None:
    whole = examples["in one process"]
    pub, root = whole.publication, whole.root
    written = write_all(pub, tmp_path / "site", root=root, date=DATE, workers=2)

    # the whole publication: rendered again, in another process, byte for byte the same
    assert written.publication.path == tmp_path / "site" / PUBLICATION_FILE
    assert written.publication.path.read_bytes() == whole.path.read_bytes()

    # one handout per case study, where the site links to it
    assert sorted(written.handouts) == sorted(c.slug for c in pub.case_studies)
    for slug, info in written.handouts.items():
        assert info.path == tmp_path / "site" / handout_path(slug)
        assert info.path.read_bytes().startswith(b"%PDF-1.7")
    # the draft's handout is laid out alone, as write_handout does
    zeta = pub.by_slug("zeta-draft-surgery")
    alone = write_handout(pub, zeta, tmp_path / "alone.pdf", root=root, date=DATE)
    assert alone.path.read_bytes() == written.handouts[zeta.slug].path.read_bytes()
    # and the others, cut from the publication's parts, are the same every time
    again = write_all(pub, tmp_path / "again", root=root, date=DATE, workers=2)
    for slug, info in written.handouts.items():
        assert again.handouts[slug].path.read_bytes() == info.path.read_bytes(), slug


def test_a_failure_in_a_worker_is_the_builds_failure(tmp_path: Path) -> None:
    import dataclasses

    solo = case_study("solo-surgery", themes=["telephony"], image=True)
    write_project(tmp_path, [solo])
    solo = dataclasses.replace(solo, body_html=solo.body_html.replace("chart.png", "gone.png"))
    with pytest.raises(BuildFailed, match=r"gone\.png"):
        write_all(publication([solo]), tmp_path / "site", root=tmp_path, date=DATE, workers=2)
    assert not (tmp_path / "site" / PUBLICATION_FILE).exists()


def test_the_content_pages_are_read_once_for_every_pdf_of_a_build(tmp_path: Path) -> None:
    """A missing content page stops the PDF step before any worker starts."""
    solo = case_study("solo-surgery", themes=["telephony"])
    write_project(tmp_path, [solo])
    (tmp_path / "content" / "introduction.md").unlink()
    with pytest.raises(BuildFailed, match=r"content/introduction\.md"):
        write_all(publication([solo]), tmp_path / "site", root=tmp_path, date=DATE, workers=2)
    assert not (tmp_path / "site").exists()


def test_a_missing_image_in_a_part_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from generator.pdf import WORKERS_VARIABLE, write_pdf

    good = case_study("alpha-surgery", themes=["telephony"])
    bad = case_study("beta-practice", themes=["telephony"], image=True)
    write_project(tmp_path, [good, bad])
    bad = dataclasses.replace(bad, body_html=bad.body_html.replace("chart.png", "gone.png"))
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    temporary = tmp_path / "temporary"  # where the workers unpack their fonts
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with pytest.raises(BuildFailed, match=r"gone\.png"):
        write_pdf(publication([good, bad]), tmp_path / "out.pdf", root=tmp_path, date=DATE)
    assert not (tmp_path / "out.pdf").exists()
    # The parts still running were stopped, and each deleted its 10 MB of fonts.
    assert list(temporary.iterdir()) == []


def test_when_the_frame_paginates_differently_it_falls_back_to_one_process(
    examples: dict[str, Example], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import split

    # A stand-in number so long that the draft contents run to more pages than
    # the real one: the join would be wrong, so the PDF is rendered in one piece.
    monkeypatch.setattr(split, "STAND_IN", "8 " * 1500)
    whole = examples["in one process"]
    fallback = render_example(whole.root, whole.publication, "in parts", "fallback.pdf")
    assert fallback.path.read_bytes() == whole.path.read_bytes()


def test_the_frame_is_split_into_the_front_and_runs_of_chapters_in_print_order() -> None:
    from types import SimpleNamespace

    from generator.pdf.split import frame_parts

    sizes = [30, 2, 0, 25, 5, 1, 40, 3]
    chapters = [
        SimpleNamespace(anchor=f"ch-{n}", cases=[None] * size, also=())
        for n, size in enumerate(sizes)
    ]
    parts = frame_parts(SimpleNamespace(chapters=chapters), backs=2)  # type: ignore[arg-type]
    assert parts[0] is None  # the front matter
    backs = [sorted(part or ()) for part in parts[1:]]
    assert [key for back in backs for key in back if key != "index"] == sorted(
        c.anchor for c in chapters
    )
    assert "index" in backs[-1]
    assert backs[0] == ["ch-0", "ch-1", "ch-2", "ch-3"]  # a run, in print order, about half


def test_a_worker_parses_the_print_stylesheet_once_for_all_its_handouts(
    examples: dict[str, Example], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half a handout's time was parsing the stylesheet and its sixty font faces;
    a template change that turns the shared parse off would only show as a slow build."""
    from generator.pdf import engine

    whole = examples["in one process"]
    pub, root = whole.publication, whole.root
    parses = []
    counted = engine.FontConfiguration

    def counting() -> engine.FontConfiguration:
        parses.append(1)
        return counted()

    monkeypatch.setattr(engine, "FontConfiguration", counting)
    with engine.sharing_styles():
        shared = {
            c.slug: write_handout(pub, c, tmp_path / f"{c.slug}.pdf", root=root, date=DATE)
            for c in pub.case_studies[:3]
        }
    assert len(parses) == 1
    alone = write_handout(pub, pub.case_studies[2], tmp_path / "alone.pdf", root=root, date=DATE)
    assert len(parses) == 2  # outside, each document parses its own
    assert alone.path.read_bytes() == shared[pub.case_studies[2].slug].path.read_bytes()


def test_the_workers_leave_no_unpacked_fonts_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each WeasyPrint font configuration unpacks the fonts into a temporary
    folder (10 MB) that its finaliser deletes, and a worker process never runs
    finalisers: every build used to leave one per worker and part."""
    import tempfile

    from generator.pdf import WORKERS_VARIABLE

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # forked workers
    monkeypatch.setenv("TMPDIR", str(temp))  # spawned ones
    monkeypatch.setenv(WORKERS_VARIABLE, "2")  # the publication in parts, beside the workers
    cases = [
        case_study("alpha-surgery", themes=["telephony"]),
        case_study("beta-practice", themes=["online-appointments"]),
    ]
    write_project(tmp_path / "project", cases)
    write_all(publication(cases), tmp_path / "site", root=tmp_path / "project", date=DATE)
    assert not list(temp.glob("weasyprint-*"))
