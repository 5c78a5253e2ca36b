"""The ``publication`` commands: parse options, call one core function, print, exit.

Exit status: 0 done, 1 problems found or not built, 2 the command was used
wrongly. Each command's docstring is its ``--help``. Nothing heavy is imported
at the top, so ``publication validate`` starts fast.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from .core.errors import InvalidInput, PublicationError, WrongUse
from .core.model import Problem
from .engines import ENGINES

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was used wrongly: exit status 2."""


def _summary(text: str, *, stream=None) -> None:  # type: ignore[no-untyped-def]
    print(text, file=stream or sys.stdout, flush=True)


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    plural = word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s"
    return f"{count:,} {plural}"


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_problem(problem: Problem, fmt: str) -> str:
    """One problem in the chosen format (``json`` is handled as a whole)."""
    if fmt == "github":
        props = ",".join(
            [
                f"file={_escape_github(problem.path, property_=True)}",
                f"line={problem.line}",
                f"col={problem.column}",
                f"title={_escape_github(problem.rule, property_=True)}",
            ]
        )
        return f"::{problem.severity} {props}::{_escape_github(problem.message)}"
    return problem.format()


def print_problems(problems: Sequence[Problem], fmt: str, *, stream=None) -> None:  # type: ignore[no-untyped-def]
    out = stream or sys.stdout
    for problem in problems:
        print(format_problem(problem, fmt), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check case studies and report every problem, each with file, line and column.

    With no PATH, checks all of casestudies/. A PATH is checked as a case study
    wherever it is (a draft not yet in casestudies/, say), against the
    project's themes and case studies; a folder PATH, every case study in it.
    Warnings do not fail unless --strict is given. Exit status: 0 all valid,
    1 problems found, 2 wrong use (a PATH that cannot be a case study).
    Writes nothing.
    """
    from .core.load import check_publication

    started = time.perf_counter()
    root = _root(args)
    publication = check_publication(root, paths=[Path(raw) for raw in args.paths])
    problems = publication.problems
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    failed = bool(errors) or (args.strict and bool(warnings))
    seconds = time.perf_counter() - started
    if args.format == "json":
        json.dump(
            {
                "valid": not failed,
                "files": publication.files_read,
                "checked": list(publication.checked),
                "errors": len(errors),
                "warnings": len(warnings),
                "problems": [asdict(p) for p in problems],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        stream = sys.stderr
    else:
        print_problems(problems, args.format)
        stream = sys.stdout
    verdict = "not valid" if failed else "valid"
    _summary(
        f"Checked {_plural(publication.files_read, 'case study file')}{_named(args.paths)} "
        f"in {seconds:.2f} s: "
        f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')}; {verdict}.",
        stream=stream,
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def _named(paths: Sequence[str]) -> str:
    """The paths an editor gave, as typed, for the summary (the first few of many)."""
    if not paths:
        return ""
    shown = ", ".join(paths[:3])
    more = f" and {len(paths) - 3:,} more" if len(paths) > 3 else ""
    return f" ({shown}{more})"


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then write the website and the PDF publication into site/.

    A build that fails for any reason leaves the previous site/ exactly as it
    was. --drafts includes drafts and review copies, clearly marked.
    A build replaces only a folder that is absent, empty or made by a build
    (it holds a .publication-build stamp); it refuses any other, and the
    project, home and root folders, touching nothing.
    --engine chooses the site engine: mkdocs (the default) or zensical
    (pip install .[zensical]); both are given the same publication and PDFs.
    Exit status: 0 built, 1 not built, 2 output folder refused.
    """
    from .build import build

    root = _root(args)
    out = Path(args.out) if args.out else root / "site"
    report = build(
        root,
        out,
        drafts=args.drafts,
        strict=args.strict,
        pdf=not args.no_pdf,
        engine_name=args.engine,
    )
    print_problems(report.warnings, "text", stream=sys.stderr)
    pdf = "" if report.pdf_pages is None else f" and a {report.pdf_pages}-page PDF"
    _summary(
        f"Built {_plural(report.case_studies, 'case study')} "
        f"({_plural(report.pages, 'page')}{pdf}) into {_shown(report.out)} "
        f"in {report.seconds:.1f} s."
    )
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace) -> int:
    """Validate, then write only the PDF publication.

    Overwrites only a PDF: refuses a folder or any other file.
    Exit status: 0 written, 1 not written (the previous file, if any, is kept),
    2 output refused.
    """
    from .build import write_publication_pdf
    from .pdf import PUBLICATION_FILE

    root = _root(args)
    out = Path(args.out) if args.out else root / "site" / PUBLICATION_FILE
    pages, size, seconds = write_publication_pdf(root, out, drafts=args.drafts, strict=args.strict)
    _summary(f"Wrote {_shown(out)}: {pages} pages, {size / 1024:,.0f} KB, in {seconds:.1f} s.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the website on 127.0.0.1, reloading when a case study, a content
    page or the themes file changes. It prints the address to open, a line for
    each rebuild (what changed, how long it took) and each problem as
    file:line:column; a case study that cannot be shown lists its problems on
    its own page. Stop with Ctrl+C.
    """
    from .engines.mkdocs.run import serve_site

    serve_site(_root(args), drafts=args.drafts, dev_addr=f"127.0.0.1:{args.port}")
    _summary("Preview stopped.")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new draft case study from the template, named after the practice.

    Refuses to overwrite a case study that exists in either form.
    Exit status: 0 written, 1 refused.
    """
    from .core.template import NewCaseStudyRefused, write_new_case_study

    root = _root(args)
    try:
        path = write_new_case_study(
            root, args.name, theme=args.theme, nation=args.nation, folder=args.folder
        )
    except NewCaseStudyRefused as refused:
        print(f"publication new: {refused}", file=sys.stderr)
        _summary("Nothing was written.")
        return EXIT_PROBLEMS
    _summary(
        f"Wrote {_shown(path)}: a draft. Fill it in, then run: ./publication validate {_shown(path)}"
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Show whom to chase and where the publication is thin.

    By practice: the drafts and review copies waiting (oldest first, with the
    date each was submitted and its file), and the published case studies
    missing outcomes, a quote, patients' views or a published contact. Then
    what each theme and nation still lacks (fewer published than --at-least),
    the files with errors, and the counts by theme, nation and empty field.
    --format json gives the same as data; --format csv gives one row per
    case-study file, for a spreadsheet. Exit status: 0. Writes nothing.
    """
    from .core.report import as_csv, as_json, as_text, read_report

    started = time.perf_counter()
    report = read_report(_root(args), at_least=args.at_least)
    if args.format == "json":
        text = json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        text = as_csv(report)
    else:
        text = as_text(report) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale says
    sys.stdout.buffer.flush()
    total = report.coverage.total
    broken = len(report.files_with_errors)
    _summary(
        f"Counted {_plural(sum(total.values()), 'case study')} "
        f"({total['published']} published, {total['review']} in review, "
        f"{_plural(total['draft'], 'draft')}) in {time.perf_counter() - started:.2f} s"
        + (f"; {_plural(broken, 'file')} with errors." if broken else "."),
        stream=None if args.format == "text" else sys.stderr,
    )
    return EXIT_OK


def _at_least(raw: str) -> int:
    """--at-least: a whole number of case studies, 1 or more."""
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a whole number of 1 or more")
    return int(raw)


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the case-study front matter (draft-07), for an
    editor's completion and checking as they type.

    The theme ids it offers are read from the project's content/themes.yml, so
    publication --root OTHER schema prints that project's schema. For this
    project it is the file editors point their editor at,
    generator/schema/casestudy.schema.json (written again by: python -m
    generator.core.schema).
    Exit status: 0 printed, 1 the themes file has errors (nothing printed).
    """
    from .core.schema import ThemesUnreadable, project_schema_text

    try:
        text = project_schema_text(_root(args))
    except ThemesUnreadable as failed:
        print_problems(failed.problems, "text", stream=sys.stderr)
        print(f"publication schema: {failed}", file=sys.stderr)
        return EXIT_PROBLEMS
    sys.stdout.write(text)
    return EXIT_OK


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _root(args: argparse.Namespace) -> Path:
    from .core.load import project_root

    if args.root:
        root = Path(args.root)
        if not root.is_dir():
            raise UsageError(f"--root {args.root}: no such folder")
        return root.resolve()
    return project_root()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "build": cmd_build,
    "pdf": cmd_pdf,
    "serve": cmd_serve,
    "new": cmd_new,
    "report": cmd_report,
    "schema": cmd_schema,
}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _first_sentence(doc: str) -> str:
    """The docstring's first sentence, whole, on one line: the command's entry in
    ``publication --help``, where a first line cut at the docstring's wrapping
    would stop mid-sentence."""
    paragraph = " ".join(doc.split("\n\n", 1)[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def parser() -> argparse.ArgumentParser:
    """The command line, with every command's docstring as its help."""
    main_parser = argparse.ArgumentParser(
        prog="publication",
        description="Build 'Developing general practice, listening to patients' from case studies.",
    )
    main_parser.add_argument(
        "--root", help="the project folder (default: found from the current folder upwards)"
    )
    subs = main_parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def sub(name: str) -> argparse.ArgumentParser:
        doc = inspect.cleandoc(COMMANDS[name].__doc__ or "")
        return subs.add_parser(
            name,
            help=_first_sentence(doc),
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    validate = sub("validate")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help="output format"
    )

    build = sub("build")
    build.add_argument("--out", metavar="DIR", help="where to write the site (default: site/)")
    build.add_argument("--no-pdf", action="store_true", help="build the website only")
    build.add_argument("--drafts", action="store_true", help="include drafts and review copies")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--engine", choices=ENGINES, default=ENGINES[0], help="the site engine (default: mkdocs)"
    )

    pdf = sub("pdf")
    pdf.add_argument("--out", metavar="FILE", help="where to write the PDF")
    pdf.add_argument("--drafts", action="store_true", help="include drafts, watermarked")
    pdf.add_argument("--strict", action="store_true", help="treat warnings as errors")

    serve = sub("serve")
    serve.add_argument("--drafts", action="store_true", help="show drafts and review copies")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")

    new = sub("new")
    new.add_argument("name", help='the practice\'s name, in quotes: "Example Surgery"')
    new.add_argument("--theme", help="the primary theme id (default: the first theme)")
    new.add_argument("--nation", help="England, Scotland, Wales or Northern Ireland")
    new.add_argument(
        "--folder", action="store_true", help="write casestudies/<slug>/index.md, for pictures"
    )

    report = sub("report")
    report.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="output format"
    )
    report.add_argument(
        "--at-least",
        type=_at_least,
        default=3,  # enough for a chapter to compare practices
        metavar="N",
        help="published case studies each theme and nation should have (default 3)",
    )

    sub("schema")
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return its exit status; no traceback ever reaches an editor."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, WrongUse) as error:
        print(f"publication {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidInput as invalid:
        print_problems(invalid.problems, "text", stream=sys.stderr)
        print(f"publication {args.command}: {invalid}", file=sys.stderr)
        return EXIT_PROBLEMS
    except PublicationError as error:
        print(f"publication {args.command}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # the reader (| head) stopped listening
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"publication {args.command}: stopped; nothing was changed", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence
        print(
            f"publication {args.command}: internal error ({type(error).__name__}: {error}); "
            "this is a bug in the generator: please report it with this message",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
