"""How long the Zensical engine takes to build the website, beside MkDocs.

For the example project (its 14 case studies, the published 13 built) and N
synthetic ones (``synthetic.py``, default 1,000, with the project's content
pages and ``mkdocs.yml``), each engine builds the site with no PDF, each build
in a fresh Python process, the two engines taking turns (MkDocs, Zensical,
MkDocs, ...) so a slow spell of the machine falls on both. It reports the
median of ``--repeat`` runs of:

- **engine**: the site engine alone, given the loaded publication (what
  ``publication build --engine NAME`` spends after loading);
- **build**: loading and validating the case studies, then the engine.

Run it with::

    .venv/bin/python benchmarks/engines.py                      # example and 1000
    .venv/bin/python benchmarks/engines.py --sizes 1000 --repeat 5

The machine should be otherwise idle: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import os
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

ENGINES = ("mkdocs", "zensical")
SOURCE_DATE_EPOCH = "1400000000"


def write_project(root: Path, n: int) -> None:
    """N synthetic case studies with the project's content pages and ``mkdocs.yml``."""
    from synthetic import write_project as write_case_studies

    write_case_studies(root, n)
    shutil.copytree(ROOT / "content", root / "content", dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")


def child(engine_name: str, root: Path, site: Path) -> None:
    """Build once and print the seconds as JSON (run in a fresh process)."""
    import datetime as dt

    from generator.core.load import load_publication
    from generator.engines import Prepared, engine
    from generator.site.pages import Downloads

    build_site = engine(engine_name)
    started = time.perf_counter()
    publication = load_publication(root)
    loaded = time.perf_counter()
    date = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.UTC)
    prepared = Prepared(publication, root, date, drafts=False, downloads=Downloads())
    report = build_site(prepared, site, strict=False)
    done = time.perf_counter()
    print(json.dumps({"engine": done - loaded, "build": done - started, "pages": report.pages}))


def run_once(engine_name: str, root: Path, site: Path) -> dict[str, float]:
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
    out = subprocess.run(
        [sys.executable, __file__, "--child", engine_name, str(root), str(site)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{engine_name} build of {root} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(label: str, root: Path, repeat: int, work: Path) -> list[str]:
    """Alternating runs of both engines on ``root``; the report's lines for it."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in ENGINES}
    for _ in range(repeat):
        for name in ENGINES:
            runs[name].append(run_once(name, root, work / f"site-{name}"))
            print(f"  {label} {name}: {runs[name][-1]['engine']:.2f} s", flush=True)
    lines = []
    medians = {}
    for name in ENGINES:
        engine_s = statistics.median(r["engine"] for r in runs[name])
        build_s = statistics.median(r["build"] for r in runs[name])
        medians[name] = engine_s
        pages = int(runs[name][-1]["pages"])
        lines.append(
            f"{label:<10} {name:<9} {repeat:>4} {engine_s:>9.2f} {build_s:>9.2f} {pages:>6}"
        )
    ratio = medians["zensical"] / medians["mkdocs"]
    lines.append(f"{label:<10} zensical / mkdocs (engine) = {ratio:.2f}")
    return lines


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("--sizes", default="example,1000", help="'example' and/or N")
    arguments.add_argument("--repeat", type=int, default=3, help="runs per engine (default 3)")
    args = arguments.parse_args()
    lines = [
        f"{'project':<10} {'engine':<9} {'runs':>4} {'engine s':>9} {'build s':>9} {'pages':>6}"
    ]
    with tempfile.TemporaryDirectory(prefix="zensical-bench-") as tmp:
        for size in args.sizes.split(","):
            work = Path(tmp) / size
            work.mkdir()
            if size == "example":
                root = ROOT
            else:
                root = work / "project"
                write_project(root, int(size))
            lines += measure(size, root, args.repeat, work)
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
