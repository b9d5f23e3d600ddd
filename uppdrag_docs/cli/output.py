"""What the commands print besides findings (`findings.py`): a calculation as a table or JSON,
and the template fields.

A calculation: a rich table per year in the terminal, or every row as an exact decimal with its
label and its source in the YAML file.
"""

from __future__ import annotations

import json
import re
import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING

from uppdrag_docs.calc.provider import ProviderYear
from uppdrag_docs.calc.rows import Row, amount_text, calculation_rows
from uppdrag_docs.cli import per_unit
from uppdrag_docs.cli.printing import console, styled
from uppdrag_docs.errors import UsageError
from uppdrag_docs.files import display_path
from uppdrag_docs.swedish import listing
from uppdrag_docs.trust.calculated import Calculated, ProviderSum

if TYPE_CHECKING:  # the reference reads the templates; `uppdrag check` needs none of it
    from uppdrag_docs.render.reference import Field as TemplateField
    from uppdrag_docs.render.reference import Reference
    from uppdrag_docs.render.reference import Section as TemplateSection

NOT_SET = "Ersättningen är ännu inte fastställd: uppdraget har ingen 'ersättning'."

KINDS = {"line": "rad", "part": "delrad", "sum": "summa", "total": "total", "info": "upplysning"}


def year_rows(item: Calculated, year: int | None) -> dict[int, list[Row]]:
    """The rows of each year's table, or of the one year asked for."""
    rows = calculation_rows(item.calculation)
    if year is None or not item.calculation.compensation_set:
        return rows
    if year not in rows:
        years = ", ".join(str(y) for y in rows)
        raise UsageError(f"{year} ligger utanför uppdragets period ({years})")
    return {year: rows[year]}


