"""How long the PDF takes, against WeasyPrint alone on the same HTML.

For each size (synthetic case studies, by default 50 and 200) this writes a
synthetic project to a temporary folder, then times, each in a fresh process so
that peak memory is that run's own:

- ``weasyprint``: WeasyPrint alone, ``HTML(string=...).write_pdf()`` on exactly
  the HTML our print template produces, with the same PDF/UA options, in one
  process: the baseline;
- ``ours-1``: :func:`generator.pdf.write_pdf` in one process
  (``LISTENING_PDF_WORKERS=1``): it also builds the HTML, checks every
  resource, reads the PDF back to verify it and writes atomically;
- ``ours``: the same as a build runs it, on every core (the publication in
  parts, joined; see ``generator/pdf/split.py``).

It reports the median wall-clock seconds of ``--repeat`` runs and its ratio to
WeasyPrint alone, the CPU seconds of all processes (less sensitive to other
load on the machine) and their ratio, pages per second and peak resident memory
(the largest single process). Run it with::

    .venv/bin/python benchmarks/pdf.py                 # 50 and 200, three runs each
    .venv/bin/python benchmarks/pdf.py --sizes 50 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests" / "pdf")]

PARAGRAPHS = 4
"""Story length of a synthetic case study: about three pages each, as in the issue."""


def prepare(size: int, root: Path) -> None:
    """Write the synthetic project and the print HTML (for the baseline) into ``root``."""
    from pdf_fixtures import publication, synthetic, write_project

    from generator.build import build_date
    from generator.pdf import document
    from generator.pdf.frontmatter import read_front_pages

    cases = synthetic(size, paragraphs=PARAGRAPHS)
    write_project(root, cases)
    pub = publication(cases)
    doc = document.publication_document(
        pub, read_front_pages(root), root=root, drafts=False, date=build_date(root, pub)
    )
    (root / "print.html").write_text(doc.html, encoding="utf-8")


def child(mode: str, size: int, root: Path) -> dict[str, float]:
    """One timed run, in this (fresh) process."""
    from pdf_fixtures import publication, synthetic

    usage = resource.getrusage(resource.RUSAGE_SELF)
    start_cpu = usage.ru_utime + usage.ru_stime
    if mode == "weasyprint":
        import weasyprint

        from generator.pdf.engine import OPTIONS

        html = (root / "print.html").read_text(encoding="utf-8")
        start = time.perf_counter()
        document = weasyprint.HTML(string=html, base_url=root.as_uri() + "/").render(**OPTIONS)
        document.write_pdf(root / "baseline.pdf", **OPTIONS)
        seconds = time.perf_counter() - start
        pages = len(document.pages)
    else:
        import os

        from generator.build import build_date
        from generator.pdf import WORKERS_VARIABLE, write_pdf

        if mode == "ours-1":
            os.environ[WORKERS_VARIABLE] = "1"
        pub = publication(synthetic(size, paragraphs=PARAGRAPHS))
        date = build_date(root, pub)
        start = time.perf_counter()
        info = write_pdf(pub, root / "ours.pdf", root=root, date=date)
        seconds = time.perf_counter() - start
        pages = info.pages
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    peak = max(own.ru_maxrss, children.ru_maxrss) / 1024  # KiB on Linux
    return {"seconds": seconds, "cpu": cpu - start_cpu, "pages": pages, "peak_mib": peak}


def _burn(seconds: float) -> None:
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass


def free_cores(seconds: float = 2.0) -> float:
    """How many cores two busy processes really get right now.

    On a shared machine, other work can leave one core where two are listed, and
    then no rendering in parallel can show its speed; printed so the figures can
    be read for what they are.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    processes = [context.Process(target=_burn, args=(seconds,)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return 2 * seconds / (time.perf_counter() - start)


def measure(mode: str, size: int, root: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(size), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "SIZE", "ROOT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        mode, size, root = args.child
        print(json.dumps(child(mode, int(size), Path(root))))
        return

    print(f"cores listed: {os.cpu_count()}; two busy processes got {free_cores():.1f} of them")
    print(
        f"{'case studies':>12} {'pages':>6} {'what':>10} {'median s':>9} {'ratio':>6} "
        f"{'CPU s':>7} {'ratio':>6} {'pages/s':>8} {'peak MiB':>9}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"pdf-bench-{size}-") as tmp:
            root = Path(tmp)
            prepare(size, root)
            runs: dict[str, list[dict[str, float]]] = {"weasyprint": [], "ours-1": [], "ours": []}
            for _ in range(args.repeat):
                for mode in runs:  # interleaved, so drift in the machine hits all three
                    runs[mode].append(measure(mode, size, root))
            base = statistics.median(r["seconds"] for r in runs["weasyprint"])
            base_cpu = statistics.median(r["cpu"] for r in runs["weasyprint"])
            for mode, results in runs.items():
                seconds = statistics.median(r["seconds"] for r in results)
                cpu = statistics.median(r["cpu"] for r in results)
                pages = int(results[0]["pages"])
                peak = max(r["peak_mib"] for r in results)
                print(
                    f"{size:>12} {pages:>6} {mode:>10} {seconds:>9.2f} {seconds / base:>6.2f} "
                    f"{cpu:>7.1f} {cpu / base_cpu:>6.2f} {pages / seconds:>8.2f} {peak:>9.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
