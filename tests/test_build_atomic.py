"""Builds that never lose anything: a failed build leaves the previous site/ as it was.

Each fault is made for real: the process killed mid-build, a disk that fills
(a file-size limit on the build process), a read-only output folder. Each test
works on its own copy of the example project.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

PROJECT_PARTS = ("mkdocs.yml", "content", "casestudies", "generator")


def _copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, dest / part)
    return dest


def _run(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1400000000", "CI": "true"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        **kwargs,
    )


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the project with a site already built (no PDF, for speed)."""
    root = _copy_project(tmp_path_factory.mktemp("atomic") / "project")
    result = _run(root, "--no-pdf")
    assert result.returncode == 0, result.stderr
    return root, _snapshot(root / "site")


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


def test_killed_build_leaves_the_previous_site(built: tuple[Path, dict[str, str]]) -> None:
    root, before = built
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1400000000", "CI": "true"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    staging = root / f".site.building-{process.pid}"
    deadline = time.monotonic() + 60
    # Kill it once it is writing the new site: the staging folder has files in it.
    while time.monotonic() < deadline and process.poll() is None:
        if staging.is_dir() and any(staging.rglob("*.html")):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _snapshot(root / "site") == before
    # The next build clears what the killed one left and succeeds.
    result = _run(root, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert _leftovers(root) == []
    assert _snapshot(root / "site") == before


def _limit_file_size() -> None:
    """In the child: files may not grow past 64 KiB, as on a disk that is full."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_leaves_the_previous_site(built: tuple[Path, dict[str, str]]) -> None:
    root, before = built
    result = _run(root, "--no-pdf", preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "previous site/ is unchanged" in result.stderr
    assert _snapshot(root / "site") == before
    assert _leftovers(root) == []


def test_read_only_output_leaves_the_previous_site(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only folder needs root")
    root = _copy_project(tmp_path / "project")
    out = tmp_path / "mnt"
    out.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(out)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        first = _run(root, "--no-pdf", "--out", str(out / "site"))
        assert first.returncode == 0, first.stderr
        before = _snapshot(out / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        result = _run(root, "--no-pdf", "--out", str(out / "site"))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "Read-only" in result.stderr or "read-only" in result.stderr
        assert _snapshot(out / "site") == before
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_invalid_case_study_leaves_the_previous_site(built: tuple[Path, dict[str, str]]) -> None:
    root, before = built
    bad = root / "casestudies" / "zz-broken.md"
    bad.write_text("---\ntitle: Broken\n---\n", encoding="utf-8")
    try:
        result = _run(root, "--no-pdf")
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert "casestudies/zz-broken.md:" in result.stderr
    assert _snapshot(root / "site") == before


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Site, search index, sitemap and PDF: the same input gives the same bytes."""
    root = _copy_project(tmp_path / "project")
    first = _run(root, "--out", str(tmp_path / "one"))
    assert first.returncode == 0, first.stderr
    second = _run(root, "--out", str(tmp_path / "two"))
    assert second.returncode == 0, second.stderr
    one, two = _snapshot(tmp_path / "one"), _snapshot(tmp_path / "two")
    assert "listening-to-patients.pdf" in one
    assert "search/search_index.json" in one and "sitemap.xml" in one
    different = sorted(name for name in one if one.get(name) != two.get(name))
    assert different == [] and one.keys() == two.keys()


def test_ctrl_c_during_the_pdfs_stops_in_one_line_and_leaves_nothing(
    built: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Ctrl+C reaches every process of the build: the parent says it stopped, the
    PDF workers print nothing, and neither their fonts nor a staging folder stay."""
    root, before = built
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1400000000",
        "CI": "true",
        "TMPDIR": str(temporary),
        "LISTENING_PDF_WORKERS": "2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's job is
    )
    deadline = time.monotonic() + 60
    # Press Ctrl+C once the PDF workers are rendering: they have unpacked fonts.
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(temporary.glob("weasyprint-*"))) >= 2:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before Ctrl+C"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == "publication build: stopped; nothing was changed"
    assert _snapshot(root / "site") == before
    assert _leftovers(root) == []
    time.sleep(0.5)  # the workers' own exit, after the parent's
    assert list(temporary.iterdir()) == []
