"""The Zensical engine: the core's pages staged into a folder, a generated
config, ``zensical build`` (``publication build --engine zensical``).

Zensical, Material for MkDocs' successor, reads ``mkdocs.yml`` but runs no
MkDocs plugin, so nothing of the MkDocs adapter is used here:

- :mod:`.staging` lays out a docs folder in the build's work folder (the
  content pages, every generated page as front matter and finished HTML, the
  assets and images) and the :mod:`.handoff` for the extension;
- :mod:`.config` writes the configuration Zensical builds it with;
- :mod:`.extension` runs inside Zensical, on every page, and puts the core's
  HTML, figures and home-page blocks in place;
- :mod:`.run` runs ``zensical build`` and merges its site into the output;
- ``overrides/`` holds our fixes over Zensical's templates: blocks over its own
  ``base.html``, and the partials that have no blocks; what no block reaches
  is mended on the built pages (:mod:`generator.engines.shell`).

Importing this package imports Zensical, so a missing install is reported by
:func:`generator.engines.engine` with the command that installs it.
"""

from __future__ import annotations

from .run import build_site

__all__ = ["build_site"]
