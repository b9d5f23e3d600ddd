"""A report's data as YAML the way a person writes it, new or replacing an existing file.

A new file is written line by line, as `skeleton.py` writes its skeleton: two spaces of indent,
list entries as `  - kriterium: KK1`, plain scalars wherever YAML reads them back as the same
text, whole numbers from 1 000 up with underscores (`22_270_512`), text of several lines as a
`|` block. An existing file is replaced through ruamel.yaml's round trip instead: every value
that stays the same keeps its node, and every comment (on its line or above) stays where it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import LiteralScalarString

from uppdrag_docs.quoting import escaped

Data = dict[str, Any]

_UNDERSCORE = [3, False, False]
_NAMES = frozenset({"schemaversion", "period"})
"""Keys whose numbers are names, not amounts: `period: 2027`, never `2_027`."""
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def report_text(data: Data, header: list[str]) -> str:
    """The text of a new report file: `header` as comment lines, then the data. A line break
    or another control character in a header line (a form's file name can hold one) is
    written escaped, so that it can never end the comment and begin a key."""
    lines = [f"# {escaped(line)}" for line in header]
    lines += _mapping(data, 0)
    return "\n".join(lines) + "\n"


def _mapping(data: Data, indent: int, *, dash: bool = False) -> list[str]:
    lines: list[str] = []
    for i, (key, value) in enumerate(data.items()):
        pad = " " * (indent - 2) + "- " if dash and i == 0 else " " * indent
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += _mapping(value, indent + 2)
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for entry in value:
                lines += _mapping(entry, indent + 4, dash=True)
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{pad}{key}: |")
            lines += [f"{' ' * (indent + 2)}{line}".rstrip() for line in value.splitlines()]
        elif key in _NAMES:
            lines.append(f"{pad}{key}: {value}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def scalar(value: Any) -> str:
    """One value as a person writes it in YAML."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        number = Decimal(value)
        if number == number.to_integral_value():
            whole = int(number)
            return f"{whole:_}" if abs(whole) >= 1000 else str(whole)
        return format(number.normalize(), "f")
    text = str(value)
    return text if _plain(text) else json.dumps(text, ensure_ascii=False)


def _plain(text: str) -> bool:
    """Whether `text` can stand unquoted: YAML reads it back as the same text."""
    if not text or text != text.strip() or not _PLAIN_START.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or not text.isprintable():
        return False
    try:
        read = _safe().load(f"k: {text}")
    except Exception:  # any YAML error: quote it
        return False
    return isinstance(read, dict) and read.get("k") == text


@functools.cache
def _safe() -> YAML:
    return YAML(typ="safe", pure=True)


def _round_trip() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def replaced_text(old_text: str, data: Data, header: Sequence[str] = ()) -> str:
    """`old_text` with its data replaced by `data`, its comments and unchanged values kept;
    a text that is no YAML mapping (broken by hand) is replaced whole, with `header`."""
    yaml = _round_trip()
    try:
        tree = yaml.load(old_text)
    except YAMLError:  # a syntax error, a tab, a key twice: nothing of it can be kept
        tree = None
    if not isinstance(tree, CommentedMap):
        return report_text(data, list(header))
    merged = _merge(tree, data)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()


def _merge(old: Any, new: Any) -> Any:
    """`new`'s data in `old`'s nodes, so that what stays keeps its comments."""
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        return _merge_mapping(old, new)
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        return _merge_list(old, new)
    return old if _same(old, new) else _node(new)


def _merge_mapping(old: CommentedMap, new: dict[str, Any]) -> CommentedMap:
    for key in [k for k in old if k not in new]:
        del old[key]
    for position, (key, value) in enumerate(new.items()):
        if key in _NAMES:
            if key not in old or not _same(old[key], value):
                old[key] = int(value) if str(value).isdigit() else value
        elif key in old:
            old[key] = _merge(old[key], value)
        else:
            old.insert(position, key, _node(value))
    return old


def _merge_list(old: CommentedSeq, new: list[Any]) -> CommentedSeq:
    matched = _matched(old, new)
    merged = (
        matched
        if matched is not None
        else [
            _merge(old[i], value) if i < len(old) else _node(value) for i, value in enumerate(new)
        ]
    )
    for i, node in enumerate(merged):
        if i < len(old):
            old[i] = node
        else:
            old.append(node)
    del old[len(merged) :]
    return old


_IDENTITY = ("kriterium", "post")
"""What an entry of `utfall` or `volymer` is, whatever its place in the list."""


def _identity(entry: Any) -> tuple[str, str] | None:
    if isinstance(entry, dict):
        for key in _IDENTITY:
            if key in entry:
                return key, str(entry[key])
    return None


def _matched(old: CommentedSeq, new: list[Any]) -> list[Any] | None:
    """The entries of `new` in its order, each merged into the old node of the same criterion
    or post (not the node at its place): rows sorted in the form keep each comment with its
    criterion. None when the entries are not all told apart by one."""
    keys = [_identity(entry) for entry in new]
    olds = {_identity(entry): entry for entry in old}
    if None in keys or len(set(keys)) != len(keys) or None in olds or len(olds) != len(old):
        return None
    return [
        _merge(olds[key], entry) if key in olds else _node(entry)
        for key, entry in zip(keys, new, strict=True)
    ]


def _same(old: Any, new: Any) -> bool:
    """Whether the value in the file already says `new` (then its node, and style, stay)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(new, int | Decimal) and isinstance(old, int | float):
        return Decimal(str(old)) == Decimal(new)
    if isinstance(new, str) and isinstance(old, int | str):
        return str(old) == new
    return type(old) is type(new) and bool(old == new)


def _node(value: Any) -> Any:
    """A new value as ruamel.yaml writes it in the style of `report_text`."""
    if isinstance(value, dict):
        return CommentedMap((k, _node(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_node(v) for v in value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
        if number == number.to_integral_value():
            whole = int(number)
            return ScalarInt(whole, underscore=_UNDERSCORE) if abs(whole) >= 1000 else whole
        return float(number)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value
