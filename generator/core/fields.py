"""Every front-matter field, declared once.

The validator reads these declarations to check a file, the JSON Schema that
editors point their editor at is generated from them, and the editors' guide
lists them: one source, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import NATIONS, SETTINGS, STATUSES

Kind = Literal[
    "text", "line", "int", "number", "bool", "date", "choice", "url", "email", "list", "map"
]


@dataclass(frozen=True)
class Field:
    """One key of the front matter and the rule its value follows."""

    name: str
    kind: Kind
    description: str
    """What the field is for, in the editor's words (also the schema's description)."""
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    item: Field | None = None
    """For a list: the rule each item follows."""
    fields: tuple[Field, ...] = ()
    """For a map: its keys."""
    min_items: int | None = None
    max_items: int | None = None
    unique: bool = False
    """For a list: no item may repeat."""
    lowercase: bool = False
    pattern: str | None = None
    example: object = None
    """A value that passes, shown in messages and in the guide."""

    def field(self, name: str) -> Field:
        for child in self.fields:
            if child.name == name:
                return child
        raise KeyError(name)


def _texts(name: str, description: str, example: str) -> Field:
    return Field(
        name,
        "list",
        description,
        item=Field("item", "text", "One statement.", min_length=3, max_length=300),
        example=[example],
    )


PRACTICE = Field(
    "practice",
    "map",
    "The practice that tells its story.",
    required=True,
    fields=(
        Field(
            "name",
            "line",
            "The practice's name.",
            required=True,
            min_length=3,
            max_length=100,
            example="Example Surgery",
        ),
        Field(
            "town",
            "line",
            "Town or city.",
            required=True,
            min_length=2,
            max_length=60,
            example="Anytown",
        ),
        Field("nation", "choice", "UK nation.", required=True, choices=NATIONS, example="England"),
        Field(
            "list_size",
            "int",
            "Registered patients, a whole number.",
            minimum=100,
            maximum=250_000,
            example=9800,
        ),
        Field("setting", "choice", "Urban, rural or mixed.", choices=SETTINGS, example="urban"),
        Field(
            "website",
            "url",
            "The practice's website, starting https://.",
            pattern=r"^https://[^\s/$.?#][^\s]*$",
            example="https://www.example.org",
        ),
    ),
)

OUTCOME = Field(
    "outcome",
    "map",
    "One measured result.",
    fields=(
        Field(
            "measure",
            "line",
            "What was measured.",
            required=True,
            min_length=3,
            max_length=120,
            example="Calls to reception before 10am",
        ),
        Field("after", "number", "The figure after the change.", required=True, example=190),
        Field("before", "number", "The figure before the change.", example=410),
        Field(
            "unit", "line", "The unit, such as 'calls a day'.", max_length=40, example="calls a day"
        ),
        Field(
            "period",
            "line",
            "When or over what time it was measured.",
            max_length=60,
            example="March 2014",
        ),
    ),
)

CASE_STUDY = Field(
    "case study",
    "map",
    "The front matter of a case study.",
    fields=(
        Field(
            "title",
            "line",
            "The headline: one line.",
            required=True,
            min_length=10,
            max_length=120,
            example="Online repeat prescriptions halved the morning phone queue",
        ),
        PRACTICE,
        Field(
            "themes",
            "list",
            "1 to 4 theme ids from content/themes.yml; the first is the primary theme.",
            required=True,
            item=Field("theme", "line", "A theme id."),
            min_items=1,
            max_items=4,
            unique=True,
            example=["online-repeat-prescriptions", "telephony"],
        ),
        Field(
            "summary",
            "text",
            "One or two plain sentences, shown on cards and in the PDF.",
            required=True,
            min_length=20,
            max_length=400,
            example="Moving repeat requests online freed the phone lines in the morning.",
        ),
        Field(
            "tags",
            "list",
            "Free keywords, lowercase.",
            item=Field("tag", "line", "A keyword.", max_length=30, lowercase=True),
            unique=True,
            example=["sms", "older patients"],
        ),
        _texts("benefits", "What went well, one benefit each.", "Fewer calls before 10am."),
        _texts("drawbacks", "What did not go well.", "Older patients were slower to sign up."),
        _texts(
            "barriers", "What stood in the way.", "The clinical system's online module cost extra."
        ),
        Field(
            "outcomes",
            "list",
            "Measured results.",
            item=OUTCOME,
            example=[
                {"measure": "Calls before 10am", "before": 410, "after": 190, "unit": "calls a day"}
            ],
        ),
        Field(
            "patient_views",
            "text",
            "What patients told the practice.",
            max_length=1500,
            example="Patients said ordering at night suited them.",
        ),
        Field(
            "quote",
            "map",
            "A pull quote.",
            fields=(
                Field(
                    "text",
                    "text",
                    "The words quoted.",
                    required=True,
                    min_length=3,
                    max_length=300,
                    example="We should have done this years ago.",
                ),
                Field(
                    "by",
                    "line",
                    "Who said it, by role.",
                    required=True,
                    min_length=2,
                    max_length=100,
                    example="Practice manager",
                ),
            ),
        ),
        Field(
            "costs",
            "text",
            "Set-up and running costs, in words.",
            max_length=300,
            example="About £1,200 to set up and £40 a month.",
        ),
        Field(
            "contact",
            "map",
            "Who to ask about this case study; shown only with publish: true.",
            fields=(
                Field(
                    "name",
                    "line",
                    "Contact's name.",
                    required=True,
                    min_length=2,
                    max_length=100,
                    example="Jo Bloggs",
                ),
                Field("role", "line", "Their role.", max_length=100, example="Practice manager"),
                Field(
                    "email",
                    "email",
                    "Their email address.",
                    max_length=254,
                    pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                    example="practice@example.org",
                ),
                Field(
                    "phone",
                    "line",
                    "Their phone number.",
                    max_length=30,
                    pattern=r"^\+?[0-9][0-9 ()-]{7,}$",
                    example="01632 960000",
                ),
                Field(
                    "publish",
                    "bool",
                    "true to show the contact on the site and in the PDF.",
                    example=False,
                ),
            ),
        ),
        Field(
            "cover_image",
            "map",
            "A picture for the top of the page, from the case study's own folder.",
            fields=(
                Field(
                    "src",
                    "line",
                    "File name, beside index.md.",
                    required=True,
                    example="reception.jpg",
                ),
                Field(
                    "alt",
                    "line",
                    "What the picture shows, for people who cannot see it.",
                    required=True,
                    min_length=5,
                    max_length=250,
                    example="The reception desk with the new call screen",
                ),
            ),
        ),
        Field(
            "submitted",
            "date",
            "The date the practice sent it, YYYY-MM-DD.",
            required=True,
            example="2014-04-12",
        ),
        Field("updated", "date", "The date it was last changed, YYYY-MM-DD.", example="2014-05-02"),
        Field(
            "status",
            "choice",
            "Only published case studies are built.",
            required=True,
            choices=STATUSES,
            example="draft",
        ),
        Field(
            "consent", "bool", "The practice agreed to publication.", required=True, example=True
        ),
    ),
)
"""The whole front matter: the one source of the validator, the schema and the guide."""
