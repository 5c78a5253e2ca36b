"""The fast reader (libyaml composes) and the event reader build the same tree.

The fast one serves front matter without ``&``, ``*`` or ``!``; the event one
everything else. They must agree to the position, or a message could move.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.frontmatter import _composed_tree, _evented_tree

from .conftest import GOLDEN, ROOT

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="&*!"), max_size=30
)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), _text, st.floats(allow_nan=False))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=20,
)


def _front_matters() -> list[str]:
    files = [*GOLDEN.glob("cases/*.md"), *ROOT.glob("casestudies/**/*.md")]
    out = []
    for path in sorted(files):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        parts = text.split("\n---\n", 1)
        if text.startswith("---\n") and len(parts) == 2:
            out.append(parts[0][4:] + "\n")
    return out


def test_both_readers_agree_on_every_fixture_and_example() -> None:
    compared = 0
    for text in _front_matters():
        fast = _composed_tree(text, 1) if not any(c in text for c in "&*!") else None
        if fast is None:
            continue
        assert fast == _evented_tree(text, 1), text
        compared += 1
    assert compared > 50


@settings(max_examples=150, deadline=None)
@given(_values, st.sampled_from([None, False, True]))
def test_both_readers_agree_on_generated_yaml(value: object, flow: bool | None) -> None:
    text = yaml.safe_dump({"field": value}, default_flow_style=flow, allow_unicode=True)
    fast = _composed_tree(text, 0)
    if fast is not None:
        assert fast == _evented_tree(text, 0)
