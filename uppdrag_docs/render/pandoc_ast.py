"""Pandoc's JSON syntax tree read as text: runs of inline text with their marks and links.

`markdown.py` writes these as WordprocessingML; which link targets are kept is the markup rule's
(`rules/markup.py`), so a link the check refused never becomes a hyperlink.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from uppdrag_docs.rules.markup import is_safe_link

_MARKS = {
    "Emph": "i",
    "Strong": "b",
    "Strikeout": "strike",
    "Underline": "u",
    "SmallCaps": "smallCaps",
    "Superscript": "sup",
    "Subscript": "sub",
}


class Segment(NamedTuple):
    """A run of text with the marks (b, i …) and the link target it has."""

    text: str
    marks: frozenset[str]
    link: str | None


def inline_segments(inlines: list[Any]) -> list[Segment]:
    """The runs of text in pandoc's inlines, each with its marks and link target."""
    out: list[Segment] = []
    _flatten(inlines, frozenset(), None, out)
    return out


def _flatten(
    inlines: list[Any], marks: frozenset[str], link: str | None, out: list[Segment]
) -> None:
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(Segment(content, marks, link))
        elif kind in ("Space", "SoftBreak"):
            out.append(Segment(" ", marks, link))
        elif kind == "LineBreak":
            out.append(Segment("\n", marks, link))
        elif kind in _MARKS:
            _flatten(content, marks | {_MARKS[kind]}, link, out)
        elif kind == "Link":
            url = content[2][0]
            linked = url and not url.startswith("#") and is_safe_link(url)  # check refused others
            _flatten(content[1], marks, url if linked else link, out)
        elif kind in ("Code", "RawInline", "Math"):
            out.append(Segment(content[1], marks, link))
        elif kind in ("Image", "Span", "Cite", "Quoted"):  # an image becomes its alt text
            _flatten(content[1], marks, link, out)


def plain_text(content: Any) -> str:
    """The text inside any AST node, for block kinds CommonMark does not produce."""
    if isinstance(content, dict):
        if content.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return content["c"] if content.get("t") == "Str" else plain_text(content.get("c"))
    if isinstance(content, list):
        return "".join(plain_text(part) for part in content)
    return ""
