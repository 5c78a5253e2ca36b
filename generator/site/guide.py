"""The editors' guide, as data: every field and every rule, from their one declaration.

:data:`generator.core.fields.CASE_STUDY` declares the front matter and
:data:`generator.core.rules.catalogue.RULES` every problem the checker reports; the
guide page (``/contribute/guide/``) is made from what this module returns, so
it can never say something the validator does not do. Nothing here knows
about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..core.fields import CASE_STUDY, Field
from ..fonts import FAMILIES, SCRIPTS_DRAWN
from ..core.rules.catalogue import GROUPS, RULES, Rule


@dataclass(frozen=True)
class FieldRow:
    """One field as the guide lists it."""

    name: str
    """Dotted for a nested field: ``practice.nation``, ``outcomes.before``."""
    required: bool
    description: str
    rule: str
    """What the value must be, in words: kind, lengths, choices, ranges."""
    example: str | None
    """A line as the editor would write it, ``nation: England``; None when the
    declaration gives none."""

    @property
    def anchor(self) -> str:
        return "field-" + self.name.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class RuleGroup:
    """The rules that look at one thing (the file, the fields, the story...)."""

    id: str
    title: str
    rules: tuple[Rule, ...]


_KINDS = {
    "text": "text",
    "line": "text on one line",
    "int": "a whole number",
    "number": "a number (no commas, currency or % signs)",
    "bool": "true or false",
    "date": "a real date written YYYY-MM-DD",
    "choice": "one of",
    "url": "a web address starting https://",
    "email": "an email address",
    "list": "a list",
    "map": "a group of the fields below",
}


def _number(value: int) -> str:
    return f"{value:,}"


def _length(spec: Field) -> str | None:
    low, high = spec.min_length, spec.max_length
    if low is not None and high is not None:
        return f"{low} to {_number(high)} characters"
    if high is not None:
        return f"at most {_number(high)} characters"
    if low is not None:
        return f"at least {low} characters"
    return None


def _range(spec: Field) -> str | None:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        return f"from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"{_number(low)} or more"
    if high is not None:
        return f"at most {_number(high)}"
    return None


def rule_in_words(spec: Field) -> str:
    """The field's rule as a sentence an editor can follow, from its declaration."""
    if spec.kind == "choice":
        parts = ["one of " + ", ".join(spec.choices) + " (spelt exactly so)"]
    elif spec.kind == "list":
        item = spec.item
        head = "a list"
        if spec.min_items is not None and spec.max_items is not None:
            head += f" of {spec.min_items} to {spec.max_items} items"
        elif spec.max_items is not None:
            head += f" of at most {spec.max_items} items"
        elif spec.min_items is not None:
            head += f" of at least {spec.min_items} items"
        parts = [head]
        if item is not None and item.kind == "map":
            parts.append("each a group of the fields below")
        elif item is not None:
            parts.append("each " + rule_in_words(item))
        if spec.unique:
            parts.append("no repeats")
    else:
        parts = [_KINDS[spec.kind]]
    for extra in (_length(spec), _range(spec)):
        if extra:
            parts.append(extra)
    if spec.lowercase:
        parts.append("lowercase")
    return "; ".join(parts)


def _example(spec: Field) -> str | None:
    """``name: value`` on one line, written as YAML reads it back."""
    name, value = spec.name, spec.example
    if value is None:
        return None
    if spec.kind == "date":
        return f"{name}: {value}"  # quotes are allowed, not needed
    if isinstance(value, list | dict):
        text = yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False
        )
        return f"{name}: {text.strip()}"
    text = yaml.safe_dump({name: value}, allow_unicode=True, width=10**6)
    return text.strip()


def field_rows(spec: Field = CASE_STUDY, prefix: str = "") -> tuple[FieldRow, ...]:
    """Every field in declaration order, a group's own fields right after it."""
    rows: list[FieldRow] = []
    for child in spec.fields:
        name = prefix + child.name
        rows.append(
            FieldRow(
                name=name,
                required=child.required,
                description=child.description,
                rule=rule_in_words(child),
                example=_example(child),
            )
        )
        if child.kind == "map":
            rows.extend(field_rows(child, name + "."))
        elif child.kind == "list" and child.item is not None and child.item.kind == "map":
            rows.extend(field_rows(child.item, name + "."))
    return tuple(rows)


def rule_groups() -> tuple[RuleGroup, ...]:
    """Every rule, grouped as :data:`GROUPS` orders them; within a group, catalogue order."""
    groups = [
        RuleGroup(group, title, tuple(r for r in RULES.values() if r.group == group))
        for group, title in GROUPS.items()
    ]
    unknown = sorted({r.group for r in RULES.values()} - set(GROUPS))
    groups += [
        RuleGroup(g, g.capitalize(), tuple(r for r in RULES.values() if r.group == g))
        for g in unknown
    ]
    return tuple(g for g in groups if g.rules)


@dataclass(frozen=True)
class ScriptRow:
    """One of the publication's fonts and what it draws, for the guide's section
    "Which characters are drawn"."""

    font: str
    draws: str


SCRIPTS_TITLE = "Which characters are drawn"
SCRIPTS_INTRO = (
    "The site and the PDF draw every character with the publication's own fonts, "
    "never with fonts of the reader's or the builder's machine. They draw the "
    + ", ".join(SCRIPTS_DRAWN[:-1])
    + f" and {SCRIPTS_DRAWN[-1]} scripts: every European language written in Latin "
    "letters (Welsh, Irish and Scottish Gaelic, Polish, Romanian, Czech, Turkish and "
    "the rest), Greek, Russian and Ukrainian, Arabic and Urdu, Bengali, Panjabi and "
    "Gujarati, with typographic punctuation, currency signs, arrows, mathematical "
    "signs and emoji (the PDF prints emoji in one colour)."
)
SCRIPTS_REFUSED = (
    "Chinese, Japanese, Korean, Devanagari (Hindi, Marathi, Nepali), Tamil, Hebrew, "
    "Thai and other scripts are not drawn, nor a few rare symbols (such as ‰ and ✗): "
    "their fonts would be many times the size of all the others. The checker "
    "reports each such character at its line and column "
    "(unsupported-character), naming it, its code point and its script; write the "
    "words in English or in Latin letters instead."
)


def scripts_drawn() -> tuple[ScriptRow, ...]:
    """The fonts in the order they are tried, each with what it draws, from their one
    declaration in :mod:`generator.fonts` (so the guide cannot promise a script the
    fonts lack)."""
    return tuple(ScriptRow(family.name, family.drawn) for family in FAMILIES)
