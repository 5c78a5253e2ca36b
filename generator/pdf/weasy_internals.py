"""Everything the PDF step takes from WeasyPrint and pydyf beyond their public API.

WeasyPrint says so plainly: what its API reference does not describe may change
in any release. Rendering the publication in parts on every core needs four
such things, and they are all here, behind one version gate:

- **page numbers decided after pagination** (:func:`page_counters`): WeasyPrint
  paginates the whole document, then builds each page's margin boxes
  (``weasyprint.layout.layout_document``); wrapping its internal
  ``make_margin_boxes`` lets a part report how it paginated and wait for the
  real numbers before its feet are drawn;
- **the PDF as objects, before it is written** (:func:`pdf_objects`): the
  documented ``finisher`` is handed the ``pydyf.PDF``, and raising from it
  stops WeasyPrint before it serialises; WeasyPrint's own stream class (which
  keeps Pango objects for drawing) is swapped for pydyf's, so the objects can
  be sent to another process;
- **the join's writer** (:func:`write`, :func:`pack`, :func:`to_bytes`): the
  parts' objects serialised with ``pydyf._to_bytes`` and a file laid out as
  ``pydyf.PDF.write`` lays out a compressed PDF, with one object stream per
  part;
- **document-level objects kept out of the object stream**
  (:func:`plain_document_level`), by giving live pydyf objects a class whose
  ``compressible`` is false: the check after rendering then reads the catalog,
  page tree and bookmarks in milliseconds instead of seconds.

Making a handout without laying it out again needs one more: **a case study's
pages from the publication's layout, with a handout's margins**
(:class:`Offprints`, :func:`offprint_document`): the same ``make_margin_boxes``
hook builds each of its pages' margin boxes a second time, and
``weasyprint.document.Page`` turns those page boxes into pages that
``Document.copy`` writes as a PDF of their own.

One more, for readers rather than speed: **the tagging PDF/UA asks for and
WeasyPrint 70 leaves out** (:func:`finish_tagging`: link annotations' print
flag, table headers' ``/Scope``, no empty ``Span``, running heads and feet as
artifacts), done on the ``pydyf.PDF`` the finisher is handed, with a
handout's headings a level up (:func:`lift_headings`). And one for the disk:
**a font configuration's unpacked fonts deleted** when a worker is done with
them (:func:`remove_font_files`), as WeasyPrint's finaliser never runs in a
worker process.

The gate: :func:`usable` is true only for the exact versions these were checked
against (:data:`WEASYPRINT_CHECKED`, :data:`PYDYF_CHECKED`, as in
``requirements.lock``), with every hook found, and unless
:data:`INTERNALS_VARIABLE` is ``off``. Otherwise the callers use the public API
alone: the publication in one process, ``HTML.render`` then
``Document.write_pdf``. The same document, more slowly; its bytes differ (the
document-level objects sit in the object stream). The tagging repairs are the
one thing still tried there (:func:`repair_tagging`): they need no private
name, only WeasyPrint's documented ``finisher`` and pydyf's objects, and
without them the PDF fails a PDF/UA check; each repair leaves a valid PDF, and
a structure they do not recognise stops them with a one-line notice.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import os
import re
import shutil
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import ceil, log
from typing import TypeVar

import pydyf
import weasyprint
import weasyprint.document
import weasyprint.layout as _layout

T = TypeVar("T")

WEASYPRINT_CHECKED = "70.0"
"""The WeasyPrint release this module was checked against (``requirements.lock``)."""

PYDYF_CHECKED = "0.13.0"
"""The pydyf release this module was checked against (``requirements.lock``)."""

INTERNALS_VARIABLE = "LISTENING_PDF_INTERNALS"
"""Set to ``off`` to use WeasyPrint's public API only, whatever the versions."""

_log = logging.getLogger(__name__)


