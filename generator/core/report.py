"""``publication report``: where the publication is thin, and whom to chase.

Editors use it to decide whom to write to next: which practices have drafts
and review copies waiting (oldest first), which published case studies still
lack outcomes, a quote, patients' views or a contact that may be shown, which
themes and nations have too few published case studies, and which files do
not read at all. The counts by theme, nation and empty field stay beside that.
Everything here is computed from a loaded :class:`Publication`; the CLI only
chooses the format.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .fields import CASE_STUDY
from .model import NATIONS, STATUSES, CaseStudy, Publication

OPTIONAL_FIELDS: tuple[str, ...] = tuple(
    f.name for f in CASE_STUDY.fields if not f.required and f.name not in ("updated",)
)
"""Optional fields whose absence is worth telling editors about."""

WANTED: tuple[tuple[str, str], ...] = (
    ("outcomes", "outcomes"),
    ("quote", "a quote"),
    ("patient_views", "patients' views"),
    ("published_contact", "a published contact"),
)
"""What a published case study is worth chasing for: (key in JSON and CSV, words)."""

CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "practice",
    "town",
    "nation",
    "status",
    "submitted",
    "primary_theme",
    "outcomes",
    "quote",
    "patient_views",
    "published_contact",
    "consent",
    "errors",
)
"""The spreadsheet's header row: one row per case-study file."""


@dataclass(frozen=True)
class Coverage:
    """The counts behind the report."""

    by_theme: dict[str, dict[str, int]]
    """Theme id -> status -> case studies listing that theme."""
    by_nation: dict[str, dict[str, int]]
    empty_fields: list[tuple[str, int]]
    """(field, how many case studies leave it empty), most often empty first."""
    total: dict[str, int]
    theme_titles: dict[str, str]
    primary: dict[str, int]
    """Theme id -> published case studies whose primary theme (PDF chapter) it is."""


@dataclass(frozen=True)
class PracticeToChase:
    """One practice and what to ask it for."""

    name: str
    town: str
    nation: str
    waiting: tuple[CaseStudy, ...]
    """Its drafts and review copies, oldest ``submitted`` first."""
    missing: tuple[tuple[CaseStudy, tuple[str, ...]], ...]
    """Its published case studies, each with the keys of :data:`WANTED` it lacks."""


@dataclass(frozen=True)
class Lack:
    """A theme or nation with fewer published case studies than wanted."""

    key: str
    """The theme id, or the nation."""
    label: str
    """The theme's title, or the nation."""
    counts: dict[str, int]
    """Status -> case studies (under each of their themes, for a theme)."""
    wanted: int
    """How many more published case studies would reach the aim."""
    primary: int | None
    """For a theme: published case studies in its PDF chapter; None for a nation."""


@dataclass(frozen=True)
class FileWithErrors:
    """A file ``publication validate`` would fail on, and how many errors it has."""

    path: str
    errors: int
    not_counted: bool
    """True for a case study that did not read, so no count includes it (one that
    read can still have errors across files, such as a link to a missing case study)."""


@dataclass(frozen=True)
class Report:
    """Everything ``publication report`` prints, in any format."""

    coverage: Coverage
    practices: tuple[PracticeToChase, ...]
    """Practices with something to chase: longest waiting first, then by name."""
    other_practices: int
    """Practices with nothing to chase."""
    theme_lacks: tuple[Lack, ...]
    nation_lacks: tuple[Lack, ...]
    at_least: int
    files_with_errors: tuple[FileWithErrors, ...]
    unread: tuple[str, ...]
    """Case-study files that did not read (so they are in no count)."""
    cases: tuple[CaseStudy, ...]
    """Every case study that read, drafts included: the spreadsheet's rows."""


def _filled(case: CaseStudy, name: str) -> bool:
    value = getattr(case, name, None)
    return value not in (None, (), "")


def missing(case: CaseStudy) -> tuple[str, ...]:
    """The keys of :data:`WANTED` a case study lacks (a contact not to be
    published counts as missing: readers cannot reach anyone through it)."""
    return tuple(key for key, _ in WANTED if not _filled(case, key))


def coverage(publication: Publication) -> Coverage:
    """Count a publication loaded with drafts included."""
    by_theme = {t.id: dict.fromkeys(STATUSES, 0) for t in publication.themes}
    by_nation = {n: dict.fromkeys(STATUSES, 0) for n in NATIONS}
    total = dict.fromkeys(STATUSES, 0)
    primary = {t.id: 0 for t in publication.themes}
    empty: Counter[str] = Counter()
    for case in publication.case_studies:
        total[case.status] += 1
        by_nation[case.practice.nation][case.status] += 1
        # Themes are checked against content/themes.yml only when it reads: with
        # it broken (reported as such), a case study's themes are counted as written.
        for theme in case.themes:
            by_theme.setdefault(theme, dict.fromkeys(STATUSES, 0))[case.status] += 1
            primary.setdefault(theme, 0)
        if case.is_published:
            primary[case.primary_theme] += 1
        for name in OPTIONAL_FIELDS:
            if not _filled(case, name):
                empty[name] += 1
    ordered = sorted(((n, empty[n]) for n in OPTIONAL_FIELDS), key=lambda x: (-x[1], x[0]))
    return Coverage(
        by_theme=by_theme,
        by_nation=by_nation,
        empty_fields=ordered,
        total=total,
        theme_titles={t.id: t.title for t in publication.themes},
        primary=primary,
    )


