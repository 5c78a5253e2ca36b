"""``serve_site``: the live preview (``publication serve``), through ``mkdocs serve``."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.serve import serve

DRAFTS_VARIABLE = "PUBLICATION_DRAFTS"
"""Read by ``mkdocs.yml`` (``!ENV``) for the plugin's ``drafts`` option."""


def serve_site(root: Path, *, drafts: bool = False, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of the project at ``root``.

    ``mkdocs serve`` reloads ``mkdocs.yml`` on every rebuild, so the drafts
    option reaches the plugin through the environment variable ``mkdocs.yml``
    reads with ``!ENV``. A preview makes no PDF (see the plugin's
    ``on_startup``), as under plain ``mkdocs serve``.
    """
    os.environ[DRAFTS_VARIABLE] = "true" if drafts else "false"
    serve(str(root / "mkdocs.yml"), dev_addr=dev_addr, open_in_browser=False)
