"""The MkDocs adapter: the only module that imports MkDocs.

It asks the core for the publication and its pages and hands them to MkDocs as
generated files; nothing is written into the source tree. Case-study pages are
finished HTML from :mod:`generator.pages`: their Markdown step is skipped and
the HTML put in place in ``on_page_content``, so no second Markdown
configuration ever touches a story.

``mkdocs build`` and ``publication build`` give the same site because both run
this plugin with the options in ``mkdocs.yml``; :func:`build_site` is what the
CLI calls, and only overrides the output folder, drafts and strictness.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import TableOfContents, get_toc

from . import pages
from .errors import BuildFailed, InvalidInput, PublicationError
from .figures import FigureNumbering, fill_figures
from .markdown import EXTENSION_CONFIGS, EXTENSIONS
from .model import Heading, Problem, Publication

log = logging.getLogger("mkdocs.plugins.listening-to-patients")

PLUGIN_NAME = "listening-to-patients"

ASSETS = Path(__file__).parent / "assets"
"""Stylesheet, script, fonts and images, published under :data:`ASSETS_URI`."""
ASSETS_URI = "assets/publication/"
OVERRIDES = Path(__file__).parent / "templates" / "overrides"
"""Material template overrides, put in the theme's search path by the plugin."""
STYLESHEET = ASSETS_URI + "stylesheets/site.css"
SCRIPT = ASSETS_URI + "javascripts/filter.js"


class InvalidPublication(PluginError):
    """The case studies have errors: MkDocs prints every one, the CLI gets them back."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(p.format() for p in errors)
        super().__init__(
            f"{len(errors)} error(s) in the case studies; nothing was published:\n{lines}"
        )


class CaseStudiesConfig(base.Config):
    """Options of the plugin in ``mkdocs.yml``."""

    casestudies = c.Type(str, default="casestudies")
    """Folder of case studies, relative to ``mkdocs.yml``."""
    drafts = c.Type(bool, default=False)
    """Include drafts and review copies, each clearly marked (``publication build --drafts``)."""
    pdf = c.Type(bool, default=False)
    """Make the PDF publication and per-case-study handouts before pages render,
    so the download blocks can give their size and page count."""
    handouts = c.Type(bool, default=True)
    """With ``pdf``, also a one-case-study PDF beside each case study's page."""


@dataclass(frozen=True)
class SiteReport:
    """What a build made, for the CLI's one-line summary."""

    site_dir: Path
    pages: int
    """HTML pages written (content pages and generated ones)."""
    case_studies: int
    images: int
    pdfs: int
    """PDF files written (the publication and the handouts)."""
    pdf_pages: int | None
    """Pages of the publication's PDF; None when it was not made."""
    seconds: float


