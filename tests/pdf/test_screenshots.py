"""`make screenshots` (scripts/screenshots.py): every PNG it promises, at the widths it says."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from pdf_helpers import Example

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "scripts" / "screenshots.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshots_of_the_four_pages_at_both_widths_and_of_the_pdf(
    examples: dict[str, Example], tmp_path: Path
) -> None:
    pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").is_file():
        pytest.skip("Debian's chromium is not installed")
    from PIL import Image

    site = tmp_path / "site"
    for path in ("", "case-studies/a-case/", "themes/a-theme/", "working-together/"):
        (site / path).mkdir(parents=True, exist_ok=True)
        (site / path / "index.html").write_text(
            f"<!DOCTYPE html><html lang='en-GB'><title>{path or 'home'}</title>"
            f"<body style='margin:0'><h1>{path or 'home'}</h1></body></html>",
            encoding="utf-8",
        )
    shutil.copy(examples["in one process"].path, site / "listening-to-patients.pdf")
    out = tmp_path / "shots"

    assert _script().main(["--site", str(site), "--out", str(out)]) == 0

    names = ("home", "case-study", "theme", "working-together")
    for width in (1280, 390):
        for name in names:
            with Image.open(out / f"site-{name}-{width}.png") as image:
                assert image.width == width and image.height > 0
    for name in ("cover", "contents", "chapter-opener", "case-study-spread"):
        with Image.open(out / f"pdf-{name}.png") as image:
            assert image.width > 300 and image.height > 400
    with (
        Image.open(out / "pdf-case-study-spread.png") as spread,
        Image.open(out / "pdf-cover.png") as cover,
    ):
        assert spread.width > 2 * cover.width  # two pages side by side
    assert len(list(out.iterdir())) == 12
