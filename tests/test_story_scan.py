"""The fast reading of stories agrees with the conversion wherever it answers.

``publication validate`` reads plain stories with :mod:`generator.core.story_scan`
instead of converting them; a build converts every story. If the two disagreed
on a link, an image, a heading or the length, validate could pass a story the
build then rejects (never the reverse: the build judges the conversion). So
they are compared on every story we have (golden fixtures, golden projects,
the example publication, synthetic benchmark stories) and on generated ones.
"""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.core.frontmatter import split
from generator.core.markdown import Inspection, render
from generator.core.story_scan import scan_story

from .conftest import GOLDEN, ROOT

sys.path.append(str(ROOT / "benchmarks"))  # last: benchmarks/ must never shadow a package
from synthetic import case_study


def _bodies() -> dict[str, str]:
    found: dict[str, str] = {}
    files = [
        *sorted((GOLDEN / "cases").glob("*.md")),
        *sorted((GOLDEN / "projects").rglob("*.md")),
        *sorted((ROOT / "casestudies").rglob("*.md")),
    ]
    for path in files:
        parts = split(path.read_bytes())
        if parts.body:
            found[str(path.relative_to(ROOT))] = parts.body
    for path in sorted((ROOT / "content").glob("*.md")):
        found[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    rng = random.Random(7)
    for index in range(40):
        found[f"synthetic-{index}"] = split(case_study(index, 40, rng).encode()).body
    return found


BODIES = _bodies()


def _converted(text: str) -> Inspection:
    rendered = render(text)
    return Inspection(rendered.findings, rendered.word_count)


def test_it_agrees_with_the_conversion_on_every_story_we_have() -> None:
    answered = 0
    for name, body in BODIES.items():
        scanned = scan_story(body)
        if scanned is not None:
            answered += 1
            assert scanned == _converted(body), name
    # Not vacuous: most stories are plain enough to be read fast.
    assert answered >= len(BODIES) // 2, f"answered {answered} of {len(BODIES)}"


def test_synthetic_and_example_stories_take_the_fast_path() -> None:
    """The benchmark's stories stand for real ones: if they stop being read fast,
    validation is slow again, so say so here rather than in a benchmark."""
    ours = {n: b for n, b in BODIES.items() if n.startswith(("synthetic-", "casestudies/"))}
    slow = sorted(name for name, body in ours.items() if scan_story(body) is None)
    # Footnotes are the one thing in the examples read only by the converter.
    assert slow == sorted(name for name, body in ours.items() if "[^" in body)
    assert len(slow) <= 2


@pytest.mark.parametrize(
    "text",
    [
        "A <b>bold</b> claim.",
        "Some `code` here.",
        "```\n[a](b)\n```",
        "~~~\n[a](b)\n~~~",
        "    [indented](code.md)",
        "> a quote with [a link](x.md)",
        "!!! note\n    [a](b)\nnot indented",
        "Text\n!!! note\n    [a](b)",
        "!!! note\n    > quoted",
        "!!! note\n    text\n\n    more of the note",
        "Text[^1].\n\n[^1]: A note.",
        "[ref][id]\n\n[id]: https://example.org",
        "[TOC]",
        "An escaped \\[bracket].",
        "An &amp; entity.",
        "{{ figure: survey }}",
        "Title\n=====",
        "Title\n-----",
        "***",
        "- - -",
        "-",
        "1. ---",
        "- > quoted",
        "A lone * star.",
        "snake_case",
        "2*3*4",
        "H*2*O",
        "*a**b*c loses its c",
        "*a*[link](x.md)*b*",
        "*![a picture](p.png)*",
        "## *Emphasis* in a heading",
        "[A link\nover two lines](x.md)",
        "[a](b c)",
        "[a](<b>)",
        '[a](b "title")',
        "\xa0Led by a no-break space.",
        "Line one\r\nline two",
    ],
)
def test_it_declines_what_it_does_not_read(text: str) -> None:
    assert scan_story(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "#Hashtag heading",
        "- # A heading in a list",
        "- 1. A list in a list",
        "- a\n1. b",
        "## C#",
        "## Heading ##",
        "######## Seven hashes",
        "#",
        "Paragraph\n# Heading right under it\n- a list right under that",
        "Text\n- not a list: no blank line before it",
        "2014. A year that starts a list.",
        "1.5 million patients.",
        "- a\n* b\n+ c\nlazy line",
        "1. a\n2. b\n\n1. c",
        "See [this](x.md) and ![a map](map.png), or ![](blank.png) and [](empty.md).",
        "**[Bold link](https://example.org)** and *[em](y.md)*.",
        "**unclosed and *unclosed",
        "[a](b)(c) and [x]()",
        "## See [the guide](https://example.org/guide) now",
        "Two trailing spaces  \nmake a line break.",
        '- item with ! and (parentheses) and "quotes"',
        '!!! note "A [linked](x.md) title"\n    Text with ![a map](map.png).\n    More text.',
        "!!! tip\n    Titled by its kind.",
        '!!! warning ""\n    No title at all.',
        "| a | [b](c.md) |\n|:--|--:|\n| 1 | 2 | dropped [x](y.md) |\n| one cell",
        "a | b\nnot a separator",
        "|single|\n|---|\n|column|",
        "- a\n- b | c\n--|--",
        "- a\n  continued with two spaces\n   and three\n        and eight",
    ],
)
def test_it_answers_plain_stories_as_the_conversion_does(text: str) -> None:
    scanned = scan_story(text)
    assert scanned is not None
    assert scanned == _converted(text)


