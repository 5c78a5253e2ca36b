"""Stored script injection: a case study whose every text field holds markup.

The fixture ``tests/golden/projects/hostile-text`` passes validation (its
``expected.txt`` is empty: the golden test checks that), because front-matter
text is plain text: ``<script>``, ``<img onerror>``, ``</title>``, quotes and
``&amp;`` are allowed there and must be shown exactly as written. Here it is
built for real with ``publication build`` (website and PDF), served, and read
in Debian's Chromium: no dialog opens, no element is injected, and every field
reads the same, character for character, in the tab, the header, the page, the
listings, a search result, the sitemap, the JSON the build writes, the PDF's
text, bookmarks and metadata.
"""

from __future__ import annotations

import ast
import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_helpers import ROOT

from generator.core.load import load_publication
from generator.core.model import CaseStudy
from generator.pdf.check import outline_titles

pytestmark = pytest.mark.slow

FIXTURE = ROOT / "tests/golden/projects/hostile-text"
SLUG = "quokka-surgery-hostile-text"
WORD = "Quokka"
"""A word of the title no other page uses, to search for."""
KEPT = "glenmoyle-surgery-text-reminders.md"
"""A real case study beside it, so the listings hold more than one card."""
SITE_NAME = "Developing general practice, listening to patients"
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</title>", "&amp;")
"""What the fixture's fields hold; each of these must reach every output as text."""


@dataclass(frozen=True)
class Built:
    root: Path
    site: Path
    case: CaseStudy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real content pages and mkdocs.yml, the hostile case study and one real
    one, built by ``publication build`` with the PDF and the handouts."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(FIXTURE / "casestudies", root / "casestudies")
    shutil.copy(ROOT / "casestudies" / KEPT, root / "casestudies" / KEPT)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1400000000"}
    env.pop("PUBLICATION_PDF", None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    case = load_publication(root).by_slug(SLUG)
    return Built(root=root, site=root / "site", case=case)


@pytest.fixture(scope="module")
def url(built: Built) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _texts(case: CaseStudy) -> dict[str, str]:
    """Every front-matter text field the case study's page shows, by its name."""
    assert case.quote is not None and case.contact is not None and case.cover_image is not None
    fields = {
        "title": case.title,
        "practice.name": case.practice.name,
        "practice.town": case.practice.town,
        "summary": case.summary,
        "patient_views": case.patient_views or "",
        "quote.text": case.quote.text,
        "quote.by": case.quote.by,
        "costs": case.costs or "",
        "contact.name": case.contact.name,
        "contact.role": case.contact.role or "",
    }
    for key in ("benefits", "drawbacks", "barriers"):
        for i, item in enumerate(getattr(case, key)):
            fields[f"{key}[{i}]"] = item
    for i, outcome in enumerate(case.outcomes):
        fields[f"outcomes[{i}].measure"] = outcome.measure
        fields[f"outcomes[{i}].unit"] = outcome.unit or ""
        if outcome.period:
            fields[f"outcomes[{i}].period"] = outcome.period
    return fields


def test_the_fixture_is_hostile_in_every_text_field(built: Built) -> None:
    """Guards the fixture itself: a field left harmless would test nothing."""
    case = built.case
    assert case.is_published and case.contact is not None and case.contact.publish
    assert case.cover_image is not None and case.tags
    fields = {**_texts(case), "cover_image.alt": case.cover_image.alt}
    fields.update({f"tags[{i}]": tag for i, tag in enumerate(case.tags)})
    for name, value in fields.items():
        assert "<" in value or "&amp;" in value, name
    everything = " ".join(fields.values())
    for needle in (*HOSTILE, '"', "'"):
        assert needle in case.title or needle in everything, needle


# -- in Chromium -----------------------------------------------------------------


class Visit:
    """One page in Chromium, with every dialog it tries to open recorded."""

    def __init__(self, browser, url: str) -> None:  # type: ignore[no-untyped-def]
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("dialog", self._dialog)
        self.page.goto(url, wait_until="load")

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def text(self, selector: str) -> str:
        return " ".join(self.page.inner_text(selector).split())

    def texts(self, selector: str) -> list[str]:
        return [
            " ".join(t.split())
            for t in self.page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")
        ]

    def assert_nothing_ran(self) -> None:
        """No dialog, no element made from editor text, no script holding it."""
        self.page.wait_for_timeout(300)  # let a broken image's onerror fire, if any
        assert self.dialogs == [], self.dialogs
        assert self.page.evaluate("document.querySelector('img[src=x]')") is None
        assert self.page.evaluate("document.querySelectorAll('[onerror]').length") == 0
        scripts = self.page.eval_on_selector_all("script", "els => els.map(e => e.textContent)")
        assert not [s for s in scripts if "alert(" in s]
        head = self.page.eval_on_selector_all("head > *", "els => els.map(e => e.tagName)")
        assert "IMG" not in head and "BODY" not in head

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser, url: str) -> Iterator:  # type: ignore[type-arg]
    """Open site pages by address; each is checked to have run nothing."""
    opened: list[Visit] = []

    def open_(path: str) -> Visit:
        opened.append(Visit(browser, url + path))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


