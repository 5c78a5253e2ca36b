"""The example site in Debian's Chromium: accessibility, filter, search, phone, keyboard."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from site_helpers import ROOT, axe_problems, with_axe

from generator.core.load import load_publication

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
PUBLICATION = load_publication(ROOT)


def _urls(site: Path) -> list[str]:
    """Every page's address, as a reader would type it."""
    urls = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_violation_on_any_page(
    browser, site_url: str, example_site: Path, viewport: str
) -> None:
    """WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices; no sideways scrolling on a phone."""
    width, height = VIEWPORTS[viewport]
    context = with_axe(browser.new_context(viewport={"width": width, "height": height}))
    page = context.new_page()
    problems: list[str] = []
    try:
        for url in _urls(example_site):
            page.goto(site_url + url)
            problems += axe_problems(page, f"/{url}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(
        ".cs-cards > .cs-card:not([hidden]) .cs-card__title a", "els => els.map(e => e.href)"
    )


def test_filter_narrows_the_list_and_keeps_its_state_in_the_url(browser, site_url: str) -> None:
    theme = next(t for t in PUBLICATION.themes if len(PUBLICATION.in_theme(t.id)) > 0)
    expected = {c.slug for c in PUBLICATION.in_theme(theme.id)}
    page = browser.new_page()
    try:
        page.goto(site_url + "case-studies/")
        assert len(_visible_cards(page)) == len(PUBLICATION.case_studies)
        page.select_option("#cs-filter-theme", theme.id)
        shown = {urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in _visible_cards(page)}
        assert shown == expected
        assert parse_qs(urlsplit(page.url).query) == {"theme": [theme.id]}
        assert re.match(rf"{len(expected)} case stud", page.inner_text("#cs-count"))

        nation = PUBLICATION.case_studies[0].practice.nation
        nation_id = nation.lower().replace(" ", "-")
        page.select_option("#cs-filter-nation", nation_id)
        both = {c.slug for c in PUBLICATION.in_theme(theme.id) if c.practice.nation == nation}
        assert len(_visible_cards(page)) == len(both)
        assert parse_qs(urlsplit(page.url).query) == {"theme": [theme.id], "nation": [nation_id]}

        # The URL alone brings the same list back.
        page.goto(page.url)
        assert page.input_value("#cs-filter-theme") == theme.id
        assert page.input_value("#cs-filter-nation") == nation_id
        assert len(_visible_cards(page)) == len(both)

        page.click("#cs-filter button[type=reset]")
        page.wait_for_function(
            f"document.querySelectorAll('.cs-card:not([hidden])').length == {len(PUBLICATION.case_studies)}"
        )
        assert urlsplit(page.url).query == ""
    finally:
        page.close()


def test_without_javascript_the_full_list_and_facet_links_remain(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "case-studies/?theme=telephony")
        assert len(_visible_cards(page)) == len(PUBLICATION.case_studies)
        assert not page.is_visible("#cs-filter")
        facets = page.eval_on_selector_all(".cs-facets a", "els => els.map(e => e.href)")
        assert len(facets) == len(PUBLICATION.themes) + 4
    finally:
        context.close()


def _story_word(slug: str) -> str:
    """A word from the story of ``slug`` that no other case study uses."""
    others = " ".join(
        c.body.lower() + " " + c.title.lower() for c in PUBLICATION.case_studies if c.slug != slug
    )
    case = PUBLICATION.by_slug(slug)
    for word in re.findall(r"[A-Za-z]{7,}", case.body):
        if word.lower() not in others:
            return word.lower()
    pytest.skip(f"no word unique to {slug}")


def test_search_finds_a_case_study_by_a_word_from_its_story(browser, site_url: str) -> None:
    case = PUBLICATION.case_studies[-1]
    word = _story_word(case.slug)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(site_url)
        page.click(".md-search__input")
        page.keyboard.type(word)
        link = page.wait_for_selector(
            f".md-search-result__list a[href*='case-studies/{case.slug}/']", timeout=15000
        )
        assert link is not None
    finally:
        page.close()


def test_keyboard_alone_reaches_every_case_study_from_the_home_page(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    focused = "document.activeElement && document.activeElement.href || ''"
    try:
        page.goto(site_url)
        for _ in range(200):
            page.keyboard.press("Tab")
            if urlsplit(page.evaluate(focused)).path == "/case-studies/":
                break
        else:
            pytest.fail("Tab never reached the list of all case studies")
        page.keyboard.press("Enter")
        page.wait_for_url("**/case-studies/")
        reached: set[str] = set()
        wanted = {f"/case-studies/{c.slug}/" for c in PUBLICATION.case_studies}
        for _ in range(400 + 10 * len(wanted)):
            page.keyboard.press("Tab")
            reached.add(urlsplit(page.evaluate(focused)).path)
            if wanted <= reached:
                break
        assert wanted <= reached, sorted(wanted - reached)
    finally:
        page.close()


def test_404_page_uses_the_site_look(browser, site_url: str) -> None:
    page = browser.new_page()
    try:
        response = page.goto(site_url + "404.html")
        assert response is not None and response.ok
        assert page.inner_text("h1") == "Page not found"
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Atkinson Hyperlegible" in font
        # A way back: the home page and every case study, from the page itself.
        page.click("article a:text('all case studies')")
        page.wait_for_url("**/case-studies/")
        page.go_back()
        page.click("article a:text('home page')")
        page.wait_for_selector("article h1")
        assert urlsplit(page.url).path == "/"
    finally:
        page.close()