def _release(version: str) -> tuple[int, ...] | None:
    """``"70.0"`` -> ``(70,)``, trailing zeros dropped; ``None`` for anything but a release."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        return None
    numbers = [int(part) for part in version.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _compared(name: str, installed: str, checked: str) -> str | None:
    """Why ``installed`` is outside the gate, or ``None`` when it is ``checked``."""
    have, want = _release(installed), _release(checked)
    if have is not None and have == want:
        return None
    if have is None or want is None:
        relation = "is not"
    else:
        relation = "is newer than" if have > want else "is older than"
    return f"{name} {installed} {relation} the {checked} the parallel PDF was checked against"


def outside_gate() -> str | None:
    """Why the installed WeasyPrint or pydyf is not the version checked, or ``None``.

    Exact versions: WeasyPrint's minor releases are bug fixes, but a fix may
    move the code this module reaches into. A new version is let in by running
    ``tests/pdf/`` against it and changing the constants with the lock file.
    """
    return _compared("WeasyPrint", weasyprint.__version__, WEASYPRINT_CHECKED) or _compared(
        "pydyf", getattr(pydyf, "__version__", "(no version)"), PYDYF_CHECKED
    )


def inside_gate() -> bool:
    """Whether the installed WeasyPrint and pydyf are the versions checked."""
    return outside_gate() is None


def _missing_hook() -> str | None:
    """The first private name this module uses that the installed libraries lack."""
    if not callable(getattr(_layout, "make_margin_boxes", None)):
        return "weasyprint.layout.make_margin_boxes"
    if not callable(getattr(_layout, "layout_backgrounds", None)):
        return "weasyprint.layout.layout_backgrounds"
    if not callable(getattr(weasyprint.document, "Page", None)):
        return "weasyprint.document.Page"
    if not callable(getattr(pydyf, "_to_bytes", None)):
        return "pydyf._to_bytes"
    if not isinstance(getattr(pydyf.Object, "compressible", None), property):
        return "pydyf.Object.compressible"
    return None


def refusal() -> str | None:
    """Why the internals may not be used (one line), or ``None`` when they may."""
    if os.environ.get(INTERNALS_VARIABLE, "").strip().lower() == "off":
        return f"{INTERNALS_VARIABLE} is off"
    outside = outside_gate()
    if outside:
        return outside
    missing = _missing_hook()
    if missing:
        return f"WeasyPrint {weasyprint.__version__} lacks {missing}, which the parallel PDF uses"
    return None


_told: set[str] = set()


def usable(*, notify: bool = False) -> bool:
    """Whether the internals may be used; with ``notify``, say once per process why not.

    The notice is a warning on this module's logger (stderr unless the caller
    configured logging), so a build shows why its PDF took longer.
    """
    reason = refusal()
    if reason and notify and reason not in _told:
        _told.add(reason)
        _log.warning("%s: rendering in one process", reason)
    return reason is None


# --- Page numbers decided after pagination ------------------------------------

FirstPages = Callable[[str], dict[str, int]]
"""The name of a CSS string (``string-set``) -> each of its values -> the first
page (1-based, within the document being laid out) that sets it."""

Renumber = Callable[[int, FirstPages], tuple[Sequence[int], int]]
"""Called once per layout, after pagination, with the number of pages and a
:data:`FirstPages` lookup; returns the ``counter(page)`` of each page and the
``counter(pages)`` every page shows."""


@dataclass
class _Counters:
    renumber: Renumber
    numbers: list[int] | None = None
    total: int = 0


_active: list[_Counters] = []
_offprints: list[Offprints] = []
_original_margin_boxes = getattr(_layout, "make_margin_boxes", None)


def _make_margin_boxes(context, page, state):  # type: ignore[no-untyped-def]
    """WeasyPrint's ``make_margin_boxes`` with the innermost :func:`page_counters`'
    numbers, also giving the innermost :func:`offprint_pages` its page boxes."""
    quote_depth, values, scopes, groups = state
    if _active:
        counters = _active[-1]
        if counters.numbers is None:
            pages = len(context.page_maker) - 1
            numbers, counters.total = counters.renumber(
                pages, lambda name: _first_pages(context, name)
            )
            counters.numbers = list(numbers)
        local = context.current_page
        values = {**values, "page": [counters.numbers[local - 1]], "pages": [counters.total]}
    state = (quote_depth, values, scopes, groups)
    margins = list(_original_margin_boxes(context, page, state))  # type: ignore[misc]
    if _offprints:
        _offprints[-1].add(context, page, state)
    return margins


def _first_pages(context, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Each value of the CSS string ``name`` -> the first page that sets it."""
    found: dict[str, int] = {}
    for number, values in sorted(context.string_set[name].items()):
        for value in values:
            found.setdefault(value, number)
    return found


@contextmanager
def _hooked(stack: list[T], item: T) -> Iterator[T]:
    """``item`` on ``stack`` while the block runs, WeasyPrint's function replaced for
    the whole process while any such block is open: worker processes open one
    around each layout."""
    stack.append(item)
    _layout.make_margin_boxes = _make_margin_boxes
    try:
        yield item
    finally:
        stack.pop()
        if not _active and not _offprints:
            _layout.make_margin_boxes = _original_margin_boxes


