"""Synthetic publications for the PDF tests and benchmark: real files, real models.

A small project is written to a folder (content pages, one image per case study
that has one) and the models are built by hand with the one Markdown
configuration, the way the loader builds them, so the PDF can be tested before
and independently of the loader.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from generator.core.figures.data import read_figure
from generator.core.markdown import render
from generator.core.model import (
    NATIONS,
    CaseStudy,
    Contact,
    FigureData,
    Image,
    Outcome,
    Practice,
    Problem,
    Publication,
    Quote,
    Theme,
)

THEMES: tuple[Theme, ...] = (
    Theme("telephony", "Practice telephone systems", "How practices answer the phone sooner."),
    Theme("telephone-consultations", "Telephone consultations", "Call-backs from clinicians."),
    Theme("online-repeat-prescriptions", "Ordering repeat prescriptions online", "Any hour."),
    Theme("online-appointments", "Booking appointments online", "Choosing a time online."),
    Theme("patient-communication", "Communicating with patients", "Texts and reminders."),
    Theme("patient-information", "Keeping patients informed", "Websites and newsletters."),
    Theme("patient-feedback", "Listening to patients' views", "Groups and surveys."),
    Theme("collaborative-working", "Networks, federations and working together", "Sharing."),
)

INTRODUCTION = """---
title: Introduction
---

In 2013 the BMA's General Practitioners Committee asked practices how they were
using technology to make it easier for patients to reach them. This publication
gathers what they told us.

## How to read it

Each chapter covers one theme.
"""

FOREWORD = """---
title: Foreword
---

Practices have always listened to their patients. These case studies show what
that looks like in 2014.

> We are grateful to every practice that took the time to write.

Dr Example Chair, Chair, BMA General Practitioners Committee
"""

WORKING_TOGETHER = """---
title: What GPs told us about working together
---

The BMA's survey of 1,555 GPs, reported in May 2014, asked about networks.

{{ figure: gp-networks-survey }}

Support would help.

{{ figure: gp-networks-support }}
"""

DATA = Path(__file__).resolve().parents[2] / "content" / "data"
"""The project's own figure data: the survey's published numbers."""

CALLS_FIGURE = """title: Calls answered within a minute
source: The practice's telephone system
date: 2014-02
unit: calls a day
bars:
  - label: Monday
    value: 412
  - label: Friday
    value: 287
"""
"""A figure a case study places in its story."""

PARAGRAPH = (
    "The practice looked again at how patients reached it and what got in their way. "
    "Staff kept a tally of calls for a fortnight, talked to the patient group and agreed "
    "a plan with the partners, which they reviewed every month and adjusted when the "
    "figures showed that something was not working as well as they had hoped. "
)


def png(width: int = 64, height: int = 40, rgb: tuple[int, int, int] = (27, 79, 156)) -> bytes:
    """A small solid PNG, written without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def body(
    slug: str, *, paragraphs: int, link_to: str | None, image: str | None, figure: bool = False
) -> str:
    """A plausible story: headings that repeat across case studies, a footnote, a table."""
    parts = [f"## What we did\n\n{PARAGRAPH * 2}[^1]\n"]
    if figure:
        parts.append("{{ figure: calls-answered }}\n")
    for n in range(paragraphs):
        parts.append(f"{PARAGRAPH}Story text of {slug} number {n}.\n")
    if image:
        parts.append(f"![A chart of calls answered at {slug}]({image})\n")
    parts.append(
        "## What happened\n\n| Month | Calls |\n| --- | --- |\n| May | 410 |\n| June | 190 |\n"
    )
    if link_to:
        parts.append(f"See also [another practice's story]({link_to}.md).\n")
    parts.append(f"## What we learnt\n\n{PARAGRAPH}\n\n[^1]: A footnote of {slug}.\n")
    return "\n".join(parts)


