"""Reading YAML into plain data while keeping the position of every key and value.

ruamel.yaml's C parser composes the node tree (about 2 ms for an uppdrag, against 13 ms for the
round-trip loader); every node carries its start mark, so we construct the data ourselves and
record positions on the way. Doing the construction here also lets us:

- turn YAML floats into `Decimal` straight from their text, never through binary floating point;
- report duplicate keys with both lines, instead of silently keeping the last;
- count expanded nodes, so an alias bomb (nested anchors expanding to millions of nodes) is
  refused after a bounded amount of work and memory;
- normalise text to NFC and name characters a document cannot hold or a reader cannot see.

Before composing, `yaml_syntax.prescan` reads the events for what composing cannot show or
survive (explicit tags, duplicate anchors, nesting too deep), and libyaml's errors are said in
Swedish there too.

Reading never writes: the file is opened for reading only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.errors import UnsafeFileError
from uppdrag_docs.files import os_error_text, read_bounded
from uppdrag_docs.findings import Finding, Position, Severity
from uppdrag_docs.format.yaml_syntax import (
    character_finding,
    prescan,
    refused_at,
    syntax_finding,
    yaml_lines,
)

MAX_FILE_BYTES = 1024 * 1024
"""Files over 1 MiB are refused: an uppdrag is about 6 kB, so this is far beyond any real one."""

MAX_NODES = 100_000
"""Expanded nodes allowed in one file; an uppdrag has a few hundred."""

PathKey = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"


@dataclass
class Document:
    """One YAML file: its data and where each part of it stands."""

    path: Path
    data: Any = None
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    invisible: dict[PathKey, str] = field(default_factory=dict)
    """Values holding a character a reader cannot see (the first such character of each)."""
    raw: bytes | None = field(default=None, compare=False, repr=False)
    """The file's bytes as read, for what the data does not hold (its comments)."""

    def position(self, loc: PathKey, *, key: bool = False) -> Position:
        """The position of `loc`, or of the nearest enclosing part that exists."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            value = self.values.get(prefix)
            key_pos = self.keys.get(prefix)
            if key_pos is not None and (key or value is None or value.line != key_pos.line):
                return key_pos  # a block below its key: the key is what the author looks for
            if value is not None:
                return value
        return Position(1, 1)

    def finding(
        self,
        loc: PathKey,
        code: Code,
        message: str,
        *,
        severity: Severity | None = None,
        key: bool = False,
    ) -> Finding:
        """A finding at `loc`; the severity is the code's unless the code leaves it to the
        uppdrag's state, which `severity` then is."""
        chosen = code if severity is None else code.in_state(severity)
        return chosen.at(self.path, self.position(loc, key=key), message, field=format_loc(loc))


def format_loc(loc: PathKey) -> str:
    """`ersättning.rörlig[0].pris`: the path a person would look for in the file."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool) and out and out[-1] != ".":
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that XML 1.0, and so a Word document, cannot hold (YAML lets `"\\x01"` in)."""

INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)
"""Characters that take no room on the page: zero-width spaces and joiners, the soft hyphen,
direction marks and overrides, the word joiner, a BOM inside the text. Text pasted from Word or
a web page brings them, and two ids that look alike then differ."""
_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def _describe(char: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`: how a message names a character the reader cannot see."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'styrtecken')})"


class _TooLarge(Exception):
    pass


def read_document(path: Path, *, root: Path | None) -> Document:
    """Read and parse one file; every problem becomes a finding on the returned document.
    A file in the repository `root` behind a symbolic link out of it is refused unread (None
    only for a file git hands over, which lies outside every repository)."""
    doc = Document(path=path)
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, root=root)
    except UnsafeFileError as exc:
        if exc.size is not None:
            message = f"filen är {exc.size // 1024} kB; gränsen är {MAX_FILE_BYTES // 1024} kB"
            doc.findings.append(_file_finding(path, codes.FILE_TOO_LARGE, message))
        else:
            doc.findings.append(_file_finding(path, codes.FILE_UNREADABLE, exc.message))
        return doc
    except OSError as exc:
        doc.findings.append(
            _file_finding(
                path, codes.FILE_UNREADABLE, f"filen kan inte läsas: {os_error_text(exc)}"
            )
        )
        return doc
    doc.raw = raw
    parse_into(doc, raw)
    return doc


def parse_into(doc: Document, raw: bytes) -> None:
    """Parse `raw` (bytes of a YAML file) into `doc`, recording findings instead of raising."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        doc.findings.append(
            codes.FILE_UNREADABLE.at(
                doc.path,
                Position(line, column),
                "filen är inte kodad i UTF-8; spara den som UTF-8",
            )
        )
        return
    if refused_at(text) is None and all(  # a control character is reported, not "empty"
        not line.strip() or line.lstrip().startswith("#") for line in yaml_lines(text)
    ):
        doc.findings.append(_file_finding(doc.path, codes.NOT_A_MAPPING, "filen är tom"))
        return
    if not prescan(doc.path, text, doc.findings):
        return
    node = _compose(doc, text)
    if node is None:
        if not doc.findings:  # markers alone (`---`, `...`): no document at all
            doc.findings.append(_file_finding(doc.path, codes.NOT_A_MAPPING, "filen är tom"))
        return
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
        if doc.data is None:
            doc.findings.append(
                doc.finding((), codes.NOT_A_MAPPING, "filen innehåller bara null, inga nycklar")
            )
    except _TooLarge:
        doc.data = None
        doc.values.clear()
        doc.keys.clear()
        doc.findings.append(
            _file_finding(
                doc.path,
                codes.FILE_TOO_LARGE,
                f"filen expanderar till fler än {MAX_NODES} noder (ankare och alias i flera "
                "nivåer); skriv ut värdena i stället",
            )
        )


def _file_finding(path: Path, code: Code, message: str) -> Finding:
    return code.at(path, Position(1, 1), message)


@functools.cache
def _safe_yaml() -> Any:
    """One safe C-parser YAML object for the process, with our resolver.

    Making one looks for plug-ins on disk, a fifth of the time of reading a follow-up report;
    each `parse` and `compose` makes a loader of its own, so one object serves every file.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _resolver()
    return yaml


def _compose(doc: Document, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        return _safe_yaml().compose(text)
    except MarkedYAMLError as exc:
        doc.findings.append(syntax_finding(doc.path, text, exc))
    except ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        doc.findings.append(character_finding(doc.path, text, exc.position, exc.character))
    except YAMLError:  # the C parser raises a few unmarked errors too
        doc.findings.append(
            _file_finding(
                doc.path,
                codes.YAML_SYNTAX,
                "YAML-syntaxfel: filen kan inte läsas som YAML; kontrollera indrag, parenteser "
                "och citattecken",
            )
        )
    return None


@functools.cache
def _resolver() -> Any:
    """ruamel.yaml's resolver, made cheaper per node; the tags it gives are the same.

    For every scalar, the stock resolver looks up the YAML version (through two caught
    AttributeErrors when the C parser is used) and the table of patterns for it, and makes a new
    tag object for every number and date, whose text is then worked out again for each.
    Together that was about a quarter of the time of `uppdrag check`. The C parser always
    resolves as YAML 1.2, so one look-up per process gives the same table, and tag objects are
    shared between the nodes with the same tag.
    """
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    tags: dict[str, Any] = {}
    tables: list[Any] = []  # the one table, looked up by the first loader of the process
    known: dict[tuple[str, Any], Any] = {}
    """The tag of each short plain or quoted scalar met before: keys and values such as
    `namn`, `ja` or `2027` recur in every file, and their tag depends on nothing else."""

    class Resolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            if not tables:
                tables.append(super().versioned_resolver)
            return tables[0]

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            key = (value, implicit) if isinstance(value, str) and len(value) <= 40 else None
            tag = known.get(key) if key is not None and kind is ScalarNode else None
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                tag = tag if tag.handle is not None else tags.setdefault(tag.suffix, tag)
                if key is not None and kind is ScalarNode:
                    known[key] = tag
            return tag

    return Resolver


class _Builder:
    """Turns composed nodes into Python data, recording positions and duplicate keys."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0

    def build(self, node: Any, loc: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.doc.values[loc] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        kind = node.id
        if kind == "mapping":
            return self._mapping(node, loc)
        if kind == "sequence":
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        return self._text(value, node, loc, key=False) if isinstance(value, str) else value

    def _text(self, value: str, node: Any, loc: PathKey, *, key: bool) -> str:
        """The text in NFC, with characters a document cannot hold or a reader cannot see
        reported: the first as errors, the second recorded for the rules (`rules/text.py`)."""
        if value.isascii() and value.isprintable():
            return value
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        pos = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        illegal = _NOT_IN_XML.search(value)
        if illegal is not None:
            self.doc.findings.append(
                codes.CONTROL_CHARACTER.at(
                    self.doc.path,
                    pos,
                    f"tecknet {_describe(illegal[0])} kan inte stå i ett dokument; ta bort det",
                    field=format_loc(loc),
                )
            )
        invisible = _INVISIBLE.search(value)
        if invisible is not None:
            if key:
                self.doc.findings.append(
                    codes.INVISIBLE_IN_NAME.at(
                        self.doc.path,
                        pos,
                        f"nyckeln innehåller det osynliga tecknet {_describe(invisible[0])}; "
                        "skriv om nyckeln utan det",
                        field=format_loc(loc),
                    )
                )
            else:
                self.doc.invisible[loc] = invisible[0]
        return value

    def _mapping(self, node: Any, loc: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.doc.findings.append(
                    self.doc.finding(loc, codes.MERGE_KEY, "sammanslagningsnyckeln '<<' stöds inte")
                )
                continue
            key = self._scalar(key_node) if key_node.id == "scalar" else None
            if isinstance(key, str):
                key = self._text(key, key_node, (*loc, key), key=True)
            if not isinstance(key, str | int) or isinstance(key, bool):
                pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.doc.findings.append(
                    codes.KEY_NOT_TEXT.at(self.doc.path, pos, "ogiltig nyckel")
                )
                continue
            key_pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                self.doc.findings.append(
                    codes.DUPLICATE_KEY.at(
                        self.doc.path,
                        key_pos,
                        f"nyckeln '{key}' förekommer redan på rad {first_line[key]}",
                        field=format_loc((*loc, key)),
                    )
                )
                continue
            first_line[key] = key_pos.line
            self.doc.keys[(*loc, key)] = key_pos
            out[key] = self.build(value_node, (*loc, key))
        return out

    def _scalar(self, node: Any) -> Any:
        tag: str = node.tag
        value: str = node.value
        if not tag.startswith(_TAG):
            return value  # an explicit tag of its own: `_prescan` reported it
        kind = tag[len(_TAG) :]
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            cleaned = value.replace("_", "")
            try:
                return int(cleaned, 0) if cleaned.lstrip("+-")[:2] in ("0x", "0o") else int(cleaned)
            except ValueError:
                return value
        if kind == "float":
            try:
                return Decimal(value.replace("_", ""))
            except InvalidOperation:
                return value
        if kind == "timestamp":
            try:
                if len(value) == 10:
                    return dt.date.fromisoformat(value)
                return dt.datetime.fromisoformat(value.replace(" ", "T").replace("Z", "+00:00"))
            except ValueError:
                return value
        return value
