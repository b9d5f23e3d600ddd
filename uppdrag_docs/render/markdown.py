"""Markdown fields rendered as real Word paragraphs, in the template's own styles.

`MarkdownRenderer(template).render({"key": markdown})` returns values to put in the template as
`{{p key}}`. (What a field may hold is checked earlier, by `rules/markup.py`.)

How rendering works, and why. Pandoc parses the CommonMark into its JSON AST (`render/pandoc.py`);
this module writes the WordprocessingML itself, in the template's styles (Body Text, List Bullet,
List Number, Quote, heading N and the Hyperlink character style, found by name so localised style
ids work). Rejected after measuring: pandoc's docx writer (~68 ms a call against ~16 ms for JSON,
with a budget of ~40 ms a document; its paragraphs need re-styling and renumbering anyway; it
silently *drops* raw HTML; `--sandbox` breaks it on Debian's pandoc 2.17), pypandoc.convert_text
(+30 ms a call for format checks; pypandoc only locates pandoc here) and docxtpl's Subdoc (needs
docxcompose, and its lists share one numbering: the "numbered lists don't restart in
subdocuments" pitfall).

Numbering: every list, nested ones too, gets its own `w:num` with a `w:startOverride` on each
level, over one multilevel `w:abstractNum` per kind added to the document (level 0 copied from the
numbering of the template's list style, deeper levels generated), so Word and LibreOffice count
each list from its Markdown start: 1, unless the author wrote e.g. `3.`.

Text is literal: pandoc 2.17 ignores `-raw_html` for CommonMark, so raw HTML and raw blocks are
written as their own text, images as their alt text (nothing is fetched); `{` and `}` become
`&#123;`/`&#125;` so docxtpl's `{_{` fix-up cannot touch them; tabs and breaks are `w:tab`/`w:br`.
Deterministic: ids continue from the template's highest numId/abstractNumId, python-docx hands
out hyperlink rIds in order.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from uppdrag_docs.errors import TemplateError
from uppdrag_docs.render.pandoc import MarkdownCache
from uppdrag_docs.render.pandoc_ast import inline_segments, plain_text

if TYPE_CHECKING:
    from docx.document import Document
    from docxtpl import DocxTemplate
    from lxml.etree import _Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
_XMLNS = f'xmlns:w="{W_NS}"'
_LEVELS = 9
_BULLETS = ("•", "–", "▪")
_RPR = {
    "b": "<w:b/>",
    "i": "<w:i/>",
    "smallCaps": "<w:smallCaps/>",
    "strike": "<w:strike/>",
    "u": '<w:u w:val="single"/>',
    "sup": '<w:vertAlign w:val="superscript"/>',
    "sub": '<w:vertAlign w:val="subscript"/>',
}  # in the schema's order
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"}
)
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STYLE = (
    "w:style[@w:type=$kind][translate(w:name/@w:val, $upper, $lower)=$name"
    " or translate(@w:styleId, $upper, $lower)=$sid]/@w:styleId"
)
_STYLE_NUM = "w:style[@w:styleId=$sid]/w:pPr/w:numPr/w:numId/@w:val"
_LEVEL0 = (
    "w:abstractNum[@w:abstractNumId=../w:num[@w:numId=$num]/w:abstractNumId/@w:val]"
    "/w:lvl[@w:ilvl='0'][not(w:numFmt/@w:val='none')]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


class MarkdownXml:
    """Word paragraphs for one field: write `{{p key}}` alone in a template paragraph.

    `__html__` marks the XML as markup, so Jinja's autoescape leaves it alone; it is false when
    the Markdown is blank, so `{%p if key %}` works (a blank field renders one empty paragraph).
    """

    __slots__ = ("markdown", "xml")

    def __init__(self, xml: str, markdown: str) -> None:
        self.xml, self.markdown = xml, markdown

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:
        return self.xml

    def __bool__(self) -> bool:
        return bool(self.markdown.strip())


class MarkdownRenderer:
    """Markdown fields for one DocxTemplate; call `render` before `template.render`.

    Numbering definitions, hyperlink relationships and (if missing) the Hyperlink style are
    added to the template's document part, so the values only fit the template they came from.
    """

    def __init__(self, template: DocxTemplate, cache: MarkdownCache | None = None) -> None:
        self.template = template
        self.cache = cache if cache is not None else MarkdownCache()
        self._writer: _Writer | None = None

    def render(self, texts: Mapping[str, str]) -> dict[str, MarkdownXml]:
        self.cache.prefetch(texts.values())
        document = self.template.get_docx()  # the very Document that template.render fills
        if self._writer is None or self._writer.doc is not document:
            self._writer = _Writer(document)
        writer = self._writer
        return {
            key: MarkdownXml(writer.fragment(self.cache.blocks(text)), text)
            for key, text in texts.items()
        }


class _Indent(NamedTuple):
    """Where a paragraph that continues a list item stands."""

    level: int
    """The list level of its item."""
    left: int
    """Its left indent in twips, as its item's text."""


