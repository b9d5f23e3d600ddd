"""A YAML file's events, read once from libyaml's C parser, and what they show before any
data is built: explicit tags, anchors defined twice, aliases without their anchor, more than one
document, nesting too deep, and syntax errors (said in Swedish by `yaml_syntax`).

The events are kept, so that `format/document.py` builds the data from them in one more pass
without ruamel.yaml's composer; each anchor's node and each collection's end are noted on the
way for that pass, and `scalar` gives a scalar's value as ruamel.yaml's safe loader reads YAML
1.2 (with the C parser it always does), except that a number with a fraction is a `Decimal`,
never a binary float.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.format.yaml_syntax import MAX_DEPTH, error_finding, too_deep

_TAG = "tag:yaml.org,2002:"


@functools.cache
def _parser() -> Any:
    """One C parser for the process: making one looks for plug-ins on disk."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def _event_source(text: str) -> Callable[[], Any]:
    """What gives the parse events of `text` one by one, and None after the last: libyaml's C
    parser itself, as `YAML.parse` makes a loader with a constructor and resolver for every
    file first, which reading never uses (a third of the time of reading the events). Without
    the C parser, ruamel.yaml's own."""
    from ruamel.yaml import main

    c_parser = getattr(main, "CParser", None)  # what ruamel.yaml imported from its extension
    if c_parser is None:  # pragma: no cover - ruamel.yaml without its C extension
        return functools.partial(next, iter(_parser().parse(text)), None)
    return cast(Callable[[], Any], c_parser(text).get_event)


@dataclass
class Scan:
    """A file's events, read once, and what they show before any data is built."""

    events: list[Any] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    """Each anchor's node: the index of its first event."""
    ends: dict[int, int] = field(default_factory=dict)
    """Each mapping's and sequence's end: the index of its end event, by that of its start."""
    findings: list[Finding] = field(default_factory=list)
    buildable: bool = True
    """Whether the events make one document that can be built: no syntax error, no anchor
    defined twice, no alias without its anchor, not nested too deep, not two documents."""

    @property
    def root(self) -> int | None:
        """The index of the document's first node, if there is a document."""
        return 2 if len(self.events) > 3 else None  # stream start, document start, node, ...


def scan(path: Path, text: str) -> Scan:
    """Read the file's events once (C speed, no recursion) for what building the data cannot
    show or survive: explicit tags, anchors defined twice, aliases without an anchor, several
    documents, nesting too deep, and syntax errors, each said where the author has to look.

    The error reported is the one ruamel.yaml's composer would raise: the first anchor defined
    twice or alias without its anchor, else the parser's own. A file whose only fault is an
    anchor defined twice has that finding alone."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import ScalarEvent

    scanner = _Scanner(path)
    keep = scanner.found.events.append
    next_event = _event_source(text)
    try:
        event = next_event()
        while event is not None:
            if type(event) is ScalarEvent and event.ctag is None and event.anchor is None:
                keep(event)  # most events: a scalar without a tag or an anchor to note
            elif not scanner.take(event):
                return scanner.found  # nested too deep, or a second document: read no further
            event = next_event()
    except YAMLError as exc:
        scanner.parser_error = exc
    return scanner.finish(text)


class _Scanner:
    def __init__(self, path: Path) -> None:
        from ruamel.yaml import events

        self.path = path
        self.found = Scan()
        self.depth = self.documents = 0
        self.open: list[int] = []
        self.composer_error: Exception | None = None
        self.parser_error: Exception | None = None
        self.kinds = events

    def take(self, event: Any) -> bool:
        """Note one event; False when reading has to stop here."""
        kinds = self.kinds
        index = len(self.found.events)
        self.found.events.append(event)
        kind = type(event)
        if kind is kinds.ScalarEvent:
            self._node(event, index)
        elif kind is kinds.AliasEvent:
            if event.anchor not in self.found.anchors and self.composer_error is None:
                self.composer_error = _composer_error(None, None, "found undefined alias", event)
        elif kind is kinds.MappingStartEvent or kind is kinds.SequenceStartEvent:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.found.findings.append(too_deep(self.path, event))
                self.found.buildable = False
                return False
            self.open.append(index)
            self._node(event, index)
        elif kind is kinds.MappingEndEvent or kind is kinds.SequenceEndEvent:
            self.depth -= 1
            self.found.ends[self.open.pop()] = index
        elif kind is kinds.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.found.findings.append(
                    codes.YAML_SYNTAX.at(
                        self.path,
                        _at(event.start_mark),
                        "YAML-syntaxfel: filen innehåller mer än ett YAML-dokument ('---'); "
                        "en fil är ett uppdrag",
                    )
                )
                self.found.buildable = False
                return False
        return True

    def _node(self, event: Any, index: int) -> None:
        """A node's explicit tag, and its anchor unless another node has it already."""
        found = self.found
        tag: str | None = event.tag
        if tag is not None:
            found.findings.append(
                codes.YAML_TAG.at(
                    self.path,
                    _at(event.start_mark),
                    f"YAML-taggen '{tag.replace(_TAG, '!!')}' används inte i formatet; "
                    "skriv värdet utan tagg",
                )
            )
        anchor: str | None = event.anchor
        if anchor is None:
            return
        first = found.anchors.get(anchor)
        if first is None:
            found.anchors[anchor] = index
            return
        first_mark = found.events[first].start_mark
        found.findings.append(
            codes.YAML_SYNTAX.at(
                self.path,
                _at(event.start_mark),
                f"YAML-syntaxfel: ankaret '&{anchor}' finns redan på rad "
                f"{first_mark.line + 1}; ge det ett eget namn",
            )
        )
        found.buildable = False
        if self.composer_error is None:
            self.composer_error = _composer_error(
                "found duplicate anchor; first occurrence", first_mark, "second occurrence", event
            )

    def finish(self, text: str) -> Scan:
        """The composer's error, if composing would have been tried: after a syntax error, or
        with every anchor defined once."""
        found = self.found
        if self.parser_error is None and not found.buildable:
            return found
        error = self.composer_error or self.parser_error
        if error is not None:
            found.findings.append(error_finding(self.path, text, error))
            found.buildable = False
        return found


