"""``serve_site``: the live preview (``publication serve``), through ``mkdocs serve``."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.commands.serve import serve

from .plugin import log as plugin_log

DRAFTS_VARIABLE = "PUBLICATION_DRAFTS"
"""Read by ``mkdocs.yml`` (``!ENV``) for the plugin's ``drafts`` option."""


_DIRTY = "A 'dirty' build is being performed"
"""MkDocs' warning for a dirty build, which the preview asks for on purpose: it
rebuilds only the pages an edit changed (:mod:`.incremental`)."""


def serve_site(root: Path, *, drafts: bool = False, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of the project at ``root``.

    ``mkdocs serve`` reloads ``mkdocs.yml`` on every rebuild, so the drafts
    option reaches the plugin through the environment variable ``mkdocs.yml``
    reads with ``!ENV``. A preview makes no PDF (see the plugin's
    ``on_startup``), as under plain ``mkdocs serve``, and its builds are dirty:
    a rebuild lays out only the pages an edit changed (:mod:`.incremental`).
    """
    os.environ[DRAFTS_VARIABLE] = "true" if drafts else "false"
    _plain_terminal()
    serve(str(root / "mkdocs.yml"), build_type="dirty", dev_addr=dev_addr, open_in_browser=False)


def _plain_terminal() -> None:
    """Print the plugin's lines as they are, and only warnings and errors of the rest.

    MkDocs' own notes (building, cleaning, reloading browsers, a page's
    request) would bury the plugin's one line per rebuild; its warnings and
    errors stay. Problems keep the ``file:line:col:`` form editors' tools jump to.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(
        lambda record: (
            (record.levelno >= logging.WARNING or record.name == plugin_log.name)
            and not record.getMessage().startswith(_DIRTY)
        )
    )
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.addHandler(handler)
    mkdocs.setLevel(logging.INFO)
    mkdocs.propagate = False
