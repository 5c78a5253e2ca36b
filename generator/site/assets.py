"""The site's own assets: where they are in the package, and where every engine
publishes them, so both sites link the same stylesheet, script, fonts and images
at the same addresses."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).parents[1] / "assets"
"""Stylesheet, script, fonts and images, published under :data:`ASSETS_URI`."""
ASSETS_URI = "assets/publication/"
STYLESHEET = ASSETS_URI + "stylesheets/site.css"
SCRIPT = ASSETS_URI + "javascripts/filter.js"


def published_assets() -> list[tuple[Path, str]]:
    """Every asset file and its address on the site, in a stable order."""
    return [
        (path, ASSETS_URI + path.relative_to(ASSETS).as_posix())
        for path in sorted(p for p in ASSETS.rglob("*") if p.is_file())
    ]
