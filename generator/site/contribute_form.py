"""The "How to contribute" page: a form that writes a practice's case-study file.

A practice fills the form in its browser; ``contribute-form.js`` checks it
against the rules this module hands it and offers a ``<slug>.md`` file to
download, which the practice emails to the consultation. Nothing is sent
anywhere and nothing is requested from another host.

The rules the script checks are not typed twice: the page carries, in a
``<script type="application/json">`` block, the JSON Schema that
:mod:`generator.core.schema` makes from :mod:`generator.core.fields` and the project's
themes (lengths, choices, dates), the privacy patterns of
:mod:`generator.core.rules.privacy`, the summary's Markdown pattern and the
story's minimum word count.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..fonts import drawn_ranges, merge
from ..core.model import Heading, Publication
from ..core.rules.crossfield import BLOCK_SYNTAX
from ..core.rules.glyphs import _data as glyph_data
from ..core.rules.privacy import _EMAIL, _NHS, _PHONE
from ..core.schema import front_matter_schema
from .page import Links, Page, render
from .urls import GUIDE_URL

CONTRIBUTE_URL = "contribute/"
MIN_WORDS = 50
"""A published story has at least this many words (the ``too-few-words`` rule)."""
SEND_TO = (
    "email it to the GP Committee's consultation team at the address in the letter you received"
)
"""Where the practice sends its file: the one configurable sentence (no address is
invented here)."""
SCRIPT = "assets/publication/javascripts/contribute-form.js"
STYLESHEET = "assets/publication/stylesheets/contribute-form.css"


def form_rules(publication: Publication) -> dict[str, Any]:
    """What the browser checks, from the declarations the validator reads."""
    return {
        "schema": front_matter_schema(publication.themes),
        "themeTitles": {t.id: t.title for t in publication.themes},
        "patterns": {
            "nhs": _NHS.pattern,
            "email": _EMAIL.pattern,
            "phone": _PHONE.pattern,
            "summaryMarkdown": BLOCK_SYNTAX.pattern,
        },
        "minWords": MIN_WORDS,
        # Characters the publication's fonts draw, and those that need no glyph,
        # as the ``unsupported-character`` rule reads them: [first, last] code points.
        "drawn": [list(r) for r in merge([*drawn_ranges(), *glyph_data()[0]])],
        "sendTo": SEND_TO,
    }


def _json_for_script(data: object) -> Markup:
    """JSON safe inside a ``<script>`` element, as the template prints it.

    A script element's text is not HTML (an entity there stays an entity), so
    it cannot be escaped as HTML; instead every ``<``, ``>`` and ``&`` is
    written as a JSON escape, which leaves no way out of the element (no
    ``</script>``, no ``<!--``) whatever a theme's title says."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def contribute_page(publication: Publication) -> Page:
    """The page at ``contribute/``, written for practices, with the form."""
    rules = form_rules(publication)
    schema = rules["schema"]
    props = schema["properties"]
    html = render(
        "contribute.html",
        rules_json=_json_for_script(rules),
        props=props,
        practice=props["practice"]["properties"],
        contact=props["contact"]["properties"],
        quote=props["quote"]["properties"],
        themes=publication.themes,
        min_words=MIN_WORDS,
        send_to=SEND_TO,
        script=Links(CONTRIBUTE_URL)(SCRIPT),
        stylesheet=Links(CONTRIBUTE_URL)(STYLESHEET),
        guide=Links(CONTRIBUTE_URL)(GUIDE_URL),
        editors=Links(CONTRIBUTE_URL)("contribute/editors/"),
        link=Links(CONTRIBUTE_URL),
    )
    title = "How to contribute a case study"
    description = (
        "Tell other practices what you changed: fill in the form, download your case "
        "study and email it to the consultation team."
    )
    toc = (
        Heading(2, "privacy", "Before you start: patients' privacy"),
        Heading(2, "form", "Fill in your case study"),
        Heading(2, "by-email", "Send your case study by email"),
        Heading(2, "next", "What happens next"),
        Heading(2, "editors", "For the editors"),
    )
    return Page("contribute.md", CONTRIBUTE_URL, title, description, html, toc=toc, in_nav=True)
