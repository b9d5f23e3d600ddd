"""What the tjänsteskrivelse's template sees: the ärende in Linköping's order of headings.

Förslag till beslut, Ärende, Beslutsunderlag, Bakgrund, Ekonomiska konsekvenser, Kommunala mål,
Jämställdhet, Barnkonsekvens, Samråd, Information eller förhandling enligt MBL, the förvaltning
and its signatures, Beslutet skickas till (format.md, "Ärendet"). What `ärende` leaves out is
derived from the uppdrag (the decision points with each year's ersättning, the sammanfattning,
the beslutsunderlag, the bakgrund, the computed economics, the nämndmål) or left out: a
jämställdhet that is missing is a warning of the check, not a sentence made up here.

Like `context.py`, every amount, date and percent arrives formatted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from uppdrag_docs.calc.engine import Calculation, base_comparison
from uppdrag_docs.calc.rounding import round_money
from uppdrag_docs.format import words
from uppdrag_docs.format.arende import Case
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.words import REASONS
from uppdrag_docs.render.context import DocumentContext, document_date
from uppdrag_docs.render.model.arende import (
    Background,
    BoardGoals,
    CaseValues,
    Economics,
    EconomicsYear,
)
from uppdrag_docs.render.wording import (
    BOARD_GOALS_INTRO,
    COMPENSATION_NOT_SET,
    MBL_TEXTS,
    REASONS_INTRO,
)
from uppdrag_docs.swedish import (
    board_genitive,
    date_iso,
    date_text,
    kronor,
    listing,
    number,
    percent,
    period_text,
    price_text,
    signed_kronor,
    signed_percent,
)
from uppdrag_docs.trust.checks import LoadedUppdrag
from uppdrag_docs.version import __version__

CASE_MARKINGS = {"utkast": "UTKAST", "förslag": "", "fastställt": "", "upphävt": "UPPHÄVT"}
"""A tjänsteskrivelse is itself the proposal: only a draft or a repealed uppdrag is marked."""


def case_title(uppdrag: Uppdrag) -> str:
    """The tjänsteskrivelse's title, as the kommun names its ärenden ("…, fastställande")."""
    return words.case_title(uppdrag.title, repealed=uppdrag.repealed)


def case_date(uppdrag: Uppdrag, committed: dt.date | None = None) -> dt.date:
    """The day the tjänsteskrivelse is written: `ärende.datum`, else the decision document's."""
    if uppdrag.case is not None and uppdrag.case.date is not None:
        return uppdrag.case.date
    return document_date(uppdrag, committed)


def build_case_context(
    loaded: LoadedUppdrag, calculation: Calculation, *, committed: dt.date | None = None
) -> DocumentContext:
    """Everything the tjänsteskrivelse's template sees, for one uppdrag."""
    uppdrag = loaded.uppdrag
    kommun = loaded.shared.kommun
    assert kommun is not None
    case = uppdrag.case or Case()
    date = case_date(uppdrag, committed)
    title = case_title(uppdrag)
    markdown = {"arende": case.description or uppdrag.assignment.summary}
    optional = {
        "motivering": uppdrag.motivation,
        "ekonomi": case.economics,
        "jamstalldhet": case.equality,
        "barnkonsekvens": case.children,
    }
    markdown.update({key: text for key, text in optional.items() if text})
    administration = uppdrag.orderer.administration
    values: CaseValues = {
        "kommun": kommun.name,
        "utforarforvaltning": kommun.provider_administration,
        "forvaltning": administration,
        "namnd": uppdrag.orderer.board,
        "diarienummer": uppdrag.case_number,
        "datum": date_iso(date),
        "datum_text": date_text(date),
        "titel": title,
        "uppdrag_titel": uppdrag.title,
        "status": uppdrag.status,
        "markering": CASE_MARKINGS[uppdrag.status],
        "forslag_rubrik": f"Förslag till {board_genitive(uppdrag.orderer.board)} beslut",
        "forslag": [
            {"nr": f"{i}.", "text": text}
            for i, text in enumerate(_proposals(uppdrag, case, calculation), start=1)
        ],
        "beslutsunderlag": _basis(uppdrag, case, title, date),
        "bakgrund": _background(uppdrag),
        "ekonomi": _economics(uppdrag, case, calculation),
        "mal": _board_goals(uppdrag),
        "samrad": [{"part": c.party, "stallningstagande": c.position} for c in case.consultation],
        "samrad_text": (
            f"Samråd har skett med {listing([c.party for c in case.consultation])}."
            if case.consultation
            else ""
        ),
        "mbl": _mbl(case, date),
        "underskrifter": [{"namn": s.name, "titel": s.title} for s in case.signatures],
        "skickas_till": case.recipients or [uppdrag.provider.name, administration],
        "verktyg": f"uppdrag-docs {__version__}",
    }
    return DocumentContext(
        values=values, markdown=markdown, date=date, title=title, subject="Tjänsteskrivelse"
    )


def _amount(value: Decimal, unit: str) -> str:
    return kronor(value, unit="tkr" if unit == "tkr" else "kr")


def _proposals(uppdrag: Uppdrag, case: Case, calculation: Calculation) -> list[str]:
    """The decision points as written, or the default: fastställt, with each year's amount."""
    if case.proposals:
        return list(case.proposals)
    period = period_text(uppdrag.period.start, uppdrag.period.end)
    points = [
        f"Verksamhetsuppdraget {uppdrag.title} till {uppdrag.provider.name} fastställs för "
        f"perioden {period}."
    ]
    if not calculation.compensation_set:
        points.append(
            "Ersättningen är ännu inte fastställd och beslutas innan uppdraget fastställs."
        )
    for result in calculation.years:
        months = "" if result.months == 12 else f" ({result.months} månader)"
        points.append(
            f"Ersättningen till {uppdrag.provider.name} för {result.year}{months} fastställs "
            f"till {_amount(result.total, calculation.unit)}."
        )
    return points


