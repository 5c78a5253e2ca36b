"""The ``publication`` commands: every command and exit status, in throwaway projects.

Most tests call :func:`generator.cli.main` in this process (fast, and the output
is captured); a few run a real subprocess where the process itself matters:
start-up imports and ``--help``.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import COMMANDS, main
from generator.core.load import load_publication
from generator.core.schema import SCHEMA_FILE

from .conftest import GOLDEN, ROOT

VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
INVALID = (GOLDEN / "cases" / "many-problems.md").read_text(encoding="utf-8")
PNG = b"\x89PNG\r\n\x1a\n"


def run(root: Path, *argv: str) -> int:
    return main(["--root", str(root), *argv])


def tree(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with a hash of its content."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        state[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return state


# --- validate -----------------------------------------------------------------


def test_validate_valid_project_exits_0(make_project, capsys) -> None:
    root = make_project({"casestudies/ok.md": VALID})
    assert run(root, "validate") == 0
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"Checked 1 case study file in \d+\.\d\d s: 0 errors, 0 warnings; valid\.\n", out
    )


def test_validate_reports_every_problem_and_exits_1(make_project, capsys) -> None:
    root = make_project({"casestudies/many-problems.md": INVALID, "casestudies/ok.md": VALID})
    assert run(root, "validate") == 1
    lines = capsys.readouterr().out.splitlines()
    expected = (GOLDEN / "cases" / "many-problems.expected").read_text().splitlines()
    assert lines[:-1] == expected
    assert lines[-1].startswith("Checked 2 case study files in ")
    assert lines[-1].endswith(f": {len(expected)} errors, 0 warnings; not valid.")


def test_validate_wrong_use_exits_2(make_project, capsys) -> None:
    root = make_project({"casestudies/ok.md": VALID})
    assert run(root, "validate", "casestudies/nothing-here.md") == 2
    assert "no such file or folder: casestudies/nothing-here.md" in capsys.readouterr().err
    assert run(root, "validate", "--format", "xml") == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
    assert main([]) == 2
    assert main(["no-such-command"]) == 2
    capsys.readouterr()
    assert main(["--root", str(root / "nowhere"), "validate"]) == 2
    assert capsys.readouterr().err == (
        f"publication validate: --root {root / 'nowhere'}: no such folder\n"
    )


def test_validate_paths_limit_the_report(make_project, capsys, monkeypatch) -> None:
    root = make_project({"casestudies/bad.md": INVALID, "casestudies/ok.md": VALID})
    monkeypatch.chdir(root)
    assert run(root, "validate", "casestudies/ok.md") == 0
    assert run(root, "validate", "casestudies/bad.md") == 1
    assert run(root, "validate", "casestudies") == 1


def _warning_only_project(make_project) -> Path:
    return make_project(
        {
            "casestudies/story/index.md": VALID,
            "casestudies/story/unused.png": PNG,
        }
    )


def test_warnings_pass_unless_strict(make_project, capsys) -> None:
    root = _warning_only_project(make_project)
    assert run(root, "validate") == 0
    out = capsys.readouterr().out
    assert "casestudies/story/unused.png:1:1: warning: nothing in" in out
    assert out.rstrip().endswith("0 errors, 1 warning; valid.")
    assert run(root, "validate", "--strict") == 1
    assert capsys.readouterr().out.rstrip().endswith("0 errors, 1 warning; not valid.")


def test_format_json_is_json_with_every_problem(make_project, capsys) -> None:
    root = make_project({"casestudies/many-problems.md": INVALID})
    assert run(root, "validate", "--format", "json") == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)  # the summary goes to stderr, not into the JSON
    problems = load_publication(root, drafts=True).problems
    assert report["valid"] is False
    assert report["files"] == 1
    assert report["errors"] == len(problems)
    assert report["warnings"] == 0
    assert report["problems"] == [
        {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "rule": p.rule,
            "message": p.message,
        }
        for p in problems
    ]
    assert captured.err.startswith("Checked 1 case study file in ")


def test_format_json_of_a_valid_project(make_project, capsys) -> None:
    root = _warning_only_project(make_project)
    assert run(root, "validate", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert [p["rule"] for p in report["problems"]] == ["unused-image"]
    assert report["problems"][0]["severity"] == "warning"


GITHUB = re.compile(
    r"::(?P<severity>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),"
    r"col=(?P<col>\d+),title=(?P<title>[a-z0-9-]+)::(?P<message>[^\r\n]+)"
)


def test_format_github_annotations(make_project, capsys) -> None:
    root = make_project(
        {
            "casestudies/many-problems.md": INVALID,
            "casestudies/story/index.md": VALID,
            "casestudies/story/unused.png": PNG,
        }
    )
    assert run(root, "validate", "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    annotations, summary = lines[:-1], lines[-1]
    problems = load_publication(root, drafts=True).problems
    assert len(annotations) == len(problems)
    for line, problem in zip(annotations, problems, strict=True):
        match = GITHUB.fullmatch(line)
        assert match, line
        assert match["severity"] == problem.severity
        assert match["file"] == problem.path
        assert (int(match["line"]), int(match["col"])) == (problem.line, problem.column)
        assert match["title"] == problem.rule
        assert match["message"] == problem.message.replace("%", "%25")
    assert summary.startswith("Checked 2 case study files")


def test_github_escapes_what_would_break_an_annotation() -> None:
    from generator.cli import format_problem
    from generator.core.model import Problem

    problem = Problem("casestudies/a,b:c.md", 3, 4, "error", "raw-html", "50% done\nnext")
    assert format_problem(problem, "github") == (
        # A line break in a message is shown escaped by Problem itself (one line everywhere).
        "::error file=casestudies/a%2Cb%3Ac.md,line=3,col=4,title=raw-html::50%25 done\\nnext"
    )


def test_validate_writes_nothing(make_project, capsys) -> None:
    root = make_project(
        {
            "casestudies/many-problems.md": INVALID,
            "casestudies/ok.md": VALID,
            "casestudies/story/index.md": VALID,
            "casestudies/story/unused.png": PNG,
        }
    )
    before = tree(root)
    for fmt in ("text", "json", "github"):
        run(root, "validate", "--format", fmt)
    run(root, "validate", "--strict")
    assert tree(root) == before


def test_internal_error_is_a_message_not_a_traceback(make_project, capsys, monkeypatch) -> None:
    import generator.core.load

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(generator.core.load, "check_publication", broken)
    root = make_project({"casestudies/ok.md": VALID})
    assert run(root, "validate") == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err
    assert "Traceback" not in err


# --- new ----------------------------------------------------------------------


def test_new_writes_a_draft_that_validates(make_project, capsys) -> None:
    root = make_project()
    assert run(root, "new", "St Mary's Surgery & Clinic") == 0
    path = root / "casestudies" / "st-marys-surgery-and-clinic.md"
    assert path.is_file()
    assert "Wrote " in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text
    assert 'name: "St Mary\'s Surgery & Clinic"' in text
    publication = load_publication(root, drafts=True)
    # Only warnings that the template's example texts are still to be replaced.
    assert {(p.severity, p.rule) for p in publication.problems} == {("warning", "template-text")}
    assert [c.slug for c in publication.case_studies] == ["st-marys-surgery-and-clinic"]
    assert run(root, "validate") == 0
    assert run(root, "validate", "--strict") == 1


def test_new_with_theme_nation_and_folder(make_project, capsys) -> None:
    root = make_project()
    argv = ["new", "Ysgol Road Surgery", "--theme", "patient-feedback", "--nation", "Wales"]
    assert run(root, *argv, "--folder") == 0
    path = root / "casestudies" / "ysgol-road-surgery" / "index.md"
    case = load_publication(root, drafts=True).case_studies[0]
    assert path.is_file()
    assert case.themes == ("patient-feedback",)
    assert case.practice.nation == "Wales"
    assert case.status == "draft"


@pytest.mark.parametrize(
    "existing", ["casestudies/example-surgery.md", "casestudies/example-surgery/index.md"]
)
@pytest.mark.parametrize("folder", [False, True])
def test_new_refuses_to_overwrite_either_form(make_project, capsys, existing, folder) -> None:
    root = make_project({existing: VALID})
    before = tree(root)
    argv = ["new", "Example Surgery", *(["--folder"] if folder else [])]
    assert run(root, *argv) == 1
    captured = capsys.readouterr()
    assert "already exists; edit it, or give a longer name" in captured.err
    assert "Nothing was written." in captured.out
    assert tree(root) == before


def test_new_unknown_theme_or_nation_has_did_you_mean(make_project, capsys) -> None:
    root = make_project()
    assert run(root, "new", "Example Surgery", "--theme", "telephny") == 1
    assert "unknown theme 'telephny'; did you mean 'telephony'?" in capsys.readouterr().err
    assert run(root, "new", "Example Surgery", "--nation", "Scotlnd") == 1
    assert "did you mean 'Scotland'?" in capsys.readouterr().err
    assert run(root, "new", "Example Surgery", "--nation", "northern ireland") == 1
    assert "did you mean 'Northern Ireland'?" in capsys.readouterr().err
    assert list((root / "casestudies").iterdir()) == []


def test_new_refuses_a_name_without_letters(make_project, capsys) -> None:
    root = make_project()
    assert run(root, "new", "!!!") == 1
    assert "needs some letters or digits" in capsys.readouterr().err


# --- schema -------------------------------------------------------------------


def test_schema_prints_the_shipped_file(capsys) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert out == SCHEMA_FILE.read_text(encoding="utf-8")


# --- build (only what validation decides) -------------------------------------


def test_build_of_an_invalid_project_exits_1_and_keeps_site(make_project, capsys) -> None:
    root = make_project({"casestudies/many-problems.md": INVALID})
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the previous build</p>", encoding="utf-8")
    before = tree(root)
    assert run(root, "build", "--no-pdf") == 1
    err = capsys.readouterr().err
    assert "casestudies/many-problems.md:3:1: error: unknown field 'themse'" in err
    assert "nothing was published" in err
    assert tree(root) == before


# --- help and start-up ----------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str, capsys) -> None:
    doc = COMMANDS[command].__doc__
    assert doc and doc.strip(), f"{command} has no docstring"
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: publication {command}")
    assert inspect.cleandoc(doc) in out  # the whole docstring, as written


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0
    for command, function in COMMANDS.items():
        assert command in done.stdout
        assert (function.__doc__ or "").strip().split("\n", 1)[0][:40] in done.stdout


def _command_entries(help_text: str) -> dict[str, str]:
    """Each command's entry in ``publication --help``, its wrapped lines joined."""
    entries: dict[str, str] = {}
    listing = help_text.split("\n  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    for line in listing.splitlines():
        words = line.split()
        if line.startswith("    ") and not line.startswith("     ") and words[0] in COMMANDS:
            command = words[0]
            entries[command] = " ".join(words[1:])
        else:
            entries[command] = f"{entries[command]} {' '.join(words)}".strip()
    return entries


def test_top_level_help_gives_each_command_a_whole_sentence() -> None:
    """Each entry is the docstring's first sentence, all of it: it ends a sentence,
    and what follows it in the docstring starts a new one (or nothing does)."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "60"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    entries = _command_entries(done.stdout)
    assert set(entries) == set(COMMANDS)
    for command, function in COMMANDS.items():
        paragraph = " ".join(inspect.cleandoc(function.__doc__ or "").split("\n\n")[0].split())
        entry = entries[command]
        assert paragraph.startswith(entry), (command, entry)
        assert entry.endswith((".", "!", "?")), f"{command}: cut mid-sentence: {entry!r}"
        rest = paragraph[len(entry) :]
        assert rest == "" or re.match(r" [A-Z0-9]", rest), f"{command}: {entry!r} | {rest!r}"


def test_command_help_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0
    assert "--strict" in done.stdout and "--format" in done.stdout


def test_validate_does_not_import_mkdocs_or_weasyprint(make_project) -> None:
    root = make_project({"casestudies/ok.md": VALID, "casestudies/bad.md": INVALID})
    code = (
        "import generator.cli, sys\n"
        f"status = generator.cli.main(['--root', {str(root)!r}, 'validate'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'weasyprint', 'jinja2'))\n"
        "print('HEAVY', heavy, status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "HEAVY [] 1", done.stdout + done.stderr
