"""Characters that cannot be seen, or that change how the text around them reads.

Two uses, one list. The ``invisible-character`` rule warns about them in a
case study: a zero-width space or a right-to-left override makes a text differ
from the same words typed plainly (a search misses it, a link or a name reads
in another order). And a problem's message shows them escaped, with line
breaks and other control characters, so that quoting what an editor wrote can
never split a message over two lines or turn the rest of it around.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

DIRECTION = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks, embeddings, overrides and isolates of the bidirectional algorithm."""

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")
"""Zero-width spaces and joiners, direction marks, embeddings, overrides and
isolates, and U+FEFF (a byte-order mark is removed from the very start of a
file before any text is read, so one found in the text is inside it)."""

_HIDDEN = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
"""The characters of :data:`_INVISIBLE`, one by one: looking for each in a text
is several times faster than searching it with the pattern."""
_ZWJ = "\u200d"


def _pictograph(character: str) -> bool:
    """An emoji a zero-width joiner may join (🔥, ❤, 👩): the ranges emoji are in."""
    code = ord(character)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2300 <= code <= 0x23FF
        or 0x2B00 <= code <= 0x2BFF
    )


def _joins_emoji(text: str, index: int) -> bool:
    """Whether the U+200D at ``index`` joins two emoji into one (👨‍👩‍👧): then it
    is part of an emoji as typed, not a hidden character."""
    if index == 0 or index + 1 >= len(text) or not _pictograph(text[index + 1]):
        return False
    before = text[index - 1]
    # After an emoji, its variation selector (❤️) or its skin tone (👩🏽).
    return _pictograph(before) or before == "\ufe0f" or 0x1F3FB <= ord(before) <= 0x1F3FF


def hidden_runs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, characters) for each run of invisible or direction-changing
    characters in ``text``, leaving out the joiners inside emoji."""
    if not any(character in text for character in _HIDDEN):
        return
    for match in _INVISIBLE.finditer(text):
        start = match.start()
        run = match.group(0)
        if run == _ZWJ and _joins_emoji(text, start):
            continue
        yield start, run


def describe(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a message names a character (U+FEFF by
    its Unicode alias, BYTE ORDER MARK, the name editors' tools show)."""
    name = "BYTE ORDER MARK" if character == "\ufeff" else unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".rstrip()


_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""What a message never prints as it is: control characters (line breaks and
tabs among them), line and paragraph separators, and the hidden characters."""
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` safe to print on one line: every character of :data:`_UNSAFE`
    written as an escape (``\\n``, ``\\t``, ``\\u202e``), so an editor sees where
    it is; an emoji's own joiners are kept."""
    if not _UNSAFE.search(text):
        return text

    def escape(match: re.Match[str]) -> str:
        character = match.group(0)
        if character == _ZWJ and _joins_emoji(text, match.start()):
            return character
        if character in _ESCAPES:
            return _ESCAPES[character]
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)
