"""`uppdrag diff`: what changed between two versions, in the terms a reviewer thinks in.

For each uppdrag added, removed or changed: the changed fields under their Swedish keys, lists
matched by identity (`diff/fields.py`), and the money: each year's total before and after, and the
calculation rows (`calc/rows.py`, matched by their stable keys) that moved it. A change to
`uppdrag/gemensamt/` is listed with every uppdrag it affects and its effect in kronor, holding
each uppdrag's own file constant so that only the shared change is measured.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from uppdrag_docs.calc.engine import Calculation, calculate
from uppdrag_docs.calc.rows import Row, calculation_rows
from uppdrag_docs.diff.fields import FieldChange, Tree, Value, build_tree, compare_trees, identity
from uppdrag_docs.diff.follow_up import FollowUpChange, follow_up_changes
from uppdrag_docs.diff.scope import load_reached, shared_fields
from uppdrag_docs.diff.versions import SHARED_FOLDER, Entry, Version, resolve
from uppdrag_docs.errors import UppdragError
from uppdrag_docs.format.repository import CATALOGUE_FILE, INDEX_FILE, KOMMUN_FILE, Shared

Kind = Literal["tillagt", "borttaget", "ändrat", "gemensamt"]
KIND_TEXT: dict[Kind, str] = {
    "tillagt": "nytt",
    "borttaget": "borttaget",
    "ändrat": "ändrat",
    "gemensamt": "ändrat genom gemensamt",
}
FILE_FIELD = "fil"


@dataclass(frozen=True)
class RowChange:
    """One line of a year's calculation whose amount differs."""

    key: str
    label: str
    old: Decimal | None
    new: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))


@dataclass(frozen=True)
class YearMoney:
    year: int
    old: Decimal | None
    new: Decimal | None
    rows: tuple[RowChange, ...] = ()

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def share(self) -> Decimal | None:
        """The difference as a share of the old total, when there is one to compare with."""
        if self.old is None or self.new is None or self.old == 0:
            return None
        return self.difference / self.old


@dataclass(frozen=True)
class UppdragChange:
    id: str
    kind: Kind
    title: str
    old_path: str | None
    new_path: str | None
    fields: tuple[FieldChange, ...]
    money: tuple[YearMoney, ...]
    unit: str
    notes: tuple[str, ...] = ()
    old_entry: Entry | None = field(default=None, compare=False, repr=False)
    new_entry: Entry | None = field(default=None, compare=False, repr=False)
    """The two versions as loaded, for what is made from them (the Word redline)."""


@dataclass(frozen=True)
class SharedChange:
    """The changed fields of one file of `uppdrag/gemensamt/`."""

    file: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Affected:
    """An uppdrag that a shared change reaches, and what it does to its money per year."""

    id: str
    title: str
    files: tuple[str, ...]
    effect: tuple[YearMoney, ...]
    unit: str


@dataclass(frozen=True)
class DiffResult:
    old: Version
    new: Version
    uppdrag: tuple[UppdragChange, ...]
    shared: tuple[SharedChange, ...]
    affected: tuple[Affected, ...]
    follow_up: tuple[FollowUpChange, ...] = ()
    """The files of `uppfoljning/` that changed, in the follow-up's words."""

    @property
    def changed(self) -> bool:
        return bool(self.uppdrag or self.shared or self.follow_up)

    @property
    def notes(self) -> list[str]:
        return [*self.old.notes, *self.new.notes]


def diff(old: str | None = None, new: str | None = None, *, cwd: Path | None = None) -> DiffResult:
    """Compare two versions named as `git diff` names them (see `diff/versions.py`'s `resolve`)."""
    before, after = resolve(old, new, cwd=cwd or Path.cwd())
    load_reached(before, after)
    return compare(before, after)


def compare(old: Version, new: Version) -> DiffResult:
    pairs = _pairs(old, new)
    shared = _shared_changes(old.shared, new.shared)
    single = old.single and new.single
    changes = [c for c in (_uppdrag_change(a, b, single=single) for a, b in pairs) if c is not None]
    affected = _affected(old, new, pairs, shared) if shared else []
    follow_up = follow_up_changes(old, new)
    return DiffResult(old, new, tuple(changes), tuple(shared), tuple(affected), follow_up)


