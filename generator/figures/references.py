"""Check the figures that content pages (``content/*.md``) place.

Case studies are checked as they are read (:mod:`generator.casestudy`); content
pages are not case studies, but a misspelt figure name in one would otherwise
surface only as a failed build. So ``publication validate`` reads them too, for
this one rule, through the same Markdown conversion the outputs use.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from ..frontmatter import Pos, decode
from ..markdown import render, too_complex
from ..model import Problem
from ..rules.body import check_figures

CONTENT_DIR = "content"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$\n?", re.M | re.S)


def content_figure_problems(root: Path, figures: Collection[str]) -> list[Problem]:
    """Problems with the figures placed in every Markdown page under ``content/``."""
    base = root / CONTENT_DIR
    if not base.is_dir():
        return []
    problems: list[Problem] = []
    pages = sorted(
        (p for p in base.rglob("*.md") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    for path in pages:
        rel = path.relative_to(root).as_posix()
        try:
            text, _ = decode(path.read_bytes())
        except OSError:
            continue  # not this rule's business; the site build says so
        if text is None or "figure" not in text.lower():
            continue

        def report(pos: Pos, rule: str, message: str, rel: str = rel) -> None:
            problems.append(Problem(rel, pos.line, pos.column, "error", rule, message))

        match = _FRONT_MATTER.match(text)
        body = text[match.end() :] if match else text
        body_line = text.count("\n", 0, match.end()) + 1 if match else 1
        if too_complex(body):
            continue
        check_figures(render(body), body, body_line, figures, report)
    return problems
