"""The Swedish sentence of each error pydantic finds in a file, with the value as written.

pydantic's own words are English and name no value; here every kind of error it reports is said
in Swedish, naming the field as the file has it and quoting the value the author wrote
(`quoting.quoted`: shortened, control characters spelt out), and the codes with checks of their
own (a line break in a title UD117, Word's limit UD118) are told apart from UD112.
"""

from __future__ import annotations

import difflib
from typing import Any

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


def describe(err: Any, loc: PathKey, allowed: list[str]) -> tuple[Code, str, bool]:
    """(code, Swedish message, point at the key rather than the value) for one of pydantic's
    errors at `loc` in the data; `allowed` are the keys there, for an unknown key."""
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    name = format_loc(loc) or "filen"
    if kind == "missing":
        return codes.MISSING_KEY, f"obligatoriskt fält '{loc[-1]}' saknas", False
    if kind == UNKNOWN:
        key = str(loc[-1])
        message = f"okänd nyckel {quoted(key)}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message += f"; menade du '{close[0]}'?"
        elif allowed:
            message += "; tillåtna nycklar här: " + ", ".join(sorted(allowed))
        return codes.UNKNOWN_KEY, message, True
    if kind in ("literal_error", "enum"):
        return codes.WRONG_VALUE, _unknown_value(name, err), False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ONE_LINE_PATTERN:
        return (
            codes.LINE_BREAK,
            f"'{name}' ska stå på en rad, men {quoted(err.get('input'))} har en radbrytning; "
            "skriv det på samma rad som nyckeln (efter | och > följer en radbrytning, också sist)",
            False,
        )
    if kind in _WORD_LIMITS:
        written = err.get("input")
        return codes.TOO_LONG_FOR_WORD, _WORD_LIMITS[kind](name, written, ctx), False
    bad = f"'{name}' är {_shown(err.get('input'))}, men"
    if kind == "string_too_long":
        length = len(str(err.get("input")))
        return codes.WRONG_VALUE, f"{bad} {length} tecken; högst {ctx['max_length']}", False
    if kind == "too_long":
        return codes.WRONG_VALUE, f"'{name}' får ha högst {ctx.get('max_length')} poster", False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_TEXT:
        return codes.WRONG_VALUE, f"{bad} {PATTERN_TEXT[ctx['pattern']]}", False
    if kind in ("too_short", "string_too_short"):
        minimum = ctx.get("min_length", 1)
        if kind == "string_too_short":
            return codes.WRONG_VALUE, f"'{name}' får inte vara tomt", False
        return (
            codes.WRONG_VALUE,
            f"'{name}' ska ha minst {minimum} post{'er' if minimum != 1 else ''}",
            False,
        )
    if kind == "greater_than_equal":
        return codes.WRONG_VALUE, f"{bad} ska vara minst {ctx.get('ge')}", False
    if kind == "greater_than":
        return codes.WRONG_VALUE, f"{bad} ska vara större än {ctx.get('gt')}", False
    if kind == "less_than_equal":
        return codes.WRONG_VALUE, f"{bad} får vara högst {ctx.get('le')}", False
    if kind == "less_than":
        return codes.WRONG_VALUE, f"{bad} ska vara mindre än {ctx.get('lt')}", False
    if kind == "value_error":
        reason = str(ctx.get("error", err["msg"]))
        return codes.WRONG_VALUE, f"{bad} {reason}", False
    if kind not in _TYPE_MESSAGES:  # pydantic's own words are English: never shown
        return codes.WRONG_VALUE, f"{bad} det är inget giltigt värde här", False
    return codes.WRONG_VALUE, f"{bad} {_TYPE_MESSAGES[kind]}", False


def _shown(value: Any) -> str:
    """The value a message names: quoted as written, or what kind of thing it is."""
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    if value is None:
        return "tomt"
    return quoted(value)


def _property_too_long(name: str, value: Any, ctx: dict[str, Any]) -> str:
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
