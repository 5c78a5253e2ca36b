"""Join parts rendered in separate processes into one tagged PDF, before it is written.

pypdf can merge PDFs, but on WeasyPrint's tagged output it parses every one of
the tens of thousands of structure elements (about 40 ms a page): longer than
rendering the parts in parallel saves. So the parts are joined one level
lower, as the ``pydyf`` object lists WeasyPrint was about to write: a part's
objects are renumbered after the frame's, and only the document-level objects
are rebuilt, namely the page tree (in reading order), the structure tree's
document element and parent tree, the named destinations and the bookmarks.
Everything else (page content, fonts, images, link annotations, structure
elements) is kept exactly as WeasyPrint made it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pydyf

_REF = re.compile(rb"^(\d+) 0 R$")

Bookmark = tuple[str, tuple[int, float, float], list["Bookmark"], str]
"""WeasyPrint's bookmark tree entry: (label, (local page, x, y), children, state)."""


@dataclass
class Part:
    """One part as a worker rendered it, ready to be joined."""

    pdf: pydyf.PDF
    bookmarks: list[Bookmark]
    """In PDF coordinates (``make_bookmark_tree(scale, transform_pages=True)``)."""
    stubs: frozenset[str] = frozenset()
    """Anchors this part only holds stand-ins for."""
    pages: list[int] = field(default_factory=list)
    """Object numbers of its pages once joined (filled in by :func:`join`)."""


@dataclass(frozen=True)
class Entry:
    """One bookmark of the joined PDF."""

    title: str
    part: int
    page: int
    """0-based page within its part."""
    x: float
    y: float
    children: tuple[Entry, ...] = ()


def _ref(number: int) -> bytes:
    return b"%d 0 R" % number


def _number(ref: object) -> int:
    assert isinstance(ref, bytes), ref
    match = _REF.match(ref)
    assert match, ref
    return int(match.group(1))


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


def _empty(pdf: pydyf.PDF, number: int) -> None:
    """Replace a part's own document-level object, now unused, with an empty dictionary."""
    empty = pydyf.Dictionary()
    empty.number = number
    pdf.objects[number] = empty


def _outline_objects(pdf: pydyf.PDF, root_ref: object) -> list[int]:
    """Numbers of a part's outline root and items, to be emptied."""
    if not isinstance(root_ref, bytes):
        return []
    numbers, stack = [], [_number(root_ref)]
    while stack:
        number = stack.pop()
        numbers.append(number)
        obj = pdf.objects[number]
        for key in ("First", "Next"):
            if isinstance(obj.get(key), bytes):
                stack.append(_number(obj[key]))
    return numbers


def join(
    parts: Sequence[Part], order: Sequence[tuple[int, int]], outline: Sequence[Entry]
) -> pydyf.PDF:
    """One PDF: the frame (``parts[0]``) with the other parts' objects added.

    ``order`` lists every page of the result as (part, 0-based page in the part).
    """
    final = parts[0].pdf
    for index, part in enumerate(parts):
        pdf = part.pdf
        base = 0 if index == 0 else len(final.objects) - 1
        if index:
            seen: set[int] = set()
            for obj in pdf.objects[1:]:
                _renumber(obj, base, seen)
            for obj in pdf.objects[1:]:
                obj.number += base
                final.objects.append(obj)
                assert final.objects[obj.number] is obj
        part.pages = [number + base for number in pdf.pages["Kids"][::3]]

    _join_pages(final, parts, order)
    _join_structure(final, parts, order)
    _join_names(final, parts)
    _join_outline(final, parts, outline)
    return final


def _join_pages(final: pydyf.PDF, parts: Sequence[Part], order: Sequence[tuple[int, int]]) -> None:
    """The page tree in reading order; the parts' own page trees are emptied."""
    kids = pydyf.Array()
    for part, page in order:
        number = parts[part].pages[page]
        kids.extend([number, 0, "R"])
        final.objects[number]["Parent"] = final.pages.reference
    final.pages["Kids"] = kids
    final.pages["Count"] = len(order)
    for part in parts[1:]:
        _empty(final, part.pdf.pages.number)
        _empty(final, part.pdf.catalog.number)


