"""Fixtures for the website's tests.

Models are built by hand here (with the real Markdown conversion) so the page
compiler can be tested without files; the gates build ONE example site per
session, from the project's own ``content/`` and ``casestudies/``, and every
test reads that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.markdown import render
from generator.model import CaseStudy, Practice, Publication, Theme

ROOT = Path(__file__).resolve().parents[2]

THEMES = (
    Theme("telephony", "Practice telephone systems", "Phones, queues & numbers."),
    Theme("online-appointments", "Booking appointments online", "Booking without waiting."),
    Theme("patient-feedback", "Listening to patients' views", "Surveys and panels."),
)

STORY = """\
## What we did

We moved repeat prescriptions online and told every patient about it, which
took the pressure off reception first thing in the morning. See
[their approach](other-practice.md#what-we-did) too.

## What happened

Calls before ten fell by half within three months. Patients liked it, and the
staff had time to answer the phone properly again, without a queue.
"""


def make_case(slug: str = "example-surgery", **fields: object) -> CaseStudy:
    """A valid case study with the real canonical body HTML."""
    body = str(fields.pop("body", STORY))
    rendered = render(body)
    base = CaseStudy(
        slug=slug,
        source=f"casestudies/{slug}.md",
        folder=None,
        title="Online repeat prescriptions halved the morning phone queue",
        practice=Practice("Example Surgery", "Anytown", "England", 9800, "urban"),
        themes=("telephony",),
        summary="Moving repeat prescriptions online cut morning calls by half.",
        submitted=dt.date(2014, 4, 12),
        status="published",
        consent=True,
        body=body,
        body_line=30,
        body_html=rendered.html,
        headings=rendered.headings,
        word_count=rendered.word_count,
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def make_publication(*cases: CaseStudy) -> Publication:
    return Publication(themes=THEMES, case_studies=tuple(sorted(cases, key=lambda c: c.slug)))


@pytest.fixture
def case_factory() -> Callable[..., CaseStudy]:
    return make_case


@pytest.fixture
def publication_factory() -> Callable[..., Publication]:
    return make_publication


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's own example site, built once into a temporary folder."""
    from generator.plugin import build_site

    site = tmp_path_factory.mktemp("example") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1400000000")
    build_site(ROOT, site, drafts=False, strict=True, pdf=_pdf_available())
    yield site
    shutil.rmtree(site, ignore_errors=True)


def _pdf_available() -> bool:
    """Whether the PDF step exists yet (it is another module's work)."""
    try:
        from generator import pdf  # noqa: F401
    except ImportError:
        return False
    return True
