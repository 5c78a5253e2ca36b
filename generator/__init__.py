"""The generator of "Developing general practice, listening to patients".

Case studies in ``casestudies/`` are read and checked once (:mod:`generator.load`),
then :func:`build` writes the PDF and hands the publication to a site engine
(:mod:`generator.engines`). The names below are the public API for scripts and
other tools; the command line (:mod:`generator.cli`) uses nothing else to build.

They are imported on first use (PEP 562), so ``publication validate`` starts
without loading MkDocs or WeasyPrint, which it never needs.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
"""The one place the version is written; ``pyproject.toml`` reads it from here."""

_PUBLIC: dict[str, str] = {
    "build": "generator.build",
    "write_publication_pdf": "generator.build",
    "load_publication": "generator.load",
    "check_publication": "generator.load",
    "Publication": "generator.model",
    "CaseStudy": "generator.model",
    "Theme": "generator.model",
    "Problem": "generator.model",
    "PublicationError": "generator.errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
