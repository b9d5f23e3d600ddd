"""What the Word templates see: the uppdrag and its calculation as ready-to-print Swedish text.

Templates do no arithmetic and no formatting: every amount, date and percent arrives here
formatted, so a communicator editing the template in Word cannot get a number wrong. Markdown
fields are listed in `markdown` (key → text) and rendered into Word paragraphs by the renderer;
the template places them with `{{p md.<key>}}`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from uppdrag_docs.calc.engine import Calculation
from uppdrag_docs.calc.rows import Row, calculation_rows
from uppdrag_docs.format.schedule import mandate_period_end, report_periods, reporting_calendar
from uppdrag_docs.format.schema import Decision, Uppdrag
from uppdrag_docs.format.shared import Target
from uppdrag_docs.format.words import FREQUENCIES, MODELS, REASONS, REPORT_TYPES
from uppdrag_docs.render.model.base import MarkdownKey
from uppdrag_docs.render.model.decision import (
    CalculationRow,
    Compensation,
    CompensationYear,
    DecisionValues,
)
from uppdrag_docs.render.wording import (
    COMPENSATION_NOT_SET,
    PREPAREDNESS,
    REASONS_INTRO,
    REVIEW,
    STATUS_MARKINGS,
    SURPLUS_NOTE,
)
from uppdrag_docs.swedish import (
    date_iso,
    date_text,
    kronor,
    number,
    paragraf,
    percent,
    period_text,
    price_text,
)
from uppdrag_docs.trust.checks import LoadedUppdrag
from uppdrag_docs.version import __version__


@dataclass(frozen=True)
class DocumentContext:
    """A template's fields (`values`, typed in `render/model/`) and its Markdown fields."""

    values: Mapping[str, Any]
    markdown: Mapping[str, str]
    date: dt.date
    title: str
    subject: str = "Verksamhetsuppdrag"
    """What kind of document it is, for the document's properties."""


def document_date(uppdrag: Uppdrag, committed: dt.date | None = None) -> dt.date:
    """The date printed in the header, from the data and never from the clock.

    A fastställt (or upphävt) uppdrag carries the date of the last decision it records: its own,
    or a later tilläggsuppdrag's, so no decision is printed ahead of its document. A förslag or
    utkast carries the day its tjänsteskrivelse is written (`ärende.datum`), else `committed`
    (the day its file was last committed), else SOURCE_DATE_EPOCH, else the latest date in its
    data: never the planned meeting's, which lies ahead. The same inputs give the same document.
    """
    decision = uppdrag.decision
    if decision is not None and uppdrag.decided:
        decided = [t.decision.meeting for t in uppdrag.additional if t.decision.paragraph]
        return max([decision.meeting, *decided])
    if uppdrag.case is not None and uppdrag.case.date is not None:
        return uppdrag.case.date
    if committed is not None:
        return committed
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    dates = [uppdrag.current_state.date]
    comp = uppdrag.compensation
    if comp is not None and comp.reconciliation is not None:
        dates.append(comp.reconciliation.date)
    return max(dates)


def decision_text(uppdrag: Uppdrag) -> str:
    decision = uppdrag.decision
    if decision is None:
        return "Ännu inte behandlat av nämnden."
    if uppdrag.in_force and decision.paragraph is not None:
        return _decided(decision)
    if uppdrag.repealed:
        return "Uppdraget är upphävt. " + (
            _decided(decision) + "." if decision.paragraph is not None else ""
        )
    return f"Förslag till beslut i {decision.body} {date_text(decision.meeting)}"


def _decided(decision: Decision) -> str:
    assert decision.paragraph is not None
    return (
        f"Beslutat av {decision.body} {date_text(decision.meeting)}, {paragraf(decision.paragraph)}"
    )


def additional_decision_text(decision: Decision, date: dt.date) -> str:
    """A tilläggsuppdrag's decision as of the document's date: planned until it has been taken.

    A paragraf written ahead of the meeting, in a förslag dated before it, is still a plan.
    """
    if decision.paragraph is not None and decision.meeting <= date:
        return _decided(decision)
    return f"Förslag till beslut i {decision.body} {date_text(decision.meeting)}"


def target_text(target: Target) -> str:
    if target.text:
        return target.text
    unit = f" {target.unit}" if target.unit else ""
    if unit == " procent":
        unit = " %"
    parts = []
    if target.at_least is not None:
        parts.append(f"minst {number(target.at_least, decimals=_decimals(target.at_least))}{unit}")
    if target.at_most is not None:
        parts.append(f"högst {number(target.at_most, decimals=_decimals(target.at_most))}{unit}")
    return " och ".join(parts)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _amount(value: Decimal, unit: str) -> str:
    return kronor(value, unit="tkr" if unit == "tkr" else "kr", suffix=False)


