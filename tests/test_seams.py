"""The seams of the architecture, checked on the source: only the MkDocs engine
(``generator/engines/mkdocs/``) imports MkDocs or Material, only the PDF package
imports WeasyPrint, the core (``generator/core/``) and the site pages
(``generator/site/``) import no engine, and the core imports no output at all."""

from __future__ import annotations

import re
from pathlib import Path

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


def _imports(path: Path) -> set[str]:
    return set(IMPORT.findall(path.read_text(encoding="utf-8")))


def _files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (GENERATOR / folder).rglob("*.py"))


def test_the_core_and_the_site_pages_import_no_output_engine() -> None:
    """Every file of ``core/`` and ``site/``, found by walking them, not a kept list."""
    paths = _files("core", "site")
    assert len(paths) > 30, "the core should be found"
    for path in paths:
        modules = {m.split(".")[0] for m in _imports(path)}
        assert not modules & {"mkdocs", "material", "zensical", "weasyprint", "pydyf"}, path


def test_the_core_knows_nothing_of_the_site_engines_pdf_or_commands() -> None:
    """The core is what every output reads; it must not reach back into any of them.
    Its imports are relative (``from ..pdf``) or absolute (``generator.pdf``)."""
    outside = re.compile(r"^(?:generator\.|\.\.+)(?:site|engines|pdf|cli|build)\b")
    for path in _files("core"):
        found = [m for m in _imports(path) if outside.match(m)]
        assert not found, f"{path.relative_to(ROOT)} imports {found}"


DEVELOPMENT_TOOL = re.compile(r"^(?:def main\(|if __name__ == .__main__.:)", re.M)
"""Where a module's own ``python -m`` entry point starts (the schema's and the glyph
table's writers, run by developers): that part may talk to the terminal."""


def test_only_the_command_line_writes_to_the_terminal() -> None:
    """The core and the site pages return data and problems; printing is the CLI's job."""
    for path in _files("core", "site"):
        text = DEVELOPMENT_TOOL.split(path.read_text(encoding="utf-8"), maxsplit=1)[0]
        assert not re.search(r"^\s*print\(|sys\.(?:stdout|stderr)", text, re.M), path


def _package_imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, lazily or not."""
    import ast

    def name(path: Path) -> str:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    paths = {name(p): p for p in GENERATOR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = package.split(".")
                    base = parts[: len(parts) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                for alias in node.names:
                    whole = f"{target}.{alias.name}"
                    found.add(whole if whole in paths else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = {m for m in found if m in paths and m != module}
    return graph


def test_no_module_imports_itself_back_through_another() -> None:
    """An import cycle (markdown and story_scan, pages and the contribute form, the
    PDF package and its workers) makes the order of imports matter and hides
    which module is the lower one. Lazy imports inside functions count too."""
    graph = _package_imports()
    assert len(graph) > 60
    cycles = []
    for start in graph:
        stack = [(start, [start])]
        while stack:
            module, path = stack.pop()
            for nxt in graph[module]:
                if nxt == start:
                    cycles.append(" -> ".join([*path, start]))
                elif nxt not in path and len(path) < 8:
                    stack.append((nxt, [*path, nxt]))
    assert not cycles, cycles[:5]
