"""Split a case-study file into front matter and body, and read the YAML strictly.

Plain YAML loaders forget where a value was written, keep the last of two
duplicated keys, and turn ``no`` into ``False``. Editors need the opposite: every
problem pointed at its line, duplicates reported, and values kept as written. So
this module builds its own small tree from the YAML parser's events, with a
position on every key and value and the YAML 1.2 core types only (``true`` and
``false`` are booleans; ``yes``, ``no``, ``on``, ``off`` stay text).

libyaml also reads a few things YAML 1.2 does not allow; :func:`parse_yaml`
asks :mod:`generator.core.yaml12` about those, and reads ``?foo`` as the text it is.
The tree's nodes are in :mod:`generator.core.yaml_tree`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from .yaml12 import blank_lines_before, layout_problems, restore_question_marks, token_checks
from .yaml_tree import (
    LOADER,
    MapNode,
    Node,
    Pos,
    RawProblem,
    Scalar,
    ScalarNode,
    SeqNode,
    duplicate_key,
    plain_scalar,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MapNode",
    "Node",
    "Pos",
    "RawProblem",
    "Scalar",
    "ScalarNode",
    "SeqNode",
    "SplitFile",
    "decode",
    "parse_yaml",
    "plain_scalar",
    "split",
]
"""The reader, and the tree it builds (:mod:`generator.core.yaml_tree`), which every
rule reads positions from."""

MAX_FILE_BYTES = 1_000_000
"""A case-study file is at most 1 MB."""


@dataclass
class SplitFile:
    """A file's text divided into its two parts."""

    text: str
    """The whole file, decoded, BOM removed, line endings made ``\\n``."""
    front_matter: MapNode | None
    body: str
    body_line: int
    problems: list[RawProblem]


def decode(data: bytes) -> tuple[str | None, RawProblem | None]:
    """Decode UTF-8 (a BOM accepted); point at the first byte that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, RawProblem(
            line,
            column,
            "not-utf8",
            f"this file is not UTF-8 text (byte 0x{data[error.start]:02x} here); "
            "save it as UTF-8 in your editor (in most editors: Save As, Encoding: UTF-8)",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


_CLOSING = re.compile(r"^---[^\S\n]*$", re.M)
"""The line that closes the front matter: '---', perhaps with spaces after it."""


def split(data: bytes) -> SplitFile:
    """Read a case-study file's bytes into front matter and body, never raising."""
    if len(data) > MAX_FILE_BYTES:
        return SplitFile(
            "",
            None,
            "",
            1,
            [
                RawProblem(
                    1,
                    1,
                    "file-too-large",
                    f"this file is {len(data):,} bytes; a case study is at most "
                    f"{MAX_FILE_BYTES:,} bytes (1 MB). Move large images into files "
                    "beside it and shorten the text",
                )
            ],
        )
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return SplitFile("", None, "", 1, [problem])
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return SplitFile(
            text,
            None,
            "",
            1,
            [
                RawProblem(
                    1,
                    1,
                    "no-front-matter",
                    "a case study must start with a line '---', then its fields "
                    "(title:, practice:, ...), then another '---' line, then the story",
                )
            ],
        )
    closing = _CLOSING.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        return SplitFile(
            text,
            None,
            "",
            1,
            [
                RawProblem(
                    1,
                    1,
                    "unclosed-front-matter",
                    "the fields that start on line 1 with '---' are never closed; "
                    "add a line '---' after the last field, before the story",
                )
            ],
        )
    yaml_text = text[first_end + 1 : closing.start()] or "\n"
    body = text[closing.end() + 1 :]
    body_line = text.count("\n", 0, closing.start()) + 2
    node, problems = parse_yaml(yaml_text, line_offset=1)
    if node is not None and not isinstance(node, MapNode):
        problems.append(
            RawProblem(
                node.pos.line,
                node.pos.column,
                "front-matter-not-fields",
                "the front matter must be fields written 'name: value', one per line",
            )
        )
        node = None
    if node is None and not problems:
        problems.append(
            RawProblem(
                1, 1, "front-matter-empty", "the front matter between the '---' lines is empty"
            )
        )
    return SplitFile(text, node, body, body_line, problems)


