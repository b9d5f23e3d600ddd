"""Reading YAML into plain data while keeping the position of every key and value.

ruamel.yaml's C parser composes the node tree (about 2 ms for an uppdrag, against 13 ms for the
round-trip loader); every node carries its start mark, so we construct the data ourselves and
record positions on the way. Doing the construction here also lets us:

- turn YAML floats into `Decimal` straight from their text, never through binary floating point;
- report duplicate keys with both lines, instead of silently keeping the last;
- count expanded nodes, so an alias bomb (nested anchors expanding to millions of nodes) is
  refused after a bounded amount of work and memory.

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
from uppdrag_docs.files import os_error_text
from uppdrag_docs.findings import Finding, Position, Severity

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
        """A finding at `loc`; the severity is the code's unless the code leaves it open."""
        return code.at(
            self.path,
            self.position(loc, key=key),
            message,
            severity=severity,
            field=format_loc(loc),
        )


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


def read_document(path: Path) -> Document:
    """Read and parse one file; every problem becomes a finding on the returned document."""
    doc = Document(path=path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.findings.append(
                _file_finding(
                    path,
                    codes.FILE_TOO_LARGE,
                    f"filen är {size // 1024} kB; gränsen är {MAX_FILE_BYTES // 1024} kB",
                )
            )
            return doc
        raw = path.read_bytes()
    except OSError as exc:
        doc.findings.append(
            _file_finding(
                path, codes.FILE_UNREADABLE, f"filen kan inte läsas: {os_error_text(exc)}"
            )
        )
        return doc
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
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.findings.append(_file_finding(doc.path, codes.NOT_A_MAPPING, "filen är tom"))
        return
    if not _prescan(doc, text):
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


MAX_DEPTH = 64
"""Nesting levels allowed; an uppdrag has six. libyaml's composer recurses once per level, and a
few hundred thousand levels (a 400 kB file of brackets) overflow its stack and kill the process."""


def _prescan(doc: Document, text: str) -> bool:
    """Read the file's events once (C speed, no recursion) for what composing cannot show or
    survive: explicit tags, duplicate anchors, several documents, and nesting too deep to compose.
    Returns whether composing is safe and worthwhile; syntax errors are left to `_compose`.
    """
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        NodeEvent,
    )

    depth = documents = 0
    anchors: dict[str, int] = {}
    ok = True
    try:
        for event in _safe_yaml().parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    doc.findings.append(
                        codes.FILE_TOO_LARGE.at(
                            doc.path,
                            _at(event.start_mark),
                            f"filen är nästlad i fler än {MAX_DEPTH} nivåer (listor och "
                            "mappningar i varandra); ett uppdrag har ett fåtal",
                        )
                    )
                    return False
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    doc.findings.append(
                        codes.YAML_SYNTAX.at(
                            doc.path,
                            _at(event.start_mark),
                            "YAML-syntaxfel: filen innehåller mer än ett YAML-dokument ('---'); "
                            "en fil är ett uppdrag",
                        )
                    )
                    return False
            if isinstance(event, NodeEvent):
                tag: str | None = getattr(event, "tag", None)  # an alias has none
                if tag is not None:
                    doc.findings.append(
                        codes.YAML_TAG.at(
                            doc.path,
                            _at(event.start_mark),
                            f"YAML-taggen '{tag.replace(_TAG, '!!')}' används inte i formatet; "
                            "skriv värdet utan tagg",
                        )
                    )
                if event.anchor is not None and not isinstance(event, AliasEvent):
                    line = event.start_mark.line + 1
                    if event.anchor in anchors:
                        doc.findings.append(
                            codes.YAML_SYNTAX.at(
                                doc.path,
                                _at(event.start_mark),
                                f"YAML-syntaxfel: ankaret '&{event.anchor}' finns redan på rad "
                                f"{anchors[event.anchor]}; ge det ett eget namn",
                            )
                        )
                        ok = False
                    anchors.setdefault(event.anchor, line)
    except YAMLError:
        return True  # a syntax error: `_compose` reports it, in the author's terms
    return ok