_PREFIXES = st.sampled_from(
    [
        "",
        "",
        "",
        "# ",
        "## ",
        "#",
        "### x ##",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "10. ",
        "2014. ",
        "- # ",
        "- 1. ",
        "> ",
        "  ",
        "    ",
        "!!! ",
        "-",
        "---",
        "===",
        "***",
        "\xa0",
        "- - ",
    ]
)
_FRAGMENTS = st.sampled_from(
    [
        "word",
        "GP",
        "1.5",
        "2014.",
        "H2O",
        "é",
        "*",
        "**",
        "_",
        "__",
        "*em*",
        "**strong**",
        "_em_",
        "snake_case",
        "#",
        "-",
        "+",
        "1.",
        "!",
        "[",
        "]",
        "(",
        ")",
        "()",
        "[]",
        "[a](b.md)",
        "[two words](https://example.org/a_b*c)",
        "![alt](p.png)",
        "![](p.png)",
        "[](x)",
        "[*em* link](y.md)",
        "![a *b*](c.svg)",
        "[a]",
        "[a][b]",
        "&",
        "&amp;",
        "<b>",
        "`",
        "{{ figure: x }}",
        "\\*",
        "  ",
        "\xa0",
        "\u2003",
        "~",
        '"',
        "'",
        "[a](b c)",
    ]
)
_LINES = st.builds(
    lambda prefix, fragments, glue: prefix + glue.join(fragments),
    _PREFIXES,
    st.lists(_FRAGMENTS, max_size=8),
    st.sampled_from([" ", " ", "", "  "]),
)
_STORIES = st.lists(st.one_of(_LINES, st.just("")), min_size=1, max_size=12).map("\n".join)


@settings(max_examples=600, deadline=None)
@given(_STORIES)
def test_it_agrees_with_the_conversion_on_generated_stories(text: str) -> None:
    scanned = scan_story(text)
    if scanned is not None:
        assert scanned == _converted(text)


_MARKED = st.lists(
    st.sampled_from(["*", "**", "_", "__", "a", "b", "[l](u.md)", "![i](p.png)", " ", "  ", "\n"]),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_MARKED)
def test_it_agrees_with_the_conversion_on_emphasis_around_links(text: str) -> None:
    """Emphasis mixed with links is where the converter is most surprising (it
    can drop text: '*a**b*c' loses the 'c'); the fast reading must decline it."""
    scanned = scan_story(text)
    if scanned is not None:
        assert scanned == _converted(text)


_PLAIN_WORDS = st.sampled_from(
    [
        "word",
        "GP",
        "1.5",
        "(",
        ")",
        "!",
        "&",
        "é",
        "[a](b.md)",
        "![alt](p.png)",
        "![](p.png)",
        "[two words](https://example.org/a_b*c)",
        "[](x)",
        "1.",
    ]
)
_PLAIN_TEXT = st.sampled_from(["*em*", "**strong**", "_em_", "*two", "words*", "[*em*](y.md)"])
_PLAIN_LINES = st.one_of(
    st.builds(
        lambda prefix, words: prefix + " ".join(words),
        st.sampled_from(["# ", "## ", "###", "- # "]),
        st.lists(_PLAIN_WORDS, min_size=1, max_size=6),
    ),
    st.builds(
        lambda prefix, words: prefix + " ".join(words),
        st.sampled_from(["", "", "- ", "1. ", "2014. ", "  "]),
        st.lists(st.one_of(_PLAIN_WORDS, _PLAIN_TEXT), min_size=1, max_size=8),
    ),
)
_PLAIN_BLOCKS = st.one_of(
    st.lists(_PLAIN_LINES, min_size=1, max_size=4).map("\n".join),
    st.builds(
        lambda title, lines: f'!!! note "{" ".join(title)}"' + "".join("\n    " + x for x in lines),
        st.lists(_PLAIN_WORDS, max_size=4),
        st.lists(_PLAIN_LINES, max_size=3),
    ),
    st.sampled_from(["| a | b |\n|---|:-:|\n| [c](d.md) | e |", "| one |\n| --- |\n| two |"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAIN_BLOCKS, min_size=1, max_size=6).map("\n\n".join))
def test_it_answers_generated_plain_stories_as_the_conversion_does(text: str) -> None:
    """Plain stories are answered (the property above is not passed by declining).

    Emphasis left open across words beside a '**' run is not plain: the
    converter can pair the runs across each other and drop letters
    ('*two word **strong**' shows 'wo wor'), so the fast reading declines it."""
    assume(not (("*two" in text or "words*" in text) and "**" in text))
    scanned = scan_story(text)
    assert scanned is not None
    assert scanned == _converted(text)
