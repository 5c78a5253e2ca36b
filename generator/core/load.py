"""Read ``casestudies/`` in a stable order into a :class:`Publication` and its problems.

This is the one entry point both outputs and the CLI use. It reads files only
inside the project (and, for ``publication validate``, the paths an editor
names), reports every problem in every file, and never raises for anything an
editor can write.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .casestudy import ReadResult, read_case_study
from .errors import NotACaseStudy
from .figures.data import read_figure_files
from .figures.references import content_figure_problems
from .model import CaseStudy, FigureData, Problem, Publication, Theme
from .rules.body import IMAGE_TYPES, BodyFacts
from .rules.crossfile import duplicate_slugs, link_problems, slug_problems, unused_images
from .themes import load_themes

CASE_STUDIES_DIR = "casestudies"
_README = frozenset({"README.md", "README", "README.txt", ".gitkeep"})


@dataclass(frozen=True)
class Entry:
    """One case-study file found on disk."""

    slug: str
    path: Path
    rel: str
    folder: Path | None
    folder_rel: str | None


def load_publication(
    root: Path,
    *,
    drafts: bool = False,
    paths: Iterable[Path] | None = None,
    reuse: ReadCache | None = None,
) -> Publication:
    """Read and check every case study under ``root/casestudies``.

    ``drafts`` includes draft and review copies in :attr:`Publication.case_studies`
    (they are always checked). ``paths`` limits which files' problems are
    reported; links are still checked against every case study. ``reuse``
    (a live preview's) keeps each file's reading for the next load.
    """
    reading = _read_project(root.resolve(), paths=paths, convert=True, reuse=reuse)
    included = [
        result.case
        for result in reading.results
        if result.case is not None and (drafts or result.case.is_published)
    ]
    return Publication(
        themes=reading.themes,
        case_studies=tuple(sorted(included, key=lambda c: c.slug)),
        problems=reading.problems,
        files_read=len(reading.results),
        figures=reading.figures,
    )


@dataclass(frozen=True)
class Checked:
    """What ``publication validate`` reports: every problem, and the files it read."""

    problems: tuple[Problem, ...]
    checked: tuple[str, ...]
    """Each case-study file reported on, named as its problems name it."""

    @property
    def files_read(self) -> int:
        return len(self.checked)


def check_publication(root: Path, *, paths: Sequence[Path] | None = None) -> Checked:
    """The problems :func:`load_publication` would report, found faster; with
    ``paths``, those of exactly the case studies there (see :func:`_check_paths`).

    Plain stories are read by :mod:`generator.core.story_scan` instead of being
    converted, and no models are made: for ``publication validate``, which
    editors run before every commit. A build still converts every story and
    judges the conversion, so nothing this passes can be published unchecked.
    """
    root = root.resolve()
    if paths:
        return _check_paths(root, paths)
    reading = _read_project(root, paths=None, convert=False)
    return Checked(reading.problems, tuple(entry.rel for entry in reading.entries))


def _check_paths(root: Path, paths: Sequence[Path]) -> Checked:
    """Check each path as a case study wherever it is; raise if one cannot be one.

    A path in the project's ``casestudies/`` (or the project folder itself) is
    checked as part of the project, as without paths. Any other file or folder
    is read on its own against the project's themes, its links against the
    project's case studies, and its problems name it as the editor typed it: a
    draft is checked before it is added, so "valid" is only ever said of files
    that were read.
    """
    inside: dict[str, Path] = {}
    outside: dict[Path, Entry] = {}
    for path in paths:
        if not path.exists():
            raise NotACaseStudy(f"no such file or folder: {path}")
        real = path.resolve()
        if real == root or real.is_relative_to(root / CASE_STUDIES_DIR):
            if real.is_file() and real.suffix != ".md":
                raise NotACaseStudy(f"{path} is not a case study: {_NOT_MARKDOWN}")
            inside[_rel(root, real) if real != root else CASE_STUDIES_DIR] = path
        else:
            outside.update((entry.path.resolve(), entry) for entry in _outside_entries(path))
    reading = _read_project(root, paths=None, convert=False)
    problems, checked = _inside(reading, inside)
    statuses = {
        entry.slug: result.status
        for entry, result in zip(reading.entries, reading.results, strict=True)
    }
    for entry in outside.values():
        problems.extend(slug_problems(entry.slug, entry.rel))
        result = _read(entry, reading.themes, reading.figure_names, convert=False)
        problems.extend(result.problems)
        problems.extend(link_problems(entry.rel, result.status, result.facts.case_links, statuses))
        if entry.folder is not None and result.story_read:
            problems.extend(
                unused_images(entry.folder, entry.folder_rel or entry.rel, entry.rel, result.facts)
            )
        checked.append(entry.rel)
    return Checked(tuple(sorted(set(problems))), tuple(checked))


def _inside(reading: _ProjectReading, wanted: dict[str, Path]) -> tuple[list[Problem], list[str]]:
    """The problems and files of the project at the wanted paths (project-relative).

    A wanted path that is no case study and has no problem of its own (a
    README, an empty folder) cannot be checked, so it is wrong use.
    """
    folders = set(wanted)
    problems = [p for p in reading.problems if p.path in folders or _under(p.path, folders)]
    checked = [e.rel for e in reading.entries if e.rel in folders or _under(e.rel, folders)]
    for rel, path in wanted.items():
        if not any(c == rel or _under(c, {rel}) for c in checked):
            if not any(p.path == rel or _under(p.path, {rel}) for p in problems):
                raise NotACaseStudy(_nothing_read(path))
            checked.append(rel)  # looked at, and not readable as a case study: see why
    return problems, checked


_NOT_MARKDOWN = "case studies are Markdown files ending .md"


def _nothing_read(path: Path) -> str:
    if path.is_dir():
        return f"there is no case study in {path}: no .md file, nor a folder holding index.md"
    return f"{path} is not a case study: it is not read as one"


def _outside_entries(path: Path) -> list[Entry]:
    """The case studies at a path outside ``casestudies/``, named as typed.

    A file is one case study (its slug is its name, or its folder's for
    ``index.md``); a folder holding ``index.md`` is one case study with its
    pictures; any other folder holds case studies laid out as in ``casestudies/``.
    """
    if path.is_file():
        if path.suffix != ".md":
            raise NotACaseStudy(f"{path} is not a case study: {_NOT_MARKDOWN}")
        return [_outside_entry(path)]
    if (path / "index.md").is_file():
        return [_outside_entry(path / "index.md")]
    entries = []
    for child in sorted(path.iterdir(), key=lambda p: p.name):
        if child.name.startswith(".") or child.name in _README:
            continue
        if child.suffix == ".md" and child.is_file():
            entries.append(_outside_entry(child))
        elif (child / "index.md").is_file():
            entries.append(_outside_entry(child / "index.md"))
    if not entries:
        raise NotACaseStudy(_nothing_read(path))
    return entries


def _outside_entry(file: Path) -> Entry:
    if file.name == "index.md":
        folder = file.parent
        slug = folder.resolve().name
        return Entry(slug, file, file.as_posix(), folder, folder.as_posix())
    return Entry(file.stem, file, file.as_posix(), None, None)


@dataclass(frozen=True)
class _ProjectReading:
    themes: tuple[Theme, ...]
    entries: list[Entry]
    results: list[ReadResult]
    problems: tuple[Problem, ...]
    figures: tuple[FigureData, ...]
    figure_names: frozenset[str]


class ReadCache:
    """Each case study as last read, for a live preview that reloads on every save.

    Converting 1,000 stories takes seconds, and a save changes one: a file
    whose bytes, and whose folder's pictures, look as they did (same size and
    times) is not read again. The rules across files (names, links, unused
    pictures) still run on every load. A change to the themes or the data
    files' names can change any file's problems, so it empties the cache.
    """

    def __init__(self) -> None:
        self._context: tuple[object, ...] = ()
        self._results: dict[Entry, tuple[tuple[object, ...], ReadResult]] = {}

    def read(
        self,
        entries: list[Entry],
        context: tuple[tuple[Theme, ...], frozenset[str], bool],
        read_all: Callable[[list[Entry]], list[ReadResult]],
    ) -> list[ReadResult]:
        """``entries`` read, by ``read_all`` only where they changed since last time."""
        if context != self._context:
            self._context, self._results = context, {}
        signatures = [_signature(entry) for entry in entries]
        stale = [
            entry
            for entry, signature in zip(entries, signatures, strict=True)
            if self._results.get(entry, ((), None))[0] != signature or signature == ()
        ]
        fresh = dict(zip(stale, read_all(stale), strict=True))
        results = [fresh[entry] if entry in fresh else self._results[entry][1] for entry in entries]
        self._results = {
            entry: (signature, result)
            for entry, signature, result in zip(entries, signatures, results, strict=True)
        }
        return results


def _signature(entry: Entry) -> tuple[object, ...]:
    """How a case study's file and its folder's pictures look from outside;
    empty when that cannot be told (the file is then always read)."""
    try:
        paths = [entry.path]
        if entry.folder is not None:
            paths += sorted(entry.folder.iterdir())
        stats = [(path.name, path.lstat()) for path in paths]
    except OSError:
        return ()
    return tuple((name, s.st_mtime_ns, s.st_ctime_ns, s.st_size, s.st_ino) for name, s in stats)


def _read_project(
    root: Path, *, paths: Iterable[Path] | None, convert: bool, reuse: ReadCache | None = None
) -> _ProjectReading:
    """Every file read and every problem found, within files and across them."""
    themes, problems = load_themes(root)
    figure_files = read_figure_files(root)
    problems.extend(figure_files.problems)
    names = frozenset(figure_files.names)
    problems.extend(content_figure_problems(root, names))
    entries, found = discover(root)
    problems.extend(found)
    problems.extend(duplicate_slugs((e.slug, e.rel) for e in entries))

    if reuse is None:
        results = _read_all(entries, themes, names, convert=convert)
    else:
        results = reuse.read(
            entries,
            (themes, names, convert),
            lambda stale: _read_all(stale, themes, names, convert=convert),
        )
    statuses = {entry.slug: result.status for entry, result in zip(entries, results, strict=True)}
    for entry, result in zip(entries, results, strict=True):
        problems.extend(result.problems)
        problems.extend(link_problems(entry.rel, result.status, result.facts.case_links, statuses))
        if entry.folder is not None and result.story_read:
            problems.extend(
                unused_images(entry.folder, entry.folder_rel or entry.rel, entry.rel, result.facts)
            )

    if paths is not None:
        wanted = {_rel(root, Path(p).resolve()) for p in paths}
        problems = [p for p in problems if p.path in wanted or _under(p.path, wanted)]
    return _ProjectReading(
        themes=themes,
        entries=entries,
        results=results,
        problems=tuple(sorted(set(problems))),
        figures=tuple(figure_files.figures[name] for name in sorted(figure_files.figures)),
        figure_names=names,
    )


PARALLEL_FROM = 200
"""Read this many files or more in worker processes (one per CPU, at most 4;
the environment variable ``PUBLICATION_JOBS`` sets how many, 1 for none)."""


def _read_all(
    entries: list[Entry],
    themes: tuple[Theme, ...],
    figures: frozenset[str] = frozenset(),
    *,
    convert: bool = True,
) -> list[ReadResult]:
    """Read every entry, in order; in worker processes when there are many.

    Python-Markdown is pure Python, so a second CPU halves a large run. Workers
    are forked, which is only safe from a process with a single thread (not
    under ``mkdocs serve``, which watches files in threads): otherwise, and on
    any failure of the pool, the files are read here, one after another.
    """
    jobs = os.environ.get("PUBLICATION_JOBS", "")
    workers = int(jobs) if jobs.isdigit() and int(jobs) > 0 else min(os.cpu_count() or 1, 4)
    if (
        len(entries) >= PARALLEL_FROM
        and workers > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                chunk = max(1, len(entries) // (workers * 8))
                count = len(entries)
                return list(
                    pool.map(
                        _read,
                        entries,
                        [themes] * count,
                        [figures] * count,
                        [convert] * count,
                        chunksize=chunk,
                    )
                )
        except (OSError, BrokenProcessPool):
            pass
    return [_read(entry, themes, figures, convert) for entry in entries]


def _read(
    entry: Entry,
    themes: tuple[Theme, ...],
    figures: frozenset[str] = frozenset(),
    convert: bool = True,
) -> ReadResult:
    try:
        data = entry.path.read_bytes()
        return read_case_study(
            data,
            path=entry.rel,
            slug=entry.slug,
            folder=entry.folder,
            folder_rel=entry.folder_rel,
            themes=themes,
            figures=figures,
            convert=convert,
        )
    except OSError as error:
        problem = Problem(
            entry.rel,
            1,
            1,
            "error",
            "unreadable",
            f"this file could not be read ({error.strerror})",
        )
    except Exception as error:
        problem = Problem(
            entry.rel,
            1,
            1,
            "error",
            "internal-error",
            f"internal error while reading this file ({type(error).__name__}: {error}); "
            "this is a bug in the generator, not in your file: please report it",
        )
    return ReadResult(None, [problem], BodyFacts(), None, story_read=False)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _under(path: str, folders: set[str]) -> bool:
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders)


def discover(root: Path) -> tuple[list[Entry], list[Problem]]:
    """Every case-study file in a stable order, and every file that should not be there."""
    base = root / CASE_STUDIES_DIR
    entries: list[Entry] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return entries, [
            Problem(
                CASE_STUDIES_DIR,
                1,
                1,
                "error",
                "no-case-studies",
                "the casestudies/ folder is missing",
            )
        ]

    def stray(rel: str, message: str, rule: str = "stray-file") -> None:
        problems.append(Problem(rel, 1, 1, "error", rule, message))

    for item in sorted(base.iterdir(), key=lambda p: p.name):
        rel = f"{CASE_STUDIES_DIR}/{item.name}"
        if item.name in _README and item.is_file():
            continue
        if item.is_symlink():
            stray(
                rel,
                "this is a symbolic link; case studies must be real files inside "
                "casestudies/, so nothing outside the project can be published",
                "symlink",
            )
            continue
        if item.is_dir():
            entries_in = _folder_entry(item, rel, stray)
            if entries_in:
                entries.append(entries_in)
            continue
        if item.suffix != ".md":
            suffix = item.suffix.lower()
            hint = (
                f"; a picture belongs in its case study's folder: casestudies/<slug>/{item.name}"
                if suffix in IMAGE_TYPES
                else "; case studies are Markdown files ending .md"
            )
            stray(rel, f"'{item.name}' is not a case study{hint}")
            continue
        slug = item.stem
        found = slug_problems(slug, rel)
        if found:
            problems.extend(found)
            continue
        entries.append(Entry(slug, item, rel, None, None))
    return entries, problems


def _folder_entry(folder: Path, rel: str, stray) -> Entry | None:  # type: ignore[no-untyped-def]
    slug = folder.name
    index = folder / "index.md"
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        child_rel = f"{rel}/{child.name}"
        if child.name == "index.md":
            continue
        if child.is_symlink():
            stray(
                child_rel,
                "this is a symbolic link; pictures must be real files in the case study's folder",
                "symlink",
            )
        elif child.is_dir():
            stray(
                child_rel,
                "folders inside a case study's folder are not read; put its "
                "pictures beside index.md",
            )
        elif child.suffix.lower() not in IMAGE_TYPES and child.name not in _README:
            stray(
                child_rel,
                f"'{child.name}' is neither index.md nor a PNG, JPEG, SVG or WebP "
                "picture; remove it or save it in one of those formats",
            )
    if not index.is_file() or index.is_symlink():
        stray(
            rel,
            f"the folder casestudies/{slug}/ has no index.md; a case study with "
            "pictures is written as casestudies/<slug>/index.md",
            "missing-index",
        )
        return None
    found = slug_problems(slug, rel)
    if found:
        for p in found:
            stray(p.path, p.message, p.rule)
        return None
    return Entry(slug, index, f"{rel}/index.md", folder, rel)


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``casestudies/`` or ``mkdocs.yml``, from ``start`` upwards."""
    here = (start or Path(os.getcwd())).resolve()
    for folder in (here, *here.parents):
        if (folder / CASE_STUDIES_DIR).is_dir() or (folder / "mkdocs.yml").is_file():
            return folder
    return here


__all__ = ["CaseStudy", "Entry", "discover", "load_publication", "project_root"]
