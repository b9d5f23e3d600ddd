"""`uppdrag new ID --rapport R1 --period 2027-T1`: a commented skeleton of one report.

The skeleton has what the report's typ asks for: an outcome per criterion the report carries
(with the target beside it), öppna böcker with the decided figures for the period as comments
and a cost per cost type of the uppdrag, and a volume per rörlig post with its forecast. The
fields to fill in are left empty, so `uppdrag check` names what is missing until they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from uppdrag_docs.calc.engine import calculate
from uppdrag_docs.errors import CalculationError, UppdragError
from uppdrag_docs.files import refuse_link_out, write_new
from uppdrag_docs.follow_up.judgement import is_text_target
from uppdrag_docs.follow_up.money import (
    decided,
    forecast_volume,
    item_name,
    price,
    variable_items,
)
from uppdrag_docs.follow_up.periods import PeriodKey, report_period
from uppdrag_docs.format.json_schema import modeline
from uppdrag_docs.format.repository import UPPFOLJNING_DIR, find_root, load_shared
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Report
from uppdrag_docs.swedish import NBSP, kronor, number_as_written, price_text
from uppdrag_docs.trust.calculated import find_uppdrag
from uppdrag_docs.trust.checks import LoadedUppdrag, load_uppdrag

COMMENT_COLUMN = 32


def _line(text: str, comment: str = "") -> str:
    return f"{text.ljust(COMMENT_COLUMN - 1)} # {comment}" if comment else text


def _quoted(text: str) -> str:
    """Free text as a YAML scalar that needs no thought: a JSON string is valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def write_report_skeleton(start: Path, ident: str, report_id: str, period_text: str) -> Path:
    """Write `uppfoljning/<ident>/<report>-<period>.yaml`; never overwrite."""
    root = find_root(start)
    shared = load_shared(root)
    loaded, findings = load_uppdrag(find_uppdrag(ident, start), shared)
    if loaded is None:
        raise UppdragError(
            "uppdraget följer inte formatet; rätta det först:",
            details=[f.displayed().text() for f in findings if f.is_error],
        )
    uppdrag = loaded.uppdrag
    report, key, due = report_period(uppdrag, report_id, period_text)
    text = report_skeleton(loaded, report, key, due)
    path = root / UPPFOLJNING_DIR / uppdrag.id / f"{report.id}-{key}.yaml"
    refuse_link_out(path, root)
    write_new(path, text.encode(), exists=f"'{path}' finns redan; den skrivs aldrig över")
    return path


def report_skeleton(loaded: LoadedUppdrag, report: Report, period: PeriodKey, due: Due) -> str:
    """The text of the skeleton, as `write_report_skeleton` writes it."""
    uppdrag = loaded.uppdrag
    provider = uppdrag.provider.name + (
        f", {uppdrag.provider.unit}" if uppdrag.provider.unit else ""
    )
    lines = [
        modeline("rapport", 2),
        f"# Rapport {report.id} ({report.type}, per {report.frequency}) för {period}: "
        f"{report.what}.",
        f"# Perioden är {due.start.isoformat()}–{due.end.isoformat()}; rapporten ska lämnas "
        f"senast {due.due.isoformat()} till {report.recipient}.",
        "# Bara sammanställda uppgifter: aldrig namn eller personnummer på en enskild person.",
        "schemaversion: 1",
        f"uppdrag: {uppdrag.id}",
        f"rapport: {report.id}",
        _line(f"period: {period}", "samma som i filnamnet"),
        _line("inlämnad:", "dagen rapporten lämnas, ÅÅÅÅ-MM-DD"),
        _line(f"inlämnad_av: {_quoted(provider)}", "en enhet eller en roll, aldrig en person"),
    ]
    carried = [c for c in loaded.criteria if report.id in c.reports]
    if carried or report.type == "kvalitet":
        lines.append("utfall:")
        for criterion in carried:
            target = criterion.target
            lines.append(_line(f"  - kriterium: {criterion.id}", criterion.name))
            if is_text_target(criterion):
                lines.append(_line("    bedömning:", "uppfyllt | delvis uppfyllt | ej uppfyllt"))
                lines.append(f"    # målvärde: {target.text}")
            else:
                bounds = [
                    f"{word} {number_as_written(value)}"
                    for word, value in (("minst", target.at_least), ("högst", target.at_most))
                    if value is not None
                ]
                lines.append(
                    _line("    värde:", f"{' och '.join(bounds)} {target.unit or ''}".rstrip())
                )
            lines += [
                "    # ej_mätt: skälet, i stället för värdet, om kriteriet inte är mätt",
                "    # kommentar: |",
                "    #   Kommentar till utfallet.",
                "    # åtgärder: |",
                "    #   Åtgärder när utfallet är sämre än målvärdet (riktlinjen 3.2.1).",
            ]
    if report.type == "ekonomi":
        lines += _economy(loaded, due)
    if report.type in ("ekonomi", "verksamhet") and variable_items(uppdrag):
        lines.append("volymer:")
        for item in variable_items(uppdrag):
            forecast = number_as_written(forecast_volume(item, due))
            lines.append(_line(f"  - post: {_quoted(item_name(uppdrag, item))}", item.description))
            lines.append(_line("    utfall:", f"utfört antal ({item.unit}); prognos {forecast}"))
    lines.append(_line("# brukare:", "antal brukare vid periodens slut"))
    return "\n".join(lines).replace(NBSP, " ") + "\n"  # a file to edit: plain spaces


def _economy(loaded: LoadedUppdrag, due: Due) -> list[str]:
    uppdrag, shared = loaded.uppdrag, loaded.shared
    figures, prices = None, ""
    if shared.indexation is not None:
        try:
            calculation = calculate(uppdrag, shared.indexation, catalogue=shared.standard)
        except (CalculationError, ArithmeticError):
            calculation = None
        if calculation is not None:
            figures = decided(uppdrag, calculation, due, [])
            if figures is not None:
                prices = ", ".join(
                    f"{item.unit} {price_text(price(uppdrag, calculation, item, due.end.year))}"
                    for item in variable_items(uppdrag)
                )
    fixed = f"beslutat för perioden: {kronor(figures.fixed)}" if figures else "hela kronor"
    extra = f"beslutat för perioden: {kronor(figures.additional)}" if figures else "hela kronor"
    kinds = list(uppdrag.compensation.cost_shares) if uppdrag.compensation else ["personal"]
    lines = [
        "ekonomi:                       # redovisning enligt öppna böcker (riktlinjen 3.1)",
        "  intäkter:",
        _line("    ersättning:", fixed),
        _line("    rörlig: 0", f"pris × utförd volym ({prices})" if prices else "ingen rörlig del"),
        _line("    tilläggsuppdrag: 0", extra),
        _line("    övriga: 0", "övriga intäkter, hela kronor"),
        "  kostnader:                   # hela kronor per kostnadsslag",
        *(f"    {kind}:" for kind in kinds),
        "  # kommentar: |",
        "  #   Kommentar till resultatet.",
        "  # åtgärder: |",
        "  #   Åtgärder vid underskott (riktlinjen 3.1).",
        "  # prognos_helår:             # prognos för hela kalenderåret",
        "  #   intäkter: 0",
        "  #   kostnader: 0",
    ]
    return lines
