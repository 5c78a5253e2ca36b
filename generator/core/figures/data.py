"""Read ``content/data/<name>.yml``: the numbers behind a figure, checked like a case study.

A data file is a handful of fields an editor can copy from a survey report::

    title: GPs' plans for networks and federations
    source: BMA survey of 1,555 GPs
    date: 2014-05
    unit: "%"
    bars:
      - label: Considering joining a network or federation
        value: 35

(or, for before-and-after pairs, ``series: [Before, After]`` and ``values:
[410, 190]`` on each bar). The fields are declared once, with
:class:`generator.core.fields.Field`, and checked by the same code as a case
study's front matter, so the messages have the same file, line, column, rule
id, fix and "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fields import Field
from ..frontmatter import (
    MAX_FILE_BYTES,
    MapNode,
    Node,
    Pos,
    ScalarNode,
    SeqNode,
    decode,
    parse_yaml,
)
from ..model import Bar, FigureData, Problem
from ..rules.fields import check_map, parse_date

DATA_DIR = "content/data"
"""Where data files live, relative to the project root."""
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_VALUE = 1_000_000_000
MAX_BARS = 20
_README = frozenset({"README.md", "README", "README.txt", ".gitkeep"})
_DATE_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

_NUMBER = Field(
    "value",
    "number",
    "A number, 0 or more, without commas or a % sign.",
    minimum=0,
    maximum=MAX_VALUE,
    example=35,
)

BAR = Field(
    "bar",
    "map",
    "One bar: its label and its number (or one number per series).",
    fields=(
        Field(
            "label",
            "line",
            "What the bar shows, in a few words.",
            required=True,
            min_length=1,
            max_length=80,
            example="Considering joining a network or federation",
        ),
        _NUMBER,
        Field(
            "values",
            "list",
            "With series: one number per series, in the order of series.",
            item=_NUMBER,
            example=[410, 190],
        ),
    ),
)

FIGURE = Field(
    "figure",
    "map",
    "A figure's data file, content/data/<name>.yml.",
    fields=(
        Field(
            "title",
            "line",
            "What the figure shows; it follows 'Figure 1:' in the caption.",
            required=True,
            min_length=5,
            max_length=120,
            example="GPs' plans for networks and federations",
        ),
        Field(
            "description",
            "text",
            "Optional: a sentence on what the numbers are of, and who was asked.",
            max_length=400,
            example="Percentages of the 1,555 GPs who answered.",
        ),
        Field(
            "source",
            "line",
            "Who collected the numbers; shown as 'Source: ...'.",
            required=True,
            min_length=3,
            max_length=200,
            example="BMA survey of 1,555 GPs",
        ),
        Field(
            "date",
            "line",
            "When: a year (2014), a month (2014-05) or a day (2014-05-22).",
            required=True,
            pattern=_DATE_TEXT.pattern,
            example="2014-05",
        ),
        Field(
            "unit",
            "line",
            "'%' for percentages, or a few words such as 'calls a day'.",
            required=True,
            min_length=1,
            max_length=30,
            example='"%"',
        ),
        Field(
            "label_heading",
            "line",
            "Optional: the heading of the labels' column in the data table (Category).",
            min_length=1,
            max_length=40,
            example="Answer",
        ),
        Field(
            "series",
            "list",
            "Optional, for pairs such as before and after: the series' names.",
            item=Field("series", "line", "A series' name.", min_length=1, max_length=30),
            min_items=2,
            max_items=4,
            unique=True,
            example=["Before", "After"],
        ),
        Field(
            "bars",
            "list",
            "The bars, top to bottom: each '- label: ...' with value: below it.",
            required=True,
            item=BAR,
            min_items=1,
            max_items=MAX_BARS,
            example=[{"label": "Considering joining a network or federation", "value": 35}],
        ),
    ),
)
"""The whole data file: the one source of the checker and of the editors' guide."""


@dataclass
class FigureFiles:
    """Every data file read: the valid figures, the problems, and every name seen."""

    figures: dict[str, FigureData] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    """Names of every well-named data file, valid or not: a story that places an
    invalid one is not also told that it does not exist."""


def load_figures(root: Path) -> tuple[dict[str, FigureData], list[Problem]]:
    """The valid figures under ``root/content/data``, by name in name order, and
    every problem with the data files. Never raises for anything an editor writes."""
    files = read_figure_files(root)
    return files.figures, files.problems


