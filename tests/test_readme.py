"""The README and docs/ as a new editor follows them: every link and path leads
somewhere in a clone, every ``./publication`` command and option they name is
real, and the ``./publication`` wrapper runs the project's command (or says how
to set the project up)."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from generator.cli import COMMANDS, parser
from generator.core.fields import CASE_STUDY
from generator.pdf import PUBLICATION_FILE
from generator.site.pages import GUIDE_URL

from .conftest import ROOT

README = ROOT / "README.md"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
WRAPPER = ROOT / "publication"

LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)

MADE_BY_SET_UP_OR_BUILD = ("site/", ".venv/")
"""Paths the README names that a clone does not hold until `make site` has run."""
EXAMPLES = ("incoming/",)
"""Places the README gives as examples of where an editor might keep a draft."""


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


def _code(text: str) -> list[str]:
    """Inline code spans and the lines of fenced blocks, as an editor would copy them."""
    lines = [line.strip() for block in FENCE.findall(text) for line in block.splitlines()]
    return CODE.findall(FENCE.sub("", text)) + [line for line in lines if line]


def _ignored(path: Path) -> bool:
    """Ignored by git, so absent from a clone (false where git is not there to ask)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return False
    done = subprocess.run(
        ["git", "check-ignore", "-q", str(path)], cwd=ROOT, capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("document", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_every_relative_link_points_at_a_file_in_the_repository(document: Path) -> None:
    prose = CODE.sub("", FENCE.sub("", document.read_text(encoding="utf-8")))  # not examples
    targets = [t for t in LINK.findall(prose) if not re.match(r"[a-z]+:|#", t)]
    for target in targets:
        path = (document.parent / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(ROOT), f"{target}: outside the repository"
        assert path.exists(), f"{document.name}: {target} does not exist"
        assert not _ignored(path), f"{document.name}: {target} is not in a clone (ignored)"


@pytest.mark.parametrize("document", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_every_path_named_in_code_exists(document: Path) -> None:
    """A path in backticks (`content/themes.yml`) is one an editor may type: it must
    be there, unless a build makes it or it is a placeholder (`<slug>`)."""
    text = document.read_text(encoding="utf-8")
    assert "../shared" not in text, "the shared folder is not in a clone"
    paths = [
        token
        for token in CODE.findall(FENCE.sub("", text))
        if "/" in token
        and " " not in token
        and not token.startswith(("/", *MADE_BY_SET_UP_OR_BUILD, *EXAMPLES))
        and "<" not in token
        and "://" not in token
    ]
    assert paths or document.name != "README.md"
    for token in paths:
        assert (ROOT / token).exists(), f"{document.name}: `{token}` does not exist"


def _options(command: str) -> set[str]:
    main = parser()
    (subs,) = [a for a in main._actions if isinstance(a, argparse._SubParsersAction)]
    return set(subs.choices[command]._option_string_actions)


@pytest.mark.parametrize("document", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_every_publication_command_named_is_real(document: Path) -> None:
    """Each `./publication SUBCOMMAND --option` an editor may copy exists as written."""
    named = [
        shlex.split(code)
        for code in _code(document.read_text(encoding="utf-8"))
        if code.startswith("./publication ")
    ]
    if document == README:
        assert {words[1] for words in named} >= {"new", "validate", "serve", "build", "report"}
    for words in named:
        command = words[1]
        if command == "COMMAND":  # the README's own placeholder, as in `COMMAND --help`
            continue
        assert command in COMMANDS, f"{document.name}: ./publication {command} is not a command"
        unknown = {w for w in words[2:] if w.startswith("--")} - _options(command)
        assert not unknown, f"{document.name}: ./publication {command} has no {unknown}"


def test_the_readme_starts_with_the_two_commands_then_an_editors_day() -> None:
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:2] == ["The two commands", "An editor's day"]
    day = text.split("## An editor's day\n", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^(\d+)\. \*\*([^*]+)\*\*", day, re.M)
    assert [title for _, title in steps] == [
        "Start a case study",
        "Check it",
        "Preview it",
        "Send it for review",
        "Publish it",
        "Build",
        "Commit",
    ]
    assert [int(n) for n, _ in steps] == list(range(1, 8))
    for command in (
        './publication new "Practice name" --theme telephony --nation Wales',
        "./publication validate casestudies/<slug>.md",
        "./publication serve --drafts",
        "status: review",
        "consent: true",
        "status: published",
        "make site",
        "git add casestudies/<slug>.md && git commit",
    ):
        assert command in day, command


def test_the_readme_says_where_the_outputs_and_the_guide_are() -> None:
    """The addresses follow the code: moving the guide or renaming the PDF fails here
    until the README says where they went."""
    text = README.read_text(encoding="utf-8")
    assert f"`site/{PUBLICATION_FILE}`" in text
    assert "`site/index.html`" in text
    assert "python3 -m http.server -d site" in text
    assert f"`site/{GUIDE_URL}index.html`" in text
    assert f"<http://127.0.0.1:8000/{GUIDE_URL}>" in text
    assert ".venv/bin/pip install pre-commit" in text


def test_the_format_document_names_every_field() -> None:
    """docs/casestudy-format.md is the contract with editors: every field the
    validator knows is in it."""
    text = (ROOT / "docs" / "casestudy-format.md").read_text(encoding="utf-8")
    for field in CASE_STUDY.fields:  # `practice` as its parts: `practice.name`...
        assert f"`{field.name}`" in text or f"`{field.name}." in text, field.name
    for field in CASE_STUDY.field("practice").fields:
        assert f"`practice.{field.name}`" in text, field.name


# --- the ./publication wrapper -------------------------------------------------------


def test_the_wrapper_is_an_executable_posix_script() -> None:
    assert WRAPPER.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert WRAPPER.stat().st_mode & stat.S_IXUSR
    assert subprocess.run(["sh", "-n", str(WRAPPER)], check=False).returncode == 0
    if shutil.which("git") and (ROOT / ".git").exists():
        staged = subprocess.run(
            ["git", "ls-files", "-s", "publication"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        assert staged.startswith("100755 "), "commit ./publication with its executable bit"


@pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "publication").exists(), reason="no .venv: run make site"
)
def test_the_wrapper_runs_the_projects_command_with_the_arguments_as_given(
    make_project,
) -> None:
    root = make_project()
    done = subprocess.run(
        ["./publication", "--root", str(root), "new", "Two  Words Surgery", "--nation", "Wales"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "casestudies" / "two-words-surgery.md").is_file()
    done = subprocess.run(
        ["./publication", "--root", str(root), "validate", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1  # the template's text is a warning in a draft
    assert "Checked 1 case study file" in done.stdout


@pytest.mark.parametrize("shell", ["sh", "dash", "bash"])
def test_the_wrapper_without_a_venv_says_to_run_make_site(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell} here")
    copy = tmp_path / "publication"
    shutil.copy2(WRAPPER, copy)
    for argv in ([str(copy), "validate"], [shell, str(copy), "validate"]):
        done = subprocess.run(
            argv,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PATH": os.environ["PATH"]},
            check=False,
        )
        assert done.returncode == 127
        assert done.stdout == ""
        assert "run 'make site' first" in done.stderr
