"""The README's two commands on a fresh clone of a bare machine.

`make site` installs what it needs into a new .venv, validates, and builds the
website and the PDF. Before anything else both commands bring the system
packages from the one list in scripts/system-packages: they install the missing
ones as root or through `sudo -n`, and otherwise print the command to run and
stop. "Missing" is simulated with a package name that is not installed
(SYSTEM_PACKAGES_EXTRA), and installing with stand-in `apt-get` and `sudo`
commands that only record how they were called: nothing is installed here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-packages"
MISSING = "some-package-not-installed"
ON_DEBIAN = shutil.which("dpkg-query") is not None and shutil.which("apt-get") is not None
debian_only = pytest.mark.skipif(not ON_DEBIAN, reason="needs dpkg and apt-get (Debian or Ubuntu)")


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "SYSTEM_PACKAGES"))
    }
    env["CI"] = "true"
    env.update(extra)
    return env


def fresh_clone(tmp_path: Path) -> Path:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    assert not (clone / ".venv").exists()
    return clone


def system_packages(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        timeout=120,
        check=False,
    )


@debian_only
@pytest.mark.parametrize("which", ["build", "test"])
def test_every_system_package_is_present_here(which: str) -> None:
    """This machine has the real lists: check passes, and install has nothing to do."""
    result = system_packages("check", which)
    assert result.returncode == 0, result.stdout + result.stderr
    result = system_packages("install", which, SYSTEM_PACKAGES_INSTALL="never")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_lists() -> None:
    build = system_packages("list", "build", PYTHON="/nonexistent/python3").stdout.split()
    test = system_packages("list", "test", PYTHON="/nonexistent/python3").stdout.split()
    for pkg in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert pkg in build
    for pkg in ("chromium", "default-jre-headless", "poppler-utils", "qpdf", "git", "npm"):
        assert pkg in test and pkg not in build
    assert set(build) <= set(test)


@debian_only
def test_debians_own_python_needs_its_venv_package() -> None:
    python = Path("/usr/bin/python3")
    owned = (
        python.exists()
        and subprocess.run(
            ["dpkg-query", "-S", str(python.resolve())], capture_output=True, check=False
        ).returncode
        == 0
    )
    if not owned:
        pytest.skip("no Debian python3 here")
    version = subprocess.run(
        [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert (
        f"python{version}-venv"
        in system_packages("list", "build", PYTHON=str(python)).stdout.split()
    )
    # A Python that is not Debian's (pyenv, python.org, setup-python) makes venvs by itself.
    assert not any(
        p.endswith("-venv")
        for p in system_packages("list", "build", PYTHON="/nonexistent/python3").stdout.split()
    )


@debian_only
def test_make_site_without_a_way_to_install_names_the_command_and_stops(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    result = subprocess.run(
        ["make", "site"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=clean_env(SYSTEM_PACKAGES_EXTRA=MISSING, SYSTEM_PACKAGES_INSTALL="never"),
        timeout=120,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert f"Missing system packages to build: {MISSING}" in out
    assert f"  sudo apt-get install {MISSING}\n" in out
    # It stopped before anything else: no .venv, no site, nothing in the clone.
    assert not (clone / ".venv").exists()
    assert not (clone / "site").exists()
    assert "pip" not in out and "-m venv" not in out


@debian_only
def test_make_test_checks_the_test_set_before_anything_else(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    result = subprocess.run(
        ["make", "test"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=clean_env(SYSTEM_PACKAGES_EXTRA=MISSING, SYSTEM_PACKAGES_INSTALL="never"),
        timeout=120,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert f"Missing system packages to build: {MISSING}" in out
    assert not (clone / ".venv").exists()
    assert not (clone / "tests" / "tools" / "node_modules").exists()


@pytest.fixture
def stand_ins() -> Iterator[Path]:
    """A folder, readable by every user, with `apt-get` and `sudo` that only log their
    arguments (the fake sudo runs the rest of its command line, so apt-get is the fake)."""
    with tempfile.TemporaryDirectory(prefix="system-packages-") as name:
        bin_ = Path(name)
        log = bin_ / "log"
        log.touch()
        log.chmod(0o666)
        (bin_ / "apt-get").write_text(f'#!/bin/sh\necho "apt-get $*" >> {log}\n')
        (bin_ / "sudo").write_text(
            f'#!/bin/sh\necho "sudo $*" >> {log}\n'
            '[ "$1" = -n ] && shift\n'
            '[ "$1" = true ] && exit "${SUDO_WORKS:-1}"\n'
            'exec "$@"\n'
        )
        for tool in ("apt-get", "sudo"):
            (bin_ / tool).chmod(0o755)
        bin_.chmod(0o755)
        yield bin_


def logged(bin_: Path) -> list[str]:
    return (bin_ / "log").read_text().splitlines()


def as_nobody(bin_: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs root and runuser to act as another user")
    if not os.access(SCRIPT, os.R_OK) or SCRIPT.stat().st_mode & stat.S_IROTH == 0:
        pytest.skip("the script is not readable by other users")
    settings = [f"{k}={v}" for k, v in env.items()]
    return subprocess.run(
        [
            "runuser",
            "-u",
            "nobody",
            "--",
            "env",
            f"PATH={bin_}:/usr/bin:/bin",
            *settings,
            "bash",
            str(SCRIPT),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@debian_only
def test_as_root_it_installs_with_apt_get(stand_ins: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root")
    result = system_packages(
        "install", "build", PATH=f"{stand_ins}:{os.environ['PATH']}", SYSTEM_PACKAGES_EXTRA=MISSING
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert logged(stand_ins) == [
        "apt-get update -qq",
        f"apt-get install -y -qq --no-install-recommends {MISSING}",
    ]


@debian_only
def test_as_a_user_it_installs_with_sudo_when_that_works(stand_ins: Path) -> None:
    result = as_nobody(stand_ins, "install", "build", SYSTEM_PACKAGES_EXTRA=MISSING, SUDO_WORKS="0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert logged(stand_ins) == [
        "sudo -n true",
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        f"sudo -n apt-get install -y -qq --no-install-recommends {MISSING}",
        f"apt-get install -y -qq --no-install-recommends {MISSING}",
    ]


@debian_only
def test_as_a_user_without_sudo_it_prints_the_command_and_stops(stand_ins: Path) -> None:
    result = as_nobody(stand_ins, "install", "test", SYSTEM_PACKAGES_EXTRA=MISSING, SUDO_WORKS="1")
    assert result.returncode == 1
    assert result.stderr == (
        f"Missing system packages to build and test: {MISSING}\n"
        "Install them with this command, then run make again:\n"
        f"  sudo apt-get install {MISSING}\n"
    )
    assert logged(stand_ins) == ["sudo -n true"]


def test_without_apt_get_it_says_what_is_needed_and_goes_on(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "bash").symlink_to(bash)
    result = system_packages("install", "test", PATH=str(tmp_path / "bin"))
    assert result.returncode == 0, result.stderr
    assert "not Debian or Ubuntu" in result.stderr
    assert "HarfBuzz" in result.stderr and "Pango" in result.stderr and "Chromium" in result.stderr


@pytest.mark.slow
def test_make_site_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    env = clean_env()
    result = subprocess.run(
        ["make", "site"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "listening-to-patients.pdf").stat().st_size > 10_000
    assert "Built 13 case studies" in result.stdout
    # Nothing was written into the source tree.
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == "", status