def read_figure_files(root: Path) -> FigureFiles:
    """Read every data file once, in name order."""
    result = FigureFiles()
    base = root / DATA_DIR
    if not base.is_dir():
        return result
    for path in sorted(base.iterdir(), key=lambda p: p.name):
        rel = f"{DATA_DIR}/{path.name}"
        if path.name in _README and path.is_file():
            continue
        name = path.name[: -len(".yml")] if path.name.endswith(".yml") else None
        if path.is_symlink() or not path.is_file() or name is None or not NAME.match(name):
            result.problems.append(_file_name_problem(path, rel))
            continue
        result.names.add(name)
        problems: list[Problem] = []
        try:
            figure = read_figure(path.read_bytes(), name=name, path=rel, problems=problems)
        except OSError as error:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    "unreadable",
                    f"this file could not be read ({error.strerror})",
                )
            )
            figure = None
        result.problems.extend(problems)
        if figure is not None:
            result.figures[name] = figure
    result.problems.sort()
    return result


def _file_name_problem(path: Path, rel: str) -> Problem:
    stem = path.name.rsplit(".", 1)[0] if path.is_file() else path.name
    suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "survey-results"
    if path.is_symlink():
        why = "is a symbolic link; data files must be real files in content/data/"
    elif not path.is_file():
        why = "is a folder; data files sit directly in content/data/"
    elif path.suffix in (".yaml", ".YML", ".YAML"):
        why = f"ends '{path.suffix}'; data files end '.yml'"
    elif path.suffix != ".yml":
        why = "is not a data file; a figure's data is a '.yml' file"
    else:
        why = "has a name that is not lowercase letters, digits and single hyphens"
    return Problem(
        rel,
        1,
        1,
        "error",
        "figure-file-name",
        f"'{path.name}' {why}; name it like content/data/{suggestion}.yml "
        f"(the name is what {{{{ figure: {suggestion} }}}} refers to)",
    )


def read_figure(data: bytes, *, name: str, path: str, problems: list[Problem]) -> FigureData | None:
    """Check one data file's bytes; append its problems; the figure when it has none."""

    def report(pos: Pos, rule: str, message: str) -> None:
        problems.append(Problem(path, pos.line, pos.column, "error", rule, message))

    if len(data) > MAX_FILE_BYTES:
        report(
            Pos(1, 1),
            "file-too-large",
            f"this file is {len(data):,} bytes; a data file is at most {MAX_FILE_BYTES:,} bytes",
        )
        return None
    text, raw = decode(data)
    if text is None:
        assert raw is not None
        report(Pos(raw.line, raw.column), raw.rule, raw.message)
        return None
    node, raws = parse_yaml(text)
    for raw in raws:
        report(Pos(raw.line, raw.column), raw.rule, raw.message)
    if raws:
        return None
    if not isinstance(node, MapNode) or not node.items:
        where = node.pos if node is not None else Pos(1, 1)
        report(
            where,
            "figure-shape",
            "a data file is fields written 'name: value', one per line: title:, source:, "
            "date:, unit: and bars: (see content/data/gp-networks-survey.yml for an example)",
        )
        return None
    _year_as_text(node)
    values = check_map(node, FIGURE, "the data file", Pos(1, 1), report)
    _check_date(node, values, report)
    _check_bars(node, values, report)
    if problems:
        return None
    series = tuple(values.get("series", ()))
    return FigureData(
        name=name,
        source_file=path,
        title=values["title"],
        source=values["source"],
        date=values["date"],
        unit=values["unit"],
        bars=tuple(
            Bar(bar["label"], tuple(bar["values"]) if series else (bar["value"],))
            for bar in values["bars"]
        ),
        series=series,
        description=values.get("description"),
        label_heading=values.get("label_heading", "Category"),
    )


def _year_as_text(node: MapNode) -> None:
    """``date: 2014`` is a year, not a number: read it as the text it is."""
    entry = node.items.get("date")
    if entry and isinstance(entry[1], ScalarNode) and type(entry[1].value) is int:
        value = entry[1]
        node.items["date"] = (entry[0], ScalarNode(value.pos, value.end, str(value.value), False))


