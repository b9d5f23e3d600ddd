"""`uppdrag diff --format markdown`: the comment on a pull request.

A summary table first, details per uppdrag in `<details>` blocks, and never more than GitHub's
65 536 characters. It shows the same `DiffResult` as the text and JSON formats.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from uppdrag_docs.diff.changes import KIND_TEXT, DiffResult, UppdragChange
from uppdrag_docs.diff.fields import FieldChange
from uppdrag_docs.diff.formats import (
    NONE,
    amount_or_none,
    difference_text,
    follow_up_heading,
    money_line,
    summary_text,
    unit_of,
    value_text,
)
from uppdrag_docs.diff.words import word_diff
from uppdrag_docs.swedish import number, signed_kronor

GITHUB_LIMIT = 65_536
"""Characters GitHub accepts in a pull-request comment."""

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
        f"Jämför **{md(result.old.label)}** med **{md(result.new.label)}**: "
        f"{summary_text(result)}.",
    ]
    rows = [_summary_row(c) for c in result.uppdrag]
    shared = _md_shared(result) if result.shared else []
    shared += _md_follow_up(result) if result.follow_up else []
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
    """One uppdrag in the table, with only the years whose total changed."""
    who = f"**{md(change.id)}**<br>{md(change.title)}"
    moved = [y for y in change.money if y.old != y.new]
    totals = _cell_lines(
        f"{y.year}: {amount_or_none(y.old, change.unit)} → {amount_or_none(y.new, change.unit)}"
        for y in moved
    )
    differences = _cell_lines(f"{y.year}: {difference_text(y, change.unit)}" for y in moved)
    return f"| {who} | {KIND_TEXT[change.kind]} | {totals or NONE} | {differences or NONE} |"


def _md_fields(fields: Iterable[FieldChange]) -> list[str]:
    fields = list(fields)
    short = [f for f in fields if not f.is_text]
    out: list[str] = []
    if short:
        out += ["| Fält | Före | Efter |", "| --- | --- | --- |"]
        out += [
            f"| {md(f.label)} | {md(value_text(f.old))} | {md(value_text(f.new))} |" for f in short
        ]
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
                f"| {md(r.label)} | {amount_or_none(r.old, change.unit)} | "
                f"{amount_or_none(r.new, change.unit)} | "
                f"{signed_kronor(r.difference, unit=unit_of(change.unit))} |"
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
                f"{y.year}: {signed_kronor(y.difference, unit=unit_of(affected.unit))}"
                for y in affected.effect
                if y.difference
            )
            out.append(f"| {md(affected.id)} | {md(files)} | {effect or NONE} |")
    return out


def _md_follow_up(result: DiffResult) -> list[str]:
    out = ["", "#### Uppföljning"]
    for change in result.follow_up:
        out += ["", f"**{md(follow_up_heading(change))}**"]
        out += ["", *(f"- {md(line)}" for line in change.lines)] if change.lines else []
        out += ["", *_md_fields(change.fields)] if change.fields else []
    return out
