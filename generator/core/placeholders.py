"""The template's example texts, as data: written by ``publication new``, looked for by validation.

An editor starts from the template and replaces its example values and prompt
sentences with the practice's own. One forgotten ``town: "Town"`` or "Tell the
story here" would otherwise be published as written, because each is valid on
its own. So the template (:data:`generator.core.template.TEMPLATE`) is filled from
this list, and the ``template-text`` rule looks for the same list: the two
cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    """One example text of the template."""

    text: str
    """As the template writes it; ``{name}`` stands for the practice's name."""
    field: str
    """Where the template puts it: a field's dotted name (``practice.town``), or ``body``."""
    advice: str
    """What to write instead, in the editor's words."""
    whole: bool = False
    """An example value (``Town``): only a value that is exactly this is the
    template's, so ``Townsend`` is not. Otherwise a sentence, found anywhere in
    a text, so an editor who wrote after it without deleting it is told too."""

    def filled(self, name: str) -> str:
        """The text as the template writes it for the practice ``name``.

        Cut to 120 characters, the longest title there is, so a long name still
        gives a title that is valid as a draft (and is still recognised)."""
        return self.text.replace("{name}", name)[:120]


TITLE = Placeholder(
    "{name}: what we changed",
    "title",
    "write a title that says what the practice changed, such as "
    "'Online repeat prescriptions halved the morning phone queue'",
    whole=True,
)
TOWN = Placeholder("Town", "practice.town", "write the practice's town", whole=True)
SUMMARY = Placeholder(
    "One or two plain sentences that say what the practice did and what changed.",
    "summary",
    "write one or two plain sentences that say what the practice did and what changed",
)
BENEFIT = Placeholder(
    "What went well, one benefit a line.",
    "benefits",
    "write what went well, one benefit a line, or delete the line",
)
DRAWBACK = Placeholder(
    "What did not go so well.",
    "drawbacks",
    "write what did not go so well, or delete the line",
)
BARRIER = Placeholder(
    "What stood in the way.",
    "barriers",
    "write what stood in the way, or delete the line",
)
STORY = Placeholder(
    "Tell the story here, in the practice's own words.",
    "body",
    "tell the story in its place, in the practice's own words",
)

PLACEHOLDERS: tuple[Placeholder, ...] = (TITLE, TOWN, SUMMARY, BENEFIT, DRAWBACK, BARRIER, STORY)
"""Every example text the template writes."""

SECTIONS: tuple[str, ...] = ("What we did", "What changed", "What we learned")
"""The headings the template gives the story, in order."""

SENTENCES: tuple[Placeholder, ...] = tuple(p for p in PLACEHOLDERS if not p.whole)
"""The prompt sentences, each looked for anywhere in a text."""


def _words(text: str) -> str:
    """A pattern for ``text`` however an editor's lines wrap it: its words with
    any white space between them. Letters are matched as the template writes
    them (a search that ignores case is several times slower, and an editor who
    retypes a prompt is not leaving it behind)."""
    return r"\s+".join(re.escape(word) for word in text.split())


_SENTENCE_PATTERNS = tuple((p, re.compile(_words(p.text))) for p in SENTENCES)
_FIRST_WORDS = frozenset(p.text.split(None, 1)[0] for p in SENTENCES)
"""Each sentence's first word: a text without any of them holds none (a quick
test, as most texts are checked and few hold one)."""
_SHORTEST = min(len(p.text) for p in SENTENCES)
"""A text shorter than this holds no prompt sentence (white space between its
words is never less than one character)."""


def sentences_in(text: str, where: str | None = None) -> Iterator[tuple[Placeholder, int]]:
    """(prompt sentence, offset) for each one ``text`` holds; only those the
    template puts in ``where`` (a field's name, or ``body``) when it is given."""
    if len(text) < _SHORTEST or not any(word in text for word in _FIRST_WORDS):
        return
    for placeholder, pattern in _SENTENCE_PATTERNS:
        if where is None or placeholder.field == where:
            for match in pattern.finditer(text):
                yield placeholder, match.start()


def plain(text: str) -> str:
    """An example value compared as an editor reads it: case and spacing do not matter."""
    return " ".join(text.split()).casefold()