def _pairs(old: Version, new: Version) -> list[tuple[Entry | None, Entry | None]]:
    """Uppdrag matched by id, in the new version's order then the removed ones."""
    if old.single and new.single and len(old.entries) == len(new.entries) == 1:
        return [(next(iter(old.entries.values())), next(iter(new.entries.values())))]
    ids = sorted(new.entries, key=lambda i: new.entries[i].path)
    ids += sorted(
        (i for i in old.entries if i not in new.entries), key=lambda i: old.entries[i].path
    )
    return [(old.entries.get(i), new.entries.get(i)) for i in ids]


def uppdrag_tree(entry: Entry, *, raw: bool = False) -> Tree:
    """The fields of an uppdrag as compared: criteria resolved from the shared catalogue.

    An invalid uppdrag has no model, so it is compared by the data in its file; `raw` does the
    same for a valid one, so that both sides of such a comparison are read alike.
    """
    if raw or entry.loaded is None:
        return build_tree(entry.data) if isinstance(entry.data, dict) else {}
    data = entry.loaded.uppdrag.model_dump(by_alias=True, exclude_none=True)
    data["kvalitetskriterier"] = [
        {
            **criterion.model_dump(by_alias=True, exclude_none=True),
            **({"ref": criterion.ref} if criterion.ref else {}),
        }
        for criterion in entry.loaded.criteria
    ]
    return build_tree(data)


def _uppdrag_change(
    old: Entry | None, new: Entry | None, *, single: bool = False
) -> UppdragChange | None:
    """The change of one uppdrag; `single` when the person named the two files themselves."""
    entry = new or old
    assert entry is not None
    unit = _unit(new) or _unit(old) or "kr"
    notes = tuple(_notes(old, "den gamla versionen")) + tuple(_notes(new, "den nya versionen"))
    if old is None or new is None:
        kind: Kind = "tillagt" if old is None else "borttaget"
        money = _money(
            old.calculation if old else None, new.calculation if new else None, rows=False
        )
        return UppdragChange(
            entry.id,
            kind,
            entry.title,
            old.path if old else None,
            new.path if new else None,
            (),
            tuple(money),
            unit,
            notes,
            old,
            new,
        )
    raw = old.loaded is None or new.loaded is None
    fields = compare_trees(uppdrag_tree(old, raw=raw), uppdrag_tree(new, raw=raw))
    moved = old.path != new.path and not single
    if moved:
        fields.insert(
            0, FieldChange((FILE_FIELD,), Value(old.path, old.path), Value(new.path, new.path))
        )
    money = _money(old.calculation, new.calculation, rows=True, old_entry=old, new_entry=new)
    if not fields and not any(y.old != y.new for y in money):
        return None
    kind = "ändrat" if moved or _file_differs(old, new) else "gemensamt"
    return UppdragChange(
        new.id,
        kind,
        new.title,
        old.path,
        new.path,
        tuple(fields),
        tuple(money),
        unit,
        notes,
        old,
        new,
    )


def _file_differs(old: Entry, new: Entry) -> bool:
    """Whether the uppdrag's own file changed (as opposed to only the catalogue it refers to)."""
    if old.loaded is None or new.loaded is None:
        return True
    return old.loaded.uppdrag != new.loaded.uppdrag


def _notes(entry: Entry | None, which: str) -> list[str]:
    if entry is None or not entry.errors:
        return []
    money = "" if entry.calculation is not None else "; ersättningen kan inte räknas"
    return [
        f"{entry.path} har {len(entry.errors)} fel i {which}{money} "
        "(kör 'uppdrag check' för att se dem)"
    ]


def _unit(entry: Entry | None) -> str | None:
    return entry.calculation.unit if entry is not None and entry.calculation else None


_POSITIONAL = re.compile(r"^(?P<row>\w+)\.(?P<list>[\w.]+)\[(?P<index>\d+)\]$")


def _row_key(key: str, data: dict[str, Any]) -> str:
    """A row's key with a list position (`V.ersättning.volymförändringar[1]`) turned into the
    item's identity (`V.volymförändringar:2028 Befolkningsökning`), so that reordering the
    list in the file does not look like rows that moved."""
    match = _POSITIONAL.match(key)
    if match is None:
        return key
    node: Any = data
    for part in match["list"].split("."):
        node = node.get(part) if isinstance(node, dict) else None
    index = int(match["index"])
    if not isinstance(node, list) or index >= len(node) or not isinstance(node[index], dict):
        return key
    name = match["list"].rsplit(".", 1)[-1]
    found = identity(node[index], name)
    return f"{match['row']}.{name}:{found}" if found is not None else key


