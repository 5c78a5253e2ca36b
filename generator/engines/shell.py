"""The theme's page shell mended where no template block reaches, for both engines.

The overrides change Material's and Zensical's templates through their blocks
(each engine's ``overrides/main.html``), but what every page needs here sits
partly outside any block of their ``base.html``:

- the two hidden checkbox toggles (``__drawer``, ``__search``) carry
  ``autocomplete="off"``, which HTML allows only on text-like inputs (a Nu Html
  Checker error on every page);
- the skip link goes to the first entry of the table of contents, which skips
  the page's title, and is missing on a page without contents. It should be on
  every page and go to the start of the article (its ``h1``), as Zensical's
  does, with the target Zensical puts there (``__skip``). The target is added
  here too, not in a template block, so a project's own ``main.html`` cannot
  leave the skip link pointing nowhere;
- Zensical marks the drawer's overlay label ``aria-hidden``, which HTML forbids
  on the label of a form control.

Mending the rendered page keeps the rest of each theme's shell its own (a whole
copy of ``base.html`` had to be re-made on every release). MkDocs mends each
page as it renders it (the plugin's ``on_post_page``); Zensical's pages are
mended in its output folder before they are moved into place. What is mended is
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

_OVERLAY = (
    '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>',
    '<label class="md-overlay" for="__drawer"></label>',
)

_ARTICLE = '<article class="md-content__inner md-typeset">'
_TARGET = f'<a id="{SKIP_TARGET}" tabindex="-1"></a>'

_SKIP = re.compile(
    r'<div data-md-component="skip">\s*'
    r'(?:<a href="[^"]*" class="md-skip">\s*(?P<label>[^<]*?)\s*</a>\s*)?'
    r"</div>"
)


def mend(html: str) -> str:
    """``html``, a page of the theme's shell, with its toggles, overlay and skip link mended."""
    for before, after in (*_TOGGLES, _OVERLAY):
        html = html.replace(before, after, 1)
    if f'id="{SKIP_TARGET}"' not in html:
        html = html.replace(_ARTICLE, f"{_ARTICLE}\n  {_TARGET}", 1)
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
