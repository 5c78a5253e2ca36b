"""The search index's entries, cut from our finished pages.

Both engines feed these entries to their search, so the same words find the
same pages whichever engine built the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as html_escape
from html import unescape as html_unescape

from .page import Page
from .text import html_text


@dataclass(frozen=True)
class SearchSection:
    """One entry of the search index: a heading and the text under it.

    The same sections Material's search plugin would cut from the page, made
    here with a few regular expressions instead of its HTML parser, which was
    almost half of the build's time at 1,000 case studies.
    """

    anchor: str | None
    """The heading's id; None for the page's top (its ``<h1>``)."""
    title: str
    """Escaped text: Material shows it as HTML."""
    text: str
    """Escaped text, with paragraph and list tags kept as Material keeps them."""


_SEARCH_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_SEARCH_EXCLUDED = re.compile(
    r"<(ul|ol|div|section|nav|form|table|figure|noscript)\b[^>]*\sdata-search-exclude\b[^>]*>.*?</\1>", re.S
)
_SEARCH_SKIPPED = re.compile(r"<(script|style|object)\b[^>]*>.*?</\1>", re.S)
_SEARCH_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_SEARCH_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


def _search_text(fragment: str, *, title: bool = False) -> str:
    """Text of an HTML fragment exactly as Material's search parser keeps it.

    Escaped text; ``<p>``, lists and code kept as bare tags; a kept element
    with nothing but space in it dropped; runs of space-only text between tags
    kept once (in a title, kept as they come). Line breaks become spaces
    outside ``<pre>``.
    """
    data: list[str] = []
    in_pre = 0
    position = 0
    for match in _SEARCH_TAG.finditer(fragment):
        _search_data(fragment[position : match.start()], data, in_pre, title)
        position = match.end()
        closing, tag = match.group(1), match.group(2).lower()
        if tag == "pre":
            in_pre += -1 if closing else 1
        if tag not in _SEARCH_KEEP:
            continue
        if not closing:
            data.append(f"<{tag}>")
            continue
        opening = f"<{tag}>"
        index = data.index(opening) if opening in data else len(data)
        if index < len(data) and all(d.isspace() for d in data[index + 1 :]):
            del data[index:]
        else:
            data.append(f"</{tag}>")
    _search_data(fragment[position:], data, in_pre, title)
    return "".join(data).strip()


def _search_data(text: str, data: list[str], in_pre: int, title: bool) -> None:
    if not text:
        return
    if not in_pre:
        text = " " if text.isspace() else text.replace("\n", " ")
    if text.isspace() and not title:
        if not data or not data[-1].isspace():
            data.append(text)
        return
    data.append(html_escape(html_unescape(text), quote=False))


def search_sections(page: Page) -> tuple[SearchSection, ...]:
    """The page cut at each heading that has an id, as search entries.

    Text before the first such heading (the ``<h1>`` included) is the page's
    top, titled with the page's title as MkDocs is given it (:func:`html_text`),
    as Material titles it: Material shows a result's title as HTML, so a
    title's ``<script>`` must be text there, as a heading's is.
    """
    content = _SEARCH_SKIPPED.sub("", _SEARCH_EXCLUDED.sub("", page.html))
    cuts: list[tuple[int, int, str, str]] = []  # start, end of heading, id, title
    for match in _SEARCH_HEADING.finditer(content):
        found = _ID.search(match.group(2))
        if found is None:
            continue  # like Material: a heading without an id does not start a section
        anchor = found.group(1)
        title = _search_text(match.group(3), title=True)
        cuts.append((match.start(), match.end(), anchor, title))
    sections: list[SearchSection] = []
    end = cuts[0][0] if cuts else len(content)
    top = _search_text(content[:end])
    page_title = str(html_text(page.title))
    if top or not cuts:
        sections.append(SearchSection(None, page_title, top))
    for i, (_, heading_end, anchor, title) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(content)
        text = _search_text(content[heading_end:end])
        sections.append(SearchSection(anchor, title or page_title, text))
    return tuple(sections)
