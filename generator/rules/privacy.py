"""Privacy rules: patient numbers never, contact details only inside ``contact:``.

They scan the whole file as text, comments included: case-study files live in a
repository others may read, so what is merely commented out is still published
there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..frontmatter import Pos

_NHS = re.compile(r"(?<![\d\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d\w])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A 0 or +44, then 9 or 10 more digits, single spaces allowed between them.
_PHONE = re.compile(r"(?<![\w+])(?:\+44 ?|0)(?:\d ?){8,9}\d(?!\d)")


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
    if not any(ch.isdigit() or ch == "@" for ch in text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not any(ch.isdigit() for ch in line) and "@" not in line:
            continue
        for match in _NHS.finditer(line):
            digits = match.group(1) + match.group(3) + match.group(4)
            if nhs_number_valid(digits):
                report(
                    Pos(number, match.start() + 1),
                    "nhs-number",
                    f"'{match.group(0)}' is a valid NHS number; patient-identifiable data must "
                    "never be in a case study, not even in a comment: delete it",
                )
        for match in _EMAIL.finditer(line):
            pos = Pos(number, match.start() + 1)
            if not _inside(pos, allowed):
                report(
                    pos,
                    "email-outside-contact",
                    f"the email address '{match.group(0)}' belongs in 'contact:' (as email:), "
                    "where 'publish' decides whether it is shown; remove it from here",
                )
        for match in _PHONE.finditer(line):
            pos = Pos(number, match.start() + 1)
            if not _inside(pos, allowed):
                report(
                    pos,
                    "phone-outside-contact",
                    f"the phone number '{match.group(0).strip()}' belongs in 'contact:' "
                    "(as phone:), where 'publish' decides whether it is shown; remove it from here",
                )


def _inside(pos: Pos, spans: Sequence[tuple[Pos, Pos]]) -> bool:
    key = (pos.line, pos.column)
    return any((start.line, start.column) <= key < (end.line, end.column) for start, end in spans)
