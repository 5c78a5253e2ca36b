"""The JSON Schema editors point their editor at: in sync, well formed, and in
agreement with the validator on real files.

``jsonschema`` is not a dependency, so a small checker below covers the
draft-07 keywords our schema uses (and the first test makes sure it uses no
others): every example case study and every valid golden fixture must pass it,
and files the validator rejects for a reason the schema can express must fail.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.core.frontmatter import MapNode, ScalarNode, SeqNode, split
from generator.core.model import NATIONS, STATUSES
from generator.core.schema import REGENERATE, SCHEMA_FILE, front_matter_schema, project_schema_text
from generator.core.themes import load_themes

from .conftest import GOLDEN, ROOT

THEMES = load_themes(ROOT)[0]

DRAFT_07_TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}
ANNOTATIONS = {"$schema", "$id", "title", "description", "examples", "format"}
CHECKED = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "uniqueItems",
}


def test_committed_schema_is_in_sync() -> None:
    """The shipped file is what the field declarations and content/themes.yml give now."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == project_schema_text(ROOT), (
        f"the committed schema is out of date (content/themes.yml or generator/core/fields.py "
        f"changed): run {REGENERATE} and commit generator/schema/casestudy.schema.json"
    )


def test_schema_is_json_and_draft_07() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema == front_matter_schema(THEMES)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def _subschemas(schema: dict[str, Any], where: str = "#"):
    yield where, schema
    for name, child in schema.get("properties", {}).items():
        yield from _subschemas(child, f"{where}/properties/{name}")
    if isinstance(schema.get("items"), dict):
        yield from _subschemas(schema["items"], f"{where}/items")


def test_schema_structure_is_valid_draft_07() -> None:
    """What the draft-07 meta-schema would check, for the keywords we use."""
    schema = front_matter_schema(THEMES)
    for where, sub in _subschemas(schema):
        unknown = set(sub) - CHECKED - ANNOTATIONS
        assert not unknown, f"{where}: keywords this test cannot check: {unknown}"
        assert sub.get("type") in DRAFT_07_TYPES, where
        assert isinstance(sub.get("description"), str) and sub["description"], where
        if sub["type"] == "object":
            assert set(sub["required"]) <= set(sub["properties"]), where
            assert len(set(sub["required"])) == len(sub["required"]), where
        for key in ("minLength", "maxLength", "minItems", "maxItems"):
            if key in sub:
                assert isinstance(sub[key], int) and sub[key] >= 0, where
        if "pattern" in sub:
            re.compile(sub["pattern"])
        if "enum" in sub:
            assert sub["enum"] and len(set(sub["enum"])) == len(sub["enum"]), where
        for example in sub.get("examples", []):
            assert errors(example, sub) == [], f"{where}: its own example fails"


# --- a checker for the keywords above -------------------------------------------


def errors(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """Why ``value`` does not follow ``schema`` (draft-07 semantics); empty when it does."""
    kind = schema.get("type")
    found: list[str] = []
    matches = {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }
    if kind and not matches[kind]:
        return [f"{where or '/'}: not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: not one of {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{where}: too short")
        if len(value) > schema.get("maxLength", len(value)):
            found.append(f"{where}: too long")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: does not match {schema['pattern']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < schema.get("minimum", value):
            found.append(f"{where}: below minimum")
        if value > schema.get("maximum", value):
            found.append(f"{where}: above maximum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{where}: too few items")
        if len(value) > schema.get("maxItems", len(value)):
            found.append(f"{where}: too many items")
        if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) < len(value):
            found.append(f"{where}: repeated items")
        for index, item in enumerate(value):
            found += errors(item, schema.get("items", {}), f"{where}/{index}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{where}: missing {key}")
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], f"{where}/{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unknown {key}")
    return found


def test_the_checker_finds_problems() -> None:
    schema = front_matter_schema(THEMES)
    assert errors({}, schema)
    assert errors({"title": 3}, schema)
    assert errors([1, 1], {"type": "array", "uniqueItems": True})
    assert not errors([1, 2], {"type": "array", "uniqueItems": True})
    assert errors(True, {"type": "integer"})


# --- the schema agrees with the validator -------------------------------------------


def as_json(node: Any) -> Any:
    """A front-matter tree as the values an editor's YAML tooling sees (YAML 1.2:
    yes/no stay text, dates are strings)."""
    if isinstance(node, MapNode):
        return {key: as_json(value) for key, (_, value) in node.items.items()}
    if isinstance(node, SeqNode):
        return [as_json(item) for item in node.items]
    assert isinstance(node, ScalarNode)
    return node.value


def front_matter(path: Path) -> Any:
    parts = split(path.read_bytes())
    assert parts.front_matter is not None, path
    return as_json(parts.front_matter)


