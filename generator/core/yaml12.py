"""What libyaml reads that YAML 1.2 does not allow, found and named at its place.

libyaml takes a ``#`` glued to a quote, a bracket or a block header for a
comment; reads the lines of a quoted text or a bracketed list indented no more
than their field (or by a tab); accepts empty lines with more spaces than the
first line of a ``>`` or ``|`` value; and reads ``?foo`` in brackets as the key
``foo``. The YAML test suite marks all of these invalid, and an editor's file
that holds one means something other than what it seems to, so
:func:`generator.core.frontmatter.parse_yaml` asks this module about them: in the
parser's tokens (only when the text holds a ``#`` or ``?`` where they could
be) and in the tree.
"""

from __future__ import annotations

import re

import yaml

from .yaml_tree import LOADER, MapNode, Node, Pos, RawProblem, ScalarNode, SeqNode, duplicate_key


def _not_yaml(line: int, column: int, words: str) -> RawProblem:
    return RawProblem(line, column, "yaml-syntax", f"the fields are not valid YAML: {words}")


_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")
"""A block value's header with a '#' glued to it: ``>#``, ``|-#``."""
_GLUED_AFTER = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.FlowEntryToken)
_FLOW_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_FLOW_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def token_checks(text: str, line_offset: int) -> tuple[str, list[RawProblem], str | None]:
    """What only the tokens show: a comment's '#' glued to a quote, a bracket, a
    comma or a block value's header (libyaml takes it for a comment; YAML 1.2
    needs a space before it), and a '?' in brackets glued to the text after it
    (libyaml reads ``?foo`` as the key ``foo``; in YAML 1.2 it is the text
    ``?foo``). Returns the text with each such '?' replaced by a stand-in that
    the readers take for a letter (restored by :func:`restore_question_marks`),
    the problems, and the stand-in (None: nothing replaced). A text the parser
    refuses is left to the readers, which word the error."""
    problems: list[RawProblem] = []
    questions: list[int] = []
    first_line = 1 + line_offset
    loader = LOADER(text)
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


def restore_question_marks(
    node: Node | None, problems: list[RawProblem], mark: str
) -> tuple[Node | None, list[RawProblem]]:
    """Give back the '?' that :func:`token_checks` replaced with ``mark``: in
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
                    problems.append(duplicate_key(key, key_pos, items[key][0]))
                    continue
                items[key] = (key_pos, child)
            value.items = items
    return node, problems


def layout_problems(text: str, root: Node, line_offset: int) -> list[RawProblem]:
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


def blank_lines_before(lines: list[str], error_line: int, line_offset: int) -> RawProblem | None:
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