class _Writer:
    """Writes paragraphs for one Document as XML text, adding numbering and hyperlinks to it."""

    def __init__(self, document: Document) -> None:
        self.doc, self.part = document, document.part
        nsmap = document.element.nsmap
        if nsmap.get("w") != W_NS or nsmap.get("r") != R_NS:
            raise TemplateError("Mallens huvuddokument saknar de vanliga prefixen w: och r:.")
        self.found: dict[tuple[str, str], str | None] = {}
        self.body = self._style("Body Text")
        self.lists = {
            "bullet": self._style("List Bullet", "List Paragraph"),
            "ordered": self._style("List Number", "List Paragraph"),
        }
        self.quote = self._style("Quote") or self.body
        self.abstracts: dict[str, tuple[int, list[int]]] = {}
        self.numbering: _Element | None = None
        self.last_num = self.last_abstract = 0
        self.cleanup: list[Any] = []

    def _style(self, *names: str, kind: str = "paragraph") -> str | None:
        """A style id by name (Word keeps built-in names English) or id, case-insensitively."""
        for name in names:
            if (kind, name) not in self.found:
                ids = _xpath(
                    self.doc.styles.element,
                    _STYLE,
                    kind=kind,
                    name=name.lower(),
                    sid=name.replace(" ", "").lower(),
                    upper=_UPPER,
                    lower=_UPPER.lower(),
                )
                self.found[(kind, name)] = str(ids[0]) if ids else None
            if self.found[(kind, name)]:
                return self.found[(kind, name)]
        return None

    def fragment(self, blocks: list[Any]) -> str:
        out: list[str] = []
        self._blocks(out, blocks, self.body, None)
        if not out:  # an empty field still needs a paragraph, e.g. in a table cell
            self._paragraph(out, self.body, [])
        return "".join(out)

    def _blocks(
        self, out: list[str], blocks: list[Any], style: str | None, indent: _Indent | None
    ) -> None:
        """`indent` is given for paragraphs that continue a list item."""
        for block in blocks:
            kind, content = block["t"], block.get("c")
            if kind in ("Para", "Plain"):
                self._paragraph(out, style, content, indent)
            elif kind == "Header":
                heading = self._style(f"heading {content[0]}") or style
                self._paragraph(out, heading, content[2], indent)
            elif kind in ("BulletList", "OrderedList"):
                self._list(out, block, 0 if indent is None else indent.level + 1)
            elif kind == "BlockQuote":
                self._blocks(out, content, self.quote, indent)
            elif kind in ("CodeBlock", "RawBlock"):  # literal text, line breaks kept
                text = content[1].rstrip("\n")
                self._paragraph(out, style, [{"t": "Str", "c": text}], indent)
            elif kind != "HorizontalRule" and (text := plain_text(content)):
                self._paragraph(out, style, [{"t": "Str", "c": text}], indent)

    def _list(self, out: list[str], block: dict[str, Any], level: int) -> None:
        kind = "ordered" if block["t"] == "OrderedList" else "bullet"
        items, start = (block["c"][1], block["c"][0][0]) if kind == "ordered" else (block["c"], 1)
        level = min(level, _LEVELS - 1)
        num_id, lefts = self._num(kind, level, start)
        for item in items:
            lead = bool(item) and item[0]["t"] in ("Para", "Plain")
            style = self.lists[kind]
            self._paragraph(out, style, item[0]["c"] if lead else [], number=(num_id, level))
            self._blocks(out, item[1:] if lead else item, style, _Indent(level, lefts[level]))

    def _paragraph(
        self,
        out: list[str],
        style: str | None,
        inlines: list[Any],
        indent: _Indent | None = None,
        number: tuple[int, int] | None = None,
    ) -> None:
        ppr = f'<w:pStyle w:val="{_escape(style)}"/>' if style else ""
        if number or indent:  # numId 0: a continuation paragraph shows no number of its own
            num_id, level = number or (0, indent.level if indent else 0)
            ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        if indent and not number:
            ppr += f'<w:ind w:left="{indent.left}"/>'
        out.append(f"<w:p><w:pPr>{ppr}</w:pPr>" if ppr else "<w:p>")
        for link, group in itertools.groupby(inline_segments(inlines), key=lambda s: s.link):
            if link is not None:
                out.append(f'<w:hyperlink r:id="{_escape(self._link(link))}">')
            for marks, runs in itertools.groupby(group, key=lambda s: s.marks):
                out.append(self._run("".join(s.text for s in runs), marks, link is not None))
            if link is not None:
                out.append("</w:hyperlink>")
        out.append("</w:p>")

    def _run(self, text: str, marks: frozenset[str], link: bool) -> str:
        rpr = f'<w:rStyle w:val="{_escape(self._hyperlink_style())}"/>' if link else ""
        rpr += "".join(xml for mark, xml in _RPR.items() if mark in marks)
        pieces = [
            "<w:tab/>"
            if piece == "\t"
            else "<w:br/>"
            if piece == "\n"
            else f'<w:t xml:space="preserve">{_escape(piece)}</w:t>'
            for piece in re.split(r"([\t\n])", _CONTROL.sub("", text))
            if piece
        ]
        return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{''.join(pieces)}</w:r>"

    def _link(self, url: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid: str = self.part.relate_to(url, RT.HYPERLINK, is_external=True)  # reuses, in order
        return rid

    def _hyperlink_style(self) -> str:
        found = self._style("Hyperlink", kind="character")
        if found is None:  # the template lacks Word's built-in style: add it, as Word would
            from docx.enum.style import WD_STYLE_TYPE
            from docx.shared import RGBColor

            style = self.doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
            style.font.color.rgb, style.font.underline = RGBColor(0x05, 0x63, 0xC1), True
            found = self.found[("character", "Hyperlink")] = style.style_id
        return found

    def _numbering(self) -> _Element:
        if self.numbering is None:
            from docx.opc.constants import CONTENT_TYPE as CT
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.oxml.parser import parse_xml
            from docx.parts.numbering import NumberingPart

            try:
                part = self.part.part_related_by(RT.NUMBERING)
            except KeyError:  # python-docx cannot create one itself (NumberingPart.new raises)
                part = NumberingPart(
                    PackURI("/word/numbering.xml"),
                    CT.WML_NUMBERING,
                    parse_xml(f"<w:numbering {_XMLNS}/>"),
                    self.part.package,
                )
                self.part.relate_to(part, RT.NUMBERING)
            self.numbering = part.element  # type: ignore[attr-defined]
            assert self.numbering is not None
            ids = _xpath(self.numbering, "w:num/@w:numId")
            self.last_num = max(map(int, ids), default=0)
            ids = _xpath(self.numbering, "w:abstractNum/@w:abstractNumId")
            self.last_abstract = max(map(int, ids), default=-1)
            self.cleanup = _xpath(self.numbering, "w:numIdMacAtCleanup")
        return self.numbering

    def _num(self, kind: str, level: int, start: int) -> tuple[int, list[int]]:
        """A new w:num for one list, restarting every level; returns it and level indents."""
        from docx.oxml.parser import parse_xml

        abstract_id, lefts = self._abstract(kind)
        self.last_num += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="'
            f'{start if ilvl == level else 1}"/></w:lvlOverride>'
            for ilvl in range(_LEVELS)
        )
        num = parse_xml(
            f'<w:num {_XMLNS} w:numId="{self.last_num}"><w:abstractNumId '
            f'w:val="{abstract_id}"/>{overrides}</w:num>'
        )
        numbering = self._numbering()
        if self.cleanup:  # nums go last, but before this element if Word left one
            self.cleanup[0].addprevious(num)
        else:
            numbering.append(num)
        return self.last_num, lefts

    def _abstract(self, kind: str) -> tuple[int, list[int]]:
        """One multilevel abstractNum per kind; level 0 as the template's list style has it."""
        if kind not in self.abstracts:
            from docx.oxml.parser import parse_xml

            numbering = self._numbering()
            linked = _xpath(self.doc.styles.element, _STYLE_NUM, sid=self.lists[kind] or "")
            first = _xpath(numbering, _LEVEL0, num=str(linked[0]) if linked else "")
            ind = _xpath(first[0], "w:pPr/w:ind") if first else []
            left = int(ind[0].get(f"{W}left") or ind[0].get(f"{W}start") or 360) if ind else 360
            hanging = int(ind[0].get(f"{W}hanging") or 360) if ind else 360
            lefts = [left + 360 * ilvl for ilvl in range(_LEVELS)]
            formats = [
                ("decimal", f"%{i + 1}.")
                if kind == "ordered"
                else ("bullet", _BULLETS[i % len(_BULLETS)])
                for i in range(_LEVELS)
            ]
            levels = "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind '
                f'w:left="{lefts[i]}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
                for i, (fmt, text) in enumerate(formats)
            )
            self.last_abstract += 1
            abstract = parse_xml(
                f'<w:abstractNum {_XMLNS} w:abstractNumId="{self.last_abstract}">'
                f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
            )
            if first:  # the template's own level 0, minus its link back to the style
                level0 = copy.deepcopy(first[0])
                for link in level0.findall(f"{W}pStyle"):
                    level0.remove(link)
                abstract.replace(abstract[1], level0)
            anchor = _xpath(numbering, "w:num|w:numIdMacAtCleanup")  # abstractNums go first
            if anchor:
                anchor[0].addprevious(abstract)
            else:
                numbering.append(abstract)
            self.abstracts[kind] = (self.last_abstract, lefts)
        return self.abstracts[kind]


@functools.cache
def _compiled(expression: str) -> Any:
    from lxml import etree

    return etree.XPath(expression, namespaces=NS)


def _xpath(element: _Element, expression: str, **variables: str) -> list[Any]:
    """XPath with the w: prefix, also on python-docx elements (whose xpath() takes no map)."""
    found: list[Any] = _compiled(expression)(element, **variables)
    return found


def _escape(text: str) -> str:
    """XML text, with braces as character references so docxtpl's `{_{` fix-up never sees them."""
    return text.translate(_ESCAPES)
