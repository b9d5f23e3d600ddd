"""The checks of an archival, tagged PDF that every document and the meeting's bundle pass.

Read with pikepdf, qpdf and pikepdf's PDF/A checker, as an archive or a screen reader would
meet the file: the PDF/A claim and its output intent, the structure tree and what it holds, the
parent tree against the pages' marked content, the language, and the fonts.
"""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pikepdf.pdfa
from pikepdf import Array, Dictionary, Name

STANDARD = {
    "/Document", "/Part", "/Art", "/Sect", "/Div", "/P", "/H", "/H1", "/H2", "/H3", "/H4",
    "/H5", "/H6", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/THead",
    "/TBody", "/TFoot", "/Figure", "/Formula", "/Form", "/Link", "/Annot", "/Span", "/Note",
    "/Caption", "/Quote", "/Code", "/BlockQuote", "/TOC", "/TOCI", "/Index", "/Reference",
    "/BibEntry", "/Ruby", "/Warichu", "/NonStruct", "/Private",
}  # fmt: skip
"""The standard structure types of PDF 1.7, which every custom type maps to."""
COUNTED = ("/H1", "/H2", "/H3", "/Table", "/TR", "/TD", "/TH", "/Figure", "Figure+Alt", "/L")
"""What the tests compare between a document and its Part in the bundle."""


def claim(pdf: pikepdf.Pdf) -> str:
    """The PDF/A part and conformance in the XMP metadata ('2B'), or ''."""
    if "/Metadata" not in pdf.Root:
        return ""
    return str(pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False).pdfa_status)


def archival_problems(path: Path) -> list[str]:
    """What keeps `path` from being the archival, tagged PDF that LibreOffice's documents are."""
    problems: list[str] = []
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if qpdf.returncode != 0 or "No syntax or stream encoding errors" not in qpdf.stdout:
        problems.append(f"qpdf --check: {qpdf.stdout.strip()} {qpdf.stderr.strip()}")
    violations = pikepdf.pdfa.validate_written(path, "2b").violations
    problems += [f"PDF/A-2b: {finding}" for finding in violations]
    with pikepdf.open(path) as pdf:
        if claim(pdf) != "2B":
            problems.append(f"claims PDF/A {claim(pdf)!r}, not 2B")
        intents = list(pdf.Root.get("/OutputIntents", Array()))
        if len(intents) != 1 or intents[0].S != Name.GTS_PDFA1:
            problems.append(f"{len(intents)} output intents, not one for PDF/A")
        elif intents[0].DestOutputProfile.read_bytes()[16:20] != b"RGB ":
            problems.append("the output intent is not RGB")
        if str(pdf.Root.get("/Lang")) != "sv-SE":
            problems.append(f"/Lang is {pdf.Root.get('/Lang')}")
        if not bool(pdf.Root.get("/MarkInfo", Dictionary()).get("/Marked")):
            problems.append("/MarkInfo does not say /Marked")
        if "/StructTreeRoot" not in pdf.Root:
            problems.append("no StructTreeRoot")
        else:
            problems += parent_tree_problems(pdf)
        problems += [f"font {name} is not embedded" for name in fonts_not_embedded(pdf)]
    return problems


def parts(element: Dictionary) -> list[Dictionary]:
    """The /Part elements directly below `element`."""
    kids = element.K if isinstance(element.get("/K"), Array) else [element.get("/K")]
    return [k for k in kids if isinstance(k, Dictionary) and k.get("/S") == Name.Part]


def role(structure_type: str, role_map: pikepdf.Object) -> str:
    """The standard type a custom one maps to (LibreOffice maps 'Tabelltext' to /P)."""
    seen: set[str] = set()
    while structure_type not in STANDARD and structure_type in role_map:
        if structure_type in seen:
            break
        seen.add(structure_type)
        structure_type = str(role_map[structure_type])
    return structure_type


def census(
    top: pikepdf.Object, role_map: pikepdf.Object, *, skip: tuple[Dictionary, ...] = ()
) -> Counter[str]:
    """Elements below `top` by standard type (and Figures with /Alt), leaving out `skip`."""
    counts: Counter[str] = Counter()
    left_out = {element.objgen for element in skip}

    def walk(kids: pikepdf.Object) -> None:
        for element in _top(kids):
            if element.objgen in left_out:
                continue
            kind = role(str(element.S), role_map)
            counts[kind] += 1
            if kind == "/Figure" and "/Alt" in element:
                counts["Figure+Alt"] += 1
            if "/K" in element:
                walk(element.K)

    walk(top.get("/K", Array()))
    return counts