def _practices(cases: Sequence[CaseStudy]) -> tuple[list[PracticeToChase], int]:
    """Practices with something to chase, and how many have nothing.

    A practice is its name and town as written: two case studies from one practice
    are chased together."""
    grouped: dict[tuple[str, str], list[CaseStudy]] = {}
    for case in cases:
        grouped.setdefault((case.practice.name, case.practice.town), []).append(case)
    chase: list[PracticeToChase] = []
    for (name, town), own in grouped.items():
        waiting = sorted(
            (c for c in own if not c.is_published), key=lambda c: (c.submitted, c.source)
        )
        published = sorted((c for c in own if c.is_published), key=lambda c: c.source)
        gaps = tuple((c, missing(c)) for c in published if missing(c))
        if waiting or gaps:
            chase.append(PracticeToChase(name, town, own[0].practice.nation, tuple(waiting), gaps))
    chase.sort(
        key=lambda p: (
            not p.waiting,
            p.waiting[0].submitted.isoformat() if p.waiting else "",
            p.name.casefold(),
            p.town.casefold(),
        )
    )
    return chase, len(grouped) - len(chase)


def _lacks(
    counts: dict[str, dict[str, int]],
    labels: dict[str, str],
    at_least: int,
    primary: dict[str, int] | None,
) -> tuple[Lack, ...]:
    return tuple(
        Lack(
            key,
            labels.get(key, key),
            row,
            at_least - row["published"],
            None if primary is None else primary[key],
        )
        for key, row in counts.items()
        if row["published"] < at_least
    )


def make_report(publication: Publication, case_files: Sequence[str], *, at_least: int) -> Report:
    """The report on a publication loaded with drafts included; ``case_files`` are
    the case-study files found on disk (relative paths), so those that did not read
    are named too."""
    cov = coverage(publication)
    practices, others = _practices(publication.case_studies)
    errors: Counter[str] = Counter(p.path for p in publication.errors)
    read = {case.source for case in publication.case_studies}
    unread = {path for path in case_files if path not in read}
    return Report(
        coverage=cov,
        practices=tuple(practices),
        other_practices=others,
        theme_lacks=_lacks(cov.by_theme, cov.theme_titles, at_least, cov.primary),
        nation_lacks=_lacks(cov.by_nation, {}, at_least, None),
        at_least=at_least,
        files_with_errors=tuple(
            FileWithErrors(path, errors[path], path in unread) for path in sorted(errors)
        ),
        unread=tuple(sorted(unread)),
        cases=publication.case_studies,
    )


def read_report(root: Path, *, at_least: int) -> Report:
    """Load the project at ``root`` (drafts included) and report on it."""
    from .load import discover, load_publication

    publication = load_publication(root, drafts=True)
    entries, _ = discover(root.resolve())
    return make_report(publication, [entry.rel for entry in entries], at_least=at_least)


# --- text -----------------------------------------------------------------------------


def _heading(title: str) -> list[str]:
    return [title, "-" * len(title)]


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _waiting_line(case: CaseStudy) -> str:
    state = "in review" if case.status == "review" else "draft"
    consent = "" if case.consent else " (consent not yet given)"
    return f"    {state}, submitted {case.submitted.isoformat()}: {case.source}{consent}"


def _counts_words(counts: dict[str, int]) -> str:
    drafts = "draft" if counts["draft"] == 1 else "drafts"
    waiting = [
        f"{counts[status]} {word}"
        for status, word in (("review", "in review"), ("draft", drafts))
        if counts[status]
    ]
    return _and(waiting) + " waiting" if waiting else "none waiting"


def _lack_line(lack: Lack) -> str:
    have = f"{lack.counts['published']} published" if lack.counts["published"] else "none published"
    chapter = (
        "; no published case study has it as its first theme, so its PDF chapter is empty"
        if lack.primary == 0 and lack.counts["published"]
        else ""
    )
    return (
        f"  {lack.label}: {have}, {lack.wanted} more wanted; {_counts_words(lack.counts)}{chapter}"
    )


