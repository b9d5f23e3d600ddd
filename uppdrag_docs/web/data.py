"""The open data files: each table's rows from the same figures as the pages, as CSV and JSON.

CSV is RFC 4180 (CRLF, a header row, quotes only where needed, UTF-8 without BOM, `.` as the
decimal mark, ISO dates, `true`/`false`, an empty field for a missing value); JSON has the same
rows as objects with the columns as keys in the same order, numbers as numbers and null for a
missing value. Rows come in uppdrag id order, then the uppdrag's own order, then time, then egen
regi, the upphandlade by name, the references.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from uppdrag_docs.web.figures import Comparison, periods, year_judgement
from uppdrag_docs.web.names import CASE, DECISION
from uppdrag_docs.web.publish import Published, Register
from uppdrag_docs.web.tables import TABLES, Table
from uppdrag_docs.web.words import direction

Value = str | int | Decimal | bool | dt.date | None
Row = dict[str, Value]


def rows(register: Register, comparisons: Mapping[str, list[Comparison]]) -> dict[str, list[Row]]:
    """Every table's rows, by table name."""
    items = sorted(register.uppdrag, key=lambda p: p.id)
    makers = {
        "uppdrag": _uppdrag,
        "mal": _goals,
        "kriterier": _criteria,
        "utfall": _outcomes,
        "arsbedomning": _year_judgements,
        "ersattning": _compensation,
    }
    out: dict[str, list[Row]] = {}
    for table in TABLES:
        if table.name == "likvardighet":
            found = [r for i in items for r in _equal_terms(i, comparisons.get(i.id, []))]
        else:
            found = [r for i in items for r in makers[table.name](i)]
        assert all(tuple(r) == table.names for r in found), table.name
        out[table.name] = found
    return out


def _uppdrag(item: Published) -> Iterator[Row]:
    u = item.uppdrag
    decision, repeal = u.decision, u.repeal
    yield {
        "uppdrag_id": u.id,
        "titel": u.title,
        "diarienummer": u.case_number,
        "verksamhetsomrade": u.area,
        "namnd": u.orderer.board,
        "forvaltning": u.orderer.administration,
        "utforare": u.provider.name,
        "enhet": u.provider.unit,
        "status": u.status,
        "period_fran": u.period.start,
        "period_till": u.period.end,
        "beslut_organ": decision.body if decision else None,
        "beslut_datum": decision.meeting if decision else None,
        "beslut_paragraf": decision.paragraph if decision else None,
        "upphavande_datum": repeal.meeting if repeal else None,
        "upphavande_paragraf": repeal.paragraph if repeal else None,
        "sida": f"uppdrag/{u.id}.html",
        "beslutsdokument": f"dokument/{u.id}.pdf" if DECISION in item.documents else None,
        "tjansteskrivelse": (
            f"dokument/{u.id}-tjansteskrivelse.pdf" if CASE in item.documents else None
        ),
    }


def _goals(item: Published) -> Iterator[Row]:
    years = sorted(item.years, key=lambda y: y.year)
    for number, goal in enumerate(item.uppdrag.assignment.goals, start=1):
        base: Row = {"uppdrag_id": item.id, "mal_nr": number, "mal": goal.text}
        base["namndmal"] = goal.board_goal
        if not years:
            yield {**base, "ar": None, "bedomning": None, "motivering": None}
        for year in years:
            judged = year.assessment.goals[number - 1]
            yield {
                **base,
                "ar": year.year,
                "bedomning": judged.judgement or "bedömning saknas",
                "motivering": judged.motivation,
            }


def _criteria(item: Published) -> Iterator[Row]:
    for c in item.loaded.criteria:
        target = c.target
        yield {
            "uppdrag_id": item.id,
            "kriterium_id": c.id,
            "katalog": c.ref,
            "namn": c.name,
            "beskrivning": c.description,
            "kalla": c.source,
            "enhet": target.unit,
            "malvarde_minst": target.at_least,
            "malvarde_hogst": target.at_most,
            "malvarde_text": target.text,
            "riktning": direction(target),
            "likvardig": c.ref is not None or c.equal_terms,
            "rapporter": " ".join(c.reports),
        }


def _outcomes(item: Published) -> Iterator[Row]:
    for year in sorted(item.years, key=lambda y: y.year):
        for cy in year.assessment.criteria:
            for p in periods(item, cy):
                yield {
                    "uppdrag_id": item.id,
                    "kriterium_id": cy.criterion.id,
                    "ar": year.year,
                    "period": str(p.key),
                    "period_fran": p.start,
                    "period_till": p.end,
                    "rapport": p.report,
                    "varde": p.figure.value,
                    "antal_svar": p.figure.answers,
                    "bedomning": p.figure.judgement,
                    "ej_matt": p.not_measured,
                    "kommentar": p.comment,
                    "atgarder": p.actions,
                }


def _year_judgements(item: Published) -> Iterator[Row]:
    for year in sorted(item.years, key=lambda y: y.year):
        for cy in year.assessment.criteria:
            override = cy.override
            yield {
                "uppdrag_id": item.id,
                "kriterium_id": cy.criterion.id,
                "ar": year.year,
                "bedomning": year_judgement(cy),
                "forvaltningens_bedomning": override.judgement if override else None,
                "motivering": override.motivation if override else None,
                "sammantrade": year.meeting,
            }


def _equal_terms(item: Published, comparisons: Sequence[Comparison]) -> Iterator[Row]:
    for cmp in comparisons:
        for i, column in enumerate(cmp.columns):
            for row in cmp.rows:
                figure = row.cells[i]
                if figure is None:
                    continue
                yield {
                    "uppdrag_id": item.id,
                    "kriterium_id": cmp.criterion.id,
                    "ar": column.year,
                    "period": str(column.key),
                    "namn": row.name,
                    "regi": row.regi,
                    "varde": figure.value,
                    "antal_svar": figure.answers,
                    "bedomning": figure.judgement or None,
                    "berakning": figure.computation or None,
                    "kalla": figure.source or None,
                }


def _compensation(item: Published) -> Iterator[Row]:
    calc = item.calculation
    if calc is None or not calc.compensation_set:
        return
    for y in calc.years:
        yield {
            "uppdrag_id": item.id,
            "ar": y.year,
            "manader": y.months,
            "fast_kr": int(y.fixed_for_period),
            "rorlig_kr": int(y.variable_total),
            "tillaggsuppdrag_kr": int(y.additional_total),
            "totalt_kr": int(y.total),
            "varav_oh_kr": int(y.overhead),
        }


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # as written, or with the decimals the figure is given
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json(value: Value) -> object:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        exact = value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
        return int(value) if exact else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_bytes(table: Table, found: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.names)
    for row in found:
        writer.writerow([_text(row[name]) for name in table.names])
    return out.getvalue().encode("utf-8")


def json_bytes(table: Table, found: Sequence[Row]) -> bytes:
    data = [{name: _json(row[name]) for name in table.names} for row in found]
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
