"""Property tests: the loader and the validator never raise, whatever they are given.

Arbitrary bytes, YAML-ish text (real YAML dumped from random nested structures,
then mutated), and arbitrary Markdown bodies under a valid front matter. Each
property runs a modest number of examples so the file takes about ten seconds;
``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.casestudy import read_case_study
from generator.core.frontmatter import Pos, parse_yaml, split
from generator.core.load import check_publication, load_publication
from generator.core.model import Theme

from .conftest import GOLDEN, ROOT

settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

THEMES = (Theme("telephony", "Phones", "Phones."), Theme("patient-feedback", "Views", "Views."))
VALID = (GOLDEN / "cases" / "valid-minimal.md").read_text(encoding="utf-8")
FRONT, _, _ = VALID.partition("\n---\n\n")
FRONT += "\n---\n\n"


def read(data: bytes, folder: Path | None = None):
    result, checked = (
        read_case_study(
            data,
            path="casestudies/x.md",
            slug="x",
            folder=folder,
            folder_rel="casestudies/x" if folder else None,
            themes=THEMES,
            convert=convert,
        )
        for convert in (True, False)
    )
    for problem in result.problems:
        assert problem.rule != "internal-error", problem.message
        assert problem.line >= 1 and problem.column >= 1
        assert problem.severity in ("error", "warning")
        assert problem.message and "\n" not in problem.rule
    assert (result.case is None) == any(p.severity == "error" for p in result.problems)
    # What validate reports (stories read the fast way) is what a build sees.
    assert checked.problems == result.problems
    return result


# --- strategies -------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["yes", "no", "on", "off", "NO", "~", "&a", "*a", "!!str", "---", "..."]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "title",
            "practice",
            "name",
            "town",
            "nation",
            "themes",
            "summary",
            "contact",
            "quote",
            "email",
            "phone",
            "publish",
            "submitted",
            "updated",
            "status",
            "consent",
            "tags",
            "outcomes",
            "after",
            "before",
            "measure",
            "cover_image",
            "src",
            "alt",
            "list_size",
        ]
    ),
    st.text(max_size=12),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=25,
)


YAML_PIECES = (
    ": ", "- ", "\n", "  ", "\t", "'", '"', "&a ", "*a", "!!int ", "? ", "#",
    "{", "}", "[", "]", "|", ">-", "---\n", "...\n", "%YAML 1.2\n",
)  # fmt: skip


@st.composite
def yamlish(draw) -> str:
    """YAML dumped from a random structure, then cut, spliced or sprinkled with YAML syntax."""
    text = yaml.safe_dump(draw(structures), allow_unicode=draw(st.booleans()), sort_keys=False)
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            piece = draw(
                st.one_of(
                    st.sampled_from(YAML_PIECES),
                    st.text(max_size=5),
                )
            )
            text = text[:where] + piece + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 5)) :]
        else:
            end = draw(st.integers(where, len(text)))
            text = text[:end] + text[where:end] + text[end:]
    return text


markdown_pieces = st.sampled_from(
    [
        "# ", "## ", "Title\n===\n", "- ", "1. ", "> ", "```\n", "~~~", "    ", "\n\n", "\n",
        "[a](", ")", "![", "](x.png)", "](other.md)", "](https://e.org)", "](javascript:x)",
        "<b>", "</b>", "<div>", "</div>", "<!--", "-->", "`", "*", "_", "|", "| --- |",
        "[^1]", "[^1]: note", "!!! note\n    ", "&amp;", "<https://e.org>", "<a@b.co>",
        "943 476 5919", "01632 960000", "+44 1632 960000", "jo@example.org", "\\", "\t",
        "[x]: javascript:y", "[x][]", "<", ">", "&", "\x00", "\u202e", "é", "😀",
    ]
)  # fmt: skip
markdown_bodies = st.lists(st.one_of(markdown_pieces, st.text(max_size=20)), max_size=40).map(
    "".join
)


# --- properties -----------------------------------------------------------------


@given(st.binary(max_size=2000))
def test_split_never_raises_on_bytes(data: bytes) -> None:
    parts = split(data)
    assert parts.front_matter is not None or parts.problems


@given(st.binary(max_size=2000))
def test_read_case_study_never_raises_on_bytes(data: bytes) -> None:
    read(data)


@given(st.binary(max_size=300))
def test_bytes_after_a_front_matter_opening(data: bytes) -> None:
    read(b"---\n" + data)
    read(b"---\ntitle: x\n---\n" + data)


@given(yamlish())
def test_parse_yaml_never_raises(text: str) -> None:
    _, problems = parse_yaml(text, line_offset=1)
    for problem in problems:
        assert problem.line >= 2 and problem.column >= 1


@given(yamlish())
def test_read_case_study_never_raises_on_yamlish_front_matter(text: str) -> None:
    read(f"---\n{text}---\n\n## What we did\n\nWords.\n".encode())


@given(st.dictionaries(keys, structures, max_size=8))
def test_valid_file_with_random_extra_fields(extra: dict) -> None:
    text = FRONT.replace("\n---\n\n", "\n" + yaml.safe_dump(extra) + "---\n\n", 1)
    read((text + "## Story\n\nWords here.\n").encode())


@given(markdown_bodies)
def test_read_case_study_never_raises_on_markdown(body: str) -> None:
    result = read((FRONT + body).encode("utf-8", "surrogatepass"))
    for problem in result.problems:
        assert problem.line >= 1


@given(markdown_bodies)
def test_markdown_in_a_folder_with_images(body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "x.png").write_bytes(b"\x89PNG")
        read((FRONT + body).encode("utf-8", "surrogatepass"), folder=folder)


@given(st.text(max_size=500))
def test_read_case_study_never_raises_on_text(text: str) -> None:
    read(text.encode("utf-8", "surrogatepass"))
    read((FRONT + text).encode("utf-8", "surrogatepass"))


@settings(max_examples=max(10, settings.default.max_examples // 4))  # each makes a project
@given(
    st.dictionaries(
        st.sampled_from(
            ["a.md", "b.md", "B.md", "c/index.md", "c/x.png", "d/x.txt", "notes.txt", "e_f.md"]
        ),
        st.one_of(st.binary(max_size=200), markdown_bodies.map(lambda b: (FRONT + b).encode())),
        max_size=6,
    ),
    st.one_of(st.binary(max_size=200), yamlish().map(str.encode)),
)
def test_load_publication_never_raises(files: dict[str, bytes], themes: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "content" / "themes.yml").write_bytes(themes)
        (root / "casestudies").mkdir()
        for rel, data in files.items():
            path = root / "casestudies" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        publication = load_publication(root, drafts=True)
        assert all(p.rule != "internal-error" for p in publication.problems), [
            p.format() for p in publication.problems
        ]
        assert list(publication.problems) == sorted(publication.problems)
        # What validate reports (stories read the fast way) is what a build sees.
        assert check_publication(root).problems == publication.problems


def test_the_real_themes_file_and_examples_load_cleanly() -> None:
    """A sanity check that the strategies' base file is valid."""
    result = read(VALID.encode())
    assert result.problems == []
    assert Pos(1, 1) < Pos(1, 2) < Pos(2, 1)
    assert (ROOT / "content" / "themes.yml").is_file()
