"""The search feed: generated pages indexed from their known sections.

Material's search plugin parses every page's HTML to cut it into sections;
for a generated page the core already knows them (:func:`generator.site.pages.search_sections`
cuts the same, and a test compares them), so they are handed to the index and
the page is excluded from the parser, which was almost half of the build at
1,000 case studies.
"""

from __future__ import annotations

from typing import Any

from ...site import pages


def feed(index: Any, url: str, page: pages.Page) -> None:
    """Add ``page`` (published at ``url``) to Material's search ``index``, section by section."""
    for section in pages.search_sections(page):
        location = url + (f"#{section.anchor}" if section.anchor else "")
        index.entries.append({"location": location, "title": section.title, "text": section.text})
