"""What the samlad redovisning's template sees: one beställande nämnd, one year (riktlinjen 3.2).

The eight parts of `uppfoljning.md`, "The samlad redovisning, per uppdrag": a summary across the
nämnd's uppdrag, then per uppdrag its mål, kvalitetskriterier (each with a line chart), the
likvärdighet (a bar chart per criterion), ekonomi enligt öppna böcker (a chart of intäkter and
kostnader), volymer, rapportering, and the förvaltning's sammanfattning and förslag till beslut.
Everything arrives formatted with `swedish.py`; a bedömning is always written out, never left to
a colour. Every sum row adds up the figures as they are printed (whole kronor). Text from the
files is plain text here (motiveringar and kommentarer as written, whitespace folded), so it is
shown literally; the sammanfattning and the förslag till beslut are Markdown, as the spec says.

The charts' PNGs are drawn only when the document is rendered (`Chart.draw`), each with its alt
text in Swedish that says what it shows with the figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from uppdrag_docs.follow_up.assessment import CriterionYear, UppdragYear, YearAssessment
from uppdrag_docs.follow_up.equal_terms import EqualTermsLine
from uppdrag_docs.follow_up.judgement import NOT_REPORTED, is_text_target
from uppdrag_docs.follow_up.periods import mean_text
from uppdrag_docs.names import board_slug
from uppdrag_docs.render import charts
from uppdrag_docs.render.context import DocumentContext, target_text
from uppdrag_docs.render.model.base import Chart, MarkdownKey
from uppdrag_docs.render.model.follow_up import (
    CriterionPart,
    EqualTermsPart,
    EqualTermsRow,
    FollowUpValues,
    PeriodRow,
    Summary,
    SummaryRow,
    UppdragPart,
)
from uppdrag_docs.render.open_books import NONE, economy_part, volume_rows
from uppdrag_docs.render.open_books import kr_or_dash as _kr
from uppdrag_docs.render.open_books import plain as _plain
from uppdrag_docs.swedish import (
    date_iso,
    date_text,
    days,
    kronor,
    listing,
    number_as_written,
)
from uppdrag_docs.version import __version__

PROPOSAL = "FÖRSLAG"
FULFILLED = "uppfyllt"


def document_name(board: str, year: int) -> str:
    """`<nämnd>-<år>`, the samlad redovisning's file name without its suffix."""
    return f"{board_slug(board)}-{year}"


def follow_up_title(year: int) -> str:
    return f"Uppföljning av verksamhetsuppdragen {year}"


def build_follow_up_context(assessment: YearAssessment, board: str) -> DocumentContext:
    """The samlad redovisning of `board` for the year: its uppdrag in `assessment`."""
    items = [u for u in assessment.uppdrag if u.follow_up.uppdrag.orderer.board == board]
    if not items:
        raise ValueError(f"inget uppdrag till {board} i bedömningen")
    year = assessment.year
    reviews = [u.review for u in items if u.review is not None]
    date = max((r.date for r in reviews), default=assessment.per)
    meetings = sorted({r.meeting for r in reviews if r.meeting is not None})
    all_meet = len(reviews) == len(items) and all(r.meeting is not None for r in reviews)
    kommun = items[0].follow_up.loaded.shared.kommun
    administrations = list(dict.fromkeys(u.follow_up.uppdrag.orderer.administration for u in items))
    markdown: dict[str, str] = {}
    parts = [_uppdrag_part(u, markdown) for u in items]
    title = follow_up_title(year)
    values: FollowUpValues = {
        "kommun": kommun.name if kommun is not None else "",
        "forvaltning": ", ".join(administrations),
        "namnd": board,
        "ar": str(year),
        "per": date_iso(assessment.per),
        "datum": date_iso(date),
        "datum_text": date_text(date),
        "titel": title,
        "undertitel": (
            f"Samlad redovisning till {board} med förvaltningens förslag till bedömning av "
            f"måluppfyllelse (riktlinjen 3.2), per {date_text(assessment.per)}"
        ),
        "markering": "" if all_meet else PROPOSAL,
        "sammantrade": (
            f"Redovisningen tas upp på nämndens sammanträde "
            f"{listing([date_text(m) for m in meetings])}."
            if meetings
            else ""
        ),
        "sammanfattning": _summary(items, assessment.provider_result, year),
        "uppdrag": parts,
        "verktyg": f"uppdrag-docs {__version__}",
    }
    return DocumentContext(
        values=values, markdown=markdown, date=date, title=title, subject="Uppföljning"
    )


