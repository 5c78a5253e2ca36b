"""Privacy rules: patient numbers never, contact details only inside ``contact:``.

They scan the whole file as text, comments included: case-study files live in a
repository others may read, so what is merely commented out is still published
there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from ..frontmatter import Pos

# Each pattern starts with a character class, which lets the regex engine skip
# ahead quickly; the look-behinds then check what comes before the match.
# Ten digits, together or grouped 3-3-4 with spaces or hyphens, alone.
_NHS = re.compile(r"\d(?<!\w\d)\d\d([ -]?)\d{3}\1\d{4}(?![\d\w])")
# Starts only where a run of address characters starts: trying every position
# inside a long run made the search quadratic (hours on a 1 MB line).
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# A 0 or +44 (not inside a word or a longer number), then 9 or 10 more digits,
# single spaces allowed between them.
_PHONE = re.compile(r"[+0](?<![\w+].)(?:(?<=\+)44 ?|(?<=0))(?:\d ?){8,9}\d(?!\d)")


def nhs_number_valid(digits: str) -> bool:
    """The modulus 11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def scan(
    text: str,
    *,
    allowed: Sequence[tuple[Pos, Pos]],
    report: Callable[[Pos, str, str], None],
) -> None:
    """Report NHS numbers anywhere, and emails and phone numbers outside ``allowed``
    (the spans of ``contact.email`` and ``contact.phone``)."""
    # None of the patterns crosses a line end, so the whole text is searched at
    # once (much faster than line by line) and offsets are turned into lines.
    starts: list[int] | None = None

    def pos(offset: int) -> Pos:
        nonlocal starts
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
        index = bisect.bisect_right(starts, offset) - 1
        return Pos(index + 1, offset - starts[index] + 1)

    for match in _NHS.finditer(text):
        digits = match.group(0).replace(" ", "").replace("-", "")
        if nhs_number_valid(digits):
            report(
                pos(match.start()),
                "nhs-number",
                f"'{match.group(0)}' is a valid NHS number; patient-identifiable data must "
                "never be in a case study, not even in a comment: delete it",
            )
    # Only lines with an '@' can hold an address: searching them alone is much
    # faster than trying the pattern at every word of the text.
    at_sign = text.find("@")
    while at_sign >= 0:
        line_start = text.rfind("\n", 0, at_sign) + 1
        line_end = text.find("\n", at_sign)
        line_end = len(text) if line_end < 0 else line_end
        for match in _EMAIL.finditer(text, line_start, line_end):
            at = pos(match.start())
            if not _inside(at, allowed):
                report(
                    at,
                    "email-outside-contact",
                    f"the email address '{match.group(0)}' belongs in 'contact:' (as email:), "
                    "where 'publish' decides whether it is shown; remove it from here",
                )
        at_sign = text.find("@", line_end)
    for match in _PHONE.finditer(text):
        at = pos(match.start())
        if not _inside(at, allowed):
            report(
                at,
                "phone-outside-contact",
                f"the phone number '{match.group(0).strip()}' belongs in 'contact:' "
                "(as phone:), where 'publish' decides whether it is shown; remove it from here",
            )


def _inside(pos: Pos, spans: Sequence[tuple[Pos, Pos]]) -> bool:
    return any(start <= pos < end for start, end in spans)
