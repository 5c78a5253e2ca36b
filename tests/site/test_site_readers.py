"""What a reader notices first on the example site (issue 13, website side).

Each test reads the real example build (``example_site``), and the browser
tests drive Debian's Chromium; nothing is mocked.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.core.model import Image
from generator.site import pages


class _Pictures(HTMLParser):
    """Every picture inside the page's article: images by file, figures by name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.images: list[str] = []
        self.figures: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag == "img" and values.get("src"):
            self.images.append(posixpath.normpath(str(values["src"])))
        if tag == "figure" and values.get("data-figure"):
            self.figures.append(str(values["data-figure"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def _case_study_pages(site: Path) -> list[Path]:
    found = sorted(
        p for p in (site / "case-studies").glob("*/index.html") if p.parent.name != "case-studies"
    )
    assert len(found) >= 10, found
    return found


def test_no_case_study_page_shows_a_picture_twice(example_site: Path) -> None:
    """Cwmhelyg's cover is the chart its story shows: the page shows it once."""
    seen_cwmhelyg = False
    for page in _case_study_pages(example_site):
        parser = _Pictures()
        parser.feed(page.read_text(encoding="utf-8"))
        images, figures = parser.images, parser.figures
        assert len(images) == len(set(images)), (page, images)
        assert len(figures) == len(set(figures)), (page, figures)
        if page.parent.name.startswith("cwmhelyg"):
            seen_cwmhelyg = True
            assert images.count("online-requests-chart.png") == 1, images
    assert seen_cwmhelyg


def test_separate_cover_is_left_out_when_the_story_shows_it(case_factory) -> None:  # type: ignore[no-untyped-def]
    cover = Image("chart.png", "A chart")
    in_story = case_factory(cover_image=cover, images=("./chart.png",))
    apart = case_factory(cover_image=cover, images=("other.png",))
    assert in_story.separate_cover is None
    assert apart.separate_cover == cover
    assert case_factory().separate_cover is None


# -- search ------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_JOINED = re.compile(r"\w*[a-z][A-Z]\w*")
_WORDS_WITH_A_CAPITAL_INSIDE = frozenset(
    {"WebP", "JavaScript", "PowerPoint", "YouTube", "iPhone", "iPad"}
)
"""Words written this way on purpose; anything else is two words run together."""


def test_search_index_never_runs_words_together(example_site: Path) -> None:
    """Charts and tables are left out of the index; no element boundary joins words."""
    index = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    joined: list[tuple[str, str]] = []
    for doc in index["docs"]:
        text = _TAG.sub("", doc["text"])
        joined += [
            (doc["location"], word)
            for word in _JOINED.findall(text)
            if word not in _WORDS_WITH_A_CAPITAL_INSIDE
        ]
        assert "Horizontal bar chart" not in text, doc["location"]
    assert not joined, joined[:20]


def _search(page, site_url: str, query: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Type ``query`` into Material's search; the results' (address, text), in order."""
    page.goto(site_url)
    page.click(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__list li a", timeout=15000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(
        ".md-search-result__list > li > a",
        "links => links.map(a => [a.getAttribute('href'), a.innerText])",
    )


def test_search_for_pharmacy_puts_a_case_study_first(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        results = _search(page, site_url, "pharmacy")
    finally:
        page.close()
    assert results, "no results"
    first = results[0][0]
    assert re.search(r"case-studies/[^/#]+/", first), results[:3]
    for _, text in results:
        joined = [w for w in _JOINED.findall(text) if w not in _WORDS_WITH_A_CAPITAL_INSIDE]
        assert not joined, (joined, text[:200])


# -- charts on a phone ---------------------------------------------------------

_SMALLEST_TEXT = """() => {
  const sizes = [];
  for (const figure of document.querySelectorAll('figure.data-figure')) {
    for (const el of figure.querySelectorAll('*')) {
      if (!el.checkVisibility() || el.closest('title, desc')) continue;
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg) {
        size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      }
      sizes.push([size, el.textContent.trim().slice(0, 40)]);
    }
  }
  return sizes;
}"""


def _figure_pages(site: Path) -> list[str]:
    found = [
        p.relative_to(site).parent.as_posix() + "/"
        for p in sorted(site.rglob("index.html"))
        if 'class="data-figure"' in p.read_text(encoding="utf-8")
    ]
    assert "working-together/" in found and "themes/telephony/" in found, found
    return found


def test_no_figure_text_is_smaller_than_12px_on_a_phone(
    browser,  # type: ignore[no-untyped-def]
    site_url: str,
    example_site: Path,
) -> None:
    """Every figure's visible text (chart labels, values, caption, table) at 390 px wide."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    small: list[str] = []
    try:
        for url in _figure_pages(example_site):
            page.goto(site_url + url)
            sizes = page.evaluate(_SMALLEST_TEXT)
            assert sizes, url
            small += [f"/{url}: {size:.1f}px {text!r}" for size, text in sizes if size < 12]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (url, overflow)
    finally:
        page.close()
    assert not small, "\n".join(small[:20])


# -- the header and a page's top -----------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_logo_is_light_on_the_purple_bar_and_its_alt_text_is_empty(
    example_site: Path,
) -> None:
    """The name is written beside the logo and names its link, so the picture is decoration."""
    logo = (example_site / "assets/publication/images/logo.svg").read_text(encoding="utf-8")
    fills = re.findall(r'fill="([^"]+)"', logo)
    assert fills and "currentColor" not in fills, fills
    css = (example_site / "assets/publication/stylesheets/site.css").read_text(encoding="utf-8")
    primary = re.search(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{6})", css)
    assert primary is not None
    for fill in fills:
        assert _contrast(fill, primary.group(1)) >= 4.5, (fill, primary.group(1))
    home = (example_site / "index.html").read_text(encoding="utf-8")
    img = re.search(r'<img src="[^"]*logo\.svg"[^>]*>', home)
    assert img is not None and 'alt=""' in img.group(0), img


def test_no_empty_announcement_strip(example_site: Path) -> None:
    for page in sorted(example_site.rglob("*.html")):
        assert 'class="md-banner' not in page.read_text(encoding="utf-8"), page


def test_a_case_study_opens_with_title_practice_line_then_facts(example_site: Path) -> None:
    """Title, "practice, town, nation" as in the PDF, and the facts before any picture."""
    from site_helpers import ROOT

    from generator.core.load import load_publication

    publication = load_publication(ROOT)
    for case in publication.case_studies:
        html = (example_site / "case-studies" / case.slug / "index.html").read_text("utf-8")
        article = html[html.index("<article") :]
        practice = case.practice
        line = f'<p class="cs-practice">{practice.name}, {practice.town}, {practice.nation}</p>'
        after_title = re.search(r"</h1>\s*(<p[^>]*>.*?</p>)", article, re.S)
        assert after_title is not None and after_title.group(1) == line, case.slug
        facts = article.index('class="cs-facts"')
        pictures = [m.start() for m in re.finditer(r"<(figure|img)\b", article)]
        assert all(facts < at for at in pictures), case.slug


_HEADING_COLOURS = """() => [...document.querySelectorAll('article h1, article h2, article h3')]
  .map(h => [h.tagName, getComputedStyle(h).color, getComputedStyle(h).fontWeight])"""


def _on_white(colour: str) -> float:
    """Luminance of a computed ``rgb()``/``rgba()`` colour drawn on the white page."""
    values = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", colour)]
    alpha = values[3] if len(values) == 4 else 1.0
    blended = [round(c * alpha + 255 * (1 - alpha)) for c in values[:3]]
    return _luminance("#" + "".join(f"{c:02x}" for c in blended))


_PAGES_WITH_HEADINGS = (
    "",
    "case-studies/cwmhelyg-health-centre-online-prescriptions/",
    "themes/telephony/",
    "working-together/",
)


def test_the_page_title_is_the_darkest_boldest_heading(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Material drew the h1 at weight 300 in its paler grey, the palest text on the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        for url in _PAGES_WITH_HEADINGS:
            page.goto(site_url + url)
            headings = page.evaluate(_HEADING_COLOURS)
            h1 = [h for h in headings if h[0] == "H1"]
            assert len(h1) == 1, (url, h1)
            _, colour, weight = h1[0]
            assert int(weight) >= 700, (url, weight)
            for tag, other, _ in headings:
                assert _on_white(colour) <= _on_white(other), (url, tag, colour, other)
    finally:
        page.close()


# -- keyboard --------------------------------------------------------------------


def test_every_page_has_a_skip_link_to_its_title(example_site: Path) -> None:
    """The skip link went to the first contents entry (past the title), or was missing."""
    for page in sorted(example_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert '<a href="#__skip" class="md-skip">' in html, page
        assert re.search(r'<a id="__skip" tabindex="-1"></a>\s*<h1[ >]', html), page


_FOCUSED = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const seen = e.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && r.width > 0 && r.height > 0
    && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  return [seen, e.outerHTML.slice(0, 90)];
}"""


def test_no_invisible_element_takes_a_tab_stop(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The first Tab stops of a page, at both widths, are all on screen when focused."""
    url = site_url + "case-studies/kirkhallow-health-centre-call-queuing/"
    hidden: list[str] = []
    for width, height in ((1280, 800), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            page.goto(url)
            for stop in range(1, 9):
                page.keyboard.press("Tab")
                page.wait_for_timeout(400)  # Material's transitions
                seen, what = page.evaluate(_FOCUSED)
                if not seen:
                    hidden.append(f"{width}px, Tab stop {stop}: {what}")
        finally:
            page.close()
    assert not hidden, "\n".join(hidden)


def test_the_skip_link_moves_the_focus_to_the_title(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(site_url + "case-studies/kirkhallow-health-centre-call-queuing/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className").startswith("md-skip")
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        after = page.evaluate(
            "document.activeElement.id + ' ' + document.activeElement.nextElementSibling.tagName"
        )
        assert after == "__skip H1", after
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('article')")
        assert inside, page.evaluate("document.activeElement.outerHTML.slice(0, 90)")
    finally:
        page.close()


# -- smaller points --------------------------------------------------------------


def test_a_change_in_a_percentage_is_in_percentage_points() -> None:
    from generator.core.formatting import format_change

    assert format_change(27, 4, "per cent of requests") == "up 23 percentage points"
    assert format_change(4, 5, "%") == "down 1 percentage point"
    assert format_change(52, 85, "calls a day") == "down 33 (39%)"


def test_units_are_not_repeated_after_the_measure() -> None:
    from generator.core.formatting import unit_note

    assert unit_note("Incoming lines", "lines", None) == ""
    assert unit_note("Calls", "calls a day", "2013") == "calls a day, 2013"


def test_the_built_case_studies_say_points_and_use_the_shared_labels(example_site: Path) -> None:
    from generator.core.formatting import FACT_LABELS

    html = (
        example_site / "case-studies/cwmhelyg-health-centre-online-prescriptions/index.html"
    ).read_text(encoding="utf-8")
    assert "up 23 percentage points" in html and "575%" not in html
    for page in _case_study_pages(example_site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\b(\w+) <span class=\"cs-unit\">\(\1\)", text), page
        facts = text[text.index('class="cs-facts"') : text.index("</section>")]
        labels = set(re.findall(r"<dt>([^<]+)</dt>", facts))
        assert labels <= set(FACT_LABELS.values()), labels


def test_a_filter_that_matches_nothing_offers_a_way_back(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    from site_helpers import ROOT

    from generator.core.load import load_publication

    publication = load_publication(ROOT)
    nations = {c.practice.nation for c in publication.case_studies}
    empty = next(
        (theme.id, nation)
        for theme in publication.themes
        for nation in sorted(nations)
        if not any(
            theme.id in c.themes and c.practice.nation == nation for c in publication.case_studies
        )
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{site_url}case-studies/?theme={empty[0]}&nation={pages.nation_id(empty[1])}")
        assert page.inner_text("#cs-count").startswith("0 case studies of")
        assert page.is_visible("#cs-show-all")
        page.click("#cs-show-all")
        page.wait_for_timeout(100)
        total = len(publication.case_studies)
        assert page.inner_text("#cs-count") == f"{total} case studies"
        assert not page.is_visible("#cs-none")
        assert "theme=" not in page.url
    finally:
        page.close()


_PUBLISHED = (
    'Published by the BMA General Practitioners Committee, <time datetime="2014-05-13">'
    "13 May 2014</time>."
)
"""The example is built with SOURCE_DATE_EPOCH at 13 May 2014."""


def test_every_page_says_who_published_it_and_when(example_site: Path) -> None:
    for page in sorted(example_site.rglob("*.html")):
        assert _PUBLISHED in page.read_text(encoding="utf-8"), page


def test_a_long_case_study_has_a_contents_list_on_a_phone(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Material hides its contents sidebar on a phone; the page's own list is there instead."""
    url = site_url + "case-studies/kirkhallow-health-centre-call-queuing/"
    shown = {}
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 844})
        try:
            page.goto(url)
            shown[width] = page.is_visible("nav.cs-contents")
            targets = page.eval_on_selector_all(
                "nav.cs-contents a", "links => links.map(a => a.getAttribute('href'))"
            )
            assert len(targets) >= 5, targets
            for target in targets:
                assert page.query_selector(target) is not None, target
        finally:
            page.close()
    assert shown == {390: True, 1280: False}