def case_study(
    slug: str,
    *,
    themes: Sequence[str],
    nation: str = "England",
    status: str = "published",
    paragraphs: int = 4,
    link_to: str | None = None,
    image: bool = False,
    contact_publish: bool | None = None,
    title: str | None = None,
    figure: bool = False,
) -> CaseStudy:
    """A case study model as the loader would build it."""
    image_name = "chart.png" if image else None
    text = body(slug, paragraphs=paragraphs, link_to=link_to, image=image_name, figure=figure)
    rendered = render(text)
    folder = f"casestudies/{slug}" if image else None
    source = f"{folder}/index.md" if folder else f"casestudies/{slug}.md"
    contact = None
    if contact_publish is not None:
        contact = Contact(
            name=f"Contact of {slug}",
            role="Practice manager",
            email=f"{slug}@example.org",
            phone="020 7946 0000",
            publish=contact_publish,
        )
    return CaseStudy(
        slug=slug,
        source=source,
        folder=folder,
        title=title or f"How {slug.replace('-', ' ')} answered its patients",
        practice=Practice(
            name=f"{slug.replace('-', ' ').title()} Surgery",
            town="Anytown",
            nation=nation,
            list_size=9800,
            setting="urban",
        ),
        themes=tuple(themes),
        summary=f"A short summary of what {slug} did and what came of it for patients.",
        submitted=dt.date(2014, 3, 11),
        status=status,
        consent=status == "published",
        body=text,
        body_line=30,
        benefits=("Patients get through sooner.", "Fewer calls at 8am."),
        drawbacks=("Set-up took staff time.",),
        barriers=("The old contract had two years to run.",),
        outcomes=(
            Outcome("Calls to reception before 10am", after=190, before=410, unit="calls a day"),
            Outcome("Patients registered online", after=1460, before=310),
            Outcome("Satisfaction with access", after=82.5, unit="per cent"),
        ),
        patient_views="Patients said it was easier to get through.",
        quote=Quote(text=f"It made a real difference at {slug}.", by="Practice manager"),
        costs="About £1,200 to set up and £40 a month.",
        contact=contact,
        cover_image=Image("chart.png", f"Chart of results at {slug}") if image else None,
        body_html=rendered.html,
        headings=rendered.headings,
        images=(image_name,) if image_name else (),
        word_count=rendered.word_count,
    )


def write_project(root: Path, cases: Iterable[CaseStudy]) -> None:
    """The files the PDF reads: content pages and the case studies' images."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "introduction.md").write_text(INTRODUCTION, encoding="utf-8")
    (root / "content" / "foreword.md").write_text(FOREWORD, encoding="utf-8")
    (root / "content" / "working-together.md").write_text(WORKING_TOGETHER, encoding="utf-8")
    data = root / "content" / "data"
    data.mkdir(exist_ok=True)
    for name in ("gp-networks-survey", "gp-networks-support"):
        (data / f"{name}.yml").write_bytes((DATA / f"{name}.yml").read_bytes())
    (data / "calls-answered.yml").write_text(CALLS_FIGURE, encoding="utf-8")
    for case in cases:
        if case.folder:
            folder = root / case.folder
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "chart.png").write_bytes(png())


def publication(cases: Iterable[CaseStudy], themes: Sequence[Theme] = THEMES) -> Publication:
    """Case studies sorted by slug, as the loader gives them, with the figures'
    data as :func:`write_project` writes it."""
    return Publication(
        themes=tuple(themes),
        case_studies=tuple(sorted(cases, key=lambda c: c.slug)),
        figures=figures(),
    )


def figures() -> tuple[FigureData, ...]:
    """The figures :func:`write_project` writes, read by the real reader."""
    problems: list[Problem] = []
    found = []
    for name in ("calls-answered", "gp-networks-support", "gp-networks-survey"):
        data = (
            CALLS_FIGURE.encode()
            if name == "calls-answered"
            else (DATA / f"{name}.yml").read_bytes()
        )
        figure = read_figure(data, name=name, path=f"content/data/{name}.yml", problems=problems)
        assert figure is not None and not problems, problems
        found.append(figure)
    return tuple(found)


def synthetic(count: int, *, paragraphs: int = 6) -> list[CaseStudy]:
    """``count`` published case studies spread over every theme and nation, for benchmarks."""
    cases = []
    for n in range(count):
        primary = THEMES[n % len(THEMES)].id
        second = THEMES[(n * 3 + 1) % len(THEMES)].id
        themes = [primary] if second == primary else [primary, second]
        cases.append(
            case_study(
                f"practice-{n:04d}",
                themes=themes,
                nation=NATIONS[n % len(NATIONS)],
                paragraphs=paragraphs,
                link_to=f"practice-{(n + 1) % count:04d}" if count > 1 else None,
                image=n % 5 == 0,
            )
        )
    return cases


def example() -> list[CaseStudy]:
    """The test session's publication: every feature once, plus things that must not show."""
    return [
        case_study(
            "alpha-surgery",
            themes=["telephony", "online-appointments"],
            image=True,
            contact_publish=True,
            link_to="beta-practice",
        ),
        case_study(
            "beta-practice",
            themes=["telephony"],
            nation="Scotland",
            contact_publish=False,
            paragraphs=20,
            figure=True,
        ),
        case_study(
            "gamma-health-centre",
            themes=["online-appointments", "telephony"],
            nation="Wales",
            link_to="alpha-surgery",
        ),
        case_study(
            "delta-medical-group",
            themes=["patient-feedback"],
            nation="Northern Ireland",
            image=True,
        ),
        replace(
            case_study(
                "zeta-draft-surgery",
                themes=["telephony"],
                status="draft",
                title="Draft-only title that must never be printed",
            ),
        ),
    ]
