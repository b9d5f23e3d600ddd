"""How a message shows text from a file: quoted as written, shortened, control characters spelt out.

A value from a file reaches a person's terminal and CI's log inside a message. Raw, a line break
in it starts a line of its own, which GitHub Actions reads as a command (`::error`,
`::stop-commands::`), and an escape sequence moves a terminal's cursor; long, it buries the rest
of the message. So every message that names a value quotes it with `quoted`, and every printer
passes what it prints through `escaped`: a line break becomes the two characters `\\n`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

QUOTE_LIMIT = 60
"""A quoted value longer than this is shortened, with … where it was cut."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters, the line and paragraph separators, and the direction overrides that can
make a line read as something else than it holds."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _spelt(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escaped(text: str) -> str:
    """`text` on one line with every control character spelt out (`\\n`, `\\x1b`, `\\u202e`)."""
    return _CONTROL.sub(_spelt, text)


def written(value: object) -> str:
    """A value read from YAML or a cell as its file writes it: `true`, `2027-01-01`, `12.5`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        plain = format(value, "f")  # 1.0E+3 was written 1000 or 1.0e3: never E notation …
        return plain if len(plain) <= QUOTE_LIMIT else format(value, "e")  # … unless 1e400
    if isinstance(value, float):
        return repr(value)
    return str(value)


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`'åttio'`: the value as written, in quotes, shortened when long, control characters spelt
    out, so a message shows what the file holds without letting it reach the terminal."""
    text = written(value)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"'{escaped(text)}'"
