"""Helpers shared by the website's tests (a module with a unique name, so test
files can import it without clashing with other folders' conftest modules)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.core.markdown import render
from generator.core.model import CaseStudy, Practice, Publication, Theme

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests/tools/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices: the rule set every
page of both engines' sites and the contribute form are held to."""


_SETTLED = """async () => {
    for (let round = 0; round < 5; round++) {
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        const running = document.getAnimations().filter(
            a => a.playState === "running" && a.effect.getComputedTiming().endTime !== Infinity);
        if (!running.length) return;
        await Promise.all(running.map(a => a.finished.catch(() => null)));
    }
}"""
"""Waits until the page's transitions have ended: axe samples colours as they are
drawn, and Material's header title fades in and out as the page scrolls (to a
form's errors, say), which once gave a contrast failure mid-fade."""


def with_axe(context: Any) -> Any:
    """``context`` (a Playwright browser context) with axe in every page it opens.

    Given to the context once, axe is compiled once for all its pages: a quarter
    less time than adding it to each page after it loads, over the dozens of
    pages each check visits.
    """
    assert AXE.is_file(), "run `make tools` to install axe-core"
    context.add_init_script(path=str(AXE))
    return context


def axe_problems(page: Any, where: str) -> list[str]:
    """What axe finds on the page loaded in ``page`` (a Playwright page), and any
    sideways scrolling, one line each, labelled ``where``."""
    assert AXE.is_file(), "run `make tools` to install axe-core"
    if not page.evaluate("typeof axe !== 'undefined'"):  # a context without with_axe
        page.add_script_tag(path=str(AXE))
    page.evaluate(_SETTLED)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = []
    for violation in result["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
        problems.append(f"{where}: {violation['id']}: {violation['help']} {targets}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"{where}: scrolls sideways by {overflow}px")
    return problems


THEMES = (
    Theme("telephony", "Practice telephone systems", "Phones, queues & numbers."),
    Theme("online-appointments", "Booking appointments online", "Booking without waiting."),
    Theme("patient-feedback", "Listening to patients' views", "Surveys and panels."),
)

STORY = """\
## What we did

We moved repeat prescriptions online and told every patient about it, which
took the pressure off reception first thing in the morning. See
[their approach](other-practice.md#what-we-did) too.

## What happened

Calls before ten fell by half within three months. Patients liked it, and the
staff had time to answer the phone properly again, without a queue.
"""


def make_case(slug: str = "example-surgery", **fields: object) -> CaseStudy:
    """A valid case study with the real canonical body HTML."""
    body = str(fields.pop("body", STORY))
    rendered = render(body)
    base = CaseStudy(
        slug=slug,
        source=f"casestudies/{slug}.md",
        folder=None,
        title="Online repeat prescriptions halved the morning phone queue",
        practice=Practice("Example Surgery", "Anytown", "England", 9800, "urban"),
        themes=("telephony",),
        summary="Moving repeat prescriptions online cut morning calls by half.",
        submitted=dt.date(2014, 4, 12),
        status="published",
        consent=True,
        body=body,
        body_line=30,
        body_html=rendered.html,
        headings=rendered.headings,
        word_count=rendered.word_count,
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def make_publication(*cases: CaseStudy) -> Publication:
    return Publication(themes=THEMES, case_studies=tuple(sorted(cases, key=lambda c: c.slug)))


# -- reading the built site ----------------------------------------------------


@dataclasses.dataclass
class ParsedPage:
    """What the link checker needs from one HTML file."""

    path: str
    """Relative to the site root, e.g. ``case-studies/x/index.html``."""
    lang: str | None = None
    ids: set[str] = dataclasses.field(default_factory=set)
    links: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    """(tag.attribute, value) for every href, src and srcset."""


class _Collector(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in ("href", "src"):
                self.page.links.append((f"{tag}.{name}", value))
            elif name == "srcset":
                for part in value.split(","):
                    self.page.links.append((f"{tag}.srcset", part.strip().split(" ")[0]))
        if tag == "html":
            self.page.lang = dict(attrs).get("lang")


def parse_site(site: Path) -> dict[str, ParsedPage]:
    """Every HTML file of a built site, by path relative to the root."""
    pages: dict[str, ParsedPage] = {}
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        page = ParsedPage(rel)
        _Collector(page).feed(file.read_text(encoding="utf-8"))
        pages[rel] = page
    return pages


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
