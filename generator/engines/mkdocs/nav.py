"""The core's page data in MkDocs' shapes: nav sections and tables of contents."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files

from ...core.model import Heading, Publication
from ...site import pages


def expand_nav(nav: Any, publication: Publication) -> Any:
    """Turn each overview page in the nav into a section of its pages."""
    if nav is None:
        return None
    sections = pages.section_nav(publication)

    def expand(item: Any) -> Any:
        if isinstance(item, dict) and len(item) == 1:
            ((title, target),) = item.items()
            if isinstance(target, str) and target in sections:
                # A theme's title is text from themes.yml; MkDocs reads nav titles as HTML.
                entries = ({pages.html_text(t): uri} for t, uri in sections[target])
                return {title: [target, *entries]}
            if isinstance(target, list):
                return {title: [expand(i) for i in target]}
        return item

    return [expand(item) for item in nav]


def content_in_nav(nav: Any, files: Files) -> list[tuple[str, str]]:
    """The content pages named in the nav, in reading order: (path, Markdown)."""
    found: list[tuple[str, str]] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            file = files.get_file_from_path(item)
            if file is not None and file.is_documentation_page() and file.generated_by is None:
                found.append((item, file.content_string))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav or [])
    return found


def toc_tokens(headings: tuple[Heading, ...]) -> list[dict[str, Any]]:
    """Nest flat headings (levels 2 and 3) as MkDocs' table-of-contents tokens."""
    tokens: list[dict[str, Any]] = []
    for heading in headings:
        # MkDocs reads a token's name as HTML; a heading's title is plain text.
        token = {
            "level": heading.level,
            "id": heading.id,
            "name": pages.html_text(heading.title),
            "children": [],
        }
        if heading.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def position(html: str, anchor: str) -> int:
    """Where the element with id ``anchor`` starts (the end if it is not there)."""
    found = html.find(f'id="{anchor}"')
    return found if found >= 0 else len(html)
