"""Validating a loaded document against a model, with findings at the right line and column.

pydantic reports an error's location as a path of field aliases, list indices and union branch
labels. We walk that path through the data to find the node the author wrote (skipping branch
labels), and through the model types to know which keys were allowed there, so an unknown key
can name the closest known one.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, Discriminator, Tag, ValidationError

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.document import Document, PathKey, format_loc
from uppdrag_docs.findings import Finding, Severity

M = TypeVar("M", bound=BaseModel)


def validate(doc: Document, model: type[M]) -> M | None:
    """The model for `doc.data`, or None with the reasons added to `doc.findings`."""
    if not isinstance(doc.data, dict):
        kind = "en lista" if isinstance(doc.data, list) else "ett enstaka värde"
        doc.findings.append(
            doc.finding(
                (),
                codes.NOT_A_MAPPING,
                f"filen ska innehålla nycklar och värden (en mappning), inte {kind}",
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        doc.findings.extend(_findings(doc, model, exc.errors(include_url=False)))
        return None


def _findings(doc: Document, model: type[BaseModel], errors: Sequence[Any]) -> list[Finding]:
    located = [(_data_loc(doc.data, err["loc"], err["type"]), err) for err in errors]
    located = _best_union_branches(located)
    out: list[Finding] = []
    seen: set[tuple[PathKey, str]] = set()
    for (loc, is_key, _), err in located:
        code, message, at_key = _describe(model, err, loc)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        finding = doc.finding(loc, code, message, key=is_key or at_key)
        out.append(finding)
    return out


def _data_loc(data: Any, loc: Sequence[Any], kind: str) -> tuple[PathKey, bool, list[PathKey]]:
    """Follow pydantic's `loc` through the data: (path, points at a key, union branch points)."""
    path: list[str | int] = []
    branches: list[PathKey] = []
    node = data
    is_key = False
    for index, part in enumerate(loc):
        if part == "[key]":
            is_key = True
        elif (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif kind == "missing" and index == len(loc) - 1:
            path.append(part)  # the missing key itself, so the message can name it
        else:
            branches.append(tuple(path))  # a union branch label, not in the data
    return tuple(path), is_key, branches


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _best_union_branches(
    located: list[tuple[tuple[PathKey, bool, list[PathKey]], Any]],
) -> list[tuple[tuple[PathKey, bool, list[PathKey]], Any]]:
    """Of a union's failed branches, keep the one that got deepest into the data."""
    deepest: dict[PathKey, int] = {}
    for (loc, _, branches), _err in located:
        for point in branches:
            deepest[point] = max(deepest.get(point, 0), len(loc))
    return [
        item for item in located if all(len(item[0][0]) >= deepest[point] for point in item[0][2])
    ]


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
    "finite_number": "ska vara ett ändligt tal",
}


def _describe(model: type[BaseModel], err: Any, loc: PathKey) -> tuple[Code, str, bool]:
    """(code, Swedish message, point at the key rather than the value)."""
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    name = format_loc(loc) or "filen"
    if kind == "missing":
        return codes.MISSING_KEY, f"obligatoriskt fält '{loc[-1]}' saknas", False
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(model, err["loc"][:-1])
        message = f"okänd nyckel '{key}'"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message += f"; menade du '{close[0]}'?"
        elif allowed:
            message += "; tillåtna nycklar här: " + ", ".join(sorted(allowed))
        return codes.UNKNOWN_KEY, message, True
    if kind == "literal_error":
        options = ", ".join(repr(a) for a in _literal_values(err))
        return codes.WRONG_VALUE, f"'{name}' ska vara något av: {options}", False
    if kind in ("too_short", "string_too_short"):
        minimum = ctx.get("min_length", 1)
        if kind == "string_too_short":
            return codes.WRONG_VALUE, f"'{name}' får inte vara tomt", False
        return (
            codes.WRONG_VALUE,
            f"'{name}' ska ha minst {minimum} post{'er' if minimum != 1 else ''}",
            False,
        )
    if kind in ("greater_than_equal", "greater_than"):
        return codes.WRONG_VALUE, f"'{name}' ska vara minst {ctx.get('ge', ctx.get('gt'))}", False
    if kind in ("less_than_equal", "less_than"):
        return codes.WRONG_VALUE, f"'{name}' får vara högst {ctx.get('le', ctx.get('lt'))}", False
    if kind == "value_error":
        reason = str(ctx.get("error", err["msg"]))
        return codes.WRONG_VALUE, f"'{name}': {reason}", False
    if kind == "literal_error" or kind not in _TYPE_MESSAGES:
        return codes.WRONG_VALUE, f"'{name}' har ett ogiltigt värde ({err['msg']})", False
    return codes.WRONG_VALUE, f"'{name}' {_TYPE_MESSAGES[kind]}", False


def _literal_values(err: Any) -> list[str]:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",") if part]


def _allowed_keys(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys the model accepts at `loc`, for 'did you mean'."""
    tp: Any = model
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items() if f.exclude is not True]
    return []


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    args = _union_args(tp)
    if args is not None:
        real = [a for a in args if a is not type(None)]
        if len(real) == 1:
            return _unwrap(real[0])
    return tp


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def _step(tp: Any, part: Any) -> Any:
    discriminated = _discriminated(tp)
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if part in (info.alias, name):
                return info.annotation
        return None
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    args = discriminated or _union_args(tp)
    if args:
        for arg in args:
            tags = [m for m in getattr(arg, "__metadata__", ()) if isinstance(m, Tag)]
            if tags and tags[0].tag == part:
                return arg
        return tp  # another kind of branch label: stay at the union
    return None


def _discriminated(tp: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        if any(isinstance(m, Discriminator) for m in meta):
            return _union_args(_unwrap(base))
        return _discriminated(base)
    return None


__all__ = ["Severity", "validate"]