class CaseStudiesPlugin(BasePlugin[CaseStudiesConfig]):
    """Case studies to pages, as a thin adapter over :mod:`generator.pages`."""

    def __init__(self) -> None:
        super().__init__()
        self.publication: Publication | None = None
        self.generated: dict[str, pages.Page] = {}
        self.downloads = pages.Downloads()
        self.root = Path.cwd()
        self.images = 0
        self.pdf_pages: int | None = None
        self.numbering: FigureNumbering | None = None
        self.serving = False
        self.preview_problems: tuple[Problem, ...] = ()
        """Under ``serve`` only: the problems of an invalid edit, shown on every page."""
        self.preview_failures: tuple[str, ...] = ()

    # -- configuration ---------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note a live preview: it makes no PDF, which would slow every reload by seconds."""
        self.serving = command == "serve"

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Fix what the generated pages rely on, whatever ``mkdocs.yml`` says.

        The theme overrides (valid HTML, en-GB, the drafts banner) come with
        the plugin, after a project's own ``custom_dir``; this runs before
        other plugins so Material's search finds the en-GB language file.
        Links in generated pages are written relative to ``/dir/`` addresses,
        and content pages use the core's Markdown configuration (plus the
        ``attr_list``/``md_in_html`` editors of content pages may want), so a
        content page and a story read the same way.
        """
        self.root = Path(config.config_file_path).parent
        if str(OVERRIDES) not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(OVERRIDES))
        config.use_directory_urls = True
        extensions = list(config.markdown_extensions)
        for name in EXTENSIONS:
            if name not in extensions:
                extensions.append(name)
        config.markdown_extensions = extensions
        for name, options in EXTENSION_CONFIGS.items():
            config.mdx_configs.setdefault(name, {}).update(options)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        config.extra["drafts"] = self.config.drafts
        return config

    # -- files -----------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load and validate the case studies, then add every generated page."""
        self.publication = self._load()
        self.downloads, self.pdf_pages = pages.Downloads(), None
        if self.config.pdf and not self.serving:
            try:
                self.downloads = self._write_pdfs(config)
            except PublicationError as error:
                raise PluginError(f"The PDF could not be made: {error}") from error
        self.numbering = pages.figure_numbering(
            self.publication, _content_in_nav(config.nav, files)
        )
        self.generated = {}
        site_pages = pages.site_pages(
            self.publication, downloads=self.downloads, numbering=self.numbering
        )
        for page in site_pages:
            self.generated[page.src_uri] = page
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(
                files,
                File.generated(config, page.src_uri, content=page.markdown(), inclusion=inclusion),
            )
        for path in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            uri = ASSETS_URI + path.relative_to(ASSETS).as_posix()
            self._add(files, File.generated(config, uri, abs_src_path=str(path)))
        self.images = 0
        for case in self.publication.case_studies:
            if case.folder is None:
                continue
            folder = self.root / case.folder
            names = set(case.images)
            if case.cover_image is not None:
                names.add(case.cover_image.src)
            for name in sorted(names):
                uri = pages.case_study_url(case.slug) + name
                self._add(files, File.generated(config, uri, abs_src_path=str(folder / name)))
                self.images += 1
        config.nav = self._expand_nav(config.nav)
        return files

    def _add(self, files: Files, file: File) -> None:
        """Add a generated file; one that clashes with a content page is an error."""
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(
                f"content/{file.src_uri} clashes with a page the generator makes; "
                "rename or remove it"
            )
        files.append(file)

    def _load(self) -> Publication:
        """The publication, or a failed build that lists every problem.

        Under ``serve`` an invalid edit must not stop the preview: every
        problem goes to the terminal and to the top of every page, and the
        preview shows what can still be built. A plain build still fails.
        """
        from .load import load_publication

        self.preview_problems, self.preview_failures = (), ()
        try:
            publication = load_publication(self.root, drafts=self.config.drafts)
        except PublicationError as error:
            if not self.serving:
                raise PluginError(str(error)) from error
            log.error(str(error))
            self.preview_failures = (str(error),)
            return Publication(themes=(), case_studies=())
        for problem in publication.warnings:
            log.warning(problem.format())
        if publication.errors:
            if not self.serving:
                raise InvalidPublication(publication.problems)
            for problem in publication.errors:
                log.error(problem.format())
            log.error(
                f"{len(publication.errors)} error(s) in the case studies: the preview "
                "shows them on every page and leaves out what cannot be built"
            )
            self.preview_problems = publication.problems
            publication = pages.buildable(publication)
        return publication

    def _write_pdfs(self, config: MkDocsConfig) -> pages.Downloads:
        """Make the PDFs into the site folder first, so pages can give size and length.

        They are written straight into ``site_dir`` (after MkDocs has cleaned
        it), not handed to MkDocs as files: they are outputs, not sources.
        """
        from . import pdf

        assert self.publication is not None
        site = Path(config.site_dir)
        info = pdf.write_pdf(
            self.publication, site / pdf.PUBLICATION_FILE, root=self.root, drafts=self.config.drafts
        )
        publication = pages.Download(pdf.PUBLICATION_FILE, info.pages, info.bytes)
        handouts: dict[str, pages.Download] = {}
        if self.config.handouts:
            for case in self.publication.case_studies:
                url = pdf.handout_path(case.slug)
                handout = pdf.write_handout(self.publication, case, site / url, root=self.root)
                handouts[case.slug] = pages.Download(url, handout.pages, handout.bytes)
        self.pdf_pages = info.pages
        return pages.Downloads(publication=publication, handouts=handouts)

    def _expand_nav(self, nav: Any) -> Any:
        """Turn each overview page in the nav into a section of its pages."""
        if nav is None:
            return None
        assert self.publication is not None
        sections = pages.section_nav(self.publication)

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

    # -- pages -----------------------------------------------------------

    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Generated pages are finished HTML: give Markdown nothing to do.

        Their title and description are an editor's plain text, and MkDocs and
        Material print them as HTML (see :func:`pages.html_text`): the meta read
        from the page's front matter is replaced, before any template or other
        plugin reads it, by the same text escaped once, as Markup.
        """
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.meta["title"] = pages.html_text(generated.title)
        page.meta["description"] = pages.html_text(generated.description)
        return ""

    @event_priority(100)
    def on_page_content(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Put each generated page's HTML and table of contents in place.

        Runs first, so other plugins (search) see the finished page.
        """
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            page.toc = get_toc(_toc_tokens(generated.toc))
            # MkDocs checks a content page's links to anchors against the ids
            # its Markdown step found; ours skipped that step, so say them here.
            page.present_anchor_ids = set(_ANCHOR.findall(generated.html))
            return self._with_problems(generated.html, page)
        if self.publication is not None and "data-figure" in html:
            try:
                html = fill_figures(html, self.publication.figures_by_name, self.numbering)
            except BuildFailed:
                if not self.has_problems:
                    raise
                # The data file is invalid and already listed: leave the figure out.
        if page.is_homepage and self.publication is not None:
            html = self._home(html, page, config.site_name)
        return self._with_problems(html, page)

    @property
    def has_problems(self) -> bool:
        """Whether this is a preview of an invalid edit (only ever under ``serve``)."""
        return bool(self.preview_problems or self.preview_failures)

    def _with_problems(self, html: str, page: MkPage) -> str:
        if not self.has_problems:
            return html
        block = pages.problems_block(
            self.preview_problems, failures=self.preview_failures, here=page.url
        )
        return pages.with_problems(html, block)

    def _home(self, html: str, page: MkPage, site_name: str) -> str:
        """The home page's own text, then the themes, featured case studies and download.

        Its heading is the title from its front matter (the nav calls it
        "Home"), and its table of contents gains the added sections, in page order.
        """
        assert self.publication is not None
        blocks = pages.home_blocks(self.publication, here="", downloads=self.downloads)
        html = pages.fill_home(html, blocks)
        if "<h1" not in html:
            title = (page.meta or {}).get("title") or site_name
            html = f"<h1>{pages.html_text(title)}</h1>\n{html}"
        tokens = _toc_tokens(pages.home_toc(blocks))
        extra = get_toc(tokens)
        items = [*page.toc.items, *extra.items]
        items.sort(key=lambda item: _position(html, item.id))
        page.toc = TableOfContents(items)
        return html

    @event_priority(50)
    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        """Index a generated page for search from its known sections.

        Runs before Material's search plugin, hands it the entries
        :func:`pages.search_sections` cut (the same Material's parser would
        cut; a test compares them) and tells it to skip the page, sparing
        its HTML parser, which was almost half of the build at 1,000.
        """
        generated = self.generated.get(page.file.src_uri)
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if generated is None or not generated.searchable or index is None:
            return context
        for section in pages.search_sections(generated):
            location = page.url + (f"#{section.anchor}" if section.anchor else "")
            index.entries.append(
                {"location": location, "title": section.title, "text": section.text}
            )
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Let the page shell render the sidebar once per folder for pages outside the nav.

        Such a page has no active nav item, and every link in the sidebar is
        relative to its folder, so all case studies share one sidebar. Rendering
        Material's nav once per page was a tenth of the build at 1,000.
        """
        cache: dict[object, str] = {}
        nav_pages: set[int] = set()

        def nav_key(page: Any, nav: Any) -> tuple[str, str] | None:
            if not isinstance(page, MkPage) or nav is None:
                return None
            if not nav_pages:
                nav_pages.update(id(p) for p in nav.pages)
            if id(page) in nav_pages:
                return None
            return ("nav", page.url.rstrip("/").rpartition("/")[0])

        def cached(key: object, caller: Any) -> str:
            if key not in cache:
                cache[key] = caller()
            return cache[key]

        env.globals["publication_nav_key"] = nav_key
        env.globals["publication_cached"] = cached
        return env

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Reload the preview when a case study or the themes change."""
        server.watch(str(self.root / self.config.casestudies))
        server.watch(str(self.root / "content" / "themes.yml"))
        return server


