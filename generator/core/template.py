"""``publication new``: start a case study from the template, as a draft.

The file it writes passes validation as a draft: an editor starts from a file
that reads, and the only problems it has are warnings that its example texts
(:mod:`generator.core.placeholders`) are still to be replaced. Those become errors
once it is set to ``status: published``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .load import CASE_STUDIES_DIR
from .model import NATIONS
from .placeholders import BARRIER, BENEFIT, DRAWBACK, SECTIONS, STORY, SUMMARY, TITLE, TOWN
from .rules.crossfile import MAX_SLUG
from .suggest import did_you_mean, one_of
from .themes import load_themes


class NewCaseStudyRefused(Exception):
    """The case study was not written; the message says why and what to do."""


def slugify(name: str) -> str:
    """A practice's name as a case study's file name: ``St Mary's Surgery`` -> ``st-marys-surgery``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.lower().replace("'", "").replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug[:MAX_SLUG].strip("-")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


TEMPLATE = """\
---
# A new case study. Fill in the fields, write the story below the second '---',
# then run: publication validate {path}
# Every field is described on the site's "How to contribute" page.
title: {title}
practice:
  name: {name}
  town: {town}
  nation: {nation}
  # list_size: 9800
  # setting: urban
themes: [{theme}]
summary: >-
  {summary}
benefits:
  - {benefit}
drawbacks:
  - {drawback}
barriers:
  - {barrier}
# outcomes:
#   - measure: Calls to reception before 10am
#     before: 410
#     after: 190
#     unit: calls a day
submitted: {today}
status: draft
consent: false
---

## {did}

{story}

## {changed}

## {learned}
"""
"""The file ``publication new`` writes; its example texts come from
:mod:`generator.core.placeholders`, where the ``template-text`` rule finds them."""


def write_new_case_study(
    root: Path,
    name: str,
    *,
    theme: str | None = None,
    nation: str | None = None,
    folder: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write ``casestudies/<slug>.md`` (or ``<slug>/index.md``); refuse to overwrite."""
    name = name.strip()
    if not 3 <= len(name) <= 100:
        raise NewCaseStudyRefused("the practice's name must be 3 to 100 characters")
    slug = slugify(name)
    if not slug:
        raise NewCaseStudyRefused("the practice's name needs some letters or digits")
    base = root / CASE_STUDIES_DIR
    for existing in (base / f"{slug}.md", base / slug):
        if existing.exists():
            raise NewCaseStudyRefused(
                f"{existing.relative_to(root).as_posix()} already exists; edit it, or give a "
                "longer name to make a new one"
            )
    themes, _ = load_themes(root)
    ids = [t.id for t in themes]
    chosen_theme = theme or (ids[0] if ids else "telephony")
    if ids and chosen_theme not in ids:
        raise NewCaseStudyRefused(
            f"unknown theme '{chosen_theme}'{did_you_mean(chosen_theme, ids)} "
            f"The themes are: {', '.join(ids)}"
        )
    chosen_nation = nation or "England"
    if chosen_nation not in NATIONS:
        raise NewCaseStudyRefused(
            f"the nation must be {one_of(NATIONS)}{did_you_mean(chosen_nation, NATIONS)}"
        )
    path = base / slug / "index.md" if folder else base / f"{slug}.md"
    rel = path.relative_to(root).as_posix()
    text = TEMPLATE.format(
        path=rel,
        title=_quoted(TITLE.filled(name)),
        name=_quoted(name),
        town=_quoted(TOWN.text),
        nation=_quoted(chosen_nation),
        theme=chosen_theme,
        today=(today or dt.date.today()).isoformat(),
        summary=SUMMARY.text,
        benefit=BENEFIT.text,
        drawback=DRAWBACK.text,
        barrier=BARRIER.text,
        story=STORY.text,
        did=SECTIONS[0],
        changed=SECTIONS[1],
        learned=SECTIONS[2],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path
