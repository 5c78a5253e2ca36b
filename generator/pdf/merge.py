"""Join parts rendered in separate processes into one tagged PDF.

pypdf can merge PDFs, but on WeasyPrint's tagged output it parses every one of
the tens of thousands of structure elements (about 40 ms a page): longer than
rendering in parallel saves. So the parts are joined one level lower, as the
``pydyf`` objects WeasyPrint was about to write, and the work is shared:

1. each worker :func:`summarise` s its part: how many objects, which are its
   pages, its structure tree's top, its anchors;
2. the parent decides every object's final number and tells each worker, which
   :func:`serialise` s its own objects (renumbered, pages pointed at the joined
   page tree, structure elements at the joined document) in parallel;
3. the parent :func:`assemble` s the few document-level objects (page tree in
   reading order, catalog, structure root and parent tree, named destinations,
   bookmarks) around the serialised bytes and writes the file the way pydyf
   does, except that each part's small objects come in an object stream the
   worker already compressed (compressing one stream of them all was seconds
   of the parent's time, with every core but one idle).

Page content, fonts, images, link annotations and structure elements are kept
exactly as WeasyPrint made them. This module reads them through pydyf's public
classes; what it needs beyond them (serialising a value, the writer) is in
:mod:`weasy_internals`. It runs only inside that module's version gate, which
also covers what it assumes about the shape of WeasyPrint's PDF (one document
element under the structure root, a flat name array, the outline's objects).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pydyf

from .weasy_internals import (
    InStream,
    Packed,
    Raw,
    pack,
    plain_document_level,
    to_bytes,
    write,
)

_REF = re.compile(rb"^(\d+) 0 R$")

Bookmark = tuple[str, tuple[int, float, float], list["Bookmark"], str]
"""WeasyPrint's bookmark tree entry: (label, (local page, x, y), children, state)."""

_OWN_KEYS = ("Type", "Pages", "Names", "Outlines", "StructTreeRoot")
"""Catalog entries the join rebuilds; the frame's others (language, metadata) are kept."""


def _ref(number: int) -> bytes:
    return b"%d 0 R" % number


def _number(ref: object) -> int:
    match = _REF.match(ref) if isinstance(ref, bytes) else None
    if match is None:
        raise ValueError(f"not a reference: {ref!r}")
    return int(match.group(1))


@dataclass
class Summary:
    """What the parent needs to know about a part before numbering the whole."""

    count: int
    """Objects, the free object 0 included."""
    pages: list[int]
    """Local object numbers of its pages, in order."""
    nums: int
    """Keys its structure parent tree uses (pages and annotations)."""
    document: int
    """Local number of its structure tree's document element."""
    own: list[int]
    """Local numbers of the document-level objects the join rebuilds."""
    bookmarks: list[Bookmark]
    stubs: frozenset[str] = frozenset()
    catalog: dict[str, bytes] = field(default_factory=dict)
    """The frame's catalog entries that are kept, serialised."""
    info: dict[str, bytes] = field(default_factory=dict)
    """The frame's document information (title, author, dates), serialised."""


def summarise(pdf: pydyf.PDF, bookmarks: list[Bookmark], stubs: frozenset[str]) -> Summary:
    """Step 1, in the worker."""
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    mapping = pdf.objects[_number(root["ParentTree"])]
    keys = mapping["Nums"][::2]
    own = [pdf.pages.number, pdf.catalog.number, root.number, mapping.number]
    own.append(_number(root["K"][0]))
    outline = pdf.catalog.get("Outlines")
    stack = [_number(outline)] if isinstance(outline, bytes) else []
    while stack:
        number = stack.pop()
        own.append(number)
        stack += [
            _number(pdf.objects[number][k]) for k in ("First", "Next") if k in pdf.objects[number]
        ]
    return Summary(
        count=len(pdf.objects),
        pages=list(pdf.pages["Kids"][::3]),
        nums=(max(keys) + 1) if keys else 0,
        document=_number(root["K"][0]),
        own=own,
        bookmarks=bookmarks,
        stubs=stubs,
        catalog={k: to_bytes(v) for k, v in pdf.catalog.items() if k not in _OWN_KEYS},
        info={k: to_bytes(v) for k, v in pdf.info.items()},
    )


@dataclass
class Placement:
    """Step 2's instructions to one worker."""

    base: int
    """Added to every local object number (0 for the frame)."""
    nums: int
    """Added to every structure-parent key."""
    document: int
    """Final number of the joined structure tree's document element."""
    part: int = 0
    """0 for the frame, then 1, 2… for the chunks."""


