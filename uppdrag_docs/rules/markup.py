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
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from pydantic import BaseModel

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.base import MARKDOWN_MARK, Markdown
from uppdrag_docs.format.document import Document, PathKey
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Uppdrag

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_RAW_FENCE = re.compile(r"\s*\{=([^}\s]+)\}")
_WORD_TAG = re.compile(r"</?w:[A-Za-z][^>]*>")

MARKUP_SIGNS = frozenset("<&{[")
"""What raw HTML, Word XML (`<`, or `&lt;` as an entity), raw pandoc (`{=html}`) and links
(`[text](url)`, `<url>`) need. A Markdown field without any of them outside safe links
(`_SAFE_LINK`), and without a line that starts as deep nesting must (`_MAYBE_DEEP`), cannot
hold what the checks look for, so it skips the Markdown parser, which took about a sixth of the
time of `uppdrag check`, and its import (20 ms in each of the check's two processes).
"""

_SAFE_LINK = re.compile(
    r"\[[^\[\]<>&{}\\`\r\n]*\]\((?:https?://|mailto:)[^\s\x00-\x1f\x7f()<>&{}\\\[\]]*\)"
)
"""`[text](https://…)` on one line, whose text holds nothing that could end it elsewhere (no
bracket, no backtick: a code span that began inside it could run on to a later `](…)`) and
whose address holds nothing that could end it early, nor a bracket (where the first is no link,
`\\[`, a bracket in its address opens one of its own). Only its `[` is a sign, and it opens this
link and no other: a field whose every sign is in such links has no link but safe ones."""

MAX_DEPTH = 9
"""Lists and quotes inside each other: Word numbers and indents nine levels of a list."""

_LEVEL = r"(?:[ >]|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t\r\n]|$))"
_MAYBE_DEEP = re.compile(rf"(?:^|(?<=\r))(?:{_LEVEL}*\t|{_LEVEL}{{{MAX_DEPTH + 1}}})", re.M)
"""A line that may open a list or quote deeper than MAX_DEPTH: the line that opens the deepest
one starts with the marker or the indentation of every level around it, and each takes at
least one of these characters (`>`, a list's marker, a space), unless a tab indents several at
once. Lines end at `\\r` as well, as for the parser."""

SAFE_SCHEMES = frozenset({"https", "http", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
_CLOSERS = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})

Problem = tuple[Code, str]


def is_safe_link(url: str) -> bool:
    """A web address, an e-mail address, or a place in the same text (`#...`): nothing that
    runs (`javascript:`), reads a file (`file:`, a UNC path `\\\\server`) or carries data."""
    target = unquote(url).strip()
    if target.startswith("#"):
        return True
    scheme = _SCHEME.match(target)
    return scheme is not None and scheme[1].lower() in SAFE_SCHEMES


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    parser.validateLink = _every_link  # type: ignore[method-assign]  # see them all, name the unsafe
    return parser


def _every_link(url: str) -> bool:  # noqa: ARG001  # markdown-it's validateLink, by name
    return True


def _snippet(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 60 else line[:59] + "…"


def needs_checking(text: str) -> bool:
    """Whether `check_markup` could find anything in the text: a property test holds it to
    that (tests/test_markdown.py)."""
    outside_links = _SAFE_LINK.sub("", text) if "[" in text else text
    return not MARKUP_SIGNS.isdisjoint(outside_links) or _MAYBE_DEEP.search(text) is not None


def check_markup(text: str) -> list[Problem]:
    """Raw HTML, raw pandoc and Word XML (UD240), unsafe links (UD241) and nesting deeper than
    Word shows (UD242) in one Markdown field, each as its code and a Swedish sentence."""
    problems: list[Problem] = []
    depth = deepest = 0
    for token in _parser().parse(text):
        if token.type in _CONTAINERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in _CLOSERS:
            depth -= 1
        elif token.type == "html_block":
            problems.append(
                _raw(f"Rå HTML är inte tillåten i Markdown-fält: {_snippet(token.content)}")
            )
        elif token.type == "fence" and (fence := _RAW_FENCE.fullmatch(token.info)):
            problems.append(
                _raw(
                    f"Råa {fence[1]}-block är inte tillåtna i Markdown-fält: "
                    f"{token.markup}{{={fence[1]}}}"
                )
            )
        elif token.type == "inline":
            problems += _inline(token.children or [])
    if deepest > MAX_DEPTH:
        problems.append(
            (
                codes.MARKDOWN_TOO_DEEP,
                f"listor och citat ligger i {deepest} nivåer i varandra; Word visar högst "
                f"{MAX_DEPTH}",
            )
        )
    return list(dict.fromkeys(problems))


def _raw(message: str) -> Problem:
    return codes.RAW_MARKUP, message


def _inline(children: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    for child, after in itertools.zip_longest(children, children[1:]):
        if child.type == "html_inline":
            problems.append(_raw(f"Rå HTML är inte tillåten i Markdown-fält: {child.content}"))
        elif child.type in ("link_open", "image"):
            url = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
            if not is_safe_link(url):
                what = "länken till" if child.type == "link_open" else "bilden från"
                problems.append(
                    (
                        codes.UNSAFE_LINK,
                        f"{what} '{_snippet(unquote(url))}' är inte tillåten; en länk ska "
                        "börja med https:, http: eller mailto:",
                    )
                )
            if child.type == "image":
                problems += _inline(child.children or [])
        elif (
            child.type == "code_inline"
            and after is not None
            and after.type == "text"
            and (raw := re.match(r"\{=([^}\s]+)\}", after.content))
        ):
            problems.append(
                _raw(
                    f"Rå {raw[1]}-kod är inte tillåten i Markdown-fält: "
                    f"`{_snippet(child.content)}`{raw[0]}"
                )
            )
        elif child.type == "text":
            problems.extend(
                _raw(f"Word-kod (OpenXML) är inte tillåten i Markdown-fält: {m[0]}")
                for m in _WORD_TAG.finditer(child.content)
            )
    return problems


def markdown_fields(model: BaseModel, loc: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every field of the model typed `Markdown`, with its place in the file, wherever it is."""
    for name, key, markdown in _fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            if markdown:
                yield (*loc, key), value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from markdown_fields(item, (*loc, key, i))


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """Each field's name, its key in the file, and whether it is Markdown: worked out once per
    model, not for every field of every uppdrag (a fifth of the time of `check_fields`)."""
    return tuple(
        (name, info.alias or name, _is_markdown(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
    )


def _is_markdown(annotation: Any, metadata: list[Any]) -> bool:
    return MARKDOWN_MARK in metadata or annotation in {Markdown, Markdown | None}


def check_fields(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    """UD240-UD242 on every Markdown field of the uppdrag."""
    for loc, text in markdown_fields(uppdrag):
        if needs_checking(text):
            for code, message in check_markup(text):
                yield doc.finding(loc, code, message)
