"""`uppdrag calc`: one uppdrag's calculation in the terminal (rich) or as exact JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from uppdrag_docs.calc.engine import Calculation, calculate
from uppdrag_docs.calc.rows import Row, amount_text, calculation_rows
from uppdrag_docs.check import LoadedUppdrag, load_uppdrag
from uppdrag_docs.errors import UppdragError, UsageError
from uppdrag_docs.files import display_path
from uppdrag_docs.repository import UPPDRAG_DIR, find_root, load_shared, uppdrag_files

KINDS = {"line": "rad", "part": "delrad", "sum": "summa", "total": "total", "info": "upplysning"}


@dataclass(frozen=True)
class CalcView:
    loaded: LoadedUppdrag
    calculation: Calculation
    rows: dict[int, list[Row]]


def find_uppdrag(target: str, start: Path | None = None) -> Path:
    """A path as given, or the file of the uppdrag with that id in the repository."""
    path = Path(target)
    if path.suffix == ".yaml" or path.exists():
        if not path.is_file():
            raise UppdragError(f"'{target}' finns inte")
        return path
    root = find_root(start or Path.cwd())
    matches = [p for p in uppdrag_files([root / UPPDRAG_DIR], root) if p.stem == target]
    if not matches:
        raise UppdragError(f"hittar inget uppdrag med id '{target}' under {root / UPPDRAG_DIR}")
    return matches[0]


def load_checked(path: Path) -> LoadedUppdrag:
    """The uppdrag at `path`, or an error listing its check errors."""
    shared = load_shared(find_root(path))
    loaded, findings = load_uppdrag(path, shared)
    errors = [f for f in [*shared.findings, *findings] if f.is_error]
    if loaded is None or errors:
        lines = "\n".join(f.displayed().text() for f in errors)
        raise UppdragError(f"uppdraget har fel; rätta dem först:\n{lines}")
    return loaded


def load_calculation(target: str, *, year: int | None = None) -> CalcView:
    loaded = load_checked(find_uppdrag(target))
    shared = loaded.shared
    assert shared.indexation is not None and shared.kommun is not None  # no errors above
    calculation = calculate(loaded.uppdrag, shared.indexation, unit=shared.kommun.amounts_in)
    rows = calculation_rows(calculation)
    if year is not None:
        if year not in rows:
            years = ", ".join(str(y) for y in rows)
            raise UsageError(f"{year} ligger utanför uppdragets period ({years})")
        rows = {year: rows[year]}
    return CalcView(loaded, calculation, rows)


def render_json(view: CalcView) -> str:
    document = {
        "uppdrag": view.loaded.uppdrag.id,
        "fil": str(display_path(view.loaded.path)),
        "enhet": view.calculation.unit,
        "år": [
            {
                "år": year,
                "månader": view.calculation.year(year).months,
                "rader": [
                    {
                        "nyckel": row.key,
                        "etikett": row.label,
                        "belopp": str(row.amount),
                        "typ": KINDS[row.kind],
                        "källa": row.source or None,
                    }
                    for row in rows
                ],
            }
            for year, rows in view.rows.items()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def render_text(view: CalcView) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 110)  # a log or a pipe: don't wrap the labels
    uppdrag = view.loaded.uppdrag
    console.print(f"[bold]{uppdrag.title}[/bold] ({uppdrag.id}), {uppdrag.status}")
    for year, rows in view.rows.items():
        table = Table(title=f"Ersättning {year}", title_justify="left", show_header=True)
        table.add_column("Rad")
        table.add_column("Belopp", justify="right")
        for row in rows:
            label = f"  {row.label}" if row.kind == "part" else row.label
            amount = amount_text(row.amount, view.calculation.unit)
            if row.kind in ("sum", "total"):
                table.add_row(
                    f"[bold]{label}[/bold]",
                    f"[bold]{amount}[/bold]",
                    end_section=row.kind == "total",
                )
            elif row.kind == "part":
                table.add_row(f"[dim]{label}[/dim]", f"[dim]{amount}[/dim]")
            else:
                table.add_row(label, amount)
        console.print(table)
