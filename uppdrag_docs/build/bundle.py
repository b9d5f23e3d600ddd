"""The meeting's `handlingar.pdf`, merged with pikepdf: PDF/A-2b and tagged like its documents.

`assemble` puts the front (the cover, then the list of ärenden) and each chapter (an ärende's
tjänsteskrivelse, then its attachments: the verksamhetsuppdrag and the bilagor) into one PDF:

- the pages, and the structure tree of every document (`build/structure.py`): a /Part per
  document, titled like its bookmark, an attachment's Part inside its ärende's;
- a bookmark per ärende with the tjänsteskrivelse's own bookmarks (its headings) below it, then
  one per attachment; page labels that match the printed list: "Omslag", then i, ii … for the
  list, then 1 … N from the first ärende;
- one output intent, the front's sRGB profile (LibreOffice's, as in every document), and new
  document information and XMP metadata that agree with each other, as PDF/A requires: the
  PDF/A-2b claim, the title, the dates (the meeting's, never the clock) and the producer.

The bundle claims PDF/A-2b only when `Properties.pdfa` says every document in it is PDF/A
(`build/pdfa.py` makes the bilagor so). It is written with object streams, and the file
identifier is the content's hash, so the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, String

from uppdrag_docs.build.pdf import icc_stamped, opened, pdf_date
from uppdrag_docs.build.structure import StructureTree

FRONT_TITLES = ("Omslag", "Ärendeförteckning")
"""The bookmarks of the cover and the list; the cover's page label is the first."""
FRONT_PART = "Omslag och ärendeförteckning"
"""The title of the front's /Part in the structure tree."""
_ID = re.compile(rb"/ID\s*\[\s*<([0-9a-fA-F]{32})>\s*<\1>\s*\]")


@dataclass(frozen=True)
class Part:
    """One PDF to append, with the title of its bookmark."""

    title: str
    pdf: bytes


@dataclass(frozen=True)
class Chapter:
    """An ärende: its tjänsteskrivelse and the documents that follow it."""

    title: str
    pdf: bytes
    attachments: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Properties:
    """What the PDF says about itself (document information, XMP metadata and catalogue)."""

    title: str
    author: str
    subject: str
    creator: str
    moment: dt.datetime
    language: str = "sv-SE"
    pdfa: bool = True
    """Whether to claim PDF/A-2b: only when every document in the bundle is PDF/A."""


def assemble(front: bytes, chapters: Sequence[Chapter], properties: Properties) -> bytes:
    """One PDF: `front` (the cover, then the list), then each chapter and its attachments."""
    with contextlib.ExitStack() as stack:
        out = Pdf.new()
        tree = StructureTree(out, properties.title)
        sources: list[Pdf] = []

        def append(data: bytes, title: str, parent: Dictionary) -> tuple[int, Dictionary]:
            """Add one document's pages and structure: its first page and its Part."""
            source = stack.enter_context(opened(data))
            sources.append(source)
            first = len(out.pages)
            out.pages.extend(source.pages)  # pages first: the tree's copy maps onto them
            return first, tree.add(source, first, title=title, parent=parent)

        append(front, FRONT_PART, tree.document)
        front_pages = len(out.pages)
        with out.open_outline() as outline:
            for index, title in enumerate(FRONT_TITLES[:front_pages]):
                outline.root.append(OutlineItem(title, index))
            for chapter in chapters:
                first, part = append(chapter.pdf, chapter.title, tree.document)
                item = OutlineItem(chapter.title, first)
                item.children.extend(_copied_outline(sources[-1], out, first))
                for attachment in chapter.attachments:
                    start, _ = append(attachment.pdf, attachment.title, part)
                    item.children.append(OutlineItem(attachment.title, start))
                outline.root.append(item)
        tree.finish()
        _fix_tab_order(out)
        _label_pages(out, front_pages)
        _describe(out, sources[0], properties)
        buffer = io.BytesIO()
        out.save(
            buffer,
            min_version=max(source.pdf_version for source in sources),
            static_id=True,  # a fixed /ID, replaced below by one derived from the content
            fix_metadata_version=False,  # the XMP metadata is ours: leave it as written
            object_stream_mode=pikepdf.ObjectStreamMode.generate,  # a third of the size
        )
    return content_identified(buffer.getvalue())


