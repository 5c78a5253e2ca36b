"""A fast reading of plain stories, for ``publication validate``.

Why it exists: converting a story with Python-Markdown costs about 3 ms, and
checking 1,000 case studies spent most of its time there, although the body
rules only need the links, images, headings and length. Most stories are
plain: paragraphs, ``#`` headings, ``-`` and ``1.`` lists, emphasis, simple
``[links](...)`` and ``![images](...)``. For those, this module says exactly
what the conversion would find, about twenty times faster.

Anything else makes it decline (return ``None``), and the caller converts the
story instead: raw HTML and anything with ``<``, code, escapes, entities,
quotes, tables, admonitions, figures, indented or whitespace-led lines,
horizontal rules and setext underlines, brackets that are not one simple link
on one line, emphasis markers standing alone, and list items whose text would
start a block of its own. What is left follows the converter's own rules (its
heading pattern is used as it is), so the two cannot drift apart unnoticed:
``tests/test_story_scan.py`` compares them on every fixture and on generated
stories.

It never decides what is published: a build converts every story and the rules
judge that conversion.
"""

from __future__ import annotations

import re

from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions.admonition import AdmonitionProcessor

from .markdown import Finding, Inspection, render

_DECLINED_CHARACTERS = re.compile(r"[<`\\\t\x00-\x08\x0b-\x1f]")
"""HTML, code, escapes, tabs and control characters, anywhere."""
_ENTITY = re.compile(r"&[#A-Za-z0-9]+;")
_DECLINED_LINE = re.compile(
    r"[^\S ]| +$"  # a line led by odd whitespace, or blank-looking
    r"| {0,3}(?:>|\?\?\?|~~~)| {1,3}!!!"  # quotes, collapsible notes, fences
    r"| {0,3}[-=*_+][-=*_+ ]*$"  # rules, setext underlines, empty list items
)
_LINE_STARTS = frozenset(" >?~!-=*_+") | {chr(c) for c in range(0x80, 0x3001) if chr(c).isspace()}
"""First characters of the lines :data:`_DECLINED_LINE` may decline; other lines
are not matched against it, which keeps the check cheap."""


def _declines(text: str) -> bool:
    """Whether the text holds anything the fast reading leaves to the converter."""
    if _DECLINED_CHARACTERS.search(text) or "{{" in text:  # figures
        return True
    if "&" in text and _ENTITY.search(text):
        return True
    return any(
        line and line[0] in _LINE_STARTS and _DECLINED_LINE.match(line) for line in text.split("\n")
    )


_HEADING = HashHeaderProcessor.RE
"""The converter's own pattern: a line that starts with '#' is a heading."""
_NOTE = AdmonitionProcessor.RE
"""The converter's own pattern for a note's first line: ``!!! note "Title"``."""
_ORDERED = re.compile(r" {0,3}\d+\.[ ]+")
_BULLET = re.compile(r" {0,3}[*+-][ ]+")
"""List item markers, as the converter's sane_lists reads them."""
_PLAIN_EMPHASIS = re.compile(
    r"(?P<open>\*\*?|__?)?[^*_]+(?:(?P=open)|(?(open)(?!)|(?:\*\*?|__?)))?[.,;:!?)'\"]*"
)
"""A word with emphasis at its edges only: '**bold**', '*start', 'end*', '_x_,'."""
_NESTED = re.compile(r" {4,}(?:\d+\.|[*+-]) ")
_ITEM_DECLINE = re.compile(r"(?:>|!!!|\?\?\?|~~~|[-=*_+][-=*_+ ]*$)")
"""An item whose text the converter reads as a quote, an admonition or a rule."""
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^\s()<>\"'\[\]]*)\)")
"""``[text](href)`` or ``![alt](src)``: no brackets in the text, no space,
parenthesis, quote or angle bracket in the address."""


class _Decline(Exception):
    """The story holds something only the converter reads correctly."""


def scan_story(text: str) -> Inspection | None:
    """The findings and word count the conversion would give, or None to convert."""
    if _declines(text):
        return None
    reading = _Reading()
    block: list[str] = []
    try:
        for line in text.split("\n"):
            if line:
                block.append(line)
            elif block:
                reading.block(block)
                block = []
        if block:
            reading.block(block)
    except _Decline:
        return None
    return Inspection(tuple(reading.findings), reading.words)


