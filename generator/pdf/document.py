"""Models to the print document: one HTML file that WeasyPrint lays out.

Everything the PDF says is decided here and in ``templates/``; the stylesheet
only decides how it looks. Case-study bodies arrive as canonical HTML (see
:mod:`generator.core.markdown`) and are given PDF addresses: every id and local link
is prefixed per case study (``what-we-did`` and ``fn:1`` repeat across case
studies), links to other case studies become ``#cs-<slug>``, images become
``file:`` URLs inside the project, and body headings move one level down, under
the case study's own title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path, PurePosixPath

import jinja2
import yaml
from markupsafe import Markup

from ..core.errors import BuildFailed
from ..core.figures import FigureNumbering
from ..core.figures.order import outcome_figures
from ..core.formatting import MONTHS, format_change, unit_note
from ..core.markdown import rewrite_urls
from ..core.model import NATIONS, CaseStudy, Outcome, Publication, Theme
from ..core.templating import text_environment
from ..core.voices import ThemeVoices, patient_voices
from . import figures as pdf_figures
from .frontmatter import ProsePage, read_front_pages

TITLE = "Developing general practice, listening to patients"
SHORT_TITLE = "Listening to patients"
SUBTITLE = "Case studies from UK general practice"
AUTHOR = "BMA General Practitioners Committee"
PUBLISHER = "British Medical Association"
EDITION = "First edition"
SUBJECT = (
    "Case studies of UK GP practices using telephone, online and other technology "
    "to improve access and listen to their patients."
)
KEYWORDS = ("general practice", "patient access", "case studies", "BMA", "GPC")
LANG = "en-GB"

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = Path(__file__).parent / "print.css"
FONTS = Path(__file__).parent.parent / "assets" / "fonts"


MISSING = "#__not-in-this-pdf__"
"""Where a link to a case study that this PDF does not hold points, until it is
turned into plain text."""


@dataclass(frozen=True)
class PrintCase:
    """A case study as the PDF prints it."""

    case: CaseStudy
    anchor: str
    """``cs-<slug>``: the id of its first page, for links, contents and index."""
    chapter: Theme
    themes: tuple[Theme, ...]
    body: Markup
    """The story with PDF addresses."""
    cover_src: str | None
    """The cover image as a ``file:`` URL, if there is one."""


@dataclass(frozen=True)
class Chapter:
    """One theme: its own case studies, and those that list it second or later."""

    theme: Theme
    anchor: str
    cases: tuple[PrintCase, ...]
    also: tuple[PrintCase, ...]
    figures: tuple[Markup, ...] = ()
    """Outcomes at a glance, drawn, after the chapter's description."""


def change(outcome: Outcome) -> str:
    """The change in the site's words (:func:`generator.core.formatting.format_change`):
    "up 23 percentage points" for a share, "down 33 (39%)" for a count."""
    return format_change(outcome.after, outcome.before, outcome.unit)


def unit(outcome: Outcome) -> str:
    """The unit after the measure, left out where the measure says it already,
    as on the site ("Incoming lines", not "Incoming lines (lines)")."""
    return unit_note(outcome.measure, outcome.unit, None)


_ID_OR_LOCAL_HREF = re.compile(r'\b(id|href)="(#?)([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_MISSING_LINK = re.compile(r'<a href="' + re.escape(MISSING) + r'"[^>]*>(.*?)</a>', re.S)


def localise(
    html: str,
    *,
    prefix: str,
    root: Path,
    folder: str | None,
    known: Collection[str],
    shift_headings: int = 0,
) -> str:
    """Give canonical HTML the print document's addresses (see the module's docstring)."""

    def ids(match: re.Match[str]) -> str:
        attr, hash_, value = match.groups()
        if attr == "id":
            return f'id="{prefix}--{value}"'
        if hash_:
            return f'href="#{prefix}--{value}"'
        return match.group(0)

    def case_study_link(slug: str, fragment: str | None) -> str:
        if slug not in known:
            return MISSING
        return f"#cs-{slug}--{fragment}" if fragment else f"#cs-{slug}"

    def image(src: str) -> str:
        return image_url(root, folder, src)

    html = _ID_OR_LOCAL_HREF.sub(ids, html)
    html = rewrite_urls(html, case_study_link=case_study_link, image=image)
    html = _MISSING_LINK.sub(r"<span>\1</span>", html)
    if shift_headings:
        html = _HEADING_TAG.sub(
            lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}", html
        )
    return html


