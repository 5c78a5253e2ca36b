"""WeasyPrint's and pydyf's internals behind one seam: the version gate and the public path.

Outside the gate (or with ``LISTENING_PDF_INTERNALS=off``) the publication is
rendered by WeasyPrint's public API in one process. It must say exactly what
the parallel PDF says; its bytes differ (the catalog, page tree and bookmarks
sit in the compressed object stream instead of being written plainly).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import page
import pytest
import weasyprint
from pdf_helpers import Example, render_example, run
from pypdf import PdfReader

from generator.pdf import weasy_internals
from generator.pdf.weasy_internals import INTERNALS_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def public(examples: dict[str, Example]) -> Example:
    """The example publication with the internals switched off, asked for in parts."""
    whole = examples["in one process"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(INTERNALS_VARIABLE, "off")
        info = render_example(whole.root, whole.publication, "in parts", "public.pdf")
    return Example(root=whole.root, publication=whole.publication, info=info, way="public API")


def bookmarks(path: Path) -> list[tuple[int, str, int]]:
    """Every bookmark as (depth, title, 1-based page), in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]
                found.append((depth, str(item.title), page))  # type: ignore[attr-defined]

    walk(reader.outline, 1)
    return found


def pages_text(path: Path) -> list[str]:
    return run("pdftotext", "-layout", str(path), "-").split("\f")


def in_object_stream(path: Path, number: int) -> bool:
    """Whether object ``number`` sits in a compressed object stream (qpdf's cross-reference)."""
    xref = run("qpdf", "--show-xref", str(path))
    entry = re.search(rf"^{number}/0: (\w+)", xref, re.M)
    assert entry, f"object {number} is not in the cross-reference of {path}"
    return entry.group(1) == "compressed"


def catalog_number(path: Path) -> int:
    trailer = run("qpdf", "--show-object=trailer", str(path))
    match = re.search(r"/Root (\d+) 0 R", trailer)
    assert match, trailer
    return int(match.group(1))


@pytest.mark.parametrize("way", ["in one process", "in parts"])
def test_the_public_path_says_what_the_parallel_pdf_says(
    public: Example, examples: dict[str, Example], way: str
) -> None:
    inside = examples[way]
    for example in (public, inside):
        run("qpdf", "--check", str(example.path))  # a valid PDF, or qpdf fails
    assert public.info.pages == inside.info.pages == len(public.reader().pages)
    assert pages_text(public.path) == pages_text(inside.path)
    assert bookmarks(public.path) == bookmarks(inside.path)
    assert public.starts == inside.starts  # every named destination, on the same page
    assert len(public.starts) > len(public.publication.case_studies)


def test_the_public_path_is_pdf_ua_clean_too(public: Example) -> None:
    """The tagging repairs need no private name, so the slower path still passes
    the independent PDF/UA-1 check (it did not when they ran inside the gate only)."""
    report = page.validate_pdf(public.path, profile=page.ValidationProfile.PDF_UA_1)
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


