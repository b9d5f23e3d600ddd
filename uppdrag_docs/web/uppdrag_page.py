"""What an uppdrag's page shows: the decision, then each published year of follow-up.

Everything arrives formatted (`swedish.py`, `web/words.py`) as plain values for the template;
the template only lays them out. Plain-text fields are passed as written, so autoescape shows
`<`, `&` and `{{ }}` as text; Markdown fields are marked for the `markdown` filter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from uppdrag_docs.follow_up.assessment import CriterionYear
from uppdrag_docs.format.words import FREQUENCIES, REASONS, REPORT_TYPES
from uppdrag_docs.swedish import (
    date_iso,
    date_text,
    kronor,
    listing,
    paragraf,
    period_text,
)
from uppdrag_docs.web.charts import Bar, Kind, bar_chart
from uppdrag_docs.web.figures import Comparison, Figure, periods, year_judgement
from uppdrag_docs.web.names import CASE, DECISION
from uppdrag_docs.web.publish import Published, PublishedYear
from uppdrag_docs.web.standard import cost_context, standard_context
from uppdrag_docs.web.words import OWN, PROCURED, TOO_FEW, period_words, target_words, unit_of

_FREQUENCY_WORD = {"månad": "månad", "kvartal": "kvartal", "tertial": "tertial"}
_FREQUENCY_WORD |= {"halvår": "halvår", "år": "år"}


def decision_line(item: Published) -> str:
    """ "Fastställt av Socialnämnden 14 december 2026, § 203"."""
    decision = item.uppdrag.decision
    if decision is None:
        return ""
    number = f", {paragraf(decision.paragraph)}" if decision.paragraph else ""
    return f"Fastställt av {decision.body} {date_text(decision.meeting)}{number}"


def repeal_line(item: Published) -> str:
    repeal = item.uppdrag.repeal
    if repeal is None:
        return ""
    return f"Upphävt av {repeal.body} {date_text(repeal.meeting)}, {paragraf(repeal.paragraph)}"


def status_words(item: Published) -> str:
    repeal = item.uppdrag.repeal
    if repeal is not None:
        return f"upphävt {date_text(repeal.meeting)}"
    return "fastställt"


def document_links(item: Published) -> list[dict[str, str]]:
    links = []
    if DECISION in item.documents:
        links.append({"href": f"../dokument/{item.id}.pdf", "text": "Verksamhetsuppdraget (PDF)"})
    if CASE in item.documents:
        links.append(
            {
                "href": f"../dokument/{item.id}-tjansteskrivelse.pdf",
                "text": "Tjänsteskrivelsen (PDF)",
            }
        )
    return links


def uppdrag_context(
    item: Published, comparisons: list[Comparison], links: dict[str, str]
) -> dict[str, Any]:
    uppdrag = item.uppdrag
    provider = uppdrag.provider
    return {
        "titel": uppdrag.title,
        "beslut": decision_line(item),
        "upphavande": repeal_line(item),
        "fakta": [
            ("Diarienummer", uppdrag.case_number),
            ("Beställare", f"{uppdrag.orderer.board}, {uppdrag.orderer.administration}"),
            ("Verksamhetsområde", uppdrag.area),
            ("Period", period_text(uppdrag.period.start, uppdrag.period.end)),
            ("Utförare", provider.name),
            ("Enhet", provider.unit or "–"),
            ("Status", status_words(item)),
        ],
        "omrade_lank": links[uppdrag.area],
        "dokument": document_links(item),
        "sammanfattning": uppdrag.assignment.summary,
        "omfattning": uppdrag.assignment.scope,
        "skal": [REASONS[r] for r in uppdrag.reasons],
        "motivering": uppdrag.motivation,
        "mal": [{"text": g.text, "namndmal": g.board_goal} for g in uppdrag.assignment.goals],
        "kriterier": [_criterion(item, c) for c in item.loaded.criteria],
        "rapportering": [
            {
                "id": r.id,
                "vad": r.what,
                "typ": REPORT_TYPES[r.type],
                "frekvens": FREQUENCIES[r.frequency],
                "mottagare": r.recipient,
                "lamnas": f"{r.days_after} dagar efter varje {_FREQUENCY_WORD[r.frequency]}",
            }
            for r in uppdrag.reports
        ],
        "ersattning": _compensation(item),
        "tillagg": [
            {
                "titel": a.title,
                "period": period_text(a.period.start, a.period.end),
                "belopp": kronor(a.amount),
                "beskrivning": a.description,
            }
            for a in uppdrag.additional
        ],
        "standard": standard_context(item.standard),
        "ar": [_year(item, year, comparisons) for year in item.years],
        "ej_redovisade": item.unpublished_years,
    }


def _criterion(item: Published, criterion: Any) -> dict[str, Any]:
    reports = {r.id: r for r in item.uppdrag.reports}
    return {
        "id": criterion.id,
        "namn": criterion.name,
        "beskrivning": criterion.description,
        "kalla": criterion.source or "–",
        "malvarde": target_words(criterion.target),
        "likvardig": (
            "Ja: samma kriterium gäller de upphandlade utförarna (riktlinjen 2.3)"
            if criterion.ref is not None or criterion.equal_terms
            else "Nej: kriteriet gäller egen regi"
        ),
        "rapporter": listing(
            [
                f"{r} ({FREQUENCIES[reports[r].frequency].lower()})" if r in reports else r
                for r in criterion.reports
            ]
        ),
    }


def _compensation(item: Published) -> list[dict[str, str]]:
    calc = item.calculation
    if calc is None or not calc.compensation_set:
        return []
    return [
        {
            "ar": str(y.year),
            "fast": kronor(y.fixed_for_period),
            "rorlig": kronor(y.variable_total),
            "tillagg": kronor(y.additional_total),
            "totalt": kronor(y.total),
            "oh": kronor(y.overhead),
        }
        for y in calc.years
    ]


def _year(item: Published, year: PublishedYear, comparisons: list[Comparison]) -> dict[str, Any]:
    assessment = year.assessment
    review = assessment.review
    assert review is not None  # a published year is one whose bedömning names its meeting
    board = item.uppdrag.orderer.board
    return {
        "ar": year.year,
        "rubrik_id": f"ar-{year.year}",
        "sammantrade": f"Redovisad för {board} {date_text(year.meeting)}",
        "per": date_text(year.per),
        "sammanfattning": review.summary,
        "mal": [
            {
                "nr": g.number,
                "text": g.text,
                "bedomning": g.judgement or "bedömning saknas",
                "motivering": g.motivation or "",
            }
            for g in assessment.goals
        ],
        "kriterier": [_criterion_year(item, year, c) for c in assessment.criteria],
        "likvardighet": [
            comparison_context(c, f"j-{year.year}-{n}", year.year)
            for n, c in enumerate(comparisons, start=1)
            if any(col.year == year.year and col.line is not None for col in c.columns)
        ],
        "kostnad": cost_context(assessment, f"k-{year.year}"),
        "rapporter": [
            {
                "rapport": s.report.id,
                "period": period_words(s.period),
                "forfaller": date_iso(s.due),
                "inlamnad": date_iso(s.delivered) if s.delivered else "–",
                "status": s.status,
            }
            for s in assessment.reports
        ],
    }


def _criterion_year(item: Published, year: PublishedYear, cy: CriterionYear) -> dict[str, Any]:
    criterion = cy.criterion
    figures = periods(item, cy)
    ident = f"k-{year.year}-{criterion.id}".lower()
    numeric = criterion.target.at_least is not None or criterion.target.at_most is not None
    chart = None
    if numeric and figures:
        target = criterion.target.at_least or criterion.target.at_most
        bars = [
            Bar(
                f.words,
                f.figure.value,
                _said(f.figure.text, f.figure.judgement),
                "own",
            )
            for f in figures
        ]
        title = f"{criterion.name} {year.year}, egen regi per period"
        chart = bar_chart(ident, title, _description(criterion, figures, cy), bars, target)
    override = cy.override
    return {
        "id": ident,
        "namn": criterion.name,
        "malvarde": target_words(criterion.target),
        "enhet": unit_of(criterion),
        "diagram": chart,
        "perioder": [
            {
                "period": f.words,
                "varde": f.figure.text if numeric else "–",
                "bedomning": f.figure.judgement,
                "ej_matt": f.not_measured,
                "kommentar": f.comment,
                "atgarder": f.actions,
            }
            for f in figures
        ],
        "arets": year_judgement(cy),
        "forvaltningens": override.judgement if override else None,
        "motivering": override.motivation if override else None,
    }


def _said(text: str, judgement: str) -> str:
    return text if text == TOO_FEW else f"{text} {judgement}"


def _description(criterion: Any, figures: list[Any], cy: CriterionYear) -> str:
    said = "; ".join(
        f"{f.words}: {_said(f.figure.text, f.figure.judgement)}"
        + (" (ingen stapel)" if f.figure.value is None else "")
        for f in figures
    )
    return (
        f"Målvärde {target_words(criterion.target)}. {said}. Årets bedömning: {year_judgement(cy)}."
    )


def comparison_context(cmp: Comparison, ident: str, year: int | None = None) -> dict[str, Any]:
    """A likvärdighet table (of one year, or all) and its chart: the newest period compared."""
    if year is not None:
        kept = [i for i, col in enumerate(cmp.columns) if col.year == year]
        cmp = replace(
            cmp,
            columns=tuple(cmp.columns[i] for i in kept),
            rows=tuple(replace(r, cells=tuple(r.cells[i] for i in kept)) for r in cmp.rows),
        )
    criterion = cmp.criterion
    caption = f"{criterion.name} ({cmp.item.uppdrag.title}): egen regi och upphandlade utförare"
    rows = [
        {"namn": row.label, "regi": row.regi, "celler": [cell_text(c) for c in row.cells]}
        for row in cmp.rows
    ]
    target = target_words(criterion.target)
    chart = None
    numeric = criterion.target.at_least is not None or criterion.target.at_most is not None
    compared = [i for i, col in enumerate(cmp.columns) if col.line is not None]
    if numeric and compared:
        i = compared[-1]
        column = cmp.columns[i]
        bars = [_bar(row.label, row.cells[i], row.regi) for row in cmp.rows]
        said = "; ".join(
            f"{row.label}: {cell_text(row.cells[i]) if row.cells[i] else 'ingen uppgift'}"
            + (" (ingen stapel)" if bar.value is None else "")
            for row, bar in zip(cmp.rows, bars, strict=True)
        )
        chart = bar_chart(
            ident,
            f"{criterion.name}, {column.words}: egen regi och upphandlade utförare",
            f"Målvärde {target}. {said}.",
            bars,
            criterion.target.at_least or criterion.target.at_most,
        )
    return {
        "id": ident,
        "caption": caption,
        "kolumner": [col.words for col in cmp.columns],
        "rader": rows,
        "malvarde": target,
        "kallor": list(cmp.sources),
        "diagram": chart,
        "uppdrag": cmp.item.uppdrag.title,
        "uppdrag_href": f"../uppdrag/{cmp.item.id}.html",
        "kriterium": criterion.name,
    }


def cell_text(figure: Figure | None) -> str:
    if figure is None:
        return "–"
    if figure.text == TOO_FEW:
        return TOO_FEW
    words = [figure.text]
    if figure.judgement:
        words.append(figure.judgement)
    if figure.computation and figure.computation != "samma period":
        words.append(f"({figure.computation})")
    return " ".join(words)


def _bar(label: str, figure: Figure | None, regi: str) -> Bar:
    kind: Kind = "own" if regi == OWN else "procured" if regi == PROCURED else "reference"
    if figure is None:
        return Bar(label, None, "ingen uppgift", kind)
    drawn = figure.text if figure.text == TOO_FEW else f"{figure.text} {figure.judgement}"
    return Bar(label, figure.value, drawn.strip(), kind)  # the description says how it is made
