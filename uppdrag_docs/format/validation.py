"""Validating a loaded document against a model, with findings at the right line and column.

pydantic reports an error's location as a path of field aliases, list indices and union branch
labels. We walk that path through the data to find the node the author wrote (skipping branch
labels), and through the model types to know which keys were allowed there, so an unknown key
can name the closest known one. What each error says is `messages.py`'s.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, Discriminator, Tag, ValidationError
from pydantic.fields import FieldInfo

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, Severity
from uppdrag_docs.format.base import ONE_LINE_PATTERN
from uppdrag_docs.format.document import INVISIBLE, Document, PathKey, format_loc
from uppdrag_docs.format.messages import UNKNOWN, describe

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
        result: M | None = model.model_validate(doc.data, by_name=False)  # keys as written
    except ValidationError as exc:
        doc.findings.extend(_findings(doc, model, exc.errors(include_url=False)))
        result = None
    reported = {f.field for f in doc.findings}
    doc.findings.extend(_invisible(doc, model, reported))
    return result


def _findings(doc: Document, model: type[BaseModel], errors: Sequence[Any]) -> list[Finding]:
    located = _best_union_branches([_data_loc(doc.data, err) for err in errors])
    out: list[Finding] = []
    seen: set[tuple[PathKey, str]] = set()
    for loc, is_key, _, err in located:
        if err["type"] == UNKNOWN and _INVISIBLE_KEY.search(str(loc[-1])):
            continue  # the loader named the invisible character in the key (UD115)
        if loc in doc.invisible and not is_key:  # the reason it fails, though no one sees it
            code, message, at_key = codes.INVISIBLE_IN_NAME, _invisible_text(doc, loc), False
        else:
            allowed = _allowed_keys(model, err["loc"][:-1]) if err["type"] == UNKNOWN else []
            code, message, at_key = describe(err, loc, allowed)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        finding = doc.finding(loc, code, message, key=is_key or at_key)
        out.append(finding)
    return out


_INVISIBLE_KEY = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def _invisible(doc: Document, model: type[BaseModel], reported: set[str | None]) -> list[Finding]:
    """An invisible character is an error where the value names something (an id, a code, a
    reference), since two names that look alike then differ, and a warning in prose."""
    out = []
    for loc, char in doc.invisible.items():
        if format_loc(loc) in reported:
            continue
        if _names_something(model, loc):
            out.append(doc.finding(loc, codes.INVISIBLE_IN_NAME, _invisible_text(doc, loc)))
        else:
            out.append(
                doc.finding(
                    loc,
                    codes.INVISIBLE_IN_TEXT,
                    f"'{format_loc(loc)}' innehåller det osynliga tecknet "
                    f"U+{ord(char):04X} ({unicodedata.name(char, 'okänt')}), som inte syns i "
                    "dokumentet men gör att texten inte hittas vid sökning; ta bort det",
                )
            )
    return out


def _invisible_text(doc: Document, loc: PathKey) -> str:
    char = doc.invisible[loc]
    return (
        f"'{format_loc(loc)}' innehåller det osynliga tecknet U+{ord(char):04X} "
        f"({unicodedata.name(char, 'okänt')}); skriv om värdet utan det"
    )


def _names_something(model: type[BaseModel], loc: PathKey) -> bool:
    """Whether the value at `loc` is an id, a code or a reference (a Literal or a pattern)."""
    if not loc:
        return False
    tp: Any = model
    for part in loc[:-1]:
        tp = _step(tp, part)
        if tp is None:
            return False
    parent = _unwrap(tp)
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        for name, info in parent.model_fields.items():
            if loc[-1] in (info.alias, name):
                return _is_name_type(info.annotation, list(info.metadata))
        return False
    return _is_name_type(_step(tp, loc[-1]), [])


def _is_name_type(tp: Any, metadata: list[Any]) -> bool:
    while typing.get_origin(tp) is typing.Annotated:
        tp, *more = typing.get_args(tp)
        metadata = [*metadata, *more]
    args = _union_args(tp)
    if args is not None:
        return any(_is_name_type(a, metadata) for a in args if a is not type(None))
    if typing.get_origin(tp) is typing.Literal:
        return True
    for meta in metadata:
        if isinstance(meta, FieldInfo):
            metadata.extend(meta.metadata)
        elif getattr(meta, "pattern", None) not in (None, ONE_LINE_PATTERN):  # a name, not a line
            return True
    return False


class _Located(NamedTuple):
    """One of pydantic's errors, its `loc` followed through the data."""

    loc: PathKey
    is_key: bool
    """It is about a key, not its value."""
    branches: list[PathKey]
    """Where pydantic's loc names a union's branch, which the data does not have."""
    err: Any


def _data_loc(data: Any, err: Any) -> _Located:
    """Follow pydantic's `loc` of `err` through the data."""
    loc: Sequence[Any] = err["loc"]
    path: list[str | int] = []
    branches: list[PathKey] = []
    node = data
    is_key = False
    for index, part in enumerate(loc):
        if part == "[key]":
            is_key = True
        elif _has(node, part):
            path.append(part)
            node = node[part]
        elif err["type"] == "missing" and index == len(loc) - 1:
            path.append(part)  # the missing key itself, so the message can name it
        else:
            branches.append(tuple(path))  # a union branch label, not in the data
    return _Located(tuple(path), is_key, branches, err)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


SHAPES = frozenset({"dict_type", "model_type", "model_attributes_type", "list_type"})
"""Errors that only say the value has another shape than a union's branch expects."""


def _best_union_branches(located: list[_Located]) -> list[_Located]:
    """Of a union's failed branches, keep the one that got deepest into the data; of those
    equally deep, a branch that took the value's shape wins over one that only says the shape
    is wrong (`volym: 0` is a number too small, not a number where a mapping may stand)."""
    deepest: dict[PathKey, int] = {}
    for item in located:
        for point in item.branches:
            deepest[point] = max(deepest.get(point, 0), len(item.loc))
    kept = [item for item in located if all(len(item.loc) >= deepest[p] for p in item.branches)]
    shaped = {item.loc for item in kept if item.branches and item.err["type"] not in SHAPES}
    return [
        item
        for item in kept
        if not (item.branches and item.err["type"] in SHAPES and item.loc in shaped)
    ]


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
        return _extra_type(tp)
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


def _extra_type(model: type[BaseModel]) -> Any:
    """The type of a model's typed extra keys (the types of the standardkostnad catalogue), so
    that a key inside one gets its "menade du"; None for a model that forbids extra keys."""
    if model.model_config.get("extra") != "allow":
        return None
    hint = typing.get_type_hints(model).get("__pydantic_extra__")
    return typing.get_args(hint)[1] if hint is not None else None


def _discriminated(tp: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        if any(isinstance(m, Discriminator) for m in meta):
            return _union_args(_unwrap(base))
        return _discriminated(base)
    return None


__all__ = ["Severity", "validate"]
