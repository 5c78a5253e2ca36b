"""Rules whose fixtures are too big or too odd to commit: files over 1 MB, images
over 5 MB, symbolic links, a missing casestudies/ folder. Built by code, checked
with the same exact lines as the golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core.load import load_publication

from .conftest import GOLDEN

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
FOLDER_VALID = VALID + "\n![The waiting room](photo.png)\n"


def lines(root: Path) -> list[str]:
    return [p.format() for p in load_publication(root, drafts=True).problems]


def test_file_over_1_mb_is_an_error_not_a_crash(make_project) -> None:
    big = VALID + "\n" + ("word " * 210_000) + "\n"
    assert len(big.encode()) > 1_000_000
    root = make_project({"casestudies/big.md": big})
    assert lines(root) == [
        f"casestudies/big.md:1:1: error: this file is {len(big.encode()):,} bytes; a case study "
        "is at most 1,000,000 bytes (1 MB). Move large images into files beside it and "
        "shorten the text [file-too-large]"
    ]


def test_file_of_exactly_1_mb_is_read(make_project) -> None:
    text = VALID + "\n"
    text += "x" * (1_000_000 - len(text.encode()) - 1) + "\n"
    assert len(text.encode()) == 1_000_000
    root = make_project({"casestudies/edge.md": text})
    assert lines(root) == []


def test_image_over_5_mb(make_project) -> None:
    root = make_project(
        {
            "casestudies/story/index.md": FOLDER_VALID,
            "casestudies/story/photo.png": b"\x89PNG" + b"\0" * (5 * 1024 * 1024),
        }
    )
    assert lines(root) == [
        "casestudies/story/index.md:18:1: error: the image 'photo.png' is 5.1 MB; pictures are "
        "at most 5 MB: make it smaller (about 2000 pixels wide is plenty) [image-too-large]"
    ]


def test_image_of_exactly_5_mb_is_fine(make_project) -> None:
    root = make_project(
        {
            "casestudies/story/index.md": FOLDER_VALID,
            "casestudies/story/photo.png": b"\0" * (5 * 1024 * 1024),
        }
    )
    assert lines(root) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_are_refused(make_project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(VALID, encoding="utf-8")
    (outside / "photo.png").write_bytes(b"\x89PNG")
    root = make_project({"casestudies/story/index.md": FOLDER_VALID})
    (root / "casestudies" / "linked.md").symlink_to(outside / "secret.md")
    (root / "casestudies" / "story" / "photo.png").symlink_to(outside / "photo.png")
    (root / "casestudies" / "folder-link").symlink_to(outside, target_is_directory=True)
    assert lines(root) == [
        "casestudies/folder-link:1:1: error: this is a symbolic link; case studies must be "
        "real files inside casestudies/, so nothing outside the project can be published "
        "[symlink]",
        "casestudies/linked.md:1:1: error: this is a symbolic link; case studies must be real "
        "files inside casestudies/, so nothing outside the project can be published [symlink]",
        "casestudies/story/index.md:18:1: error: the image 'photo.png' is not in "
        "casestudies/story/; add the file there or correct the name (names are "
        "case-sensitive) [image-missing]",
        "casestudies/story/photo.png:1:1: error: this is a symbolic link; pictures must be real "
        "files in the case study's folder [symlink]",
    ]


def test_missing_casestudies_folder(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "themes.yml").write_text(
        "- id: telephony\n  title: Phones\n  description: Phones.\n", encoding="utf-8"
    )
    problems = lines(tmp_path)
    assert problems == [
        "casestudies:1:1: error: the casestudies/ folder is missing [no-case-studies]"
    ]


def test_missing_themes_file(tmp_path: Path) -> None:
    (tmp_path / "casestudies").mkdir()
    assert lines(tmp_path) == [
        "content/themes.yml:1:1: error: content/themes.yml is missing; it lists the themes "
        "case studies use [themes-missing]"
    ]


def test_paths_limit_the_report_but_links_see_every_file(make_project) -> None:
    linking = VALID + "\nSee [the other one](other.md) and [a missing one](nothing.md).\n"
    root = make_project(
        {
            "casestudies/linking.md": linking,
            "casestudies/other.md": VALID.replace("title: A", "title: An"),
            "casestudies/broken.md": "no front matter\n",
        }
    )
    publication = load_publication(root, paths=[root / "casestudies" / "linking.md"])
    assert [p.rule for p in publication.problems] == ["broken-link"]


def test_problems_in_every_file_in_one_run(make_project) -> None:
    root = make_project({f"casestudies/s{i}.md": "nothing here\n" for i in range(5)})
    assert [p.path for p in load_publication(root).problems] == [
        f"casestudies/s{i}.md" for i in range(5)
    ]


def test_worker_processes_give_the_same_result_in_the_same_order(tmp_path, monkeypatch) -> None:
    import generator.core.load
    from benchmarks.synthetic import write_project

    write_project(tmp_path, generator.core.load.PARALLEL_FROM + 10, seed=3)
    broken = tmp_path / "casestudies" / "synthetic-practice-00007.md"
    broken.write_text(broken.read_text().replace("status: published", "status: publishd"))
    (tmp_path / "casestudies" / "zz-bad.md").write_text(INVALID_TEXT, encoding="utf-8")
    monkeypatch.setenv("PUBLICATION_JOBS", "1")
    one = load_publication(tmp_path, drafts=True)
    monkeypatch.setenv("PUBLICATION_JOBS", "2")
    two = load_publication(tmp_path, drafts=True)
    assert one.problems == two.problems
    assert one.case_studies == two.case_studies
    assert len(one.case_studies) == generator.core.load.PARALLEL_FROM + 9
    assert {p.path for p in one.problems} == {
        "casestudies/synthetic-practice-00007.md",
        "casestudies/zz-bad.md",
    }


INVALID_TEXT = (GOLDEN / "cases" / "many-problems.md").read_text(encoding="utf-8")


def test_bytes_that_are_not_utf8(make_project) -> None:
    """Built here: a committed non-UTF-8 file would stop ``ruff format`` (it reads .md)."""
    text = VALID.replace("We replaced", "The caf\udce9 opened. We replaced")
    root = make_project({"casestudies/latin1.md": text.encode("utf-8", "surrogateescape")})
    assert lines(root) == [
        "casestudies/latin1.md:16:8: error: this file is not UTF-8 text (byte 0xe9 here); save "
        "it as UTF-8 in your editor (in most editors: Save As, Encoding: UTF-8) [not-utf8]"
    ]


def test_locating_outside_code_is_linear() -> None:
    """Problems are located outside code spans; the masking must stay linear (a
    regex with a lazy '.+?' took minutes on 60 KB of backtick runs of every length)."""
    import time

    from generator.core.rules.body import _mask_code

    text = " ".join("`" * k for k in range(1, 1300))  # 845 KB
    started = time.perf_counter()
    masked = _mask_code(text)
    assert time.perf_counter() - started < 2
    assert len(masked) == len(text)
    assert _mask_code("a `<b>` c ``x`y`` d `e") == "a       c         d `e"
    assert _mask_code("```\n<b>\n```\nafter <b>") == "   \n   \n   \nafter <b>"
