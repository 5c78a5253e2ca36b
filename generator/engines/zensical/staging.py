"""The core's pages, assets and images laid out as a Zensical docs folder.

What the MkDocs plugin hands MkDocs as generated files in ``on_files`` is
written here as real files, into the build's own work folder (never into the
project): a copy of the content pages, every page of
:func:`generator.site.pages.site_pages` at its address, the stylesheet, script,
fonts and images under ``assets/publication/``, and each case study's images
beside its page.

A generated page is its front matter (title, description, search flag and, under
``listening-to-patients``, its table of contents) and its finished HTML, which
:mod:`.extension` puts in place untouched: Markdown never reads a story twice.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ...core.errors import BuildFailed
from ...core.model import Heading, Publication
from ...site import pages
from ...site.assets import published_assets
from .. import SHARED_TEMPLATES
from .handoff import GENERATED, Handoff
from .handoff import write as write_handoff

OVERRIDES = Path(__file__).parent / "overrides"
"""Our fixes over Zensical's templates; each file's header says what it fixes."""

HOME = "index.md"
"""The home page in the docs folder, as in MkDocs."""


@dataclass(frozen=True)
class Staged:
    """A work folder ready for ``zensical build``."""

    docs: Path
    """The docs folder: content pages, generated pages, assets and images."""
    handoff: Path
    """What :mod:`.extension` reads (see :mod:`.handoff`)."""
    overrides: Path
    """The theme's custom folder."""


def stage(
    publication: Publication,
    *,
    root: Path,
    project: dict[str, Any],
    downloads: pages.Downloads,
    work: Path,
) -> Staged:
    """Lay out the build's work folder for Zensical.

    ``project`` is the project's ``mkdocs.yml``: its ``docs_dir`` holds the
    content pages and its nav gives the reading order figures are numbered in.
    """
    content = root / str(project.get("docs_dir") or "docs")
    if not content.is_dir():
        raise BuildFailed(f"the content folder {content} does not exist")
    docs = work / "docs"
    shutil.copytree(content, docs)
    numbering = pages.figure_numbering(publication, _content_in_nav(project.get("nav"), content))
    site_pages = pages.site_pages(publication, downloads=downloads, numbering=numbering)
    for page in site_pages:
        _write(docs, page.src_uri, _page_file(page))
    for path, uri in published_assets():
        _copy(path, docs, uri)
    for case in publication.case_studies:
        if case.folder is None:
            continue
        names = set(case.images)
        if case.cover_image is not None:
            names.add(case.cover_image.src)
        for name in sorted(names):
            _copy(root / case.folder / name, docs, pages.case_study_url(case.slug) + name)
    blocks = pages.home_blocks(publication, here="", downloads=downloads)
    handoff = Handoff(
        figures=publication.figures_by_name,
        numbering=numbering,
        home=HOME,
        home_blocks=blocks,
        home_toc=pages.home_toc(blocks),
        site_name=str(project.get("site_name") or ""),
    )
    return Staged(
        docs=docs,
        handoff=write_handoff(handoff, work / "handoff.pickle"),
        overrides=_overrides(root, project, work),
    )


def _nav_paths(nav: Any) -> Iterator[str]:
    """Every page path the nav names, in reading order."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


def _content_in_nav(nav: Any, content: Path) -> list[tuple[str, str]]:
    """The content pages named in the nav, in reading order: (path, Markdown)."""
    found: list[tuple[str, str]] = []
    for path in _nav_paths(nav):
        file = content / path
        if path.endswith(".md") and file.is_file():
            found.append((path, file.read_text(encoding="utf-8")))
    return found


def _page_file(page: pages.Page) -> str:
    """A generated page as Zensical reads it: front matter, then the finished HTML.

    Zensical's templates print a page's title and description as HTML, in
    text and in attributes, as Material's do, so they are written escaped
    exactly once (:func:`generator.site.pages.html_text`). The ``listening-to-patients``
    entry marks the page as finished and carries its table of contents, which
    :mod:`.extension` gives Zensical in place of the one Markdown would have
    found.
    """
    meta: dict[str, Any] = {
        "title": str(pages.html_text(page.title)),
        "description": str(pages.html_text(page.description)),
    }
    if not page.searchable:
        meta["search"] = {"exclude": True}
    meta[GENERATED] = {"toc": [_heading(h) for h in page.toc]}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{front}---\n\n{_links_from_source(page)}"


_LINK = re.compile(r'(?P<attribute>\s(?:href|src)=")(?P<url>[^"]*)"')


def _links_from_source(page: pages.Page) -> str:
    """The page's HTML with relative links written from its source file's folder.

    Zensical reads every relative link in a page as MkDocs reads a Markdown
    link: from the folder of the page's file, then rewrites it for the page's
    address. The core writes links from the page's address, which is that
    folder for ``<address>/index.md`` but one level deeper for a page such as
    ``contribute/guide.md`` (at ``contribute/guide/``): its links are restated.
    """
    folder = posixpath.dirname(page.src_uri)
    if folder == page.url.rstrip("/"):
        return page.html

    def restate(match: re.Match[str]) -> str:
        url = match.group("url")
        parts = urlsplit(url)
        path, tail = parts.path, url[len(parts.path) :]
        if not path or parts.scheme or parts.netloc or path.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(page.url, path))
        restated = posixpath.relpath(target, folder or ".")
        if path.endswith("/") and not restated.endswith("/"):
            restated += "/"
        return f'{match.group("attribute")}{restated}{tail}"'

    return _LINK.sub(restate, page.html)


def _heading(heading: Heading) -> list[Any]:
    return [heading.level, heading.id, heading.title]


def _write(docs: Path, uri: str, text: str) -> None:
    target = _claim(docs, uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _copy(source: Path, docs: Path, uri: str) -> None:
    target = _claim(docs, uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _claim(docs: Path, uri: str) -> Path:
    """Where a generated file goes; a content page already there is an error, as
    it is under MkDocs (the plugin's ``_add``)."""
    target = docs / uri
    if target.exists():
        raise BuildFailed(
            f"content/{uri} clashes with a page the generator makes; rename or remove it"
        )
    return target


def _overrides(root: Path, project: dict[str, Any], work: Path) -> Path:
    """The theme's custom folder: ours over the templates both engines share, and a
    project's own ``custom_dir`` over them.

    Zensical takes one custom folder; the MkDocs plugin puts a project's
    ``custom_dir`` before its own overrides, so here its files replace ours.
    """
    merged = work / "overrides"
    shutil.copytree(SHARED_TEMPLATES, merged)
    shutil.copytree(OVERRIDES, merged, dirs_exist_ok=True)
    theme = project.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom:
        shutil.copytree(root / custom, merged, dirs_exist_ok=True)
    return merged
