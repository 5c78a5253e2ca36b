"""The "How to contribute" form in Debian's Chromium: a practice fills it in, the
file it saves passes the real ``publication validate``; wrong answers are shown
beside their fields and in a summary, and nothing is saved; without JavaScript
the page explains how to send a case study by email. The page passes the Nu Html
Checker and axe, like every page."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from site_helpers import ROOT, axe_problems

from generator.core.model import Publication, Theme
from generator.site.contribute_form import SEND_TO, contribute_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VNU = ROOT / "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"

STORY = (
    "## What we did\n\n"
    "Roedd ein cleifion yn aros yn rhy hir ar y ffôn bob bore, so we moved repeat "
    "prescriptions online and told every patient about it at the desk 😊. "
    "Reception staff showed older patients how to order on their phones, and the "
    "patient group wrote a short leaflet in English and Welsh.\n\n"
    "## What changed\n\n"
    "Calls before ten o'clock fell by half within three months, and the receptionists "
    "had time to answer the calls that needed them. Diolch yn fawr to everyone who "
    'helped: "it just works", one patient said.\n'
)


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def form_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("contribute") / "site"
    built = _cli("build", "--no-pdf", "--out", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    return site


@pytest.fixture(scope="module")
def form_url(form_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(form_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/contribute/"
    server.shutdown()
    server.server_close()


def _requests_stay_home(page, url: str) -> list[str]:
    """Every request the page makes, to check none leaves 127.0.0.1."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _fill_valid(page) -> None:
    page.fill("#f-title", "Ffôn a phresgripsiynau: online repeat prescriptions halved the queue 📞")
    page.fill("#f-summary", "We moved repeat prescriptions online; calls before 10am fell by half.")
    page.fill("#f-practice-name", "Meddygfa Tŷ'r Felin & Partners")
    page.fill("#f-practice-town", "Llanfair-ym-Muallt")
    page.select_option("#f-practice-nation", "Wales")
    page.fill("#f-practice-list-size", "9,800")
    page.select_option("#f-practice-setting", "rural")
    page.select_option("#f-themes", "online-repeat-prescriptions")
    page.check("#f-themes-telephony")
    page.fill("#f-body", STORY)
    page.fill(
        "#f-benefits", "Fewer calls before 10am.\n\nStaff had time for the calls that mattered."
    )
    page.fill("#f-drawbacks", "Some older patients needed help to sign up.")
    page.fill("#f-patient-views", "Patients said ordering in the evening suited them: “da iawn”.")
    page.fill("#f-quote-text", 'We should have done this years ago, "honestly".')
    page.fill("#f-quote-by", "Practice manager")
    page.fill("#f-costs", "About £1,200 to set up and £40 a month.")
    page.fill("#f-contact-name", "Siân Jones")
    page.fill("#f-contact-role", "Practice manager")
    page.fill("#f-contact-email", "practice@example.org")
    page.fill("#f-contact-phone", "01632 960000")


