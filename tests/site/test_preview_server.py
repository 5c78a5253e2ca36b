"""``publication serve --drafts`` for real: a server on 127.0.0.1, read over HTTP.

What the editor sees in the terminal (the address, a line per rebuild naming
the file, each problem as ``file:line:col``, word when all is valid again) and
in the browser (a case study whose fields cannot be read keeps its address and
lists its own problems there, not a 404), on a copy of the example project.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_helpers import ROOT

pytestmark = pytest.mark.slow

STORY = "casestudies/glenmoyle-surgery-text-reminders.md"
ADDRESS = re.compile(r"^Preview at (http://127\.0\.0\.1:\d+/) — press Ctrl\+C to stop$", re.M)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """The status and text of a page; a 404 is an answer, not a failure."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


class Terminal:
    """What the server has printed, read from the file it prints to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = 0

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def wait_for(self, pattern: str, seconds: float = 20) -> re.Match[str]:
        """The first match of ``pattern`` printed after the last one waited for."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.text()
            match = re.compile(pattern, re.M).search(text, self.seen)
            if match:
                self.seen = match.end()
                return match
            time.sleep(0.1)
        raise AssertionError(f"never printed {pattern!r}; the terminal said:\n{self.text()}")


def _rebuilt(path: str) -> str:
    """The line a rebuild after saving ``path`` prints; groups: pages changed, in all."""
    return (
        rf"^Rebuilt in \d+\.\d s after a change to {re.escape(path)}; (\d+) of (\d+) pages changed$"
    )


def _wait_for_page(url: str, text: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, page = _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status, page = 0, ""
        if status == 200 and text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} never served {text!r}")


def _serve(tmp_path: Path) -> tuple[Path, int, subprocess.Popen[bytes], Terminal]:
    """``publication serve --drafts`` on a copy of the example project."""
    root = tmp_path / "project"
    for name in ("casestudies", "content"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    port = _free_port()
    log = tmp_path / "terminal.txt"
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--drafts"]
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=output, stderr=subprocess.STDOUT
        )
    return root, port, server, Terminal(log)


def test_the_preview_talks_and_keeps_a_broken_case_studys_page(tmp_path: Path) -> None:
    root, port, server, terminal = _serve(tmp_path)
    try:
        base = terminal.wait_for(ADDRESS.pattern).group(1)
        assert base == f"http://127.0.0.1:{port}/"
        page_url = base + "case-studies/glenmoyle-surgery-text-reminders/"
        _wait_for_page(page_url, "Text message reminders")

        story = root / STORY
        valid = story.read_text(encoding="utf-8")
        story.write_text(valid.replace("title: ", "title: Phones: ", 1), encoding="utf-8")
        terminal.wait_for(
            rf"^Rebuilt in \d+\.\d s after a change to {re.escape(STORY)}; \d+ of \d+ pages changed$"
        )
        problem = terminal.wait_for(rf"^{re.escape(STORY)}:2:\d+: error: .*\[yaml-syntax\]$")
        page = _wait_for_page(page_url, "cannot be shown yet")
        assert STORY in page and "[yaml-syntax]" in page and f"{STORY}:2:" in page
        assert "phone-outside-contact" not in terminal.text() + page, "no knock-on findings"
        status, home = _get(base)
        assert status == 200 and "cs-problems" in home, "every page lists the problem"

        story.write_text(valid, encoding="utf-8")
        terminal.wait_for(
            rf"^Rebuilt in \d+\.\d s after a change to {re.escape(STORY)}; \d+ of \d+ pages changed$"
        )
        terminal.wait_for(r"^All case studies valid again$")
        page = _wait_for_page(page_url, "Text message reminders")
        assert "cs-problems" not in page and "cannot be shown" not in page
        assert server.poll() is None, "the server kept running throughout"
    finally:
        server.terminate()
        server.wait(timeout=30)
    said = terminal.text()
    assert "INFO" not in said and "Building documentation" not in said, said
    assert problem.group(0) in said


def _case_studies_in_search(base: str) -> set[str]:
    status, text = _get(base + "search/search_index.json")
    assert status == 200
    locations = {entry["location"] for entry in json.loads(text)["docs"]}
    return {
        loc.split("#")[0]
        for loc in locations
        if loc.startswith("case-studies/") and loc.count("/") >= 2
    }


def test_an_edit_lays_out_only_what_it_changed_and_the_preview_stays_whole(tmp_path: Path) -> None:
    """A rebuild lays out again only the pages an edit changed (the rest are as the
    last build wrote them), yet search still finds every case study, the listings
    show the edit, and a deleted case study's page is gone."""
    root, _, server, terminal = _serve(tmp_path)
    gone = "casestudies/fennimore-surgery-text-results.md"
    try:
        base = terminal.wait_for(ADDRESS.pattern).group(1)
        page_url = base + "case-studies/glenmoyle-surgery-text-reminders/"
        _wait_for_page(page_url, "Text message reminders")
        before = _case_studies_in_search(base)
        assert len(before) >= 13

        story = root / STORY
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("title: ", "title: Revised and ", 1), encoding="utf-8")
        changed, total = map(int, terminal.wait_for(_rebuilt(STORY)).groups())
        assert changed < total / 2, (changed, total)
        _wait_for_page(page_url, "Revised and ")
        _wait_for_page(base + "case-studies/", "Revised and ")
        _wait_for_page(base + "themes/patient-information/", "Revised and ")
        assert _case_studies_in_search(base) == before
        _, index = _get(base + "search/search_index.json")
        assert "Revised and " in index

        (root / gone).unlink()
        terminal.wait_for(rf"^Rebuilt in \d+\.\d s after a change to {re.escape(gone)}")
        assert _get(base + "case-studies/fennimore-surgery-text-results/")[0] == 404
        assert _case_studies_in_search(base) == before - {
            "case-studies/fennimore-surgery-text-results/"
        }
        _, listing = _get(base + "case-studies/")
        assert "fennimore-surgery-text-results" not in listing
    finally:
        server.terminate()
        server.wait(timeout=30)