def _check_date(node: MapNode, values: dict[str, Any], report: Callable[..., None]) -> None:
    date = values.get("date")
    if not isinstance(date, str):
        return
    parts = date.split("-")
    month_ok = len(parts) == 1 or 1 <= int(parts[1]) <= 12
    day_ok = len(parts) < 3 or parse_date(date) is not None
    if not (month_ok and day_ok):
        report(
            node.items["date"][1].pos,
            "invalid-date",
            f"'date' in the data file must be a real year, month or day, such as 2014, "
            f"2014-05 or 2014-05-22; {date} is not a real date",
        )


def _scalar(node: MapNode, key: str) -> ScalarNode | None:
    entry = node.items.get(key)
    return entry[1] if entry and isinstance(entry[1], ScalarNode) else None


def _check_bars(node: MapNode, values: dict[str, Any], report: Callable[..., None]) -> None:
    """Rules across a bar's fields: a value or one per series, labels unique, % at most 100."""
    bars = node.items.get("bars")
    if not bars or not isinstance(bars[1], SeqNode):
        return
    series = values.get("series") or []
    if "series" in node.items and not series:
        return  # the series were wrong and have been reported; counts would only add noise
    unit = str(values.get("unit", "")).strip().lower()
    percent = unit.startswith(("%", "per cent"))  # as FigureData.is_percent
    labels: dict[str, int] = {}
    for index, item in enumerate(bars[1].items, start=1):
        if not isinstance(item, MapNode):
            continue  # reported as the wrong type
        label_node = _scalar(item, "label")
        label = label_node.value if label_node and isinstance(label_node.value, str) else None
        named = f"bar {index}" + (f" ('{label.strip()}')" if label else "")
        if label_node is not None and label:
            key = " ".join(label.split()).casefold()
            if key in labels:
                report(
                    label_node.pos,
                    "duplicate-label",
                    f"the label '{label.strip()}' is used twice (first on line {labels[key]}); "
                    "each bar needs a label of its own",
                )
            else:
                labels[key] = label_node.pos.line
        has_value, has_values = "value" in item.items, "values" in item.items
        if set(item.items) - {"label", "value", "values"}:
            pass  # an unknown key (a misspelt value:?) has been reported; say no more
        elif has_value and has_values:
            report(
                item.items["values"][0],
                "figure-values",
                f"{named} has both value: and values:; keep value: for one number, "
                "or values: with series: at the top of the file",
            )
        elif series and has_value:
            report(
                item.items["value"][0],
                "figure-values",
                f"this figure has series ({_and(series)}), so {named} needs values: with one "
                f"number per series, in that order, such as values: {_example(series)}",
            )
        elif series and not has_values:
            report(
                item.pos,
                "missing-field",
                f"{named} has no values; add values: with one number per series "
                f"({_and(series)}), in that order, such as values: {_example(series)}",
            )
        elif not series and has_values:
            report(
                item.items["values"][0],
                "figure-values",
                "values: is for a figure with series; write value: 35 for one number, "
                "or add series: [Before, After] at the top of the file",
            )
        elif not series and not has_value:
            report(
                item.pos,
                "missing-field",
                f"{named} has no value; add value: and its number below the label, "
                "such as value: 35",
            )
        elif series and has_values:
            numbers = item.items["values"][1]
            if isinstance(numbers, SeqNode) and len(numbers.items) != len(series):
                report(
                    numbers.pos,
                    "figure-values",
                    f"{named} has {len(numbers.items)} value(s) but the figure has "
                    f"{len(series)} series ({_and(series)}); give one number per series, "
                    "in that order",
                )
        if percent:
            _check_percent(item, report)


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _example(series: list[str]) -> str:
    return "[" + ", ".join(("410", "190", "95", "40")[: len(series)]) + "]"


def _check_percent(item: MapNode, report: Callable[..., None]) -> None:
    nodes: list[Node] = []
    if "value" in item.items:
        nodes.append(item.items["value"][1])
    if "values" in item.items and isinstance(item.items["values"][1], SeqNode):
        nodes.extend(item.items["values"][1].items)
    for number in nodes:
        if (
            isinstance(number, ScalarNode)
            and isinstance(number.value, int | float)
            and not isinstance(number.value, bool)
            and number.value > 100
        ):
            report(
                number.pos,
                "out-of-range",
                f"the unit is %, and a percentage is at most 100; found {number.value:,}",
            )
