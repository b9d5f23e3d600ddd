"""The building blocks every model of the format shares: one base model and the basic types.

Both the uppdrag's models (`schema.py`) and the ärende's (`format/arende.py`) are made of these,
so a rule about what text, an amount or a year may be is written once and holds everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years and dates outside this range are typing mistakes; the calendar and Word need a bound."""


GROUPED_INTEGER_PATTERN = r"^[+-]?[1-9][0-9]{0,2}(_[0-9]{3})+$"
"""An integer in groups of three digits, `84_350_000`: ruamel.yaml (the tool, check-jsonschema)
reads it as a number, the editor's YAML 1.2 core schema as text; the format takes it as a number
either way, and as text only in this form."""
GROUPED_NUMBER_PATTERN = r"^[+-]?[1-9][0-9]{0,2}(_[0-9]{3})+(\.[0-9]+)?$"
"""A decimal number whose whole part is in groups of three digits: `84_350_000.50`."""

_GROUPED_INTEGER = re.compile(GROUPED_INTEGER_PATTERN)
_GROUPED_NUMBER = re.compile(GROUPED_NUMBER_PATTERN)
GROUPED_PATTERNS = frozenset(
    pattern.replace("^[+-]?", prefix, 1)
    for pattern in (GROUPED_INTEGER_PATTERN, GROUPED_NUMBER_PATTERN)
    for prefix in ("^[+-]?", "^")
)
"""The digit groups' patterns as a schema may hold them: signed, or (a bound at 0) unsigned."""


def _whole_number(value: Any) -> Any:
    """An integer as written: `true` is not 1, `"12"` is not 12 (YAML says what is a number), and
    digits grouped by `_` are one (`84_350_000`), quoted or not, as the editor sees them."""
    if isinstance(value, bool):
        raise ValueError("ska vara ett heltal, inte true eller false")
    if isinstance(value, str):
        if _GROUPED_INTEGER.match(value):
            return int(value.replace("_", ""))
        if value.strip().lstrip("+-").isdigit():
            raise ValueError("ska vara ett heltal, utan citattecken")
        raise PydanticCustomError("int_parsing", "not an integer")  # said as ever in Swedish
    return value


def _number(value: Any) -> Any:
    """A decimal number; `true` is not 1, and text is a number only as digit groups
    (`84_350_000`), which the editor's YAML 1.2 reads as text."""
    if isinstance(value, bool):
        raise ValueError("ska vara ett tal, inte true eller false")
    if isinstance(value, str):
        if _GROUPED_NUMBER.match(value):
            return Decimal(value.replace("_", ""))
        if _PLAIN_NUMBER.match(value.strip()):
            raise ValueError("ska vara ett tal, utan citattecken")
        raise PydanticCustomError("decimal_parsing", "not a number")  # " 12 ", "1e3", "12 kr"
    return value


_PLAIN_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")


class _NumberSchema:
    """The JSON Schema of a number: a number, or (unbounded above) text of digit groups.

    What the tool takes, the schema takes: the editor's YAML 1.2 reads `84_350_000` as text, so
    the schema allows that text by a pattern and nothing else (not `"12 kr"`, not a date). A
    bound above leaves the text out: a group of digits is at least 1 000, above every such bound
    but a year's, and a year is written without groups. A bound at or above 0 drops the sign.
    """

    def __init__(self, kind: str, pattern: str) -> None:
        self.kind, self.pattern = kind, pattern

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Any:
        inner = handler(core)
        number = {"type": self.kind, **_bounds(inner)}
        return bounded({"anyOf": [number, {"type": "string", "pattern": self.pattern}]})


_BOUND_NAMES = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusiveMinimum",
    "exclusiveMaximum": "exclusiveMaximum",
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}
RAW_BOUNDS = ("ge", "le", "gt", "lt")
"""pydantic's names of a bound it could not put inside a type (`Field(ge=1)` on `int | None`, or
on an annotated type): it writes them into the JSON Schema as they are, which means nothing
there."""


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    """The bounds pydantic put on a number's schema, wherever it put them, as JSON Schema names."""
    found: dict[str, Any] = {}
    for part in [schema, *schema.get("anyOf", [])]:
        for key, value in part.items():
            if key in _BOUND_NAMES:
                found[_BOUND_NAMES[key]] = _plain(value)
    return found


def bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """A number's schema with its bounds where they hold: on every number in it, by their JSON
    Schema names. The text of digit groups goes when there is a bound above (digit groups are
    at least 1 000, above every such bound in the format but a year's, and a year is written
    without groups), and loses its sign when the bound below is 0 or more."""
    raw = {_BOUND_NAMES[k]: _plain(schema.pop(k)) for k in RAW_BOUNDS if k in schema}
    parts = schema.get("anyOf")
    if parts is None:
        return {**schema, **raw} if schema.get("type") in ("integer", "number") else schema
    bounds = {**_bounds({"anyOf": [p for p in parts if "type" in p]}), **raw}
    above = "maximum" in bounds or "exclusiveMaximum" in bounds
    low = bounds.get("minimum", bounds.get("exclusiveMinimum"))
    kept: list[dict[str, Any]] = []
    for part in parts:
        if part.get("type") in ("integer", "number"):
            part = {**part, **bounds}
        elif part.get("type") == "string" and part.get("pattern") in GROUPED_PATTERNS:
            if above:
                continue
            if low is not None and low >= 0:
                part = {**part, "pattern": part["pattern"].replace("^[+-]?", "^", 1)}
        kept.append(part)
    if len(kept) == 1:
        return {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept[0]}
    return {**schema, "anyOf": kept}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    return float(value) if isinstance(value, Decimal) else value


class WholeSchema:
    """The JSON Schema of a number in whole units (kronor without öre): a multiple of 1, or
    digit groups without decimals. Put after the validator that refuses decimals."""

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Any:
        inner = handler(core)
        for part in inner.get("anyOf", [inner]):
            if part.get("type") == "number":
                part["multipleOf"] = 1
            elif "pattern" in part:
                part["pattern"] = part["pattern"].replace("(\\.[0-9]+)?$", "$")
        return inner


def _day(value: Any) -> Any:
    """A date as YAML writes it (2027-01-01), or that text in quotes; never a number."""
    if isinstance(value, bool | int | float | Decimal):
        raise ValueError("ska vara ett datum på formen ÅÅÅÅ-MM-DD")
    return value


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"året {value.year} ligger utanför {FIRST_YEAR}–{LAST_YEAR}")
    return value


_YEAR = "(?:19[0-9]{2}|2[01][0-9]{2}|2200)"
_LEAP_YEAR = "(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)"
DAY_PATTERN = (
    f"^(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    f"|{_LEAP_YEAR}-02-29)$"
)
"""A day that exists, in the years the format allows, as the editor sees it: YAML 1.2 has no
dates, so it is text, and the editor checks `format: date` by its form only."""


Integer = Annotated[
    int, BeforeValidator(_whole_number), _NumberSchema("integer", GROUPED_INTEGER_PATTERN)
]
Number = Annotated[
    Decimal, BeforeValidator(_number), _NumberSchema("number", GROUPED_NUMBER_PATTERN)
]
Flag = Annotated[bool, Strict(), WithJsonSchema({"type": "boolean"})]
Day = Annotated[
    dt.date,
    BeforeValidator(_day),
    AfterValidator(_in_range),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]
Text = Annotated[str, Field(min_length=1)]

PROPERTY_LIMIT = 255
"""Word's document properties (title, author, identifier) hold 255 characters, counted as Word
counts them (`word_length`); python-docx refuses a longer one."""


def word_length(text: str) -> int:
    """The length of `text` as Word counts it: in UTF-16 units, so 😀 and 𝄞 count as two."""
    return len(text.encode("utf-16-le")) // 2


def _fits_a_property(value: str) -> str:
    if word_length(value) > PROPERTY_LIMIT:
        raise PydanticCustomError("property_too_long", "too long for Word")  # in Swedish: UD118
    return value


