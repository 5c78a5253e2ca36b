"""The positioned YAML tree the strict reader builds, and the problems it reports.

Every key and value keeps the line and column it was written at, so each rule
can point an editor at the place; values follow YAML 1.2's core schema
(:func:`plain_scalar`). Read by :mod:`generator.core.frontmatter`, checked by
:mod:`generator.core.yaml12`, walked by every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as LOADER
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as LOADER  # type: ignore[assignment]

__all__ = [
    "LOADER",
    "MapNode",
    "Node",
    "Pos",
    "RawProblem",
    "Scalar",
    "ScalarNode",
    "SeqNode",
    "duplicate_key",
    "plain_scalar",
]


class Pos(NamedTuple):
    """1-based line and column in the file (a tuple: made for every YAML event,
    so it must be cheap, and positions compare in reading order)."""

    line: int
    column: int


Scalar = str | int | float | bool | None


@dataclass
class Node:
    """A YAML value with the position it was written at."""

    pos: Pos
    end: Pos


@dataclass
class ScalarNode(Node):
    value: Scalar = None
    quoted: bool = False
    """Written in quotes or as a block (``|``/``>``): always text."""


@dataclass
class SeqNode(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class MapNode(Node):
    items: dict[str, tuple[Pos, Node]] = field(default_factory=dict)
    """Key -> (the key's position, the value)."""


@dataclass(frozen=True)
class RawProblem:
    """A problem before it is given a file name: the caller knows the path."""

    line: int
    column: int
    rule: str
    message: str
    severity: str = "error"


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def plain_scalar(text: str) -> Scalar:
    """The value of an unquoted scalar under YAML 1.2's core schema (no dates:
    date fields read their text themselves, so a date means what it says)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    return text


def duplicate_key(key: str, key_pos: Pos, first: Pos) -> RawProblem:
    return RawProblem(
        key_pos.line,
        key_pos.column,
        "duplicate-key",
        f"'{key}' is given twice (first on line {first.line}); keep one of them",
    )
