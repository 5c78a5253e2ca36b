"""Rules for a case study's story: raw HTML, headings, links, images, length.

They read what the one Markdown conversion found (see :mod:`generator.core.markdown`),
so a build judges exactly what it publishes; ``validate`` gives them the same
findings from the fast reading of plain stories (:mod:`generator.core.story_scan`). Python-Markdown keeps no source
positions, so each finding is located in the body by searching for the text it
came from, in document order; the line reported is the line in the file.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..frontmatter import Pos
from ..markdown import CASE_STUDY_LINK, FIGURE_LINE, Finding, Inspection
from ..placeholders import SECTIONS, sentences_in
from ..suggest import did_you_mean
from .fields import SeverityReport, template_severity, template_text_message

IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG", ".webp": "WebP"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MIN_PUBLISHED_WORDS = 50
_AMP = "\x02amp\x03"
"""Python-Markdown's stand-in for '&' in an obfuscated email link."""

Report = Callable[[Pos, str, str], None]

_HTML_ADVICE: tuple[tuple[str, str], ...] = (
    (
        "<!--",
        "an HTML comment is published in the page's source; delete it, or keep the note "
        "outside the case study",
    ),
    ("<br", "for a new line, leave an empty line between paragraphs"),
    ("<b>", "for bold, write **bold**"),
    ("<strong", "for bold, write **bold**"),
    ("<i>", "for italics, write *italics*"),
    ("<em", "for italics, write *italics*"),
    ("<a ", "for a link, write [the words](https://example.org)"),
    ("<img", "for a picture, write ![what it shows](picture.png)"),
    ("<h", "for a heading, write ## Heading on its own line"),
    ("<ul", "for a list, start each line with '- '"),
    ("<ol", "for a numbered list, start each line with '1. '"),
    ("<table", "for a table, use Markdown's | column | column | rows"),
    ("<p", "for a paragraph, leave an empty line before and after it"),
    ("<script", "scripts are never allowed in a case study; delete it"),
    ("<iframe", "embedded pages are not allowed; link to the page instead"),
)


_TANGLED = re.compile(r"[^\s*_]*(?:[*_]+[^\s*_]+){2,}[*_]+\S*")
"""A word with three or more runs of '*' or '_' in it, where garbling starts."""


@dataclass
class BodyFacts:
    """What the body rules learnt that the cross-file rules need."""

    case_links: list[tuple[str, Pos]] = field(default_factory=list)
    """(slug, position) of every link to another case study."""
    images: list[str] = field(default_factory=list)
    """Image paths the body uses, relative to the case study's folder."""
    cover: str | None = None
    """The cover image's path, when the front matter names one."""


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_TICKS = re.compile(r"`+")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _mask_spans(text: str) -> str:
    """Blank out code spans: a run of backticks up to the next run of the same
    length. Linear in the text (a regex with a lazy '.+?' is quadratic, and
    minutes long on a story full of odd backtick runs)."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    pieces, done, index = [], 0, 0
    while index < len(runs):
        closer = following[index]
        if closer is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closer][1]
        span = text[start:end]
        pieces += [
            text[done:start],
            re.sub(r"[^\n]", " ", span) if "\n" in span else " " * len(span),
        ]
        done, index = end, closer + 1
    return "".join(pieces) + text[done:]


def _mask_code(body: str) -> str:
    """The body with fenced code and code spans blanked out, lines and columns kept:
    a ``<b>`` shown in code is not where the raw ``<b>`` after it was written."""
    if "`" not in body and "~~~" not in body:
        return body
    return _mask_spans(_FENCE.sub(_blank, body))


class _Locator:
    """Finds where a piece of the body was written, in document order."""

    def __init__(self, body: str, first_line: int) -> None:
        self.body = _mask_code(body)
        self.first_line = first_line
        self.starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self.cursor: dict[str, int] = {}

    def find(self, kind: str, *needles: str) -> Pos:
        start = self.cursor.get(kind, 0)
        for needle in needles:
            if not needle:
                continue
            at = self.body.find(needle, start)
            if at < 0:
                at = self.body.find(needle)
            if at >= 0:
                self.cursor[kind] = at + len(needle)
                return self.pos(at)
        return Pos(self.first_line, 1)

    def search(self, kind: str, pattern: re.Pattern[str]) -> Pos:
        """Like :meth:`find`, for text an editor may space as they like."""
        start = self.cursor.get(kind, 0)
        match = pattern.search(self.body, start) or pattern.search(self.body)
        if match is None:
            return Pos(self.first_line, 1)
        self.cursor[kind] = match.end()
        return self.pos(match.start())

    def pos(self, offset: int) -> Pos:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Pos(self.first_line + index, offset - self.starts[index] + 1)


def check_body(
    rendered: Inspection,
    body: str,
    body_line: int,
    *,
    status: str,
    folder: Path | None,
    slug: str,
    report: SeverityReport,
    figures: Collection[str] | None = None,
) -> BodyFacts:
    """Check the story; ``folder`` is the case study's own folder (folder form only);
    ``figures`` are the names of the data files (None: figures are not checked).

    ``body`` is the story as written: the template's texts are looked for there,
    not in ``rendered``, so a build and ``validate`` (whichever way it read the
    story) find the same ones at the same places."""
    facts = BodyFacts()
    locate = _Locator(body, body_line)
    if not body.strip():
        report(
            Pos(body_line, 1),
            "empty-body",
            "the story is empty; write it below the closing '---' line, starting with a "
            "heading such as ## What we did",
        )
        return facts
    _template_text(locate, template_severity(status), report)
    if status == "published" and rendered.word_count < MIN_PUBLISHED_WORDS:
        report(
            Pos(body_line, 1),
            "too-few-words",
            f"the story has {rendered.word_count} word(s); a published case study needs at "
            f"least {MIN_PUBLISHED_WORDS}. Tell what you did, what changed and what you learned",
        )
    for finding in rendered.findings:
        if finding.kind == "raw-html":
            _raw_html(finding, locate, report)
        elif finding.kind == "heading" and finding.level == 1:
            pos = locate.find("h1", f"# {finding.value}", finding.value)
            report(
                pos,
                "heading-level-1",
                f"'{finding.value}' is a level-1 heading, but the title is the page's only "
                f"one; start headings at level 2: ## {finding.value}",
            )
        elif finding.kind == "link":
            _link(finding, locate, facts, report)
        elif finding.kind == "garbled":
            report(
                locate.search("garbled", _TANGLED),
                "markdown-garbled",
                "the '*' and '_' here confuse the converter: part of this paragraph would be "
                f"lost, and '{finding.value}' printed instead; put them around whole words "
                "only, such as *this* or **this**",
            )
        elif finding.kind == "image":
            _image(finding, locate, facts, folder=folder, slug=slug, report=report)
    if figures is not None:
        _figures(rendered, locate, figures, report)
    return facts


_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)", re.M)
"""The start of a ``## heading`` line, and its level."""
_TEMPLATE_HEADING = re.compile(
    r"^ {0,3}(#{1,6})[ \t]+("
    + "|".join(r"[ \t]+".join(map(re.escape, heading.split())) for heading in SECTIONS)
    + r")(?:[ \t]+#+)?[ \t]*$",
    re.M | re.I,
)
"""A heading the template writes (``## What changed``), at any level, in any case."""


