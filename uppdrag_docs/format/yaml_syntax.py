"""YAML's own problems, before there is any data: syntax errors in the author's words, and what
composing cannot show or survive.

libyaml's errors are English and point where the scanner noticed (for a broken block mapping, its
first key, lines above the mistake), not where the author must look;
`syntax_finding` and `character_finding` say them in Swedish at the place to look. `prescan`
reads a file's events once (C speed, no recursion) for explicit tags, duplicate anchors, more
than one document and nesting so deep that libyaml's composer would overflow its stack.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, Position

_TAG = "tag:yaml.org,2002:"


MAX_DEPTH = 64
"""Nesting levels allowed; an uppdrag has six. libyaml's composer recurses once per level, and a
few hundred thousand levels (a 400 kB file of brackets) overflow its stack and kill the process."""


@functools.cache
def _parser() -> Any:
    """One C parser for the process: making one looks for plug-ins on disk."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def events(text: str) -> Iterator[Any]:
    """The parse events of `text`, straight from libyaml's C parser: `YAML.parse` makes a
    loader with a constructor and resolver for every file first, which prescan never uses (a
    third of the time of reading the events). Without the C parser, ruamel.yaml's own."""
    from ruamel.yaml import main

    c_parser = getattr(main, "CParser", None)  # what ruamel.yaml imported from its extension
    if c_parser is None:  # pragma: no cover - ruamel.yaml without its C extension
        yield from _parser().parse(text)
        return
    parser = c_parser(text)
    while parser.check_event():
        yield parser.get_event()


def prescan(path: Path, text: str, findings: list[Finding]) -> bool:
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
        for event in events(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    findings.append(
                        codes.FILE_TOO_LARGE.at(
                            path,
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
                    findings.append(
                        codes.YAML_SYNTAX.at(
                            path,
                            _at(event.start_mark),
                            "YAML-syntaxfel: filen innehåller mer än ett YAML-dokument ('---'); "
                            "en fil är ett uppdrag",
                        )
                    )
                    return False
            if isinstance(event, NodeEvent):
                tag: str | None = getattr(event, "tag", None)  # an alias has none
                if tag is not None:
                    findings.append(
                        codes.YAML_TAG.at(
                            path,
                            _at(event.start_mark),
                            f"YAML-taggen '{tag.replace(_TAG, '!!')}' används inte i formatet; "
                            "skriv värdet utan tagg",
                        )
                    )
                if event.anchor is not None and not isinstance(event, AliasEvent):
                    line = event.start_mark.line + 1
                    if event.anchor in anchors:
                        findings.append(
                            codes.YAML_SYNTAX.at(
                                path,
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


LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Where YAML (1.1, as libyaml reads it) breaks lines, and so where every mark's line and
column count from: these and nothing else (`str.splitlines` also breaks at \\v, \\f and
\\x1c–\\x1e, which YAML does not allow at all)."""

_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML's reader refuses: control characters, surrogates, U+FFFE and U+FFFF."""


def refused_at(text: str) -> int | None:
    """The index of the first character YAML's reader refuses, if there is one."""
    found = _NOT_PRINTABLE.search(text)
    return None if found is None else found.start()


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as YAML counts them, without their breaks."""
    return LINE_BREAK.split(text)


def character_finding(path: Path, text: str, offset: int, character: Any) -> Finding:
    """A character that cannot stand in a YAML file, at the line and column where an editor's
    cursor goes to it. libyaml's C reader gives the offset in bytes of UTF-8, not characters,
    so the character is looked up again: the reader stops at the first one it refuses."""
    index = refused_at(text)
    if index is None:
        index = max(0, min(offset, len(text)))
    before = yaml_lines(text[:index])
    line, column = len(before), len(before[-1]) + 1
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return codes.YAML_SYNTAX.at(
        path,
        Position(line, column),
        f"YAML-syntaxfel: tecknet U+{code:04X} ({_char_name(code)}) kan inte stå i en YAML-fil; "
        "ta bort det",
    )


def _char_name(code: int) -> str:
    return unicodedata.name(chr(code), "styrtecken").lower()


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


def syntax_finding(path: Path, text: str, exc: Any) -> Finding:
    """libyaml's error in Swedish, where an editor's cursor should go to mend it."""
    problem: str = exc.problem or ""
    lines = yaml_lines(text)
    mark = _cursor(exc)
    if (
        exc.problem_mark is not None
        and exc.problem_mark.line < len(lines)
        and "\t" in lines[exc.problem_mark.line][: exc.problem_mark.column + 1]
        and "cannot start any token" in problem
    ):
        mark = exc.problem_mark
        message = "tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    elif (runaway := _runaway_quote(text)) is not None:
        mark, message = runaway, "citattecknet stängs aldrig på sin rad"
    elif _after_quote(lines, mark) and problem.startswith("did not find expected"):
        message = (
            "text efter det avslutande citattecknet; sätt hela värdet inom citattecken (ett ' "
            "inuti enkla citattecken skrivs '', ett \" inuti dubbla \\\")"
        )
    else:
        message = _PROBLEMS.get(problem, "")
        if not message:
            if problem.startswith("did not find expected") or problem.startswith("expected"):
                message = "strukturen bryts här; kontrollera indrag, parenteser och citattecken"
            else:
                message = "ogiltig YAML här; kontrollera indrag, parenteser och citattecken"
    position = Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)
    return codes.YAML_SYNTAX.at(path, position, f"YAML-syntaxfel: {message}")


_OPENED = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
)
"""What libyaml says of a construct that was opened and not closed in time: the author has to
look where it opens (the quote, the key, the bracket), not where the scanner gave up."""


def _cursor(exc: Any) -> Any:
    """Where the author has to look: the token that breaks the structure (text after a closing
    quote, a key indented one step too little, a stray '-'), or, for a quote, key or bracket
    left open, where it opens. libyaml's context of a broken block mapping is its first key,
    lines above the mistake."""
    context, start, found = exc.context or "", exc.context_mark, exc.problem_mark
    if start is None or found is None or not context.startswith(_OPENED):
        return found or start
    if context.startswith("while parsing a flow") and found.line == start.line:
        return found  # `[1, 2 x]`: the stray text, on the bracket's own line
    return start


def _after_quote(lines: list[str], mark: Any) -> bool:
    """Whether `mark` is at text that follows a closing quote on its line (`"Hemtjänst" Norr`)."""
    if mark is None or mark.line >= len(lines):
        return False
    before: str = lines[mark.line][: mark.column]
    return before.rstrip().endswith(("'", '"'))


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
