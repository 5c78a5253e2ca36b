"""The PDF publication and the per-case-study handouts.

Its own step, over the same models as the website (never a MkDocs plugin, so it
cannot vanish without a word). This package is the only one that imports
WeasyPrint; it does so lazily, inside the functions, so importing
``generator.pdf`` stays cheap for commands that never print.

Addresses the site links to: :data:`PUBLICATION_FILE` at the site root and
``case-studies/<slug>/<slug>.pdf`` for handouts (:func:`handout_path`).

The modules, in the order a build uses them: ``frontmatter`` (the introduction
and foreword), ``document`` and ``templates/`` (models to print HTML),
``print.css``, ``fetcher`` (what WeasyPrint may read), ``engine`` (the
WeasyPrint call), ``split``, ``numbering`` and ``merge`` (the publication in
parts on every core), ``offprints`` (handouts cut from the publication's own
pages), ``check`` (read back and verified), ``published`` (each PDF renamed
into place once whole), ``parallel`` (every PDF of a build at once);
``weasy_internals`` holds all they take from WeasyPrint beyond its public API. A publication of :data:`PARALLEL_FROM` case studies or
more is rendered in parts (:mod:`.writers`); :data:`WORKERS_VARIABLE` overrides that.
"""

from __future__ import annotations

from .parallel import Written, write_all
from .writers import (
    PUBLICATION_FILE,
    WORKERS_VARIABLE,
    PdfInfo,
    handout_path,
    write_handout,
    write_pdf,
)

__all__ = [
    "PUBLICATION_FILE",
    "WORKERS_VARIABLE",
    "PdfInfo",
    "Written",
    "handout_path",
    "write_all",
    "write_handout",
    "write_pdf",
]
