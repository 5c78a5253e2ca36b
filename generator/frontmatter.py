"""Split a case-study file into front matter and body, and read the YAML strictly.

Plain YAML loaders forget where a value was written, keep the last of two
duplicated keys, and turn ``no`` into ``False``. Editors need the opposite: every
problem pointed at its line, duplicates reported, and values kept as written. So
this module builds its own small tree from the YAML parser's events, with a
position on every key and value and the YAML 1.2 core types only (``true`` and
``false`` are booleans; ``yes``, ``no``, ``on``, ``off`` stay text).

libyaml also reads a few things YAML 1.2 does not allow (the YAML test suite
marks them invalid): a ``#`` glued to a quote, a bracket or ``>`` taken for a
comment; the lines of a quoted text or a bracketed list indented no more than
their field (or by a tab); empty lines with more spaces than the first line of
a ``>`` or ``|`` value; and ``?foo`` in brackets read as the key ``foo``. So
:func:`parse_yaml` looks for those too, in the parser's tokens (only when the
text holds a ``#`` or ``?`` where they could be) and in the tree both readers
build, and reads ``?foo`` as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import yaml

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
"""A case-study file is at most 1 MB."""


class Pos(NamedTuple):
    """1-based line and column in the file (a tuple: made for every YAML event,
    so it must be cheap, and positions compare in reading order)."""

    line: int
    column: int


Scalar = str | int | float | bool | None


@dataclass
class Node:
    """A YAML value with the position it was written at."""

    pos: Pos
    end: Pos


@dataclass
class ScalarNode(Node):
    value: Scalar = None
    quoted: bool = False
    """Written in quotes or as a block (``|``/``>``): always text."""


@dataclass
class SeqNode(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class MapNode(Node):
    items: dict[str, tuple[Pos, Node]] = field(default_factory=dict)
    """Key -> (the key's position, the value)."""


@dataclass(frozen=True)
class RawProblem:
    """A problem before it is given a file name: the caller knows the path."""

    line: int
    column: int
    rule: str
    message: str
    severity: str = "error"


@dataclass
class SplitFile:
    """A file's text divided into its two parts."""

    text: str
    """The whole file, decoded, BOM removed, line endings made ``\\n``."""
    front_matter: MapNode | None
    body: str
    body_line: int
    problems: list[RawProblem]


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def plain_scalar(text: str) -> Scalar:
    """The value of an unquoted scalar under YAML 1.2's core schema (no dates:
    date fields read their text themselves, so a date means what it says)."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    return text


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
        blank = _blank_lines_before(text.split("\n"), mark.line, line_offset)
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
    loader = _Loader(text)
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
        text, early, mark = _token_checks(text, line_offset)
    result = _composed_tree(text, line_offset) if not _MAY_HOLD_REFUSED.search(text) else None
    node, problems = result or _evented_tree(text, line_offset)
    if mark is not None:
        node, problems = _restore_question_marks(node, problems, mark)
    if node is not None:
        problems += _layout_problems(text, node, line_offset)
    return node, early + problems


_MAY_HOLD_REFUSED = re.compile(r"[&*!]")
_MAY_NEED_TOKENS = re.compile(r"\S#|[\[{,:]\s*\?[^\s,\[\]{}]")
"""A '#' right after something, or a '?' right before something where brackets
may hold it: only then are the parser's tokens read for :func:`_token_checks`."""


def _key_text(value: Scalar) -> str:
    """A field name as written: ``true:`` is the name 'true', not a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _duplicate_key(key: str, key_pos: Pos, first: Pos) -> RawProblem:
    return RawProblem(
        key_pos.line,
        key_pos.column,
        "duplicate-key",
        f"'{key}' is given twice (first on line {first.line}); keep one of them",
    )


"""Anchors, aliases and tags all need one of these characters."""


def _composed_tree(text: str, line_offset: int) -> tuple[Node | None, list[RawProblem]] | None:
    """The common case, several times faster: libyaml composes the nodes and this
    only converts them. Without ``&``, ``*`` or ``!`` there is nothing the
    composer would resolve away. Returns None (use the event reader, which
    words every error) for anything unusual."""
    try:
        composed = yaml.compose(text, Loader=_Loader)
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
                problems.append(_duplicate_key(key, key_pos, mapping.items[key][0]))
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
            problems.append(_duplicate_key(key, key_pos, parent.items[key][0]))
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


def _not_yaml(line: int, column: int, words: str) -> RawProblem:
    return RawProblem(line, column, "yaml-syntax", f"the fields are not valid YAML: {words}")


_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")
"""A block value's header with a '#' glued to it: ``>#``, ``|-#``."""
_GLUED_AFTER = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.FlowEntryToken)
_FLOW_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_FLOW_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def _token_checks(text: str, line_offset: int) -> tuple[str, list[RawProblem], str | None]:
    """What only the tokens show: a comment's '#' glued to a quote, a bracket, a
    comma or a block value's header (libyaml takes it for a comment; YAML 1.2
    needs a space before it), and a '?' in brackets glued to the text after it
    (libyaml reads ``?foo`` as the key ``foo``; in YAML 1.2 it is the text
    ``?foo``). Returns the text with each such '?' replaced by a stand-in that
    the readers take for a letter (restored by :func:`_restore_question_marks`),
    the problems, and the stand-in (None: nothing replaced). A text the parser
    refuses is left to the readers, which word the error."""
    problems: list[RawProblem] = []
    questions: list[int] = []
    first_line = 1 + line_offset
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_token():
            token = loader.get_token()
            start, end = token.start_mark, token.end_mark
            if isinstance(token, _FLOW_OPEN):
                depth += 1
            elif isinstance(token, _FLOW_CLOSE):
                depth -= 1
            if isinstance(token, yaml.KeyToken):
                after = text[end.index : end.index + 1]
                if depth and end.index == start.index + 1 and after not in ",[]{}" + " \t\n":
                    questions.append(start.index)
            elif isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                glued = _HEADER_COMMENT.match(text, start.index)
                if glued:
                    column = start.column + glued.end() - start.index
                    problems.append(_glued_comment(start.line + first_line, column))
            elif (
                (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'))
                or isinstance(token, _GLUED_AFTER)
            ) and text[end.index : end.index + 1] == "#":
                problems.append(_glued_comment(end.line + first_line, end.column + 1))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if not questions:
        return text, problems, None
    mark = next(c for c in map(chr, range(0xE000, 0xF900)) if c not in text)
    chars = list(text)
    for index in questions:
        chars[index] = mark
    return "".join(chars), problems, mark


def _glued_comment(line: int, column: int) -> RawProblem:
    return _not_yaml(
        line,
        column,
        "a '#' starts a comment only after a space: put a space before it, or, if it "
        "belongs to the value, put the whole value in quotes",
    )


def _restore_question_marks(
    node: Node | None, problems: list[RawProblem], mark: str
) -> tuple[Node | None, list[RawProblem]]:
    """Give back the '?' that :func:`_token_checks` replaced with ``mark``: in
    keys (a key equal to another once restored is a duplicate), in values and in
    the problems' messages."""
    problems = [
        RawProblem(p.line, p.column, p.rule, p.message.replace(mark, "?"), p.severity)
        if mark in p.message
        else p
        for p in problems
    ]

    # A stack, not recursion: the event reader builds trees of any depth.
    stack: list[Node] = [] if node is None else [node]
    while stack:
        value = stack.pop()
        if isinstance(value, ScalarNode):
            if isinstance(value.value, str) and value.value.startswith(mark):
                value.value = "?" + value.value[1:]
        elif isinstance(value, SeqNode):
            stack.extend(value.items)
        elif isinstance(value, MapNode):
            items: dict[str, tuple[Pos, Node]] = {}
            for key, (key_pos, child) in value.items.items():
                stack.append(child)
                key = "?" + key[1:] if key.startswith(mark) else key
                if key in items:
                    problems.append(_duplicate_key(key, key_pos, items[key][0]))
                    continue
                items[key] = (key_pos, child)
            value.items = items
    return node, problems


def _layout_problems(text: str, root: Node, line_offset: int) -> list[RawProblem]:
    """What the tree's positions show: the lines of a quoted text or of a list or
    group in brackets must be indented with spaces more than the field they
    belong to (YAML 1.2's flow line prefix; a tab does not count), and a ``>``
    or ``|`` value's leading empty lines may not hold more spaces than its first
    line. One problem per value, at the first line that is wrong."""
    problems: list[RawProblem] = []
    first_line = 1 + line_offset
    lines = text.split("\n")

    def line_at(number: int) -> str:
        index = number - first_line
        return lines[index] if 0 <= index < len(lines) else ""

    def continued(node: Node, indent: int, owner: str) -> None:
        """Every line after the value's first, up to its end, is indented more
        than ``indent`` spaces (empty lines aside)."""
        for number in range(node.pos.line + 1, node.end.line + 1):
            line = line_at(number)
            spaces = len(line) - len(line.lstrip(" "))
            if spaces > indent or not line.strip(" \t"):
                continue
            tab = " (a tab does not count)" if line[spaces : spaces + 1] == "\t" else ""
            problems.append(
                _not_yaml(
                    number,
                    spaces + 1,
                    f"this line goes on with the value begun on line {node.pos.line}: indent "
                    f"it with spaces, more than {owner} is indented{tab}, or join it to the "
                    "line above",
                )
            )
            return

    # A stack, not recursion: the event reader builds trees of any depth. What
    # brackets hold is checked with them: their lines are the brackets' lines.
    stack: list[tuple[Node, int, str, bool]] = [(root, -1, "the field", False)]
    while stack:
        node, indent, owner, in_brackets = stack.pop()
        if isinstance(node, ScalarNode) and (
            in_brackets or not node.quoted or node.end.line == node.pos.line
        ):
            continue  # most values: nothing to check, and quick to tell
        opening = line_at(node.pos.line)[node.pos.column - 1 : node.pos.column]
        if isinstance(node, ScalarNode):
            if opening in ("'", '"'):
                continued(node, indent, owner)
            elif opening in ("|", ">"):
                blank = _blank_lines_after(lines, node, indent, first_line)
                if blank is not None:
                    problems.append(blank)
            continue
        flow = in_brackets or opening in ("[", "{")
        if flow and not in_brackets and node.end.line > node.pos.line:
            continued(node, indent, owner)
        inner = indent if flow else node.pos.column - 1
        if isinstance(node, SeqNode):
            children = [(item, inner, owner if flow else "its '-'", flow) for item in node.items]
        elif isinstance(node, MapNode):
            children = [
                (child, inner, owner if flow else f"'{key}:'", flow)
                for key, (_, child) in node.items.items()
            ]
        stack.extend(reversed(children))  # so problems come in reading order
    return problems


_BLOCK_HEADER = re.compile(r"[|>][-+]?(?P<digit>[1-9]?)")
_ENDS_WITH_HEADER = re.compile(r"(?:^|\s)[|>][-+]?[ \t]*(?:#.*)?$")


def _overindented_blank(lines: list[str], header: int, indent: int) -> tuple[int, int] | None:
    """(0-based line, 1-based column) of the first empty line after a block
    value's header on line ``header`` that holds more spaces than the value's
    first line of text; None if there is none. YAML 1.2 takes a block value's
    indentation from that first line (unless the header gives it as a digit)
    and refuses such a line. The first line of text counts only when it is
    indented more than ``indent`` (its field's): otherwise the value is empty."""
    number = header + 1
    while number < len(lines) and not lines[number].strip(" "):
        number += 1
    if number >= len(lines):
        return None
    spaces = len(lines[number]) - len(lines[number].lstrip(" "))
    if spaces <= indent:
        return None
    for blank in range(header + 1, number):
        if len(lines[blank]) > spaces:
            return blank, spaces + 1
    return None


def _blank_problem(line: int, column: int) -> RawProblem:
    return _not_yaml(
        line,
        column,
        "this empty line, at the start of a '>' or '|' value, holds more spaces than the "
        "first line below it that is not empty; delete the spaces on it (the value takes its "
        "indentation from that line)",
    )


def _blank_lines_after(
    lines: list[str], node: ScalarNode, indent: int, first_line: int
) -> RawProblem | None:
    """The problem of :func:`_overindented_blank` for a block value in the tree."""
    header = node.pos.line - first_line
    digit = _BLOCK_HEADER.match(lines[header], node.pos.column - 1)
    if digit is None or digit["digit"]:
        return None
    found = _overindented_blank(lines, header, indent)
    return None if found is None else _blank_problem(found[0] + first_line, found[1])


def _blank_lines_before(lines: list[str], error_line: int, line_offset: int) -> RawProblem | None:
    """When libyaml refuses the first line of text of a block value because empty
    lines before it hold more spaces (it takes the widest for the indentation),
    the problem is those empty lines: say so there instead."""
    header = error_line - 1
    while header >= 0 and not lines[header].strip(" "):
        header -= 1
    if header < 0 or header == error_line - 1 or not _ENDS_WITH_HEADER.search(lines[header]):
        return None
    found = _overindented_blank(lines, header, -1)
    return None if found is None else _blank_problem(found[0] + 1 + line_offset, found[1])
