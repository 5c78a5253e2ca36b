"""Shared fixtures: the project root and small throwaway projects built from data files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def make_project(tmp_path: Path):
    """A throwaway project holding the real themes file and the given case-study files."""

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        (tmp_path / "content").mkdir(exist_ok=True)
        shutil.copy(ROOT / "content" / "themes.yml", tmp_path / "content" / "themes.yml")
        (tmp_path / "casestudies").mkdir(exist_ok=True)
        for rel, data in (files or {}).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return tmp_path

    return make
