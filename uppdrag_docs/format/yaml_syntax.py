"""YAML's own problems, before there is any data, in the author's words.

libyaml's errors are English and point where the scanner noticed (for a broken block mapping, its
first key, lines above the mistake), not where the author must look; `error_finding` says them
in Swedish at the place to look, and `too_deep` says that a file is nested deeper than any
uppdrag (`yaml_events` finds both).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, Position

MAX_DEPTH = 64
"""Nesting levels allowed, in the file and in the data its aliases make; an uppdrag has six.
libyaml's composer recurses once per level, and a few hundred thousand levels (a 400 kB file of
brackets) overflow its stack and kill the process."""


def too_deep(path: Path, event: Any) -> Finding:
    """A mapping or sequence nested deeper than `MAX_DEPTH`, at its start."""
    return codes.FILE_TOO_LARGE.at(
        path,
        _at(event.start_mark),
        f"filen är nästlad i fler än {MAX_DEPTH} nivåer (listor och mappningar i varandra); "
        "ett uppdrag har ett fåtal",
    )


def error_finding(path: Path, text: str, exc: Exception) -> Finding:
    """ruamel.yaml's error in Swedish: a syntax error where the author has to look, a
    character YAML does not allow where it stands."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    if isinstance(exc, MarkedYAMLError):
        return _syntax_finding(path, text, exc)
    if isinstance(exc, ReaderError):  # a character YAML does not allow, e.g. NUL
        return _character_finding(path, text, exc.position, exc.character)
    return codes.YAML_SYNTAX.at(  # the C parser raises a few unmarked errors too
        path,
        Position(1, 1),
        "YAML-syntaxfel: filen kan inte läsas som YAML; kontrollera indrag, parenteser "
        "och citattecken",
    )


def _at(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Where YAML (1.1, as libyaml reads it) breaks lines, and so where every mark's line and
column count from: these and nothing else (`str.splitlines` also breaks at \\v, \\f and
\\x1c–\\x1e, which YAML does not allow at all)."""

_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
"""What YAML's reader refuses: control characters, surrogates, U+FFFE and U+FFFF (listed as
they are: as the complement of what it reads, the pattern took 7 ms to compile)."""


def refused_at(text: str) -> int | None:
    """The index of the first character YAML's reader refuses, if there is one."""
    found = _NOT_PRINTABLE.search(text)
    return None if found is None else found.start()


_LINE = re.compile("[^\n\r\x85\u2028\u2029]+")


def only_comments(text: str) -> bool:
    """Whether every line of `text` is blank or a comment; read only up to the first that is
    not, which in a real file is its first or second."""
    return all(
        not line.strip() or line.lstrip().startswith("#")
        for line in (found[0] for found in _LINE.finditer(text))
    )


def _yaml_lines(text: str) -> list[str]:
    """The lines of `text` as YAML counts them, without their breaks."""
    return LINE_BREAK.split(text)


def _character_finding(path: Path, text: str, offset: int, character: Any) -> Finding:
    """A character that cannot stand in a YAML file, at the line and column where an editor's
    cursor goes to it. libyaml's C reader gives the offset in bytes of UTF-8, not characters,
    so the character is looked up again: the reader stops at the first one it refuses."""
    index = refused_at(text)
    if index is None:
        index = max(0, min(offset, len(text)))
    before = _yaml_lines(text[:index])
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


def _syntax_finding(path: Path, text: str, exc: Any) -> Finding:
    """libyaml's error in Swedish, where an editor's cursor should go to mend it."""
    problem: str = exc.problem or ""
    lines = _yaml_lines(text)
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