def test_a_filled_form_saves_a_file_that_passes_validate(
    browser, form_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        requests = _requests_stay_home(page, form_url)
        page.goto(form_url)
        assert page.is_visible("#cs-contribute-form")
        today = page.input_value("#f-submitted")
        assert len(today) == 10 and today[4] == "-"
        _fill_valid(page)
        with page.expect_download() as caught:
            page.click("button[type=submit]")
        download = caught.value
        assert download.suggested_filename == "meddygfa-tyr-felin-and-partners.md"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert page.is_visible("#cs-form-done")
        assert SEND_TO in page.inner_text("#cs-form-done")
        assert page.is_hidden("#cs-error-summary")
        assert all(
            r.startswith(form_url.split("contribute/")[0]) or r.startswith("blob:")
            for r in requests
        ), requests
    finally:
        context.close()

    text = saved.read_text(encoding="utf-8")
    assert "status: draft\n" in text and "consent: false\n" in text
    assert '"Meddygfa Tŷ\'r Felin & Partners"' in text and "📞" in text and "😊" in text
    assert 'themes: ["online-repeat-prescriptions", "telephony"]' in text
    assert "  list_size: 9800\n" in text and "  publish: false\n" in text
    assert f"submitted: {today}\n" in text
    assert '  - "Staff had time for the calls that mattered."' in text
    checked = _cli("validate", "--strict", str(saved))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout, checked.stdout + checked.stderr

    # In a copy of the project's case studies too, beside the others.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "casestudies", project / "casestudies")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(saved, project / "casestudies" / saved.name)
    checked = _cli("--root", str(project), "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_wrong_answers_are_shown_beside_their_fields_and_nothing_is_saved(
    browser, form_url: str
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    try:
        page.goto(form_url)
        _fill_valid(page)
        page.fill("#f-title", "")
        page.fill("#f-body", STORY + "\nRing us on 01632 960 000 any morning.\n")
        page.click("button[type=submit]")
        page.wait_for_timeout(300)
        assert downloads == []
        assert page.is_visible("#cs-error-summary")
        assert page.evaluate("document.activeElement.id") == "cs-error-summary"
        summary = page.inner_text("#cs-error-summary")
        assert "Headline" in summary and "01632 960 000" in summary

        for field in ("f-title", "f-body"):
            error = page.locator(f"#{field}-error")
            assert error.is_visible()
            assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
            described = page.get_attribute(f"#{field}", "aria-describedby") or ""
            assert f"{field}-error" in described.split()
        assert "Enter headline" in page.inner_text("#f-title-error")
        assert "phone number" in page.inner_text("#f-body-error")
        assert page.is_hidden("#f-summary-error")

        # A link in the summary takes the reader to the field.
        page.click("#cs-error-list a[href='#f-title']")
        assert page.evaluate("document.activeElement.id") == "f-title"

        # Correcting both lets the file be saved.
        page.fill("#f-title", "Online repeat prescriptions halved the queue")
        page.fill("#f-body", STORY)
        with page.expect_download():
            page.click("button[type=submit]")
        assert page.is_hidden("#cs-error-summary") and page.is_hidden("#f-title-error")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("#f-summary", "## A heading in the summary, not a sentence", "plain sentences"),
        ("#f-practice-list-size", "12", "from 100 to 250,000"),
        ("#f-quote-text", "Call 0 1632 960 000 (NHS 943 476 5919)", "NHS number"),
        ("#f-costs", "Ask jo@example.org for the figures.", "email address"),
        ("#f-body", "Too short a story.", "at least 50"),
        ("#f-body", "Too short, and ring 01632 960000.", "phone number"),
        ("#f-practice-town", "Llanfair 北京", "cannot print '北'"),
        ("#f-body", STORY + "\n# A top-level heading\n", "two hash signs"),
        ("#f-body", STORY + "\nSee [our page](javascript:alert(1)).\n", "https://"),
        ("#f-body", STORY + "\nA <b>bold</b> claim.\n", "HTML"),
        ("#f-submitted", "", "Enter the date"),
    ],
)
def test_each_rule_has_its_message(
    browser, form_url: str, field: str, value: str, expected: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(form_url)
        _fill_valid(page)
        page.fill(field, value)
        page.click("button[type=submit]")
        error = field + "-error"
        assert page.is_visible(error)
        assert expected in page.inner_text(error)
    finally:
        page.close()


def test_more_than_four_themes_are_refused(browser, form_url: str) -> None:
    rules = json.loads(_cli("schema").stdout)
    page = browser.new_page()
    try:
        page.goto(form_url)
        _fill_valid(page)
        for theme in rules["properties"]["themes"]["items"]["enum"][:5]:
            page.check(f"#f-themes-{theme}")
        page.click("button[type=submit]")
        assert "at most 4 themes" in page.inner_text("#f-themes-more-error")
    finally:
        page.close()


def test_the_form_offers_what_the_schema_allows(browser, form_url: str) -> None:
    schema = json.loads(_cli("schema").stdout)
    page = browser.new_page()
    try:
        page.goto(form_url)
        themes = page.eval_on_selector_all("#f-themes option", "os => os.map(o => o.value)")
        assert themes[1:] == schema["properties"]["themes"]["items"]["enum"]
        nations = page.eval_on_selector_all(
            "#f-practice-nation option", "os => os.map(o => o.value)"
        )
        assert nations[1:] == schema["properties"]["practice"]["properties"]["nation"]["enum"]
        embedded = json.loads(
            page.inner_text("#cs-form-rules")
            or page.evaluate("document.getElementById('cs-form-rules').textContent")
        )
        assert embedded["schema"] == schema
    finally:
        page.close()


def test_without_javascript_the_page_explains_how_to_email(browser, form_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(form_url)
        assert page.is_hidden("#cs-contribute-form")
        text = page.inner_text("article")
        assert "Send your case study by email" in text
        assert "needs JavaScript" in text
        assert SEND_TO in text
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_on_the_form(browser, form_url: str, width: int) -> None:
    """Empty and showing its errors, on a desktop and a phone (no sideways scrolling)."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(form_url)
        problems = []
        for state in ("empty", "with errors"):
            if state == "with errors":
                page.click("button[type=submit]")
            problems += axe_problems(page, state)
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_the_contribute_pages_are_valid_html(form_site: Path) -> None:
    java = shutil.which("java")
    assert java, "a Java runtime is needed for the Nu Html Checker"
    assert VNU.is_file(), "run `make tools` to install the Nu Html Checker"
    pages = [
        str(form_site / "contribute/index.html"),
        str(form_site / "contribute/editors/index.html"),
    ]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert not errors, "\n".join(errors)


def test_a_hostile_theme_title_stays_text(browser, tmp_path: Path) -> None:
    """The rules block cannot be closed by a theme's title, and the title shows as text."""
    hostile = "</script><script>alert(1)</script> & <!--"
    publication = Publication(
        themes=(Theme("telephony", hostile, "Calls."), Theme("other", "Other", "More.")),
        case_studies=(),
    )
    html = contribute_page(publication).html
    assert html.count("</script>") == 2  # the rules block's and the script file's
    rules = html.split('id="cs-form-rules">', 1)[1].split("</script>", 1)[0]
    assert json.loads(rules)["themeTitles"]["telephony"] == hostile
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.set_content(html)
        assert page.inner_text("#f-themes option[value=telephony]") == hostile
        assert dialogs == []
    finally:
        page.close()
