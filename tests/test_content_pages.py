"""Content pages are read once, strictly, with line numbers, by validation and the PDF alike.

Before, ``publication validate`` skipped a content page's front matter and the
PDF read it with a lenient YAML loader: a broken ``content/foreword.md`` passed
validation and then failed the build with no line to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.content_pages import read_content_page
from generator.core.errors import BuildFailed
from generator.pdf.frontmatter import read_front_pages

from .conftest import GOLDEN, ROOT, write_project

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
BROKEN_FOREWORD = "---\ntitle: Foreword\ntitle: Foreword again\n---\n\nText.\n"
"""The title given twice, the second time on line 3."""


def _project(tmp_path: Path, foreword: str) -> Path:
    files = {"casestudies/ok.md": VALID, "content/foreword.md": foreword}
    for name in ("introduction.md", "working-together.md"):
        files[f"content/{name}"] = (ROOT / "content" / name).read_text(encoding="utf-8")
    return write_project(tmp_path, files)


def test_validate_names_a_broken_content_page_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, BROKEN_FOREWORD)
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "content/foreword.md:3:" in out
    assert "[duplicate-key]" in out
    assert "Traceback" not in out


def test_the_pdf_names_the_same_line_as_validate(tmp_path: Path) -> None:
    root = _project(tmp_path, BROKEN_FOREWORD)
    with pytest.raises(
        BuildFailed, match=r"^content/foreword\.md:3:\d+: error: .*\[duplicate-key\]"
    ):
        read_front_pages(root)


def test_a_page_without_a_title_is_named_for_the_pdf(tmp_path: Path) -> None:
    root = _project(tmp_path, "---\nhide: [toc]\n---\n\nText.\n")
    with pytest.raises(BuildFailed, match=r"content/foreword\.md:1:1: .*title:"):
        read_front_pages(root)


def test_a_page_without_front_matter_is_read_whole(tmp_path: Path) -> None:
    root = _project(tmp_path, "# Foreword\n\nText.\n")
    page = read_content_page(root, "content/foreword.md")
    assert (page.title, page.body, page.body_line, page.problems) == (
        None,
        "# Foreword\n\nText.\n",
        1,
        (),
    )


def test_an_unchanged_page_is_read_once_and_an_edited_one_again(tmp_path: Path) -> None:
    root = _project(tmp_path, "---\ntitle: Foreword\n---\n\nOld text.\n")
    first = read_content_page(root, "content/foreword.md")
    assert read_content_page(root, "content/foreword.md") is first
    path = root / "content" / "foreword.md"
    path.write_text("---\ntitle: Foreword\n---\n\nNew text, longer.\n", encoding="utf-8")
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 1_000_000, first_ns))
    again = read_content_page(root, "content/foreword.md")
    assert again.body == "\nNew text, longer.\n"
    assert again.body_line == 4


def test_the_example_content_pages_are_valid() -> None:
    from generator.core.content_pages import content_sources

    sources = content_sources(ROOT)
    assert "content/foreword.md" in sources
    assert [p for s in sources for p in read_content_page(ROOT, s).problems] == []