def _template_text(locate: _Locator, severity: str, report: SeverityReport) -> None:
    """The template's prompt paragraph left in the story, and the template's
    headings left with nothing under them (not even a heading of a lower level).

    A section holding only the prompt is reported once, at the prompt. Code is
    left out (the locator's text has it blanked), as it is from every body rule."""
    text = locate.body
    for placeholder, offset in sentences_in(text, "body"):
        message = template_text_message(placeholder.text, placeholder, "body")
        report(locate.pos(offset), "template-text", message, severity)
    if "#" not in text:
        return
    for heading in _TEMPLATE_HEADING.finditer(text):
        level = len(heading.group(1))
        end = next(
            (h.start() for h in _ATX_HEADING.finditer(text, heading.end()) if len(h[1]) <= level),
            len(text),
        )
        if text[heading.end() : end].strip():
            continue
        report(
            locate.pos(heading.start()),
            "template-text",
            f"'{heading.group(1)} {heading.group(2)}' is the template's heading with nothing "
            "under it; write that part of the story below it, or delete the heading",
            severity,
        )


def check_figures(
    rendered: Inspection, body: str, body_line: int, figures: Collection[str], report: Report
) -> None:
    """Check the figures a page places (a content page: no other story rule applies)."""
    _figures(rendered, _Locator(body, body_line), figures, report)


_FIGURE_TEXT = re.compile(r"\{\{\s*figure\b", re.I)


def _figures(
    rendered: Inspection, locate: _Locator, figures: Collection[str], report: Report
) -> None:
    """Every placed figure names a data file, and stands as a paragraph of its own."""
    known = sorted(figures)
    for finding in rendered.findings:
        if finding.kind == "figure-misplaced":
            pos = locate.search("figure", _FIGURE_TEXT)
            report(
                pos,
                "figure-not-alone",
                "this '{{ figure' is not read as a figure: write it exactly "
                "{{ figure: name }}, as a paragraph of its own, with an empty line "
                "before and after it",
            )
        elif finding.kind == "figure":
            pos = locate.search("figure", FIGURE_LINE)
            name = html.unescape(finding.value)
            if name in figures:
                continue
            hint = did_you_mean(name, known)
            if not name:
                message = "this figure has no name; write {{ figure: name }}, where name.yml is "
                message += "a file in content/data/"
            else:
                message = f"there is no figure '{name}' (no content/data/{name}.yml){hint}"
            if not hint:
                message += (
                    f"; the figures are {', '.join(known)}"
                    if known
                    else "; there are no data files in content/data/ yet"
                )
            report(pos, "unknown-figure", message)