def _keyed_rows(calc: Calculation | None, entry: Entry | None) -> dict[int, dict[str, Row]]:
    if calc is None:
        return {}
    data = (
        entry.loaded.uppdrag.model_dump(by_alias=True)
        if entry is not None and entry.loaded is not None
        else {}
    )
    return {
        year: {_row_key(row.key, data): row for row in rows if row.kind not in ("total", "info")}
        for year, rows in calculation_rows(calc).items()
    }


def _money(
    old: Calculation | None,
    new: Calculation | None,
    *,
    rows: bool,
    old_entry: Entry | None = None,
    new_entry: Entry | None = None,
) -> list[YearMoney]:
    """Each year's total before and after, with the rows that moved it when both exist."""
    if old is not None and new is not None and old.unit != new.unit:
        rows = False
    old_rows = _keyed_rows(old, old_entry)
    new_rows = _keyed_rows(new, new_entry)
    years = sorted({*old_rows, *new_rows})
    out: list[YearMoney] = []
    for year in years:
        before = old.year(year).total if old and year in old_rows else None
        after = new.year(year).total if new and year in new_rows else None
        changed: list[RowChange] = []
        if rows and year in old_rows and year in new_rows:
            a, b = old_rows[year], new_rows[year]
            for key in [*b, *(k for k in a if k not in b)]:
                ra, rb = a.get(key), b.get(key)
                amount_a = ra.amount if ra else None
                amount_b = rb.amount if rb else None
                if (amount_a or 0) != (amount_b or 0):
                    label = rb.label if rb else ra.label if ra else key
                    changed.append(RowChange(key, label, amount_a, amount_b))
        out.append(YearMoney(year, before, after, tuple(changed)))
    return out


def _shared_changes(old: Shared, new: Shared) -> list[SharedChange]:
    return [
        SharedChange(f"{SHARED_FOLDER}/{name}", tuple(fields))
        for name, fields in shared_fields(old, new).items()
    ]


def _affected(
    old: Version,
    new: Version,
    pairs: Sequence[tuple[Entry | None, Entry | None]],
    shared: Sequence[SharedChange],
) -> list[Affected]:
    """The uppdrag each shared change reaches, each measured with its own file held constant."""
    changed_files = {change.file.rsplit("/", 1)[-1]: change for change in shared}
    catalogue_keys = (
        {change.path[0] for change in changed_files[CATALOGUE_FILE].fields}
        if CATALOGUE_FILE in changed_files
        else set()
    )
    out: list[Affected] = []
    for before, after in pairs:
        entry = after or before
        assert entry is not None
        if entry.loaded is None:
            continue
        files: list[str] = []
        if KOMMUN_FILE in changed_files:
            files.append(KOMMUN_FILE)
        refs = {c.ref for c in entry.loaded.criteria if c.ref}
        if refs & catalogue_keys:
            files.append(CATALOGUE_FILE)
        effect: list[YearMoney] = []
        if INDEX_FILE in changed_files:
            effect = _index_effect(entry, old.shared, new.shared)
            if any(y.old != y.new for y in effect):
                files.append(INDEX_FILE)
        if files:
            out.append(
                Affected(
                    entry.id,
                    entry.title,
                    tuple(f"{SHARED_FOLDER}/{f}" for f in files),
                    tuple(effect),
                    _unit(entry) or "kr",
                )
            )
    return out


def _index_effect(entry: Entry, old: Shared, new: Shared) -> list[YearMoney]:
    """The uppdrag (as it is in `entry`) calculated with the old and with the new index."""
    assert entry.loaded is not None
    if new.kommun is None:
        return []
    unit = new.kommun.amounts_in
    results: list[Calculation | None] = []
    for shared in (old, new):
        try:
            results.append(
                calculate(
                    entry.loaded.uppdrag,
                    shared.indexation,
                    unit=unit,
                    catalogue=shared.standard,
                )
                if shared.indexation is not None
                else None
            )
        except UppdragError:
            results.append(None)
    before, after = results
    return _money(before, after, rows=True, old_entry=entry, new_entry=entry)
