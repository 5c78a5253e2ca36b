"""The PDF's fonts are unpacked once and kept: the bytes WeasyPrint would make itself."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import woff2

from generator.fonts import FONTS
from generator.pdf import fetcher


def test_an_unpacked_font_is_what_weasyprint_would_unpack_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fetcher, "_UNPACKED", {})
    font = sorted(FONTS.glob("*.woff2"))[0]
    expected = BytesIO()
    woff2.decompress(BytesIO(font.read_bytes()), expected)

    assert fetcher.unpacked_font(font) == expected.getvalue()
    kept = list((tmp_path / "listening-to-patients" / "fonts").glob("*.ttf"))
    assert [p.read_bytes() for p in kept] == [expected.getvalue()]

    # A later process reads the kept file instead of unpacking again.
    monkeypatch.setattr(fetcher, "_UNPACKED", {})
    kept[0].write_bytes(b"kept")
    assert fetcher.unpacked_font(font) == b"kept"


def test_a_cache_folder_that_cannot_be_written_is_only_slower(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(fetcher, "_UNPACKED", {})
    font = sorted(FONTS.glob("*.woff2"))[0]
    assert fetcher.unpacked_font(font)[:4] in (b"\x00\x01\x00\x00", b"OTTO")
