"""The Material overrides are whole templates checked against one Material release:
an upgrade must be a deliberate step, never a silent one."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

from site_helpers import ROOT

from generator.engines.mkdocs.theme import MATERIAL_VERSION, OVERRIDES


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
    """A whole copy says which release it came from, so the diff on upgrade is easy."""
    for template in ("base.html", "partials/nav-item.html", "partials/toc.html"):
        text = (OVERRIDES / template).read_text(encoding="utf-8")
        assert f"Material {MATERIAL_VERSION}" in text, template