def content_identified(data: bytes) -> bytes:
    """`data` with the file /ID set to the first half of the sha256 of the file with a zero /ID.

    qpdf writes the /ID in the trailer or, with object streams, in the cross-reference stream's
    dictionary, which is never compressed: so it is replaced in place, at the same length.
    """
    found = list(_ID.finditer(data))
    if len(found) != 1:
        raise ValueError(f"expected one /ID in the written PDF, found {len(found)}")
    start, end = found[0].span()

    def with_id(value: bytes) -> bytes:
        return data[:start] + b"/ID [<%s><%s>]" % (value, value) + data[end:]

    digest = hashlib.sha256(with_id(b"0" * 32)).digest()[:16].hex().encode()
    return with_id(digest)


def _copied_outline(source: Pdf, out: Pdf, first: int) -> list[OutlineItem]:
    """The bookmarks of `source`, pointing at its pages in `out` (which start at `first`).

    An explicit destination (all LibreOffice writes) keeps its place on the page; a named one,
    or an action other than going to a page of the document, leads to its first page.
    """
    pages: dict[tuple[int, int], pikepdf.Object] = {
        page.obj.objgen: out.pages[first + i].obj for i, page in enumerate(source.pages)
    }

    def copied(items: Sequence[OutlineItem]) -> Iterator[OutlineItem]:
        for item in items:
            target: object = item.destination
            if target is None and item.action is not None and item.action.get("/S") == Name.GoTo:
                target = item.action.get("/D")
            destination: Array | int = first
            if isinstance(target, Array) and len(target) and target[0].objgen in pages:
                destination = Array([pages[target[0].objgen], *list(target)[1:]])
            copy = OutlineItem(str(item.title), destination)
            copy.children.extend(copied(item.children))
            yield copy

    with source.open_outline() as outline:
        return list(copied(outline.root))


def _fix_tab_order(out: Pdf) -> None:
    """LibreOffice 7.4 writes a page's tab order as a string, `/Tabs (S)`; PDF wants a name."""
    for page in out.pages:
        tabs = page.obj.get("/Tabs")
        if isinstance(tabs, String):
            page.obj.Tabs = Name("/" + str(tabs))


def _label_pages(out: Pdf, front_pages: int) -> None:
    nums: list[int | Dictionary] = [0, Dictionary(P=String(FRONT_TITLES[0]))]
    if front_pages > 1:
        nums += [1, Dictionary(S=Name.r, St=1)]
    if len(out.pages) > front_pages:
        nums += [front_pages, Dictionary(S=Name.D, St=1)]
    out.Root.PageLabels = Dictionary(Nums=Array(nums))


def _describe(out: Pdf, front: Pdf, properties: Properties) -> None:
    """The catalogue's entries, the output intent, the document information and the XMP."""
    out.Root.Lang = String(properties.language)
    out.Root.PageMode = Name.UseOutlines
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    intents = front.Root.get("/OutputIntents", Array())
    if len(intents):
        intent = out.copy_foreign(intents[0])
        profile = intent.DestOutputProfile
        profile.write(icc_stamped(profile.read_bytes(), properties.moment))
        out.Root.OutputIntents = Array([intent])
    stamp = pdf_date(properties.moment)
    producer = f"pikepdf {pikepdf.__version__}"
    out.docinfo = out.make_indirect(
        Dictionary(
            Title=String(properties.title),
            Author=String(properties.author),
            Subject=String(properties.subject),
            Creator=String(properties.creator),
            Producer=String(producer),
            CreationDate=String(stamp),
            ModDate=String(stamp),
        )
    )
    xmp = _xmp(properties, producer)
    out.Root.Metadata = out.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)


def _xmp(properties: Properties, producer: str) -> bytes:
    """The XMP packet: what the document information says, and the PDF/A claim."""
    moment = properties.moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    title, author = escape(properties.title), escape(properties.author)
    subject, language = escape(properties.subject), escape(properties.language)
    claim = (
        '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
        "   <pdfaid:part>2</pdfaid:part>\n"
        "   <pdfaid:conformance>B</pdfaid:conformance>\n"
        "  </rdf:Description>\n"
        if properties.pdfa
        else ""
    )
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{claim}  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{escape(properties.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{moment}</xmp:CreateDate>
   <xmp:ModifyDate>{moment}</xmp:ModifyDate>
   <xmp:MetadataDate>{moment}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{escape(producer)}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