ONE_LINE_PATTERN = r"^[^\n\r\x85\u2028\u2029]*$"
"""No character that ends a line and can stand in a document (`str.splitlines` also splits on
\\v, \\f and \\x1c–\\x1e, which no document can hold: `document.py` finds them, UD114); escaped
so that Python, pydantic and an editor read the pattern alike."""
Line = Annotated[str, Field(min_length=1, pattern=ONE_LINE_PATTERN)]
"""Text on one line: a name or a title, which a sentence, a table cell, a calendar event or a
document property holds as one line. A block scalar (`|`, `>`) gives it a line break."""
Title = Annotated[
    Line,
    AfterValidator(_fits_a_property),
    Field(json_schema_extra={"maxLength": PROPERTY_LIMIT}),  # the editor counts characters
]
"""A line that becomes a document property (title, author, identifier), within Word's limit."""
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

HTTPS_FOLDER_PATTERN = r"^https://[^\s/?#]+(/[^\s?#]*)?/$"
"""The absolute https address of a folder on the web, ending in `/`: where the register lies."""
HTTPS_ADDRESS_PATTERN = r"^https://[^\s/?#]+\S*$"
WEB_ADDRESS_PATTERN = r"^https?://[^\s/?#]+\S*$"
EMAIL_PATTERN = r'^[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:"]+$'
FEEDBACK_PATTERN = f"({EMAIL_PATTERN})|({HTTPS_ADDRESS_PATTERN})"

TYPE_KEY_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
"""A verksamhetstyp's key in standardkostnader.yaml: `hemtjanst`, `lss.gruppbostad.niva4`."""
KPI_PATTERN = r"^[NU]\d{5}$"
"""A Kolada KPI id: N for a kommun's figures, U for the KPB and quality ones."""
KOLADA_KOMMUN_PATTERN = r"^(\d{4}|G\d+)$"
"""A kommun as Kolada names it (`0580` Linköping, `0000` riket), or a group of kommuner."""
MONTH_DAY_PATTERN = (
    r"^(?:(?:01|03|05|07|08|10|12)-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:04|06|09|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))$"
)
"""A day that every year has, `MM-DD`: `03-31` (not `02-29`)."""

PATTERN_TEXT = {
    HTTPS_FOLDER_PATTERN: "ska vara en https-adress som slutar med '/', t.ex. "
    "https://www.linkoping.se/uppdrag/",
    WEB_ADDRESS_PATTERN: "ska vara en webbadress som börjar med https:// eller http://",
    EMAIL_PATTERN: "ska vara en e-postadress, t.ex. uppdrag@linkoping.se",
    FEEDBACK_PATTERN: "ska vara en e-postadress eller en https-adress till ett formulär",
    TYPE_KEY_PATTERN: "får bara innehålla gemena a–z, siffror, '.' och '-'",
    KPI_PATTERN: "ska vara ett id i Kolada: N eller U och fem siffror, t.ex. U21003",
    KOLADA_KOMMUN_PATTERN: "ska vara en kommun som Kolada skriver den, fyra siffror (0580), "
    "eller en grupp (G…)",
    MONTH_DAY_PATTERN: "ska vara en dag som finns varje år, MM-DD, t.ex. 03-31",
    UPPDRAG_ID_PATTERN: "får bara innehålla gemena a–z, siffror och '-'",
    DOMAIN_PATTERN: "ska vara ett domännamn med gemena a–z, siffror, '-' och '.', t.ex. "
    "linkoping.se",
    IDENT_PATTERN: "får bara innehålla A–Z, a–z, 0–9, '.', '_' och '-', och börja med en bokstav "
    "eller siffra",
}
"""What each pattern of the format asks for, as the message of a value that does not match."""


def given(key: str, value: dict[str, Any] | None = None) -> dict[str, Any]:
    """JSON Schema: `key` is there and not null (or, with `value`, matches it)."""
    return {"required": [key], "properties": {key: value or {"not": {"type": "null"}}}}


class Model(BaseModel):
    """Unknown keys are errors, values stay. A file fills fields by their Swedish keys only
    (`validation.validate` turns the English names off), as the JSON Schema has them; code may
    use the English names."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
