"""The configuration of one Zensical build, made from the project's ``mkdocs.yml``.

A project has one configuration, ``mkdocs.yml``, and both engines read it.
Zensical could read it as it is, but it runs no MkDocs plugin and would miss
everything ``listening-to-patients`` adds in its ``on_config`` hook, so this
module writes a copy that says it all: the staged docs folder and the output,
the nav with a section per overview page, our theme overrides, stylesheet and
script, the core's Markdown extensions, and the build date and drafts flag the
templates print. Everything else a project sets (site name, theme, palette,
features, extra) is carried over as written.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml

from ...core.errors import BuildFailed
from ...core.formatting import long_date
from ...core.markdown import EXTENSION_CONFIGS, EXTENSIONS
from ...core.model import Publication
from ...site import pages
from ...site.assets import SCRIPT, STYLESHEET

PROJECT_FILE = "mkdocs.yml"

EXTENSION = "generator.engines.zensical.extension"
"""Our Markdown extension, named as Zensical's Markdown loads it (see :mod:`.extension`)."""

_NOT_CARRIED = frozenset(
    {"docs_dir", "site_dir", "nav", "plugins", "validation", "strict", "hooks", "INHERIT"}
)
"""Settings of ``mkdocs.yml`` that this module sets itself, or that mean nothing
to Zensical (MkDocs plugins and hooks; Zensical's link validation is off: the
core has checked every link before the site is built)."""


class _ProjectLoader(yaml.SafeLoader):
    """YAML as MkDocs reads ``mkdocs.yml``: safe, plus ``!ENV``."""


def _env(loader: _ProjectLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, ..., default]``, as MkDocs resolves it."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode) and node.value:
        *heads, last = node.value
        names = [loader.construct_scalar(n) for n in heads] or [loader.construct_scalar(last)]
        default = loader.construct_object(last) if heads else None
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV takes a name or a list of names", node.start_mark
        )
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_ProjectLoader.add_constructor("!ENV", _env)


def read_project(root: Path) -> dict[str, Any]:
    """The project's ``mkdocs.yml`` as data."""
    path = root / PROJECT_FILE
    try:
        # A SafeLoader that also reads !ENV: nothing in the file can run code.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ProjectLoader)
    except (OSError, yaml.YAMLError) as error:
        raise BuildFailed(f"could not read {path}: {error}") from error
    if not isinstance(data, dict):
        raise BuildFailed(f"{path} is not a mapping of settings")
    return data


def expand_nav(nav: Any, publication: Publication) -> Any:
    """Each overview page in the nav becomes a section of its pages, as the plugin's
    ``_expand_nav`` does for MkDocs. A theme's title is text from ``themes.yml``;
    Zensical prints nav titles as HTML, so it is escaped once."""
    if nav is None:
        return None
    sections = pages.section_nav(publication)

    def expand(item: Any) -> Any:
        if isinstance(item, dict) and len(item) == 1:
            ((title, target),) = item.items()
            if isinstance(target, str) and target in sections:
                entries = ({str(pages.html_text(t)): uri} for t, uri in sections[target])
                return {title: [target, *entries]}
            if isinstance(target, list):
                return {title: [expand(i) for i in target]}
        return item

    return [expand(item) for item in nav]


def _extensions(project: dict[str, Any], handoff: Path) -> list[Any]:
    """The project's Markdown extensions, the core's (with its settings, which win,
    as the plugin's ``on_config`` does) and ours, which puts the pages in place."""
    configured: dict[str, dict[str, Any]] = {}
    for item in project.get("markdown_extensions") or []:
        if isinstance(item, str):
            configured.setdefault(item, {})
        else:
            for name, options in dict(item).items():
                configured.setdefault(name, {}).update(options or {})
    for name in EXTENSIONS:
        configured.setdefault(name, {})
    for name, options in EXTENSION_CONFIGS.items():
        configured.setdefault(name, {}).update(options)
    configured[EXTENSION] = {"handoff": str(handoff)}
    return [{name: options} for name, options in configured.items()]


def zensical_config(
    project: dict[str, Any],
    publication: Publication,
    *,
    docs_dir: str,
    site_dir: str,
    overrides: Path,
    handoff: Path,
    date: dt.datetime,
    drafts: bool,
) -> dict[str, Any]:
    """The settings Zensical builds the staged folder with (paths relative to the
    config file, where Zensical wants both folders)."""
    config = {k: v for k, v in project.items() if k not in _NOT_CARRIED}
    theme = project.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    # Material's look, which our stylesheet was written against ("modern" is
    # Zensical's own default).
    theme.setdefault("variant", "classic")
    theme["custom_dir"] = str(overrides)
    extra = dict(project.get("extra") or {})
    extra["drafts"] = drafts
    # Zensical's templates have no build date; the footer prints this one.
    extra["build_date"] = {
        "iso": date.strftime("%Y-%m-%d"),
        "text": long_date(date.date()),
    }
    extra_css = [*(project.get("extra_css") or [])]
    if STYLESHEET not in extra_css:
        extra_css.append(STYLESHEET)
    extra_javascript = [*(project.get("extra_javascript") or [])]
    if SCRIPT not in [str(s) for s in extra_javascript]:
        extra_javascript.append(SCRIPT)
    config.update(
        docs_dir=docs_dir,
        site_dir=site_dir,
        use_directory_urls=True,
        theme=theme,
        extra=extra,
        extra_css=extra_css,
        extra_javascript=extra_javascript,
        markdown_extensions=_extensions(project, handoff),
        nav=expand_nav(project.get("nav"), publication),
        validation=False,
    )
    if config["nav"] is None:
        del config["nav"]
    return config


def write(config: dict[str, Any], path: Path) -> Path:
    """Write ``config`` as ``mkdocs.yml`` syntax, which Zensical reads."""
    path.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1_000_000),
        encoding="utf-8",
    )
    return path
