"""N valid synthetic case studies, written into a throwaway project.

Realistic in size and shape (a 400-600 word story with headings, a list, a
table now and then, a link to another synthetic case study, outcomes, benefits,
drawbacks and barriers), deterministic for a given seed, and valid under every
rule, so a benchmark measures the work of checking good files. The site and
PDF benchmarks reuse it::

    from benchmarks.synthetic import write_project
    write_project(tmp / "project", 1000, seed=0)

Run it alone to make a project to look at::

    .venv/bin/python benchmarks/synthetic.py /tmp/synthetic 100
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEMES_FILE = ROOT / "content" / "themes.yml"

THEMES = (
    "telephony",
    "telephone-consultations",
    "online-repeat-prescriptions",
    "online-appointments",
    "patient-communication",
    "patient-information",
    "patient-feedback",
    "collaborative-working",
)
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
SETTINGS = ("urban", "rural", "mixed")
PLACES = (
    "Ashby",
    "Brackenford",
    "Carrow",
    "Dunmore",
    "Eastwold",
    "Fenwick",
    "Glenarrow",
    "Hollins",
    "Inchbeck",
    "Kirkhallow",
    "Llanfair",
    "Marsham",
    "Northwick",
    "Orrin",
    "Pennock",
    "Quayside",
    "Rathmore",
    "Stanbury",
    "Trefelin",
    "Upwell",
    "Wyvern",
)
KINDS = ("Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Group Practice")
CHANGES = (
    "online repeat prescriptions",
    "a call-back list for doctors",
    "a queuing telephone system",
    "text message reminders",
    "online appointment booking",
    "a patient reference group",
    "a practice newsletter",
    "shared working with neighbouring practices",
)
_WORDS = (
    "patients practice reception staff morning calls appointments doctors nurses "
    "prescriptions system week month changes queue phone online booking surgery "
    "manager partners list older younger carers families survey results cost time "
    "letters leaflets website screen waiting room evening weekend pharmacy local "
    "community clinic review training software supplier contract number lines"
)
WORDS = tuple(_WORDS.split())
HEADINGS = (
    "What we did",
    "Why we changed",
    "How we went about it",
    "What changed",
    "What patients said",
    "What we learned",
    "What we would do differently",
)


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def slug_for(index: int) -> str:
    """The file name of synthetic case study ``index`` (0-based)."""
    return f"synthetic-practice-{index:05d}"


def case_study(index: int, n: int, rng: random.Random) -> str:
    """The text of one valid synthetic case study."""
    place = rng.choice(PLACES)
    name = f"{place} {rng.choice(KINDS)} {index}"
    change = rng.choice(CHANGES)
    themes = rng.sample(THEMES, rng.randint(1, 3))
    before = rng.randint(100, 600)
    after = rng.randint(20, before - 10)
    other = slug_for((index + 1) % n) if n > 1 else None
    lines = [
        "---",
        "# A synthetic case study for the benchmarks.",
        f"title: {place} {rng.choice(KINDS).lower()} tried {change}",
        "practice:",
        f"  name: {name}",
        f"  town: {place}",
        f"  nation: {rng.choice(NATIONS)}",
        f"  list_size: {rng.randint(1500, 30000)}",
        f"  setting: {rng.choice(SETTINGS)}",
        f"  website: https://www.{place.lower()}-{index}.example.org",
        f"themes: [{', '.join(themes)}]",
        "summary: >-",
        f"  The practice introduced {change} and {_sentence(rng, 6, 12).lower()}",
        f"tags: [{', '.join(sorted(set(rng.sample(WORDS, 3))))}]",
        "benefits:",
        *(f"  - {_sentence(rng, 4, 10)}" for _ in range(rng.randint(2, 4))),
        "drawbacks:",
        f"  - {_sentence(rng, 4, 10)}",
        "barriers:",
        f"  - {_sentence(rng, 4, 10)}",
        "outcomes:",
        "  - measure: Calls to reception before 10am",
        f"    before: {before}",
        f"    after: {after}",
        "    unit: calls a day",
        "  - measure: Patients who said they were satisfied",
        f"    after: {rng.randint(50, 99)}",
        "    unit: per cent",
        f"patient_views: {_sentence(rng, 10, 20)}",
        "quote:",
        f"  text: {_sentence(rng, 6, 12)}",
        "  by: Practice manager",
        f"costs: About £{rng.randint(1, 40) * 100} to set up and £{rng.randint(1, 9) * 10} a month.",
        "contact:",
        "  name: Jo Bloggs",
        "  role: Practice manager",
        f"  email: practice{index}@example.org",
        f"  publish: {rng.choice(['true', 'false'])}",
        f"submitted: 2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "status: published",
        "consent: true",
        "---",
        "",
    ]
    headings = rng.sample(HEADINGS, 4)
    body = [
        f"## {headings[0]}",
        "",
        _paragraph(rng, rng.randint(7, 9)),
        "",
        _paragraph(rng, rng.randint(4, 6)),
        "",
        f"## {headings[1]}",
        "",
        _paragraph(rng, rng.randint(3, 5)),
        "",
        *(f"- {_sentence(rng, 5, 10)}" for _ in range(rng.randint(3, 5))),
        "",
        f"## {headings[2]}",
        "",
        _paragraph(rng, rng.randint(4, 6)),
        "",
        _paragraph(rng, rng.randint(3, 5)),
        "",
    ]
    if rng.random() < 0.3:
        body += [
            "| measure | before | after |",
            "| --- | --- | --- |",
            f"| calls before 10am | {before} | {after} |",
            "",
        ]
    if other:
        body += [
            f"We learned a lot from [the story of another practice]({other}.md) and from "
            f"[NHS guidance](https://www.example.org/guidance/{index}).",
            "",
        ]
    body += [
        f"### {headings[3]}",
        "",
        _paragraph(rng, rng.randint(4, 6)),
        "",
    ]
    return "\n".join(lines + body)


def write_project(root: Path, n: int, seed: int = 0) -> None:
    """Write ``n`` valid synthetic case studies under ``root/casestudies`` and copy
    the repository's ``content/themes.yml`` to ``root/content``."""
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True, exist_ok=True)
    shutil.copy(THEMES_FILE, root / "content" / "themes.yml")
    folder = root / "casestudies"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(n):
        (folder / f"{slug_for(index)}.md").write_text(case_study(index, n, rng), encoding="utf-8")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("root", type=Path, help="where to write the project")
    arguments.add_argument("n", type=int, nargs="?", default=100, help="how many case studies")
    arguments.add_argument("--seed", type=int, default=0)
    args = arguments.parse_args()
    write_project(args.root, args.n, args.seed)
    print(f"Wrote {args.n} synthetic case studies into {args.root}/casestudies")


if __name__ == "__main__":
    main()
