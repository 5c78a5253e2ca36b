"""The privacy patterns on their own: NHS numbers, emails and UK phone numbers."""

from __future__ import annotations

import pytest

from generator.core.frontmatter import Pos
from generator.core.rules.privacy import nhs_number_valid, scan


def found(text: str, allowed=()) -> list[tuple[str, int, int]]:
    hits: list[tuple[str, int, int]] = []
    scan(text, allowed=allowed, report=lambda pos, rule, _: hits.append((rule, *pos)))
    return hits


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("9434765918", False),
        ("4010232137", True),
        ("1234567890", False),  # check digit would be 10: never valid
        ("0000000000", True),
        ("943476591", False),
        ("94347659190", False),
        ("943476591a", False),
    ],
)
def test_modulus_11(digits: str, valid: bool) -> None:
    assert nhs_number_valid(digits) is valid


@pytest.mark.parametrize(
    "text",
    ["943 476 5919", "943-476-5919", "9434765919", "(943 476 5919)", "NHS no.943-476-5919."],
)
def test_nhs_numbers_found(text: str) -> None:
    assert [rule for rule, *_ in found(text)] == ["nhs-number"]


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5918",  # wrong check digit
        "943-476 5919",  # mixed separators
        "943  476  5919",  # double spaces
        "19434765919",  # part of a longer number
        "9434765919123",
        "x9434765919",
        "94 34 76 59 19",
    ],
)
def test_not_nhs_numbers(text: str) -> None:
    assert [rule for rule, *_ in found(text) if rule == "nhs-number"] == []


@pytest.mark.parametrize(
    "text",
    [
        "01632 960000",
        "01632960000",
        "0161 496 0000",
        "020 7946 0000",
        "07700 900000",
        "+44 1632 960000",
        "+441632960000",
        "+44 20 7946 0000",
        "call 0800 123 4567 today",
        "01632 96000",  # 0 and 9 more digits: some areas have them
    ],
)
def test_phone_numbers_found(text: str) -> None:
    assert [rule for rule, *_ in found(text)] == ["phone-outside-contact"]


@pytest.mark.parametrize(
    "text",
    [
        "an 0845 number",
        "0300 numbers",
        "list size 9800",
        "01632 9600",  # too short
        "x01632960000",  # inside a word
        "++441632960000",
        "2014-04-12",
        "£10,000 a year",
        "01632-960000",  # hyphens are not the spaces the contract allows
    ],
)
def test_not_phone_numbers(text: str) -> None:
    assert found(text) == []


def test_emails_found_with_their_position() -> None:
    text = "line one\nwrite to jo.bloggs+gp@example.nhs.uk or\nsam@example.org"
    assert found(text) == [
        ("email-outside-contact", 2, 10),
        ("email-outside-contact", 3, 1),
    ]


@pytest.mark.parametrize("text", ["@ the surgery", "a@b", "twitter @practice", "x@y.z"])
def test_not_emails(text: str) -> None:
    assert found(text) == []


def test_contact_spans_allow_email_and_phone_but_never_nhs_numbers() -> None:
    text = "email: jo@example.org\nphone: 01632 960000\nnhs: 943 476 5919\n"
    allowed = [(Pos(1, 8), Pos(1, 22)), (Pos(2, 8), Pos(2, 20)), (Pos(3, 6), Pos(3, 18))]
    assert found(text, allowed) == [("nhs-number", 3, 6)]
    assert len(found(text)) == 3


def test_every_occurrence_on_a_line_is_found() -> None:
    text = "a@example.org b@example.org 01632 960000 01632 960001 943 476 5919 943 476 5919"
    assert [rule for rule, *_ in found(text)].count("email-outside-contact") == 2
    assert [rule for rule, *_ in found(text)].count("phone-outside-contact") == 2
    assert [rule for rule, *_ in found(text)].count("nhs-number") == 2


@pytest.mark.parametrize(
    "text",
    ["a" * 1_000_000 + "@", "a@" + "b" * 1_000_000, "a@" + "b." * 500_000, "0" * 1_000_000],
)
def test_long_runs_are_searched_in_linear_time(text: str) -> None:
    """A 1 MB line once took hours: the email pattern was tried at every letter."""
    import time

    started = time.perf_counter()
    found(text)
    assert time.perf_counter() - started < 5