_YAML_HINTS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "a value contains ': ' (a colon and a space); put the whole value in quotes, "
        'for example title: "Phones: what we changed"',
    ),
    (
        "cannot start any token",
        "YAML cannot start a value with this character (a tab, '@', '%' or a backtick); "
        "indent with spaces, or put the value in quotes",
    ),
    (
        "could not find expected ':'",
        "this line is not 'name: value'; check that the text above is indented to "
        "match, or put a long value in quotes",
    ),
    (
        "did not find expected key",
        "the indentation here does not match the lines above; line up fields that "
        "belong together with the same number of spaces",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is indented differently from the items above; line up every '- '",
    ),
    (
        "did not find expected <document start>",
        "a line '...' (YAML's end-of-document mark) ends the fields too early; delete it",
    ),
    (
        "found unexpected end of stream",
        "a quoted value is never closed; add the closing quote",
    ),
    (
        "found unknown escape character",
        "a backslash inside double quotes starts an escape; use single quotes, or write \\\\",
    ),
)


def _syntax_problem(error: yaml.MarkedYAMLError, line_offset: int, text: str) -> RawProblem:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    column = (mark.column + 1) if mark else 1
    if mark is not None:
        blank = blank_lines_before(text.split("\n"), mark.line, line_offset)
        if blank is not None:
            return blank
    problem = (error.problem or "").strip()
    hint = next((h for key, h in _YAML_HINTS if key in problem), None)
    if mark is not None and _after_closing_quote(text, mark.line, mark.column):
        hint = (
            "more text follows a closing quote on this line; put the whole value "
            """inside the quotes, for example title: '"Phones" and texts'"""
        )
    message = (
        f"the fields are not valid YAML: {hint}"
        if hint
        else f"the fields are not valid YAML ({problem}); check the quoting and "
        "indentation on this line and the one above"
    )
    return RawProblem(line, column, "yaml-syntax", message)


def _after_closing_quote(text: str, line: int, column: int) -> bool:
    """Whether the parser stopped at text just after a quoted value (``"Phones" and
    texts``): libyaml calls that a missing key, which would send an editor to the
    indentation instead of the quotes."""
    lines = text.split("\n")
    if line >= len(lines) or column >= len(lines[line]):
        return False
    before = lines[line][:column].rstrip()
    return before.endswith(('"', "'")) and ": " in before and not lines[line][column].isspace()


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser's events (what ``yaml.parse`` does, at half its cost)."""
    loader = LOADER(text)
    try:
        check, get = loader.check_event, loader.get_event
        while check():
            yield get()
    finally:
        loader.dispose()


def parse_yaml(text: str, *, line_offset: int = 0) -> tuple[Node | None, list[RawProblem]]:
    """Build a positioned tree from YAML text; report anchors, aliases, tags and
    duplicate keys instead of resolving them, and what YAML 1.2 refuses but
    libyaml reads (see the module's docstring). Never raises for any input."""
    early: list[RawProblem] = []
    mark: str | None = None
    if ("#" in text or "?" in text) and _MAY_NEED_TOKENS.search(text):
        text, early, mark = token_checks(text, line_offset)
    result = _composed_tree(text, line_offset) if not _MAY_HOLD_REFUSED.search(text) else None
    node, problems = result or _evented_tree(text, line_offset)
    if mark is not None:
        node, problems = restore_question_marks(node, problems, mark)
    if node is not None:
        problems += layout_problems(text, node, line_offset)
    return node, early + problems


_MAY_HOLD_REFUSED = re.compile(r"[&*!]")
_MAY_NEED_TOKENS = re.compile(r"\S#|[\[{,:]\s*\?[^\s,\[\]{}]")
"""A '#' right after something, or a '?' right before something where brackets
may hold it: only then are the parser's tokens read for
:func:`generator.core.yaml12.token_checks`."""