def _basis(uppdrag: Uppdrag, case: Case, title: str, date: dt.date) -> list[str]:
    """This tjänsteskrivelse, the uppdrag, its bilagor, then the documents the ärende names."""
    listed = [f"Tjänsteskrivelse – {title}, {date_iso(date)}"]
    listed.append(f"Bilaga – Förslag till verksamhetsuppdrag {uppdrag.title}")
    listed += [f"Bilaga – {a.title}" for a in uppdrag.attachments]
    listed += [d.title + (f", {date_iso(d.date)}" if d.date else "") for d in case.basis]
    return listed


def _background(uppdrag: Uppdrag) -> Background:
    state = uppdrag.current_state
    shares = [
        f"{p.name} {number(p.clients)}"
        + (f" ({percent(Decimal(p.clients) / state.clients, decimals=1)})" if state.clients else "")
        for p in state.providers
    ]
    count = len(state.providers)
    return {
        "plan": (
            "Uppdraget följer nämndens konkurrensutsättningsplan "
            f"(dnr {uppdrag.competition_plan}), enligt vilken verksamheten ska bedrivas i egen "
            "regi (riktlinjen 2.1 och 2.2). "
            f"Uppdraget gäller {period_text(uppdrag.period.start, uppdrag.period.end)}."
        ),
        "nulage": (
            f"Enligt nulägesanalysen den {date_text(state.date)} hade {number(state.clients)} "
            f"brukare insatser inom verksamhetsområdet hos {count} utförare: {listing(shares)}."
        ),
        "skal_inledning": REASONS_INTRO,
        "skal": [REASONS[r] for r in uppdrag.reasons],
    }


def _economics(uppdrag: Uppdrag, case: Case, calculation: Calculation) -> Economics:
    """The computed part of Ekonomiska konsekvenser, before the ärende's own text."""
    unit = calculation.unit
    unit_text = "tkr" if unit == "tkr" else "kr"
    comp = uppdrag.compensation
    if comp is None or not calculation.compensation_set:
        return {"satt": False, "ej_satt": COMPENSATION_NOT_SET, "enhet_text": unit_text}
    compared = base_comparison(calculation)
    rows: list[EconomicsYear] = []
    variable: list[str] = []
    for result in calculation.years:
        part, change = compared[result.year]
        months = "" if result.months == 12 else f" ({result.months} mån.)"
        rows.append(
            {
                "ar": f"{result.year}{months}",
                "total": kronor(result.total, unit=_unit(unit), suffix=False),
                "fast": kronor(result.fixed_for_period, unit=_unit(unit), suffix=False),
                "forandring": signed_kronor(change, unit=_unit(unit), suffix=False),
                "andel": signed_percent(change / part, decimals=1) if part else "–",
                "rorlig": kronor(result.variable_total, unit=_unit(unit), suffix=False),
            }
        )
        variable += [
            f"{result.year}: {v.description}, {number(v.forecast)} × {price_text(v.price)} per "
            f"{v.unit} = {_amount(v.amount, unit)}"
            for v in result.variable
        ]
    base = _amount(calculation.years[0].base, unit)
    return {
        "satt": True,
        "ej_satt": "",
        "enhet_text": unit_text,
        "total": _amount(calculation.total, unit),
        "basar": (
            f"Driftskostnaden basåret {comp.base_year} var {base}. Förändringen jämför varje års "
            "fasta ersättning med basårets driftskostnad för lika många månader."
        ),
        "ar": rows,
        "rorlig": variable,
        "rorlig_inledning": (
            "Den rörliga ersättningen bygger på prognosen och betalas för utförda enheter:"
            if variable
            else ""
        ),
        "ram": _budget_text(case, calculation),
    }


def _unit(unit: str) -> Any:
    return "tkr" if unit == "tkr" else "kr"


def _budget_text(case: Case, calculation: Calculation) -> str:
    """The ersättning as a share of the nämnd's ram, per year, when the ärende gives one."""
    if case.budget is None:
        return ""
    scale = Decimal(1000) if calculation.unit == "tkr" else Decimal(1)
    budgets = {
        r.year: case.budget.get(r.year) if isinstance(case.budget, dict) else case.budget
        for r in calculation.years
    }
    shares = [
        (r.year, percent(r.total * scale / budget, decimals=1), budget)
        for r in calculation.years
        if (budget := budgets[r.year])
    ]
    if not shares:
        return ""
    if isinstance(case.budget, dict):
        parts = [
            f"{share} av ramen {kronor(round_money(budget))} för {year}"
            for year, share, budget in shares
        ]
        return f"Ersättningen motsvarar {listing(parts)} (nämndens budgetram för området)."
    parts = [f"{share} av ramen för {year}" for year, share, _ in shares]
    return (
        f"Nämndens budgetram för området är {kronor(round_money(case.budget))} per år. "
        f"Ersättningen motsvarar {listing(parts)}."
    )


def _board_goals(uppdrag: Uppdrag) -> BoardGoals:
    goals = list(dict.fromkeys(g.board_goal for g in uppdrag.assignment.goals if g.board_goal))
    return {
        "inledning": BOARD_GOALS_INTRO
        if goals
        else "Uppdragets mål anger inget av nämndens eller kommunfullmäktiges mål.",
        "lista": goals,
    }


def _mbl(case: Case, date: dt.date) -> str:
    if case.mbl is None:
        return ""
    done = "genomford" if case.mbl.date <= date else "planerad"
    return MBL_TEXTS[(case.mbl.form, done)].format(datum=date_text(case.mbl.date))