@dataclass
class Serialised:
    """A part's objects as bytes, with what the document-level objects need."""

    objects: list[tuple[int, bytes]]
    """(final number, data) of the objects written on their own (streams)."""
    packed: Packed
    """The part's small objects (most are structure elements)."""
    nums: list[tuple[int, bytes]]
    """Structure parent tree entries, keys and values final."""
    elements: list[tuple[bytes, int | None]]
    """Top-level structure elements: (reference, final number of their page)."""
    names: list[tuple[str, bytes]]
    """Named destinations this part really holds: (name, destination)."""


def _renumber(value: object, base: int, seen: set[int]) -> object:
    """``value`` with every reference moved up by ``base``; containers are changed in place."""
    if isinstance(value, bytes):
        match = _REF.match(value)
        return _ref(int(match.group(1)) + base) if match else value
    if isinstance(value, dict | list | pydyf.Stream):
        if id(value) in seen:
            return value
        seen.add(id(value))
        if isinstance(value, pydyf.Stream):
            _renumber(value.extra, base, seen)
        elif isinstance(value, dict):
            for key, item in value.items():
                value[key] = _renumber(item, base, seen)
        else:
            for index, item in enumerate(value):
                value[index] = _renumber(item, base, seen)
    return value


_SUBSET = re.compile(rb"^/([A-Z]{6})\+")


def _retag(pdf: pydyf.PDF, part: int) -> None:
    """Give this part's font subsets names of their own.

    Each part embeds its own subset of the same font, and WeasyPrint names a
    subset after the font, so two parts would carry different subsets under one
    name: a viewer that goes by the name could draw one part with the other's
    glyphs. The tag (``ABCDEF+``) is made from the old tag and the part number.
    """
    for obj in pdf.objects:
        if not isinstance(obj, dict):
            continue
        for key in ("BaseFont", "FontName"):
            value = obj.get(key)
            match = _SUBSET.match(value) if isinstance(value, bytes) else None
            if match:
                digest = hashlib.sha256(match.group(1) + b"%d" % part).digest()
                tag = bytes(65 + b % 26 for b in digest[:6])
                obj[key] = b"/" + tag + value[match.end() - 1 :]


def serialise(pdf: pydyf.PDF, summary: Summary, place: Placement) -> Serialised:
    """Step 2, in the worker: renumber, point at the joined objects, write to bytes."""
    base, own = place.base, set(summary.own)
    if place.part:
        _retag(pdf, place.part)
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    mapping = pdf.objects[_number(root["ParentTree"])]
    document = pdf.objects[summary.document]
    dests = pdf.catalog.get("Names", {}).get("Dests", {}).get("Names", [])
    seen: set[int] = set()
    for obj in pdf.objects[1:]:
        _renumber(obj, base, seen)
    for value in (mapping["Nums"], document["K"], dests):
        _renumber(value, base, seen)
    joined_pages = _ref(1)  # the frame's page tree, rebuilt by the parent
    for number in summary.pages:
        page = pdf.objects[number]
        page["Parent"] = joined_pages
        page["StructParents"] += place.nums
        for annotation in page.get("Annots", ()):
            annotation = pdf.objects[_number(annotation) - base]
            if "StructParent" in annotation:
                annotation["StructParent"] += place.nums
    elements = []
    for ref in document["K"]:
        element = pdf.objects[_number(ref) - base]
        element["P"] = _ref(place.document)
        page_ref = element.get("Pg")
        elements.append((ref, _number(page_ref) if isinstance(page_ref, bytes) else None))
    nums = [
        (key + place.nums, to_bytes(value))
        for key, value in zip(mapping["Nums"][::2], mapping["Nums"][1::2], strict=True)
    ]
    names = []
    for name, target in zip(dests[::2], dests[1::2], strict=True):
        key = name.string if isinstance(name, pydyf.String) else str(name)
        if key not in summary.stubs:
            names.append((key, to_bytes(target)))
    objects, small = [], []
    for number, obj in enumerate(pdf.objects):
        if number and number not in own:
            (small if obj.compressible else objects).append((number + base, obj.data))
    return Serialised(
        objects=objects, packed=pack(small), nums=nums, elements=elements, names=names
    )


