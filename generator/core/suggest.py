""" "Did you mean" for near misses of keys, themes, nations and statuses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` when a choice is close, else an empty string."""
    options = list(choices)
    lowered = {choice.lower(): choice for choice in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f"; did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.75)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
        close = [lowered[c] for c in close]
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``a, b, c or d``: a list as an editor would write it."""
    items = [str(c) for c in choices]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
