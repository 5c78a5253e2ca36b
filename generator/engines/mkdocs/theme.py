"""What the plugin adds to Material: the template overrides (the assets are
:mod:`generator.site.assets`, the same for every engine).

The overrides change Material through its template blocks where it has them
(``main.html``: the page title, the drafts banner, the sidebar cached per
folder) and mend the rest of its page shell after rendering (:mod:`generator.engines.shell`);
only partials, which have no blocks, are whole copies with small fixes (valid
HTML, en-GB, names for landmarks and dialogs). All were checked against
Material :data:`MATERIAL_VERSION`, which ``pyproject.toml`` pins and a test
compares with the installed version, so an upgrade is a deliberate step: diff
the new Material's templates against the copies, then move the pin.
"""

from __future__ import annotations

from pathlib import Path

MATERIAL_VERSION = "9.8.1"
"""The Material for MkDocs release the overrides were checked against."""

OVERRIDES = Path(__file__).parent / "overrides"
"""Material template overrides, put in the theme's search path by the plugin."""
