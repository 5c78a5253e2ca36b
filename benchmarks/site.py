"""How long the website takes to build: ours against plain Material, same pages.

For each N (default 100, 1,000 and 3,000) it writes N synthetic case studies
(``synthetic.py``) and builds, each build in a fresh Python process so peak
memory is the build's own:

- **ours**: the project's ``mkdocs.yml`` and content pages, the plugin, no PDF;
- **default-nav**: plain Material building the same case studies written as
  ordinary Markdown pages, with MkDocs' default navigation (every page in the
  sidebar of every page: what a team without this generator would do);
- **floor**: the same plain Markdown pages, all left out of the navigation
  (the engine's own floor).

The variants run alternately (one build of each, then again), and it reports
the median build time of ``--repeat`` runs of each, peak resident memory,
the size of the HTML written, the search index's size per case study and the
ratios the issue sets as targets: ours within 1.3x of the floor at 1,000, and
ours at 3,000 no more than 3.3 times ours at 1,000 (10,000 in under three
minutes, with ``--sizes 10000``). Run it with::

    .venv/bin/python benchmarks/site.py                       # 100, 1000, 3000
    .venv/bin/python benchmarks/site.py --sizes 1000 --repeat 5
    .venv/bin/python benchmarks/site.py --sizes 10000 --only ours

Default navigation grows with the square of N (13 minutes at 3,000 on the
reference machine), so it runs only up to ``--default-nav-limit`` (1,000).
The machine should be otherwise idle: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

VARIANTS = ("ours", "floor", "default-nav")
SOURCE_DATE_EPOCH = "1400000000"


# -- projects ------------------------------------------------------------------


def write_ours(root: Path, n: int) -> None:
    """The project as editors have it: case studies, content pages, mkdocs.yml."""
    from synthetic import write_project

    write_project(root, n)
    for page in sorted((ROOT / "content").glob("*.md")):
        shutil.copy(page, root / "content" / page.name)
    if (ROOT / "content" / "data").is_dir():
        shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")


def plain_markdown(root: Path) -> dict[str, str]:
    """Each case study of ``root`` as an ordinary Markdown page, by file name."""
    from generator.core.load import load_publication

    publication = load_publication(root)
    pages: dict[str, str] = {}
    for case in publication.case_studies:
        lines = [f"# {case.title}", "", case.summary, ""]
        p = case.practice
        lines += [
            f"- **Practice:** {p.name}, {p.town}, {p.nation}",
            f"- **List size:** {p.list_size or 'not given'}",
            f"- **Setting:** {p.setting or 'not given'}",
            f"- **Themes:** {', '.join(case.themes)}",
            f"- **Submitted:** {case.submitted.isoformat()}",
            "",
        ]
        if case.outcomes:
            lines += ["## Outcomes", "", "| Measure | Before | After |", "| --- | --- | --- |"]
            lines += [f"| {o.measure} | {o.before} | {o.after} |" for o in case.outcomes]
            lines.append("")
        for title, items in (
            ("Benefits", case.benefits),
            ("Drawbacks", case.drawbacks),
            ("Barriers", case.barriers),
        ):
            if items:
                lines += [f"## {title}", "", *(f"- {i}" for i in items), ""]
        body = case.body.replace("](synthetic-", "](../synthetic-").replace(".md)", "/)")
        lines += [body]
        pages[f"{case.slug}.md"] = "\n".join(lines)
    return pages


def write_plain(root: Path, pages: dict[str, str], *, in_nav: bool) -> None:
    """Plain Material with the same pages; ``in_nav`` picks default nav or none."""
    docs = root / "docs"
    (docs / "case-studies").mkdir(parents=True)
    (docs / "index.md").write_text("# Case studies\n\nSynthetic case studies.\n")
    for name, text in pages.items():
        (docs / "case-studies" / name).write_text(text, encoding="utf-8")
    config = [
        "site_name: Plain Material",
        "theme:",
        "  name: material",
        "  font: false",
        "plugins:",
        "  - search",
        "markdown_extensions: [tables, footnotes, admonition, toc, sane_lists]",
    ]
    if not in_nav:
        config += ["nav:", "  - index.md", "not_in_nav: |", "  /case-studies/"]
    (root / "mkdocs.yml").write_text("\n".join(config) + "\n")


# -- one build, in a child process --------------------------------------------


def child(variant: str, root: Path, site: Path) -> None:
    """Build once and print seconds and peak memory as JSON (run in a fresh process)."""
    started = time.perf_counter()
    if variant == "ours":
        from generator.build import build

        build(root, site, pdf=False)
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def run_once(variant: str, root: Path, site: Path) -> dict[str, float]:
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, str(root), str(site)],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{variant} build of {root} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _bytes(folder: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def measure(roots: dict[str, Path], n: int, repeat: int, work: Path) -> list[dict[str, float]]:
    """Every variant ``repeat`` times, alternately (one run of each, then again), so
    a burst of load on a shared machine falls on all of them alike; medians."""
    runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in roots}
    for _ in range(repeat):
        for variant, root in roots.items():
            runs[variant].append(run_once(variant, root, work / f"site-{variant}"))
    results = []
    for variant, done in runs.items():
        site = work / f"site-{variant}"
        index = site / "search" / "search_index.json"
        results.append(
            {
                "variant": variant,
                "n": n,
                "runs": repeat,
                "seconds": statistics.median(r["seconds"] for r in done),
                "peak_mb": max(r["peak_mb"] for r in done),
                "html_mb": _bytes(site, "*.html") / 1e6,
                "search_index_kb_per_case": index.stat().st_size / 1000 / n,
                "pages": sum(1 for _ in site.rglob("*.html")),
            }
        )
        shutil.rmtree(site, ignore_errors=True)
    return results


# -- report --------------------------------------------------------------------


def report(results: list[dict[str, float]]) -> str:
    by = {(r["variant"], r["n"]): r for r in results}
    lines = [
        f"{'variant':<12} {'N':>6} {'runs':>4} {'median s':>9} {'peak MB':>8} "
        f"{'HTML MB':>8} {'index KB/cs':>11} {'pages':>6}"
    ]
    for r in results:
        lines.append(
            f"{r['variant']:<12} {r['n']:>6} {r['runs']:>4} {r['seconds']:>9.2f} "
            f"{r['peak_mb']:>8.0f} {r['html_mb']:>8.1f} "
            f"{r['search_index_kb_per_case']:>11.2f} {r['pages']:>6}"
        )
    lines.append("")
    for n in sorted({r["n"] for r in results}):
        ours = by.get(("ours", n))
        if ours is None:
            continue
        for base in ("floor", "default-nav"):
            other = by.get((base, n))
            if other:
                lines.append(
                    f"N={n}: ours / {base} = {ours['seconds'] / other['seconds']:.2f}"
                    + ("  (target <= 1.3 at N=1000)" if base == "floor" and n == 1000 else "")
                )
    if ("ours", 1000) in by and ("ours", 3000) in by:
        ratio = by[("ours", 3000)]["seconds"] / by[("ours", 1000)]["seconds"]
        lines.append(f"ours N=3000 / N=1000 = {ratio:.2f}  (target <= 3.3)")
    if ("ours", 10000) in by:
        lines.append(f"ours N=10000 = {by[('ours', 10000)]['seconds']:.0f} s  (target < 180 s)")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("--sizes", default="100,1000,3000")
    arguments.add_argument(
        "--repeat", type=int, default=0, help="runs per build (default: 3, 1 from N=3000)"
    )
    arguments.add_argument("--only", choices=VARIANTS, action="append")
    arguments.add_argument("--default-nav-limit", type=int, default=1000)
    arguments.add_argument("--json", type=Path, help="also write the results here")
    args = arguments.parse_args()
    variants = args.only or list(VARIANTS)
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            repeat = args.repeat or (3 if n < 3000 else 1)
            work = Path(tmp) / str(n)
            ours_root = work / "ours"
            write_ours(ours_root, n)
            plain = plain_markdown(ours_root) if set(variants) - {"ours"} else {}
            roots: dict[str, Path] = {}
            for variant in variants:
                if variant == "default-nav" and n > args.default_nav_limit:
                    print(f"skipping default-nav at N={n} (over --default-nav-limit)", flush=True)
                    continue
                roots[variant] = ours_root
                if variant != "ours":
                    roots[variant] = work / variant
                    write_plain(roots[variant], plain, in_nav=variant == "default-nav")
            for result in measure(roots, n, repeat, work):
                results.append(result)
                print(
                    f"{result['variant']:<12} N={n:<6} {result['seconds']:.2f} s, "
                    f"{result['peak_mb']:.0f} MB peak",
                    flush=True,
                )
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