def _key_text(value: Scalar) -> str:
    """A field name as written: ``true:`` is the name 'true', not a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


"""Anchors, aliases and tags all need one of these characters."""


def _composed_tree(text: str, line_offset: int) -> tuple[Node | None, list[RawProblem]] | None:
    """The common case, several times faster: libyaml composes the nodes and this
    only converts them. Without ``&``, ``*`` or ``!`` there is nothing the
    composer would resolve away. Returns None (use the event reader, which
    words every error) for anything unusual."""
    try:
        composed = yaml.compose(text, Loader=LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    if composed is None:
        return None, []
    problems: list[RawProblem] = []
    first_line = 1 + line_offset

    def pos(mark: yaml.Mark) -> Pos:
        return Pos(mark.line + first_line, mark.column + 1)

    def convert(node: yaml.Node) -> Node:
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style in ("'", '"', "|", ">")
            value: Scalar = node.value if quoted else plain_scalar(node.value)
            return ScalarNode(pos(node.start_mark), pos(node.end_mark), value, quoted)
        if isinstance(node, yaml.SequenceNode):
            return SeqNode(
                pos(node.start_mark), pos(node.end_mark), [convert(item) for item in node.value]
            )
        mapping = MapNode(pos(node.start_mark), pos(node.end_mark))
        for key_node, value_node in node.value:
            key_pos = pos(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    RawProblem(
                        key_pos.line,
                        key_pos.column,
                        "yaml-complex-key",
                        "a field name must be plain text followed by ':'",
                    )
                )
                continue
            key = _key_text(key_node.value if key_node.style else plain_scalar(key_node.value))
            if key in mapping.items:
                problems.append(duplicate_key(key, key_pos, mapping.items[key][0]))
                continue
            mapping.items[key] = (key_pos, convert(value_node))
        return mapping

    try:
        return convert(composed), problems
    except RecursionError:
        return None


def _evented_tree(text: str, line_offset: int) -> tuple[Node | None, list[RawProblem]]:
    """Read the parser's events one by one, so anchors, aliases and tags are seen
    where they were written, before anything resolves them."""
    problems: list[RawProblem] = []

    first_line = 1 + line_offset

    def pos(mark: yaml.Mark) -> Pos:
        return Pos(mark.line + first_line, mark.column + 1)

    root: Node | None = None
    # Stack of containers being filled; for a mapping, the pending key (its
    # text, or None for a key that is not text: its value is then dropped; a
    # text such as "\0complex" could be a key an editor wrote).
    stack: list[tuple[Node, tuple[str | None, Pos] | None]] = []

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            if root is None:
                root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent, SeqNode):
            parent.items.append(node)
            return
        assert isinstance(parent, MapNode)
        if pending is None:
            # This node is a key.
            if isinstance(node, ScalarNode):
                stack[-1] = (parent, (_key_text(node.value), node.pos))
            else:
                problems.append(
                    RawProblem(
                        node.pos.line,
                        node.pos.column,
                        "yaml-complex-key",
                        "a field name must be plain text followed by ':'",
                    )
                )
                stack[-1] = (parent, (None, node.pos))
            return
        key, key_pos = pending
        stack[-1] = (parent, None)
        if key is None:
            return
        if key in parent.items:
            problems.append(duplicate_key(key, key_pos, parent.items[key][0]))
            return
        parent.items[key] = (key_pos, node)

    def refuse(event: yaml.Event) -> None:
        p = pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                RawProblem(
                    p.line,
                    p.column,
                    "yaml-alias",
                    f"'*{event.anchor}' repeats a value from elsewhere (a YAML alias); "
                    "write the value out in full here",
                )
            )
            return
        if getattr(event, "anchor", None):
            problems.append(
                RawProblem(
                    p.line,
                    p.column,
                    "yaml-anchor",
                    f"'&{event.anchor}' (a YAML anchor) is not allowed; remove it",
                )
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                RawProblem(
                    p.line,
                    p.column,
                    "yaml-tag",
                    f"'{tag}' (a YAML tag) is not allowed; write the value plainly, "
                    "in quotes if it is text",
                )
            )

    try:
        for event in _events(text):
            if isinstance(event, yaml.AliasEvent):
                refuse(event)
                # Kept as the text written, so the alias is the only message here.
                alias = f"*{event.anchor}"
                attach(ScalarNode(pos(event.start_mark), pos(event.end_mark), alias, True))
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None or event.tag is not None:
                    refuse(event)
                quoted = event.style in ("'", '"', "|", ">")
                value: Scalar = event.value if quoted else plain_scalar(event.value)
                attach(ScalarNode(pos(event.start_mark), pos(event.end_mark), value, quoted))
            elif isinstance(event, yaml.SequenceStartEvent):
                refuse(event)
                node: Node = SeqNode(pos(event.start_mark), pos(event.end_mark))
                attach(node)
                stack.append((node, None))
            elif isinstance(event, yaml.MappingStartEvent):
                refuse(event)
                node = MapNode(pos(event.start_mark), pos(event.end_mark))
                attach(node)
                stack.append((node, None))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done, _ = stack.pop()
                done.end = pos(event.end_mark)
            elif isinstance(event, yaml.DocumentStartEvent) and root is not None:
                p = pos(event.start_mark)
                problems.append(
                    RawProblem(
                        p.line,
                        p.column,
                        "yaml-syntax",
                        "the fields hold a second YAML document ('---'); keep one",
                    )
                )
                break
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, line_offset, text))
        return None, problems
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        problems.append(
            RawProblem(
                1 + line_offset, 1, "yaml-syntax", f"the fields are not valid YAML ({error})"
            )
        )
        return None, problems
    except RecursionError:
        problems.append(
            RawProblem(
                1 + line_offset, 1, "yaml-too-deep", "the fields are nested too deeply to read"
            )
        )
        return None, problems
    return root, problems
