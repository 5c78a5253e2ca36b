"""The site engines' contract (generator/engines/__init__.py) and the orchestrator's date."""

from __future__ import annotations

import datetime as dt
import importlib.util
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_date
from generator.core.errors import BuildFailed
from generator.core.load import load_publication
from generator.engines import ENGINES, BuildSite, engine

from .conftest import ROOT


def test_every_engine_offers_the_same_build_site() -> None:
    """The orchestrator calls every engine the same way."""
    expected = inspect.signature(BuildSite.__call__)
    for name in ENGINES:
        if name != "mkdocs" and importlib.util.find_spec(name) is None:
            continue  # an optional engine this machine does not have
        build_site = engine(name)
        ours = inspect.signature(build_site)
        assert list(ours.parameters) == [p for p in expected.parameters if p != "self"], name
        assert ours.parameters["strict"].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_an_engine_that_is_not_installed_stops_the_build_touching_nothing(
    tmp_path: Path,
) -> None:
    """``--engine zensical`` without Zensical: exit 1, how to install it, no output."""
    root = tmp_path / "project"
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    # Zensical made unimportable in this one process, as on a machine without it.
    code = (
        "import sys; sys.modules['zensical'] = None; "
        "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    out = tmp_path / "site"
    command = [sys.executable, "-c", code, "--root", str(root), "build", "--engine", "zensical"]
    result = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert (
        "publication build: the Zensical engine is not installed: pip install .[zensical]"
        in result.stderr
    )
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_an_unknown_engine_is_refused_by_name() -> None:
    with pytest.raises(BuildFailed, match="unknown engine 'hugo'"):
        engine("hugo")


# -- the build date: one function decides it -----------------------------------

PUBLICATION = load_publication(ROOT)


def test_source_date_epoch_is_the_date() -> None:
    date = build_date(ROOT, PUBLICATION, {"SOURCE_DATE_EPOCH": "1400000000"})
    assert date == dt.datetime(2014, 5, 13, 16, 53, 20, tzinfo=dt.UTC)


def test_a_date_that_is_not_seconds_is_refused() -> None:
    with pytest.raises(BuildFailed, match="SOURCE_DATE_EPOCH must be a whole number"):
        build_date(ROOT, PUBLICATION, {"SOURCE_DATE_EPOCH": "next Tuesday"})


def test_in_git_it_is_the_last_commits_date() -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    date = build_date(ROOT, PUBLICATION, {})
    # A commit may land between the two reads; the date is never the clock's.
    assert date >= dt.datetime.fromtimestamp(int(commit), dt.UTC)
    assert date.tzinfo is dt.UTC


def test_outside_git_it_is_the_newest_case_studys_date(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    newest = max(c.updated or c.submitted for c in PUBLICATION.case_studies)
    date = build_date(tmp_path, PUBLICATION, environ)
    assert date == dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