@contextmanager
def page_counters(renumber: Renumber) -> Iterator[None]:
    """While laying out inside this block, margin boxes count pages as ``renumber`` says."""
    with _hooked(_active, _Counters(renumber)):
        yield


# --- Handouts cut from the publication's pages -----------------------------------

OFFPRINT_COUNTER = "offprint"
"""The counter that tells a page's margin boxes whose page they are: 0 (unset)
on the publication's, 1 on a handout's. The print stylesheet's counter styles
turn it into the running head and foot each of them shows."""


@dataclass
class Offprints:
    """The pages of the sections ``anchors`` start, as a handout shows them: the
    same page boxes with a second set of margin boxes, numbered within the
    section ("page 1 of 3") and with :data:`OFFPRINT_COUNTER` at 1.

    WeasyPrint builds each page's margin boxes once the whole document is
    paginated (``make_margin_boxes``), so the second set costs two or three
    small boxes a page rather than a handout's whole layout.
    """

    anchors: frozenset[str]
    starts: str
    """The CSS string (``string-set``) each section sets to its anchor on its first page."""
    pages: dict[str, list[object]] = field(default_factory=dict)
    """Anchor -> its page boxes with the handout's margin boxes, in order."""
    _context: object = None
    _where: dict[int, tuple[str, int, int]] = field(default_factory=dict)

    def add(self, context, page, state) -> None:  # type: ignore[no-untyped-def]
        """Called for every page of a layout, once it is paginated."""
        if context is not self._context:  # a new layout: a part laid out again
            self._context, self.pages = context, {}
            self._where = self._sections(context)
        where = self._where.get(context.current_page)
        if where is None:
            return
        anchor, number, total = where
        quote_depth, values, scopes, groups = state
        values = {**values, "page": [number], "pages": [total], OFFPRINT_COUNTER: [1]}
        margins = _original_margin_boxes(  # type: ignore[misc]
            context, page, (quote_depth, values, scopes, groups)
        )
        root, footnotes, notes = page.children
        box = page.copy()
        box.children = (root, *(area for area in (footnotes, notes) if area.children), *margins)
        _layout.layout_backgrounds(box, context.get_image_from_uri)
        self.pages.setdefault(anchor, []).append(box)

    def _sections(self, context) -> dict[int, tuple[str, int, int]]:  # type: ignore[no-untyped-def]
        """Page -> (the section's anchor, its number within the section, the section's pages)."""
        starts = _first_pages(context, self.starts)
        firsts = sorted(set(starts.values()))
        after = len(context.page_maker)  # one past the last page
        where = {}
        for anchor in self.anchors & starts.keys():
            first = starts[anchor]
            end = next((p for p in firsts if p > first), after)
            for page in range(first, end):
                where[page] = (anchor, page - first + 1, end - first)
        return where


@contextmanager
def offprint_pages(anchors: frozenset[str], starts: str) -> Iterator[Offprints]:
    """While laying out inside this block, keep the handout pages of ``anchors``."""
    with _hooked(_offprints, Offprints(anchors, starts)) as offprints:
        yield offprints


def offprint_document(
    document: weasyprint.Document,
    boxes: Sequence[object],
    *,
    anchor: str,
    title: str,
    description: str,
) -> weasyprint.Document:
    """A document of page boxes from :class:`Offprints`, with ``document``'s fonts and
    metadata under its own title. ``Document.copy`` is WeasyPrint's public way to
    write some of a document's pages; its pages are made from the boxes here.

    Only the anchors of the section ``anchor`` starts (``anchor`` and
    ``anchor--…``) are kept, and only the links that go to them or out of the
    PDF: a part's stand-ins for anchors another part holds, and a link to
    another case study, would lead nowhere in the handout. Such a link's words
    stay, with the publication's page after them ("page 37 in the publication").
    """
    pages = [weasyprint.document.Page(box) for box in boxes]

    def own(name: str) -> bool:
        return name == anchor or name.startswith(f"{anchor}--")

    for page in pages:
        page.anchors = {name: point for name, point in page.anchors.items() if own(name)}
        page.links = [link for link in page.links if link[0] != "internal" or own(link[1])]
    offprint = document.copy(pages)
    offprint.metadata = copy.copy(document.metadata)
    offprint.metadata.title = title
    offprint.metadata.description = description
    return offprint