def drop_empty(value: Any) -> Any:
    """The validator treats an optional field left empty as absent; so does this test."""
    if isinstance(value, dict):
        return {k: drop_empty(v) for k, v in value.items() if v is not None}
    return value


EXAMPLES = sorted((ROOT / "casestudies").glob("*.md")) + sorted(
    (ROOT / "casestudies").glob("*/index.md")
)
VALID_FIXTURES = [
    case
    for case in sorted((GOLDEN / "cases").glob("*.md"))
    if case.with_suffix(".expected").read_text(encoding="utf-8") == ""
    # JSON Schema counts code points; the validator counts characters after NFC,
    # so 120 decomposed 'é' (240 code points) pass it and only it.
    and case.stem != "length-title-decomposed-120-ok"
]


@pytest.mark.parametrize(
    "path",
    EXAMPLES + VALID_FIXTURES,
    ids=[p.relative_to(ROOT).as_posix() for p in EXAMPLES + VALID_FIXTURES],
)
def test_valid_case_studies_follow_the_schema(path: Path) -> None:
    assert errors(drop_empty(front_matter(path)), front_matter_schema(THEMES)) == []


SCHEMA_CAN_TELL = [
    "field-missing-title",
    "field-missing-nested",
    "key-unknown-did-you-mean",
    "key-unknown-nested",
    "type-nation-shouted-no",
    "type-yes-no-on-off-are-text",
    "type-consent-quoted",
    "type-themes-not-list",
    "length-title-9-accented",
    "length-title-too-long",
    "list-size-too-small",
    "list-size-not-whole",
    "website-http",
    "tags-bad",
    "themes-empty",
    "themes-five",
    "themes-repeated",
    "themes-unknown",
    "quote-missing-parts",
    "contact-bad-values",
    "outcomes-bad",
    "status-unknown",
]


@pytest.mark.parametrize("name", SCHEMA_CAN_TELL)
def test_invalid_fixtures_fail_the_schema_too(name: str) -> None:
    path = GOLDEN / "cases" / f"{name}.md"
    assert path.with_suffix(".expected").read_text(encoding="utf-8")
    assert errors(drop_empty(front_matter(path)), front_matter_schema(THEMES))


# --- choices from the data files, and the commands that make the schema ---------------


def test_theme_ids_nations_and_statuses_are_choices() -> None:
    """An editor's completion offers them, and catches a misspelt one as it is typed."""
    schema = front_matter_schema(THEMES)
    properties = schema["properties"]
    assert properties["themes"]["items"]["enum"] == [theme.id for theme in THEMES]
    assert properties["practice"]["properties"]["nation"]["enum"] == list(NATIONS)
    assert properties["status"]["enum"] == list(STATUSES)
    themes = properties["themes"]
    assert errors(["online-apointments"], themes) == [f"/0: not one of {[t.id for t in THEMES]}"]
    assert errors(["online-appointments", "telephony"], themes) == []


OTHER_THEMES = """\
- id: home-visits
  title: Home visits
  description: Visiting patients who cannot come to the practice.
- id: telephony
  title: Telephones
  description: Answering calls sooner.
"""


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_publication_schema_prints_the_committed_file_here() -> None:
    done = _cli("schema")
    assert done.returncode == 0, done.stderr
    assert done.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


def test_publication_schema_root_other_prints_that_projects_themes(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "themes.yml").write_text(OTHER_THEMES, encoding="utf-8")
    done = _cli("--root", str(tmp_path), "schema")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert schema["properties"]["themes"]["items"]["enum"] == ["home-visits", "telephony"]
    assert "home-visits (Home visits)" in schema["properties"]["themes"]["items"]["description"]


def test_publication_schema_refuses_a_themes_file_with_errors(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "themes.yml").write_text(
        OTHER_THEMES + "- id: home-visits\n  title: Again\n  description: Twice.\n",
        encoding="utf-8",
    )
    done = _cli("--root", str(tmp_path), "schema")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "content/themes.yml:7:3: error: the theme 'home-visits' is listed twice" in done.stderr
    assert done.stderr.rstrip().endswith(
        "publication schema: no schema was made: fix content/themes.yml first "
        "(it lists the theme ids)"
    )


def test_the_regenerate_command_writes_what_is_committed(tmp_path: Path) -> None:
    out = tmp_path / "casestudy.schema.json"
    done = subprocess.run(
        [sys.executable, "-m", "generator.core.schema", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # the project is the package's own, wherever this runs
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == f"Wrote casestudy.schema.json with {len(THEMES)} theme ids from content/themes.yml.\n"
    )
    assert out.read_text(encoding="utf-8") == project_schema_text(ROOT)
