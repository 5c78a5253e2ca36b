"""Site engines: thin adapters that turn the core's pages into a website.

The orchestrator (:mod:`generator.build`) loads the publication once, decides
the build date once and runs the PDF step; only then does it call one engine,
``generator.engines.<name>.build_site`` (a :class:`BuildSite`), with a
:class:`Prepared`. An engine adapter is given everything it may use in that
object and must:

- write the whole website into ``site_dir``: the content pages, every page of
  :func:`generator.site.pages.site_pages` at its address, the assets and the case
  studies' images, the search index;
- keep every hidden entry of ``site_dir`` (names starting with ``.``): the
  build's stamp and the PDFs waiting to be put in place are there;
- read no case study and render no PDF: the publication and the downloads'
  sizes and page counts are in ``prepared``;
- write :attr:`Prepared.date` wherever it writes a date, never the clock, so the
  same commit gives the same bytes;
- raise only :class:`~generator.core.errors.BuildFailed` (or
  :class:`~generator.core.errors.InvalidInput`), never its engine's own exceptions;
- be the only code that imports its engine (``tests/test_seams.py`` checks it).

Each engine lives in its own package beside the others (``mkdocs/``,
``zensical/``) and is imported only when a build asks for it, so an engine
that is not installed costs nothing until it is chosen. Templates both themes
render the same way (the 404 page) are in :data:`SHARED_TEMPLATES`, searched
after each engine's own overrides.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..core.errors import BuildFailed

if TYPE_CHECKING:  # the CLI reads ENGINES for its options: this module stays light
    import datetime as dt

    from ..core.model import Publication
    from ..site.pages import Downloads

SHARED_TEMPLATES = Path(__file__).parent / "templates"
"""Theme templates that are the same for every engine, after each one's own overrides."""

ENGINES = ("mkdocs", "zensical")
"""The engines ``publication build --engine`` offers; the first is the default."""

INSTALL_HINT = {"zensical": "the Zensical engine is not installed: pip install .[zensical]"}
"""What to say when an optional engine cannot be imported."""


@dataclass(frozen=True)
class Prepared:
    """What the orchestrator hands a site engine: everything worked out once."""

    publication: Publication
    """Loaded and validated; drafts included only when :attr:`drafts` is set."""
    root: Path
    """The project folder (``mkdocs.yml``, ``content/``, ``casestudies/``)."""
    date: dt.datetime
    """The build date, timezone-aware UTC (see :func:`generator.build.build_date`)."""
    drafts: bool
    """A preview with drafts and review copies, each clearly marked."""
    downloads: Downloads
    """The PDFs the pages link to, with sizes and page counts; empty without the PDF step."""


@dataclass(frozen=True)
class SiteReport:
    """What an engine wrote, for the command's summary line."""

    site_dir: Path
    pages: int
    """HTML pages written (content pages and generated ones)."""
    seconds: float


class BuildSite(Protocol):
    """The one function every engine adapter provides."""

    def __call__(self, prepared: Prepared, site_dir: Path, *, strict: bool) -> SiteReport:
        """Write the website of ``prepared`` into ``site_dir`` (see the module's docstring).

        ``strict`` makes the engine's own warnings (a broken link, say) fail the build.
        """
        ...


def engine(name: str) -> BuildSite:
    """The ``build_site`` of the engine called ``name``, imported now.

    Raises :class:`~generator.core.errors.BuildFailed` when an optional engine is not
    installed, naming the command that installs it.
    """
    if name not in ENGINES:
        raise BuildFailed(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    try:
        module = importlib.import_module(f"{__name__}.{name}")
        build_site: BuildSite = module.build_site
    except (ImportError, AttributeError) as error:
        hint = INSTALL_HINT.get(name, f"the {name} engine could not be imported")
        raise BuildFailed(f"{hint} ({error})") from error
    return build_site
