"""``build_site`` for MkDocs: run ``mkdocs build`` on what the orchestrator prepared.

The options come from the project's ``mkdocs.yml``, as under plain ``mkdocs
build``; only the output folder and strictness are overridden, and the plugin
is handed the prepared publication, date and downloads so it neither loads nor
dates anything itself.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from ...core.errors import BuildFailed
from .. import Prepared, SiteReport
from .plugin import PLUGIN_NAME, CaseStudiesPlugin


def build_site(prepared: Prepared, site_dir: Path, *, strict: bool) -> SiteReport:
    """Build the website of ``prepared`` into ``site_dir`` with MkDocs and Material."""
    started = time.perf_counter()
    config_file = prepared.root / "mkdocs.yml"
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, CaseStudiesPlugin):
        raise BuildFailed(f"{config_file} does not enable the {PLUGIN_NAME} plugin")
    plugin.hand(prepared)
    try:
        build(config)
    except MkDocsException as error:
        # MkDocs logs a plugin's error and raises a bare Abort in its place;
        # the plugin's own error is what an editor needs to read.
        raise BuildFailed(f"The website was not built: {_plugin_error(error)}") from error
    return SiteReport(
        site_dir=site_dir,
        pages=sum(1 for _ in site_dir.rglob("*.html")),
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
