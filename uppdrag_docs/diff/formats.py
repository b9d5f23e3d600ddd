"""`uppdrag diff` as text for the terminal or JSON for programs (Markdown: `diff/comment.py`).

All three show the same `DiffResult`: the changed fields under their Swedish keys with
old → new, long texts as a word diff, and each year's total before and after with the rows
that moved it. The helpers that say an amount or a change in Swedish are shared by all three.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from uppdrag_docs.calc.rows import amount_text
from uppdrag_docs.diff.changes import (
    KIND_TEXT,
    Affected,
    DiffResult,
    SharedChange,
    UppdragChange,
    YearMoney,
)
from uppdrag_docs.diff.fields import FieldChange, Value
from uppdrag_docs.diff.follow_up import FollowUpChange
from uppdrag_docs.diff.words import word_diff
from uppdrag_docs.swedish import Unit, listing, signed_kronor, signed_percent

NONE = "–"


def unit_of(unit: str) -> Unit:
    return "tkr" if unit == "tkr" else "kr"


def amount_or_none(value: Decimal | None, unit: str) -> str:
    return NONE if value is None else amount_text(value, unit)


def difference_text(year: YearMoney, unit: str) -> str:
    text = signed_kronor(year.difference, unit=unit_of(unit))
    share = year.share
    return text if share is None or year.difference == 0 else f"{text} ({signed_percent(share)})"


def money_line(year: YearMoney, unit: str) -> str:
    """`2028: 104 960 677 kr → 105 476 191 kr, +515 514 kr (+0,49 %)`."""
    if year.old == year.new:
        return f"{year.year}: {amount_or_none(year.new, unit)}, oförändrad"
    before, after = amount_or_none(year.old, unit), amount_or_none(year.new, unit)
    return f"{year.year}: {before} → {after}, {difference_text(year, unit)}"


def summary_text(result: DiffResult) -> str:
    parts = []
    if result.uppdrag:
        parts.append(f"{len(result.uppdrag)} uppdrag")
    if result.shared:
        count = len(result.shared)
        parts.append(f"{count} gemensam fil" if count == 1 else f"{count} gemensamma filer")
    if result.follow_up:
        count = len(result.follow_up)
        parts.append(f"{count} uppföljningsfil" if count == 1 else f"{count} uppföljningsfiler")
    return listing(parts) + " har ändrats" if parts else "inga ändringar"


# --- text --------------------------------------------------------------------------------

_RED, _GREEN, _BOLD, _DIM = "31", "32", "1", "2"


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def words(self, change: FieldChange) -> str:
        assert change.old is not None and change.new is not None
        out = []
        for op, text in word_diff(change.old.text, change.new.text):
            if op == "=":
                out.append(text)
            elif self.color:
                out.append(self(text, _RED + ";9" if op == "-" else _GREEN))
            else:
                out.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
        return "".join(out)


def render_text(result: DiffResult, *, color: bool = False) -> str:
    paint = _Painter(color)
    lines = [f"Jämför {result.old.label} med {result.new.label}: {summary_text(result)}."]
    for change in result.uppdrag:
        lines += ["", *_text_uppdrag(change, paint)]
    for shared in result.shared:
        lines += ["", paint(f"Gemensamt: {shared.file}", _BOLD)]
        lines += ["  " + _text_field(f, paint) for f in shared.fields]
    if result.affected:
        lines += ["", paint("Uppdrag som de gemensamma ändringarna påverkar:", _BOLD)]
        lines += ["  " + _affected_line(a) for a in result.affected]
    for follow in result.follow_up:
        lines += ["", paint(follow_up_heading(follow), _BOLD)]
        lines += [f"  {line}" for line in follow.lines]
        lines += ["  " + _text_field(f, paint) for f in follow.fields]
    lines += [f"Obs: {note}" for note in result.notes]
    return "\n".join(lines) + "\n"


def _text_uppdrag(change: UppdragChange, paint: _Painter) -> list[str]:
    path = change.new_path or change.old_path
    lines = [paint(f"{KIND_TEXT[change.kind]}: {change.id}", _BOLD) + f" – {change.title} ({path})"]
    for field in change.fields:
        if field.is_text:
            lines.append(f"  {paint(field.label, _BOLD)}:")
            lines += [f"    {line}" for line in paint.words(field).splitlines()]
        else:
            lines.append("  " + _text_field(field, paint))
    if change.money:
        lines.append(f"  {paint('Ersättning', _BOLD)}:")
        for year in change.money:
            lines.append(f"    {money_line(year, change.unit)}")
            lines += [
                "      "
                + paint(
                    f"{row.label}: {amount_or_none(row.old, change.unit)} → "
                    f"{amount_or_none(row.new, change.unit)} "
                    f"({signed_kronor(row.difference, unit=unit_of(change.unit))})",
                    _DIM,
                )
                for row in year.rows
            ]
    lines += [f"  Obs: {note}" for note in change.notes]
    return lines


def _text_field(field: FieldChange, paint: _Painter) -> str:
    before = paint(value_text(field.old), _RED)
    after = paint(value_text(field.new), _GREEN)
    if field.old is None:
        return f"{field.label}: tillagd: {after}"
    if field.new is None:
        return f"{field.label}: borttagen (var {before})"
    return f"{field.label}: {before} → {after}"


def value_text(value: Value | None) -> str:
    return NONE if value is None else value.text


def _affected_line(affected: Affected) -> str:
    files = ", ".join(f.rsplit("/", 1)[-1] for f in affected.files)
    effect = [
        f"{y.year} {signed_kronor(y.difference, unit=unit_of(affected.unit))}"
        for y in affected.effect
        if y.difference
    ]
    return f"{affected.id} ({files})" + (f": {', '.join(effect)}" if effect else "")


# --- json --------------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _field_json(field: FieldChange) -> dict[str, Any]:
    return {
        "fält": field.label,
        "sökväg": list(field.path),
        "ändring": field.kind,
        "före": None if field.old is None else field.old.raw,
        "efter": None if field.new is None else field.new.raw,
        "före_text": None if field.old is None else field.old.text,
        "efter_text": None if field.new is None else field.new.text,
    }


def _year_json(year: YearMoney) -> dict[str, Any]:
    share = year.share
    return {
        "år": year.year,
        "före": _decimal(year.old),
        "efter": _decimal(year.new),
        "skillnad": str(year.difference),
        "andel": None if share is None else str(round(share, 6)),
        "rader": [
            {
                "nyckel": r.key,
                "etikett": r.label,
                "före": _decimal(r.old),
                "efter": _decimal(r.new),
                "skillnad": str(r.difference),
            }
            for r in year.rows
        ],
    }


def _version_json(result: DiffResult, which: str) -> dict[str, Any]:
    version = result.old if which == "old" else result.new
    return {"version": version.label, "commit": version.commit}


def _shared_json(shared: SharedChange) -> dict[str, Any]:
    return {"fil": shared.file, "fält": [_field_json(f) for f in shared.fields]}


def render_json(result: DiffResult) -> str:
    document = {
        "före": _version_json(result, "old"),
        "efter": _version_json(result, "new"),
        "ändrat": result.changed,
        "uppdrag": [
            {
                "id": c.id,
                "titel": c.title,
                "ändring": c.kind,
                "fil_före": c.old_path,
                "fil_efter": c.new_path,
                "fält": [_field_json(f) for f in c.fields],
                "ersättning": {"enhet": c.unit, "år": [_year_json(y) for y in c.money]},
                "anmärkningar": list(c.notes),
            }
            for c in result.uppdrag
        ],
        "gemensamt": [_shared_json(s) for s in result.shared],
        "påverkade": [
            {
                "id": a.id,
                "titel": a.title,
                "genom": list(a.files),
                "enhet": a.unit,
                "effekt": [_year_json(y) for y in a.effect],
            }
            for a in result.affected
        ],
        "uppföljning": [
            {
                "fil": c.path,
                "uppdrag": c.uppdrag,
                "rubrik": c.title,
                "ändring": c.kind,
                "rader": list(c.lines),
                "fält": [_field_json(f) for f in c.fields],
            }
            for c in result.follow_up
        ],
        "anmärkningar": result.notes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def follow_up_heading(change: FollowUpChange) -> str:
    """`Uppföljning hemtjanst-norr, R1 2027-T1 (ändrad, uppfoljning/…/R1-2027-T1.yaml)`."""
    return f"Uppföljning {change.uppdrag}, {change.title} ({change.kind}, {change.path})"
