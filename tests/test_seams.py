"""The seams of the architecture, checked on the source: only the MkDocs engine
(``generator/engines/mkdocs/``) imports MkDocs or Material, only the PDF package
imports WeasyPrint, and the core (models, loading, rules, pages) imports neither."""

from __future__ import annotations

import re

from .conftest import ROOT

GENERATOR = ROOT / "generator"
IMPORT = re.compile(r"^\s*(?:from|import)\s+([a-zA-Z_][\w.]*)", re.M)


def _importers(package: str) -> set[str]:
    found = set()
    for path in GENERATOR.rglob("*.py"):
        modules = {m.split(".")[0] for m in IMPORT.findall(path.read_text(encoding="utf-8"))}
        if package in modules:
            found.add(path.relative_to(GENERATOR).as_posix())
    return found


def test_only_the_mkdocs_engine_imports_mkdocs_or_material() -> None:
    """Over every file of the package: a new module that imports MkDocs fails here."""
    importers = _importers("mkdocs") | _importers("material")
    assert importers, "the MkDocs engine should import MkDocs"
    assert all(path.startswith("engines/mkdocs/") for path in importers), importers


def test_only_the_pdf_package_imports_weasyprint() -> None:
    importers = _importers("weasyprint")
    assert importers, "the PDF package should import WeasyPrint"
    assert all(path.startswith("pdf/") for path in importers), importers


def test_the_core_imports_no_output_engine() -> None:
    core = [
        "model.py",
        "load.py",
        "casestudy.py",
        "frontmatter.py",
        "fields.py",
        "markdown.py",
        "pages.py",
        "voices.py",
        "guide.py",
        "report.py",
        "schema.py",
        "themes.py",
    ]
    paths = [GENERATOR / name for name in core]
    paths += sorted((GENERATOR / "rules").glob("*.py")) + sorted(
        (GENERATOR / "figures").glob("*.py")
    )
    for path in paths:
        modules = {m.split(".")[0] for m in IMPORT.findall(path.read_text(encoding="utf-8"))}
        assert not modules & {"mkdocs", "material", "weasyprint"}, path
