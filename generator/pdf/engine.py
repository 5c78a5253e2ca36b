"""The WeasyPrint call: one place that knows its options, its logger and its quirks.

WeasyPrint logs a missing image or an unreadable font and still writes a PDF;
a publication must not go out with a hole in it, so every warning or error it
logs while rendering becomes :class:`~generator.core.errors.BuildFailed`. The output
is made reproducible here too: the file identifier is derived from the input,
the dates come from the document (the build date, :func:`generator.build.build_date`),
and WeasyPrint never sees the folders the project and the generator sit in
(:func:`portable`), so one commit built in two folders gives the same bytes.

The stylesheet and its sixty font faces are half the work of a one-page
handout; :func:`sharing_styles` lets the documents a process renders in a row
parse them once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..core.errors import BuildFailed
from . import weasy_internals
from .document import FONTS
from .fetcher import ProjectFetcher

OPTIONS: dict[str, object] = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "optimize_images": False,
}
"""Tagged PDF/UA-1 (WeasyPrint then writes PDF 1.7 with a structure tree)."""


@dataclass(frozen=True)
class Rendered:
    """A laid-out document: page count and the PDF's bytes."""

    pdf: bytes
    pages: int
    then: object = None
    """What :func:`render`'s ``then`` returned."""


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors raised by one thread."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def captured(what: str, root: Path | None = None) -> Iterator[None]:
    """Turn what WeasyPrint logs as a warning or an error into a failed build.

    A message about a character no font draws, or a file that could not be
    used, names the project file that holds it (found under ``root``), at its
    line and column: WeasyPrint knows only the document it was given, and a
    case study's quote may be printed in the front matter, far from its file.
    """
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        where = _where_url(str(cause), root)
        raise BuildFailed(f"{where or what}: a file it needs could not be used: {cause}") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise BuildFailed(_explain(dict.fromkeys(handler.messages), what, root))


_NOTDEF = re.compile(r"\.notdef glyph rendered for .*\(U\+([0-9A-F]+)\)", re.S)
"""WeasyPrint's warning for a character no font draws."""
_URL = re.compile(r"file://[^\s'\"]+")


def _explain(messages: Iterable[str], what: str, root: Path | None) -> str:
    """One line per problem: a character no font draws at the file and line that
    hold it; anything else as WeasyPrint said it, with the file its URL names."""
    lines, others = [], []
    if root is not None:
        messages = [_real(message, Path(root)) for message in messages]
    for message in messages:
        notdef = _NOTDEF.match(message)
        if notdef:
            char = chr(int(notdef.group(1), 16))
            where = _where(char, root) or what
            lines.append(
                f"{where}: '{char}' (U+{ord(char):04X}) is drawn by none of the publication's "
                "fonts, so no PDF was written; `publication validate` reports every such "
                "character (unsupported-character)"
            )
        else:
            others.append((_where_url(message, root), message))
    for where, message in others:
        lines.append(
            f"{where or what}: WeasyPrint reported a problem, so no PDF was written: {message}"
        )
    return "\n".join(lines)


def _sources(root: Path) -> list[Path]:
    """The project's text files a PDF prints from, in a stable order."""
    files = [*root.glob("casestudies/**/*.md"), *root.glob("content/**/*")]
    return sorted(p for p in files if p.suffix in (".md", ".yml", ".yaml") and p.is_file())


def _where(needle: str, root: Path | None) -> str | None:
    """``file:line:column`` of the first occurrence of ``needle`` in the project's sources."""
    if root is None or not needle:
        return None
    for path in _sources(Path(root)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        offset = text.find(needle)
        if offset >= 0:
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            return f"{path.relative_to(root).as_posix()}:{line}:{column}"
    return None


def _where_url(message: str, root: Path | None) -> str | None:
    """The source that names the file a message's ``file:`` URL points at, if any."""
    match = _URL.search(message)
    if not match:
        return None
    name = unquote(urlsplit(match.group(0)).path).rsplit("/", 1)[-1]
    return _where(name, root)


PROJECT_URL = "file:///listening-to-patients/project/"
"""What WeasyPrint is told the project folder is called, wherever it is."""
FONTS_URL = "file:///listening-to-patients/fonts/"
"""What WeasyPrint is told the generator's font folder is called."""


def _folders(root: Path) -> list[tuple[str, str]]:
    """(real folder URL, fixed name) for the project and the fonts, as the print
    HTML may spell them (resolved or not); longest first, so fonts kept inside
    the project's own folder (the generator building its own repository) are
    still named as fonts."""
    pairs = {
        f"{folder.as_uri()}/": fixed
        for real, fixed in ((Path(root), PROJECT_URL), (FONTS, FONTS_URL))
        for folder in (real.absolute(), real.resolve())
    }
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))


