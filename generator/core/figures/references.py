"""Check the content pages (``content/*.md``): their front matter and the figures they place.

Case studies are checked as they are read (:mod:`generator.core.casestudy`); content
pages are not case studies, but a broken front matter or a misspelt figure name
in one would otherwise surface only as a failed build. So ``publication
validate`` reads them too (:mod:`generator.core.content_pages`), through the same
Markdown conversion the outputs use.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..content_pages import content_sources, read_content_page
from ..frontmatter import Pos
from ..markdown import render, too_complex
from ..model import Problem
from ..rules.body import check_figures


def content_figure_problems(root: Path, figures: Collection[str]) -> list[Problem]:
    """Problems with every Markdown page under ``content/``: its front matter, then
    the figures it places."""
    problems: list[Problem] = []
    for source in content_sources(root):
        try:
            page = read_content_page(root, source)
        except OSError:
            continue  # not this rule's business; the site build says so
        problems.extend(page.problems)
        if page.problems or "figure" not in page.body.lower() or too_complex(page.body):
            continue

        def report(pos: Pos, rule: str, message: str, rel: str = source) -> None:
            problems.append(Problem(rel, pos.line, pos.column, "error", rule, message))

        check_figures(render(page.body), page.body, page.body_line, figures, report)
    return problems
