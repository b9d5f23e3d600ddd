"""The bundle's structure tree: every document's own tree, one /Part each, under one /Document.

A tagged PDF says what each piece of a page is (heading, paragraph, table cell, figure with its
alternative text) in a tree of structure elements; the pages' marked content (MCIDs) and the
annotations point into it through the parent tree, a number tree keyed by each page's
`/StructParents` (and each annotation's `/StructParent`). Merging PDFs keeps none of that unless
it is merged too, which is what `StructureTree` does, one document at a time, after that
document's pages are in the bundle:

- its StructTreeRoot is copied with `copy_foreign`, which maps each element's page (`/Pg`) and
  annotation (`/Obj`) to the copies already made when its pages were appended;
- every key of its parent tree, and every `/StructParents` and `/StructParent` that uses one,
  is moved past the keys of the documents before it;
- its top element, the /Document that LibreOffice writes, becomes a /Part titled with the
  document's bookmark (`/T`), under the bundle's /Document or under its ärende's /Part;
- its role map (LibreOffice maps its paragraph styles, such as "Tabelltext", to standard
  types) is merged into one, and a custom type that two documents map differently is renamed
  in the second; the class maps are merged too (the first document's entry wins a clash), and
  the element identifiers (IDTree), an identifier that is taken getting a suffix.

A document without a tree (a bilaga that Ghostscript made PDF/A, a plain PDF) gets a /Div per
page that marks the page's whole content, so its text is at least in reading order; unless its
pages already use marked content, which an MCID of ours may not enclose: then it stays unmarked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

_NOT_ELEMENTS = (Name.MCR, Name.OBJR)
"""/K entries that are references to marked content or objects, not structure elements."""


class StructureTree:
    """The structure tree of `pdf` (the bundle), built from those of the documents in it."""

    def __init__(self, pdf: Pdf, title: str) -> None:
        self.pdf = pdf
        self.document = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, T=String(title), K=Array())
        )
        self._parent_tree: list[tuple[int, pikepdf.Object]] = []
        self._next_key = 0
        self._role_map: dict[str, pikepdf.Object] = {}
        self._class_map: dict[str, pikepdf.Object] = {}
        self._ids: dict[bytes, pikepdf.Object] = {}

    def add(self, source: Pdf, first_page: int, *, title: str, parent: Dictionary) -> Dictionary:
        """The /Part of `source`, whose pages are the bundle's from `first_page`, under `parent`.

        `parent` is the bundle's `document` or another document's Part.
        """
        pages = range(first_page, first_page + len(source.pages))
        if "/StructTreeRoot" in source.Root:
            part = self._add_tagged(source.Root.StructTreeRoot, pages)
        else:
            part = self._add_untagged(pages)
        part.P = parent
        part.T = String(title)
        language = source.Root.get("/Lang")
        if language is not None:
            part.Lang = language  # a screen reader speaks each document in its own language
        parent.K.append(part)
        return part

    def finish(self) -> None:
        """Put the tree in the bundle's catalogue, and say that the bundle is tagged."""
        nums = Array([x for pair in sorted(self._parent_tree, key=lambda p: p[0]) for x in pair])
        root = Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([self.document]),
            ParentTree=self.pdf.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=self._next_key,
        )
        if self._role_map:
            root.RoleMap = Dictionary(dict(sorted(self._role_map.items())))
        if self._class_map:
            root.ClassMap = Dictionary(dict(sorted(self._class_map.items())))
        if self._ids:
            ids = sorted(self._ids.items())
            names = Array([x for key, element in ids for x in (String(key), element)])
            root.IDTree = self.pdf.make_indirect(Dictionary(Names=names))
        self.pdf.Root.StructTreeRoot = self.pdf.make_indirect(root)
        self.document.P = self.pdf.Root.StructTreeRoot
        self.pdf.Root.MarkInfo = Dictionary(Marked=True)

    def _add_tagged(self, tree: pikepdf.Object, pages: range) -> Dictionary:
        copied = self.pdf.copy_foreign(tree)
        offset = self._next_key
        keys = [key for key, _ in _number_tree(copied.get("/ParentTree", Dictionary()))]
        for key, value in _number_tree(copied.get("/ParentTree", Dictionary())):
            self._parent_tree.append((key + offset, value))
        used = max(max(keys, default=-1) + 1, int(copied.get("/ParentTreeNextKey", 0)))
        self._next_key = offset + used
        self._shift_struct_parents(pages, offset)
        renamed = _merge_map(self._role_map, copied.get("/RoleMap", Dictionary()))
        _merge_map(self._class_map, copied.get("/ClassMap", Dictionary()))
        kids = copied.K if isinstance(copied.get("/K"), Array) else Array([copied.get("/K")])
        for element in _elements(kids):
            if str(element.S) in renamed:
                element.S = Name(renamed[str(element.S)])
        self._merge_ids(copied.get("/IDTree"))
        top = list(_elements(kids, deep=False))
        if len(kids) == 1 and len(top) == 1 and str(top[0].S) == "/Document":
            top[0].S = Name.Part
            return top[0]
        part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=kids))
        for kid in top:
            kid.P = part
        return part

    def _add_untagged(self, pages: range) -> Dictionary:
        part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array()))
        if any(_marks_content(self.pdf.pages[index]) for index in pages):
            return part
        for index in pages:
            page = self.pdf.pages[index]
            div = self.pdf.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.Div, P=part, Pg=page.obj, K=0)
            )
            part.K.append(div)
            page.contents_add(self.pdf.make_stream(b"/Div <</MCID 0>> BDC\n"), prepend=True)
            page.contents_add(self.pdf.make_stream(b"\nEMC\n"), prepend=False)
            page.obj.StructParents = self._next_key
            self._parent_tree.append((self._next_key, Array([div])))
            self._next_key += 1
        return part

    def _shift_struct_parents(self, pages: range, offset: int) -> None:
        """Move the keys that the pages, their annotations and their forms use by `offset`."""
        seen: set[tuple[int, int]] = set()

        def shift(holder: pikepdf.Object, key: str) -> None:
            if key in holder and (not holder.is_indirect or holder.objgen not in seen):
                if holder.is_indirect:
                    seen.add(holder.objgen)
                holder[key] = int(holder[key]) + offset

        for index in pages:
            page = self.pdf.pages[index].obj
            shift(page, "/StructParents")
            for annotation in page.get("/Annots", Array()):
                shift(annotation, "/StructParent")
            for form in _forms(page.get("/Resources", Dictionary()), seen=set()):
                shift(form, "/StructParents")

    def _merge_ids(self, tree: pikepdf.Object | None) -> None:
        """Add a document's element identifiers; one taken already gets a suffix."""
        if tree is None:
            return
        for key, element in _name_tree(tree):
            unique, n = key, 1
            while unique in self._ids:
                n += 1
                unique = key + b"-%d" % n
            if unique != key:
                element.ID = String(unique)
            self._ids[unique] = element