# --- The PDF as objects --------------------------------------------------------


class _Captured(Exception):
    """Stops WeasyPrint right before it serialises the PDF."""


def pdf_objects(document: weasyprint.Document, **options: object) -> pydyf.PDF:
    """The PDF ``document.write_pdf(**options)`` would write, as objects that pickle.

    Its document-level objects are already kept plain (:func:`plain_document_level`).
    """
    captured: list[pydyf.PDF] = []

    def finisher(_document: object, pdf: pydyf.PDF) -> None:
        captured.append(pdf)
        raise _Captured

    try:
        document.write_pdf(finisher=finisher, **options)
    except _Captured:
        finish_tagging(captured[0])
        plain_document_level(captured[0])
        return _picklable(captured[0])
    raise AssertionError("WeasyPrint did not call the finisher")  # pragma: no cover


# --- A font configuration's files --------------------------------------------


def remove_font_files(config: object) -> None:
    """Delete the folder where a ``FontConfiguration`` unpacked its fonts (10 MB).

    WeasyPrint deletes it in ``__del__``, which a worker process never runs: it
    ends with ``os._exit``, and WeasyPrint's documents hold the configuration
    in reference cycles until then. Harmless on any version: a configuration
    without that folder is left alone.
    """
    folder = getattr(config, "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


# --- Tagging WeasyPrint 70 leaves short of PDF/UA ---------------------------------


def _refnum(value: object) -> int | None:
    """The object number of a pydyf reference (``b"12 0 R"``), or ``None``."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return int(value.split()[0])
    return None


def finish_tagging(pdf: pydyf.PDF) -> None:
    """What an independent PDF/UA check asks of the structure WeasyPrint 70 writes.

    WeasyPrint's own finisher hook hands over the ``pydyf.PDF``, but what is
    changed here is the shape of the objects WeasyPrint builds (its structure
    elements, link annotations and content-stream operators), none of which its
    API describes: so outside the gate it is only tried (:func:`repair_tagging`).

    - **Link annotations print** (``/F 4``): WeasyPrint sets the print flag on
      form widgets only, and PDF/UA (ISO 14289-1, 7.18.1 via PDF/A) wants
      every annotation printable.
    - **Table headers carry /Scope**: WeasyPrint 70 reads ``scope`` only to
      link cells to their headers, never writes it; our tables put column
      headers in ``<thead>`` and row headers in ``<tbody>``.
    - **No empty Span or Div**: the stubs of a part rendered alone (anchors
      another part holds) are empty ``<span>`` elements in a ``<div>``; they
      stay in the page as link targets but leave the structure tree.
    - **Running heads and feet are artifacts**: WeasyPrint marks margin-box
      text as a ``Span`` with an MCID but links its structure elements to
      nothing; that marked content becomes ``/Artifact``.
    - **No Link without text**: a link's ``::after`` (the " (page N)" after a
      cross-reference) is a ``Link`` of its own inside the link's; where the
      line breaks before it, it holds only an annotation, which a screen
      reader announces as a link with no name (outloud LNK-003). Such an
      element's annotations join the enclosing ``Link``.
    """
    objects = pdf.objects
    for obj in objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Link":
            obj["F"] = 4
    root = objects[_refnum(pdf.catalog["StructTreeRoot"]) or 0]
    reachable: set[int] = set()

    def visit(number: int, container: str) -> bool:
        """Walk one element; ``False`` when it is empty and should leave its parent."""
        element = objects[number]
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            return True
        reachable.add(number)
        tag = element.get("S")
        if tag == "/TH":
            attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
            attributes["Scope"] = "/Column" if container == "/THead" else "/Row"
        kids = element.get("K")
        if isinstance(kids, pydyf.Array):
            inside = tag if tag in ("/THead", "/TBody", "/TFoot") else container
            kept = []
            for kid in kids:
                if (n := _refnum(kid)) is None:
                    kept.append(kid)
                elif tag == "/Link" and _annotations_only(objects, n):
                    kept.extend(objects[n]["K"])
                    merged[n] = element.reference
                elif visit(n, inside):
                    kept.append(kid)
            if kept != list(kids):
                element["K"] = pydyf.Array(kept)
            return bool(kept) or tag not in ("/Span", "/Div", "/NonStruct")
        return True

    merged: dict[int, bytes] = {}
    """A ``Link`` that held only annotations -> the enclosing ``Link`` that now holds them."""
    for ref in root["K"]:
        if (number := _refnum(ref)) is not None:
            visit(number, "")
    nums = objects[_refnum(root["ParentTree"]) or 0]["Nums"]
    for index in range(1, len(nums), 2):
        if (parent := merged.get(_refnum(nums[index]) or 0)) is not None:
            nums[index] = parent  # an annotation's /StructParent entry
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, pydyf.Array) or key >= len(pdf.page_references):
            continue
        loose = {mcid for mcid, ref in enumerate(value) if _refnum(ref) not in reachable}
        if loose:
            page = objects[_refnum(pdf.page_references[key]) or 0]
            _artifacts(objects[_refnum(page["Contents"]) or 0], loose)


def repair_tagging(pdf: pydyf.PDF) -> None:
    """:func:`finish_tagging` outside the gate: tried, and given up with a notice (once
    per process) where an untested WeasyPrint shapes its structure otherwise."""
    try:
        finish_tagging(pdf)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        reason = f"the PDF/UA tagging repairs do not fit WeasyPrint {weasyprint.__version__}"
        if reason not in _told:
            _told.add(reason)
            _log.warning("%s (%s): the PDF is tagged, but not repaired", reason, error)


_HEADING = re.compile(r"/H([2-6])")


def lift_headings(pdf: pydyf.PDF) -> None:
    """A handout's headings one level up: its title, the publication's H2, is its H1.

    The handout's pages are laid out as the publication's (cut from them, or
    laid out alone the same way), where a case study sits under its chapter's
    H1; PDF/UA wants a document's headings to start at H1 with no level
    skipped. Structure element names only: no private name, so both paths use it.
    """
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
            tag = obj.get("S")
            if isinstance(tag, str) and (match := _HEADING.fullmatch(tag)):
                obj["S"] = f"/H{int(match.group(1)) - 1}"


def _annotations_only(objects: Sequence[object], number: int) -> bool:
    """Whether object ``number`` is a ``Link`` element holding annotations and no content."""
    element = objects[number]
    if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/Link":
        return False
    kids = element.get("K")
    if not isinstance(kids, pydyf.Array) or not kids:
        return False
    for kid in kids:
        target = objects[_refnum(kid) or 0]
        if not isinstance(target, pydyf.Dictionary) or target.get("Type") != "/OBJR":
            return False
    return True


def _artifacts(stream: pydyf.Stream, mcids: set[int]) -> None:
    """Mark the content of ``mcids`` in a page's content stream as artifacts."""
    commands = stream.stream
    for index in range(len(commands) - 2):
        properties = commands[index + 1]
        if (
            commands[index + 2] == b"BDC"
            and commands[index] == "/Span"
            and isinstance(properties, pydyf.Dictionary)
            and properties.get("MCID") in mcids
        ):
            commands[index : index + 3] = ["/Artifact", b"", b"BMC"]


