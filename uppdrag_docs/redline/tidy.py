"""Tidying LibreOffice's document comparison into the redline a Word reader expects.

LibreOffice compares a table as one unit: a table with one changed cell comes back as the whole
old table deleted beside the whole new one inserted, and the compensation tables, where one
index moves every amount, would read as pages of struck-out tables. Such a pair is merged here
into one table, row by row: unchanged rows plain, a changed cell with its old text deleted and
its new text inserted, added and removed rows marked as such. Deletions are also put before the
insertions that replace them ("varje ~~år~~ kvartal", as Word shows it), and the change ids are
renumbered so that they stay unique. The result is still only `w:ins` and `w:del` marks, which
a reader accepts or rejects in Word.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from uppdrag_docs.diff.words import word_diff
from uppdrag_docs.files import normalise_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
APP = "docProps/app.xml"
STATISTICS = ("Pages", "Words", "Characters", "CharactersWithSpaces", "Paragraphs", "Lines")
"""Counts LibreOffice writes only when its layout has run by the time it saves: left out."""
DCTERMS = "http://purl.org/dc/terms/"
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
REVISIONS = ("ins", "del")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def tidy(data: bytes, *, author: str, date: dt.date) -> bytes:
    """The compared docx with merged tables, deletions first, unique ids, fixed zip bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(_w("body"))
    if body is not None:
        mark = _Mark(author, date)
        for new, old in list(_replaced_tables(body)):
            _merge(new, old, mark)
    _deletions_first(root)
    _renumber(root)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if CORE in parts:
        parts[CORE] = _dated(parts[CORE], author=author, date=date)
    if APP in parts:
        parts[APP] = _without_statistics(parts[APP])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return normalise_zip(out.getvalue())


class _Mark:
    """Attributes for the row marks added here, the same as LibreOffice's own marks."""

    def __init__(self, author: str, date: dt.date) -> None:
        self.attributes = {_w("id"): "0", _w("author"): author, _w("date"): f"{date}T00:00:00Z"}

    def element(self, kind: str) -> Any:
        return etree.Element(_w(kind), dict(self.attributes))


def _texts(element: Any) -> Iterator[str]:
    for node in element.iter(_w("t"), _w("delText")):
        yield node.text or ""


