"""Check a front-matter tree against the field declarations in :mod:`generator.core.fields`.

Returns plain Python values (dates as :class:`datetime.date`) for the fields
that passed, and reports every field that did not. Optional fields left empty
(``drawbacks:`` with nothing after it, as in the template) count as absent.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

from ..fields import Field
from ..frontmatter import MapNode, Node, Pos, ScalarNode, SeqNode
from ..placeholders import PLACEHOLDERS, Placeholder, plain, sentences_in
from ..suggest import did_you_mean, one_of

Report = Callable[[Pos, str, str], None]
"""report(position, rule id, message)."""


class SeverityReport(Protocol):
    """report(position, rule id, message, severity): for rules whose severity
    depends on the case study (a warning in a draft, an error once published)."""

    def __call__(self, pos: Pos, rule: str, message: str, severity: str = "error") -> None: ...


def template_severity(status: object) -> str:
    """Text left from the template is a warning while the case study is a draft or
    review copy, and an error once published (or when the status is not readable,
    so it is never let through)."""
    return "warning" if status in ("draft", "review") else "error"


def template_text_message(text: str, placeholder: Placeholder, where: str) -> str:
    """The ``template-text`` message for ``text`` found where the template's
    ``placeholder`` was; its advice fits the field the template put it in."""
    advice = (
        placeholder.advice
        if placeholder.field == where
        else "replace it with the practice's own words"
    )
    return f"'{text}' is the template's example text; {advice}"


def check_template_text(node: MapNode, severity: str, report: SeverityReport) -> None:
    """Report the template's example texts left in any text of the front matter.

    Each value is a valid field on its own, so nothing else would notice a
    published ``town: "Town"``. Example values count only as the whole value of
    their own field; prompt sentences count anywhere, in any text."""
    name = _practice_name(node)
    wholes = {
        placeholder.field: (plain(placeholder.filled(name)), placeholder)
        for placeholder in PLACEHOLDERS
        if placeholder.whole
    }

    # A stack, not recursion: an unknown field may hold a value of any depth.
    stack: list[tuple[Node, str]] = [(node, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, MapNode):
            stack.extend(
                (child, f"{where}.{key}" if where else key)
                for key, (_, child) in reversed(value.items.items())
            )
        elif isinstance(value, SeqNode):
            stack.extend((item, where) for item in reversed(value.items))
        elif isinstance(value, ScalarNode) and isinstance(value.value, str):
            text = value.value
            whole = wholes.get(where)
            if whole is not None and plain(text) == whole[0]:
                message = template_text_message(" ".join(text.split()), whole[1], where)
                report(value.pos, "template-text", message, severity)
                continue
            for placeholder in {p: None for p, _ in sentences_in(text)}:  # each once
                message = template_text_message(placeholder.text, placeholder, where)
                report(value.pos, "template-text", message, severity)


def _practice_name(node: MapNode) -> str:
    """``practice.name`` as written, or "" (the template's title is made from it)."""
    practice = node.items.get("practice")
    if practice is not None and isinstance(practice[1], MapNode):
        name = practice[1].items.get("name")
        if name is not None and isinstance(name[1], ScalarNode) and isinstance(name[1].value, str):
            return name[1].value
    return ""


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


def describe(node: Node) -> str:
    """What an editor wrote, in words, for 'found ...' in messages."""
    if isinstance(node, MapNode):
        return "a group of fields"
    if isinstance(node, SeqNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (yes/no)"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = value if len(value) <= 40 else value[:37] + "..."
    return f"the text '{text}'"


_ASK_FIRST: dict[str, str] = {
    "consent": (
        "ask the practice whether they agree to publication, then set consent: true "
        "if they do (or consent: false until they answer)"
    ),
}
"""Advice for a required field whose value is a fact to find out, not to type:
an example value there would read as "write this to make the error go away"."""


def _example(spec: Field) -> str:
    value = spec.example
    if isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind == "map":
        required = [f for f in spec.fields if f.required]
        return "then, indented on the lines below it, " + ", ".join(
            f"{f.name}: {_example(f)}" for f in required
        )
    if isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            return "[" + ", ".join(value) + "]"
        return "a list, each item on its own line starting with '- '"
    return str(value)


def parse_date(text: str) -> dt.date | None:
    """A real date written YYYY-MM-DD, else None."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def check(node: Node, spec: Field, label: str, report: Report, where: Pos | None = None) -> Any:
    """The value of ``node`` if it follows ``spec``; None (after reporting) if not.

    ``where`` is the line of the key that holds a mapping (``practice:``): a field
    missing from the mapping is reported there.
    """
    if spec.kind == "map":
        return _check_map(node, spec, label, where or node.pos, report)
    if spec.kind == "list":
        return _check_list(node, spec, label, report)
    if not isinstance(node, ScalarNode):
        report(
            node.pos,
            "wrong-type",
            f"{label} must be a single value such as {_example(spec)}; found {describe(node)}",
        )
        return None
    return _check_scalar(node, spec, label, report)


def check_map(node: MapNode, spec: Field, label: str, where: Pos, report: Report) -> dict[str, Any]:
    """Check a mapping's keys and values; ``where`` is where a missing key is reported."""
    return _check_map(node, spec, label, where, report) or {}


def _check_map(
    node: Node, spec: Field, label: str, where: Pos, report: Report
) -> dict[str, Any] | None:
    if not isinstance(node, MapNode):
        names = ", ".join(f.name for f in spec.fields if f.required)
        report(
            node.pos,
            "wrong-type",
            f"{label} must be a group of fields on the lines below it, indented "
            f"(at least {names}); found {describe(node)}",
        )
        return None
    known = [f.name for f in spec.fields]
    values: dict[str, Any] = {}
    for key, (key_pos, value_node) in node.items.items():
        if key not in known:
            hint = did_you_mean(key, known)
            where_ = "" if label == "the front matter" else f" in {label}"
            report(
                key_pos,
                "unknown-field",
                f"unknown field '{key}'{where_}{hint}"
                + ("" if hint else f"; the fields allowed here are {one_of(known)}"),
            )
            continue
        child = spec.field(key)
        if isinstance(value_node, ScalarNode) and value_node.value is None:
            if child.required:
                advice = _ASK_FIRST.get(
                    key, f"give it a value, for example: {key}: {_example(child)}"
                )
                report(value_node.pos, "missing-field", f"'{key}' is empty; {advice}")
            continue
        child_label = f"'{key}'" if label == "the front matter" else f"'{key}' in {label}"
        result = check(value_node, child, child_label, report, key_pos)
        if result is not None:
            values[key] = result
    for child in spec.fields:
        if child.required and child.name not in node.items:
            where_ = "" if label == "the front matter" else f" to {label}"
            advice = _ASK_FIRST.get(
                child.name, f"add it{where_}, for example: {child.name}: {_example(child)}"
            )
            report(
                where, "missing-field", f"the required field '{child.name}' is missing; {advice}"
            )
    return values


def _check_list(node: Node, spec: Field, label: str, report: Report) -> list[Any] | None:
    if not isinstance(node, SeqNode):
        report(
            node.pos,
            "wrong-type",
            f"{label} must be a list, each item on its own line starting with '- '; "
            f"found {describe(node)}",
        )
        return None
    assert spec.item is not None
    count = len(node.items)
    if spec.min_items is not None and count < spec.min_items:
        report(
            node.pos, "too-few", f"{label} needs at least {spec.min_items} item(s); it has {count}"
        )
    if spec.max_items is not None and count > spec.max_items:
        report(
            node.items[spec.max_items].pos,
            "too-many",
            f"{label} may have at most {spec.max_items} items; it has {count}: keep the "
            f"{spec.max_items} that matter most",
        )
    values: list[Any] = []
    seen: dict[object, int] = {}
    for index, item in enumerate(node.items, start=1):
        item_label = f"item {index} of {label}"
        value = check(item, spec.item, item_label, report)
        if value is None:
            continue
        if spec.unique and isinstance(value, str):
            if value in seen:
                report(
                    item.pos,
                    "repeated-item",
                    f"'{value}' appears twice in {label} (item {seen[value]} and item {index}); "
                    "remove one",
                )
                continue
            seen[value] = index
        values.append(value)
    return values


def _check_scalar(node: ScalarNode, spec: Field, label: str, report: Report) -> Any:
    value = node.value
    kind = spec.kind
    if kind in ("line", "text", "choice", "url", "email", "date"):
        if not isinstance(value, str):
            hint = (
                "; put it in quotes if it is meant as text"
                if kind in ("line", "text") and value is not None
                else ""
            )
            report(
                node.pos,
                "wrong-type",
                f"{label} must be {_kind_words(spec)}; found {describe(node)}{hint}",
            )
            return None
        return _check_text(node, value, spec, label, report)
    if kind == "bool":
        if not isinstance(value, bool):
            extra = (
                f" ('{value}' is read as text: write true or false)"
                if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n")
                else ""
            )
            report(
                node.pos,
                "wrong-type",
                f"{label} must be true or false; found {describe(node)}{extra}",
            )
            return None
        return value
    # int and number
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (kind == "int" and not isinstance(value, int))
    ):
        extra = ""
        if isinstance(value, str) and node.quoted:
            extra = "; remove the quotes around the number"
        elif isinstance(value, str) and re.search(r"\d,\d{3}", value):
            extra = f"; write it without commas, such as {value.strip().replace(',', '')}"
        elif isinstance(value, str) and re.fullmatch(r"[-+]?[0-9.]+\s*%", value.strip()):
            extra = f"; write {value.strip().rstrip('%').strip()} without the % sign"
        report(
            node.pos,
            "wrong-type",
            f"{label} must be {_kind_words(spec)}; found {describe(node)}{extra}",
        )
        return None
    if (spec.minimum is not None and value < spec.minimum) or (
        spec.maximum is not None and value > spec.maximum
    ):
        report(
            node.pos,
            "out-of-range",
            f"{label} must be from {spec.minimum:,} to {spec.maximum:,}; found {value:,}",
        )
        return None
    return value


def _kind_words(spec: Field) -> str:
    return {
        "line": f"text on one line, such as {spec.example}",
        "text": "text",
        "choice": f"one of {one_of(spec.choices)}",
        "url": "a web address starting https://",
        "email": "an email address",
        "date": "a date written YYYY-MM-DD, such as 2014-04-12",
        "int": f"a whole number, such as {spec.example}",
        "number": f"a number, such as {spec.example}",
    }.get(spec.kind, spec.kind)


def _check_text(node: ScalarNode, value: str, spec: Field, label: str, report: Report) -> Any:
    kind = spec.kind
    if kind == "date":
        date = parse_date(value.strip())
        if date is None:
            reason = (
                f"{value} is not a real date" if _DATE.match(value.strip()) else f"found '{value}'"
            )
            report(
                node.pos,
                "invalid-date",
                f"{label} must be a real date written YYYY-MM-DD, such as 2014-04-12; {reason}",
            )
        return date
    if kind == "choice":
        if value not in spec.choices:
            report(
                node.pos,
                "unknown-choice",
                f"{label} must be one of {one_of(spec.choices)}; found '{value}'"
                + did_you_mean(value, spec.choices),
            )
            return None
        return value
    if kind == "line" and "\n" in value.strip():
        report(node.pos, "multi-line", f"{label} must be on one line; join its lines")
        return None
    # Characters as an editor counts them: 'é' is one, however it was typed.
    length = len(unicodedata.normalize("NFC", value.strip()))
    if spec.min_length is not None and length < spec.min_length:
        report(
            node.pos,
            "too-short",
            f"{label} is {length} character(s) long; it must be at least {spec.min_length}",
        )
        return None
    if spec.max_length is not None and length > spec.max_length:
        report(
            node.pos,
            "too-long",
            f"{label} is {length:,} characters long; it must be at most {spec.max_length:,}: "
            "shorten it",
        )
        return None
    if spec.lowercase and value != value.lower():
        report(
            node.pos,
            "not-lowercase",
            f"{label} must be lowercase; write '{value.lower()}'",
        )
        return None
    if spec.pattern and not re.match(spec.pattern, value.strip()):
        rule, words = {
            "url": (
                "invalid-url",
                "a web address starting https://, such as https://www.example.org",
            ),
            "email": ("invalid-email", "an email address such as practice@example.org"),
        }.get(kind, ("invalid-format", f"written like {spec.example}"))
        if kind == "url" and value.startswith("http://"):
            words += " (http:// is not secure: use the https:// address)"
        report(node.pos, rule, f"{label} must be {words}; found '{value}'")
        return None
    return value.strip()