def _number_tree(node: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """(key, value) of a number tree, flat (/Nums) or with /Kids."""
    nums = node.get("/Nums", Array())
    for i in range(0, len(nums) - 1, 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree(kid)


def _name_tree(node: pikepdf.Object) -> Iterator[tuple[bytes, pikepdf.Object]]:
    """(key, value) of a name tree, flat (/Names) or with /Kids."""
    names = node.get("/Names", Array())
    for i in range(0, len(names) - 1, 2):
        yield bytes(names[i]), names[i + 1]
    for kid in node.get("/Kids", Array()):
        yield from _name_tree(kid)


def _elements(kids: pikepdf.Object, *, deep: bool = True) -> Iterator[Dictionary]:
    """The structure elements in a /K value, depth first in reading order (or only the top)."""
    for item in kids if isinstance(kids, Array) else [kids]:
        if isinstance(item, Dictionary) and "/S" in item and item.get("/Type") not in _NOT_ELEMENTS:
            yield item
            if deep and "/K" in item:
                yield from _elements(item.K)


def _merge_map(merged: dict[str, pikepdf.Object], new: pikepdf.Object) -> dict[str, str]:
    """Add a role or class map to `merged`; the keys that clashed and their new names."""
    renamed: dict[str, str] = {}
    for key, value in new.items():
        name = key
        if key in merged and merged[key] != value:
            n = 2
            while f"{key}-{n}" in merged:
                n += 1
            name = renamed[key] = f"{key}-{n}"
        merged.setdefault(name, value)
    return renamed


def _forms(resources: pikepdf.Object, *, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Stream]:
    """The form XObjects that `resources` use, and those they use in turn."""
    for xobject in resources.get("/XObject", Dictionary()).values():
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        if xobject.get("/Subtype") != Name.Form:
            continue
        seen.add(xobject.objgen)
        yield xobject
        yield from _forms(xobject.get("/Resources", Dictionary()), seen=seen)


def _marks_content(page: pikepdf.Page) -> bool:
    return any(str(step.operator) == "BDC" for step in pikepdf.parse_content_stream(page))
