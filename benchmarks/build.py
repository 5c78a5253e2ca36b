"""The whole build against the PDF alone: what the site and the handouts add.

For each size (default 200 synthetic case studies, with the repository's
content pages and ``mkdocs.yml``) it runs, alternately and each in a fresh
process as an editor would:

- ``pdf``: ``publication pdf`` (the publication alone, on every core);
- ``build``: ``publication build`` (the publication, every handout, the site).

It reports the median wall-clock seconds of ``--repeat`` runs of each and the
ratio build / pdf; the issue's target is within 1.3 at 200. Run it with::

    .venv/bin/python benchmarks/build.py                       # 200, three runs each
    .venv/bin/python benchmarks/build.py --sizes 50 200 --repeat 1
    .venv/bin/python benchmarks/build.py --engine zensical

The machine should be otherwise idle: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
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
sys.path[:0] = [str(HERE)]

SOURCE_DATE_EPOCH = "1400000000"


def write_project(root: Path, n: int) -> None:
    """``n`` synthetic case studies with the repository's content pages and ``mkdocs.yml``."""
    from synthetic import write_project as write_cases

    write_cases(root, n)
    for page in sorted((ROOT / "content").glob("*.md")):
        shutil.copy(page, root / "content" / page.name)
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")


def timed(command: list[str]) -> float:
    """Seconds one command took; its failure stops the benchmark with its output."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, CI="true")
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return seconds


def measure(n: int, repeat: int, engine: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = Path(tmp) / "project"
        write_project(root, n)
        publication = [sys.executable, "-m", "generator", "--root", str(root)]
        commands = {
            "pdf": [*publication, "pdf", "--out", str(Path(tmp) / "pdf" / "publication.pdf")],
            "build": [*publication, "build", "--engine", engine, "--out", str(Path(tmp) / "site")],
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, command in commands.items():  # alternately, so load hits both alike
                runs[name].append(timed(command))
        pdf, build = (statistics.median(runs[name]) for name in ("pdf", "build"))
        shown = ", ".join(f"{name} {[round(s, 1) for s in runs[name]]}" for name in runs)
        print(
            f"{n:>5} case studies: publication pdf {pdf:6.1f} s, publication build "
            f"({engine}) {build:6.1f} s, ratio {build / pdf:.2f} (target 1.3); runs: {shown}",
            flush=True,
        )


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("--sizes", type=int, nargs="+", default=[200])
    arguments.add_argument("--repeat", type=int, default=3)
    arguments.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    args = arguments.parse_args()
    for n in args.sizes:
        measure(n, args.repeat, args.engine)


if __name__ == "__main__":
    main()
