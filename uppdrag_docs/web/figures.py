"""The published figures, computed once for the pages, the charts and the open data alike.

A figure carries its value (None when there is none to show), its `antal_svar` and the word
for its bedömning. A value from fewer than five answers is replaced by "för få svar", and so is
everything computed from it: the period's bedömning, a mean that includes it and the year's
bedömning counted from it. Förvaltningens own bedömning and motivering always show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from uppdrag_docs.follow_up.assessment import CriterionYear, PeriodOutcome
from uppdrag_docs.follow_up.equal_terms import EqualTermsLine
from uppdrag_docs.follow_up.judgement import mean
from uppdrag_docs.follow_up.periods import PeriodKey, mean_text
from uppdrag_docs.format.schema import Criterion
from uppdrag_docs.swedish import collation_key
from uppdrag_docs.web.publish import Published, PublishedYear
from uppdrag_docs.web.words import (
    OWN,
    PROCURED,
    REFERENCE,
    TOO_FEW,
    period_words,
    too_few,
    value_text,
)


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    answers: int | None
    judgement: str
    """uppfyllt, delvis uppfyllt, ej uppfyllt, ej redovisat, för få svar; "" for a reference."""
    text: str
    """The value as the page shows it: "88 %", "för få svar", "–"."""
    computation: str = ""
    """For egen regi in a comparison: "samma period" or "medelvärde av 3 kvartal"."""
    source: str = ""


@dataclass(frozen=True)
class PeriodFigure:
    key: PeriodKey
    start: dt.date
    end: dt.date
    report: str
    figure: Figure
    not_measured: str | None
    comment: str | None
    actions: str | None

    @property
    def words(self) -> str:
        return period_words(self.key)


def _figure(value: Decimal | None, answers: int | None, judgement: str, c: Criterion) -> Figure:
    if too_few(answers):
        return Figure(None, answers, TOO_FEW, TOO_FEW)
    return Figure(value, answers, judgement, value_text(value, c))


def periods(item: Published, year: CriterionYear) -> list[PeriodFigure]:
    """A criterion's periods of a published year, as `uppdrag uppföljning` lists them."""
    out = []
    for p in year.periods:
        due = item.follow.calendars[p.report.id][p.period]
        outcome = p.outcome
        out.append(
            PeriodFigure(
                p.period,
                due.start,
                due.end,
                p.report.id,
                _figure(p.value, _answers(p), p.judgement, year.criterion),
                outcome.not_measured if outcome else None,
                outcome.comment if outcome else None,
                outcome.actions if outcome else None,
            )
        )
    return out


def _answers(p: PeriodOutcome) -> int | None:
    return p.outcome.answers if p.outcome is not None else None


def year_judgement(year: CriterionYear) -> str:
    """The computed year bedömning, or "för få svar" when a period it counts is one."""
    if any(too_few(_answers(p)) for p in year.periods):
        return TOO_FEW
    return year.judgement


def fulfilled(year: PublishedYear) -> tuple[int, int]:
    """How many criteria of the year are uppfyllda (computed), of how many."""
    criteria = year.assessment.criteria
    return sum(1 for c in criteria if year_judgement(c) == "uppfyllt"), len(criteria)


@dataclass(frozen=True)
class Column:
    year: int
    key: PeriodKey
    line: EqualTermsLine | None
    """None: the year has no likvärdighet for the criterion; egen regi shows its year figure."""

    @property
    def words(self) -> str:
        return period_words(self.key)


@dataclass(frozen=True)
class Row:
    name: str
    regi: str
    cells: tuple[Figure | None, ...]

    @property
    def label(self) -> str:
        return f"{self.name} (egen regi)" if self.regi == OWN else self.name


@dataclass(frozen=True)
class Comparison:
    """One likvärdig criterion of one uppdrag: a row per utförare and reference, a column per
    likvärdighet period of the published years, oldest first."""

    item: Published
    criterion: Criterion
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    sources: tuple[str, ...]


def binds_procured(criterion: Criterion) -> bool:
    return criterion.ref is not None or criterion.equal_terms


def comparisons(item: Published, provider: str) -> Iterator[Comparison]:
    """Every likvärdig criterion of a published uppdrag with a published year."""
    years = sorted(item.years, key=lambda y: y.year)
    if not years:
        return
    for criterion in item.loaded.criteria:
        if not binds_procured(criterion):
            continue
        columns: list[Column] = []
        for year in years:
            lines = [
                line for line in year.assessment.equal_terms if line.criterion.id == criterion.id
            ]
            if lines:
                columns += [Column(year.year, line.period, line) for line in lines]
            else:
                columns.append(Column(year.year, PeriodKey(year.year, "år", 1), None))
        yield _comparison(item, criterion, tuple(columns), years, provider)


def _comparison(
    item: Published,
    criterion: Criterion,
    columns: tuple[Column, ...],
    years: list[PublishedYear],
    provider: str,
) -> Comparison:
    own = tuple(_own(col, criterion, years) for col in columns)
    names: dict[str, list[Figure | None]] = {}
    references: dict[str, list[Figure | None]] = {}
    sources: list[str] = []
    for i, col in enumerate(columns):
        if col.line is None:
            continue
        sources.append(col.line.source)
        for p in col.line.providers:
            cells = names.setdefault(p.name, [None] * len(columns))
            cells[i] = replace(
                _figure(p.value, p.answers, p.judgement, criterion), source=col.line.source
            )
        for r in col.line.references:
            cells = references.setdefault(r.name, [None] * len(columns))
            cells[i] = replace(_figure(r.value, r.answers, "", criterion), source=r.source)
            sources.append(r.source)
    rows = [Row(provider, OWN, own)]
    rows += [Row(n, PROCURED, tuple(names[n])) for n in sorted(names, key=collation_key)]
    rows += [Row(n, REFERENCE, tuple(references[n])) for n in references]
    return Comparison(item, criterion, columns, tuple(rows), tuple(dict.fromkeys(sources)))


def _own(col: Column, criterion: Criterion, years: list[PublishedYear]) -> Figure:
    if col.line is not None:
        line = col.line
        computation = mean_text(line.mean_of) if line.mean_of else "samma period"
        if any(too_few(a) for a in line.own_answers):
            return Figure(None, None, TOO_FEW, TOO_FEW, computation, own_source(criterion))
        answers = line.own_answers[0] if len(line.own_answers) == 1 else None
        return Figure(
            line.own.normalize() if line.own is not None and line.mean_of else line.own,
            answers,
            line.own_judgement,
            value_text(line.own, criterion),
            computation,
            own_source(criterion),
        )
    year = next(y for y in years if y.year == col.year)
    criterion_year = next(c for c in year.assessment.criteria if c.criterion.id == criterion.id)
    return year_figure(criterion_year)


def own_source(criterion: Criterion) -> str:
    """Where egen regi's figure comes from: its own reports."""
    reports = " och ".join(criterion.reports)
    return f"egen regis rapport {reports}"


def year_figure(year: CriterionYear) -> Figure:
    """Egen regi's figure for a year: the mean of its reported values and the year bedömning."""
    judgement = year_judgement(year)
    if judgement == "för få svar":
        return Figure(None, None, TOO_FEW, TOO_FEW)
    values = [
        p.value for p in year.periods if p.value is not None and p.judgement != "ej redovisat"
    ]
    if not values:
        return Figure(None, None, judgement, "–")
    keys = [p.period for p in year.periods if p.value is not None]
    value = values[0] if len(values) == 1 else mean(values).normalize()
    computation = "samma period" if len(values) == 1 else mean_text(keys)
    return Figure(value, None, judgement, value_text(value, year.criterion), computation)
