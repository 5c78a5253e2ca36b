"""``zensical build`` over a staged work folder, and its site moved into place.

The work folder is a hidden folder inside ``site_dir``: outside the project,
on the same disk as the output (so the site is moved by renaming, not copied),
and gone with the orchestrator's staging folder if the build is killed.
Zensical wants its docs and output folders under its config file's folder, and
it empties its output folder first, so it builds into the work folder and the
result is merged into ``site_dir``, where the PDFs are already waiting.

Zensical runs in a child process (``python -m zensical`` of this interpreter):
its Rust core owns the process while it builds, and its output is captured so a
failure is one line naming the step, not a page of Zensical's report.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zensical

from ...core.errors import BuildFailed
from .. import Prepared, SiteReport, shell
from . import config, staging

CHECKED = "0.0.73"
"""The Zensical release the overrides and the extension were checked against
(``pip install zensical`` resolves to it here; later releases need a
``zensical-ui`` package the registry lacks)."""


def build_site(prepared: Prepared, site_dir: Path, *, strict: bool = False) -> SiteReport:
    """Build the website of ``prepared`` with Zensical into ``site_dir``.

    ``strict`` makes Zensical's own warnings fail the build. Entries already in
    ``site_dir`` (the build's stamp, the PDFs) are kept.
    """
    started = time.perf_counter()
    project = config.read_project(prepared.root)
    site_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".zensical-", dir=site_dir))
    try:
        staged = staging.stage(
            prepared.publication,
            root=prepared.root,
            project=project,
            downloads=prepared.downloads,
            work=work,
        )
        settings = config.zensical_config(
            project,
            prepared.publication,
            docs_dir=staged.docs.name,
            site_dir="site",
            overrides=staged.overrides,
            handoff=staged.handoff,
            date=prepared.date,
            drafts=prepared.drafts,
        )
        _zensical(config.write(settings, work / config.PROJECT_FILE), prepared, strict=strict)
        built = work / "site"
        count = _mend_pages(built)
        _merge(built, site_dir)
    except OSError as error:
        raise BuildFailed(
            f"The website was not built: could not stage or move the Zensical site "
            f"({error.strerror or error}: {error.filename or ''})"
        ) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SiteReport(site_dir=site_dir, pages=count, seconds=time.perf_counter() - started)


def _zensical(config_file: Path, prepared: Prepared, *, strict: bool) -> None:
    """Run ``zensical build`` on ``config_file``; a failure raises its last words."""
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config_file)]
    if strict:
        command.append("--strict")
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "SOURCE_DATE_EPOCH": str(int(prepared.date.timestamp())),
    }
    result = subprocess.run(
        command, cwd=config_file.parent, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise BuildFailed(
            f"The website was not built: zensical build (version {zensical.version()}) "
            f"failed: {_last_words(result.stdout + result.stderr)}"
        )


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _last_words(output: str) -> str:
    """The last line of Zensical's output that says something, without colours."""
    lines = [line.strip() for line in _ANSI.sub("", output).splitlines()]
    said = [line for line in lines if line.strip("│╭╰─ ")]
    return said[-1] if said else "no output"


def _mend_pages(built: Path) -> int:
    """Mend the shell of every page Zensical wrote (:mod:`generator.engines.shell`),
    where no block of its templates reaches; how many pages there are."""
    pages = 0
    for page in built.rglob("*.html"):
        pages += 1
        html = page.read_text(encoding="utf-8")
        mended = shell.mend(html)
        if mended != html:
            page.write_text(mended, encoding="utf-8")
    return pages


def _merge(source: Path, target: Path) -> None:
    """Move everything under ``source`` into ``target``, keeping what is there.

    A folder missing from ``target`` is moved whole (a rename); one present
    (``case-studies/``, where handouts wait) is merged file by file.
    """
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _merge(entry, destination)
        else:
            os.replace(entry, destination)
