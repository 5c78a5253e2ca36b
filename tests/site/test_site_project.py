"""Builds of small throwaway projects: drafts, invalid input, the live-preview watch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_helpers import ROOT

from generator.build import build
from generator.core.errors import InvalidInput

pytestmark = pytest.mark.slow

KEPT = ("glenmoyle-surgery-text-reminders.md", "kirkhallow-health-centre-call-queuing")


def _project(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    """The real mkdocs.yml and content pages with two real case studies."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in KEPT:
        source = ROOT / "casestudies" / name
        target = root / "casestudies" / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    for rel, text in (extra or {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _draft_text() -> str:
    text = (ROOT / "casestudies" / KEPT[0]).read_text(encoding="utf-8")
    return text.replace("status: published", "status: draft", 1).replace(
        "title: Text message reminders", "title: A draft about text message reminders", 1
    )


def test_drafts_are_built_only_when_asked_and_clearly_marked(tmp_path: Path) -> None:
    root = _project(tmp_path, {"casestudies/a-draft-surgery.md": _draft_text()})
    published = build(root, tmp_path / "published", pdf=False)
    assert not (tmp_path / "published/case-studies/a-draft-surgery").exists()
    assert "Preview with drafts" not in (tmp_path / "published/index.html").read_text()

    preview = build(root, tmp_path / "preview", drafts=True, pdf=False)
    assert preview.case_studies == published.case_studies + 1
    page = (tmp_path / "preview/case-studies/a-draft-surgery/index.html").read_text()
    assert "this case study is not published" in page
    for html in (tmp_path / "preview").rglob("*.html"):
        assert "Preview with drafts" in html.read_text(encoding="utf-8"), html
    listing = (tmp_path / "preview/case-studies/index.html").read_text()
    assert '<strong class="cs-badge">Draft</strong>' in listing


def test_invalid_case_studies_fail_the_build_listing_every_problem(tmp_path: Path) -> None:
    bad = _draft_text().replace("status: draft", "status: published", 1)
    bad = bad.replace("themes:", "themse:", 1).replace("consent: true", "consent: maybe", 1)
    root = _project(tmp_path, {"casestudies/broken-surgery.md": bad})
    with pytest.raises(InvalidInput) as raised:
        build(root, tmp_path / "site", pdf=False)
    lines = [p.format() for p in raised.value.problems if p.severity == "error"]
    assert len(lines) >= 2
    assert all(line.startswith("casestudies/broken-surgery.md:") for line in lines)
    assert not (tmp_path / "site" / "index.html").exists()

    # Plain `mkdocs build` fails too, and prints every problem line.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "cli")],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PUBLICATION_PDF": "false", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    for line in lines:
        assert line in result.stderr + result.stdout


def test_serve_watches_case_studies_and_themes(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    root = _project(tmp_path)
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["listening-to-patients"]
    config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        plugin.on_serve(server, config=config, builder=lambda: None)
        watched = {Path(p) for p in server._watched_paths}
    finally:
        server.server_close()
    assert root / "casestudies" in watched
    assert root / "content" / "themes.yml" in watched


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_live_preview_rebuilds_when_a_case_study_changes(tmp_path: Path) -> None:
    """``publication serve``: a real server on 127.0.0.1 picks up an edit."""
    root = _project(tmp_path)
    port = _free_port()
    code = (
        "from pathlib import Path; from generator.engines.mkdocs.run import serve_site; "
        f"serve_site(Path({str(root)!r}), dev_addr='127.0.0.1:{port}')"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/case-studies/glenmoyle-surgery-text-reminders/"
        assert _wait_for(url, "Text message reminders", 90), "the preview never served the page"
        assert not (root / "site").exists(), "a preview writes nothing into the project"
        story = root / "casestudies" / KEPT[0]
        text = story.read_text(encoding="utf-8")
        story.write_text(
            text.replace("title: Text message reminders", "title: Edited text reminders", 1),
            encoding="utf-8",
        )
        assert _wait_for(url, "Edited text reminders", 90), "the edit never reached the preview"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_publication_serve_shows_drafts_and_the_problems_of_an_invalid_edit(
    tmp_path: Path,
) -> None:
    """``publication serve --drafts``, a real server on 127.0.0.1: drafts with their
    banner; an invalid edit listed in the terminal and on every page while the
    server keeps serving; the fix brings the page back."""
    root = _project(tmp_path, {"casestudies/a-draft-surgery.md": _draft_text()})
    port = _free_port()
    terminal = tmp_path / "terminal.txt"
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--drafts"]
    with terminal.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        draft = base + "case-studies/a-draft-surgery/"
        assert _wait_for(draft, "A draft about text message reminders", 90), "no draft served"
        page = _fetch(draft) or ""
        assert "Preview with drafts" in page and "this case study is not published" in page

        story = root / "casestudies" / KEPT[0]
        valid = story.read_text(encoding="utf-8")
        story.write_text(valid.replace("themes:", "themse:", 1), encoding="utf-8")
        problem = f"casestudies/{KEPT[0]}:"
        assert _wait_for(base, "unknown-field", 90), "the problems never reached the page"
        for url in (base, base + "themes/", draft):
            shown = _fetch(url) or ""
            assert problem in shown and 'class="admonition failure cs-problems"' in shown, url
            assert 'href="' in shown and "contribute/guide/#rule-unknown-field" in shown, url
        assert server.poll() is None, "the server kept running"
        assert _wait_for(draft, "A draft about text message reminders", 5), "the rest still shows"

        story.write_text(valid, encoding="utf-8")
        assert _wait_for_absent(base, "cs-problems", 90), "the fix never cleared the problems"
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = terminal.read_text(encoding="utf-8")
    assert problem in logged and "[unknown-field]" in logged, logged[-2000:]


def _wait_for_absent(url: str, text: str, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text not in page:
            return True
        time.sleep(0.5)
    return False


def test_a_plain_build_still_fails_where_a_preview_would_show_problems(tmp_path: Path) -> None:
    """The preview's leniency belongs to ``serve`` alone."""
    bad = _draft_text().replace("themes:", "themse:", 1)
    root = _project(tmp_path, {"casestudies/broken-surgery.md": bad})
    with pytest.raises(InvalidInput):
        build(root, tmp_path / "site", drafts=True, pdf=False)
