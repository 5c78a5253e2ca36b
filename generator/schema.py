"""The JSON Schema (draft-07) of the front matter, generated from :mod:`generator.fields`.

Editors' YAML tooling (the YAML extension of VS Code, for one) reads draft-07,
so pointing an editor at the shipped file gives completion and checking as
they type. A test keeps the committed file equal to what this module makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fields import CASE_STUDY, Field

SCHEMA_FILE = Path(__file__).parent / "schema" / "casestudy.schema.json"
SCHEMA_ID = "https://listening-to-patients.invalid/casestudy.schema.json"


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


def front_matter_schema() -> dict[str, Any]:
    """The schema as a dict; rules that span fields (consent, dates, themes from
    content/themes.yml) are the validator's alone and are described in words."""
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Case study: Developing general practice, listening to patients",
        "description": (
            "The front matter of a case study under casestudies/. Also checked by "
            "'publication validate': theme ids must be listed in content/themes.yml, "
            "status: published needs consent: true, and 'updated' may not be before 'submitted'."
        ),
    }
    schema.update(_object(CASE_STUDY))
    schema["properties"]["themes"]["items"]["pattern"] = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    return schema


def schema_text() -> str:
    """The schema as the shipped file holds it: stable key order, newline at the end."""
    return json.dumps(front_matter_schema(), indent=2, ensure_ascii=False) + "\n"
