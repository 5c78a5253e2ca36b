"""The MkDocs plugin ``listening-to-patients``: hooks only.

It hands the core's pages to MkDocs as generated files; nothing is written into
the source tree. Case-study pages are finished HTML from
:mod:`generator.site.pages`: their Markdown step is skipped and the HTML put in
place in ``on_page_content``, so no second Markdown configuration ever touches
a story.

What the pages are made from comes from the orchestrator, :mod:`generator.build`:
under ``publication build`` it has loaded the publication, decided the date and
made the PDFs, and hands the result over (:meth:`CaseStudiesPlugin.hand`)
before MkDocs starts; under plain ``mkdocs build`` the plugin asks it to do the
same work (:func:`generator.build.prepare`), so both give the same bytes. The
plugin renders no PDF. A live preview (``serve``) loads the case studies
itself (:mod:`.preview`), shows an invalid edit's problems on every page
instead of stopping, gives a case study that cannot be shown a page listing its
own problems, says each rebuild in the terminal, and makes no PDF.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import TableOfContents, get_toc
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from ...build import prepare
from ...core.errors import BuildFailed, InvalidInput, PublicationError
from ...core.figures import FigureNumbering, fill_figures
from ...core.load import ReadCache
from ...core.markdown import EXTENSION_CONFIGS, EXTENSIONS
from ...core.model import Problem
from ...site import pages
from ...site.assets import SCRIPT, STYLESHEET, published_assets
from .. import SHARED_TEMPLATES, Prepared, shell
from .incremental import Incremental, PreviewFile
from .nav import content_in_nav, expand_nav, position, toc_tokens
from .preview import Commentary, Preview, load_preview
from .search import feed
from .theme import OVERRIDES

log = logging.getLogger("mkdocs.plugins.listening-to-patients")

PLUGIN_NAME = "listening-to-patients"


class InvalidPublication(PluginError):
    """The case studies have errors (plain ``mkdocs build``): MkDocs prints every one."""

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
    """Under ``mkdocs build``, have the orchestrator make the PDF publication and
    the handouts before pages render, so the download blocks can give their
    size and page count. ``publication build`` decides this itself (``--no-pdf``)."""


class CaseStudiesPlugin(BasePlugin[CaseStudiesConfig]):
    """Case studies to pages, as a thin adapter over :mod:`generator.site.pages`."""

    def __init__(self) -> None:
        super().__init__()
        self.handed: Prepared | None = None
        """What the orchestrator prepared, when it runs MkDocs itself."""
        self.prepared: Prepared | None = None
        """What this build's pages are made from (handed, prepared or a preview's)."""
        self.generated: dict[str, pages.Page] = {}
        self.root = Path.cwd()
        self.numbering: FigureNumbering | None = None
        self.serving = False
        self.incremental: Incremental | None = None
        """Under a dirty ``serve`` only: what the last build generated."""
        self.preview_problems: tuple[Problem, ...] = ()
        """Under ``serve`` only: the problems of an invalid edit, shown on every page."""
        self.preview_failures: tuple[str, ...] = ()
        self.stand_ins: frozenset[str] = frozenset()
        """Under ``serve`` only: pages standing in for case studies that cannot be
        shown; each lists its own problems, so the block for every page is left off."""
        self.preview: Preview | None = None
        """Under ``serve`` only: this build's preview, said in the terminal once built."""
        self.commentary = Commentary()
        self.read_cache = ReadCache()
        """Under ``serve`` only: the case studies as last read (MkDocs keeps this
        plugin for the whole ``serve``), so a rebuild reads only what was saved."""

    def hand(self, prepared: Prepared) -> None:
        """Build from what the orchestrator prepared, instead of asking it to prepare."""
        self.handed = prepared
        self.config.drafts = prepared.drafts

    # -- configuration ---------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note a live preview: it makes no PDF, which would slow every reload by seconds,
        and, when dirty (``publication serve``), rebuilds only what an edit changed."""
        self.serving = command == "serve"
        self.incremental = Incremental() if self.serving and dirty else None

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
        if self.serving:
            self.commentary.root = self.root.resolve()
            self.commentary.build_started()
        if str(OVERRIDES) not in config.theme.dirs:
            position_ = 1 if config.theme.custom_dir else 0
            config.theme.dirs[position_:position_] = [str(OVERRIDES), str(SHARED_TEMPLATES)]
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
        """Take the prepared publication, then add every generated page, asset and image."""
        self.prepared = self._prepared(Path(config.site_dir))
        publication = self.prepared.publication
        self.numbering = pages.figure_numbering(publication, content_in_nav(config.nav, files))
        self.generated = {}
        site_pages = pages.site_pages(
            publication, downloads=self.prepared.downloads, numbering=self.numbering
        )
        stand_ins = self.preview.stand_ins if self.preview is not None else ()
        self.stand_ins = frozenset(page.src_uri for page in stand_ins)
        kind = File if self.incremental is None else PreviewFile
        for page in (*site_pages, *stand_ins):
            self.generated[page.src_uri] = page
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(
                files,
                kind.generated(config, page.src_uri, content=page.markdown(), inclusion=inclusion),
            )
        for path, uri in published_assets():
            self._add(files, File.generated(config, uri, abs_src_path=str(path)))
        for case in publication.case_studies:
            if case.folder is None:
                continue
            folder = self.root / case.folder
            names = set(case.images)
            if case.cover_image is not None:
                names.add(case.cover_image.src)
            for name in sorted(names):
                uri = pages.case_study_url(case.slug) + name
                self._add(files, File.generated(config, uri, abs_src_path=str(folder / name)))
        config.nav = expand_nav(config.nav, publication)
        if self.incremental is not None:
            every_page = (self.prepared.date, self.config.drafts, self.prepared.downloads)
            problems = (self.preview_problems, self.preview_failures)
            self.incremental.sort(config, files, self.generated, (*every_page, *problems))
        return files

    def _add(self, files: Files, file: File) -> None:
        """Add a generated file; one that clashes with a content page is an error."""
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(
                f"content/{file.src_uri} clashes with a page the generator makes; "
                "rename or remove it"
            )
        files.append(file)

    def _prepared(self, site_dir: Path) -> Prepared:
        """What the pages are made from: handed over, a preview's, or asked for now.

        Under plain ``mkdocs build`` the orchestrator loads, dates and makes the
        PDFs (into ``site_dir``, which MkDocs has just emptied) exactly as
        under ``publication build``; this only triggers it.
        """
        if self.handed is not None:
            return self.handed
        if self.serving:
            preview = load_preview(self.root, drafts=self.config.drafts, reuse=self.read_cache)
            self.preview_problems, self.preview_failures = preview.problems, preview.failures
            self.preview = preview
            return preview.prepared
        try:
            prepared = prepare(self.root, site_dir, drafts=self.config.drafts, pdf=self.config.pdf)
        except InvalidInput as invalid:
            raise InvalidPublication(invalid.problems) from invalid
        except PublicationError as error:
            raise PluginError(str(error)) from error
        for problem in prepared.publication.warnings:
            log.warning(problem.format())
        return prepared

    # -- pages -----------------------------------------------------------

    def on_pre_page(self, page: MkPage, *, config: MkDocsConfig, files: Files) -> MkPage:
        """Date every page (the sitemap's ``lastmod``) with the build's date, not the clock."""
        assert self.prepared is not None
        page.update_date = self.prepared.date.strftime("%Y-%m-%d")
        return page

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
        assert self.prepared is not None
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            page.toc = get_toc(toc_tokens(generated.toc))
            # MkDocs checks a content page's links to anchors against the ids
            # its Markdown step found; ours skipped that step, so say them here.
            page.present_anchor_ids = set(_ANCHOR.findall(generated.html))
            return self._with_problems(generated.html, page)
        publication = self.prepared.publication
        if "data-figure" in html:
            try:
                html = fill_figures(html, publication.figures_by_name, self.numbering)
            except BuildFailed:
                if not self.has_problems:
                    raise
                # The data file is invalid and already listed: leave the figure out.
        if page.is_homepage:
            html = self._home(html, page, config.site_name)
        return self._with_problems(html, page)

    @property
    def has_problems(self) -> bool:
        """Whether this is a preview of an invalid edit (only ever under ``serve``)."""
        return bool(self.preview_problems or self.preview_failures)

    def _with_problems(self, html: str, page: MkPage) -> str:
        if not self.has_problems or page.file.src_uri in self.stand_ins:
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
        assert self.prepared is not None
        blocks = pages.home_blocks(
            self.prepared.publication, here="", downloads=self.prepared.downloads
        )
        html = pages.fill_home(html, blocks)
        if "<h1" not in html:
            title = (page.meta or {}).get("title") or site_name
            html = f"<h1>{pages.html_text(title)}</h1>\n{html}"
        extra = get_toc(toc_tokens(pages.home_toc(blocks)))
        items = [*page.toc.items, *extra.items]
        items.sort(key=lambda item: position(html, item.id))
        page.toc = TableOfContents(items)
        return html

    @event_priority(50)
    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        """Give the page the build's date, and index a generated page for search.

        Runs before Material's search plugin, hands it the sections the core
        cut (:mod:`.search`) and tells it to skip the page, sparing its HTML
        parser.
        """
        assert self.prepared is not None
        context["build_date_utc"] = self.prepared.date
        generated = self.generated.get(page.file.src_uri)
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if generated is None or not generated.searchable or index is None:
            return context
        feed(index, page.url, generated)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        """The build's date in the theme's own templates too (the 404 page, the sitemap)."""
        assert self.prepared is not None
        context["build_date_utc"] = self.prepared.date
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
        if self.incremental is not None:
            self.incremental.index(config.plugins.get("material/search"))
        return env

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        """Mend what Material's shell has outside its template blocks (:mod:`.shell`)."""
        return shell.mend(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The same for the theme's own pages (the 404 page); not the sitemap."""
        return shell.mend(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Under ``serve``, say the build in the terminal: what changed, how long, what is wrong."""
        if self.serving and self.preview is not None:
            laid_out = self.incremental.laid_out if self.incremental is not None else None
            self.commentary.build_finished(self.preview, laid_out)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Reload the preview when a case study or the themes change; note which
        file changed for the next rebuild's line; say where to look.

        MkDocs' watcher does not say what changed, so a second handler on the
        same watches notes each file for :class:`.Commentary`.
        """
        server.watch(str(self.root / self.config.casestudies))
        server.watch(str(self.root / "content" / "themes.yml"))
        noter = FileSystemEventHandler()
        noter.on_any_event = self._note  # type: ignore[method-assign]
        for path in (
            config.docs_dir,
            config.config_file_path,
            self.root / self.config.casestudies,
            self.root / "content" / "themes.yml",
        ):
            # The path as MkDocs' own watch spells it, so both handlers share one watch.
            server.observer.schedule(noter, os.path.abspath(path), recursive=True)
        log.info(f"Preview at {server.url} — press Ctrl+C to stop")
        return server

    def _note(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.commentary.note_change(str(getattr(event, "dest_path", "") or event.src_path))


_ANCHOR = re.compile(r'\sid="([^"]+)"')
