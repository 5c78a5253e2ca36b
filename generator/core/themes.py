"""Read ``content/themes.yml``, the vocabulary of themes, with the same care as a case study."""

from __future__ import annotations

import re
from pathlib import Path

from .frontmatter import MapNode, ScalarNode, SeqNode, decode, parse_yaml
from .model import Problem, Theme

THEMES_FILE = "content/themes.yml"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_themes(root: Path) -> tuple[tuple[Theme, ...], list[Problem]]:
    """The themes in file order, and every problem with the file."""
    path = root / THEMES_FILE
    problems: list[Problem] = []

    def report(line: int, column: int, rule: str, message: str) -> None:
        problems.append(Problem(THEMES_FILE, line, column, "error", rule, message))

    if not path.is_file():
        report(
            1,
            1,
            "themes-missing",
            f"{THEMES_FILE} is missing; it lists the themes case studies use",
        )
        return (), problems
    text, problem = decode(path.read_bytes())
    if text is None:
        assert problem is not None
        report(problem.line, problem.column, problem.rule, problem.message)
        return (), problems
    node, raw = parse_yaml(text)
    for p in raw:
        report(p.line, p.column, p.rule, p.message)
    if raw:
        return (), problems
    if not isinstance(node, SeqNode) or not node.items:
        report(
            1,
            1,
            "themes-shape",
            "the themes file must be a list of themes, each '- id: ...' "
            "with title: and description: below it",
        )
        return (), problems
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for item in node.items:
        theme = _theme(item, report)
        if theme is None:
            continue
        if theme.id in seen:
            report(
                item.pos.line,
                item.pos.column,
                "duplicate-theme",
                f"the theme '{theme.id}' is listed twice (first on line {seen[theme.id]}); "
                "remove one, or give it an id of its own",
            )
            continue
        seen[theme.id] = item.pos.line
        themes.append(theme)
    return tuple(themes), problems


def _theme(item: object, report) -> Theme | None:  # type: ignore[no-untyped-def]
    if not isinstance(item, MapNode):
        pos = item.pos  # type: ignore[attr-defined]
        report(
            pos.line, pos.column, "themes-shape", "each theme needs id:, title: and description:"
        )
        return None
    values: dict[str, str] = {}
    for key, (key_pos, value) in item.items.items():
        if key not in ("id", "title", "description"):
            report(
                key_pos.line,
                key_pos.column,
                "unknown-field",
                f"unknown field '{key}' in a theme; a theme has id, title and description",
            )
            continue
        if (
            not isinstance(value, ScalarNode)
            or not isinstance(value.value, str)
            or not value.value.strip()
        ):
            report(
                value.pos.line, value.pos.column, "wrong-type", f"the theme's '{key}' must be text"
            )
            continue
        values[key] = value.value.strip()
    for key in ("id", "title", "description"):
        if key not in values and key not in item.items:
            report(
                item.pos.line,
                item.pos.column,
                "missing-field",
                f"this theme has no '{key}'; add {key}: below its other fields",
            )
    if len(values) < 3:
        return None
    if not _ID.match(values["id"]):
        pos = item.items["id"][1].pos
        report(
            pos.line,
            pos.column,
            "invalid-theme-id",
            f"the theme id '{values['id']}' must be lowercase letters, digits and single "
            f"hyphens, such as '{re.sub(r'[^a-z0-9]+', '-', values['id'].lower()).strip('-')}'",
        )
        return None
    return Theme(values["id"], values["title"], values["description"])
