"""The Material overrides are checked against one Material release: an upgrade must
be a deliberate step, never a silent one. Its page shell is changed through its
blocks and mended where no block reaches (``shell.py``)."""

from __future__ import annotations

import re
import shutil
import tomllib
from importlib.metadata import version
from pathlib import Path

import material
import pytest

from site_helpers import ROOT

from generator.build import build
from generator.engines import shell
from generator.engines.mkdocs.theme import MATERIAL_VERSION, OVERRIDES

MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"


def test_the_installed_material_is_the_one_the_overrides_were_checked_against() -> None:
    assert version("mkdocs-material") == MATERIAL_VERSION, (
        f"Material {version('mkdocs-material')} is installed, but the overrides in "
        f"{OVERRIDES.relative_to(ROOT)} were checked against {MATERIAL_VERSION}: diff the new "
        "release's templates against them, then move MATERIAL_VERSION and the pin together"
    )


def test_the_project_and_its_lock_pin_that_material() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in project["dependencies"] if re.match(r"mkdocs-material\b", d)]
    assert pins == [f"mkdocs-material=={MATERIAL_VERSION}"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert f"\nmkdocs-material=={MATERIAL_VERSION}\n" in lock


def test_each_override_names_the_material_release_it_copies() -> None:
    """A copy (or a set of blocks) says which release it came from, so the diff on
    upgrade is easy."""
    for template in ("main.html", "partials/nav-item.html", "partials/toc.html"):
        text = (OVERRIDES / template).read_text(encoding="utf-8")
        assert f"Material {MATERIAL_VERSION}" in text, template


def test_materials_own_page_shell_is_used_not_a_copy() -> None:
    """The blocks go over Material's base.html, which is not copied."""
    assert not (OVERRIDES / "base.html").exists()
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert '{% extends "base.html" %}' in main


def test_what_the_shell_mends_is_in_materials_base_template() -> None:
    """The markup :func:`shell.mend` matches is still Material's, outside its blocks."""
    base = MATERIAL_BASE.read_text(encoding="utf-8")
    for before, _after in shell._TOGGLES:
        assert before in base
    assert '<div data-md-component="skip">' in base
    assert 'class="md-skip"' in base


def test_mending_a_page_with_contents_keeps_its_label_and_goes_to_the_article() -> None:
    page = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
        'autocomplete="off">\n'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
        'autocomplete="off">\n'
        '<div data-md-component="skip">\n  <a href="#why" class="md-skip">\n'
        "    Skip to content\n  </a>\n</div>\n"
        '<input type="text" class="md-search__input" autocomplete="off">'
    )
    mended = shell.mend(page)
    assert 'id="__drawer">' in mended and 'id="__search">' in mended
    assert mended.count('autocomplete="off"') == 1  # the search box's own is allowed
    assert re.search(r'<a href="#__skip" class="md-skip">\s*Skip to content\s*</a>', mended)
    assert "#why" not in mended
    assert shell.mend(mended) == mended


def test_a_page_without_contents_gets_a_skip_link() -> None:
    """Material writes none where the page has no table of contents."""
    mended = shell.mend('<div data-md-component="skip">\n      \n    </div>')
    assert re.search(r'<a href="#__skip" class="md-skip">\s*Skip to content\s*</a>', mended)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_projects_own_main_template_keeps_the_skip_link_and_valid_toggles(
    tmp_path: Path, engine: str
) -> None:
    """Material's documentation tells a project to customise its ``main.html``; one
    that does replaces ours, and what every page needs must survive it."""
    root = tmp_path / "project"
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, root / part)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: theme\n"),
        encoding="utf-8",
    )
    (root / "theme").mkdir()
    (root / "theme" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        '{% block extrahead %}<meta name="our-own" content="yes">{% endblock %}\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(root, site, pdf=False, engine_name=engine)
    for page in ("index.html", "about/index.html", "case-studies/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert '<meta name="our-own" content="yes">' in html, page  # theirs is used
        assert re.search(r'<a href="#__skip" class="md-skip">', html), page
        assert re.search(r'<a id="__skip" tabindex="-1"></a>\s*<h1[ >]', html), page
        assert html.count('id="__skip"') == 1, page
        assert 'type="checkbox" id="__drawer" autocomplete' not in html, page
