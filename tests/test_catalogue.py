"""Every rule the validator reports is in the catalogue the editors' guide is made from."""

from __future__ import annotations

import re

from generator.core.rules.catalogue import GROUPS, RULES

from .conftest import GOLDEN, ROOT

# Files that report problems; every rule id they name must be catalogued.
_OUTPUTS = {"engines", "pdf", "site", "pages.py", "guide.py", "contribute_form.py"}
REPORTING = sorted(p for p in (ROOT / "generator").rglob("*.py") if not _OUTPUTS & set(p.parts))
"""Every module that reads input, walked rather than listed, so a rule reported from
a new module is found too; the outputs report no rules."""
# A rule id is passed as a plain string literal right after a position or severity.
RULE_LITERAL = re.compile(
    r'(?:report|RawProblem|Problem|stray)\([^()]*?"([a-z]+(?:-[a-z0-9]+)+)"', re.S
)


def _reported_in_code() -> set[str]:
    found: set[str] = set()
    for path in REPORTING:
        if path.name == "catalogue.py":
            continue
        text = path.read_text(encoding="utf-8")
        found.update(RULE_LITERAL.findall(text))
        # Rules chosen from a table: ("rule-id", "message") pairs.
        found.update(re.findall(r'\(\s*"([a-z]+(?:-[a-z0-9]+)+)",\s*\n?\s*f?"', text))
    return found


def _reported_in_golden_files() -> set[str]:
    rules: set[str] = set()
    for expected in [*GOLDEN.glob("cases/*.expected"), *GOLDEN.glob("projects/*/expected.txt")]:
        rules.update(re.findall(r"\[([a-z0-9-]+)\]$", expected.read_text(), re.M))
    return rules


def test_every_rule_in_the_golden_files_is_catalogued() -> None:
    missing = _reported_in_golden_files() - set(RULES)
    assert not missing, f"add to generator/core/rules/catalogue.py: {sorted(missing)}"


def test_every_rule_in_the_code_is_catalogued() -> None:
    found = _reported_in_code()
    assert len(found) > 30, "the pattern no longer finds the rules"
    ignore = {"utf-8", "data-figure"}  # an encoding, and an HTML attribute markdown.py reads
    missing = found - set(RULES) - ignore
    assert not missing, f"add to generator/core/rules/catalogue.py: {sorted(missing)}"


def test_catalogue_entries_are_complete() -> None:
    for rule in RULES.values():
        assert rule.group in GROUPS
        assert rule.cause.endswith(".") and rule.fix.endswith(".")
        assert rule.severity in ("error", "warning")
