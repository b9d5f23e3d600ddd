"""Markdown fields may hold paragraphs, lists, emphasis and links: never raw HTML or Word XML.

`check_markup(text)` parses CommonMark with markdown-it-py (fast, no subprocess, so `uppdrag
check` stays quick) and names raw HTML, raw pandoc blocks (```` ```{=openxml} ````,
`` `x`{=openxml} ``) and `<w:…>` tags; `check_fields` runs it over every Markdown field of an
uppdrag. The documents never pass such text through (render/markdown.py writes it literally),
but a green check must mean the author sees in the document what they wrote.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from uppdrag_docs import codes
from uppdrag_docs.document import Document, PathKey
from uppdrag_docs.findings import Finding
from uppdrag_docs.repository import Shared
from uppdrag_docs.schema import Uppdrag

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_RAW_FENCE = re.compile(r"\s*\{=([^}\s]+)\}")
_WORD_TAG = re.compile(r"</?w:[A-Za-z][^>]*>")

MARKUP_SIGNS = frozenset("<&{")
"""What raw HTML, Word XML (`<`, or `&lt;` as an entity) and raw pandoc (`{=html}`) need.

A Markdown field without any of them cannot hold what `check_markup` looks for, so it skips the
Markdown parser, which took about a sixth of the time of `uppdrag check`.
"""


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _snippet(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 60 else line[:59] + "…"


def check_markup(text: str) -> list[str]:
    """Swedish sentences for raw HTML, raw pandoc blocks and Word XML in a Markdown field."""
    problems: list[str] = []
    for token in _parser().parse(text):
        if token.type == "html_block":
            problems.append(f"Rå HTML är inte tillåten i Markdown-fält: {_snippet(token.content)}")
        elif token.type == "fence" and (fence := _RAW_FENCE.fullmatch(token.info)):
            problems.append(
                f"Råa {fence[1]}-block är inte tillåtna i Markdown-fält: "
                f"{token.markup}{{={fence[1]}}}"
            )
        elif token.type == "inline":
            children = token.children or []
            for child, after in itertools.zip_longest(children, children[1:]):
                if child.type == "html_inline":
                    problems.append(f"Rå HTML är inte tillåten i Markdown-fält: {child.content}")
                elif (
                    child.type == "code_inline"
                    and after is not None
                    and after.type == "text"
                    and (raw := re.match(r"\{=([^}\s]+)\}", after.content))
                ):
                    problems.append(
                        f"Rå {raw[1]}-kod är inte tillåten i Markdown-fält: "
                        f"`{_snippet(child.content)}`{raw[0]}"
                    )
                elif child.type == "text":
                    problems.extend(
                        f"Word-kod (OpenXML) är inte tillåten i Markdown-fält: {m[0]}"
                        for m in _WORD_TAG.finditer(child.content)
                    )
    return list(dict.fromkeys(problems))


def check_fields(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    """UD240 on every Markdown field that holds raw HTML, raw pandoc or Word XML."""
    fields: list[tuple[PathKey, str | None]] = [
        (("nulägesanalys", "marknadsläge"), uppdrag.current_state.market),
        (("nulägesanalys", "geografisk_fördelning"), uppdrag.current_state.geography),
        (("motivering",), uppdrag.motivation),
        (("uppdrag", "sammanfattning"), uppdrag.assignment.summary),
        (("uppdrag", "omfattning"), uppdrag.assignment.scope),
    ]
    fields += [
        (("tilläggsuppdrag", i, "beskrivning"), t.description)
        for i, t in enumerate(uppdrag.additional)
    ]
    for loc, text in fields:
        if not text or MARKUP_SIGNS.isdisjoint(text):
            continue
        for problem in check_markup(text):
            yield doc.finding(loc, codes.RAW_MARKUP, problem)