def _summary(items: Sequence[UppdragYear], provider: Decimal | None, year: int) -> Summary:
    rows: list[SummaryRow] = []
    totals = {"fulfilled": 0, "criteria": 0, "goals_ok": 0, "goals": 0, "late": 0, "missing": 0}
    result_total = Decimal(0)
    any_result = False
    for item in items:
        fulfilled = sum(1 for c in item.criteria if c.judgement == FULFILLED)
        goals_ok = sum(1 for g in item.goals if g.judgement == FULFILLED)
        judged = sum(1 for g in item.goals if g.judgement is not None)
        late = sum(1 for s in item.reports if s.late)
        missing = sum(1 for s in item.reports if s.missing)
        totals["fulfilled"] += fulfilled
        totals["criteria"] += len(item.criteria)
        totals["goals_ok"] += goals_ok
        totals["goals"] += len(item.goals)
        totals["late"] += late
        totals["missing"] += missing
        result = item.result
        if result is not None:
            any_result = True
            result_total += result
        goal_text = (
            f"{goals_ok} av {len(item.goals)} uppfyllda"
            if judged
            else f"bedömning saknas ({len(item.goals)} mål)"
        )
        rows.append(
            {
                "uppdrag": item.follow_up.uppdrag.title,
                "kriterier": f"{fulfilled} av {len(item.criteria)}",
                "mal": goal_text,
                "resultat": _kr(result),
                "rapporter": _reports_text(late, missing),
            }
        )
    total: SummaryRow = {
        "uppdrag": "Summa",
        "kriterier": f"{totals['fulfilled']} av {totals['criteria']}",
        "mal": f"{totals['goals_ok']} av {totals['goals']} uppfyllda",
        "resultat": _kr(result_total if any_result else None),
        "rapporter": _reports_text(totals["late"], totals["missing"]),
    }
    if provider is None:
        provider_text = ""
    else:
        provider_text = (
            f"Utförarens resultat {year} för alla uppdrag med ekonomirapporter är "
            f"{kronor(provider)}"
            + (", ett underskott som riktlinjen 3.1 inte tillåter." if provider < 0 else ".")
        )
    return {"rader": rows, "summa": total, "utforare": provider_text}


def _reports_text(late: int, missing: int) -> str:
    return f"{late} {'försenad' if late == 1 else 'försenade'}, {missing} saknas"


def _uppdrag_part(item: UppdragYear, markdown: dict[str, str]) -> UppdragPart:
    uppdrag = item.follow_up.uppdrag
    review = item.review
    key = re.sub(r"[^a-z0-9]", "_", uppdrag.id.lower())
    if review is not None:
        meeting = (
            f" Den tas upp på sammanträdet {date_text(review.meeting)}."
            if review.meeting is not None
            else ""
        )
        said = (
            f"Förvaltningens bedömning är gjord {date_text(review.date)} och beredd av "
            f"{_plain(review.prepared_by)}.{meeting}"
        )
        markdown[f"sammanfattning_{key}"] = review.summary
        markdown[f"forslag_{key}"] = review.proposal
    else:
        said = f"Förvaltningen har ännu inte lämnat sin bedömning för {item.year}."
        markdown[f"sammanfattning_{key}"] = (
            f"*Förvaltningens sammanfattning för {item.year} saknas.*"
        )
        markdown[f"forslag_{key}"] = f"*Förslag till beslut för {item.year} saknas.*"
    return {
        "id": uppdrag.id,
        "titel": uppdrag.title,
        "diarienummer": uppdrag.case_number,
        "status": uppdrag.status,
        "bedomning": said,
        "mal": [
            {
                "nr": f"{g.number}.",
                "text": _plain(g.text),
                "bedomning": g.judgement or "bedömning saknas",
                "motivering": _plain(g.motivation),
            }
            for g in item.goals
        ],
        "kriterier": [_criterion(c, item.year) for c in item.criteria],
        "likvardighet": _equal_terms(item),
        "ekonomi": economy_part(item),
        "volymer": volume_rows(item),
        "rapporter": [
            {
                "rapport": f"{s.report.id} ({s.report.type})",
                "period": str(s.period),
                "forfaller": date_iso(s.due),
                "inlamnad": date_iso(s.delivered) if s.delivered else NONE,
                "status": s.status + (f", {days(s.days_late)}" if s.late else ""),
            }
            for s in item.reports
        ],
        "md_sammanfattning": MarkdownKey(f"sammanfattning_{key}"),
        "md_forslag": MarkdownKey(f"forslag_{key}"),
    }


def _unit(criterion: CriterionYear) -> str:
    unit = criterion.criterion.target.unit or ""
    return "%" if unit == "procent" else unit


def _value_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return NONE
    return f"{number_as_written(value)} {unit}".strip()


