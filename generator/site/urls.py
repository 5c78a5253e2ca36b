"""Every address on the site, and links between them.

Addresses follow one scheme (``/case-studies/<slug>/``, ``/themes/<id>/``,
``/nations/<name>/``, ``/case-studies/``) and every link is written relative to
the page it sits on, so the site works from any folder and from ``file://``.
"""

from __future__ import annotations

import posixpath


def nation_id(nation: str) -> str:
    """``Northern Ireland`` -> ``northern-ireland``: the nation's address."""
    return nation.lower().replace(" ", "-")


def case_study_url(slug: str) -> str:
    return f"case-studies/{slug}/"


def theme_url(theme_id: str) -> str:
    return f"themes/{theme_id}/"


def nation_url(nation: str) -> str:
    return f"nations/{nation_id(nation)}/"


ALL_URL = "case-studies/"
THEMES_URL = "themes/"
NATIONS_URL = "nations/"
VOICES_URL = "patients-views/"
GUIDE_URL = "contribute/guide/"
"""The editors' guide, under the content page ``contribute.md`` (at ``contribute/``)."""


def relative(here: str, target: str) -> str:
    """The link from the page at ``here`` to ``target`` (both site-relative).

    Directory addresses end in ``/`` and keep it; a file keeps its name.
    """
    base = posixpath.dirname(here) if not here.endswith("/") else here.rstrip("/")
    path, _, fragment = target.partition("#")
    is_dir = path == "" or path.endswith("/")
    rel = posixpath.relpath(path.rstrip("/") or ".", base or ".")
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def src_uri(url: str) -> str:
    """The pretend source file of a generated page at ``url``."""
    return url + "index.md"