def image_url(root: Path, folder: str | None, src: str) -> str:
    """A ``file:`` URL for an image beside a case study; the fetcher decides if it may be read."""
    base = root / PurePosixPath(folder) if folder else root
    return (base / PurePosixPath(src)).absolute().as_uri()


def print_case(
    case: CaseStudy,
    publication: Publication,
    root: Path,
    known: Collection[str],
    numbers: FigureNumbering,
) -> PrintCase:
    """One case study, ready for the template, its figures drawn and numbered."""
    themes = tuple(publication.theme(t) for t in case.themes)
    folder = case.folder or str(PurePosixPath(case.source).parent)
    body = localise(
        case.body_html,
        prefix=f"cs-{case.slug}",
        root=root,
        folder=folder,
        known=known,
        shift_headings=1,
    )
    body = pdf_figures.fill(body, publication, numbers, anchor=f"cs-{case.slug}")
    # Each picture once, by the site's rule: no cover above a story that shows it.
    shown_cover = case.separate_cover
    cover = image_url(root, folder, shown_cover.src) if shown_cover else None
    return PrintCase(
        case=case,
        anchor=f"cs-{case.slug}",
        chapter=themes[0],
        themes=themes,
        body=Markup(body),
        cover_src=cover,
    )


def chapters(
    publication: Publication,
    cases: Mapping[str, PrintCase],
    numbers: FigureNumbering | None = None,
) -> tuple[Chapter, ...]:
    """One chapter per theme, in ``themes.yml`` order, each with its case studies by
    slug and (given ``numbers``) its outcomes at a glance."""
    result = []
    for theme in publication.themes:
        own = tuple(cases[c.slug] for c in publication.in_chapter(theme.id) if c.slug in cases)
        also = tuple(
            cases[c.slug]
            for c in publication.in_theme(theme.id)
            if c.slug in cases and c.primary_theme != theme.id
        )
        drawn: tuple[Markup, ...] = ()
        if numbers is not None:
            drawn = tuple(
                pdf_figures.chapter_html(figure, theme.id, numbers)
                for figure in outcome_figures(publication, theme.id)
            )
        result.append(
            Chapter(theme=theme, anchor=f"ch-{theme.id}", cases=own, also=also, figures=drawn)
        )
    return tuple(result)


def practice_index(cases: Collection[PrintCase]) -> tuple[tuple[str, tuple[PrintCase, ...]], ...]:
    """Practices by nation (in the publication's order of nations), then by name."""
    result = []
    for nation in NATIONS:
        entries = sorted(
            (c for c in cases if c.case.practice.nation == nation),
            key=lambda c: (c.case.practice.name.casefold(), c.case.slug),
        )
        if entries:
            result.append((nation, tuple(entries)))
    return tuple(result)


def chapter_order(chapters_: Collection[Chapter]) -> tuple[PrintCase, ...]:
    """Every case study in the order the PDF prints them."""
    return tuple(case for chapter in chapters_ for case in chapter.cases)


@cache
def environment() -> jinja2.Environment:
    """The print templates: autoescaped, strict about undefined names."""
    env = text_environment(TEMPLATES)
    env.filters["change"] = change
    env.filters["unit"] = unit
    env.filters["cross_references"] = cross_references
    return env


_CASE_LINK = re.compile(r'<a href="#(cs-(?:(?!--)[^"])+)"')


def cross_references(body: Markup, own: str, numbers: Mapping[str, int] | None) -> Markup:
    """Mark a story's links to another case study, for " (page N)" after them on paper.

    A link says "their story describes it", which on paper leads nowhere: the
    print stylesheet adds the page of the case study after every link of class
    ``see-case`` (``target-counter`` in one process; ``data-page`` when the
    publication is rendered in parts and the numbers are known before layout).
    Links within the case study itself, or to a place inside another, are left
    as they are: the page of a fragment is not known before layout.
    """

    def mark(match: re.Match[str]) -> str:
        anchor = match.group(1)
        if anchor == own:
            return match.group(0)
        page = f' data-page="{numbers[anchor]}"' if numbers is not None else ""
        return f'{match.group(0)} class="see-case"{page}'

    return Markup(_CASE_LINK.sub(mark, str(body)))


