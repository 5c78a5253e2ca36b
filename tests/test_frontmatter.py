"""The strict YAML reader: positions, types as written, duplicates, refused features."""

from __future__ import annotations

import pytest

from generator.core.frontmatter import (
    MapNode,
    Pos,
    ScalarNode,
    SeqNode,
    parse_yaml,
    plain_scalar,
    split,
)


def tree(text: str):
    node, problems = parse_yaml(text)
    assert problems == []
    return node


def value(node, *path):
    for key in path:
        node = node.items[key] if isinstance(node, SeqNode) else node.items[key][1]
    return node


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("NO", "NO"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("", None),
        ("~", None),
        ("null", None),
        ("9800", 9800),
        ("-3", -3),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("0x1F", "0x1F"),  # YAML 1.1 hex: text here
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        ("2014-04-12", "2014-04-12"),  # dates stay text: the date rule reads them
        ("12:30", "12:30"),  # YAML 1.1 sexagesimal: text here
        (".", "."),
        ("+", "+"),
        (".inf", ".inf"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text: str, expected: object) -> None:
    assert plain_scalar(text) == expected
    assert type(plain_scalar(text)) is type(expected)


def test_quoted_values_are_always_text() -> None:
    node = tree("a: 'true'\nb: \"9800\"\nc: |\n  yes\nd: >-\n  no\n")
    assert [value(node, k).value for k in "abcd"] == ["true", "9800", "yes\n", "no"]
    assert all(value(node, k).quoted for k in "abcd")


def test_positions_of_keys_and_values() -> None:
    node = tree("title: Hello\npractice:\n  name: X\n  town:   Y\nthemes:\n  - a\n  - b\n")
    title_key, title = node.items["title"]
    assert title_key == Pos(1, 1)
    assert title.pos == Pos(1, 8)
    practice_key, practice = node.items["practice"]
    assert practice_key == Pos(2, 1)
    assert isinstance(practice, MapNode)
    assert practice.pos == Pos(3, 3)
    assert practice.items["town"][0] == Pos(4, 3)
    assert practice.items["town"][1].pos == Pos(4, 11)
    themes = value(node, "themes")
    assert [item.pos for item in themes.items] == [Pos(6, 5), Pos(7, 5)]


def test_line_offset_moves_every_position() -> None:
    node, _ = parse_yaml("a: 1\n", line_offset=1)
    assert node.items["a"][0] == Pos(2, 1)


def test_value_end_positions_span_the_value() -> None:
    node = tree("email: jo@example.org\n")
    scalar = value(node, "email")
    assert (scalar.pos, scalar.end) == (Pos(1, 8), Pos(1, 22))


def test_duplicate_keys_are_reported_and_the_first_kept() -> None:
    node, problems = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert [(p.line, p.column, p.rule) for p in problems] == [
        (4, 3, "duplicate-key"),
        (5, 1, "duplicate-key"),
    ]
    assert "first on line 3" in problems[0].message
    assert value(node, "a").value == 1
    assert value(node, "b", "c").value == 2


def test_anchors_aliases_and_tags_are_refused() -> None:
    node, problems = parse_yaml("a: &x 1\nb: *x\nc: !!str 3\nd: !custom x\n")
    assert [(p.line, p.rule) for p in problems] == [
        (1, "yaml-anchor"),
        (2, "yaml-alias"),
        (3, "yaml-tag"),
        (4, "yaml-tag"),
    ]
    assert "'!!str'" in problems[2].message
    assert isinstance(node, MapNode)


def test_complex_keys_are_refused() -> None:
    _, problems = parse_yaml("? [a, b]\n: 1\n")
    assert [p.rule for p in problems] == ["yaml-complex-key"]


def test_syntax_errors_have_a_position_and_a_hint() -> None:
    node, problems = parse_yaml("title: Phones: what we changed\n", line_offset=1)
    assert node is None
    (problem,) = problems
    assert (problem.line, problem.column, problem.rule) == (2, 14, "yaml-syntax")
    assert "put the whole value in quotes" in problem.message


def test_text_after_a_closing_quote_is_named_as_such() -> None:
    """libyaml calls it a missing key; the editor needs to hear about the quotes."""
    _node, problems = parse_yaml('summary: x\ntitle: "Phones" and texts\n', line_offset=1)
    (problem,) = problems
    assert (problem.line, problem.column, problem.rule) == (3, 17, "yaml-syntax")
    assert "more text follows a closing quote" in problem.message


def test_tabs_are_a_syntax_error_not_a_crash() -> None:
    node, problems = parse_yaml("a:\n\tb: 1\n")
    assert node is None
    assert problems[0].rule == "yaml-syntax"


def test_deep_nesting_does_not_crash() -> None:
    node, problems = parse_yaml("[" * 5000 + "]" * 5000)
    assert node is not None or problems


def test_numeric_and_boolean_keys_are_text() -> None:
    node = tree("1: a\ntrue: b\nno: c\n")
    assert list(node.items) == ["1", "true", "no"]


# --- split --------------------------------------------------------------------


def test_split_finds_front_matter_and_body_line() -> None:
    parts = split(b"---\ntitle: x\n---\n\n## Body\n")
    assert parts.problems == []
    assert isinstance(parts.front_matter, MapNode)
    assert parts.body == "\n## Body\n"
    assert parts.body_line == 4


def test_split_accepts_bom_and_crlf() -> None:
    parts = split(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nBody\r\n")
    assert parts.problems == []
    assert parts.text == "---\ntitle: x\n---\nBody\n"
    assert parts.body == "Body\n"


def test_split_accepts_closing_line_with_trailing_spaces() -> None:
    parts = split(b"--- \ntitle: x\n---  \nBody\n")
    assert parts.problems == []
    assert parts.body == "Body\n"


@pytest.mark.parametrize(
    ("data", "rule", "line", "column"),
    [
        (b"", "no-front-matter", 1, 1),
        (b"title: x\n", "no-front-matter", 1, 1),
        (b"---\ntitle: x\n", "unclosed-front-matter", 1, 1),
        (b"---\n---\nBody\n", "front-matter-empty", 1, 1),
        (b"---\n- a\n---\n", "front-matter-not-fields", 2, 1),
        (b"---\njust text\n---\n", "front-matter-not-fields", 2, 1),
        (b"---\ntitle: caf\xe9\n---\n", "not-utf8", 2, 11),
        (b"---\n\xff\n---\n", "not-utf8", 2, 1),
    ],
)
def test_split_problems(data: bytes, rule: str, line: int, column: int) -> None:
    parts = split(data)
    assert parts.front_matter is None
    assert [(p.rule, p.line, p.column) for p in parts.problems] == [(rule, line, column)]


def test_split_refuses_more_than_1_mb_without_decoding() -> None:
    parts = split(b"\xff" * 1_000_001)
    assert [p.rule for p in parts.problems] == ["file-too-large"]
    assert "1,000,001 bytes" in parts.problems[0].message


def test_body_keeps_its_own_text() -> None:
    parts = split(b"---\ntitle: x\n---\n---\nstill body\n")
    assert parts.body == "---\nstill body\n"
    assert isinstance(value(parts.front_matter, "title"), ScalarNode)


# --- YAML 1.2 where libyaml is lenient -----------------------------------------
# Inputs the YAML test suite marks invalid (its ids in the comments) that libyaml
# reads anyway: each is a yaml-syntax error at its place, with both readers.


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        # DK95/01: a tab is not indentation, so "\tbaz" is not indented at all.
        ('foo: "bar\n\tbaz"\n', 2, 1, "(a tab does not count)"),
        # QB6E: a quoted text's next line indented no more than its field.
        ('quoted: "a\nb\nc"\n', 2, 1, "more than 'quoted:' is indented"),
        ("practice:\n  town: 'Lower\n  Town'\n", 3, 3, "more than 'town:' is indented"),
        ("items:\n- 'one\n two'\n- 'three\nfour'\n", 5, 1, "more than its '-' is indented"),
        # 9C9N: the lines of a list in brackets, likewise.
        ("flow: [a,\nb,\nc]\n", 2, 1, "more than 'flow:' is indented"),
        # SU5Z, X4QW, 9JBA, CVW2: a comment needs a space before its '#'.
        ('key: "value"# invalid comment\n', 1, 13, "put a space before it"),
        ("key: 'value'#c\n", 1, 13, "put a space before it"),
        ("block: ># comment\n  scalar\n", 1, 9, "put a space before it"),
        ("block: |-#\n  scalar\n", 1, 10, "put a space before it"),
        ("list: [ a, b, c, ]#invalid\n", 1, 19, "put a space before it"),
        ("list: [ a, b, c,#invalid\n  ]\n", 1, 17, "put a space before it"),
        # S98Z: empty lines at the start of a block value with more spaces than
        # its first line; 5LLU and W9L4 (which libyaml refuses, but blames the
        # line of text) say so too.
        ("empty block scalar: >\n \n  \n   \n # comment\n", 3, 2, "empty line"),
        ("block scalar: >\n \n  \n   \n invalid\n", 3, 2, "empty line"),
        ("block scalar: |\n     \n  more spaces at the beginning\n  are invalid\n", 2, 3, "empty"),
    ],
)
def test_invalid_yaml_that_libyaml_reads_is_refused(
    text: str, line: int, column: int, words: str
) -> None:
    _, problems = parse_yaml(text)
    assert [(p.rule, p.line, p.column) for p in problems] == [("yaml-syntax", line, column)]
    assert words in problems[0].message
    assert problems[0].message.startswith("the fields are not valid YAML")


