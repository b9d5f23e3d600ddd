"""An uppdrag as labelled fields: the normal form that `diff` compares and `textconv` prints.

The data (a model dumped with its Swedish aliases, or a file's raw YAML data) becomes a tree
whose keys are what a reader calls each part: the Swedish key, and for a list item its identity
(a report by id, an utförare by namn, a volume change by year and description). Lists are
matched by identity, so reordering them changes nothing; a list of plain values (skäl) is
compared as a set. Leaves carry the value and its Swedish text: amounts in kronor, shares in
percent, dates in ISO form.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Union

from uppdrag_docs.swedish import date_iso, number, percent, price_text

SEPARATOR = " › "

LIST_IDENTITY: dict[str, tuple[tuple[str, ...], ...]] = {
    "kvalitetskriterier": (("id",), ("ref",)),
    "rapportering": (("id",),),
    "tilläggsuppdrag": (("id",),),
    "utförare": (("namn",),),
    "volymförändringar": (("år", "beskrivning"),),
    "ambitionsförändringar": (("år", "beskrivning"),),
    "rörlig": (("beskrivning",),),
    "mål": (("text",), ("mål",)),
    "bilagor": (("fil",),),
    "beslutsunderlag": (("titel",),),
    "samråd": (("part",),),
    "underskrifter": (("namn",),),
    "utfall": (("kriterium",),),
    "kriterier": (("kriterium",),),
    "volymer": (("post",),),
}
"""How the items of each list are matched between versions: the first key set an item has."""

MONEY_FIELDS = frozenset(
    {
        "driftskostnad_basår",
        "styckkostnad",
        "belopp",
        "pris",
        "förväntad_kostnad",
        "ersättning",
        "ram",
        "rörlig",
        "tilläggsuppdrag",
        "övriga",
        "intäkter",
        "kostnader",
    }
)
SHARE_FIELDS = frozenset({"kostnadsfördelning", "effektiviseringskrav", "oh_andel", "år"})
"""Numbers shown in kronor or percent; `år` is the index table of upprakning.yaml."""

MAP_FIELDS = frozenset(
    {
        "kostnadsfördelning",
        "effektiviseringskrav",
        "förväntad_kostnad",
        "prognos",
        "år",
        "ram",
        "kostnader",
    }
)
"""Mappings whose keys are data (years, cost types), not field names."""

LONG_TEXT_WORDS = 6
GROUPED_FROM = 10_000
"""Whole numbers from here are grouped ("24 000"); smaller ones are years, counts, days."""


@dataclass(frozen=True)
class Value:
    """A leaf: the value as data (for JSON) and as Swedish text (for people)."""

    raw: Any
    text: str

    @property
    def key(self) -> Any:
        """What equality means: numbers by value, lists of plain values as multisets."""
        if isinstance(self.raw, list):
            return Counter(_key(item) for item in self.raw)
        return _key(self.raw)

    def same(self, other: Value) -> bool:
        return bool(self.key == other.key)

    @property
    def is_long(self) -> bool:
        """Long or multi-line text (Markdown): shown as a word diff rather than old → new."""
        return isinstance(self.raw, str) and (
            "\n" in self.text.strip() or len(self.text.split()) > LONG_TEXT_WORDS
        )


def _key(raw: Any) -> Any:
    return raw.normalize() if isinstance(raw, Decimal) else raw


Tree = dict[str, Union["Tree", Value]]


def build_tree(data: Any, *, field: str | None = None) -> Tree:
    """The labelled tree of a mapping (a dumped model or raw YAML data)."""
    if not isinstance(data, dict):
        return {"": leaf(data, field)}
    tree: Tree = {}
    for key, value in data.items():
        if value is None or value == [] or value == {}:
            continue  # absent, or a list left empty: the same to a reader
        child_field = field if field in MAP_FIELDS else str(key)
        tree[str(key)] = _node(value, child_field)
    return tree


def _node(value: Any, field: str | None) -> Tree | Value:
    if isinstance(value, dict):
        return build_tree(value, field=field)
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return _items(value, field)
    return leaf(value, field)


def _items(items: list[dict[str, Any]], field: str | None) -> Tree:
    """A list of mappings, keyed by each item's identity; the identity keys are left out."""
    tree: Tree = {}
    for position, item in enumerate(items, start=1):
        keys = _identity_keys(item, field)
        name = " ".join(leaf(item[k], k).text for k in keys) if keys else str(position)
        if name in tree:
            name = f"{name} ({sum(1 for k in tree if k.startswith(name)) + 1})"
        tree[name] = build_tree({k: v for k, v in item.items() if k not in keys}, field=field)
    return tree


