"""Fixtures for the website's tests.

Models are built by hand here (with the real Markdown conversion) so the page
compiler can be tested without files; the gates build ONE example site per
session, from the project's own ``content/`` and ``casestudies/``, and every
test reads that.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from site_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    ParsedPage,
    make_case,
    make_publication,
    parse_site,
)

from generator.core.model import CaseStudy, Publication

SOURCE_DATE_EPOCH = "1400000000"
"""13 May 2014: the date the example site says it was built."""


@pytest.fixture
def case_factory() -> Callable[..., CaseStudy]:
    return make_case


@pytest.fixture
def publication_factory() -> Callable[..., Publication]:
    return make_publication


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's own example site, built once into a temporary folder by the
    orchestrator (``publication build --strict``): the PDF and the handouts too."""
    from generator.build import build

    site = tmp_path_factory.mktemp("example") / "site"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        build(ROOT, site, drafts=False, strict=True)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    yield site
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="session")
def parsed_site(example_site: Path) -> dict[str, ParsedPage]:
    return parse_site(example_site)


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    """The example site served on 127.0.0.1 for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