def _join_structure(
    final: pydyf.PDF, parts: Sequence[Part], order: Sequence[tuple[int, int]]
) -> None:
    """One structure tree: every part's elements, in reading order, under one document."""
    position = {parts[p].pages[i]: n for n, (p, i) in enumerate(order)}
    root = final.objects[_number(final.catalog["StructTreeRoot"])]
    document = final.objects[_number(root["K"][0])]
    mapping = final.objects[_number(root["ParentTree"])]
    nums, elements, offset = pydyf.Array(), [], 0
    for index, part in enumerate(parts):
        part_root = final.objects[_number(part.pdf.catalog["StructTreeRoot"])]
        part_document = final.objects[_number(part_root["K"][0])]
        part_mapping = final.objects[_number(part_root["ParentTree"])]
        keys = part_mapping["Nums"][::2]
        for key, value in zip(keys, part_mapping["Nums"][1::2], strict=True):
            nums.extend([key + offset, value])
        for number in part.pages:
            page = final.objects[number]
            page["StructParents"] += offset
            for annotation in page.get("Annots", ()):
                annotation = final.objects[_number(annotation)]
                if "StructParent" in annotation:
                    annotation["StructParent"] += offset
        last = 0
        for rank, ref in enumerate(part_document["K"]):
            element = final.objects[_number(ref)]
            page_ref = element.get("Pg")
            if isinstance(page_ref, bytes):
                last = position[_number(page_ref)]
            element["P"] = document.reference
            elements.append((last, index, rank, ref))
        offset += (max(keys) + 1) if keys else 0
        if index:
            for obj in (part_root, part_document, part_mapping):
                _empty(final, obj.number)
    mapping["Nums"] = nums
    document["K"] = pydyf.Array(ref for *_, ref in sorted(elements, key=lambda e: e[:3]))


def _join_names(final: pydyf.PDF, parts: Sequence[Part]) -> None:
    """Named destinations: each anchor from the part that really holds it."""
    names: dict[str, object] = {}
    for part in parts:
        dests = part.pdf.catalog.get("Names", {}).get("Dests", {}).get("Names", [])
        for name, target in zip(dests[::2], dests[1::2], strict=True):
            key = name.string if isinstance(name, pydyf.String) else str(name)
            if key not in part.stubs:
                names.setdefault(key, target)
    array = pydyf.Array()
    for key in sorted(names):
        array.extend([pydyf.String(key), names[key]])
    final.catalog.setdefault("Names", pydyf.Dictionary())["Dests"] = pydyf.Dictionary(
        {"Names": array}
    )


def _join_outline(final: pydyf.PDF, parts: Sequence[Part], outline: Sequence[Entry]) -> None:
    """Bookmarks rebuilt from the given tree (WeasyPrint's own, joined by the caller)."""
    old = []
    for part in parts:
        old += _outline_objects(final, part.pdf.catalog.get("Outlines"))
    for number in old:
        _empty(final, number)
    if not outline:
        final.catalog.pop("Outlines", None)
        return

    def add(entries: Sequence[Entry], parent: pydyf.Dictionary) -> int:
        made, count = [], len(entries)
        for entry in entries:
            page = parts[entry.part].pages[entry.page]
            item = pydyf.Dictionary(
                {
                    "Title": pydyf.String(entry.title),
                    "Dest": pydyf.Array((_ref(page), "/XYZ", entry.x, entry.y, 0)),
                    "Parent": parent.reference,
                }
            )
            final.add_object(item)
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
    final.add_object(root)
    root["Count"] = add(outline, root)
    final.catalog["Outlines"] = root.reference