def _inside(node: Any, kind: str, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _w(kind):
            return True
        parent = parent.getparent()
    return False


def _all_marked(table: Any, kind: str) -> bool:
    """Every text of the table is inside a `w:ins` (kind `ins`), or is deleted text (`del`)."""
    nodes = list(table.iter(_w("t"), _w("delText")))
    if kind == "del":
        return bool(nodes) and all(n.tag == _w("delText") for n in nodes)
    return bool(nodes) and all(n.tag == _w("t") and _inside(n, "ins", table) for n in nodes)


def _replaced_tables(body: Any) -> Iterator[tuple[Any, Any]]:
    """Adjacent (inserted table, deleted table) pairs, in either order."""
    children = [c for c in body if c.tag == _w("tbl") or c.tag == _w("p")]
    for first, second in itertools.pairwise(children):
        if first.tag != _w("tbl") or second.tag != _w("tbl"):
            continue
        if _all_marked(first, "ins") and _all_marked(second, "del"):
            yield first, second
        elif _all_marked(first, "del") and _all_marked(second, "ins"):
            yield second, first


def _cells(row: Any) -> list[Any]:
    return list(row.findall(_w("tc")))


def _row_text(row: Any) -> tuple[str, ...]:
    return tuple("".join(_texts(cell)) for cell in _cells(row))


def _align(old: list[Any], new: list[Any]) -> list[tuple[Any | None, Any | None]]:
    """Rows paired across versions: whole rows first, then changed rows by their first cell."""
    pairs: list[tuple[Any | None, Any | None]] = []
    rows = difflib.SequenceMatcher(
        None, [_row_text(r) for r in old], [_row_text(r) for r in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in rows.get_opcodes():
        if tag == "equal":
            pairs += zip(old[i1:i2], new[j1:j2], strict=True)
        else:
            pairs += _align_changed(old[i1:i2], new[j1:j2])
    return pairs


def _align_changed(old: list[Any], new: list[Any]) -> list[tuple[Any | None, Any | None]]:
    first = difflib.SequenceMatcher(
        None, [_row_text(r)[:1] for r in old], [_row_text(r)[:1] for r in new], autojunk=False
    )
    pairs: list[tuple[Any | None, Any | None]] = []
    for tag, i1, i2, j1, j2 in first.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += zip(old[i1:i2], new[j1:j2], strict=True)
        else:
            pairs += [(row, None) for row in old[i1:i2]]
            pairs += [(None, row) for row in new[j1:j2]]
    return pairs


def _merge(new_table: Any, old_table: Any, mark: _Mark) -> None:
    """Turn the inserted `new_table` into one table holding both versions; drop the other."""
    old_rows, new_rows = old_table.findall(_w("tr")), new_table.findall(_w("tr"))
    merged: list[Any] = []
    for old, new in _align(old_rows, new_rows):
        if old is not None and new is not None and len(_cells(old)) == len(_cells(new)):
            merged.append(_merge_row(old, new, mark))
            continue
        if old is not None:
            _row_mark(old, "del", mark)
            merged.append(old)
        if new is not None:
            _row_mark(new, "ins", mark)
            merged.append(new)
    for row in new_rows:
        new_table.remove(row)
    for row in merged:
        new_table.append(row)
    old_table.getparent().remove(old_table)


def _merge_row(old: Any, new: Any, mark: _Mark) -> Any:
    """`new` with unchanged cells accepted and each changed cell showing old and new text."""
    _drop_row_marks(new)
    for old_cell, new_cell in zip(_cells(old), _cells(new), strict=True):
        if "".join(_texts(old_cell)) == "".join(_texts(new_cell)):
            _accept(new_cell)
        elif not _word_level(old_cell, new_cell, mark):
            _cell_level(old_cell, new_cell)
    return new


def _word_level(old_cell: Any, new_cell: Any, mark: _Mark) -> bool:
    """One paragraph each, one run format: rewrite the cell as a word diff ("× ~~3,1~~ 3,3 %")."""
    old_paragraphs, new_paragraphs = old_cell.findall(_w("p")), new_cell.findall(_w("p"))
    if len(old_paragraphs) != 1 or len(new_paragraphs) != 1:
        return False
    paragraph = new_paragraphs[0]
    runs = list(paragraph.iter(_w("r")))
    formats = {
        etree.tostring(r.find(_w("rPr"))) if r.find(_w("rPr")) is not None else b"" for r in runs
    }
    if len(formats) > 1 or any(c.tag not in (_w("pPr"), _w("ins"), _w("r")) for c in paragraph):
        return False
    run_format = runs[0].find(_w("rPr")) if runs else None
    ops = word_diff("".join(_texts(old_cell)), "".join(_texts(new_cell)))
    for child in list(paragraph):
        if child.tag != _w("pPr"):
            paragraph.remove(child)
    for op, text in ops:
        run = etree.Element(_w("r"))
        if run_format is not None:
            run.append(copy.deepcopy(run_format))
        content = etree.SubElement(run, _w("delText" if op == "-" else "t"))
        content.text = text
        content.set(XML_SPACE, "preserve")
        if op == "=":
            paragraph.append(run)
        else:
            wrapper = mark.element("del" if op == "-" else "ins")
            wrapper.append(run)
            paragraph.append(wrapper)
    return True


def _cell_level(old_cell: Any, new_cell: Any) -> None:
    """The old cell's deleted text put before the new cell's inserted text."""
    paragraph = new_cell.find(_w("p"))
    if paragraph is None:
        return
    deleted = [d for p in old_cell.findall(_w("p")) for d in p.findall(_w("del"))]
    position = 1 if paragraph.find(_w("pPr")) is not None else 0
    for offset, element in enumerate(deleted):
        paragraph.insert(position + offset, element)


def _row_properties(row: Any) -> Any:
    props = row.find(_w("trPr"))
    if props is None:
        props = etree.Element(_w("trPr"))
        row.insert(1 if row.find(_w("tblPrEx")) is not None else 0, props)
    return props


def _drop_row_marks(row: Any) -> None:
    props = row.find(_w("trPr"))
    if props is not None:
        for kind in REVISIONS:
            for element in props.findall(_w(kind)):
                props.remove(element)


def _row_mark(row: Any, kind: str, mark: _Mark) -> None:
    """Mark a whole row inserted or deleted, so rejecting the change removes or keeps it."""
    props = _row_properties(row)
    if props.find(_w(kind)) is None:
        props.append(mark.element(kind))


def _accept(element: Any) -> None:
    """Unwrap every insertion inside `element`: its content stays, unmarked."""
    for ins in list(element.iter(_w("ins"))):
        parent = ins.getparent()
        index = parent.index(ins)
        for offset, child in enumerate(list(ins)):
            parent.insert(index + offset, child)
        parent.remove(ins)


def _deletions_first(root: Any) -> None:
    """`<w:ins>new</w:ins><w:del>old</w:del>` → deletion first, as Word writes a replacement."""
    for paragraph in root.iter(_w("p")):
        children = list(paragraph)
        for first, second in itertools.pairwise(children):
            if first.tag == _w("ins") and second.tag == _w("del"):
                paragraph.remove(second)
                first.addprevious(second)


def _renumber(root: Any) -> None:
    """Give every change a unique id, above the ids that bookmarks and comments use."""
    changes = [e for kind in REVISIONS for e in root.iter(_w(kind)) if e.get(_w("id")) is not None]
    changed = set(changes)
    others = [
        int(value)
        for e in root.iter()
        if e not in changed and (value := e.get(_w("id"))) is not None and value.isdigit()
    ]
    start = max(others, default=0) + 1
    ordered = [e for e in root.iter(_w("ins"), _w("del")) if e in changed]
    for number, element in enumerate(ordered, start=start):
        element.set(_w("id"), str(number))


def _dated(core: bytes, *, author: str, date: dt.date) -> bytes:
    """The core properties dated by the version, not by the clock LibreOffice saved at."""
    root = etree.fromstring(core)
    for name in ("created", "modified"):
        element = root.find(f"{{{DCTERMS}}}{name}")
        if element is not None:
            element.text = f"{date}T00:00:00Z"
    modified_by = root.find(f"{{{CORE_PROPERTIES}}}lastModifiedBy")
    if modified_by is not None:
        modified_by.text = author
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _without_statistics(app: bytes) -> bytes:
    root = etree.fromstring(app)
    for element in list(root):
        if etree.QName(element).localname in STATISTICS:
            root.remove(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