def meta(date: dt.datetime, *, title: str = TITLE, subject: str = SUBJECT) -> dict[str, object]:
    """What the template puts in ``<head>``; WeasyPrint turns it into the PDF's metadata."""
    stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "title": title,
        "short_title": SHORT_TITLE,
        "subtitle": SUBTITLE,
        "author": AUTHOR,
        "publisher": PUBLISHER,
        "edition": EDITION,
        "subject": subject,
        "keywords": ", ".join(KEYWORDS),
        "lang": LANG,
        "created": stamp,
        "modified": stamp,
        "date": date.date(),
        "year": date.year,
        "month": f"{MONTHS[date.month - 1]} {date.year}",
    }


def credit(date: dt.datetime) -> str:
    """Where a handout comes from and whose it is: its running foot, and its PDF's subject
    (the foot is an artifact, which a screen reader skips)."""
    month = f"{MONTHS[date.month - 1]} {date.year}"
    return f"From {TITLE} ({AUTHOR}, {EDITION.lower()}, {month}) · © {PUBLISHER} {date.year}"


OFFPRINT_HEAD = f"A case study from {SHORT_TITLE} · "
"""Before the chapter's name in a handout's running head."""


def running_styles(date: dt.datetime, *, handout: bool = False) -> Markup:
    """The counter styles that give the running head and foot their words (see
    ``print.css``): the publication's at 0, a handout's at 1; a handout laid out
    alone has its own words at both."""

    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    rules = (
        ("offprint-head", "", OFFPRINT_HEAD),
        ("offprint-foot", SHORT_TITLE, credit(date)),
    )
    return Markup(
        "".join(
            f"@counter-style {name} {{ system: fixed 0; "
            f"symbols: {css(theirs if handout else ours)} {css(theirs)}; }}\n"
            for name, ours, theirs in rules
        )
    )


