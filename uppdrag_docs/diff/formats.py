"""`uppdrag diff` as text for the terminal, Markdown for a pull request, or JSON for programs.

All three show the same `DiffResult`: the changed fields under their Swedish keys with
old → new, long texts as a word diff, and each year's total before and after with the rows
that moved it. The Markdown is a pull-request comment: a summary table first, details per
uppdrag in `<details>` blocks, and never more than GitHub's 65 536 characters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
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
from uppdrag_docs.diff.fields import FieldChange, Value, word_diff
from uppdrag_docs.swedish import Unit, number, signed_kronor, signed_percent

GITHUB_LIMIT = 65_536
"""Characters GitHub accepts in a pull-request comment."""

NONE = "–"


def _unit(unit: str) -> Unit:
    return "tkr" if unit == "tkr" else "kr"


def _amount(value: Decimal | None, unit: str) -> str:
    return NONE if value is None else amount_text(value, unit)


def _difference(year: YearMoney, unit: str) -> str:
    text = signed_kronor(year.difference, unit=_unit(unit))
    share = year.share
    return text if share is None or year.difference == 0 else f"{text} ({signed_percent(share)})"


def money_line(year: YearMoney, unit: str) -> str:
    """`2028: 104 960 677 kr → 105 476 191 kr, +515 514 kr (+0,49 %)`."""
    if year.old == year.new:
        return f"{year.year}: {_amount(year.new, unit)}, oförändrad"
    before, after = _amount(year.old, unit), _amount(year.new, unit)
    return f"{year.year}: {before} → {after}, {_difference(year, unit)}"


def _summary(result: DiffResult) -> str:
    parts = []
    if result.uppdrag:
        parts.append(f"{len(result.uppdrag)} uppdrag")
    if result.shared:
        count = len(result.shared)
        parts.append(f"{count} gemensam fil" if count == 1 else f"{count} gemensamma filer")
    return " och ".join(parts) + " har ändrats" if parts else "inga ändringar"


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
    lines = [f"Jämför {result.old.label} med {result.new.label}: {_summary(result)}."]
    for change in result.uppdrag:
        lines += ["", *_text_uppdrag(change, paint)]
    for shared in result.shared:
        lines += ["", paint(f"Gemensamt: {shared.file}", _BOLD)]
        lines += ["  " + _text_field(f, paint) for f in shared.fields]
    if result.affected:
        lines += ["", paint("Uppdrag som de gemensamma ändringarna påverkar:", _BOLD)]
        lines += ["  " + _affected_line(a) for a in result.affected]
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
                    f"{row.label}: {_amount(row.old, change.unit)} → "
                    f"{_amount(row.new, change.unit)} "
                    f"({signed_kronor(row.difference, unit=_unit(change.unit))})",
                    _DIM,
                )
                for row in year.rows
            ]
    lines += [f"  Obs: {note}" for note in change.notes]
    return lines


def _text_field(field: FieldChange, paint: _Painter) -> str:
    before = paint(_text(field.old), _RED)
    after = paint(_text(field.new), _GREEN)
    if field.old is None:
        return f"{field.label}: tillagd: {after}"
    if field.new is None:
        return f"{field.label}: borttagen (var {before})"
    return f"{field.label}: {before} → {after}"


def _text(value: Value | None) -> str:
    return NONE if value is None else value.text


def _affected_line(affected: Affected) -> str:
    files = ", ".join(f.rsplit("/", 1)[-1] for f in affected.files)
    effect = [
        f"{y.year} {signed_kronor(y.difference, unit=_unit(affected.unit))}"
        for y in affected.effect
        if y.difference
    ]
    return f"{affected.id} ({files})" + (f": {', '.join(effect)}" if effect else "")


# --- markdown ----------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_~\[\]|#])")


def md(text: str) -> str:
    """Text shown as it is in GitHub Markdown: no emphasis, links, HTML or table breaks."""
    return _SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "<br>")


def _cell_lines(lines: Iterable[str]) -> str:
    return "<br>".join(lines)


def render_markdown(result: DiffResult, *, limit: int = GITHUB_LIMIT) -> str:
    """A pull-request comment, cut to `limit` characters with a note when it does not fit."""
    head = [
        "### Ändringar i verksamhetsuppdragen",
        "",
        f"Jämför **{md(result.old.label)}** med **{md(result.new.label)}**: {_summary(result)}.",
    ]
    rows = [_summary_row(c) for c in result.uppdrag]
    shared = _md_shared(result) if result.shared else []
    notes = [f"> **Obs:** {md(note)}" for note in result.notes]
    details = [_md_details(c) for c in result.uppdrag]
    table_head = [
        "",
        "| Uppdrag | Ändring | Total per år, före → efter | Skillnad |",
        "| --- | --- | --- | --- |",
    ]

    def assemble(n_rows: int, n_details: int, note: str) -> str:
        parts = list(head)
        if rows:
            parts += table_head + rows[:n_rows]
        parts += shared + (["", *notes] if notes else [])
        for block in details[:n_details]:
            parts += ["", block]
        if note:
            parts += ["", note]
        return "\n".join(parts) + "\n"

    text = assemble(len(rows), len(details), "")
    if len(text) <= limit:
        return text
    n_rows, n_details = len(rows), 0
    while (
        n_details < len(details)
        and len(assemble(n_rows, n_details + 1, _cut_note(result, n_rows, n_details + 1))) <= limit
    ):
        n_details += 1
    while (
        n_rows > 0
        and len(assemble(n_rows, n_details, _cut_note(result, n_rows, n_details))) > limit
    ):
        n_rows -= 1
    return assemble(n_rows, n_details, _cut_note(result, n_rows, n_details))


def _cut_note(result: DiffResult, n_rows: int, n_details: int) -> str:
    hidden = [c.id for c in result.uppdrag[n_details:]]
    shown = f"detaljerna för {len(hidden)} uppdrag visas inte ({', '.join(hidden)})"
    if n_rows < len(result.uppdrag):
        shown += f", och {len(result.uppdrag) - n_rows} saknas i tabellen"
    return (
        f"> **Kortat:** en kommentar får vara högst {number(GITHUB_LIMIT)} tecken hos GitHub, "
        f"så {md(shown)}. Kör `uppdrag diff` lokalt för hela jämförelsen."
    )


def _summary_row(change: UppdragChange) -> str:
    who = f"**{md(change.id)}**<br>{md(change.title)}"
    totals = _cell_lines(
        f"{y.year}: {_amount(y.old, change.unit)} → {_amount(y.new, change.unit)}"
        for y in change.money
    )
    differences = _cell_lines(f"{y.year}: {_difference(y, change.unit)}" for y in change.money)
    return f"| {who} | {KIND_TEXT[change.kind]} | {totals or NONE} | {differences or NONE} |"


def _md_fields(fields: Iterable[FieldChange]) -> list[str]:
    fields = list(fields)
    short = [f for f in fields if not f.is_text]
    out: list[str] = []
    if short:
        out += ["| Fält | Före | Efter |", "| --- | --- | --- |"]
        out += [f"| {md(f.label)} | {md(_text(f.old))} | {md(_text(f.new))} |" for f in short]
    for field in fields:
        if field.is_text:
            out += ["", f"**{md(field.label)}**", "", _md_words(field)]
    return out


def _md_words(change: FieldChange) -> str:
    """A long text as a quote with deletions struck through and insertions in bold."""
    assert change.old is not None and change.new is not None
    out = []
    previous = "="
    for op, text in word_diff(change.old.text, change.new.text):
        if previous == "-" and op == "+" and not text[:1].isspace():
            out.append(" ")
        previous = op
        pieces = text.split("\n")
        marked = []
        for piece in pieces:
            core = piece.strip()
            if op == "=" or not core:
                marked.append(_md_text(piece))
                continue
            lead = piece[: len(piece) - len(piece.lstrip())]
            tail = piece[len(piece.rstrip()) :]
            wrap = "~~" if op == "-" else "**"
            marked.append(f"{lead}{wrap}{_md_text(core)}{wrap}{tail}")
        out.append("\n".join(marked))
    return "\n".join(f"> {line}".rstrip() for line in "".join(out).split("\n"))


def _md_text(text: str) -> str:
    """Markdown text kept as Markdown (its lists, its emphasis), minus raw HTML."""
    return html.escape(text, quote=False).replace("~", "\\~")


def _md_money(change: UppdragChange) -> list[str]:
    out: list[str] = []
    for year in change.money:
        if year.old == year.new:
            continue
        out += ["", f"**Ersättning {md(money_line(year, change.unit))}**"]
        if year.rows:
            out += ["", "| Rad | Före | Efter | Skillnad |", "| --- | ---: | ---: | ---: |"]
            out += [
                f"| {md(r.label)} | {_amount(r.old, change.unit)} | "
                f"{_amount(r.new, change.unit)} | "
                f"{signed_kronor(r.difference, unit=_unit(change.unit))} |"
                for r in year.rows
            ]
    return out


def _md_details(change: UppdragChange) -> str:
    path = change.new_path or change.old_path or ""
    parts = [
        "<details>",
        f"<summary><b>{html.escape(change.id)}</b>: {html.escape(change.title)} "
        f"({KIND_TEXT[change.kind]}, <code>{html.escape(path)}</code>)</summary>",
        "",
    ]
    body = _md_fields(change.fields) + _md_money(change)
    body += [line for note in change.notes for line in ("", f"> **Obs:** {md(note)}")]
    while body and not body[0]:
        body.pop(0)
    parts += body or ["Inga ändrade fält."]
    parts += ["", "</details>"]
    return "\n".join(parts)


def _md_shared(result: DiffResult) -> list[str]:
    out = ["", "#### Gemensamma filer"]
    for shared in result.shared:
        out += ["", f"**{md(shared.file)}**", "", *_md_fields(shared.fields)]
    if result.affected:
        out += [
            "",
            "Uppdrag som ändringarna påverkar, med effekten av de gemensamma filerna:",
            "",
            "| Uppdrag | Genom | Effekt per år |",
            "| --- | --- | --- |",
        ]
        for affected in result.affected:
            files = ", ".join(f.rsplit("/", 1)[-1] for f in affected.files)
            effect = _cell_lines(
                f"{y.year}: {signed_kronor(y.difference, unit=_unit(affected.unit))}"
                for y in affected.effect
                if y.difference
            )
            out.append(f"| {md(affected.id)} | {md(files)} | {effect or NONE} |")
    return out


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
        "anmärkningar": result.notes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
