"""What `uppdrag uppföljning` prints: the spec's JSON, or a set of tables per uppdrag.

Both show the same `YearAssessment` (`follow_up/assessment.py`). The JSON has exactly the
shape of `shared/spec/uppfoljning.md`: amounts as whole kronor (integers), measured values and
forecast volumes as numbers with their decimals, dates as ÅÅÅÅ-MM-DD. The terminal shows, for
each uppdrag, the criteria by period with bedömning, öppna böcker per period, volumes, the
likvärdighet, the mål and every report of the year with its status.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from uppdrag_docs.cli.printing import console, styled
from uppdrag_docs.cli.printing import lines as printed_lines
from uppdrag_docs.files import display_path
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.assessment import (
    CriterionYear,
    UppdragYear,
    YearAssessment,
)
from uppdrag_docs.follow_up.judgement import NOT_REPORTED
from uppdrag_docs.follow_up.periods import mean_text
from uppdrag_docs.render.context import target_text
from uppdrag_docs.swedish import date_iso, days, kronor, number_as_written

if TYPE_CHECKING:
    from uppdrag_docs.build.follow_up import FollowUpReport

NONE = "–"


def _number(value: Decimal | int | None) -> int | float | None:
    """A JSON number: an integer when whole, else the decimal as written (14.2, never 14.19…)."""
    if value is None:
        return None
    if isinstance(value, int) or value == value.to_integral_value():
        return int(value)
    return float(value)  # a short decimal's float prints as the same digits


def assessment_json(assessment: YearAssessment) -> str:
    document = {
        "år": assessment.year,
        "per": assessment.per.isoformat(),
        "uppdrag": [_uppdrag_json(u) for u in assessment.uppdrag],
        "utförare_resultat_år": _number(assessment.provider_result),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _uppdrag_json(item: UppdragYear) -> dict[str, Any]:
    forecast = item.forecast
    return {
        "id": item.id,
        "kriterier": [_criterion_json(c) for c in item.criteria],
        "ekonomi": [
            {
                "period": str(p.period),
                "intäkter": _number(p.economy.income.total),
                "kostnader": _number(p.economy.cost_total),
                "resultat": _number(p.result),
                "beslutad_ersättning": _number(p.decided.total) if p.decided else None,
            }
            for p in item.economy
        ],
        "resultat_år": _number(item.result),
        "prognos_helår": (
            {
                "intäkter": _number(forecast.income),
                "kostnader": _number(forecast.costs),
                "resultat": _number(forecast.result),
            }
            if forecast is not None
            else None
        ),
        "volymer": [
            {
                "post": v.item,
                "period": str(v.period),
                "utfall": _number(v.units),
                "prognos": _number(v.forecast),
                "ersättning": _number(v.compensation),
            }
            for v in item.volumes
        ],
        "rapporter": [
            {
                "rapport": s.report.id,
                "period": str(s.period),
                "förfaller": s.due.isoformat(),
                "inlämnad": s.delivered.isoformat() if s.delivered else None,
                "status": s.status,
            }
            for s in item.reports
        ],
        "likvärdighet": [
            {
                "kriterium": line.criterion.id,
                "period": str(line.period),
                "egen_regi": _number(line.own),
                "utförare": [
                    {"namn": p.name, "värde": _number(p.value), "bedömning": p.judgement}
                    for p in line.providers
                ],
            }
            for line in item.equal_terms
        ],
    }


def _criterion_json(criterion: CriterionYear) -> dict[str, Any]:
    return {
        "id": criterion.criterion.id,
        "perioder": [
            {"period": str(p.period), "värde": _number(p.value), "bedömning": p.judgement}
            for p in criterion.periods
        ],
        "bedömning": criterion.judgement,
        "förvaltningens_bedömning": criterion.override.judgement if criterion.override else None,
    }


def refused_text(refused: dict[str, list[Finding]]) -> str:
    """Why uppdrag were left out, for standard error."""
    lines = []
    for ident, findings in refused.items():
        lines.append(f"{ident} följs inte upp förrän felen är rättade:")
        lines += [f"  {f.displayed().text()}" for f in findings]
    return printed_lines(*lines)


def print_assessment(assessment: YearAssessment) -> None:
    """A set of tables per uppdrag, for the terminal."""
    printer = console(width=120)
    printer.print(
        styled(
            f"Uppföljning {assessment.year}",
            "bold",
            f", per {date_iso(assessment.per)}: {len(assessment.uppdrag)} uppdrag",
        )
    )
    for item in assessment.uppdrag:
        _print_uppdrag(printer, item)
    if assessment.provider_result is not None:
        printer.print()
        printer.print(
            styled(
                f"Utförarens resultat {assessment.year}",
                "bold",
                f", alla uppdrag med ekonomirapporter: {_kr(assessment.provider_result)}"
                + (" (underskott)" if assessment.provider_result < 0 else ""),
            )
        )


def _kr(amount: Decimal | int | None) -> str:
    return NONE if amount is None else kronor(Decimal(amount))


def _value(value: Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return NONE
    return f"{number_as_written(value)} {unit}" if unit else number_as_written(value)


def _print_uppdrag(console: Any, item: UppdragYear) -> None:
    from rich.table import Table

    uppdrag = item.follow_up.uppdrag
    console.print()
    console.print(
        styled(
            uppdrag.title,
            "bold",
            f" ({uppdrag.id}), {uppdrag.status}, {display_path(item.follow_up.loaded.path)}",
        )
    )
    criteria = _table(
        Table,
        f"Kvalitetskriterier {item.year}",
        "Kriterium",
        "Målvärde",
        "Period",
        "Värde",
        "Bedömning",
        "Förvaltningens bedömning",
    )
    for criterion in item.criteria:
        c = criterion.criterion
        first = True
        for p in criterion.periods:
            criteria.add_row(
                f"{c.id} {c.name}" if first else "",
                target_text(c.target) if first else "",
                f"{p.period} ({p.report.id})",
                _value(p.value) if p.outcome and p.outcome.not_measured is None else NONE,
                p.judgement,
                "",
            )
            first = False
        override = criterion.override
        criteria.add_row(
            f"{c.id} {c.name}" if first else "",
            target_text(c.target) if first else "",
            styled(str(item.year), "bold"),
            "",
            styled(criterion.judgement, "bold"),
            styled(override.judgement, "bold") if override else "",
            end_section=True,
        )
    console.print(criteria)
    _print_economy(console, Table, item)
    _print_equal_terms(console, Table, item)
    goals = _table(Table, f"Mål {item.year}", "Mål", "Förvaltningens bedömning", "Motivering")
    for goal in item.goals:
        goals.add_row(
            f"{goal.number}. {goal.text}",
            goal.judgement or "bedömning saknas",
            " ".join(goal.motivation.split()) if goal.motivation else "",
        )
    console.print(goals)
    reports = _table(
        Table, f"Rapportering {item.year}", "Rapport", "Period", "Förfaller", "Inlämnad", "Status"
    )
    for status in item.reports:
        reports.add_row(
            status.report.id,
            str(status.period),
            date_iso(status.due),
            date_iso(status.delivered) if status.delivered else NONE,
            status.status + (f", {days(status.days_late)}" if status.late else ""),
        )
    console.print(reports)


def _table(table_type: Any, title: str, *columns: str) -> Any:
    table = table_type(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _print_economy(console: Any, table_type: Any, item: UppdragYear) -> None:
    economy = _table(
        table_type,
        f"Ekonomi enligt öppna böcker {item.year}",
        "Period",
        "Intäkter",
        "Kostnader",
        "Resultat",
        "Beslutad ersättning",
    )
    for column in list(economy.columns)[1:]:
        column.justify = "right"
    for p in item.economy:
        economy.add_row(
            str(p.period),
            _kr(p.economy.income.total),
            _kr(p.economy.cost_total),
            _kr(p.result),
            _kr(p.decided.total) if p.decided else NONE,
        )
    economy.add_row(
        styled(str(item.year), "bold", f" ({len(item.economy)} av {item.economy_periods})"),
        "",
        "",
        styled(_kr(item.result), "bold"),
        "",
        end_section=True,
    )
    if item.forecast is not None:
        f = item.forecast
        economy.add_row("Prognos helår", _kr(f.income), _kr(f.costs), _kr(f.result), "")
    console.print(economy)
    if item.volumes:
        volumes = _table(
            table_type, f"Volymer {item.year}", "Post", "Period", "Utfall", "Prognos", "Ersättning"
        )
        for v in item.volumes:
            volumes.add_row(
                v.item, str(v.period), _value(v.units), _value(v.forecast), _kr(v.compensation)
            )
        console.print(volumes)


def _print_equal_terms(console: Any, table_type: Any, item: UppdragYear) -> None:
    if not item.equal_terms:
        return
    names = list(dict.fromkeys(p.name for line in item.equal_terms for p in line.providers))
    table = _table(
        table_type, f"Likvärdighet {item.year}", "Kriterium", "Period", "Egen regi", *names
    )
    for line in item.equal_terms:
        own = _value(line.own)
        if line.mean_of:
            own += f" ({mean_text(line.mean_of)})"
        values = {p.name: f"{_value(p.value)} ({p.judgement})" for p in line.providers}
        table.add_row(
            line.criterion.id,
            str(line.period),
            own if line.own is not None else NOT_REPORTED,
            *(values.get(name, NONE) for name in names),
        )
    console.print(table)


def build_summary(report: FollowUpReport) -> str:
    """A few lines after `uppdrag uppföljning` made its documents: per uppdrag the criteria
    uppfyllda and the year's resultat, then what was written, skipped or failed."""
    assessment = report.assessment
    lines = [
        f"Uppföljning {assessment.year}, per {date_iso(assessment.per)}: "
        f"{len(assessment.uppdrag)} uppdrag"
    ]
    for item in assessment.uppdrag:
        fulfilled = sum(1 for c in item.criteria if c.judgement == "uppfyllt")
        late = sum(1 for s in item.reports if s.late or s.missing)
        lines.append(
            f"  {item.id}: {fulfilled} av {len(item.criteria)} kriterier uppfyllda, resultat "
            f"{_kr(item.result)}, "
            + (
                "1 rapport sen eller saknad"
                if late == 1
                else f"{late} rapporter sena eller saknade"
            )
            + ("" if item.review else ", bedömning saknas")
        )
    lines += [f"Skrev {display_path(p)}" for p in report.outputs if p.stem in report.built]
    lines += [f"Oförändrad: {name} (byggs inte om)" for name in report.skipped]
    lines += [f"Misslyckades: {name}: {reason}" for name, reason in report.failed.items()]
    if report.pdf_problem:
        lines.append(f"Ingen PDF: {report.pdf_problem}")
    return printed_lines(*lines)
