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
        return write_project(tmp_path, files or {})

    return make


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a project at ``root``: the real themes file, ``casestudies/`` and ``files``."""
    (root / "content").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "themes.yml", root / "content" / "themes.yml")
    (root / "casestudies").mkdir(exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root
