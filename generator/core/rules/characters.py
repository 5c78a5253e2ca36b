"""The ``invisible-character`` rule: hidden characters anywhere in a case-study file.

The contract asks for a warning in the front matter. The story gets the same
warning: it is published too, and a zero-width space or a direction override
there makes its words differ from what an editor reads on screen just as much.
A warning, not an error, because such a character is usually pasted in by
accident and harmless once seen; ``--strict`` makes it fatal.
"""

from __future__ import annotations

import bisect
import re

from ..frontmatter import Pos
from ..invisible import DIRECTION, describe, hidden_runs
from .fields import SeverityReport


def check_hidden_characters(text: str, report: SeverityReport) -> None:
    """Warn at each run of invisible or direction-changing characters in the
    file's ``text`` (decoded, the byte-order mark at its very start removed),
    naming each character; columns count characters, as every rule's do."""
    starts: list[int] | None = None
    for offset, run in hidden_runs(text):
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
        line = bisect.bisect_right(starts, offset) - 1
        names = ", ".join(describe(c) for c in dict.fromkeys(run))
        if len(run) == 1:
            kind = "a direction-changing" if run in DIRECTION else "an invisible"
            message = (
                f"{kind} character, {names}, is hidden here; delete it: it makes this text "
                "differ from the same words typed plainly"
            )
        else:
            message = (
                f"{len(run)} invisible or direction-changing characters in a row ({names}) are "
                "hidden here; delete them: they make this text differ from the same words "
                "typed plainly"
            )
        report(Pos(line + 1, offset - starts[line] + 1), "invisible-character", message, "warning")
