"""The ``unsupported-character`` rule: characters none of the publication's fonts draws.

Why it exists: a story with a character no shipped font has (Chinese, an emoji
newer than the emoji font) passed validation and then stopped the whole build
in WeasyPrint with a message naming neither the file nor the line. The fonts
and the characters each draws are declared in :mod:`generator.fonts`; this rule
reads that table and finds, at its line and column, every character of a case
study (front matter, story, comments alike: what is commented out today is
published tomorrow) that no font draws, before any build.

Spaces, control characters and invisible format characters are not this
rule's business (``invisible-character`` warns about the invisible ones, and
they need no glyph of their own), nor are variation selectors, which only
choose between two looks of the character before them.

The names of scripts come from :data:`DATA`, generated from Unicode's script
property at development time (``python -m generator.core.rules.glyphs``, needing
fontTools) so that validation loads no font library.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from ...fonts import SCRIPTS_DRAWN, drawn_ranges, merge
from ..frontmatter import Pos

RULE = "unsupported-character"
DATA = Path(__file__).with_suffix(".txt")
"""Generated: characters that need no glyph, and each script's code points."""

FRIENDLY = {
    "Han": "Han (Chinese)",
    "Hiragana": "Hiragana (Japanese)",
    "Katakana": "Katakana (Japanese)",
    "Hangul": "Hangul (Korean)",
    "Bopomofo": "Bopomofo (Chinese)",
    "Devanagari": "Devanagari (Hindi, Marathi, Nepali)",
    "Tamil": "Tamil",
    "Sinhala": "Sinhala",
    "Hebrew": "Hebrew",
    "Thai": "Thai",
    "Ethiopic": "Ethiopic (Amharic, Tigrinya)",
    "Syriac": "Syriac",
    "Thaana": "Thaana (Dhivehi)",
}
"""Script names with the languages an editor would know them by."""

_LARGE_RUN = 5
"""Code points listed in a message before it says how many more there are."""


def scripts_drawn_text() -> str:
    """``Latin, Greek, ... and Gujarati``: the scripts the fonts draw, in words."""
    names = list(SCRIPTS_DRAWN)
    return ", ".join(names[:-1]) + " and " + names[-1]


@cache
def _data() -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """(ranges that need no glyph, (first, last, script name) ranges), from :data:`DATA`."""
    ignored: list[tuple[int, int]] = []
    scripts: list[tuple[int, int, str]] = []
    section = ""
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        span, _, name = line.partition(" ")
        first, _, last = span.partition("-")
        a, b = int(first, 16), int(last or first, 16)
        if section == "ignored":
            ignored.append((a, b))
        else:
            scripts.append((a, b, name))
    return ignored, scripts


def _class(ranges: Iterable[tuple[int, int]]) -> str:
    def char(point: int) -> str:
        return re.escape(chr(point))

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)


@cache
def _undrawn() -> re.Pattern[str]:
    """Runs of characters that no font draws and that need a glyph."""
    ignored, _ = _data()
    allowed = merge([*drawn_ranges(), *ignored])
    return re.compile(f"[^{_class(allowed)}]+")


_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")
"""A character reference in the story: it is drawn as the character it names."""


def script_of(char: str) -> str:
    """Unicode's name for the script of ``char`` (``Common`` for symbols and
    punctuation shared by all scripts)."""
    _, scripts = _data()
    point = ord(char)
    index = bisect.bisect_right(scripts, (point, 0x10FFFF, "~")) - 1
    if index >= 0 and scripts[index][0] <= point <= scripts[index][1]:
        return scripts[index][2]
    return "Common"


def describe(run: str) -> str:
    """The message for a run of characters the fonts cannot draw."""
    points = [f"U+{ord(c):04X}" for c in run[:_LARGE_RUN]]
    if len(run) > _LARGE_RUN:
        points.append(f"and {len(run) - _LARGE_RUN} more")
    shown = run if len(run) <= 20 else run[:20] + "…"
    script = next((s for s in map(script_of, run) if s not in ("Common", "Inherited")), "Common")
    head = f"'{shown}' ({' '.join(points)})"
    if script in ("Common", "Inherited"):
        return (
            f"{head} is a symbol the publication's fonts cannot draw; "
            "write it in words or use another symbol"
        )
    if script in SCRIPTS_DRAWN:
        return (
            f"{head} is a {script} character the publication's fonts cannot draw; "
            "use the usual letter or write the word another way"
        )
    name = FRIENDLY.get(script, script)
    return (
        f"{head} is {name} script, which the publication's fonts cannot draw; "
        f"the scripts drawn are {scripts_drawn_text()}"
    )


def check_drawable(text: str, report: Callable[..., None]) -> None:
    """Report every run of characters in ``text`` (the whole file) that no font
    draws, at its line and column (columns count characters, as every rule's do).

    Plain ASCII without character references, most files, is passed at once:
    the fonts draw all of it.
    """
    plain = text.isascii()
    if plain and "&" not in text:
        return
    starts: list[int] | None = None

    def pos(offset: int) -> Pos:
        nonlocal starts
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
        line = bisect.bisect_right(starts, offset) - 1
        return Pos(line + 1, offset - starts[line] + 1)

    found = [] if plain else [(m.start(), m.group(0)) for m in _undrawn().finditer(text)]
    if "&" in text:
        for match in _ENTITY.finditer(text):
            char = html.unescape(match.group(0))
            if char != match.group(0) and _undrawn().fullmatch(char):
                found.append((match.start(), char))
    for offset, run in sorted(found):
        report(pos(offset), RULE, describe(run))


def data_text() -> str:
    """The contents of :data:`DATA`, from Unicode's properties (development only)."""
    import unicodedata

    import fontTools
    from fontTools import unicodedata as ucd

    def needs_no_glyph(point: int) -> bool:
        char = chr(point)
        return (
            char.isspace()
            or unicodedata.category(char) in ("Cc", "Cf")
            or 0xFE00 <= point <= 0xFE0F
            or 0xE0100 <= point <= 0xE01EF
            or point == 0x034F
        )

    ignored = merge((p, p) for p in range(0x110000) if needs_no_glyph(p))
    scripts: list[list[object]] = []
    for point in range(0x110000):
        code = ucd.script(chr(point))
        if code in ("Zyyy", "Zinh", "Zzzz"):
            continue
        name = ucd.script_name(code).replace(" ", "_")
        if scripts and scripts[-1][2] == name and scripts[-1][1] == point - 1:
            scripts[-1][1] = point
        else:
            scripts.append([point, point, name])

    def span(a: int, b: int) -> str:
        return f"{a:X}" if a == b else f"{a:X}-{b:X}"

    lines = [
        "# Generated by `python -m generator.core.rules.glyphs` from Unicode's properties",
        f"# (fontTools {fontTools.version}); tests/test_glyphs.py checks it. Do not edit by hand.",
        "[ignored]",
        *(span(a, b) for a, b in ignored),
        "[scripts]",
        *(f"{span(a, b)} {name}" for a, b, name in scripts),  # type: ignore[arg-type]
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a development tool
    DATA.write_text(data_text(), encoding="utf-8")
    print(f"wrote {DATA}")