@pytest.mark.browser
def test_case_study_page_shows_every_field_as_written(visit, built: Built) -> None:
    case = built.case
    page = visit(f"case-studies/{SLUG}/")
    page.assert_nothing_ran()
    assert page.page.evaluate("document.title") == f"{case.title} - {SITE_NAME}"
    assert page.text("article h1") == case.title
    assert page.text(".md-header__topic[data-md-component=header-topic]") == case.title
    description = page.page.get_attribute("meta[name=description]", "content")
    assert description == case.summary
    assert case.cover_image is not None
    assert page.page.get_attribute(".cs-cover img", "alt") == case.cover_image.alt
    shown = page.text("article")
    missing = [name for name, value in _texts(case).items() if " ".join(value.split()) not in shown]
    assert not missing, missing


@pytest.mark.browser
def test_story_headings_read_as_written_in_the_table_of_contents(visit, built: Built) -> None:
    """A code span in a heading is text like the rest of the heading, not escaped twice."""
    heading = next(h for h in built.case.headings if "alert" in h.title)
    assert heading.title == 'What we did & why "it\'s" & <script>alert(1)</script> works'
    page = visit(f"case-studies/{SLUG}/")
    page.assert_nothing_ran()
    toc = page.texts(f".md-nav--secondary a[href='#{heading.id}']")
    assert toc == [heading.title]


def _card(page: Visit, case: CaseStudy) -> None:
    """The case study's card reads as written."""
    link = f".cs-card__title a[href$='{SLUG}/']"
    assert page.texts(link) == [case.title]
    card = f".cs-card:has({link})"
    meta = page.text(f"{card} .cs-card__meta")
    assert meta.startswith(f"{case.practice.name}, {case.practice.town} · ")
    assert page.text(f"{card} .cs-card__summary") == " ".join(case.summary.split())


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "case-studies/", "nations/wales/"])
def test_listings_show_the_card_as_written(visit, built: Built, path: str) -> None:
    page = visit(path)
    page.assert_nothing_ran()
    _card(page, built.case)


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["telephony", "patient-communication"])
def test_theme_pages_show_the_card_and_the_outcomes_figure_as_written(
    visit, built: Built, theme: str
) -> None:
    """The outcomes at a glance label its bars with the practice and the measure,
    name the unit in its title, and say both again in the SVG's ``<desc>`` and table."""
    case = built.case
    page = visit(f"themes/{theme}/")
    page.assert_nothing_ran()
    _card(page, case)
    unit = case.outcomes[0].unit or ""
    titles = page.texts(".data-figure svg title")
    assert any(t.endswith(f"before and after, in {unit}") for t in titles), titles
    assert any(
        t.endswith(f"before and after, in {unit}") for t in page.texts(".data-figure__title")
    )
    descriptions = " ".join(page.texts(".data-figure svg desc"))
    rows = page.texts(".data-figure table tbody th")
    for outcome in case.outcomes:
        label = f"{case.practice.name}: {outcome.measure}"
        assert f"{label}: Before " in descriptions
        assert label in rows
    labels = " ".join(page.texts(".data-figure svg text"))
    assert case.practice.name.split(" ")[0] in labels and "onerror=alert(2)>" in labels


@pytest.mark.browser
def test_patients_views_page_shows_the_voice_as_written(visit, built: Built) -> None:
    case = built.case
    assert case.quote is not None
    page = visit("patients-views/")
    page.assert_nothing_ran()
    assert page.texts(f"#voice-{SLUG}") == [case.title]
    shown = page.text("article")
    for value in (case.patient_views or "", case.quote.text, case.quote.by, case.practice.name):
        assert " ".join(value.split()) in shown


