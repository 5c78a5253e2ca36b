"""Output folders: a build replaces only what a build made, and refuses anything else.

Each case runs the real command on a copy of the example project and compares
every file and folder around the output before and after: a refusal touches
nothing (no staging folder either), and is quick because it comes before the
case studies are read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.output_folder import STAMP

from .conftest import GOLDEN, ROOT, write_project

EDITORS_FILES = {"notes.txt": "call the practice manager", "my-notes/letter.docx": "Dear Dr"}


def _copy_project(dest: Path) -> Path:
    """The example project's sources (not its built site), at ``dest``."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


def _write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under ``folder`` (hidden ones too), with file hashes."""
    state = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[rel] = f"link to {os.readlink(path)}"
        elif path.is_file():
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[rel] = "dir"
    return state


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1400000000")
    monkeypatch.setenv("CI", "true")
    return _copy_project(tmp_path / "project")


def _build(root: Path, out: str | Path) -> int:
    return main(["--root", str(root), "build", "--no-pdf", "--out", str(out)])


def _refused(capsys: pytest.CaptureFixture[str], command: str = "build") -> str:
    """The one line a refusal prints; it names the folder and says what to do."""
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"publication {command}: ")
    assert "nothing was changed" in lines[0]
    assert "Traceback" not in captured.err
    return lines[0]


# --- what a build may replace ---------------------------------------------------


def test_editors_files_in_the_output_are_kept(project: Path, tmp_path: Path, capsys) -> None:
    out = _write(tmp_path / "mine", EDITORS_FILES)
    before = _tree(tmp_path)
    assert _build(project, out) == 2
    message = _refused(capsys)
    assert str(out) in message or "mine" in message
    assert "--out" in message
    assert _tree(tmp_path) == before


def test_out_dot_in_a_clone_is_refused(project: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "casestudies" / "unsaved-work.md").write_text("not committed", encoding="utf-8")
    monkeypatch.chdir(project)
    before = _tree(tmp_path)
    assert main(["build", "--no-pdf", "--out", "."]) == 2
    assert "project folder" in _refused(capsys)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("marker", [".git", "casestudies", "content"])
def test_a_folder_holding_sources_is_refused_even_with_a_stamp(
    project: Path, tmp_path: Path, capsys, marker: str
) -> None:
    out = tmp_path / "other"
    (out / marker).mkdir(parents=True)
    (out / STAMP).write_text("made by publication build\n", encoding="utf-8")
    before = _tree(tmp_path)
    assert _build(project, out) == 2
    assert marker in _refused(capsys)
    assert _tree(tmp_path) == before


def test_a_folder_holding_the_project_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    before = _tree(tmp_path)
    assert _build(project, tmp_path) == 2
    assert "holds the project folder" in _refused(capsys)
    assert _tree(tmp_path) == before


def test_a_link_to_the_project_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    link = tmp_path / "link"
    link.symlink_to(project, target_is_directory=True)
    before = _tree(tmp_path)
    assert _build(project, link) == 2
    assert "project folder" in _refused(capsys)
    assert _tree(tmp_path) == before


def test_a_folder_inside_the_sources_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    before = _tree(tmp_path)
    assert _build(project, project / "casestudies" / "site") == 2
    assert "casestudies" in _refused(capsys)
    assert _tree(tmp_path) == before


def test_the_home_folder_is_refused_even_when_empty(
    project: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = _tree(tmp_path)
    assert _build(project, home) == 2
    assert "home folder" in _refused(capsys)
    assert _tree(tmp_path) == before


def test_the_root_of_the_file_system_is_refused(project: Path, capsys) -> None:
    before = sorted(p.name for p in Path("/").iterdir())
    assert _build(project, "/") == 2
    assert "root of the file system" in _refused(capsys)
    assert sorted(p.name for p in Path("/").iterdir()) == before


def test_a_file_is_not_an_output_folder(project: Path, tmp_path: Path, capsys) -> None:
    out = _write(tmp_path / "mine", EDITORS_FILES) / "notes.txt"
    before = _tree(tmp_path)
    assert _build(project, out) == 2
    assert "is a file" in _refused(capsys)
    assert _tree(tmp_path) == before


def test_a_refusal_reads_nothing(project: Path, tmp_path: Path, capsys) -> None:
    """The check comes first: even an unreadable project is not looked at."""
    (project / "casestudies" / "broken.md").write_bytes(b"\xff\xfe not a case study")
    out = _write(tmp_path / "mine", EDITORS_FILES)
    started = time.perf_counter()
    assert _build(project, out) == 2
    assert time.perf_counter() - started < 1.0
    assert "broken.md" not in capsys.readouterr().err


def test_a_new_folder_is_made_and_stamped(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "new" / "site"
    assert _build(project, out) == 0
    assert (out / "index.html").is_file()
    assert "publication build" in (out / STAMP).read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["site"]


def test_an_empty_folder_is_used(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert _build(project, out) == 0
    assert (out / "index.html").is_file() and (out / STAMP).is_file()


def test_a_stamped_folder_is_replaced(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    assert _build(project, out) == 0
    (out / "left-over.html").write_text("from an earlier build", encoding="utf-8")
    assert _build(project, out) == 0
    assert not (out / "left-over.html").exists()
    assert (out / "index.html").is_file() and (out / STAMP).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_the_default_site_is_built_twice(project: Path, capsys) -> None:
    assert main(["--root", str(project), "build", "--no-pdf"]) == 0
    assert main(["--root", str(project), "build", "--no-pdf"]) == 0
    assert (project / "site" / STAMP).is_file()


def test_an_old_unstamped_site_of_the_project_is_replaced(project: Path, capsys) -> None:
    """A site/ made before the stamp existed: only the kinds of file a build writes."""
    _write(project / "site", {"index.html": "<p>old</p>", "assets/a.css": "", "x/index.html": ""})
    assert main(["--root", str(project), "build", "--no-pdf"]) == 0
    assert (project / "site" / STAMP).is_file()
    assert not (project / "site" / "x").exists()


def test_an_old_site_holding_an_editors_file_is_refused(project: Path, capsys) -> None:
    _write(project / "site", {"index.html": "<p>old</p>", "notes.txt": "mine"})
    before = _tree(project)
    assert main(["--root", str(project), "build", "--no-pdf"]) == 2
    message = _refused(capsys)
    assert "site" in message and "delete it" in message
    assert _tree(project) == before


# --- the PDF alone ----------------------------------------------------------------


@pytest.fixture
def small_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One case study and the real content pages: a PDF in about a second."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1400000000")
    monkeypatch.setenv("CI", "true")
    valid = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
    (tmp_path / "project").mkdir()
    root = write_project(tmp_path / "project", {"casestudies/ok.md": valid})
    for page in (ROOT / "content").glob("*.md"):
        shutil.copy(page, root / "content" / page.name)
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    return root


def _pdf(root: Path, out: Path) -> int:
    return main(["--root", str(root), "pdf", "--out", str(out)])


def test_pdf_into_a_folder_is_refused(small_project: Path, tmp_path: Path, capsys) -> None:
    out = _write(tmp_path / "mine", EDITORS_FILES)
    before = _tree(tmp_path)
    assert _pdf(small_project, out) == 2
    assert "is a folder" in _refused(capsys, "pdf")
    assert _tree(tmp_path) == before


def test_pdf_over_a_file_that_is_not_a_pdf_is_refused(
    small_project: Path, tmp_path: Path, capsys
) -> None:
    out = _write(tmp_path / "mine", EDITORS_FILES) / "notes.txt"
    before = _tree(tmp_path)
    assert _pdf(small_project, out) == 2
    assert "not a PDF" in _refused(capsys, "pdf")
    assert _tree(tmp_path) == before


def test_pdf_replaces_a_pdf_and_stamps_a_folder_it_makes(
    small_project: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "new" / "publication.pdf"
    assert _pdf(small_project, out) == 0
    assert (tmp_path / "new" / STAMP).is_file()
    first = out.read_bytes()
    assert first.startswith(b"%PDF-")
    out.write_bytes(b"%PDF-1.7 an older publication")
    assert _pdf(small_project, out) == 0
    assert out.read_bytes() == first
    assert sorted(p.name for p in out.parent.iterdir()) == [STAMP, "publication.pdf"]


def _limit_file_size() -> None:
    """In the child: files may not grow past 16 KiB, as on a disk that is full."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


def _pdf_process(root: Path, out: Path, **kwargs) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1400000000", "CI": "true"}
    command = [sys.executable, "-m", "generator", "--root", str(root), "pdf", "--out", str(out)]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs
    )


def test_a_failed_pdf_write_keeps_the_previous_file(small_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "publication.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.7 the previous publication")
    before = _tree(tmp_path)
    process = _pdf_process(small_project, out, preexec_fn=_limit_file_size)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stdout + stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert "publication.pdf" in stderr and "unchanged" in stderr
    assert _tree(tmp_path) == before


def test_a_killed_pdf_write_keeps_the_previous_file(small_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "publication.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.7 the previous publication")
    process = _pdf_process(small_project, out)
    time.sleep(0.8)  # validated, and rendering
    assert process.poll() is None, "the PDF was written before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert out.read_bytes() == b"%PDF-1.7 the previous publication"
