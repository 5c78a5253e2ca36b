"""The JSON Schema (draft-07) of the front matter, generated from :mod:`generator.core.fields`
and the project's ``content/themes.yml``.

Editors' YAML tooling (the YAML extension of VS Code, for one) reads draft-07,
so pointing an editor at the shipped file gives completion and checking as
they type, theme ids, nations and statuses included: ``online-apointments`` is
underlined before ``publication validate`` is run. Because the theme ids are
data, the shipped file is made from this project's themes file;
``python -m generator.core.schema`` writes it again after ``content/themes.yml``
changes, and a test fails, naming that command, while it is out of date.
``publication schema`` prints the schema of whichever project it is run in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import PublicationError
from .fields import CASE_STUDY, Field
from .model import Problem, Theme
from .themes import THEMES_FILE, load_themes

SCHEMA_FILE = Path(__file__).parents[1] / "schema" / "casestudy.schema.json"
SCHEMA_ID = "https://listening-to-patients.invalid/casestudy.schema.json"
PROJECT = Path(__file__).resolve().parents[2]
"""The project this package belongs to: the shipped schema lists its themes."""
REGENERATE = ".venv/bin/python -m generator.core.schema"
"""The command that writes :data:`SCHEMA_FILE` again, as the sync test names it."""


class ThemesUnreadable(PublicationError):
    """``content/themes.yml`` has errors, so the theme ids to offer are not known.

    No schema is made rather than one without themes: an editor's completion
    would then accept any theme id."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"no schema was made: fix {THEMES_FILE} first (it lists the theme ids)")


def _property(spec: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"description": spec.description}
    kind = spec.kind
    if kind in ("line", "text", "url", "email"):
        out["type"] = "string"
        if kind == "line":
            out["pattern"] = spec.pattern or r"^[^\n]*$"
        elif spec.pattern:
            out["pattern"] = spec.pattern
        if kind == "url":
            out["format"] = "uri"
        if kind == "email":
            out["format"] = "email"
    elif kind == "choice":
        out["type"] = "string"
        out["enum"] = list(spec.choices)
    elif kind == "date":
        out["type"] = "string"
        out["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
        out["format"] = "date"
    elif kind == "int":
        out["type"] = "integer"
    elif kind == "number":
        out["type"] = "number"
    elif kind == "bool":
        out["type"] = "boolean"
    elif kind == "list":
        out["type"] = "array"
        assert spec.item is not None
        out["items"] = _property(spec.item)
        if spec.min_items is not None:
            out["minItems"] = spec.min_items
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
        if spec.unique:
            out["uniqueItems"] = True
    elif kind == "map":
        out.update(_object(spec))
    if spec.min_length is not None:
        out["minLength"] = spec.min_length
    if spec.max_length is not None:
        out["maxLength"] = spec.max_length
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.lowercase:
        out["pattern"] = r"^[^A-Z]*$"
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


def _object(spec: Field) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in spec.fields if f.required],
        "properties": {f.name: _property(f) for f in spec.fields},
    }


def front_matter_schema(themes: Sequence[Theme]) -> dict[str, Any]:
    """The schema as a dict, offering ``themes``' ids; rules that span fields
    (consent, dates) are the validator's alone and are described in words."""
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Case study: Developing general practice, listening to patients",
        "description": (
            "The front matter of a case study under casestudies/. The theme ids are "
            f"those of {THEMES_FILE} ('publication schema' prints them afresh). Also "
            "checked by 'publication validate': status: published needs the practice's "
            "agreement (consent: true), and 'updated' may not be before 'submitted'."
        ),
    }
    schema.update(_object(CASE_STUDY))
    items = schema["properties"]["themes"]["items"]
    items.pop("pattern", None)
    items["enum"] = [theme.id for theme in themes]
    listed = "; ".join(f"{theme.id} ({theme.title})" for theme in themes)
    items["description"] = f"A theme id from {THEMES_FILE}: {listed}."
    return schema


def schema_text(themes: Sequence[Theme]) -> str:
    """The schema as the shipped file holds it: stable key order, newline at the end."""
    return json.dumps(front_matter_schema(themes), indent=2, ensure_ascii=False) + "\n"


def project_schema_text(root: Path) -> str:
    """The schema for the project at ``root``, from its own themes file.

    Raises :class:`ThemesUnreadable` when that file has errors."""
    themes, problems = load_themes(root)
    if problems:
        raise ThemesUnreadable(problems)
    return schema_text(themes)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m generator.core.schema``: write the shipped schema again from this
    project's themes file (or, with --out, write it elsewhere)."""
    options = argparse.ArgumentParser(
        prog="python -m generator.core.schema",
        description=f"Write the case-study JSON Schema from {THEMES_FILE}.",
    )
    options.add_argument(
        "--out",
        type=Path,
        default=SCHEMA_FILE,
        help="where to write it (default: generator/schema/casestudy.schema.json)",
    )
    out: Path = options.parse_args(argv).out
    try:
        text = project_schema_text(PROJECT)
    except ThemesUnreadable as failed:
        for problem in failed.problems:
            print(problem.format(), file=sys.stderr)
        print(f"python -m generator.core.schema: {failed}", file=sys.stderr)
        return 1
    out.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["properties"]["themes"]["items"]["enum"])
    print(f"Wrote {os.path.relpath(out)} with {count} theme ids from {THEMES_FILE}.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
