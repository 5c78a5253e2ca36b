"""Rules that read more than one field of a case study, or something beyond its file.

Each field is checked on its own by :mod:`generator.core.rules.fields`; these come
after, with the values already read, so each speaks of one thing: a theme not
in ``content/themes.yml``, a published case study without the practice's
consent, an update before the submission, Markdown in the plain-text summary,
a cover image that is not there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..frontmatter import MapNode, Pos, ScalarNode
from ..model import Theme
from ..suggest import did_you_mean
from .body import image_problem

BLOCK_SYNTAX = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>|```|~~~|\||={3,}\s*$|-{3,}\s*$)")
"""A line that Markdown would make a heading, list, quote, code block or table."""


def pos_of(node: MapNode, *keys: str) -> Pos:
    """Position of a nested value, or of the nearest key that exists."""
    current: Any = node
    pos = Pos(1, 1)
    for key in keys:
        if not isinstance(current, MapNode) or key not in current.items:
            return pos
        key_pos, current = current.items[key]
        pos = current.pos if isinstance(current, ScalarNode) else key_pos
    return pos


def check_cross_fields(
    node: MapNode,
    values: dict[str, Any],
    themes: tuple[Theme, ...],
    folder: Path | None,
    slug: str,
    report: Any,
) -> None:
    """Rules that look at more than one field, or beyond the file: themes from the
    themes file, consent before publication, dates in order, a plain summary, and a
    cover image that exists."""
    theme_ids = [t.id for t in themes]
    themes_node = node.items.get("themes")
    for index, theme in enumerate(values.get("themes", [])):
        if theme_ids and theme not in theme_ids:
            pos = themes_node[1].items[index].pos if themes_node else Pos(1, 1)  # type: ignore[union-attr]
            hint = did_you_mean(theme, theme_ids)
            report(
                pos,
                "unknown-theme",
                f"unknown theme '{theme}'{hint}"
                + (
                    ""
                    if hint
                    else f"; the themes are listed in content/themes.yml: {', '.join(theme_ids)}"
                ),
            )
    # A consent that is missing or not true/false has been reported already.
    if values.get("status") == "published" and values.get("consent") is False:
        report(
            pos_of(node, "consent"),
            "consent-required",
            "a case study is published only with the practice's agreement: ask the practice "
            "whether they agree to publication and set consent: true once they do; until then "
            "set status: review",
        )
    submitted, updated = values.get("submitted"), values.get("updated")
    if submitted and updated and updated < submitted:
        report(
            pos_of(node, "updated"),
            "updated-before-submitted",
            f"'updated' ({updated.isoformat()}) is before 'submitted' ({submitted.isoformat()}); "
            "check both dates",
        )
    summary = values.get("summary")
    if isinstance(summary, str):
        for line in summary.split("\n"):
            if BLOCK_SYNTAX.match(line):
                report(
                    pos_of(node, "summary"),
                    "summary-markdown",
                    "the summary is plain text, shown exactly as written; remove the Markdown "
                    f"('{line.strip()[:20]}') and write one or two plain sentences",
                )
                break
    cover = values.get("cover_image")
    if isinstance(cover, dict) and "src" in cover:
        problem = image_problem(cover["src"], folder=folder, slug=slug)
        if problem:
            report(pos_of(node, "cover_image", "src"), *problem)
