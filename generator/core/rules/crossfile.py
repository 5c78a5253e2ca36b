"""Rules across files: names, links between case studies, and pictures nobody shows.

A case study's own rules see one file; these see the project: whether its name
can be an address and is nobody else's, whether the case studies it links to
exist and will be published with it, and whether every picture in its folder is
used. The loader (:mod:`generator.core.load`) gives them what it found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..frontmatter import Pos
from ..model import Problem
from ..suggest import did_you_mean
from .body import IMAGE_TYPES, BodyFacts

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""A case study's name, which becomes its address: lowercase, digits, single hyphens."""
MAX_SLUG = 80


def slug_problems(slug: str, rel: str) -> list[Problem]:
    """The name's problem, if it cannot be an address, with a name that can."""
    if SLUG.match(slug) and len(slug) <= MAX_SLUG:
        return []
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:MAX_SLUG].strip("-")
    reason = (
        f"is {len(slug)} characters long; at most {MAX_SLUG}"
        if SLUG.match(slug)
        else "may use only lowercase letters a-z, digits and single hyphens"
    )
    return [
        Problem(
            rel,
            1,
            1,
            "error",
            "invalid-slug",
            f"the name '{slug}' becomes the page's address and {reason}; rename it, "
            f"for example to '{suggestion or 'example-surgery'}'",
        )
    ]


def duplicate_slugs(entries: Iterable[tuple[str, str]]) -> list[Problem]:
    """Every (name, file) after the first that has the same name."""
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for slug, rel in entries:
        if slug in seen:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    "duplicate-slug",
                    f"'{slug}' is also {seen[slug]}; every case study needs its own "
                    "name: rename one of them",
                )
            )
        else:
            seen[slug] = rel
    return problems


def link_problems(
    rel: str,
    status: str | None,
    links: Iterable[tuple[str, Pos]],
    statuses: Mapping[str, str | None],
) -> list[Problem]:
    """Links to case studies that do not exist, or that a published one would lead
    to before they are published."""
    problems = []
    for slug, pos in links:
        linked = statuses.get(slug)
        if slug in statuses and status == "published" and linked in ("draft", "review"):
            problems.append(
                Problem(
                    rel,
                    pos.line,
                    pos.column,
                    "warning",
                    "link-to-unpublished",
                    f"'{slug}' is a {linked} copy, so this link leads nowhere on the "
                    f"published site until '{slug}' is published; publish it first or "
                    "remove the link for now",
                )
            )
        if slug not in statuses:
            problems.append(
                Problem(
                    rel,
                    pos.line,
                    pos.column,
                    "error",
                    "broken-link",
                    f"there is no case study '{slug}' (no casestudies/{slug}.md or "
                    f"casestudies/{slug}/index.md){did_you_mean(slug, sorted(statuses))}",
                )
            )
    return problems


def unused_images(folder: Path, folder_rel: str, rel: str, facts: BodyFacts) -> list[Problem]:
    """Pictures in a case study's folder that neither its story nor its cover shows."""
    used = {*facts.images, facts.cover}
    problems = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if (
            child.suffix.lower() in IMAGE_TYPES
            and child.name not in used
            and child.is_file()
            and not child.is_symlink()  # reported as a symbolic link already
        ):
            problems.append(
                Problem(
                    f"{folder_rel}/{child.name}",
                    1,
                    1,
                    "warning",
                    "unused-image",
                    f"nothing in {rel} uses '{child.name}'; show it with "
                    f"![what it shows]({child.name}) or delete the file",
                )
            )
    return problems
