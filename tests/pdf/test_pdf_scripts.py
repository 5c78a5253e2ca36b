"""Every script the publication promises, built for real into the site and the PDF.

The golden case study ``tests/golden/cases/text-scripts-drawn-ok.md`` mixes
Welsh, Polish, Romanian, Turkish, Irish, Gaelic, Greek, Cyrillic, Urdu,
Arabic, Bengali, Panjabi, Gujarati, symbols and emoji. It is built with
``publication build`` beside the real content pages: its words are in the
page's HTML and in ``pdftotext`` of the PDF and the handout, no ``.notdef``
or U+FFFD anywhere, ``pdffonts`` lists only the fonts we ship, and the PDF is
byte for byte the same when fontconfig knows no font at all.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_helpers import run

from generator import fonts
from generator.core.errors import BuildFailed
from generator.pdf import PUBLICATION_FILE, engine, handout_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "golden" / "cases" / "text-scripts-drawn-ok.md"
SLUG = "text-scripts-drawn-ok"
WORDS = (
    "ŵ ŷ Ŵ Ŷ ẁ ẃ ỳ",
    "Łódź, źdźbło",
    "ș ț Ș Ț",
    "ğ ı İ ş",
    "Dún na nGall",
    "Gàidhlig",
    "Καλώς ήρθατε",
    "Добро пожаловать",
    "Ласкаво просимо",
    "−60%",
    "£0.05 or €0.06",
    "≤ 2 rings → ≥ 90% answered × 5",
    "± ÷ ≠ ≈ ∞ √ ← ↑ ↓ ↔ ⇒ ✓ ★ ①",
    "📞 👍",
    "স্বাগতম",
    "ਜੀ ਆਇਆਂ ਨੂੰ",
    "સ્વાગત છે",
)
"""Text that must read back exactly (left-to-right scripts)."""
RIGHT_TO_LEFT = ("خوش آمدید، یہ ہماری سرجری ہے۔", "أهلاً وسهلاً")
"""Arabic script, as the page holds it."""
RIGHT_TO_LEFT_LETTERS = "خوشآمدےہأهلوس"
"""Arabic script in the PDF: its text comes back in visual order, and a glyph
shared by two letters (ی and ي begin alike) under one of them, so letters that
only these words have are checked one by one; ے and ہ are Urdu's own."""


def _build(root: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _empty_fontconfig(folder: Path) -> dict[str, str]:
    """An environment in which fontconfig knows no font of the machine."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(folder)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The project built normally, then again with no machine font (its PDFs kept)."""
    base = tmp_path_factory.mktemp("scripts")
    root = base / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "casestudies").mkdir()
    shutil.copy(CASE, root / "casestudies" / CASE.name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1400000000"}
    env.pop("PUBLICATION_PDF", None)
    _build(root, env)
    pdfs = {
        name: (root / "site" / name).read_bytes() for name in (PUBLICATION_FILE, handout_path(SLUG))
    }
    shutil.copytree(root / "site", base / "first-site")
    bare = {**env, **_empty_fontconfig(base / "fontconfig")}
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=bare, check=False)
    assert listed.stdout.strip() == "", "the empty configuration still finds fonts"
    _build(root, bare)
    bare_pdfs = {name: (root / "site" / name).read_bytes() for name in pdfs}
    return base / "first-site", {**pdfs, **{f"bare:{k}": v for k, v in bare_pdfs.items()}}


def test_the_site_page_holds_every_word(built: tuple[Path, dict[str, bytes]]) -> None:
    site, _ = built
    page = (site / "case-studies" / SLUG / "index.html").read_text(encoding="utf-8")
    text = html.unescape(page)
    for words in (*WORDS, *RIGHT_TO_LEFT, "Ευχαριστώ", "Дякую", "👩‍⚕️"):
        assert words in text, words


@pytest.mark.parametrize("name", [PUBLICATION_FILE, handout_path(SLUG)])
def test_the_pdf_draws_every_word_with_our_fonts(
    built: tuple[Path, dict[str, bytes]], name: str
) -> None:
    site, _ = built
    path = site / name
    text = run("pdftotext", "-enc", "UTF-8", str(path), "-")
    flat = " ".join(text.split())
    # poppler puts spaces between the clusters of Indic scripts it reads back.
    solid = "".join(text.split())
    for words in WORDS:
        assert words in flat or (words[0] > "\u0900" and "".join(words.split()) in solid), words
    assert not [c for c in RIGHT_TO_LEFT_LETTERS if c not in text]
    assert "\ufffd" not in text
    ours = {fonts.css_name(f, s).replace(" ", "-") for f in fonts.FAMILIES for s in f.subsets}
    lines = run("pdffonts", str(path)).splitlines()[2:]
    used = set()
    for line in lines:
        name_ = line.split()[0].split("+", 1)[1]
        family = re.sub(r"-(Bold|Italic|BoldItalic|Bold-Italic)$", "", name_)
        assert family in ours, line
        assert line.split()[-5] == "yes", line  # embedded
        used.add(family)
    for family in ("Noto-Sans-greek", "Noto-Sans-cyrillic", "Noto-Emoji-emoji"):
        assert family in used
    for script in ("Noto-Naskh-Arabic-arabic", "Noto-Sans-Bengali-bengali"):
        assert script in used


def test_the_pdf_is_the_same_without_any_font_of_the_machine(
    built: tuple[Path, dict[str, bytes]],
) -> None:
    _, pdfs = built
    for name in (PUBLICATION_FILE, handout_path(SLUG)):
        assert pdfs[f"bare:{name}"] == pdfs[name], name


def test_a_character_no_font_draws_is_named_at_its_file_and_line(tmp_path: Path) -> None:
    """Validation refuses such a character first; should one reach WeasyPrint all
    the same (a quote printed in the front matter), the failure names the file."""
    case = tmp_path / "casestudies" / "a-surgery.md"
    case.parent.mkdir(parents=True)
    case.write_text("---\ntitle: x\nquote:\n  text: Call us 中 now\n---\n", encoding="utf-8")
    page = (
        f'<html lang="en-GB"><head><style>{engine_fonts()}</style></head>'
        "<body><p>Call us 中 now</p></body></html>"
    )
    with pytest.raises(BuildFailed) as failure:
        engine.render(page, tmp_path, what="the PDF (the front matter)")
    message = str(failure.value)
    assert message.startswith("casestudies/a-surgery.md:4:17: '中' (U+4E2D) is drawn by none")
    assert "front matter" not in message


def engine_fonts() -> str:
    from generator.pdf.document import font_faces

    return str(font_faces()) + f"\nbody {{ font-family: {fonts.stack()}; }}"
