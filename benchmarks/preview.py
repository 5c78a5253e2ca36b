"""How soon the live preview shows a saved change: ``publication serve`` on a real port.

For each size (default: the example's 14 case studies, and 1,000 synthetic
ones from ``synthetic.py`` with the repository's content pages and
``mkdocs.yml``) it starts ``publication serve --drafts`` on a free port of
127.0.0.1, waits for its first build, then ``--repeat`` times edits one case
study's story (a new word each time) and polls that case study's page over
HTTP until the new word is served. It reports the median seconds from the save
to the page, the slowest, and the median rebuild as the preview itself says it
("Rebuilt in ... s"; the rest is noticing the save and reloading the page).
The issue's targets: 2 s at 14, 5 s at 1,000.
Run it with::

    .venv/bin/python benchmarks/preview.py                  # 14 and 1,000, five edits each
    .venv/bin/python benchmarks/preview.py --sizes 1000 --repeat 3

The machine should be otherwise idle: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]

EXAMPLE = 14
"""The size that means the repository's own example case studies."""
TARGETS = {EXAMPLE: 2.0, 1000: 5.0}
END_OF_FIELDS = "\n---\n"


def write_project(root: Path, n: int) -> Path:
    """The project to preview, and the case study to edit in it."""
    if n == EXAMPLE:
        for name in ("casestudies", "content"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        return root / "casestudies" / "glenmoyle-surgery-text-reminders.md"
    from synthetic import slug_for
    from synthetic import write_project as write_cases

    write_cases(root, n)
    for page in sorted((ROOT / "content").glob("*.md")):
        shutil.copy(page, root / "content" / page.name)
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root / "casestudies" / f"{slug_for(n // 2)}.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float, every: float = 0.05) -> float | None:
    """When ``text`` was first served at ``url`` (a monotonic time), or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic()
        time.sleep(every)
    return None


REBUILT = re.compile(r"^Rebuilt in (\d+\.\d) s", re.M)


def measure(n: int, repeat: int, work: Path) -> tuple[list[float], list[float]]:
    """Seconds from each save until the page served the change, and each rebuild's."""
    root = work / f"project-{n}"
    story = write_project(root, n)
    slug = story.stem if story.name != "index.md" else story.parent.name
    port = free_port()
    url = f"http://127.0.0.1:{port}/case-studies/{slug}/"
    log = work / f"serve-{n}.txt"
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--drafts"]
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=output, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        if wait_for(url, "</html>", 600, every=0.5) is None:
            sys.exit(f"the preview of {n} never served {url}:\n{log.read_text()[-3000:]}")
        original = story.read_text(encoding="utf-8")
        times = []
        for run in range(repeat):
            word = f"Benchmarkword{run}x{time.time_ns()}"
            # A new first paragraph, after the line closing the front matter.
            edited = original.replace(END_OF_FIELDS, f"{END_OF_FIELDS}\n{word}.\n", 1)
            story.write_text(edited, encoding="utf-8")
            saved = time.monotonic()
            served = wait_for(url, word, 120)
            if served is None:
                sys.exit(f"run {run}: the edit never reached {url}:\n{log.read_text()[-3000:]}")
            times.append(served - saved)
            time.sleep(1.0)  # let the watcher settle before the next save
        return times, [float(s) for s in REBUILT.findall(log.read_text(encoding="utf-8"))]
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    arguments.add_argument("--sizes", type=int, nargs="+", default=[EXAMPLE, 1000])
    arguments.add_argument("--repeat", type=int, default=5)
    args = arguments.parse_args()
    print("| case studies | median s, save to page | slowest s | median rebuild s | target s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as folder:
        for n in args.sizes:
            times, rebuilds = measure(n, args.repeat, Path(folder))
            target = TARGETS.get(n)
            rebuild = f"{statistics.median(rebuilds):.1f}" if rebuilds else ""
            print(
                f"| {n:,} | {statistics.median(times):.2f} | {max(times):.2f} | {rebuild} | "
                f"{'' if target is None else f'{target:.0f}'} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