def _raw_html(finding: Finding, locate: _Locator, report: Report) -> None:
    first = finding.value.strip().split("\n", 1)[0]
    if first.startswith("</"):
        return  # the opening tag has been reported; one message per element is enough
    pos = locate.find("html", first)
    lowered = first.lower()
    advice = next((a for tag, a in _HTML_ADVICE if lowered.startswith(tag)), None)
    shown = first if len(first) <= 40 else first[:37] + "..."
    report(
        pos,
        "raw-html",
        f"raw HTML '{shown}' is not allowed in a case study; "
        + (advice or "write it in Markdown instead (see the guide on the site)"),
    )


def _link(finding: Finding, locate: _Locator, facts: BodyFacts, report: Report) -> None:
    href = finding.value
    if _AMP in href:  # an autolinked <name@example.org>, obfuscated as entities
        href = html.unescape(href.replace(_AMP, "&"))
    address = href[len("mailto:") :] if href.lower().startswith("mailto:") else ""
    pos = locate.find("link", f"({href}", f"<{href}>", href, f"<{address}>")
    lowered = href.strip().lower()
    match = CASE_STUDY_LINK.match(href)
    if match:
        facts.case_links.append((match.group("slug"), pos))
        return
    if lowered.startswith(("https://", "http://")) or lowered.startswith("#"):
        return
    scheme = lowered.split(":", 1)[0] if ":" in lowered else ""
    if scheme == "mailto":
        message = (
            f"'{href}' is an email link; contact details belong in 'contact:', "
            "where 'publish' decides whether they are shown"
        )
    elif scheme in ("javascript", "data", "file", "vbscript"):
        message = f"'{href}' is a {scheme}: link, which is never allowed; link to an https:// page"
    elif href.endswith(".md") or ".md#" in href:
        message = (
            f"'{href}' does not name a case study; link to another case study by its file "
            "name alone, such as [their story](other-practice.md)"
        )
    else:
        message = (
            f"'{href}' is not a link the publication can follow; use a full https:// "
            "address, or another case study's file name such as other-practice.md"
        )
    report(pos, "bad-link", message)


def _image(
    finding: Finding,
    locate: _Locator,
    facts: BodyFacts,
    *,
    folder: Path | None,
    slug: str,
    report: Report,
) -> None:
    src = finding.value
    pos = locate.find("image", f"![{finding.alt or ''}]({src}", f"]({src}", src)
    if not (finding.alt or "").strip():
        report(
            pos,
            "image-alt-missing",
            f"the image '{src}' has no alt text; describe what it shows for people who cannot "
            f"see it: ![what the picture shows]({src})",
        )
    problem = image_problem(src, folder=folder, slug=slug)
    if problem:
        report(pos, *problem)
    # Used even when it has a problem, so it is not also called unused.
    facts.images.append(Path(src).as_posix())  # ./photo.png is photo.png


def image_problem(src: str, *, folder: Path | None, slug: str) -> tuple[str, str] | None:
    """(rule, message) when ``src`` is not a usable image of this case study."""
    if "://" in src or src.startswith(("data:", "file:", "//")):
        return (
            "image-not-local",
            f"the image '{src}' is not a file of this case study; put the picture in "
            f"casestudies/{slug}/ beside index.md and write its file name",
        )
    if src.startswith("/") or ".." in Path(src).parts or "\\" in src:
        return (
            "image-outside-folder",
            f"the image '{src}' points outside the case study's folder; put it in "
            f"casestudies/{slug}/ and write its file name alone",
        )
    if len(Path(src).parts) > 1:
        return (
            "image-outside-folder",
            f"the image '{src}' is in a folder inside casestudies/{slug}/; pictures sit "
            "beside index.md: move it there and write its file name alone",
        )
    suffix = Path(src).suffix.lower()
    if suffix not in IMAGE_TYPES:
        return (
            "image-format",
            f"'{src}' is not a PNG, JPEG, SVG or WebP picture; save it in one of those formats",
        )
    if folder is None:
        return (
            "image-needs-folder",
            f"a case study with pictures needs its own folder: move this file to "
            f"casestudies/{slug}/index.md and put '{src}' beside it",
        )
    path = folder / src
    if not path.is_file() or path.is_symlink():
        return (
            "image-missing",
            f"the image '{src}' is not in casestudies/{slug}/; add the file there or correct "
            "the name (names are case-sensitive)",
        )
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return (
            "image-too-large",
            f"the image '{src}' is {math.ceil(size / 1024 / 1024 * 10) / 10:.1f} MB; pictures "
            "are at most 5 MB: "
            "make it smaller (about 2000 pixels wide is plenty)",
        )
    return None