def _rows(rows: list[Row], unit: str) -> list[CalculationRow]:
    return [
        {
            "etikett": row.label,
            "belopp": _amount(row.amount, unit),
            "typ": row.kind,
            "summa": row.kind in ("sum", "total"),
            "del": row.kind == "part",
        }
        for row in rows
    ]


def build_context(
    loaded: LoadedUppdrag, calculation: Calculation, *, committed: dt.date | None = None
) -> DocumentContext:
    """Everything the decision document and the reporting form see.

    `committed` is the day the uppdrag's file was last committed, for `document_date`.
    """
    uppdrag = loaded.uppdrag
    shared = loaded.shared
    assert shared.kommun is not None
    kommun = shared.kommun
    unit = calculation.unit
    state = uppdrag.current_state
    # Its keys are made in order (the renderer numbers lists and links in it), so the test,
    # not mypy, keeps them in step with DecisionMarkdown.
    markdown: dict[str, str] = {
        "sammanfattning": uppdrag.assignment.summary,
        "omfattning": uppdrag.assignment.scope,
        "marknadslage": state.market,
    }
    if state.geography:
        markdown["geografisk_fordelning"] = state.geography
    if uppdrag.motivation:
        markdown["motivering"] = uppdrag.motivation
    for i, extra in enumerate(uppdrag.additional):
        markdown[f"tillagg_{i}"] = extra.description
    markdown["krisberedskap"] = uppdrag.preparedness or PREPAREDNESS

    rows_by_year = calculation_rows(calculation)
    years: list[CompensationYear] = [
        {
            "ar": y.year,
            "manader": y.months,
            "rader": _rows(rows_by_year[y.year], unit),
            "total": _amount(y.total, unit),
            "fast": _amount(y.fixed_for_period, unit),
            "rorlig": _amount(y.variable_total, unit),
            "tillagg": _amount(y.additional_total, unit),
            "oh": _amount(y.overhead, unit),
            "forvantad": None if y.expected_cost is None else _amount(y.expected_cost, unit),
        }
        for y in calculation.years
    ]
    mandate_end = mandate_period_end(uppdrag.period.start, kommun.mandate_start)
    date = document_date(uppdrag, committed)
    values: DecisionValues = {
        "kommun": kommun.name,
        "utforarforvaltning": kommun.provider_administration,
        "forvaltning": uppdrag.orderer.administration,
        "namnd": uppdrag.orderer.board,
        "kontakt": uppdrag.orderer.contact or "",
        "diarienummer": uppdrag.case_number,
        "datum": date_iso(date),
        "datum_text": date_text(date),
        "id": uppdrag.id,
        "titel": uppdrag.title,
        "verksamhetsomrade": uppdrag.area,
        "status": uppdrag.status,
        "markering": STATUS_MARKINGS[uppdrag.status],
        "beslut": decision_text(uppdrag),
        "utforare": uppdrag.provider.name
        + (f", {uppdrag.provider.unit}" if uppdrag.provider.unit else ""),
        "period": period_text(uppdrag.period.start, uppdrag.period.end),
        "konkurrensutsattningsplan": uppdrag.competition_plan,
        "nulage": {
            "datum": date_text(state.date),
            "antal_brukare": number(state.clients),
            "utforare": [
                {
                    "namn": p.name,
                    "brukare": number(p.clients),
                    "andel": percent(Decimal(p.clients) / state.clients, decimals=1)
                    if state.clients
                    else "–",
                }
                for p in state.providers
            ],
            "antal_utforare": len(state.providers),
        },
        "skal_inledning": REASONS_INTRO,
        "skal": [REASONS[r] for r in uppdrag.reasons],
        "mal": [{"text": g.text, "namndmal": g.board_goal or ""} for g in uppdrag.assignment.goals],
        "kriterier": [
            {
                "id": c.id,
                "namn": c.name,
                "beskrivning": c.description,
                "kalla": c.source or "",
                "malvarde": target_text(c.target),
                "rapporter": ", ".join(c.reports),
                "likvardig": "Ja" if c.equal_terms else "Nej",
                "gemensam": bool(c.ref),
            }
            for c in loaded.criteria
        ],
        "rapporter": [
            {
                "id": r.id,
                "typ": REPORT_TYPES[r.type],
                "vad": r.what,
                "frekvens": FREQUENCIES[r.frequency],
                "mottagare": r.recipient,
                "form": r.form,
                "dagar": r.days_after,
                "perioder": [
                    {
                        "namn": d.label,
                        "fran": date_iso(d.start),
                        "till": date_iso(d.end),
                        "senast": date_iso(d.due),
                    }
                    for d in report_periods(r, uppdrag.period)
                ],
                "kriterier": [
                    {"id": c.id, "namn": c.name, "malvarde": target_text(c.target)}
                    for c in loaded.criteria
                    if r.id in c.reports
                ],
                "ar_kvalitet": r.type == "kvalitet",
                "ar_ekonomi": r.type == "ekonomi",
            }
            for r in uppdrag.reports
        ],
        "kalender": [
            {
                "datum": date_iso(d.due),
                "rapport": d.report.id,
                "vad": d.report.what,
                "period": d.label,
                "mottagare": d.report.recipient,
            }
            for d in reporting_calendar(uppdrag)
        ],
        "ersattning": _compensation(uppdrag, calculation, years),
        "tillaggsuppdrag": [
            {
                "id": t.id,
                "titel": t.title,
                "beslut": additional_decision_text(t.decision, date),
                "period": period_text(t.period.start, t.period.end),
                "ersattning": kronor(t.amount)
                if t.amount == t.amount.to_integral()
                else price_text(t.amount),
                "md": MarkdownKey(f"tillagg_{i}"),
            }
            for i, t in enumerate(uppdrag.additional)
        ],
        "giltighet": {
            "period": period_text(uppdrag.period.start, uppdrag.period.end),
            "mandatperiod_slut": date_text(mandate_end),
            "passerar_mandatperiod": uppdrag.period.end > mandate_end,
            "omprovning": REVIEW,
        },
        "bilagor": [
            {"nr": i + 1, "titel": a.title, "fil": a.file}
            for i, a in enumerate(uppdrag.attachments)
        ],
        "verktyg": f"uppdrag-docs {__version__}",
    }
    return DocumentContext(values=values, markdown=markdown, date=date, title=uppdrag.title)


