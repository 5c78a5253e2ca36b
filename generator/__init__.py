"""The generator of "Developing general practice, listening to patients".

Case studies in ``casestudies/`` are read and checked once (:mod:`generator.core.load`),
then :func:`build_publication` writes the PDF and hands the publication to a site engine
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

_PUBLIC: dict[str, tuple[str, str]] = {
    # ``build`` is also the orchestrator's module, which Python sets on this package
    # once imported; the function is offered under a name of its own.
    "build_publication": ("generator.build", "build"),
    "write_publication_pdf": ("generator.build", "write_publication_pdf"),
    "load_publication": ("generator.core.load", "load_publication"),
    "check_publication": ("generator.core.load", "check_publication"),
    "Publication": ("generator.core.model", "Publication"),
    "CaseStudy": ("generator.core.model", "CaseStudy"),
    "Theme": ("generator.core.model", "Theme"),
    "Problem": ("generator.core.model", "Problem"),
    "PublicationError": ("generator.core.errors", "PublicationError"),
}
"""Public name -> (module, name in that module)."""

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
