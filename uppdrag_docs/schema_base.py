"""The building blocks every model of the format shares: one base model and the basic types.

Both the uppdrag's models (`schema.py`) and the ärende's (`schema_arende.py`) are made of these,
so a rule about what text, an amount or a year may be is written once and holds everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years and dates outside this range are typing mistakes; the calendar and Word need a bound."""


def _whole_number(value: Any) -> Any:
    """An integer as written: `true` is not 1 and `"12"` is not 12 (YAML says what is a number)."""
    if isinstance(value, bool):
        raise ValueError("ska vara ett heltal, inte true eller false")
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        raise ValueError("ska vara ett heltal, utan citattecken")
    return value  # any other text: pydantic says it is not an integer


def _number(value: Any) -> Any:
    """A decimal number; `true` is not 1."""
    if isinstance(value, bool):
        raise ValueError("ska vara ett tal, inte true eller false")
    return value


def _day(value: Any) -> Any:
    """A date as YAML writes it (2027-01-01), or that text in quotes; never a number."""
    if isinstance(value, bool | int | float | Decimal):
        raise ValueError("ska vara ett datum på formen ÅÅÅÅ-MM-DD")
    return value


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"året {value.year} ligger utanför {FIRST_YEAR}–{LAST_YEAR}")
    return value


Integer = Annotated[int, BeforeValidator(_whole_number)]
Number = Annotated[Decimal, BeforeValidator(_number)]
Flag = Annotated[bool, Strict()]
Day = Annotated[dt.date, BeforeValidator(_day), AfterValidator(_in_range)]
Text = Annotated[str, Field(min_length=1)]
Title = Annotated[str, Field(min_length=1, max_length=255)]
"""Text that becomes a document property (title, author, identifier): Word holds 255 characters."""
IDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Ident = Annotated[str, Field(min_length=1, max_length=60, pattern=IDENT_PATTERN)]
"""The id of a criterion, report or tilläggsuppdrag, or a catalogue key: ASCII, no spaces."""
MARKDOWN_MARK = "markdown"
"""Marks a field as Markdown, so that `rules/markup.py` finds every one of them."""
Markdown = Annotated[
    str,
    MARKDOWN_MARK,
    Field(
        min_length=1,
        description="Markdown: stycken, listor, betoning och länkar; ingen rå HTML.",
    ),
]
Share = Annotated[Number, Field(ge=0, le=1)]
Money = Number
Year = Annotated[Integer, Field(ge=FIRST_YEAR, le=LAST_YEAR)]

UPPDRAG_ID_PATTERN = r"^[a-z0-9-]+$"
DOMAIN_PATTERN = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
"""A domain name as a web address has it, `linkoping.se`: the end of every calendar UID."""

PATTERN_TEXT = {
    UPPDRAG_ID_PATTERN: "får bara innehålla gemena a–z, siffror och '-'",
    DOMAIN_PATTERN: "ska vara ett domännamn med gemena a–z, siffror, '-' och '.', t.ex. "
    "linkoping.se",
    IDENT_PATTERN: "får bara innehålla A–Z, a–z, 0–9, '.', '_' och '-', och börja med en bokstav "
    "eller siffra",
}
"""What each pattern of the format asks for, as the message of a value that does not match."""


class Model(BaseModel):
    """Unknown keys are errors, Swedish keys and English names both fill a field, values stay."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
