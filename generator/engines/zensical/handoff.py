"""What the build hands to the Markdown extension running inside ``zensical build``.

Zensical converts each page in its own process and calls no hook of ours, so
what the MkDocs plugin keeps on itself between hooks (the figures and their
numbers, the home page's blocks) is written to one file in the build's work
folder and read back, once, by :mod:`.extension`. A pickle, because the
figures are the core's own dataclasses and ``fill_figures`` takes them as they
are; the file lives and dies with one build, so it is never read by another
version of the code.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...core.figures import FigureNumbering
from ...core.model import FigureData, Heading

GENERATED = "listening-to-patients"
"""The front-matter entry that marks a generated page and holds its table of
contents: a page's own, per page; the rest of the handoff is the build's."""


@dataclass(frozen=True)
class Handoff:
    """Everything the extension needs beyond the page it is converting."""

    figures: Mapping[str, FigureData]
    """Every figure by name, for the content pages that place one."""
    numbering: FigureNumbering
    """The publication's figure numbers (content pages in nav order, then chapters)."""
    home: str
    """The home page's path in the docs folder (``index.md``)."""
    home_blocks: Mapping[str, str]
    """The blocks the home page gains, by marker name (:func:`generator.site.pages.home_blocks`)."""
    home_toc: tuple[Heading, ...]
    """The headings of those blocks, for the home page's table of contents."""
    site_name: str
    """The home page's heading when its own text has none and no title is set."""


def write(handoff: Handoff, path: Path) -> Path:
    path.write_bytes(pickle.dumps(handoff, protocol=pickle.HIGHEST_PROTOCOL))
    return path


@cache
def read(path: str) -> Handoff:
    """The build's handoff, read once per Zensical process (every page asks)."""
    handoff = pickle.loads(Path(path).read_bytes())  # written by this build, in its own folder
    if not isinstance(handoff, Handoff):
        raise TypeError(f"{path} holds no build handoff")
    return handoff
