"""The shipped fonts, their declaration and everything generated from it agree.

``generator/fonts.py`` declares the fonts; ``coverage.txt`` (what each face
draws) and the site's ``@font-face`` rules are generated from the files
themselves, and the PDF's stylesheet and the charts name the same stack. If
a font file is added, replaced or dropped, these tests say what to regenerate.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from generator import fonts
from generator.core.figures.svg import FONT_FAMILY
from generator.pdf.document import STYLESHEET

SAMPLES = {
    "Latin": "ŵŷŴŶẁẃẅỳ ŁłóźżąęśćńŹŻ șțȘȚăâî ğıİşŞçÇöüÖÜ áéíóúÁÉÍÓÚ àèìòùÀÈÌÒÙ čďěňřšťůž ß œ ŋŧ",
    "Greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώ",
    "Cyrillic": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў",
    "Arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأؤإئة ٹپچڈڑژکگںھہیےۓ ۔،؛؟ ٠١٢٣",
    "Bengali": "অআইঈউঊঋএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহড়ঢ়য়ৎংঃঁািীুূৃেৈোৌ্।",
    "Gurmukhi": "ਅਆਇਈਉਊਏਐਓਔਕਖਗਘਙਚਛਜਝਞਟਠਡਢਣਤਥਦਧਨਪਫਬਭਮਯਰਲਵੜਸ਼ਸਹਾਿੀੁੂੇੈੋੌ੍ੰੱ",
    "Gujarati": "અઆઇઈઉઊઋએઐઓઔકખગઘઙચછજઝઞટઠડઢણતથદધનપફબભમયરલવશષસહળાિીુૂૃેૈોૌ્ં",
}
"""Each script drawn, by its letters in everyday use."""
SYMBOLS = "−–—‘’“”„«»…•·′″€£$¥₹¢§¶©®™°±×÷≤≥≠≈∞√←↑→↓↔⇒✓★①Ⅻ½¼¾µ📞👍😀❤🇬🇧🏴"


def _drawn() -> set[int]:
    return {p for a, b in fonts.drawn_ranges() for p in range(a, b + 1)}


def test_coverage_file_matches_the_font_files() -> None:
    expected = fonts.coverage_text(fonts.compute(fonts.read_cmaps()))
    actual = fonts.COVERAGE.read_text(encoding="utf-8")
    assert actual == expected, "run `python -m generator.fonts` and commit coverage.txt"


def test_every_font_file_is_declared_and_every_declared_file_ships() -> None:
    shipped = {p.name for p in fonts.FONTS.glob("*.woff2")}
    declared = {face.file for face in fonts.faces()}
    assert declared == shipped
    assert not [p for p in fonts.FONTS.iterdir() if p.suffix in (".ttf", ".otf", ".woff")]


def test_every_family_has_its_licence_and_its_source() -> None:
    sources = (fonts.FONTS / "SOURCES.txt").read_text(encoding="utf-8")
    for family in fonts.FAMILIES:
        licence = fonts.FONTS / "licences" / f"{family.prefix}-OFL.txt"
        text = licence.read_text(encoding="utf-8")
        assert "SIL Open Font License, Version 1.1" in text and "Copyright" in text
        assert f"`@fontsource/{family.prefix}@" in sources


def test_each_subset_has_a_family_name_of_its_own() -> None:
    # WeasyPrint embeds one font per family, weight and style: two files under
    # one name would draw each other's glyphs.
    seen: dict[tuple[str, int, str], str] = {}
    for face in fonts.faces():
        key = (face.family, face.weight, face.style)
        assert seen.setdefault(key, face.file) == face.file, key


def test_every_face_of_every_family_is_declared() -> None:
    # No bold or slant is ever synthesised (that would depend on the machine).
    names = {face.family for face in fonts.faces()}
    for name in names:
        styles = {(f.weight, f.style) for f in fonts.faces() if f.family == name}
        assert styles == {(w, s) for w in fonts.WEIGHTS for s in fonts.STYLES}, name


def test_faces_draw_disjoint_characters_apart_from_marks() -> None:
    owner: dict[int, str] = {}
    for face in fonts.faces():
        for a, b in face.ranges:
            for point in range(a, b + 1):
                if unicodedata.category(chr(point)).startswith("M"):
                    continue
                assert owner.setdefault(point, face.family) == face.family, hex(point)


@pytest.mark.parametrize("script", fonts.SCRIPTS_DRAWN)
def test_every_script_drawn_is_drawn(script: str) -> None:
    drawn = _drawn()
    missing = [c for c in SAMPLES[script] if c != " " and ord(c) not in drawn]
    assert not missing


def test_symbols_and_emoji_are_drawn() -> None:
    drawn = _drawn()
    assert not [c for c in SYMBOLS if ord(c) not in drawn]


def test_symbol_fonts_never_draw_letters() -> None:
    # Noto Sans Math has some Arabic letters: drawn by it, they would not join.
    symbol_families = {
        fonts.css_name(f, s) for f in fonts.FAMILIES if f.symbols_only for s in f.subsets
    }
    for face in fonts.faces():
        if face.family in symbol_families:
            letters = [
                hex(p)
                for a, b in face.ranges
                for p in range(a, b + 1)
                if unicodedata.category(chr(p)).startswith("L")
            ]
            assert not letters, face.family


def test_site_stylesheet_declares_the_generated_faces() -> None:
    css = fonts.SITE_CSS.read_text(encoding="utf-8")
    assert fonts.with_site_block(css) == css, "run `python -m generator.fonts`"
    assert "Noto Emoji" not in css.split(fonts.SITE_BEGIN)[1].split("--md-text")[0]
    urls = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert urls and all((fonts.FONTS / u).is_file() for u in urls)


def test_the_pdf_stylesheet_and_the_charts_name_only_our_stack() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    families = re.findall(r"font-family:\s*([^;]+);", css)
    shorthands = re.findall(r"font:\s*[\d.]+pt/[\d.]+\s+([^;]+);", css)
    assert families and shorthands
    for value in families + shorthands:
        assert value.strip() == fonts.stack()
    assert FONT_FAMILY.replace("'", '"') == fonts.stack()