@functools.cache
def _resolvers() -> dict[str, list[tuple[str, Any]]]:
    """ruamel.yaml's patterns for the tags of plain scalars in YAML 1.2, by first character, in
    its order: the table its resolver uses with the C parser, which always reads as 1.2."""
    from ruamel.yaml.resolver import implicit_resolvers

    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, pattern, first in implicit_resolvers:
        if (1, 2) in versions:
            for char in first:
                table.setdefault(char, []).append((tag[len(_TAG) :], pattern))
    return table


_PLAIN: dict[str, tuple[str, Any]] = {}
"""The kind and value of each short plain scalar met before in this process: keys and values
such as `namn`, `ja` or `2027` recur in every file, and both depend on the text alone."""


def scalar(event: Any) -> tuple[str | None, Any]:
    """A scalar's kind (`int`, `str`, ...; None for a tag of its own) and its value."""
    tag: str | None = None if event.ctag is None else event.tag  # `tag` makes a new str
    value: str = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return "str", value  # quoted, or a block scalar
        known = _PLAIN.get(value)
        if known is None:
            known = _construct(_resolve(value), value)
            if len(value) <= 40:
                _PLAIN[value] = known
        return known
    if not tag.startswith(_TAG):
        return None, value  # an explicit tag of its own: `scan` reported it
    kind = tag[len(_TAG) :]
    return _construct(kind, value)


def _resolve(value: str) -> str:
    for kind, pattern in _resolvers().get(value[:1], ()):
        if pattern.match(value):
            return kind
    return "str"


def _construct(kind: str, value: str) -> tuple[str, Any]:
    if kind == "null":
        return kind, None
    if kind == "bool":
        return kind, value.lower() == "true"
    if kind == "int":
        cleaned = value.replace("_", "")
        try:
            base = 0 if cleaned.lstrip("+-")[:2] in ("0x", "0o") else 10
            return kind, int(cleaned, base)
        except ValueError:
            return kind, value
    if kind == "float":
        try:
            return kind, Decimal(value.replace("_", ""))
        except InvalidOperation:
            return kind, value
    if kind == "timestamp":
        try:
            if len(value) == 10:
                return kind, dt.date.fromisoformat(value)
            return kind, dt.datetime.fromisoformat(value.replace(" ", "T").replace("Z", "+00:00"))
        except ValueError:
            return kind, value
    return kind, value


def _composer_error(context: str | None, context_mark: Any, problem: str, event: Any) -> Exception:
    """The error ruamel.yaml's composer raises at `event`, as it words it."""
    from ruamel.yaml.composer import ComposerError

    return ComposerError(context, context_mark, problem, event.start_mark)


def _at(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)