def _content_in_nav(nav: Any, files: Files) -> list[tuple[str, str]]:
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


_ANCHOR = re.compile(r'\sid="([^"]+)"')


def _position(html: str, anchor: str) -> int:
    """Where the element with id ``anchor`` starts (the end if it is not there)."""
    found = html.find(f'id="{anchor}"')
    return found if found >= 0 else len(html)


def _toc_tokens(headings: tuple[Heading, ...]) -> list[dict[str, Any]]:
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


def build_site(
    root: Path,
    site_dir: Path,
    *,
    drafts: bool = False,
    strict: bool = False,
    pdf: bool | None = None,
) -> SiteReport:
    """Build the website of the project at ``root`` into ``site_dir``.

    The same build as ``mkdocs build`` in ``root``: the options come from
    ``mkdocs.yml``; this overrides the output folder, drafts, strictness and,
    when given, whether the PDFs are made.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, CaseStudiesPlugin):
        raise PublicationError(f"{root / 'mkdocs.yml'} does not enable the {PLUGIN_NAME} plugin")
    plugin.config.drafts = drafts
    if pdf is not None:
        plugin.config.pdf = pdf
    try:
        build(config)
    except MkDocsException as error:
        # MkDocs logs a plugin's error and raises a bare Abort in its place;
        # the plugin's own error is what an editor needs to read.
        cause = _plugin_error(error)
        if isinstance(cause, InvalidPublication):
            raise InvalidInput(cause.problems) from error
        raise BuildFailed(f"The website was not built: {cause}") from error
    publication = plugin.publication
    count = sum(1 for _ in site_dir.rglob("*.html"))
    pdfs = sum(1 for _ in site_dir.rglob("*.pdf"))
    return SiteReport(
        site_dir=site_dir,
        pages=count,
        case_studies=len(publication.case_studies) if publication else 0,
        images=plugin.images,
        pdfs=pdfs,
        pdf_pages=plugin.pdf_pages,
        seconds=time.perf_counter() - started,
    )


def _plugin_error(error: BaseException) -> BaseException:
    """The first PluginError behind ``error``, or ``error`` itself."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PluginError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return error


def serve_site(root: Path, *, drafts: bool = False, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of the project at ``root`` (``publication serve``).

    ``mkdocs serve`` reloads ``mkdocs.yml`` on every rebuild, so the drafts
    option reaches the plugin through the environment variable ``mkdocs.yml``
    reads with ``!ENV``. A preview makes no PDF (see ``on_startup``), as
    under plain ``mkdocs serve``.
    """
    import os

    from mkdocs.commands.serve import serve

    os.environ["PUBLICATION_DRAFTS"] = "true" if drafts else "false"
    serve(str(root / "mkdocs.yml"), dev_addr=dev_addr, open_in_browser=False)
