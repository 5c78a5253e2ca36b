"""The one Markdown configuration, shared by validation, the website and the PDF.

A case study's body is converted exactly once, here, when it is loaded. The
same conversion tells the rules what the body holds (raw HTML, links, images,
headings), so a build judges exactly what it publishes. ``publication
validate`` may read plain stories faster (:func:`generator.core.story_scan.inspect`),
which answers only where it agrees with this conversion and else converts here.

The HTML kept in the model is *canonical*: a link to another case study is
written ``href="case-study:<slug>#anchor"`` and images keep their path relative
to the case study's folder. Each output turns those into its own addresses with
:func:`rewrite_urls` (the site's ``../other/``, the PDF's ``#cs-other``).
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .model import Heading

EXTENSIONS: tuple[str, ...] = (
    "fenced_code",
    "tables",
    "footnotes",
    "admonition",
    "toc",
    "sane_lists",
    "generator.core.markdown:FigureExtension",
)
"""Python-Markdown extensions for case-study bodies: CommonMark-like text (fenced
code blocks included) with tables, footnotes and admonitions, and figures from
data files (``{{ figure: name }}``). ``attr_list`` and ``md_in_html`` are left out
on purpose: they would let a body smuggle attributes or HTML past validation.
Each is named by a string, so MkDocs can load the same list for content pages."""

EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    "toc": {"toc_depth": "2-3"},
    "footnotes": {"BACKLINK_TITLE": "Back to the text"},
}

CASE_STUDY_SCHEME = "case-study:"
"""Prefix of canonical links to another case study."""

CASE_STUDY_LINK = re.compile(
    r"^(?:\./)?(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:/index)?\.md(?:#(?P<fragment>[^\s]*))?$"
)
"""A link to another case study as an editor writes it: ``other.md`` or
``other/index.md``, optionally with ``#anchor``."""

FIGURE_LINE = re.compile(r"\{\{\s*figure\s*:\s*(?P<name>[^{}\n]*?)\s*\}\}", re.I)
"""How an editor places a figure: ``{{ figure: gp-networks-survey }}``, the name
of a file in ``content/data/`` without ``.yml``, as a paragraph of its own."""
_FIGURE_START = re.compile(r"\{\{\s*figure\b", re.I)

FIGURE_CLASS = "data-figure"
"""The class of the canonical, empty ``<figure>`` a figure line becomes: each
output replaces it with the drawn figure (:func:`generator.core.figures.fill_figures`),
so converting a story never needs the data."""

FindingKind = Literal[
    "raw-html", "link", "image", "heading", "figure", "figure-misplaced", "garbled"
]


@dataclass(frozen=True)
class Finding:
    """Something in the rendered body that a rule looks at, in document order."""

    kind: FindingKind
    value: str
    """The raw HTML, the link's href, the image's src, the heading's text, the
    figure's name, or the text around a figure marker that is not alone."""
    alt: str | None = None
    """An image's alt text."""
    level: int = 0
    """A heading's level."""


@dataclass(frozen=True)
class Inspection:
    """What the body rules read: the findings, in document order, and the length."""

    findings: tuple[Finding, ...]
    word_count: int
    """Runs of non-space characters in the text a reader sees."""


@dataclass(frozen=True)
class Rendered(Inspection):
    """A body converted once: the canonical HTML, and what validation needs."""

    html: str = ""
    headings: tuple[Heading, ...] = ()


_LEAKED = re.compile(r"(?:klzzwxh|wzxhzdk):\d+")
"""Python-Markdown's placeholders left in its output: some tangles of '*' and
'_' next to a link (``*em**em*[a](b.md)``) make it lose the link and print its
placeholder instead."""

_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
"""Python-Markdown's placeholder for stashed text, such as an entity."""