def _identity_keys(item: dict[str, Any], field: str | None) -> tuple[str, ...]:
    return next(
        (
            keys
            for keys in LIST_IDENTITY.get(field or "", ())
            if all(item.get(k) is not None for k in keys)
        ),
        (),
    )


def identity(item: dict[str, Any], field: str) -> str | None:
    """How a list item is known across versions (`R2`, `2028 Befolkningsökning`), if it is."""
    keys = _identity_keys(item, field)
    return " ".join(leaf(item[k], k).text for k in keys) if keys else None


def leaf(value: Any, field: str | None) -> Value:
    """A value with its Swedish text, formatted by the field it belongs to."""
    if isinstance(value, list):
        texts = [leaf(item, field) for item in value]
        return Value([t.raw for t in texts], ", ".join(t.text for t in texts))
    if isinstance(value, bool):
        return Value(value, "ja" if value else "nej")
    if isinstance(value, dt.date):
        return Value(value.isoformat(), date_iso(value))
    if isinstance(value, Decimal | int) and field in MONEY_FIELDS:
        return Value(_json_number(value), price_text(Decimal(value)))
    if isinstance(value, Decimal) and field in SHARE_FIELDS:
        return Value(_json_number(value), percent(value))
    if isinstance(value, Decimal):
        return Value(_json_number(value), number(value, decimals=_decimals(value)))
    if isinstance(value, int):
        return Value(value, number(value) if abs(value) >= GROUPED_FROM else str(value))
    if isinstance(value, str):
        return Value(value, value.strip() if "\n" in value else value)
    return Value(str(value), str(value))


def _json_number(value: Decimal | int) -> Any:
    """Exact numbers for programs: integers as they are, decimals as strings (no floats)."""
    return value if isinstance(value, int) else str(value)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def flatten(tree: Tree, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Value]]:
    """Every leaf with its path, in the tree's order."""
    for key, node in tree.items():
        path = (*prefix, key) if key else prefix
        if isinstance(node, Value):
            yield path, node
        else:
            yield from flatten(node, path)


def label(path: tuple[str, ...]) -> str:
    """`ersättning › volymförändringar › 2028 Befolkningsökning › antal`."""
    return SEPARATOR.join(path)


def summary_value(node: Tree | Value) -> Value:
    """A whole subtree as one value (an added report, a removed criterion)."""
    if isinstance(node, Value):
        return node
    pairs = list(flatten(node))
    return Value(
        {label(path): value.raw for path, value in pairs},
        "; ".join(f"{label(path)}: {value.text}" for path, value in pairs),
    )


ChangeKind = Literal["ändrad", "tillagd", "borttagen"]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its path of Swedish keys and identities, old and new value."""

    path: tuple[str, ...]
    old: Value | None
    new: Value | None

    @property
    def label(self) -> str:
        return label(self.path)

    @property
    def kind(self) -> ChangeKind:
        if self.old is None:
            return "tillagd"
        if self.new is None:
            return "borttagen"
        return "ändrad"

    @property
    def is_text(self) -> bool:
        """Both sides long text: shown as a word diff."""
        return (
            self.old is not None and self.new is not None and (self.old.is_long or self.new.is_long)
        )


def compare_trees(old: Tree, new: Tree, prefix: tuple[str, ...] = ()) -> list[FieldChange]:
    """The changed fields, at the highest level where something was added or removed."""
    changes: list[FieldChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        path = (*prefix, key) if key else prefix
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            changes.append(FieldChange(path, None, summary_value(after)))
        elif after is None and before is not None:
            changes.append(FieldChange(path, summary_value(before), None))
        elif isinstance(before, dict) and isinstance(after, dict):
            changes += compare_trees(before, after, path)
        elif isinstance(before, Value) and isinstance(after, Value):
            if not before.same(after):
                changes.append(FieldChange(path, before, after))
        elif before is not None and after is not None:
            old_value, new_value = summary_value(before), summary_value(after)
            if not old_value.same(new_value):
                changes.append(FieldChange(path, old_value, new_value))
    return changes