@dataclass(frozen=True)
class Entry:
    """One bookmark of the joined PDF."""

    title: str
    page: int
    """Final object number of its page."""
    x: float
    y: float
    children: tuple[Entry, ...] = ()


def assemble(
    frame: Summary,
    parts: Sequence[Serialised],
    pages: Sequence[int],
    outline: Sequence[Entry],
    identifier: bytes,
) -> bytes:
    """Step 3, in the parent: the document-level objects around the parts' bytes.

    ``pages`` is the final number of every page, in reading order; the frame's
    own objects keep their numbers, so its page tree is object 1 and its
    catalog object 2, as pydyf makes them.
    """
    pdf = pydyf.PDF()
    total = 1 + max(
        n for part in parts for n in [*part.packed.numbers, *(o[0] for o in part.objects)]
    )
    total = max(total, frame.count)
    pdf.objects.extend([None] * (total - len(pdf.objects)))  # type: ignore[list-item]
    for part in parts:
        for number, data in part.objects:
            pdf.objects[number] = Raw(number, data)
        for number in part.packed.numbers:
            pdf.objects[number] = InStream(number)
    for number, obj in enumerate(pdf.objects):
        if obj is None:  # a part's own catalog, page tree or bookmark, now unused
            empty = pydyf.Dictionary()
            empty.number = number
            pdf.objects[number] = empty

    kids = pydyf.Array()
    for number in pages:
        kids.extend([number, 0, "R"])
    pdf.pages["Kids"], pdf.pages["Count"] = kids, len(pages)

    position = {number: n for n, number in enumerate(pages)}
    elements, nums = [], pydyf.Array()
    for index, part in enumerate(parts):
        last = 0
        for rank, (ref, page) in enumerate(part.elements):
            last = position.get(page, last) if page is not None else last
            elements.append((last, index, rank, ref))
        for key, value in part.nums:
            nums.extend([key, value])
    root_number, mapping_number = frame.own[2], frame.own[3]
    document = _replace(pdf, frame.document, {"Type": "/StructElem", "S": "/Document"})
    document["P"] = _ref(root_number)
    document["K"] = pydyf.Array(ref for *_, ref in sorted(elements, key=lambda e: e[:3]))
    _replace(pdf, mapping_number, {"Nums": nums})
    _replace(
        pdf,
        root_number,
        {
            "Type": "/StructTreeRoot",
            "ParentTree": _ref(mapping_number),
            "K": pydyf.Array([document.reference]),
        },
    )

    names = {}
    for part in parts:
        for name, target in part.names:
            names.setdefault(name, target)
    dests = pydyf.Array()
    for name in sorted(names):
        dests.extend([pydyf.String(name), names[name]])
    pdf.catalog["Names"] = pydyf.Dictionary({"Dests": pydyf.Dictionary({"Names": dests})})
    pdf.catalog["StructTreeRoot"] = _ref(root_number)
    for key, value in frame.catalog.items():
        pdf.catalog[key] = value
    if outline:
        pdf.catalog["Outlines"] = _outline(pdf, outline)
    for key, value in frame.info.items():
        pdf.info[key] = value
    plain_document_level(pdf)
    return write(pdf, [part.packed for part in parts], identifier)


def _replace(pdf: pydyf.PDF, number: int, values: dict[str, object]) -> pydyf.Dictionary:
    obj = pydyf.Dictionary(values)
    obj.number = number
    pdf.objects[number] = obj
    return obj


def _outline(pdf: pydyf.PDF, outline: Sequence[Entry]) -> bytes:
    """Bookmarks, built the way WeasyPrint builds them (``pdf/anchors.py``)."""

    def add(entries: Sequence[Entry], parent: pydyf.Dictionary) -> int:
        made: list[pydyf.Dictionary] = []
        count = len(entries)
        for entry in entries:
            item = pydyf.Dictionary(
                {
                    "Title": pydyf.String(entry.title),
                    "Dest": pydyf.Array((_ref(entry.page), "/XYZ", entry.x, entry.y, 0)),
                    "Parent": parent.reference,
                }
            )
            pdf.add_object(item)
            if made:
                item["Prev"] = made[-1].reference
                made[-1]["Next"] = item.reference
            made.append(item)
            children = add(entry.children, item)
            item["Count"] = children
            count += children
        if made:
            parent["First"], parent["Last"] = made[0].reference, made[-1].reference
        return count

    root = pydyf.Dictionary({"Type": "/Outlines"})
    pdf.add_object(root)
    root["Count"] = add(outline, root)
    return root.reference
