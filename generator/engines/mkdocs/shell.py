"""Material's page shell mended where no template block reaches.

The overrides change Material through its blocks (``overrides/main.html``), but
two things every page needs sit outside any block of its ``base.html``:

- the two hidden checkbox toggles (``__drawer``, ``__search``) carry
  ``autocomplete="off"``, which HTML allows only on text-like inputs (a Nu Html
  Checker error on every page);
- the skip link goes to the first entry of the table of contents, which skips
  the page's title, and is missing on a page without contents. It should be on
  every page and go to the start of the article (its ``h1``), as Zensical's
  does: ``main.html`` puts the ``__skip`` target there.

Mending the rendered page keeps the rest of Material's shell its own (a whole
copy of ``base.html`` had to be re-made on every release). What is mended is
matched exactly; a page whose shell does not match is left as Material made it,
and the HTML and accessibility checks in the test suite say so on upgrade.
"""

from __future__ import annotations

import re

SKIP_TARGET = "__skip"
"""The id ``main.html`` gives the start of the article."""

SKIP_LABEL = "Skip to content"
"""Material's English ``action.skip``, for a page whose shell has no skip link."""

_TOGGLES = (
    (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
        'autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    ),
    (
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
        'autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
    ),
)

_SKIP = re.compile(
    r'<div data-md-component="skip">\s*'
    r'(?:<a href="[^"]*" class="md-skip">\s*(?P<label>[^<]*?)\s*</a>\s*)?'
    r"</div>"
)


def mend(html: str) -> str:
    """``html``, a page of Material's shell, with its toggles and skip link mended."""
    for before, after in _TOGGLES:
        html = html.replace(before, after, 1)
    return _SKIP.sub(_skip_link, html, count=1)


def _skip_link(match: re.Match[str]) -> str:
    label = match["label"] or SKIP_LABEL
    return (
        '<div data-md-component="skip">\n'
        f'      <a href="#{SKIP_TARGET}" class="md-skip">\n'
        f"        {label}\n"
        "      </a>\n"
        "    </div>"
    )
