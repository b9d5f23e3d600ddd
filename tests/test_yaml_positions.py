"""Every YAML syntax error is reported where an editor's cursor has to go to mend it: at the
text after a closing quote, at the key indented one step wrong, at the quote or bracket that is
never closed; never at the first key of the mapping around it, lines above."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppdrag_docs.format.document import read_document

from .conftest import BASE_TEXT, KommunRepo, column_of, line_of

AFTER_QUOTE = "text efter det avslutande citattecknet"
STRUCTURE = "strukturen bryts här"

# (the file, the text the cursor must stand on (its first occurrence), the message's start)
CASES = {
    "text after a closing double quote": (
        'id: x\ntitel: "Hemtjänst" Norr\nstatus: utkast\n',
        "Norr",
        AFTER_QUOTE,
    ),
    "text after a closing single quote, last line": (
        "id: x\ntitel: 'Hemtjänst' Norr\n",
        "Norr",
        AFTER_QUOTE,
    ),
    "text glued to the closing quote": ('id: x\ntitel: "Hemtjänst"Norr\n', "Norr", AFTER_QUOTE),
    "an apostrophe inside single quotes": (
        "id: x\ntitel: 'Kund's val'\nstatus: utkast\n",
        "s val'",
        AFTER_QUOTE,
    ),
    "a quote inside double quotes, nested": (
        'a:\n  b:\n    c: "det "bästa" valet"\n    d: 1\n',
        'bästa"',
        AFTER_QUOTE,
    ),
    "text after a quote in a list": ('a:\n  - "x" y\n  - z\n', "y\n", AFTER_QUOTE),
    "text after a quote that spans lines": ('a: "x\n  y" z\nb: 1\n', "z", AFTER_QUOTE),
    "text after a flow sequence": ("a: [1, 2] x\nb: 1\n", "x", STRUCTURE),
    "a key indented one step too little": ("a:\n  b: 1\n c: 2\n", "c: 2", STRUCTURE),
    "a key indented too little after a block scalar": (
        "a: |\n  rad\n y: 1\n",
        "y: 1",
        STRUCTURE,
    ),
    "a list entry among keys": ("a: 1\n- b\n", "- b", STRUCTURE),
    "an unclosed flow sequence": ("a: [1, 2\nb: 3\n", "[1", STRUCTURE),
    "an unclosed flow mapping": ("a: {x: 1\nb: 3\n", "{x", STRUCTURE),
    "text after a quote inside a flow sequence": ('a: [1, "2" x]\n', "x]", AFTER_QUOTE),
    "an unclosed double quote": ('a: "abc\nb: 1\n', '"abc', "citattecknet stängs aldrig"),
    "an unclosed single quote at the end": ("a: 'abc\n", "'abc", "citattecknet stängs aldrig"),
    "a key without its colon": ("a: 1\nb\nc: 2\n", "b\n", "förväntade ':'"),
    "a second colon in a value": ("a: b: c\nd: 1\n", ": c", "kolon på fel ställe"),
    "a tab as indentation": ("a:\n\tb: 1\n", "\tb", "tabbtecken"),
    "an @ starting a value": ("a: @x\n", "@x", "tecknet kan inte inleda"),
    "a backtick starting a value": ("a: `x`\n", "`x", "tecknet kan inte inleda"),
    "an unknown escape": ('a: "x\\qy"\n', "\\q", "okänd escape-sekvens"),
    "an alias without its anchor": ("a: *x\n", "*x", "aliaset hänvisar"),
    "a second document": ("a: 1\n---\nb: 2\n", "---", "filen innehåller mer än ett"),
}


@pytest.mark.parametrize(("text", "at", "message"), CASES.values(), ids=list(CASES))
def test_a_syntax_error_is_where_the_cursor_must_go(
    tmp_path: Path, text: str, at: str, message: str
) -> None:
    path = tmp_path / "fil.yaml"
    path.write_text(text, encoding="utf-8")
    [finding] = read_document(path, root=None).findings
    assert finding.code == "UD101"
    index = text.index(at)
    line_start = text.rfind("\n", 0, index) + 1
    assert (finding.position.line, finding.position.column) == (
        text.count("\n", 0, index) + 1,
        index - line_start + 1,
    )
    assert finding.message.startswith(f"YAML-syntaxfel: {message}"), finding.message


@pytest.mark.parametrize(
    "titel",
    [
        'titel: "Hemtjänst i egen regi" – område Norr',
        "titel: 'Hemtjänst' i egen regi – område Norr",
        "titel: 'Brukarens val' och 'utförarens'",
        "titel: 'Kund's val i egen regi'",
    ],
)
def test_text_after_a_quote_in_an_uppdrag_is_on_its_own_line(repo: KommunRepo, titel: str) -> None:
    """In a whole uppdrag the finding was at line 4, `schemaversion`: the mapping's first key."""
    path, text = repo.write_base("titel: Hemtjänst i egen regi – område Norr", titel)
    [finding] = read_document(path, root=None).findings
    stray = titel[titel.index(titel[7], 8) + 1 :].lstrip()  # after the quote that closes
    assert (finding.code, finding.position.line, finding.position.column) == (
        "UD101",
        line_of(text, titel),
        column_of(text, titel) + titel.index(stray, 8),
    )
    assert finding.message.startswith(f"YAML-syntaxfel: {AFTER_QUOTE}")
    assert BASE_TEXT.count("\n") == text.count("\n")


# (the file, the line and column of the character YAML refuses, counted as YAML breaks lines)
REFUSED = {
    "after a carriage return": ("a: x\r\x1f\n", 2, 1),
    "before a next line (U+0085)": ("a: 1\nb: x\x1f\x85c: 2\n", 2, 5),
    "after a next line": ("a: 1\x85\x1f\n", 2, 1),
    "inside quotes after a carriage return": ("a: 'x\r\x1f'\n", 2, 1),
    "after a line separator in quotes": ("a: 'x\u2028y'\nb: \x07\n", 3, 4),
    "after letters of two bytes in UTF-8": ("a: 1\nb: ööö\x07\n", 2, 7),
    "before any key": ("\x1f\x85a: 1\n", 1, 1),
    "alone with a line break": ("\r\x1f", 2, 1),
}


@pytest.mark.parametrize(("text", "line", "column"), REFUSED.values(), ids=list(REFUSED))
def test_a_refused_character_is_where_the_cursor_must_go(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    """Found by the fuzzing: the column ran past the end of its line after a carriage return or
    U+0085, and libyaml's byte offset put a character after å, ä or ö lines too far down."""
    path = tmp_path / "fil.yaml"
    path.write_bytes(text.encode())
    [finding] = read_document(path, root=None).findings
    assert (finding.code, finding.position.line, finding.position.column) == ("UD101", line, column)
    assert finding.message.startswith("YAML-syntaxfel: tecknet U+"), finding.message
