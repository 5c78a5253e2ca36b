"""``publication report``: where the publication is thin.

Counts case studies by theme and by nation, for each status, and the optional
fields most often left empty, so editors can see what to ask practices for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .fields import CASE_STUDY
from .model import NATIONS, STATUSES, CaseStudy, Publication

OPTIONAL_FIELDS: tuple[str, ...] = tuple(
    f.name for f in CASE_STUDY.fields if not f.required and f.name not in ("updated",)
)
"""Optional fields whose absence is worth telling editors about."""


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


def _filled(case: CaseStudy, name: str) -> bool:
    value = getattr(case, name, None)
    return value not in (None, (), "")


def coverage(publication: Publication) -> Coverage:
    """Count a publication loaded with drafts included."""
    cases = publication.case_studies
    by_theme = {t.id: dict.fromkeys(STATUSES, 0) for t in publication.themes}
    by_nation = {n: dict.fromkeys(STATUSES, 0) for n in NATIONS}
    total = dict.fromkeys(STATUSES, 0)
    empty: Counter[str] = Counter()
    for case in cases:
        total[case.status] += 1
        by_nation[case.practice.nation][case.status] += 1
        for theme in case.themes:
            by_theme.setdefault(theme, dict.fromkeys(STATUSES, 0))[case.status] += 1
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
    )


def as_text(cov: Coverage, *, invalid: int) -> str:
    """The report as an editor reads it in a terminal: three small tables."""
    lines: list[str] = []
    head = f"{'':44}{'published':>10}{'review':>8}{'draft':>7}"

    def table(title: str, rows: dict[str, dict[str, int]], labels: dict[str, str]) -> None:
        lines.extend([title, head])
        for key, counts in rows.items():
            label = labels.get(key, key)
            flag = "  <- none published" if counts["published"] == 0 else ""
            lines.append(
                f"  {label[:42]:42}{counts['published']:>10}{counts['review']:>8}"
                f"{counts['draft']:>7}{flag}"
            )
        lines.append("")

    table("By theme (a case study counts under each of its themes)", cov.by_theme, cov.theme_titles)
    table("By nation", cov.by_nation, {})
    lines.append("Optional fields most often left empty")
    count = sum(cov.total.values())
    for name, empty in cov.empty_fields:
        if empty:
            lines.append(f"  {name:42}{empty:>4} of {count}")
    if invalid:
        lines.append("")
        lines.append(
            f"{invalid} case study file(s) have errors and are not counted; "
            "run publication validate to see them."
        )
    return "\n".join(lines)


def as_json(cov: Coverage, *, invalid: int) -> dict[str, object]:
    return {
        "total": cov.total,
        "by_theme": cov.by_theme,
        "by_nation": cov.by_nation,
        "empty_fields": dict(cov.empty_fields),
        "invalid_files": invalid,
    }