@pytest.mark.browser
def test_a_search_result_shows_the_title_as_written(visit, built: Built) -> None:
    """Material renders a result's title as HTML: the index must hold it escaped."""
    page = visit("")
    page.page.click(".md-search__input")
    page.page.keyboard.type(WORD)
    result = page.page.wait_for_selector(
        f".md-search-result__list a[href*='case-studies/{SLUG}/?'] h1", timeout=15000
    )
    assert result is not None
    assert " ".join(result.inner_text().split()) == built.case.title
    page.assert_nothing_ran()


# -- files the build writes -----------------------------------------------------


def test_search_index_holds_escaped_text(built: Built) -> None:
    """Titles and texts as Material's own parser stores them: HTML-escaped."""
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith(f"case-studies/{SLUG}/")]
    top = next(d for d in docs if d["location"] == f"case-studies/{SLUG}/")
    assert html.unescape(top["title"]) == built.case.title
    for doc in docs:
        for key in ("title", "text"):
            assert not re.search(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)>)", doc[key]), doc[key]


def test_no_output_holds_the_markup_raw(built: Built) -> None:
    """Every HTML, JSON and XML file the build writes: the sitemap and the JSON
    parse, and nothing holds the fixture's markup as markup."""
    checked = 0
    for file in sorted(built.site.rglob("*")):
        if file.suffix not in (".html", ".json", ".xml"):
            continue
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".json":
            json.loads(text)
        elif file.suffix == ".xml":
            ET.fromstring(text)
        for needle in ("<script>alert", "<img src=x", "</title><img"):
            assert needle not in text, f"{file.relative_to(built.site)}: {needle}"
        checked += 1
    assert (built.site / "sitemap.xml").is_file() and checked > 20


def test_text_handed_to_mkdocs_is_escaped_exactly_once() -> None:
    """In the environment MkDocs renders Material with (no autoescaping): printed
    as it is, through ``|e``, or through ``|striptags|e``, the title reads the
    same; escaping it again changes nothing."""
    from mkdocs.theme import Theme

    from generator.site.pages import html_text

    env = Theme(name="material").get_env()
    assert not env.autoescape
    title = html_text('Fish &amp; "chips" <b>')
    assert title == "Fish &amp;amp; &#34;chips&#34; &lt;b&gt;"
    assert html_text(title) == title
    shown = env.from_string("{{ t }}|{{ t | e }}|{{ t | striptags | e }}").render(t=title)
    assert shown == "|".join([title] * 3)


def test_every_jinja_environment_autoescapes() -> None:
    """Every ``jinja2.Environment`` the project makes escapes by default (there is
    one, generator/core/templating.py, for the site and the PDF), and no template
    marks a value safe: editor text can only ever be text."""
    made = 0
    for source in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
            if name != "Environment":
                continue
            made += 1
            options = {k.arg: k.value for k in node.keywords}
            value = options.get("autoescape")
            assert value is not None, f"{source.name}:{node.lineno}: autoescape is not set"
            assert not (isinstance(value, ast.Constant) and not value.value), source.name
    assert made >= 1
    templates = [*(ROOT / "generator/site/templates").rglob("*.html")]
    assert templates
    templates += [*(ROOT / "generator/pdf/templates").glob("*.j2")]
    for template in templates:
        assert not re.search(r"\|\s*safe\b", template.read_text(encoding="utf-8")), template


# -- the PDF ---------------------------------------------------------------------


def _pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("which", ["publication", "handout"])
def test_the_pdfs_show_every_field_as_written(built: Built, which: str) -> None:
    """The text, the bookmarks and (for the handout, titled by the case study) the
    document's title: literal, never read as markup."""
    case = built.case
    if which == "publication":
        path = built.site / "listening-to-patients.pdf"
    else:
        path = built.site / f"case-studies/{SLUG}/{SLUG}.pdf"
    text = _pdftotext(path)
    missing = [n for n, v in _texts(case).items() if " ".join(v.split()) not in text]
    assert not missing, missing
    reader = PdfReader(path)
    # A case study's bookmark sits under its chapter's; a handout's is the first.
    depth = 2 if which == "publication" else 1
    assert (depth, case.title) in outline_titles(reader)
    assert reader.metadata is not None
    assert reader.metadata.title == (SITE_NAME if which == "publication" else case.title)
