"""How long validation takes: 100, 1,000 and 3,000 synthetic case studies.

For each size it writes a project of valid synthetic case studies (see
``synthetic.py``), then

- calls ``check_publication`` in this process (what ``publication validate``
  does: plain stories read by the fast scanner, the rest converted),
  ``--repeat`` times, and reports the share of stories read fast, the median
  seconds, files per second, CPU seconds (this process and its workers);
- in the same run, ``load_publication`` (what a build does: every story
  converted by Python-Markdown), its median and the ratio check/convert;
- the peak resident memory, and the median of ``publication validate`` run
  as a command ``--repeat`` times, start-up included.

The target is 1,000 case studies in under 2 seconds. Run it with::

    .venv/bin/python benchmarks/validate.py              # 100, 1000, 3000; 5 runs each
    .venv/bin/python benchmarks/validate.py --sizes 1000 --repeat 3
    .venv/bin/python benchmarks/validate.py --sequential # no worker processes

The machine should be otherwise idle: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from synthetic import write_project  # noqa: E402

import generator.core.load as load  # noqa: E402
from generator.core.frontmatter import split  # noqa: E402
from generator.core.story_scan import scan_story  # noqa: E402


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> float:
    """Peak resident memory of this process (or of a worker, if larger), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports kilobytes


def in_process(root: Path, repeat: int, *, convert: bool) -> tuple[float, float, int]:
    """Median wall seconds and median CPU seconds of reading the project, and files
    read: ``check_publication`` (what ``validate`` does) or, with ``convert``,
    ``load_publication`` (what a build does: every story converted)."""
    walls, cpus = [], []
    files = 0
    for _ in range(repeat):
        cpu = _cpu_seconds()
        started = time.perf_counter()
        if convert:
            result = load.load_publication(root, drafts=True)
        else:
            result = load.check_publication(root)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu)
        files = result.files_read
        errors = [p for p in result.problems if p.severity == "error"]
        if errors:
            raise SystemExit(f"synthetic case studies should be valid: {errors[0].format()}")
    return statistics.median(walls), statistics.median(cpus), files


def fast_share(root: Path) -> float:
    """The share of stories read without converting them (the rest are converted)."""
    bodies = [split(path.read_bytes()).body for path in sorted(root.glob("casestudies/*.md"))]
    return sum(scan_story(body) is not None for body in bodies) / max(1, len(bodies))


def as_command(root: Path, repeat: int, sequential: bool) -> float:
    """Median wall seconds of ``publication validate`` in a fresh process."""
    env = dict(os.environ)
    if sequential:
        env["PUBLICATION_JOBS"] = "1"
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(root), "validate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"publication validate failed:\n{done.stdout}{done.stderr}")
    return statistics.median(walls)


def calibration_ms() -> float:
    """Best of five timings of a fixed pure-Python loop: compare runs on a busy
    machine with runs on an idle one (the loop's time grows with the contention)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    arguments.add_argument("--repeat", type=int, default=5)
    arguments.add_argument("--seed", type=int, default=0)
    arguments.add_argument(
        "--sequential", action="store_true", help="read files one after another, no workers"
    )
    args = arguments.parse_args()
    if args.sequential:
        os.environ["PUBLICATION_JOBS"] = "1"
    print(
        f"CPUs: {os.cpu_count()}; load average before: "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"{'sequential' if args.sequential else 'workers from ' + str(load.PARALLEL_FROM)} files; "
        f"calibration loop {calibration_ms():.0f} ms"
    )
    print(
        f"{'files':>6} {'fast':>5} {'check s':>8} {'files/s':>8} {'CPU s':>6} "
        f"{'convert s':>10} {'ratio':>6} {'peak MB':>8} {'command s':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        for n in args.sizes:
            root = Path(tmp) / f"n{n}"
            write_project(root, n, seed=args.seed)
            wall, cpu, files = in_process(root, args.repeat, convert=False)
            converted, _, _ = in_process(root, args.repeat, convert=True)
            command = as_command(root, args.repeat, args.sequential)
            print(
                f"{files:>6} {fast_share(root):>5.0%} {wall:>8.3f} {files / wall:>8.0f} "
                f"{cpu:>6.2f} {converted:>10.3f} {wall / converted:>6.2f} "
                f"{_peak_mb():>8.0f} {command:>10.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