def elements(top: pikepdf.Object) -> Iterator[Dictionary]:
    """Every structure element below `top`, depth first."""
    for element in _top(top.get("/K", Array())):
        yield element
        yield from elements(element)


def _top(kids: pikepdf.Object) -> Iterator[Dictionary]:
    for item in kids if isinstance(kids, Array) else [kids]:
        if (
            isinstance(item, Dictionary)
            and "/S" in item
            and item.get("/Type") not in (Name.MCR, Name.OBJR)
        ):
            yield item


def parent_tree_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Where the pages' marked content and the structure tree do not point at each other."""
    tree = pdf.Root.StructTreeRoot
    nums = tree.ParentTree.get("/Nums", Array())
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    problems: list[str] = []
    keys: Counter[int] = Counter()
    for index, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        mcids = marked_content_ids(page)
        if key is None:
            if mcids:
                problems.append(f"page {index + 1}: marked content but no /StructParents")
            continue
        keys[int(key)] += 1
        entry = entries.get(int(key))
        for mcid in mcids:
            element = entry[mcid] if isinstance(entry, Array) and mcid < len(entry) else None
            if not isinstance(element, Dictionary) or not _points_back(element, mcid, page):
                problems.append(f"page {index + 1}: MCID {mcid} has no element pointing back")
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                keys[int(annotation.StructParent)] += 1
    problems += [f"key {key} is used {n} times" for key, n in keys.items() if n > 1]
    if "/ParentTreeNextKey" in tree and entries and int(tree.ParentTreeNextKey) <= max(entries):
        problems.append("ParentTreeNextKey is not past every key")
    return problems


def _points_back(element: Dictionary, mcid: int, page: pikepdf.Page) -> bool:
    kids = element.K if isinstance(element.K, Array) else [element.K]
    for kid in kids:
        if isinstance(kid, int) and kid == mcid:
            return bool(element.Pg.objgen == page.obj.objgen)
        if isinstance(kid, Dictionary) and kid.get("/MCID") == mcid:
            return bool(kid.get("/Pg", element.get("/Pg")).objgen == page.obj.objgen)
    return False


def marked_content_ids(page: pikepdf.Page) -> list[int]:
    found = []
    properties = page.obj.get("/Resources", Dictionary()).get("/Properties", Dictionary())
    for step in pikepdf.parse_content_stream(page, "BDC"):
        tag = step.operands[1]
        if isinstance(tag, Name):
            tag = properties.get(tag, Dictionary())
        if "/MCID" in tag:
            found.append(int(tag.MCID))
    return found


def fonts_not_embedded(pdf: pikepdf.Pdf) -> list[str]:
    missing: list[str] = []
    seen: set[tuple[int, int]] = set()

    def embedded(font: pikepdf.Object) -> bool:
        if font.get("/Subtype") == Name.Type0:
            return all(embedded(d) for d in font.DescendantFonts)
        if font.get("/Subtype") == Name.Type3:
            return True
        descriptor = font.get("/FontDescriptor")
        return descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )

    def visit(resources: pikepdf.Object) -> None:
        for font in resources.get("/Font", Dictionary()).values():
            if not embedded(font):
                missing.append(str(font.get("/BaseFont")))
        for xobject in resources.get("/XObject", Dictionary()).values():
            if xobject.get("/Subtype") == Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                visit(xobject.get("/Resources", Dictionary()))

    for page in pdf.pages:
        visit(page.obj.get("/Resources", Dictionary()))
    return missing


def plain_pdf(text: str) -> bytes:
    """A one-page PDF that is not PDF/A: Helvetica not embedded, the text in DeviceCMYK black.

    pikepdf's checker refuses it, so it is the kind of bilaga that Ghostscript has to convert.
    """
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding
    )
    page.obj.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    content = b"0 0 0 1 k BT /F1 18 Tf 72 760 Td (" + text.encode("cp1252") + b") Tj ET"
    page.obj.Contents = pdf.make_stream(content)
    pdf.docinfo = pdf.make_indirect(Dictionary(Title=pikepdf.String(text)))
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True)
    return buffer.getvalue()