def portable(html: str, root: Path) -> str:
    """``html`` with the project's and the fonts' folders under fixed names.

    WeasyPrint names each image in the PDF after its URL, and the file
    identifier is a digest of the HTML: with the folders' real names in them,
    the same commit built in two folders would give two PDFs. The fetcher
    (:func:`fetcher`) reads the fixed names from the real folders.
    """
    for real, fixed in _folders(root):
        html = html.replace(real, fixed)
    return html


def _real(message: str, root: Path) -> str:
    """A message of WeasyPrint's with the real folders back in its URLs, for the reader."""
    real = {fixed: url for url, fixed in _folders(root)[::-1]}
    for fixed, url in real.items():
        message = message.replace(fixed, url)
    return message


class _Fetcher(ProjectFetcher):
    """The project's fetcher, reading the fixed folder names from the real folders."""

    def __init__(self, root: Path) -> None:
        super().__init__([root, FONTS])
        self.real = {
            PROJECT_URL: f"{self.roots[0].as_uri()}/",
            FONTS_URL: f"{self.roots[1].as_uri()}/",
        }

    def path_for(self, url: str) -> Path:
        for fixed, real in self.real.items():
            if url.startswith(fixed):
                return super().path_for(real + url[len(fixed) :])
        return super().path_for(url)


def fetcher(root: Path) -> ProjectFetcher:
    """Only the project and the generator's own fonts may be read."""
    return _Fetcher(Path(root))


def identifier(html: str, root: Path) -> bytes:
    """The PDF's file identifier: the same input gives the same bytes, in any folder."""
    digest = hashlib.sha256(portable(html, root).encode("utf-8")).hexdigest()
    return digest[:32].encode("ascii")


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@dataclass(frozen=True)
class _Style:
    """A document's stylesheet parsed, with the fonts its ``@font-face`` rules load and
    the counter styles its ``@counter-style`` rules define (the running heads' words)."""

    css: weasyprint.CSS
    fonts: FontConfiguration
    counters: CounterStyle


_shared: dict[tuple[str, Path], _Style] | None = None
"""Inside :func:`sharing_styles`: the last stylesheet parsed, by its text and project."""


@contextmanager
def sharing_styles() -> Iterator[None]:
    """Parse each stylesheet once for all the documents rendered inside.

    A one-page handout spent half its time parsing the print stylesheet and
    loading its sixty font faces; a worker rendering handouts in a row now
    does that once. The bytes are those of a document rendered alone. On the
    way out the fonts' temporary folder is deleted: a worker process ends
    without running the finaliser that would (each left 10 MB in the temporary
    folder), so the documents rendered inside must be written by then.
    """
    global _shared
    outer, _shared = _shared, {} if _shared is None else _shared
    try:
        yield
    finally:
        if outer is None:
            for style in _shared.values():
                weasy_internals.remove_font_files(style.fonts)
        _shared = outer


_unpacked: weakref.WeakSet[FontConfiguration] = weakref.WeakSet()
"""Every font configuration this process made and still holds: each unpacks its
fonts into a folder of its own as soon as it is made, while its stylesheet is
parsed."""


def start_afresh() -> None:
    """In a worker process: forget the stylesheets and fonts of the process it was
    forked from. Its own are deleted when it is done with them; the parent's are
    the parent's to delete (a worker stopped halfway deletes what it holds, see
    :func:`forget_fonts`), and a stylesheet shared with the parent would never be."""
    global _shared
    _shared = None
    _unpacked.clear()