def _at(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


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
        doc.findings.append(_syntax_finding(doc.path, text, exc))
    except ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        doc.findings.append(_character_finding(doc.path, text, exc.position, exc.character))
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


def _character_finding(path: Path, text: str, index: int, character: Any) -> Finding:
    """A character that cannot stand in a YAML file, at its line and column."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return codes.YAML_SYNTAX.at(
        path,
        Position(line, column),
        f"YAML-syntaxfel: tecknet U+{code:04X} ({_char_name(code)}) kan inte stå i en YAML-fil; "
        "ta bort det",
    )


def _char_name(code: int) -> str:
    return unicodedata.name(chr(code), "styrtecken").lower()


@functools.cache
def _resolver() -> Any:
    """ruamel.yaml's resolver, made cheaper per node; the tags it gives are the same.

    For every scalar, the stock resolver looks up the YAML version (through two caught
    AttributeErrors when the C parser is used) and the table of patterns for it, and makes a new
    tag object for every number and date, whose text is then worked out again for each.
    Together that was about a quarter of the time of `uppdrag check`. The C parser always
    resolves as YAML 1.2, so one look-up per file gives the same table, and tag objects are
    shared between the nodes with the same tag.
    """
    from ruamel.yaml.resolver import VersionedResolver

    tags: dict[str, Any] = {}

    class Resolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            table = getattr(self, "_uppdrag_table", None)
            if table is None:
                table = super().versioned_resolver
                self._uppdrag_table = table
            return table

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tag = super().resolve(kind, value, implicit)
            return tag if tag.handle is not None else tags.setdefault(tag.suffix, tag)

    return Resolver


_PROBLEMS = {
    "found unexpected end of stream": "citattecknet stängs aldrig",
    "mapping values are not allowed here": (
        "kolon på fel ställe; ett värde som innehåller ': ' behöver citattecken, "
        "eller så är indraget fel"
    ),
    "mapping values are not allowed in this context": (
        "kolon på fel ställe; ett värde som innehåller ': ' behöver citattecken, "
        "eller så är indraget fel"
    ),
    "could not find expected ':'": "förväntade ':' efter nyckeln",
    "found undefined alias": "aliaset hänvisar till ett ankare som inte finns",
    "found duplicate anchor": "ankaret är definierat två gånger",
    "found character that cannot start any token": (
        "tecknet kan inte inleda ett värde här; sätt värdet inom citattecken"
    ),
    "found unknown escape character": (
        "okänd escape-sekvens efter '\\' i en text inom dubbla citattecken; skriv '\\\\' "
        "för ett omvänt snedstreck, eller använd enkla citattecken"
    ),
    "found invalid Unicode character escape code": (
        "\\u- eller \\U-sekvensen anger inget giltigt tecken"
    ),
    "did not find expected hexdecimal number": (
        "\\x-, \\u- eller \\U-sekvensen ska följas av hexadecimala siffror"
    ),
    "found a tab character that violates indentation": (
        "tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    ),
    "found a tab character where an indentation space is expected": (
        "tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    ),
    "block sequence entries are not allowed in this context": (
        "ett listelement ('- ') på fel ställe; kontrollera indraget"
    ),
    "mapping keys are not allowed in this context": "en nyckel på fel ställe; kontrollera indraget",
    "found undefined tag handle": "taggen har ett prefix som inte är definierat",
    "found unexpected ':'": "kolon på fel ställe; sätt värdet inom citattecken",
    "found extra closing bracket": "en avslutande hakparentes eller klammer utan början",
}


def _syntax_finding(path: Path, text: str, exc: Any) -> Finding:
    problem: str = exc.problem or ""
    mark = exc.problem_mark
    lines = text.splitlines()
    if (
        mark is not None
        and mark.line < len(lines)
        and "\t" in lines[mark.line][: mark.column + 1]
        and "cannot start any token" in problem
    ):
        message = "tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    else:
        message = _PROBLEMS.get(problem, "")
        if not message:
            if problem.startswith("did not find expected") or problem.startswith("expected"):
                message = "strukturen bryts här; kontrollera indrag, parenteser och citattecken"
            else:
                message = "ogiltig YAML här; kontrollera indrag, parenteser och citattecken"
        # Point at where the broken construct starts (the opening quote, the bracket), which is
        # where the author has to look; the scanner notices the problem only later.
        if exc.context_mark is not None and "while scanning for the next token" not in (
            exc.context or ""
        ):
            mark = exc.context_mark
        runaway = _runaway_quote(text)
        if runaway is not None:
            mark, message = runaway, "citattecknet stängs aldrig på sin rad"
    position = Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)
    return codes.YAML_SYNTAX.at(path, position, f"YAML-syntaxfel: {message}")


def _runaway_quote(text: str) -> Any:
    """The start of a quoted scalar that swallowed the lines after it, if there is one.

    An unclosed quote on one line runs on to the next quote in the file, and the parser only
    fails far below; the author has to look at the opening quote.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import ScalarToken

    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if (
                isinstance(token, ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
                and _KEY_LINE.search(token.value)
            ):
                return token.start_mark
    except YAMLError:
        pass
    return None


_KEY_LINE = re.compile(r"(^|\s)[\w-]+: ")


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
        value = self._scalar(node, loc)
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
            key = self._scalar(key_node, loc) if key_node.id == "scalar" else None
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

    def _scalar(self, node: Any, loc: PathKey) -> Any:
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
