"""Read one case-study file into a :class:`CaseStudy`, with every problem it has.

Cross-file rules (unique slugs, links between case studies, stray files) need
all files and live in :mod:`generator.core.load`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fields import CASE_STUDY
from .frontmatter import MapNode, Pos, split
from .markdown import Rendered, render, too_complex
from .model import CaseStudy, Contact, Image, Outcome, Practice, Problem, Quote, Theme
from .rules.body import BodyFacts, check_body
from .rules.characters import check_hidden_characters
from .rules.crossfield import check_cross_fields
from .rules.fields import check_map, check_template_text, template_severity
from .rules.glyphs import check_drawable
from .rules.privacy import scan
from .story_scan import inspect


@dataclass
class ReadResult:
    """One file read: the model when it is valid, and what the cross-file rules need."""

    case: CaseStudy | None
    problems: list[Problem]
    facts: BodyFacts
    status: str | None
    story_read: bool = True
    """Whether the story was read through, so :attr:`facts` lists every picture
    and link it uses. When it was not (the front matter or the file could not be
    read), the cross-file rules say nothing about it: a picture is not unused
    because the story that shows it went unread."""


def read_case_study(
    data: bytes,
    *,
    path: str,
    slug: str,
    folder: Path | None,
    folder_rel: str | None,
    themes: tuple[Theme, ...],
    figures: Collection[str] | None = None,
    convert: bool = True,
) -> ReadResult:
    """Validate one file's bytes; ``path`` is how problems name it; ``figures`` are
    the data files' names a story may place (None: placed figures are not checked).

    ``convert=False`` only checks: the story is read the fast way where it can be
    (:func:`generator.core.story_scan.inspect`) and no model is made. The problems are
    the same either way (tested on every fixture)."""
    problems: list[Problem] = []

    def report(pos: Pos, rule: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, pos.line, pos.column, severity, rule, message))  # type: ignore[arg-type]

    parts = split(data)
    for raw in parts.problems:
        report(Pos(raw.line, raw.column), raw.rule, raw.message)
    check_hidden_characters(parts.text, report)
    check_drawable(parts.text, report)
    facts = BodyFacts()
    if parts.front_matter is None:
        # Fields that cannot be read say nothing of where 'contact:' is or what
        # the story uses: checking the rest would report a contact's own phone
        # number as misplaced and every picture as unused. Only a file with no
        # front matter at all is story throughout, and is checked as such.
        if parts.text and any(raw.rule == "no-front-matter" for raw in parts.problems):
            scan(parts.text, allowed=(), report=report)
        return ReadResult(None, problems, facts, None, story_read=False)
    node = parts.front_matter
    values = check_map(node, CASE_STUDY, "the front matter", Pos(1, 1), report)
    check_cross_fields(node, values, themes, folder, slug, report)
    check_template_text(node, template_severity(values.get("status")), report)
    scan(parts.text, allowed=_contact_spans(node), report=report)

    status = values.get("status") if isinstance(values.get("status"), str) else None
    complex_lines = too_complex(parts.body)
    for line, reason in complex_lines:
        report(
            Pos(parts.body_line + line, 1),
            "markdown-too-complex",
            f"the story cannot be read safely: {reason}",
        )
    if complex_lines:
        return ReadResult(None, problems, facts, status, story_read=False)
    try:
        rendered = render(parts.body) if convert else inspect(parts.body)
    except RecursionError:
        report(
            Pos(parts.body_line, 1),
            "markdown-too-complex",
            "the story is nested too deeply to read; simplify its lists and quotes",
        )
        return ReadResult(None, problems, facts, status, story_read=False)
    facts = check_body(
        rendered,
        parts.body,
        parts.body_line,
        status=status or "published",
        folder=folder,
        slug=slug,
        report=report,
        figures=figures,
    )
    cover = values.get("cover_image")
    if isinstance(cover, dict) and isinstance(cover.get("src"), str):
        facts.cover = Path(cover["src"]).as_posix()
    if not convert or any(p.severity == "error" for p in problems):
        return ReadResult(None, problems, facts, status)
    assert isinstance(rendered, Rendered)
    case = _build(
        values,
        slug=slug,
        path=path,
        folder_rel=folder_rel,
        body=parts.body,
        body_line=parts.body_line,
        rendered=rendered,
        facts=facts,
    )
    return ReadResult(case, problems, facts, status)


def _contact_spans(node: MapNode) -> list[tuple[Pos, Pos]]:
    spans: list[tuple[Pos, Pos]] = []
    contact = node.items.get("contact")
    if contact and isinstance(contact[1], MapNode):
        for key in ("email", "phone"):
            if key in contact[1].items:
                value = contact[1].items[key][1]
                spans.append((value.pos, value.end))
    return spans


def _build(
    values: dict[str, Any],
    *,
    slug: str,
    path: str,
    folder_rel: str | None,
    body: str,
    body_line: int,
    rendered: Rendered,
    facts: BodyFacts,
) -> CaseStudy:
    practice = values["practice"]
    contact = values.get("contact")
    quote = values.get("quote")
    cover = values.get("cover_image")
    images = list(dict.fromkeys(facts.images))
    return CaseStudy(
        slug=slug,
        source=path,
        folder=folder_rel,
        title=values["title"],
        practice=Practice(**practice),
        themes=tuple(values["themes"]),
        summary=values["summary"],
        submitted=values["submitted"],
        status=values["status"],
        consent=values["consent"],
        body=body,
        body_line=body_line,
        tags=tuple(values.get("tags", ())),
        benefits=tuple(values.get("benefits", ())),
        drawbacks=tuple(values.get("drawbacks", ())),
        barriers=tuple(values.get("barriers", ())),
        outcomes=tuple(Outcome(**o) for o in values.get("outcomes", ())),
        patient_views=values.get("patient_views"),
        quote=Quote(**quote) if quote else None,
        costs=values.get("costs"),
        contact=Contact(**contact) if contact else None,
        cover_image=Image(**cover) if cover else None,
        updated=values.get("updated"),
        body_html=rendered.html,
        headings=rendered.headings,
        images=tuple(images),
        word_count=rendered.word_count,
    )