def _criterion(criterion: CriterionYear, year: int) -> CriterionPart:
    c = criterion.criterion
    unit = _unit(criterion)
    rows: list[PeriodRow] = []
    for p in criterion.periods:
        outcome = p.outcome
        if outcome is not None and outcome.not_measured is not None:
            value = f"ej mätt: {_plain(outcome.not_measured)}"
        else:
            value = _value_text(p.value, unit)
        notes = []
        if outcome is not None and outcome.comment:
            notes.append(_plain(outcome.comment))
        if outcome is not None and outcome.actions:
            notes.append(f"Åtgärder: {_plain(outcome.actions)}")
        rows.append(
            {
                "period": str(p.period),
                "rapport": p.report.id,
                "varde": value,
                "bedomning": p.judgement,
                "kommentar": " ".join(notes),
            }
        )
    override = criterion.override
    chart = None if is_text_target(c) or not criterion.periods else _line(criterion, year)
    return {
        "rubrik": f"{c.id} {_plain(c.name)}",
        "malvarde": target_text(c.target),
        "perioder": rows,
        "bedomning": criterion.judgement,
        "har_forvaltningens": override is not None,
        "forvaltningens": override.judgement if override else NONE,
        "motivering": _plain(override.motivation) if override else "",
        "har_diagram": chart is not None,
        "diagram": chart,
    }


def _targets(criterion: CriterionYear) -> list[tuple[float, str]]:
    target = criterion.criterion.target
    unit = _unit(criterion)
    out = []
    if target.at_least is not None:
        out.append((float(target.at_least), f"minst {number_as_written(target.at_least)} {unit}"))
    if target.at_most is not None:
        out.append((float(target.at_most), f"högst {number_as_written(target.at_most)} {unit}"))
    return [(v, t.strip()) for v, t in out]


def _line(criterion: CriterionYear, year: int) -> Chart:
    c = criterion.criterion
    unit = _unit(criterion)
    periods = [str(p.period) for p in criterion.periods]
    values = [
        float(p.value) if p.value is not None and p.judgement != NOT_REPORTED else None
        for p in criterion.periods
    ]
    labels = [number_as_written(p.value) if p.value is not None else "" for p in criterion.periods]
    title = f"{c.id} {_plain(c.name)} {year}"
    said = [
        f"{p.period} {_value_text(p.value, unit)} ({p.judgement})"
        if v is not None
        else f"{p.period} ej redovisat"
        for p, v in zip(criterion.periods, values, strict=True)
    ]
    alt = (
        f"Linjediagram över {c.id} {_plain(c.name)} per period {year}, med målvärdet "
        f"{target_text(c.target)} som streckad linje: {'; '.join(said)}. "
        f"Årets beräknade bedömning: {criterion.judgement}."
    )
    targets = _targets(criterion)
    series = charts.Series(values, labels)

    def draw() -> bytes:
        return charts.line_chart(title, periods, series, targets)

    return Chart(alt, draw)


def _equal_terms(item: UppdragYear) -> EqualTermsPart:
    rows: list[EqualTermsRow] = []
    figures: list[Chart] = []
    for line in item.equal_terms:
        c = line.criterion
        unit = "%" if c.target.unit == "procent" else (c.target.unit or "")
        own = _value_text(line.own, unit) if line.own is not None else NOT_REPORTED
        if line.mean_of:
            own += f" ({mean_text(line.mean_of)})"
        rows.append(
            {
                "kriterium": f"{c.id}, {target_text(c.target)}",
                "period": str(line.period),
                "utforare": "Egen regi",
                "varde": own,
                "bedomning": line.own_judgement,
            }
        )
        rows += [
            {
                "kriterium": "",
                "period": "",
                "utforare": p.name,
                "varde": _value_text(p.value, unit),
                "bedomning": p.judgement,
            }
            for p in line.providers
        ]
        if not is_text_target(c):
            figures.append(_bars(line, unit))
    sources = [_plain(equal.model.source) for equal in item.follow_up.equal_terms]
    return {
        "finns": bool(rows),
        "kalla": f"Källa: {'; '.join(sources)}." if rows and sources else "",
        "rader": rows,
        "diagram": figures,
    }


def _bars(line: EqualTermsLine, unit: str) -> Chart:
    c = line.criterion
    names = ["Egen regi", *(p.name for p in line.providers)]
    values = [line.own, *(p.value for p in line.providers)]
    judgements = [line.own_judgement, *(p.judgement for p in line.providers)]
    floats = [float(v) if v is not None else None for v in values]
    labels = [number_as_written(v) if v is not None else NOT_REPORTED for v in values]
    targets = [
        (float(bound), f"{word} {number_as_written(bound)} {unit}".strip())
        for word, bound in (("minst", c.target.at_least), ("högst", c.target.at_most))
        if bound is not None
    ]
    said = [
        f"{n} {_value_text(v, unit)} ({j})"
        for n, v, j in zip(names, values, judgements, strict=True)
    ]
    title = f"{c.id} {_plain(c.name)} {line.period}: egen regi och upphandlade utförare"
    alt = (
        f"Stapeldiagram över {c.id} {_plain(c.name)} {line.period}, egen regi bredvid de "
        f"upphandlade utförarna, med målvärdet {target_text(c.target)} som streckad linje: "
        f"{'; '.join(said)}."
    )

    def draw() -> bytes:
        return charts.bar_chart(title, names, floats, labels, targets)

    return Chart(alt, draw)
