"""Reading YAML into plain data while keeping the position of every key and value.

`yaml_events.scan` reads libyaml's events once from ruamel.yaml's C parser, and the data is
built here straight from them, each value at its event's start mark: ruamel.yaml's composer
(a node object and a call of its resolver for every scalar) took longer than the events
themselves, and its round-trip loader six times longer still. Building the data here lets us:

- turn YAML floats into `Decimal` straight from their text, never through binary floating point;
- report duplicate keys with both lines, instead of silently keeping the last;
- count expanded nodes, so an alias bomb (nested anchors expanding to millions of nodes) is
  refused after a bounded amount of work and memory;
- normalise text to NFC and name characters a document cannot hold or a reader cannot see.

The tags of plain scalars are those of ruamel.yaml's resolver for YAML 1.2 (what it uses with
the C parser), looked up in its own table; `tests/test_yaml_paths.py` holds every file to the
stock composer's data and positions.

Reading never writes: the file is opened for reading only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.errors import UnsafeFileError
from uppdrag_docs.files import os_error_text, read_bounded
from uppdrag_docs.findings import Finding, Position, Severity
from uppdrag_docs.format.yaml_events import Scan, scalar, scan
from uppdrag_docs.format.yaml_syntax import MAX_DEPTH, only_comments, refused_at, too_deep

MAX_FILE_BYTES = 1024 * 1024
"""Files over 1 MiB are refused: an uppdrag is about 6 kB, so this is far beyond any real one."""

MAX_NODES = 100_000
"""Expanded nodes allowed in one file; an uppdrag has a few hundred."""

PathKey = tuple[str | int, ...]

LineColumn = tuple[int, int]
"""Where a key or value starts, 1-based, as a plain tuple: a file's reading records one for
every key and value, and a plain tuple is quicker to make, and to pickle and unpickle (from the
process that shares `uppdrag check`, `forked.py`), than a `Position` each. `Document.position`
makes the one a finding needs."""

_TAG = "tag:yaml.org,2002:"


@dataclass
class Document:
    """One YAML file: its data and where each part of it stands."""

    path: Path
    data: Any = None
    values: dict[PathKey, LineColumn] = field(default_factory=dict)
    keys: dict[PathKey, LineColumn] = field(default_factory=dict)
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
            if key_pos is not None and (key or value is None or value[0] != key_pos[0]):
                return Position(*key_pos)  # a block below its key: what the author looks for
            if value is not None:
                return Position(*value)
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
    """The data its aliases make is too large or too deep to build; `finding` says which."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding


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
    if only_comments(text) and refused_at(text) is None:  # a control character is no comment
        doc.findings.append(_file_finding(doc.path, codes.NOT_A_MAPPING, "filen är tom"))
        return
    scanned = scan(doc.path, text)
    doc.findings += scanned.findings
    if not scanned.buildable:
        return
    if scanned.root is None:
        if not doc.findings:  # markers alone (`...`): no document at all
            doc.findings.append(_file_finding(doc.path, codes.NOT_A_MAPPING, "filen är tom"))
        return
    try:
        doc.data = _Builder(doc, scanned).node(scanned.root, (), 0)[0]
        if doc.data is None:
            doc.findings.append(
                doc.finding((), codes.NOT_A_MAPPING, "filen innehåller bara null, inga nycklar")
            )
    except _TooLarge as exc:
        doc.data = None
        doc.values.clear()
        doc.keys.clear()
        doc.findings.append(exc.finding)


def _file_finding(path: Path, code: Code, message: str) -> Finding:
    return code.at(path, Position(1, 1), message)