def as_text(report: Report) -> str:
    """The report as an editor reads it in a terminal: sections with headings."""
    lines: list[str] = []
    if report.files_with_errors:
        lines += _heading("Files with errors: fix them first (publication validate PATH shows how)")
        for item in report.files_with_errors:
            note = ", not counted below" if item.not_counted else ""
            errors = f"{item.errors} error" + ("" if item.errors == 1 else "s")
            lines.append(f"  {item.path}: {errors}{note}")
        lines.append("")

    lines += _heading("Whom to chase, by practice (longest waiting first)")
    for practice in report.practices:
        lines.append(f"  {practice.name}, {practice.town} ({practice.nation})")
        lines += [_waiting_line(case) for case in practice.waiting]
        for case, lacks in practice.missing:
            words = _and([words for key, words in WANTED if key in lacks])
            lines.append(f"    published but lacks {words}: {case.source}")
    if not report.practices:
        lines.append("  Nobody: nothing is waiting and no published case study lacks anything.")
    elif report.other_practices:
        others = report.other_practices
        lines.append(
            f"  Nothing to chase at the other {others} practice" + ("s." if others > 1 else ".")
        )
    lines.append("")

    aim = f"What each theme and nation still lacks (aim: at least {report.at_least} published)"
    lines += _heading(aim)
    lines += [_lack_line(lack) for lack in report.theme_lacks + report.nation_lacks]
    if not report.theme_lacks and not report.nation_lacks:
        lines.append(f"  Nothing: every theme and nation has at least {report.at_least} published.")
    lines.append("")

    cov = report.coverage
    head = f"  {'':42}{'published':>10}{'review':>8}{'draft':>7}"

    def table(title: str, rows: dict[str, dict[str, int]], labels: dict[str, str]) -> None:
        lines.extend([*_heading(title), head])
        for key, counts in rows.items():
            label = labels.get(key, key)
            lines.append(
                f"  {label[:42]:42}{counts['published']:>10}{counts['review']:>8}"
                f"{counts['draft']:>7}"
            )
        lines.append("")

    table("By theme (a case study counts under each of its themes)", cov.by_theme, cov.theme_titles)
    table("By nation", cov.by_nation, {})
    lines += _heading("Optional fields most often left empty")
    count = sum(cov.total.values())
    lines += [f"  {name:42}{empty:>4} of {count}" for name, empty in cov.empty_fields if empty]
    return "\n".join(lines)


# --- JSON -------------------------------------------------------------------------------


def _case_json(case: CaseStudy) -> dict[str, object]:
    return {
        "path": case.source,
        "title": case.title,
        "status": case.status,
        "submitted": case.submitted.isoformat(),
        "consent": case.consent,
    }


def _lack_json(lack: Lack, name: str) -> dict[str, object]:
    out: dict[str, object] = {name: lack.key, "title": lack.label, **lack.counts}
    out["wanted"] = lack.wanted
    if lack.primary is not None:
        out["first_theme_of"] = lack.primary
    return out


def as_json(report: Report) -> dict[str, object]:
    """The report as data, with stable keys (those of the counts unchanged)."""
    cov = report.coverage
    return {
        "total": cov.total,
        "by_theme": cov.by_theme,
        "by_nation": cov.by_nation,
        "empty_fields": dict(cov.empty_fields),
        "invalid_files": len(report.unread),
        "files_with_errors": [
            {"path": f.path, "errors": f.errors, "not_counted": f.not_counted}
            for f in report.files_with_errors
        ],
        "practices": [
            {
                "practice": p.name,
                "town": p.town,
                "nation": p.nation,
                "waiting": [_case_json(case) for case in p.waiting],
                "missing": [
                    {**_case_json(case), "missing": list(lacks)} for case, lacks in p.missing
                ],
            }
            for p in report.practices
        ],
        "at_least": report.at_least,
        "lacking": {
            "themes": [_lack_json(lack, "theme") for lack in report.theme_lacks],
            "nations": [_lack_json(lack, "nation") for lack in report.nation_lacks],
        },
    }


# --- CSV --------------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _csv_row(case: CaseStudy, errors: int) -> dict[str, str]:
    lacks = missing(case)
    return {
        "path": case.source,
        "practice": case.practice.name,
        "town": case.practice.town,
        "nation": case.practice.nation,
        "status": case.status,
        "submitted": case.submitted.isoformat(),
        "primary_theme": case.primary_theme,
        **{key: _yes(key not in lacks) for key, _ in WANTED},
        "consent": _yes(case.consent),
        "errors": str(errors),
    }


def as_csv(report: Report) -> str:
    """One row per case-study file, by path, for a spreadsheet (RFC 4180, the csv
    module's default): a file that did not read has status ``invalid``, its error
    count and nothing else, so none goes missing from the sheet."""
    errors = {f.path: f.errors for f in report.files_with_errors}
    rows = [_csv_row(case, errors.get(case.source, 0)) for case in report.cases]
    rows += [
        {"path": path, "status": "invalid", "errors": str(errors.get(path, 0))}
        for path in report.unread
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda row: row["path"]))
    return out.getvalue()