def _picklable(pdf: pydyf.PDF) -> pydyf.PDF:
    """Plain pydyf streams in place of WeasyPrint's, which keep Pango objects for drawing."""
    for number, obj in enumerate(pdf.objects):
        if isinstance(obj, pydyf.Stream) and type(obj) is not pydyf.Stream:
            plain = pydyf.Stream(obj.stream, obj.extra, obj.compress)
            plain.number, plain.generation = obj.number, obj.generation
            pdf.objects[number] = plain
    return pdf


class _Plain(pydyf.Dictionary):
    """A dictionary written as its own object, outside the compressed object stream."""

    compressible = False  # type: ignore[assignment]


_DOCUMENT_LEVEL = {"/Catalog", "/Pages", "/Page", "/Outlines"}


def plain_document_level(pdf: pydyf.PDF) -> None:
    """Keep the catalog, the page tree and the bookmarks out of the object stream.

    WeasyPrint puts every small object (tens of thousands in a tagged PDF: one
    per structure element) into one compressed object stream, and pypdf parses
    the whole stream to read any one of them: seconds for a long publication.
    Written plainly, the few objects the check after rendering reads cost
    milliseconds, for a few hundred bytes a page.
    """
    outlines = pdf.catalog.get("Outlines")
    if isinstance(outlines, bytes):  # the outline root has no /Type: find it by number
        pdf.objects[int(outlines.split()[0])].__class__ = _Plain
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and (
            obj.get("Type") in _DOCUMENT_LEVEL or ("Title" in obj and "Dest" in obj)
        ):
            obj.__class__ = _Plain