def calculation_json(item: Calculated, rows: dict[int, list[Row]]) -> str:
    document: dict[str, object] = {
        "uppdrag": item.uppdrag.id,
        "fil": str(display_path(item.path)),
        "enhet": item.calculation.unit,
        "ersättning_fastställd": item.calculation.compensation_set,
        "år": [
            {
                "år": year,
                "månader": item.calculation.year(year).months,
                "rader": [
                    {
                        "nyckel": row.key,
                        "etikett": row.label,
                        "belopp": str(row.amount),
                        "typ": KINDS[row.kind],
                        "källa": row.source or None,
                    }
                    for row in year_rows
                ],
                "standardkostnad": per_unit.year_json(item.standard, year),
            }
            for year, year_rows in rows.items()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def print_calculation(item: Calculated, rows: dict[int, list[Row]]) -> None:
    """Each year's table in the terminal: parts dimmed, sums bold, as the document shows them."""
    from rich.table import Table

    printer = console(width=110)
    uppdrag = item.uppdrag
    printer.print(styled(uppdrag.title, "bold", f" ({uppdrag.id}), {uppdrag.status}"))
    if not item.calculation.compensation_set:
        printer.print(NOT_SET)
    for year, year_rows in rows.items():
        table = Table(title=f"Ersättning {year}", title_justify="left", show_header=True)
        table.add_column("Rad")
        table.add_column("Belopp", justify="right")
        for row in year_rows:
            label = f"  {row.label}" if row.kind == "part" else row.label
            amount = amount_text(row.amount, item.calculation.unit)
            if row.kind in ("sum", "total"):
                table.add_row(
                    styled(label, "bold"), styled(amount, "bold"), end_section=row.kind == "total"
                )
            elif row.kind == "part":
                table.add_row(styled(label, "dim"), styled(amount, "dim"))
            else:
                table.add_row(label, amount)
        printer.print(table)
        if item.standard is not None:
            per_unit.print_year(printer, item.standard, year, item.calculation.unit)


def provider_json(whole: ProviderSum, year: int | None) -> str:
    """`uppdrag calc --samlat --format json`: every amount an exact decimal."""
    document = {
        "utförare": whole.provider,
        "enhet": whole.unit,
        "uppdrag": [str(display_path(p)) for p in whole.uppdrag],
        "med_fel": [str(display_path(p)) for p in whole.with_errors],
        "utelämnade": {str(display_path(p)): why for p, why in whole.left_out.items()},
        "år": [
            {
                "år": y.year,
                "uppdrag": [
                    {
                        "id": line.uppdrag_id,
                        "titel": line.title,
                        "ersättning": str(line.total),
                        "förväntad_kostnad": _exact(line.expected),
                        "skillnad": _exact(line.difference),
                    }
                    for line in y.lines
                ],
                "ersättning": str(y.total),
                "förväntad_kostnad": str(y.expected),
                "skillnad": str(y.difference),
                "underskott": y.deficit,
            }
            for y in _years(whole, year)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _exact(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _years(whole: ProviderSum, year: int | None) -> list[ProviderYear]:
    if year is None:
        return whole.years
    chosen = [y for y in whole.years if y.year == year]
    if not chosen:
        years = ", ".join(str(y.year) for y in whole.years) or "inga"
        raise UsageError(f"inget fastställt uppdrag har ersättning för {year} (år: {years})")
    return chosen


def print_provider_sum(whole: ProviderSum, year: int | None) -> None:
    """A table per year: each uppdrag's ersättning, förväntad kostnad and difference, and sum."""
    from rich.table import Table

    printer = console(width=110)
    count = len(whole.uppdrag)
    counted = "1 fastställt uppdrag" if count == 1 else f"{count} fastställda uppdrag"
    printer.print(styled(whole.provider, "bold", f": {counted}, summerade per år"))
    if not whole.uppdrag:
        printer.print("Det finns inget fastställt uppdrag att summera.")
    for y in _years(whole, year):
        table = Table(title=f"Samlat {y.year}", title_justify="left")
        for heading in ("Uppdrag", "Ersättning", "Förväntad kostnad", "Skillnad"):
            table.add_column(heading, justify="left" if heading == "Uppdrag" else "right")
        for line in y.lines:
            table.add_row(
                f"{line.title} ({line.uppdrag_id})",
                amount_text(line.total, whole.unit),
                _or_dash(line.expected, whole.unit),
                _or_dash(line.difference, whole.unit),
            )
        table.add_row(
            styled("Totalt", "bold"),
            styled(amount_text(y.total, whole.unit), "bold"),
            styled(amount_text(y.expected, whole.unit), "bold"),
            styled(amount_text(y.difference, whole.unit), "bold"),
            end_section=True,
        )
        printer.print(table)
        if len(y.compared) < len(y.lines):
            printer.print(
                "Uppdrag utan förväntad kostnad för året räknas inte i skillnaden (UD310)."
            )
        if y.deficit:
            printer.print(
                styled(
                    f"Underskott {y.year}:",
                    "bold",
                    " egenregin får inte gå med underskott (riktlinjen 3.1).",
                )
            )
    for path in whole.with_errors:
        printer.print(f"{display_path(path)} har fel; kör uppdrag check.")
    for path, why in whole.left_out.items():
        printer.print(f"{display_path(path)} räknas inte med: {why}")


def _or_dash(amount: Decimal | None, unit: str) -> str:
    return "–" if amount is None else amount_text(amount, unit)


def fields_text(reference: Reference, output_format: str) -> str:
    """`uppdrag mallfält`: each template's fields, for the terminal or as a Markdown page."""
    intro = reference.intro
    if output_format == "markdown":
        parts = ["# Mallarnas fält", *map(_wrapped, intro)]
        for section in reference.sections:
            rows = "".join(
                f"\n| `{f.path}` | {_kind(f)} | {_cell(f.meaning)} | {_cell(_example(f))} |"
                for f in section.fields
            )
            header = "| fält | slag | betydelse | exempel |\n| --- | --- | --- | --- |"
            names, about = _about(section)
            parts += [f"## {names}", _wrapped(about), header + rows]
    else:
        parts = [_wrapped(p) for p in intro]
        for section in reference.sections:
            parts.append(_wrapped("{}: {}".format(*_about(section))))
            parts += [
                f"  {f.path} ({_kind(f)})\n{_wrapped(f.meaning, '    ')}"
                + ("" if f.kind == "grupp" else f"\n    Exempel: {_example(f)}")
                for f in section.fields
            ]
    return "\n\n".join(parts) + "\n"


def _about(section: TemplateSection) -> tuple[str, str]:
    """The names of the section's templates, and what they are."""
    document = section.document
    about = f"{document.title}, {len(section.fields)} fält. {document.note}".strip()
    return listing(list(document.templates)), about


def _wrapped(text: str, indent: str = "") -> str:
    return textwrap.fill(
        text, 100, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def _kind(field: TemplateField) -> str:
    return field.kind if field.always else f"{field.kind}, kan saknas"


def _example(field: TemplateField) -> str:
    if field.example is None:
        return "" if field.kind == "grupp" else "(inget i exemplet)"
    text = re.sub(r"\s*\n\s*", " ", field.example).strip()
    return "(tom)" if not text else text if len(text) <= 90 else text[:89].rstrip() + "…"


def _cell(text: str) -> str:
    """Text in a Markdown table cell, shown as it is written."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)
