"""A live preview's reuse of what it read: the same publication as reading afresh.

``publication serve`` keeps each case study as last read and reads again only
the files saved since (:class:`generator.core.load.ReadCache`); whatever an editor
changes, the result must be what a fresh load gives.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.load import ReadCache, load_publication

from .conftest import GOLDEN

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")


def _same(root: Path, cache: ReadCache) -> None:
    assert load_publication(root, drafts=True, reuse=cache) == load_publication(root, drafts=True)


def test_every_kind_of_edit_reads_as_afresh(make_project) -> None:
    root = make_project(
        {
            "casestudies/one.md": VALID,
            "casestudies/two/index.md": VALID + "\n![The waiting room](photo.png)\n",
            "casestudies/two/photo.png": b"\x89PNG\r\n",
        }
    )
    cache = ReadCache()
    _same(root, cache)
    one = root / "casestudies" / "one.md"
    one.write_text(VALID.replace("title: ", "title: Phones: ", 1), encoding="utf-8")
    _same(root, cache)
    assert any(p.rule == "yaml-syntax" for p in load_publication(root, reuse=cache).problems)
    one.write_text(VALID.replace("test", "tested", 1), encoding="utf-8")
    _same(root, cache)
    (root / "casestudies" / "two" / "spare.png").write_bytes(b"\x89PNG\r\n")
    _same(root, cache)
    (root / "casestudies" / "two" / "photo.png").unlink()
    _same(root, cache)
    (root / "casestudies" / "three.md").write_text(VALID, encoding="utf-8")
    _same(root, cache)
    one.unlink()
    _same(root, cache)
    themes = root / "content" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("telephony", "phones"))
    _same(root, cache)
