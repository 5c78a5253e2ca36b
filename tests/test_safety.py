"""Issue 10, "Safety first": hidden characters are warned about, and every problem
stays on one line whatever the text it quotes holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.core.load import load_publication
from generator.core.model import Problem

from .conftest import GOLDEN

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
ESCAPES = (GOLDEN / "cases" / "one-line-escapes.md").read_text(encoding="utf-8")
INVISIBLE = (GOLDEN / "cases" / "chars-invisible.md").read_text(encoding="utf-8")
TEXT_LINE = re.compile(r"casestudies/[a-z-]+\.md:\d+:\d+: (error|warning): [^\n]+ \[[a-z0-9-]+\]")
GITHUB_LINE = re.compile(r"::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z0-9-]+::.+")


def _validate(root: Path, capsys, *argv: str) -> tuple[int, str]:
    status = main(["--root", str(root), "validate", *argv])
    return status, capsys.readouterr().out


def test_hidden_characters_warn_and_fail_only_with_strict(make_project, capsys) -> None:
    root = make_project({"casestudies/hidden.md": INVISIBLE})
    status, out = _validate(root, capsys)
    assert status == 0
    warnings = [line for line in out.splitlines() if "[invisible-character]" in line]
    assert len(warnings) == 8
    assert "hidden.md:5:17: warning: a direction-changing character, U+202E RIGHT-TO-LEFT " in out
    assert _validate(root, capsys, "--strict")[0] == 1


def test_a_byte_order_mark_is_accepted_only_at_the_very_start(make_project) -> None:
    bom = "\ufeff"
    root = make_project(
        {
            "casestudies/once.md": (bom + VALID).encode(),
            "casestudies/twice.md": (bom + bom + VALID).encode(),
        }
    )
    problems = [p for p in load_publication(root).problems if p.rule == "invisible-character"]
    assert [(p.path, p.line, p.column, p.severity) for p in problems] == [
        ("casestudies/twice.md", 1, 1, "warning")
    ]
    assert "U+FEFF BYTE ORDER MARK" in problems[0].message


def test_emoji_joined_into_one_are_not_hidden_characters(make_project) -> None:
    family = "👩\u200d👩\u200d👧 and 🏳️\u200d🌈 and 🧑🏽\u200d⚕️"
    root = make_project(
        {"casestudies/ok.md": VALID.replace("ringing us.", f"ringing us {family}.")}
    )
    assert load_publication(root).problems == ()


def test_every_problem_is_one_line_in_text_and_github_formats(make_project, capsys) -> None:
    """A key holding a line break, values holding a line break, a carriage return,
    a tab, a bell and a direction override: each problem is still one line."""
    root = make_project({"casestudies/one-line-escapes.md": ESCAPES})
    status, out = _validate(root, capsys, "--format", "json")
    problems = json.loads(out)["problems"]
    assert status == 1 and len(problems) == 6
    assert all("\n" not in p["message"] and "\r" not in p["message"] for p in problems)
    for fmt, pattern in (("text", TEXT_LINE), ("github", GITHUB_LINE)):
        _, out = _validate(root, capsys, "--format", fmt)
        lines = out.splitlines()
        shown = [line for line in lines if not line.startswith("Checked ")]
        assert len(shown) == len(problems), out
        assert all(pattern.fullmatch(line) for line in shown), out
    assert "unknown field 'a\\nb'" in out
    assert "found 'Scot\\nland'" in out
    assert "unknown theme 'tele\\tphony'" in out
    assert "unknown theme '\\u202eynohpelet'" in out


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(max_size=20))
def test_a_message_and_a_path_never_break_a_line(message: str, path: str) -> None:
    problem = Problem(path, 3, 4, "error", "some-rule", message)
    line = problem.format()
    assert len(line.splitlines()) <= 1
    assert line.endswith(" [some-rule]")
    assert "\u202e" not in line and "\u2066" not in line
    # Nothing else is changed: an ordinary message is kept exactly.
    if message.isprintable() and message.isascii():
        assert problem.message == message
