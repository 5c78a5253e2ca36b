"""Inside ``zensical build``: the core's pages put in place, as the MkDocs plugin's
``on_page_content`` does.

Zensical runs no MkDocs plugin, but it converts every page with Python-Markdown
and the extensions its configuration names; this is one of them (the config
module names it, with the build's handoff file). For each page it:

- passes a generated page's finished HTML through untouched, without letting
  Markdown read it (a story is converted once, by the core), and gives Zensical
  the page's table of contents from its front matter;
- draws the figures a content page places, numbered as in the PDF;
- gives the home page its blocks (themes, recent case studies, the download), a
  heading when its text has none, and their entries in its table of contents.

Which page is being converted, and its front matter, come from Zensical's own
rendering context (``zensical.extensions.context``), the one part of Zensical
this module reads; it was checked against the version in :data:`.run.CHECKED`.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from zensical.extensions.context import ContextPreprocessor

from ...core.figures import fill_figures
from ...core.model import Heading
from ...site import pages
from . import handoff as handoff_file
from .handoff import GENERATED


class _Page:
    """One conversion's page: where it is, its front matter and, when finished, its HTML."""

    def __init__(self) -> None:
        self.path = ""
        self.meta: dict[str, Any] = {}
        self.finished: str | None = None
        self.serialised = False
        """Whether Markdown is done with the tree: before that, postprocessors are
        also run on each heading's text (by ``toc``, to name it)."""


class _Capture(Preprocessor):
    """First, before Markdown normalises anything: note the page, and take a
    generated page's text away from Markdown whole."""

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        context = ContextPreprocessor.from_markdown(self.md)
        if context is None:
            raise RuntimeError(
                "Zensical gave no rendering context: this Zensical is not the version "
                "the publication's engine was checked against"
            )
        self.page.path = context.page.path
        self.page.meta = context.page.meta
        if GENERATED not in self.page.meta:
            return lines
        self.page.finished = "\n".join(lines)
        return []


class _Serialised(Treeprocessor):
    """Last of the tree's processors: what postprocessors see next is the page."""

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: Element) -> None:
        self.page.serialised = True


class _PutInPlace(Postprocessor):
    """Last, on Markdown's finished HTML: what the plugin's ``on_page_content`` does."""

    def __init__(self, md: Markdown, page: _Page, handoff: handoff_file.Handoff) -> None:
        super().__init__(md)
        self.page = page
        self.handoff = handoff

    def run(self, text: str) -> str:
        md: Any = self.md
        if not self.page.serialised:
            return text
        if self.page.finished is not None:
            toc = self.page.meta[GENERATED]["toc"]
            md.toc_tokens = _toc_tokens(Heading(*heading) for heading in toc)
            return self.page.finished
        if "data-figure" in text:
            text = fill_figures(text, self.handoff.figures, self.handoff.numbering)
        if self.page.path == self.handoff.home:
            text = self._home(text)
        return text

    def _home(self, html: str) -> str:
        """The home page's own text, then the blocks; its heading is the title
        from its front matter (the nav calls it "Home")."""
        md: Any = self.md
        html = pages.fill_home(html, self.handoff.home_blocks)
        if "<h1" not in html:
            title = self.page.meta.get("title") or self.handoff.site_name
            html = f"<h1>{pages.html_text(title)}</h1>\n{html}"
        tokens = [*getattr(md, "toc_tokens", []), *_toc_tokens(self.handoff.home_toc)]
        tokens.sort(key=lambda token: _position(html, token["id"]))
        md.toc_tokens = tokens
        return html


def _position(html: str, anchor: str) -> int:
    """Where the element with id ``anchor`` starts (the end if it is not there)."""
    found = html.find(f'id="{anchor}"')
    return found if found >= 0 else len(html)


def _toc_tokens(headings: Any) -> list[dict[str, Any]]:
    """Nest flat headings (levels 2 and 3) as Python-Markdown's toc tokens, which
    Zensical reads; as Markdown's, their ``name`` and ``html`` are HTML (a heading's
    title is plain text, so escaped once)."""
    tokens: list[dict[str, Any]] = []
    for heading in headings:
        title = str(pages.html_text(heading.title))
        token = {
            "level": heading.level,
            "id": heading.id,
            "name": title,
            "html": title,
            "data-toc-label": "",
            "children": [],
        }
        if heading.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


class PublicationExtension(Extension):
    """The extension Zensical loads by name (:data:`.config.EXTENSION`)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"handoff": ["", "The build's handoff file (see handoff.py)."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        page = _Page()
        handoff = handoff_file.read(self.getConfig("handoff"))
        # Above Markdown's whitespace normaliser (30), which would expand tabs.
        md.preprocessors.register(_Capture(md, page), "publication-capture", 40)
        md.treeprocessors.register(_Serialised(md, page), "publication-serialised", -100)
        # After every other postprocessor (raw HTML is back in place by then).
        md.postprocessors.register(_PutInPlace(md, page, handoff), "publication-place", 0)


def makeExtension(**kwargs: Any) -> PublicationExtension:
    """Python-Markdown's entry point for an extension named by its module."""
    return PublicationExtension(**kwargs)
