"""`make screenshots`: the built site and PDF as a reader sees them, in a minute.

A change in look is reviewed by looking: this writes PNGs of the home page, a
case study, a theme page and the working-together page at 1280 and 390 pixels
wide (Debian's Chromium through Playwright, the site served on 127.0.0.1 as a
reader's browser would get it), and of the PDF's cover, contents, first chapter
opener and first case study as a two-page spread (poppler's pdftoppm). The
folder (``screenshots/`` by default) is not committed: it is made again from
whatever ``site/`` holds.

    .venv/bin/python scripts/screenshots.py [--site site] [--out screenshots]
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: never a browser Playwright downloads."""
WIDTHS = {"wide": (1280, 800), "phone": (390, 844)}
"""Which -> viewport (width, height) in CSS pixels; the shots are full-page."""
PDF_FILE = "listening-to-patients.pdf"
RESOLUTION = 60
"""pdftoppm's dots per inch: an A4 page about 500 pixels wide, enough to judge layout."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` on 127.0.0.1 (a free port) for as long as the block runs: its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _first_folder(folder: Path) -> str:
    """The first sub-folder holding an ``index.html``, by name: the same page every run."""
    found = sorted(p.parent.name for p in folder.glob("*/index.html"))
    if not found:
        raise SystemExit(f"{folder} holds no page: build the site first (make site)")
    return found[0]


def site_pages(site: Path) -> dict[str, str]:
    """Shot name -> path under the site, for the four pages a reviewer looks at."""
    return {
        "home": "",
        "case-study": f"case-studies/{_first_folder(site / 'case-studies')}/",
        "theme": f"themes/{_first_folder(site / 'themes')}/",
        "working-together": "working-together/",
    }


def shoot_site(site: Path, out: Path) -> list[Path]:
    """Full-page PNGs of :func:`site_pages` at each of :data:`WIDTHS`."""
    from playwright.sync_api import sync_playwright

    written = []
    with served(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for width, height in WIDTHS.values():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in site_pages(site).items():
                    page.goto(address + path, wait_until="networkidle")
                    target = out / f"site-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def pdf_pages(pdf: Path) -> dict[str, list[int]]:
    """Shot name -> 1-based pages: cover, contents, first chapter opener, first case study spread."""
    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader

    from generator.pdf.check import start_pages

    starts = start_pages(PdfReader(pdf))
    chapter = min(page for name, page in starts.items() if name.startswith("ch-"))
    case = min(page for name, page in starts.items() if name.startswith("cs-"))
    return {
        "cover": [1],
        "contents": [starts["contents"]],
        "chapter-opener": [chapter],
        "case-study-spread": [case, case + 1],
    }


def shoot_pdf(pdf: Path, out: Path) -> list[Path]:
    """PNGs of :func:`pdf_pages`; a spread is its pages side by side in one PNG."""
    from PIL import Image

    written = []
    with tempfile.TemporaryDirectory() as work:
        for name, pages in pdf_pages(pdf).items():
            images = []
            for number in pages:
                prefix = Path(work) / f"{name}-{number}"
                subprocess.run(
                    [
                        *("pdftoppm", "-png", "-r", str(RESOLUTION), "-singlefile"),
                        *("-f", str(number), "-l", str(number), str(pdf), str(prefix)),
                    ],
                    check=True,
                )
                images.append(Image.open(f"{prefix}.png").convert("RGB"))
            gap = 16
            width = sum(i.width for i in images) + gap * (len(images) - 1)
            sheet = Image.new("RGB", (width, max(i.height for i in images)), "#d0d4da")
            x = 0
            for image in images:
                sheet.paste(image, (x, 0))
                x += image.width + gap
            target = out / f"pdf-{name}.png"
            sheet.save(target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--pdf", type=Path, help=f"the publication (default SITE/{PDF_FILE})")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where to write")
    args = parser.parse_args(argv)
    pdf = args.pdf or args.site / PDF_FILE
    if not (args.site / "index.html").is_file() or not pdf.is_file():
        print(f"No built site in {args.site} (or no {pdf.name}): run make site first.")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    written = shoot_site(args.site, args.out) + shoot_pdf(pdf, args.out)
    print(f"Wrote {len(written)} screenshots to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
