"""Editor text as HTML, escaped exactly once, at the mechanism."""

from __future__ import annotations

import markupsafe
from markupsafe import Markup


def html_text(text: object) -> Markup:
    """Plain text as HTML, escaped exactly once: the one way editor text becomes
    HTML outside our autoescaping templates.

    Every front-matter field is plain text, shown as written (``<``, ``&`` and
    quotes included). MkDocs takes a page title to be HTML (the one it reads
    from a heading keeps its entities), and Material prints ``page.meta.title``,
    ``page.title``, nav titles and the description as they are, in text and in
    attributes, from a Jinja environment that does not autoescape. So the
    plugin hands MkDocs these values through here, as :class:`~markupsafe.Markup`:

    - printed as they are, they show the text, so no template (ours, Material's,
      or a later copy of one) can forget to escape them;
    - ``|e``, which Material uses in some attributes, and any autoescaping
      environment leave Markup alone, and so does this function: nothing is
      escaped twice (``&amp;`` typed by an editor shows as ``&amp;``);
    - ``"`` and ``'`` are escaped too, so the same value is safe in an attribute.

    Only ``|striptags`` undoes it; Material applies it to a page's title only
    when the page has no ``title`` in its meta, which every generated page has.
    """
    return markupsafe.escape(text)