@pytest.mark.parametrize(
    "text",
    [
        'foo: "bar\n  \tbaz"\n',  # DK95/02: spaces first, then a tab
        'foo: "bar\n \t \t baz \t \t "\n',  # DK95/08
        'foo: "bar\n\n \n  baz"\n',  # empty lines inside quotes need no indentation
        "practice:\n  town: 'Lower\n   Town'\n",
        "items:\n- 'one\n  two'\n",
        "flow: [a,\n b,\n c]\n",
        'key: "value" # comment\n',
        "block: > # comment\n  scalar\n",
        "block: |2\n    \n  text\n",  # an explicit indentation allows it
        "a: >\n   \nb: 1\n",  # spaces on an empty line before the next field
        "a: >\n  text\n      \n  more\n",  # empty lines inside the text
        "a: b\t# comment\n",
        "a: b#c\n",  # in plain text, '#' after a letter is text
        "list: [a, b] # comment\n",
        "url: https://example.org/page#part\n",
    ],
)
def test_valid_neighbours_stay_valid(text: str) -> None:
    node, problems = parse_yaml(text)
    assert problems == []
    assert isinstance(node, MapNode)


def test_flow_key_with_a_question_mark_keeps_it() -> None:
    """652Z: '?' followed by a letter starts a plain text, in brackets too."""
    node = tree("{ ?foo: bar }\n")
    assert list(node.items) == ["?foo"]
    assert node.items["?foo"][0] == Pos(1, 3)
    node = tree("a: [?x, y]\nb: {? c : d, ?e: f}\n")
    assert [item.value for item in value(node, "a").items] == ["?x", "y"]
    assert list(value(node, "b").items) == ["c", "?e"]