def test_tagging_repairs_that_do_not_fit_leave_the_pdf_as_it_was_with_a_notice(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An untested WeasyPrint that shapes its structure otherwise: no repair, no
    failure, one notice."""
    import pydyf

    pdf = pydyf.PDF()
    pdf.catalog["StructTreeRoot"] = b"1 0 R"  # points at the page tree, not a structure tree
    weasy_internals._told.clear()
    with caplog.at_level("WARNING"):
        weasy_internals.repair_tagging(pdf)
        weasy_internals.repair_tagging(pdf)
    notices = [r.getMessage() for r in caplog.records]
    assert len(notices) == 1 and "the PDF is tagged, but not repaired" in notices[0]


def test_the_public_path_leaves_pydyf_objects_as_weasyprint_made_them(
    public: Example, examples: dict[str, Example]
) -> None:
    # Inside the gate the catalog is written plainly, for the check's speed;
    # WeasyPrint's public API puts it in the object stream. So the bytes differ.
    inside = examples["in one process"]
    assert not in_object_stream(inside.path, catalog_number(inside.path))
    assert in_object_stream(public.path, catalog_number(public.path))
    assert public.path.read_bytes() != inside.path.read_bytes()


def test_a_weasyprint_outside_the_gate_renders_in_one_process_with_a_notice(
    public: Example,
) -> None:
    # A fresh process that believes the internals were checked against WeasyPrint 69.0.
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(HERE)!r})
        from generator.pdf import weasy_internals
        weasy_internals.WEASYPRINT_CHECKED = "69.0"
        from pdf_fixtures import example, publication
        from pdf_helpers import render_example
        info = render_example(
            Path({str(public.root)!r}), publication(example()), "in parts", "pretend.pdf"
        )
        print(info.path)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    notice = (
        f"WeasyPrint {weasyprint.__version__} is newer than the 69.0 the parallel PDF "
        "was checked against: rendering in one process"
    )
    assert result.stderr.splitlines().count(notice) == 1  # one line, once
    pretend = Path(result.stdout.strip())
    # the public path, byte for byte: rendered in one process, nothing of pydyf touched
    assert pretend.read_bytes() == public.path.read_bytes()


def test_the_locked_weasyprint_and_pydyf_are_the_versions_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # If this fails after an upgrade, PDFs are still right but rendered in one
    # process: check generator/pdf/weasy_internals.py against the new versions,
    # run tests/pdf/, then change its constants with requirements.lock.
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    locked = dict(line.split("==", 1) for line in lines if "==" in line and line[0].isalpha())
    assert locked["weasyprint"] == weasy_internals.WEASYPRINT_CHECKED
    assert locked["pydyf"] == weasy_internals.PYDYF_CHECKED
    monkeypatch.delenv(INTERNALS_VARIABLE, raising=False)
    assert weasy_internals.inside_gate()
    assert weasy_internals.refusal() is None
    assert weasy_internals.usable()


def test_each_reason_to_stay_on_the_public_api_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pydyf
    import weasyprint.layout

    monkeypatch.delenv(INTERNALS_VARIABLE, raising=False)
    monkeypatch.setattr(weasy_internals, "PYDYF_CHECKED", "0.14.0")
    assert not weasy_internals.inside_gate()
    assert weasy_internals.refusal() == (
        f"pydyf {pydyf.__version__} is older than the 0.14.0 the parallel PDF was checked against"
    )
    monkeypatch.setattr(weasy_internals, "PYDYF_CHECKED", pydyf.__version__)
    monkeypatch.setattr(weasy_internals, "WEASYPRINT_CHECKED", "70.0rc1")
    assert weasy_internals.refusal() == (
        f"WeasyPrint {weasyprint.__version__} is not the 70.0rc1 "
        "the parallel PDF was checked against"
    )
    monkeypatch.setattr(weasy_internals, "WEASYPRINT_CHECKED", weasyprint.__version__)
    monkeypatch.delattr(weasyprint.layout, "make_margin_boxes")
    assert weasy_internals.inside_gate()
    assert weasy_internals.refusal() == (
        f"WeasyPrint {weasyprint.__version__} lacks weasyprint.layout.make_margin_boxes, "
        "which the parallel PDF uses"
    )
    monkeypatch.undo()
    monkeypatch.setenv(INTERNALS_VARIABLE, "off")
    assert weasy_internals.refusal() == f"{INTERNALS_VARIABLE} is off"
    assert not weasy_internals.usable()


PUBLIC_MODULES = {
    "weasyprint",
    "weasyprint.urls",
    "weasyprint.text.fonts",
    "weasyprint.css.counters",
    "pydyf",
}
"""What may be imported from the two libraries: the packages, WeasyPrint's
documented URL fetchers (``URLFetcher``, ``URLFetcherResponse``, and the
``FatalURLFetchingError`` a fetcher raises to stop the rendering), its
documented ``FontConfiguration`` (one per stylesheet parsed, shared by the
documents that use it) and ``CounterStyle`` (the ``counter_style`` that
``CSS`` and ``HTML.render`` take, which holds a stylesheet's ``@counter-style``
rules)."""


def _reaches_past_the_public_api(tree: ast.AST) -> list[str]:
    """Private names, unlisted modules, attributes outside ``weasyprint.__all__``,
    and classes swapped on live objects."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in ("weasyprint", "pydyf"):
                if node.module not in PUBLIC_MODULES:
                    found.append(f"line {node.lineno}: from {node.module}")
                found += [
                    f"line {node.lineno}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_")
                ]
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in ("weasyprint", "pydyf") and a.name not in PUBLIC_MODULES
            ]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            library, name = node.value.id, node.attr
            if (library == "weasyprint" and name not in weasyprint.__all__) or (
                library == "pydyf" and name.startswith("_")
            ):
                found.append(f"line {node.lineno}: {library}.{name}")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                f"line {node.lineno}: __class__ assigned"
                for target in targets
                if isinstance(target, ast.Attribute) and target.attr == "__class__"
            ]
    return found


def test_only_weasy_internals_reaches_past_the_public_api() -> None:
    """Over every file of the package: a new module that reaches in fails here."""
    generator = ROOT / "generator"
    offenders = {}
    for path in sorted(generator.rglob("*.py")):
        found = _reaches_past_the_public_api(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[path.relative_to(generator).as_posix()] = found
    assert list(offenders) == ["pdf/weasy_internals.py"], offenders