class _Inspector(Treeprocessor):
    """Collects links, images and headings, and canonicalises case-study links.

    Runs after the table of contents has given headings their ids.
    """

    def run(self, root: etree.Element) -> None:
        findings: list[Finding] = []
        headings: list[Heading] = []
        for element in root.iter():
            tag = element.tag
            if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                text = self._heading_text(element)
                level = int(tag[1])
                findings.append(Finding("heading", text, level=level))
                headings.append(Heading(level, element.get("id", ""), text))
            elif tag == "a":
                classes = element.get("class", "")
                if "footnote-ref" in classes or "footnote-backref" in classes:
                    continue
                href = element.get("href", "")
                findings.append(Finding("link", href))
                match = CASE_STUDY_LINK.match(href)
                if match:
                    fragment = match.group("fragment")
                    canonical = CASE_STUDY_SCHEME + match.group("slug")
                    element.set("href", canonical + (f"#{fragment}" if fragment else ""))
            elif tag == "img":
                findings.append(Finding("image", element.get("src", ""), alt=element.get("alt")))
            elif tag == "figure" and element.get("class") == FIGURE_CLASS:
                findings.append(Finding("figure", element.get("data-figure", "")))
            # A marker that is not a paragraph of its own stays text: say so.
            texts = (element.tail, None) if tag in ("code", "pre") else (element.text, element.tail)
            for text in texts:
                if text and _FIGURE_START.search(text):
                    findings.append(Finding("figure-misplaced", text.strip()))
        # One string, so a word split by formatting ("H<sub>2</sub>O") counts once;
        # block elements end in a newline (the prettify pass ran), so words of
        # neighbouring blocks stay apart.
        words = len("".join(root.itertext()).split())
        self.md.inspected = (findings, headings, words)  # type: ignore[attr-defined]

    def _heading_text(self, element: etree.Element) -> str:
        """A heading's words as a reader sees them: entities and other stashed text
        restored, footnote markers left out (they are not part of the title)."""
        parts: list[str] = []

        def walk(node: etree.Element) -> None:
            if node.tag == "sup" and node.get("id", "").startswith("fnref"):
                parts.append(node.tail or "")
                return
            # A code span's text is already escaped (Python-Markdown's code_escape).
            text = node.text or ""
            parts.append(html.unescape(text) if node.tag == "code" else text)
            for child in node:
                walk(child)
            if node is not element:
                parts.append(node.tail or "")

        walk(element)
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            index = int(match.group(1))
            block = stash[index] if index < len(stash) else ""
            return html.unescape(block) if isinstance(block, str) else ""

        return " ".join(_STASHED.sub(restore, "".join(parts)).split())


class _CodeCounter(Preprocessor):
    """Counts the stash entries made so far: fenced code blocks, which run first.

    Fenced code is kept in the same stash as raw HTML, so without this count a
    ``<div>`` shown inside a code block would be taken for raw HTML.
    """

    def run(self, lines: list[str]) -> list[str]:
        self.md.code_blocks = len(self.md.htmlStash.rawHtmlBlocks)  # type: ignore[attr-defined]
        return lines


class _FigureBlock(BlockProcessor):
    """A paragraph that is exactly ``{{ figure: name }}`` becomes a placeholder."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return FIGURE_LINE.fullmatch(block.strip()) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        match = FIGURE_LINE.fullmatch(blocks.pop(0).strip())
        assert match is not None
        etree.SubElement(
            parent, "figure", {"class": FIGURE_CLASS, "data-figure": match.group("name")}
        )


class FigureExtension(Extension):
    """``{{ figure: name }}`` on its own: a figure from ``content/data/<name>.yml``.

    Public, and named in :data:`EXTENSIONS` by its dotted path, so the website's
    content pages (converted by MkDocs) and the stories (converted here) place
    figures the same way.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before the paragraph processor (10), after lists, quotes and references.
        md.parser.blockprocessors.register(_FigureBlock(md.parser), "listening-figure", 12)