class _SiteConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its ``!ENV`` and other tags read as nothing."""


_SiteConfigLoader.add_multi_constructor("", lambda _loader, _suffix, _node: None)


def back_page(root: Path) -> dict[str, str]:
    """What the back page says about the site, from the site's own mkdocs.yml.

    The PDF travels on its own, so its last page says who published it, when
    and where the case studies are online (GOV.UK's HTML publications and any
    printed report end so). The copyright line and the site's name and address
    are mkdocs.yml's, so the site's footer and the PDF say the same; with no
    mkdocs.yml (a bare project), the publisher's name stands in.
    """
    config: object = None
    path = root / "mkdocs.yml"
    if path.is_file():
        try:
            config = yaml.load(path.read_text(encoding="utf-8"), Loader=_SiteConfigLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            config = None
    values = config if isinstance(config, dict) else {}

    def text(key: str, default: str) -> str:
        value = values.get(key)
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else default

    return {
        "copyright": text("copyright", f"© {PUBLISHER}."),
        "site_name": text("site_name", TITLE),
        "site_url": text("site_url", ""),
    }


@dataclass(frozen=True)
class PrintDocument:
    """The print HTML and what the check after rendering needs to know."""

    html: str
    chapters: tuple[Chapter, ...]
    order: tuple[PrintCase, ...]
    """Case studies in print order."""
    title: str
    context: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    """What the template was given, so parts of the document can be rendered
    from the same data (see :func:`part_html`)."""


def included(publication: Publication, drafts: bool) -> tuple[CaseStudy, ...]:
    """The case studies this PDF holds: only published ones unless drafts are asked for.

    The loader already leaves drafts out; this is the PDF's own guard, because a
    draft in a published PDF cannot be taken back.
    """
    return tuple(c for c in publication.case_studies if drafts or c.is_published)


def publication_document(
    publication: Publication,
    front: tuple[ProsePage, ...],
    *,
    root: Path,
    drafts: bool,
    date: dt.datetime,
) -> PrintDocument:
    """The whole publication as print HTML."""
    cases_in = included(publication, drafts)
    # What this PDF prints, and nothing else: figures, outcomes and voices are
    # gathered from it, so a draft's numbers never reach a published PDF.
    shown = dataclasses.replace(publication, case_studies=cases_in)
    numbers = pdf_figures.numbering(shown, front)
    known = {c.slug for c in cases_in}
    cases = {c.slug: print_case(c, shown, root, known, numbers) for c in cases_in}
    chapters_ = chapters(shown, cases, numbers)
    prose = tuple(
        (
            page,
            Markup(
                pdf_figures.fill(
                    localise(page.html, prefix=page.id, root=root, folder=None, known=known),
                    shown,
                    numbers,
                    anchor=page.id,
                )
            ),
        )
        for page in front
    )
    outcome_titles = {
        figure.name: figure.title
        for theme in shown.themes
        for figure in outcome_figures(shown, theme.id)
    }
    context: dict[str, object] = {
        "meta": meta(date),
        "prose": tuple(p for p in prose if not p[0].after_contents),
        "sections": tuple(p for p in prose if p[0].after_contents),
        "voices": voices(shown),
        "voices_id": VOICES_ID,
        "voices_title": VOICES_TITLE,
        "figures": pdf_figures.listed(shown, numbers, front, outcome_titles),
        "chapters": chapters_,
        "index": practice_index(list(cases.values())),
        "drafts": drafts,
        "back": back_page(root),
        "fonts": font_faces(),
        "stylesheet": stylesheet(),
        "running": running_styles(date),
    }
    return PrintDocument(
        html=part_html(context),
        chapters=chapters_,
        order=chapter_order(chapters_),
        title=TITLE,
        context=context,
    )


VOICES_ID = "patients-views"
VOICES_TITLE = "What patients told practices"


def voices(publication: Publication) -> tuple[ThemeVoices, ...]:
    """Every printed case study's patients' views and quote, by chapter (the site's
    grouping, :func:`generator.core.voices.patient_voices`)."""
    return patient_voices(publication)


_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')


def part_html(
    context: dict[str, object],
    *,
    part: str = "whole",
    numbers: Mapping[str, int] | None = None,
    chunk: Collection[PrintCase] = (),
    show: Collection[str] | None = None,
) -> str:
    """The publication (``whole``), or one part of it for rendering in parallel.

    ``front`` (cover to patients' views) and ``back`` (chapter openers and index)
    are everything but the case studies, with the page numbers given in
    ``numbers`` (a back part holds only the chapter openers, and the index,
    named in ``show``); ``chunk`` is a run of case studies alone. A part links to
    anchors that another part holds, so it gets empty stand-ins for them (the
    join keeps the real ones).
    """
    template = environment().get_template("publication.html.j2")
    values = {**context, "part": part, "numbers": numbers, "chunk": chunk, "show": show}
    html = template.render(**values, stubs=())
    if part == "whole":
        return html
    stubs = sorted(
        {unescape(v) for v in _HREF.findall(html)} - {unescape(v) for v in _ID.findall(html)}
    )
    return template.render(**values, stubs=stubs)


@dataclass(frozen=True)
class Shared:
    """What every PDF of one build reads and works out the same way, done once.

    A build makes the publication and a handout per case study; each used to
    read and convert the content pages and number every figure again.
    """

    front: tuple[ProsePage, ...]
    """The introduction, the foreword and the survey, read and converted."""
    numbers: FigureNumbering
    """Figure numbers over the whole publication, as the site numbers them: a
    handout's figures keep the publication's numbers."""


def shared(publication: Publication, root: Path) -> Shared:
    """Read the content pages and number the figures, once for every PDF of a build."""
    front = read_front_pages(root)
    return Shared(front=front, numbers=pdf_figures.numbering(publication, front))


def handout_document(
    publication: Publication, case: CaseStudy, *, root: Path, date: dt.datetime, common: Shared
) -> PrintDocument:
    """One case study alone, for the practice to share, its figures numbered as in
    the publication (and on the case study's web page)."""
    printed = print_case(case, publication, root, known={case.slug}, numbers=common.numbers)
    chapter = Chapter(
        theme=printed.chapter, anchor=f"ch-{printed.chapter.id}", cases=(printed,), also=()
    )
    html = (
        environment()
        .get_template("handout.html.j2")
        .render(
            stubs=(),
            meta=meta(date, title=case.title, subject=credit(date)),
            case=printed,
            drafts=not case.is_published,
            fonts=font_faces(),
            stylesheet=stylesheet(),
            running=running_styles(date, handout=True),
        )
    )
    return PrintDocument(html=html, chapters=(chapter,), order=(printed,), title=case.title)


@cache
def stylesheet() -> Markup:
    """The print stylesheet, inlined so the document is one self-contained string."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


@cache
def font_faces() -> Markup:
    """``@font-face`` rules for the publication's own fonts (:mod:`generator.fonts`),
    as ``file:`` URLs the fetcher allows."""
    from ..fonts import font_face_rules

    def url(name: str) -> str:
        path = FONTS / name
        if not path.is_file():
            raise BuildFailed(f"the PDF's font {path.name} is missing from {FONTS}")
        return path.resolve().as_uri()

    return Markup(font_face_rules(url, site=False))