class _Builder:
    """Builds the data from a scan's events, recording positions and duplicate keys; an alias
    is built again from its anchor's events, at its own place in the data."""

    def __init__(self, doc: Document, scanned: Scan) -> None:
        from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent

        self.doc = doc
        self.events = scanned.events
        self.anchors = scanned.anchors
        self.ends = scanned.ends
        self.count = 0
        self.alias_event, self.mapping_event = AliasEvent, MappingStartEvent
        self.scalar_event = ScalarEvent

    def node(self, index: int, loc: PathKey, depth: int) -> tuple[Any, int]:
        """The value of the node at `index` (of its anchor's, for an alias), and the index of
        the event after it."""
        event = self.events[index]
        after = self.after(index)
        if type(event) is self.alias_event:
            index = self.anchors[event.anchor]
            event = self.events[index]
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(
                _file_finding(
                    self.doc.path,
                    codes.FILE_TOO_LARGE,
                    f"filen expanderar till fler än {MAX_NODES} noder (ankare och alias i flera "
                    "nivåer); skriv ut värdena i stället",
                )
            )
        mark = event.start_mark
        self.doc.values[loc] = (mark.line + 1, mark.column + 1)
        if type(event) is self.scalar_event:
            value = scalar(event)[1]
            if type(value) is str and not (value.isascii() and value.isprintable()):
                value = self._text(value, mark, loc, key=False)
            return value, after
        if depth >= MAX_DEPTH:  # the file is not this deep (`scan`): its aliases make it so
            raise _TooLarge(too_deep(self.doc.path, event))
        if type(event) is self.mapping_event:
            return self._mapping(index, loc, depth + 1), after
        return self._sequence(index, loc, depth + 1), after

    def after(self, index: int) -> int:
        """The index of the event after the node at `index`."""
        return self.ends.get(index, index) + 1

    def _sequence(self, index: int, loc: PathKey, depth: int) -> list[Any]:
        out: list[Any] = []
        index, end = index + 1, self.ends[index]
        while index < end:
            value, index = self.node(index, (*loc, len(out)), depth)
            out.append(value)
        return out

    def _mapping(self, index: int, loc: PathKey, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        events, ends, keys = self.events, self.ends, self.doc.keys
        index, end = index + 1, ends[index]
        while index < end:
            key_event = events[index]
            if type(key_event) is self.alias_event:
                key_event = events[self.anchors[key_event.anchor]]
            index = ends.get(index, index) + 1  # the value's
            key = self._key(key_event, loc)
            if key is _NO_KEY:
                index = ends.get(index, index) + 1
                continue
            here = (*loc, key)
            mark = key_event.start_mark
            if key in out:
                self.doc.findings.append(
                    codes.DUPLICATE_KEY.at(
                        self.doc.path,
                        Position(mark.line + 1, mark.column + 1),
                        f"nyckeln '{key}' förekommer redan på rad {keys[here][0]}",
                        field=format_loc(here),
                    )
                )
                index = ends.get(index, index) + 1
                continue
            keys[here] = (mark.line + 1, mark.column + 1)
            out[key], index = self.node(index, here, depth)
        return out

    def _key(self, event: Any, loc: PathKey) -> Any:
        """The key that `event` (a key's node) makes, or `_NO_KEY` if it makes none."""
        kind, key = scalar(event) if type(event) is self.scalar_event else (None, None)
        if kind == "merge":
            self.doc.findings.append(
                self.doc.finding(loc, codes.MERGE_KEY, "sammanslagningsnyckeln '<<' stöds inte")
            )
            return _NO_KEY
        if type(key) is str:
            if key.isascii() and key.isprintable():
                return key
            return self._text(key, event.start_mark, (*loc, key), key=True)
        if type(key) is not int:  # not a bool either
            mark = event.start_mark
            self.doc.findings.append(
                codes.KEY_NOT_TEXT.at(
                    self.doc.path, Position(mark.line + 1, mark.column + 1), "ogiltig nyckel"
                )
            )
            return _NO_KEY
        return key

    def _text(self, value: str, mark: Any, loc: PathKey, *, key: bool) -> str:
        """The text in NFC, with characters a document cannot hold or a reader cannot see
        reported: the first as errors, the second recorded for the rules (`rules/text.py`);
        the callers pass printable ASCII, most text, by."""
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        pos = Position(mark.line + 1, mark.column + 1)
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


_NO_KEY = object()
"""What `_Builder._key` gives for a key that makes no entry: a merge key, a list, a number with
a fraction; its finding is made."""