def test_a_flow_key_with_a_question_mark_is_an_unknown_field(make_project) -> None:
    from generator.core.load import load_publication

    from .conftest import GOLDEN

    valid = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
    text = valid.replace("  name: Test Surgery\n", "").replace(
        "practice:\n", "practice: { ?name: Test Surgery, town: Testtown, nation: Scotland }\n"
    )
    text = text.replace("  town: Testtown\n  nation: Scotland\n", "")
    root = make_project({"casestudies/q.md": text})
    problems = [(p.line, p.column, p.rule) for p in load_publication(root).problems]
    assert problems == [(3, 1, "missing-field"), (3, 13, "unknown-field")]


def test_question_marks_and_duplicates_read_alike() -> None:
    _, problems = parse_yaml("{ ?a: 1, ?a: 2, '?a': 3 }\n")
    assert [(p.rule, p.column) for p in problems] == [
        ("duplicate-key", 10),
        ("duplicate-key", 17),
    ]
    assert "'?a' is given twice" in problems[0].message


def test_a_key_that_looks_like_the_readers_own_marker_is_kept() -> None:
    """Found by tests/test_frontmatter_paths.py: the event reader marked a key that
    is not text with the text "\\0complex", and so dropped a key written so."""
    from generator.core.frontmatter import _composed_tree, _evented_tree

    text = 'field: {"\\0complex": 1}\n'
    assert _composed_tree(text, 0) == _evented_tree(text, 0)
    assert list(value(tree(text), "field").items) == ["\0complex"]
    node, problems = _evented_tree("? [a]\n: 1\nb: 2\n", 0)
    assert [p.rule for p in problems] == ["yaml-complex-key"]
    assert list(node.items) == ["b"]
