"""The ``unsupported-character`` rule: what no shipped font draws is found before any build.

The golden files (``tests/golden/cases/text-*.md``) hold the exact messages
for whole case studies, through both ``publication validate`` and the build's
reading; these tests pin the rule's edges.
"""

from __future__ import annotations

import pytest

from generator.core.frontmatter import Pos
from generator.core.rules import glyphs


def _found(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []

    def report(pos: Pos, rule: str, message: str, severity: str = "error") -> None:
        assert rule == "unsupported-character" and severity == "error"
        found.append((pos.line, pos.column, message))

    glyphs.check_drawable(text, report)
    return found


def test_data_file_matches_unicode() -> None:
    pytest.importorskip("fontTools")
    actual = glyphs.DATA.read_text(encoding="utf-8")
    assert actual == glyphs.data_text(), "run `python -m generator.core.rules.glyphs`"


def test_the_message_names_the_character_its_code_point_and_script() -> None:
    [(line, column, message)] = _found("title: x\nsummary: a 中 b\n")
    assert (line, column) == (2, 12)
    assert message == (
        "'中' (U+4E2D) is Han (Chinese) script, which the publication's fonts cannot "
        "draw; the scripts drawn are Latin, Greek, Cyrillic, Arabic, Bengali, Gurmukhi "
        "and Gujarati"
    )


def test_a_run_is_one_problem_and_columns_count_characters() -> None:
    [(line, column, message)] = _found("📞 ŵ 你好世界再见了\n")
    assert (line, column) == (1, 5)
    assert message.startswith("'你好世界再见了' (U+4F60 U+597D U+4E16 U+754C U+518D and 2 more)")


@pytest.mark.parametrize(
    "text",
    [
        "Croeso ŵ ŷ Łódź ș ț ğ ı İ Gàidhlig Dún",
        "Ελλάδα Привет Київ",
        "−5 € £ ₹ → ≤ ≥ × ÷ ± ≠ ½ ° µ ′ ″ “ ” ‘ ’ – — … •",
        "📞 👍 👍🏽 ❤️ 👩‍⚕️ 🇬🇧 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
        "اردو ے ہ العربية বাংলা ਪੰਜਾਬੀ ગુજરાતી",
        # Spaces, invisible and format characters are another rule's business.
        "a\u00a0b\u2009c\u202fd\u200be\u200df\ufeffg\u00adh\u2066i\u2069\ufe0e",
    ],
)
def test_what_the_fonts_draw_passes(text: str) -> None:
    assert _found(text) == []


def test_a_character_reference_in_the_story_is_checked_too() -> None:
    [(line, column, message)] = _found("ok\nA &#x4E2D; and &#20013; and &amp; &hearts;\n")[:1]
    assert (line, column) == (2, 3)
    assert message.startswith("'中' (U+4E2D) is Han (Chinese) script")
    assert len(_found("&#x4E2D; &#20013;")) == 2


def test_symbols_and_rare_letters_have_their_own_advice() -> None:
    [(_, _, symbol)] = _found("5‰")
    assert symbol.endswith(
        "is a symbol the publication's fonts cannot draw; write it in words or use another symbol"
    )
    [(_, _, letter)] = _found("ạ")
    assert "is a Latin character the publication's fonts cannot draw" in letter


def test_plain_ascii_is_passed_without_a_search() -> None:
    assert _found("plain text, every byte ASCII\n" * 1000) == []


def test_the_guide_names_every_script_drawn_and_every_font() -> None:
    from generator.core.rules.catalogue import RULES
    from generator.fonts import FAMILIES, SCRIPTS_DRAWN
    from generator.site.guide import SCRIPTS_INTRO, SCRIPTS_REFUSED, scripts_drawn

    cause = RULES["unsupported-character"].cause
    for script in SCRIPTS_DRAWN:
        assert script in cause and script in SCRIPTS_INTRO
    assert "Chinese" in cause and "Chinese" in SCRIPTS_REFUSED
    assert [row.font for row in scripts_drawn()] == [f.name for f in FAMILIES]
    assert all(row.draws for row in scripts_drawn())


def test_the_editors_guide_lists_the_fonts_and_the_scripts_refused() -> None:
    """The guide's page (made from the same data) names every font, what it draws,
    and the scripts refused, in a section of its own in its contents."""
    from html import unescape
    from pathlib import Path

    from generator.core.load import load_publication
    from generator.fonts import FAMILIES
    from generator.site.pages import guide_page

    page = guide_page(load_publication(Path(__file__).parent.parent))
    text = unescape(page.html)
    assert 'id="characters"' in page.html
    assert any(h.id == "characters" for h in page.toc)
    for family in FAMILIES:
        assert family.name in text and family.drawn in text
    section = text[text.index('id="characters"') : text.index('id="rules"')]
    assert "Chinese" in section and "`" not in section