class _Reading:
    """One story read block by block, in the converter's order of block rules:
    table, heading, list, paragraph (the others are declined beforehand)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.words = 0

    def block(self, lines: list[str]) -> None:
        _mixed_emphasis("\n".join(lines))
        if any(line.startswith("!!!") for line in lines[1:]):
            raise _Decline  # a note after other lines of its block
        if lines[0].startswith("!!!"):
            self.note(lines)
            return
        if lines[0].startswith("    "):
            raise _Decline  # indented code, or more of a note
        rows = _table(lines)
        if rows is not None:
            for row in rows:
                for cell in row:
                    self.text(cell)
            return
        for index, line in enumerate(lines):
            if line.startswith("#"):
                if index:
                    self.block(lines[:index])
                self.heading(line)
                if index + 1 < len(lines):
                    self.block(lines[index + 1 :])
                return
        kind = (
            _ORDERED if _ORDERED.match(lines[0]) else _BULLET if _BULLET.match(lines[0]) else None
        )
        if kind is None:
            for line in lines:
                self.text(line)
            return
        items: list[list[str]] = []
        for line in lines:
            marker = kind.match(line)
            if marker:
                items.append([line[marker.end() :]])
            elif _NESTED.match(line):
                raise _Decline  # a list inside the item
            else:
                items[-1].append(line)  # a lazy line: more of the item before
        for item in items:
            if _ITEM_DECLINE.match(item[0]):
                raise _Decline
            if item[0]:
                self.block(item)
            elif len(item) > 1:
                self.block(item[1:])  # an empty item: its lazy lines are a block

    def note(self, lines: list[str]) -> None:
        """``!!! kind "Title"`` and its text indented by four spaces: the title
        (the kind's name when none is given, none when it is ``""``), then the
        text read as blocks of its own."""
        match = _NOTE.match(lines[0])
        if match is None or match.end() < len(lines[0]):
            raise _Decline
        if any(not line.startswith("    ") for line in lines[1:]):
            raise _Decline  # the note ends inside the block
        title = match.group(2)
        if title is None:
            title = match.group(1).lower().split(" ", 1)[0].capitalize()
        if title:
            self.text(title)
        content = [line[4:] for line in lines[1:]]
        if content:
            if _declines("\n".join(content)):
                raise _Decline
            self.block(content)

    def heading(self, line: str) -> None:
        match = _HEADING.match(line)
        if match is None:
            raise _Decline
        inner: list[Finding] = []
        shown = _inline(match.group("header"), inner)
        if "*" in shown or "_" in shown:
            raise _Decline  # emphasis in a heading: its text needs the converter
        self.findings.append(Finding("heading", " ".join(shown.split()), level=len(match["level"])))
        self.findings += inner
        self.words += len(shown.split())

    def text(self, line: str) -> None:
        shown = _inline(line, self.findings)
        tokens = shown.split()
        if "*" in shown or "_" in shown:
            _plain_emphasis(_LINK.sub(_masked, line))
            if any(not token.strip("*_") for token in tokens):
                raise _Decline  # emphasis around a picture alone: a word or none
        self.words += len(tokens)


def _masked(link: re.Match[str]) -> str:
    """A link as one letter, its text checked on its own: the converter emphasises
    inside a link and around it, never across its edge."""
    _plain_emphasis(link.group(2))
    return "x"


def _plain_emphasis(text: str) -> None:
    """Decline unless every '*' and '_' begins or ends a word, as in '**bold**',
    '*a few words*' or '_this_,': the converter's reading of anything else
    ('2*3*4', 'snake_case', '*a**b*c', a lone '*') is not worth predicting, and
    mixed runs inside one word can make it drop text."""
    for token in text.split():
        if ("*" in token or "_" in token) and not _PLAIN_EMPHASIS.fullmatch(token):
            raise _Decline


_RUNS = {"*": re.compile(r"\*+"), "_": re.compile(r"_+")}


def _mixed_emphasis(text: str) -> None:
    """Decline a block where emphasis opened in one word and closed in another
    meets a word emphasised with a run of another length ('*two word **strong**'):
    the converter can pair the runs across each other and drop letters."""
    text = _LINK.sub("x", text)
    for marker, runs in _RUNS.items():
        if marker not in text:
            continue
        open_across: set[int] = set()
        closed_within: set[int] = set()
        for token in text.split():
            word = token.rstrip(".,;:!?)'\"")
            if marker not in word:
                continue
            starts, ends = word.startswith(marker), word.endswith(marker)
            run = runs.match(word) if starts else runs.search(word)
            length = len(run.group()) if run else 0
            if starts and ends:
                closed_within.add(length)
            elif starts or ends:
                open_across.add(length)
        if open_across and closed_within - open_across:
            raise _Decline


def _inline(text: str, findings: list[Finding]) -> str:
    """The text as a reader sees its words (links by their text, images gone),
    recording its links and images; declines a bracket that is not a simple link."""
    if "[" not in text and "]" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for match in _LINK.finditer(text):
        pieces.append(text[done : match.start()])
        image, label, address = match.groups()
        if image:
            findings.append(Finding("image", address, alt=label))
        else:
            findings.append(Finding("link", address))
            pieces.append(label)
        done = match.end()
    pieces.append(text[done:])
    shown = "".join(pieces)
    if "[" in shown or "]" in shown:
        raise _Decline
    return shown


def _table(lines: list[str]) -> list[list[str]] | None:
    """The cells of a table, as the converter's tables extension would read the
    block (its test and its row splitting, without code spans or escapes, which
    are declined), or None when the block is not a table."""
    if len(lines) < 2 or "|" not in lines[0]:
        return None
    rows = [line.strip(" ") for line in lines]
    border = rows[0].startswith("|") or rows[0].endswith("|")

    def cells(row: str) -> list[str]:
        if border:
            row = row[1:] if row.startswith("|") else row
            row = row[:-1] if row.endswith("|") else row
        return row.split("|")

    width = len(cells(rows[0]))
    is_table = width > 1
    if width == 1 and border:
        for row in rows[1:]:
            is_table = row.startswith("|") or row.endswith("|")
            if not is_table:
                break
    if not is_table:
        return None
    separator = cells(rows[1])
    if len(separator) != width or not set("".join(separator)) <= set("|:- "):
        return None
    body = rows[2:]
    table = [cells(rows[0]), *(cells(row) for row in body)] if body else [cells(rows[0])]
    return [[cell.strip(" ") for cell in row[:width]] for row in table]


def inspect(text: str) -> Inspection:
    """What the body rules need to know of a story, as fast as it can be known.

    A plain story is read by :func:`scan_story`, which agrees with the
    conversion wherever it answers (tested fixture by fixture); anything else is
    converted. Only ``publication validate`` takes this path: a build converts
    every story and judges the conversion itself.
    """
    return scan_story(text) or render(text)
