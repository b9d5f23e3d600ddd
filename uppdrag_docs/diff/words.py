"""Word diffs of long texts: what a reader sees struck through and inserted."""

from __future__ import annotations

import difflib
import re
from typing import Literal

WordOp = tuple[Literal["=", "-", "+"], str]

_TOKENS = re.compile(r"[ \t\n\r\f\v]+|[^ \t\n\r\f\v]+")
"""Words and the spaces between them; a no-break space joins, so "2 538 838 kr" is one word."""


def word_diff(old: str, new: str) -> list[WordOp]:
    """The two texts as runs of kept, deleted and inserted words (whitespace kept as it was).

    A space between two changes joins them, so that a reader sees "~~ingen ny utförare~~
    **två nya**" rather than every word struck and inserted on its own.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    raw: list[WordOp] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("=", "".join(b[j1:j2])))
            continue
        if i1 < i2:
            raw.append(("-", "".join(a[i1:i2])))
        if j1 < j2:
            raw.append(("+", "".join(b[j1:j2])))
    ops: list[WordOp] = []
    deleted = inserted = ""
    for index, (op, text) in enumerate(raw):
        following = raw[index + 1][0] if index + 1 < len(raw) else "="
        if op == "=" and text.isspace() and (deleted or inserted) and following != "=":
            deleted += text if deleted else ""
            inserted += text if inserted else ""
        elif op == "=":
            ops += [("-", deleted)] if deleted else []
            ops += [("+", inserted)] if inserted else []
            deleted = inserted = ""
            ops.append(("=", text))
        elif op == "-":
            deleted += text
        else:
            inserted += text
    ops += [("-", deleted)] if deleted else []
    ops += [("+", inserted)] if inserted else []
    return ops