class _InspectExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After fenced_code_block (25), before html_block (20).
        md.preprocessors.register(_CodeCounter(md), "listening-code-counter", 22)
        md.treeprocessors.register(_Inspector(md), "listening-inspector", 4)


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread: building one costs more than converting a body."""
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _InspectExtension()],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )
        _local.md = md
    return md


_EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")
"""A header cell with nothing in it (a Markdown table's blank corner) heads
nothing: it is written as a plain cell, for the site (axe: empty-table-header)
and the PDF (outloud TBL-011: row labels "headed" by silence) alike."""


def render(text: str) -> Rendered:
    """Convert a case study's body to canonical HTML and say what it holds."""
    md = _converter()
    md.reset()
    # An empty body skips every processor: start from "nothing found".
    md.inspected = ([], [], 0)  # type: ignore[attr-defined]
    md.code_blocks = 0  # type: ignore[attr-defined]
    html = md.convert(text)
    findings, headings, words = md.inspected  # type: ignore[attr-defined]
    raw = [
        Finding("raw-html", block)
        for block in md.htmlStash.rawHtmlBlocks[md.code_blocks :]  # type: ignore[attr-defined]
        if isinstance(block, str) and block.lstrip().startswith("<")
    ]
    if "<th" in html:
        html = _EMPTY_HEADER.sub(lambda m: f"<td{m[1] or ''}></td>", html)
    leaked = _LEAKED.search(html)
    if leaked:
        findings.append(Finding("garbled", leaked.group(0)))
    # Raw HTML is kept apart by the converter, so it goes first; rules sort by
    # position anyway.
    return Rendered(
        html=html,
        headings=tuple(headings),
        findings=tuple(raw) + tuple(findings),
        word_count=words,
    )


MAX_INDENT = 40
"""Columns of indentation beyond which a line is nested too deeply to render safely."""
MAX_QUOTE_DEPTH = 20
MAX_MARKER_RUN = 50
"""Longest run of ``*``, ``_`` or ``~`` in a row."""
MAX_BRACKETS_PER_BLOCK = 100
"""Python-Markdown's link search grows with the square of unmatched ``[`` in a block."""
MAX_BRACKETS = 2000
"""Links in a whole story; no real one comes near."""
MAX_BACKTICKS_PER_BLOCK = 400
"""Code spans in one block are also matched in time that grows with their square."""

_MARKER_RUN = re.compile(rf"[*_~]{{{MAX_MARKER_RUN + 1},}}")
_QUOTES = re.compile(rf"^(?:\s*>){{{MAX_QUOTE_DEPTH + 1},}}")


def too_complex(text: str) -> list[tuple[int, str]]:
    """(0-based line, reason) for input that would make the converter take minutes
    or exhaust the stack: deep nesting, endless emphasis markers, bracket storms.

    Such text is never a real story, so it is refused before conversion with a
    clear message instead of hanging a build.
    """
    found: list[tuple[int, str]] = []
    brackets = backticks = 0
    block_start = 0
    if text.count("[") > MAX_BRACKETS:
        return [(0, f"the story has more than {MAX_BRACKETS:,} '[' characters (links); shorten it")]
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            brackets = backticks = 0
            block_start = number + 1
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if indent > MAX_INDENT:
            found.append(
                (
                    number,
                    f"this line is indented {indent} columns; lists and quotes "
                    f"may be nested at most {MAX_INDENT // 4} levels deep",
                )
            )
        elif _QUOTES.match(line):
            found.append((number, f"quotes ('>') are nested more than {MAX_QUOTE_DEPTH} deep"))
        elif _MARKER_RUN.search(line):
            found.append(
                (
                    number,
                    f"more than {MAX_MARKER_RUN} '*', '_' or '~' in a row; "
                    "for a dividing line write *** on its own line",
                )
            )
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_BLOCK:
            found.append(
                (
                    block_start,
                    f"this paragraph has more than {MAX_BRACKETS_PER_BLOCK} "
                    "'[' characters; split it, or remove stray brackets",
                )
            )
            brackets = -(10**9)  # one message per paragraph
        backticks += line.count("`")
        if backticks > MAX_BACKTICKS_PER_BLOCK:
            found.append(
                (
                    block_start,
                    f"this paragraph has more than {MAX_BACKTICKS_PER_BLOCK} '`' characters; "
                    "split it, or remove stray backticks",
                )
            )
            backticks = -(10**9)
        if len(found) >= 5:
            break
    return found


_URL_ATTRIBUTE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')


def rewrite_urls(
    html: str,
    *,
    case_study_link: Callable[[str, str | None], str],
    image: Callable[[str], str] | None = None,
) -> str:
    """Give canonical HTML one output's addresses.

    ``case_study_link(slug, fragment)`` turns a link to another case study into
    that output's address; ``image(src)`` does the same for an image path. The
    attribute values were written by the converter, which escapes ``"``, so a
    pattern over ``href="..."`` cannot be fooled by the body's text.
    """

    def replace(match: re.Match[str]) -> str:
        attr, url = match.group("attr"), match.group("url")
        if attr == "href" and url.startswith(CASE_STUDY_SCHEME):
            slug, _, fragment = url[len(CASE_STUDY_SCHEME) :].partition("#")
            return f'{attr}="{case_study_link(slug, fragment or None)}"'
        if attr == "src" and image is not None and "://" not in url:
            return f'{attr}="{image(url)}"'
        return match.group(0)

    return _URL_ATTRIBUTE.sub(replace, html)