def forget_fonts() -> None:
    """Delete the fonts this process unpacked, for a worker stopped in the middle
    (see :mod:`.split`), even while it was still parsing its stylesheet."""
    for fonts in list(_unpacked):
        weasy_internals.remove_font_files(fonts)


def _style(text: str, root: Path) -> _Style:
    """``text`` parsed, or the same parse again inside :func:`sharing_styles`."""
    key = (text, Path(root).resolve())
    if _shared is not None and key in _shared:
        return _shared[key]
    fonts, counters = FontConfiguration(), CounterStyle()
    _unpacked.add(fonts)
    css = weasyprint.CSS(
        string=text,
        base_url=PROJECT_URL,
        url_fetcher=fetcher(root),
        font_config=fonts,
        counter_style=counters,
    )
    style = _Style(css=css, fonts=fonts, counters=counters)
    if _shared is not None:  # one stylesheet at a time: each holds its fonts' files
        for older in _shared.values():
            weasy_internals.remove_font_files(older.fonts)
        _shared.clear()
        _shared[key] = style
    return style


def layout(html: str, root: Path) -> weasyprint.Document:
    """Lay ``html`` out, its files read from ``root`` (see :func:`portable`).

    The document's one ``<style>`` element (the print template's fonts and
    stylesheet) is parsed apart (:func:`_style`) and handed to WeasyPrint as
    the document's only stylesheet. WeasyPrint ranks such a sheet as the
    user's rather than the author's, which changes nothing when it is the only
    one (checked byte for byte on the example's publication and handouts); a
    document with any other stylesheet is laid out as it is.
    """
    html = portable(html, root)
    styles = _STYLE.findall(html)
    if len(styles) != 1 or html.count("<style") != 1 or "<link" in html:
        return weasyprint.HTML(string=html, base_url=PROJECT_URL, url_fetcher=fetcher(root)).render(
            **OPTIONS
        )
    style = _style(styles[0], root)
    page = weasyprint.HTML(
        string=_STYLE.sub("", html), base_url=PROJECT_URL, url_fetcher=fetcher(root)
    )
    return page.render(
        stylesheets=[style.css], font_config=style.fonts, counter_style=style.counters, **OPTIONS
    )


def render(
    html: str,
    root: Path,
    *,
    what: str,
    handout: bool = False,
    then: Callable[[weasyprint.Document], object] | None = None,
) -> Rendered:
    """Lay out and write one document, failing on anything WeasyPrint complains about.

    ``then`` is given the laid-out document once it is written, while its fonts
    are still at hand (the handouts cut from the publication's pages are written
    there); what it returns is :attr:`Rendered.then`.
    """
    with captured(what, root), sharing_styles():  # alone, its fonts' files go at the end
        document = layout(html, root)
        pdf = write(document, identifier(html, root), handout=handout)
        after = then(document) if then is not None else None
    return Rendered(pdf=pdf, pages=len(document.pages), then=after)


def write(document: weasyprint.Document, ident: bytes, *, handout: bool) -> bytes:
    """A laid-out document's PDF, with the tagging PDF/UA asks for and WeasyPrint 70
    leaves out (a handout's headings a level up: :func:`weasy_internals.lift_headings`).

    Inside the version gate the document-level objects are written plainly, so
    the check after rendering reads them fast
    (:func:`weasy_internals.plain_document_level`); outside it, WeasyPrint's
    public API writes the same document, the tagging repairs only tried
    (:func:`weasy_internals.repair_tagging`).
    """
    inside = weasy_internals.usable()

    def finish(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        if inside:
            weasy_internals.finish_tagging(pdf)
        else:
            weasy_internals.repair_tagging(pdf)
        if handout:
            weasy_internals.lift_headings(pdf)
        if inside:
            weasy_internals.plain_document_level(pdf)

    return document.write_pdf(pdf_identifier=ident, finisher=finish, **OPTIONS)


def pdf_objects(document: weasyprint.Document) -> pydyf.PDF:
    """The PDF WeasyPrint would write, as objects, for joining with other parts (inside
    the version gate only: see :func:`weasy_internals.pdf_objects`)."""
    return weasy_internals.pdf_objects(document, **OPTIONS)
