"""The MkDocs engine: MkDocs and Material build the core's pages.

A newcomer finds here, one concern a file:

- ``plugin.py``: the plugin ``listening-to-patients`` of ``mkdocs.yml``, hooks
  only, so ``mkdocs build`` and ``mkdocs serve`` keep working;
- ``build.py``: :func:`build_site`, what the orchestrator calls;
- ``run.py``: ``serve_site``, the live preview, and ``preview.py``, what a
  preview's pages are made from (an invalid edit shown, not fatal);
- ``nav.py`` and ``search.py``: the core's data in MkDocs' and Material's shapes;
- ``theme.py`` and ``overrides/``: the fixes to Material's templates, checked
  against one pinned Material release.

Only this package imports MkDocs or Material (``tests/test_seams.py``).
"""

from __future__ import annotations

from .build import build_site

__all__ = ["build_site"]