def _compensation(
    uppdrag: Uppdrag, calculation: Calculation, years: list[CompensationYear]
) -> Compensation:
    unit = calculation.unit
    unit_text = "tkr" if unit == "tkr" else "kr"
    comp = uppdrag.compensation
    if comp is None:
        return {
            "satt": False,
            "ej_satt": COMPENSATION_NOT_SET,
            "modell": "",
            "beskrivning": COMPENSATION_NOT_SET,
            "enhet": unit,
            "enhet_text": unit_text,
            "ar": [],
            "total": "",
            "total_text": "Ännu inte fastställd",
            "oh_andel": "",
            "effektivisering": "",
            "rorliga": [],
            "avstamning": "",
            "sjalvkostnad": SURPLUS_NOTE,
            "tkr_not": "",
        }
    total = _amount(calculation.total, unit)
    return {
        "satt": True,
        "ej_satt": "",
        "modell": comp.model,
        "beskrivning": MODELS[comp.model],
        "enhet": unit,
        "enhet_text": unit_text,
        "ar": years,
        "total": total,
        "total_text": f"{total}\u00a0{unit_text} för hela perioden",
        "oh_andel": percent(comp.overhead_share),
        "effektivisering": _efficiency_text(comp.efficiency),
        "rorliga": [
            {"beskrivning": item.description, "enhet": item.unit, "pris": price_text(item.price)}
            for item in comp.variable
        ],
        "avstamning": (
            f"Beräkningen är avstämd och godkänd av {comp.reconciliation.approved_by.lower()} "
            f"{date_text(comp.reconciliation.date)} (riktlinjen 3.1.2)."
            if comp.reconciliation
            else "Beräkningen är ännu inte avstämd och godkänd av ekonomidirektören "
            "(riktlinjen 3.1.2)."
        ),
        "sjalvkostnad": SURPLUS_NOTE,
        "tkr_not": (
            "Beloppen är avrundade till hela tusental kronor; varje summa är summan av de "
            "avrundade raderna."
            if unit == "tkr"
            else "Beloppen är avrundade till hela kronor; varje summa är summan av de "
            "avrundade raderna."
        ),
    }


def _efficiency_text(requirement: Decimal | dict[int, Decimal]) -> str:
    if isinstance(requirement, dict):
        return ", ".join(f"{year}: {percent(share)}" for year, share in sorted(requirement.items()))
    return f"{percent(requirement)} per år"
