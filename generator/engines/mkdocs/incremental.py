"""A preview that rebuilds only the pages an edit changed (``publication serve``).

At 1,000 case studies most of a rebuild was MkDocs laying out 1,000 case-study
pages that the edit did not touch. Under a dirty ``serve`` (``publication
serve`` asks for one; ``mkdocs serve --dirty`` too) MkDocs skips a page whose
file says it is not modified, so here a generated page says so when its own
text and everything around it are as they were at the last build:

- its finished page (title, description, HTML, contents) is the same, and
- the rest of the site it is drawn in is the same: the navigation, the
  content pages, the build's date, drafts or not, and the problems every page
  lists. Any of those changing rebuilds every page.

Content pages are always rebuilt (the home page lists case studies; they are
few). A page that is no longer generated (a case study deleted, renamed or
made a draft) is removed from the preview. Pages that are skipped still go into
the search index, from the sections the core cut, so search finds every case
study after any rebuild.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ...site import pages
from .search import feed


class PreviewFile(File):
    """A generated page that may be left as the last build wrote it."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class Incremental:
    """What the last build generated, kept across a ``serve``'s rebuilds."""

    def __init__(self) -> None:
        self.site = ""
        """A digest of everything drawn around every page, at the last build."""
        self.digests: dict[str, str] = {}
        """Each generated page's digest at the last build, by its source path."""
        self.skipped: list[tuple[str, pages.Page]] = []
        """This build's unchanged pages: (address, page), for the search index."""
        self.pages = 0
        """How many pages this build has, skipped ones included."""

    def sort(
        self,
        config: MkDocsConfig,
        files: Files,
        generated: dict[str, pages.Page],
        surroundings: tuple[object, ...],
    ) -> None:
        """Mark this build's unchanged pages, and clear what the last one left behind."""
        site = _digest(repr((surroundings, config.nav, _content_pages(files))))
        digests = {
            uri: _digest(page.markdown() + repr(page.toc)) for uri, page in generated.items()
        }
        self.skipped = []
        for uri, digest in digests.items():
            file = files.get_file_from_path(uri)
            if (
                isinstance(file, PreviewFile)
                and site == self.site
                and self.digests.get(uri) == digest
                and os.path.isfile(file.abs_dest_path)
            ):
                file.unchanged = True
                self.skipped.append((file.url, generated[uri]))
        for uri in self.digests.keys() - digests.keys():
            _remove_page(Path(config.site_dir), uri)
        for file in files.documentation_pages():
            if not isinstance(file, PreviewFile) and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)  # rebuilt: its output is older than nothing
        self.site, self.digests = site, digests
        self.pages = len(files.documentation_pages())

    @property
    def laid_out(self) -> tuple[int, int]:
        """(pages laid out again, pages in all), for the terminal."""
        return self.pages - len(self.skipped), self.pages

    def index(self, search: Any) -> None:
        """Put the skipped pages in the search index, as their build would have."""
        index = getattr(search, "search_index", None)
        if index is None:
            return
        # Material's own dirty-build merge assumes one page was rebuilt; this index is whole.
        search.search_index_prev = None
        for url, page in self.skipped:
            if page.searchable:
                feed(index, url, page)


def _content_pages(files: Files) -> list[tuple[str, int]]:
    """The editors' pages and when each was last saved: their titles are in every sidebar."""
    return sorted(
        (file.src_uri, os.stat(file.abs_src_path).st_mtime_ns)
        for file in files.documentation_pages()
        if not isinstance(file, PreviewFile) and file.abs_src_path
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remove_page(site_dir: Path, src_uri: str) -> None:
    """The output of a page no longer generated, so the preview answers 404 for it
    (``case-studies/x/index.md`` and ``contribute/guide.md`` alike are folder pages)."""
    folder = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    (site_dir / folder / "index.html").unlink(missing_ok=True)