# --- The join's writer -----------------------------------------------------------


def to_bytes(value: object) -> bytes:
    """A value as pydyf writes it inside a dictionary or an array."""
    return pydyf._to_bytes(value)  # type: ignore[no-any-return]


@dataclass
class Packed:
    """Small objects in one compressed object stream (``/Type /ObjStm``)."""

    numbers: list[int]
    """Final numbers of the objects it holds, in order."""
    first: int
    """Where the first object starts, after the table of numbers and offsets."""
    data: bytes
    """The stream's content, compressed as pydyf compresses (zlib, level 9)."""


def pack(objects: Sequence[tuple[int, bytes]]) -> Packed:
    """An object stream laid out as pydyf lays out its one object stream."""
    table: list[int] = []
    position = 0
    for number, data in objects:
        table += [number, position]
        position += len(data) + 1
    header = " ".join(str(value) for value in table).encode()
    compressor = zlib.compressobj(level=9)
    data = compressor.compress(b"\n".join([header, *(data for _, data in objects)]))
    return Packed([number for number, _ in objects], len(header) + 1, data + compressor.flush())


class Raw(pydyf.Object):
    """An object a worker already serialised, written on its own."""

    def __init__(self, number: int, data: bytes) -> None:
        super().__init__()
        self.number, self._data = number, data

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def compressible(self) -> bool:
        return False


class InStream(pydyf.Object):
    """A place held by an object that is in a part's object stream."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


def write(pdf: pydyf.PDF, packs: Sequence[Packed], identifier: bytes) -> bytes:
    """What ``pydyf.PDF.write(output, "1.7", identifier, compress=True)`` writes,
    with the parts' object streams as they come and one more for ``pdf``'s own
    small objects; a cross-reference stream says where everything is."""
    if pdf.info:
        pdf.add_object(pdf.info)
    output = io.BytesIO()

    def line(data: bytes) -> None:
        output.write(data + b"\n")

    line(b"%PDF-1.7")
    line(b"%\xf0\x9f\x96\xa4")
    where: dict[int, tuple[int, int, int]] = {}
    small: list[tuple[int, bytes]] = []
    for obj in pdf.objects[1:]:
        if isinstance(obj, InStream):
            continue
        if obj.compressible:
            small.append((obj.number, obj.data))
        else:
            where[obj.number] = (1, output.tell(), 0)
            line(obj.indirect)
    number = len(pdf.objects)
    streams = [*packs, pack(small)]
    for stream in streams:
        where[number] = (1, output.tell(), 0)
        extra = b"/Type /ObjStm /N %d /First %d" % (len(stream.numbers), stream.first)
        line(_stream_object(number, extra, stream.data))
        for index, held in enumerate(stream.numbers):
            where[held] = (2, number, index)
        number += 1
    position = output.tell()
    where[number] = (1, position, 0)
    size = number + 1
    longest = max(len(stream.numbers) for stream in streams)
    widths = (1, ceil(log(position + 1, 256)), ceil(log(max(65535, longest) + 1, 256)))
    rows = [(0, 0, 65535)] + [where[n] for n in range(1, size)]
    table = b"".join(
        value.to_bytes(width, "big")
        for row in rows
        for width, value in zip(widths, row, strict=True)
    )
    digest = hashlib.md5(output.getvalue()).hexdigest().encode()
    extra = b"/Type /XRef /Index [0 %d] /W [%d %d %d] /Size %d /Root %s" % (
        size,
        *widths,
        size,
        pdf.catalog.reference,
    )
    if pdf.info:
        extra += b" /Info " + pdf.info.reference
    extra += b" /ID [" + pydyf.String(identifier).data + b" " + pydyf.String(digest).data + b"]"
    compressor = zlib.compressobj(level=9)
    line(_stream_object(number, extra, compressor.compress(table) + compressor.flush()))
    line(b"startxref")
    line(b"%d" % position)
    line(b"%%EOF")
    return output.getvalue()


def _stream_object(number: int, extra: bytes, data: bytes) -> bytes:
    """A compressed stream object, laid out as pydyf lays one out."""
    head = b"<<%s /Filter /FlateDecode /Length %d>>" % (extra, len(data))
    return b"%d 0 obj\n" % number + b"\n".join((head, b"stream", data, b"endstream")) + b"\nendobj"
