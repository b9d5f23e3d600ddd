"""The Swedish sentence of each error pydantic finds in a file, with the value as written.

pydantic's own words are English and name no value; here every kind of error it reports is said
in Swedish, naming the field as the file has it and quoting the value the author wrote
(`quoting.quoted`: shortened, control characters spelt out), and the codes with checks of their
own (a line break in a title UD117, Word's limit UD118) are told apart from UD112.
"""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.format.base import ONE_LINE_PATTERN, PATTERN_TEXT, PROPERTY_LIMIT, word_length
from uppdrag_docs.format.document import PathKey, format_loc
from uppdrag_docs.quoting import quoted

UNKNOWN = "extra_forbidden"
"""pydantic's kind of an unknown key."""

_TYPE_MESSAGES = {
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "decimal_parsing": "ska vara ett tal",
    "decimal_type": "ska vara ett tal",
    "float_parsing": "ska vara ett tal",
    "date_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "ska vara ett datum utan klockslag",
    "date_type": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "string_type": "ska vara text",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en mappning (nycklar och värden)",
    "model_type": "ska vara en mappning (nycklar och värden)",
    "model_attributes_type": "ska vara en mappning (nycklar och värden)",
    "string_pattern_mismatch": "har fel form",
    "decimal_max_digits": "har för många siffror",
    "decimal_max_places": "har för många decimaler",
    "decimal_whole_digits": "har för många siffror",
    "finite_number": "ska vara ett ändligt tal",
    "datetime_type": "ska vara ett datum och klockslag",
    "datetime_parsing": "ska vara ett datum och klockslag",
    "union_tag_invalid": "har fel form",
    "union_tag_not_found": "har fel form",
    "is_instance_of": "har fel typ",
}


class Said(NamedTuple):
    """What a finding says about one of pydantic's errors."""

    code: Code
    message: str
    at_key: bool
    """Point at the key rather than the value."""


def describe(err: Any, loc: PathKey, allowed: list[str]) -> Said:
    """The finding for one of pydantic's errors at `loc` in the data; `allowed` are the keys
    there, for an unknown key."""
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    name = format_loc(loc) or "filen"
    if kind == "missing":
        return Said(codes.MISSING_KEY, f"obligatoriskt fält '{loc[-1]}' saknas", False)
    if kind == UNKNOWN:
        return Said(codes.UNKNOWN_KEY, _unknown_key(str(loc[-1]), allowed), True)
    if kind in ("literal_error", "enum"):
        return Said(codes.WRONG_VALUE, _unknown_value(name, err), False)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ONE_LINE_PATTERN:
        return Said(
            codes.LINE_BREAK,
            f"'{name}' ska stå på en rad, men {quoted(err.get('input'))} har en radbrytning; "
            "skriv det på samma rad som nyckeln (efter | och > följer en radbrytning, också sist)",
            False,
        )
    if kind in _WORD_LIMITS:
        written = err.get("input")
        return Said(codes.TOO_LONG_FOR_WORD, _WORD_LIMITS[kind](name, written, ctx), False)
    return Said(codes.WRONG_VALUE, _wrong_value(kind, name, err, ctx), False)


def _unknown_key(key: str, allowed: list[str]) -> str:
    message = f"okänd nyckel {quoted(key)}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return message + f"; menade du '{close[0]}'?"
    if allowed:
        return message + "; tillåtna nycklar här: " + ", ".join(sorted(allowed))
    return message


_BOUNDS = {
    "greater_than_equal": ("ska vara minst", "ge"),
    "greater_than": ("ska vara större än", "gt"),
    "less_than_equal": ("får vara högst", "le"),
    "less_than": ("ska vara mindre än", "lt"),
}
"""A number's bound, by pydantic's kind of error: the words, and the key of the bound."""


def _wrong_value(kind: str, name: str, err: Any, ctx: dict[str, Any]) -> str:
    """WRONG_VALUE's sentence: the field, the value as written, and what it should be."""
    bad = f"'{name}' är {_shown(err.get('input'))}, men"
    if kind == "string_too_long":
        length = len(str(err.get("input")))
        return f"{bad} {length} tecken; högst {ctx['max_length']}"
    if kind == "too_long":
        return f"'{name}' får ha högst {ctx.get('max_length')} poster"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_TEXT:
        return f"{bad} {PATTERN_TEXT[ctx['pattern']]}"
    if kind == "string_too_short":
        return f"'{name}' får inte vara tomt"
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return f"'{name}' ska ha minst {minimum} post{'er' if minimum != 1 else ''}"
    if kind in _BOUNDS:
        words, bound = _BOUNDS[kind]
        return f"{bad} {words} {ctx.get(bound)}"
    if kind == "value_error":
        return f"{bad} {ctx.get('error', err['msg'])}"
    # pydantic's own words are English: never shown
    return f"{bad} {_TYPE_MESSAGES.get(kind, 'det är inget giltigt värde här')}"


def _shown(value: Any) -> str:
    """The value a message names: quoted as written, or what kind of thing it is."""
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    if value is None:
        return "tomt"
    return quoted(value)


def _property_too_long(name: str, value: Any, _ctx: dict[str, Any]) -> str:
    return _too_long(name, str(value), PROPERTY_LIMIT) + (
        f", som Word rymmer i ett dokuments egenskaper (titel, författare, id){_astral(value)}"
    )


def _composed_too_long(name: str, value: Any, ctx: dict[str, Any]) -> str:
    return _too_long(name, str(value), ctx["room"]) + (
        f": {ctx['what']}, {quoted(ctx['composed'])}, ska rymmas i de {PROPERTY_LIMIT} tecken "
        f"Word har för ett dokuments titel{_astral(value)}"
    )


def _too_long(name: str, value: str, limit: int) -> str:
    return (
        f"'{name}' är {word_length(value)} tecken som Word räknar dem, men får vara högst {limit}"
    )


def _astral(value: Any) -> str:
    """A word on why 😀 counts as two, when the text has such a character."""
    return (
        " (ett tecken som 😀 räknas som två)" if word_length(str(value)) > len(str(value)) else ""
    )


_WORD_LIMITS = {"property_too_long": _property_too_long, "composed_too_long": _composed_too_long}
"""The errors of text too long for Word's document properties (UD118), by their kind."""


def _unknown_value(name: str, err: Any) -> str:
    """The value that was written, quoted, and the closest allowed one, as for unknown keys."""
    allowed = _literal_values(err)
    options = ", ".join(repr(a) for a in allowed)
    written = err.get("input")
    if not isinstance(written, str):
        return f"'{name}' är {_shown(written)}, men ska vara något av: {options}"
    message = f"okänt värde {quoted(written)} i '{name}'"
    close = difflib.get_close_matches(written, allowed, n=1, cutoff=0.6)
    if close:
        return message + f"; menade du '{close[0]}'?"
    return message + f"; tillåtna värden här: {options}"


def _literal_values(err: Any) -> list[str]:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",") if part]
