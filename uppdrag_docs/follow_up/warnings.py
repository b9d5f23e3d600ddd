"""The warnings of the follow-up: what the outcomes say, on the line that says it.

Late and missing reports, criteria not measured, outcomes below target without åtgärder
(3.2.1), deficits in a period, a year, a full-year forecast and the utförare's whole (3.1),
intäkter that differ from the decided compensation (3.1.2), likvärdighet figures missing (2.3)
and a year over without the förvaltning's bedömning (3.2). Only trusted files are looked at.
Outcomes are facts to report, not mistakes in a file, so all of these are warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.assessment import UppdragYear, assess_uppdrag, provider_result
from uppdrag_docs.follow_up.collection import Delivered, FollowUp, by_year
from uppdrag_docs.follow_up.judgement import MET, NOT_REPORTED, judge_outcome
from uppdrag_docs.follow_up.money import decided
from uppdrag_docs.follow_up.outcomes import binds_procured
from uppdrag_docs.follow_up.per_unit import per_unit_year
from uppdrag_docs.follow_up.periods import PeriodKey, forecast_days
from uppdrag_docs.format.schema import Criterion, CriterionRef
from uppdrag_docs.rules.guideline import folded
from uppdrag_docs.swedish import (
    days,
    deviation,
    kronor,
    number_as_written,
    percent,
    signed_kronor,
    unit_price,
)

INCOME_TOLERANCE = Decimal(1)
"""Kronor an intäkt may differ from its decided figure (rounding) before it is a warning."""

_INCOME = (
    ("ersättning", "fixed", "den fasta ersättningen"),
    ("rörlig", "variable", "den rörliga ersättningen (pris × utförd volym)"),
    ("tilläggsuppdrag", "additional", "ersättningen för tilläggsuppdrag"),
)


def check_warnings(follow_ups: Mapping[str, FollowUp], per: dt.date) -> list[Finding]:
    """Every warning of every uppdrag's follow-up, as of the day `per`."""
    out: list[Finding] = []
    for follow in follow_ups.values():
        for delivered in follow.reports.values():
            out += [*_report(follow, delivered), *_volume_missing(follow, delivered)]
        out += _forecasts_missing(follow, per)
        last = min(follow.uppdrag.period.end.year, per.year)
        for year in range(follow.uppdrag.period.start.year, last + 1):
            assessed = assess_uppdrag(follow, year, per)
            if follow.followed:
                out += _missing(assessed)
            out += [*_year_deficit(assessed), *_cost_per_unit(assessed)]
            if year < per.year:
                out += [*_equal_terms_missing(assessed), *_review_missing(assessed)]
    years = {
        key.year
        for follow in follow_ups.values()
        for (_, key), delivered in follow.reports.items()
        if delivered.report.type == "ekonomi"
    }
    for year in sorted(years):
        out += _provider_deficit(follow_ups, year)
    return out


def _actions(text: str | None) -> str:
    """Åtgärder as one line in a message, or that none were given."""
    if not text:
        return "inga åtgärder är angivna"
    line = " ".join(text.split())
    return "åtgärder: " + (line if len(line) <= 120 else line[:119] + "…")


def _report(follow: FollowUp, delivered: Delivered) -> Iterator[Finding]:
    model, file, due = delivered.model, delivered.file, delivered.due
    name = f"{delivered.report.id} {model.period}"
    if model.delivered > due.due:
        late = (model.delivered - due.due).days
        yield file.finding(
            ("inlämnad",),
            codes.REPORT_LATE,
            f"{name} lämnades {model.delivered.isoformat()}, {days(late)} efter sista dagen "
            f"{due.due.isoformat()}",
        )
    yield from _outcomes(follow, delivered)
    economy = model.economy
    if economy is None:
        return
    if economy.result < 0:
        yield file.document.finding(
            ("ekonomi",),
            codes.RESULT_DEFICIT,
            f"resultatet för {model.period} är {kronor(economy.result)} (intäkter "
            f"{kronor(economy.income.total)}, kostnader {kronor(economy.cost_total)}): "
            f"underskott; {_actions(economy.actions)}",
            key=True,
        )
    forecast = economy.forecast
    if forecast is not None and forecast.result < 0:
        yield file.finding(
            ("ekonomi", "prognos_helår"),
            codes.FORECAST_DEFICIT,
            f"prognosen för helåret {model.period.year} visar underskott: intäkter "
            f"{kronor(forecast.income)}, kostnader {kronor(forecast.costs)}, "
            f"resultat {kronor(forecast.result)}; {_actions(economy.actions)}",
        )
    if follow.calculation is None:
        return
    figures = decided(follow.uppdrag, follow.calculation, due, model.volumes or [])
    if figures is None:
        return
    for key, attribute, label in _INCOME:
        reported: Decimal = getattr(economy.income, attribute)
        expected: Decimal = getattr(figures, attribute)
        if abs(reported - expected) > INCOME_TOLERANCE:
            yield file.finding(
                ("ekonomi", "intäkter", key),
                codes.INCOME_DIFFERS,
                f"{key} {model.period}: rapporten anger {kronor(reported)}, men {label} enligt "
                f"beslutet är {kronor(expected)} (skillnad {signed_kronor(reported - expected)})",
            )


def _outcomes(follow: FollowUp, delivered: Delivered) -> Iterator[Finding]:
    model, file = delivered.model, delivered.file
    if model.outcomes is None:
        return
    given = {outcome.criterion for outcome in model.outcomes}
    for criterion in follow.loaded.criteria:
        if delivered.report.id in criterion.reports and criterion.id not in given:
            yield file.document.finding(
                ("utfall",),
                codes.NOT_MEASURED,
                f"{criterion.id} redovisas i {delivered.report.id} men saknas i utfallet för "
                f"{model.period}; ange värdet, eller 'ej_mätt' med skälet",
                key=True,
            )
    by_id = {c.id: c for c in follow.loaded.criteria}
    for i, outcome in enumerate(model.outcomes):
        criterion = by_id[outcome.criterion]
        if outcome.not_measured is not None:
            yield file.finding(
                ("utfall", i, "ej_mätt"),
                codes.NOT_MEASURED,
                f"{criterion.id} är inte mätt för {model.period}: {outcome.not_measured}",
            )
            continue
        judgement = judge_outcome(outcome, criterion, follow.margin)
        if judgement not in (MET, NOT_REPORTED) and not outcome.actions:
            shown = (
                f"{number_as_written(outcome.value)} {criterion.target.unit or ''}".rstrip()
                if outcome.value is not None
                else "bedömningen"
            )
            yield file.finding(
                ("utfall", i),
                codes.NO_ACTIONS,
                f"{criterion.id} {model.period}: {shown} är {judgement}, men utfallet anger "
                "inga åtgärder",
            )


def _missing(assessed: UppdragYear) -> Iterator[Finding]:
    """UD420 for each report due and not there; a report that is there with an error is not
    trusted, and not missing either: its own error says what is wrong with it."""
    follow = assessed.follow_up
    index = {r.id: i for i, r in enumerate(follow.uppdrag.reports)}
    present = {(f.name.report, f.name.period) for f in follow.files}
    for status in assessed.reports:
        if not status.missing or (status.report.id, status.period) in present:
            continue
        report = status.report
        yield follow.loaded.document.finding(
            ("rapportering", index[report.id], "id"),
            codes.REPORT_MISSING,
            f"{report.id} för {status.period} skulle ha lämnats senast "
            f"{status.due.isoformat()}, men {_folder(follow)}/{report.id}-{status.period}.yaml "
            "saknas",
        )


def _folder(follow: FollowUp) -> str:
    return f"uppfoljning/{follow.id}"


def _year_deficit(assessed: UppdragYear) -> Iterator[Finding]:
    result, periods = assessed.result, assessed.economy
    if result is None or result >= 0 or len(periods) < 2:
        return  # one period alone: its own warning says it
    last = [p for p in periods if p.result < 0][-1]
    actions = "; ".join(" ".join(p.economy.actions.split()) for p in periods if p.economy.actions)
    yield last.delivered.file.document.finding(
        ("ekonomi",),
        codes.RESULT_DEFICIT,
        f"resultatet för {assessed.year} är {kronor(result)}, summan av de "
        f"{len(periods)} av årets {assessed.economy_periods} ekonomirapporter som lämnats: "
        f"underskott; {_actions(actions)}",
        key=True,
    )


def _provider_deficit(follow_ups: Mapping[str, FollowUp], year: int) -> Iterator[Finding]:
    total = provider_result(follow_ups, year)
    if total is None or total >= 0:
        return
    reports = by_year(follow_ups, year)
    negative = [d for d in reports if d.model.economy and d.model.economy.result < 0]
    last = negative[-1]
    uppdrag = len({d.model.uppdrag for d in reports})
    yield last.file.document.finding(
        ("ekonomi",),
        codes.PROVIDER_RESULT_DEFICIT,
        f"utförarens resultat för {year}, summerat över {uppdrag} uppdrag med ekonomirapporter, "
        f"är {kronor(total)}: egenregin går med underskott, vilket riktlinjen inte "
        "tillåter",
        key=True,
    )


def _reported_in(assessed: UppdragYear) -> bool:
    return any(key.year == assessed.year for _, key in assessed.follow_up.reports)


def _review_missing(assessed: UppdragYear) -> Iterator[Finding]:
    follow = assessed.follow_up
    if assessed.review is None and _reported_in(assessed):
        yield follow.loaded.document.finding(
            ("id",),
            codes.REVIEW_MISSING,
            f"{assessed.year} är slut och uppdraget har rapporter för året, men förvaltningens "
            f"bedömning saknas ({_folder(follow)}/bedomning-{assessed.year}.yaml)",
        )


def _equal_terms_missing(assessed: UppdragYear) -> Iterator[Finding]:
    follow = assessed.follow_up
    uppdrag, kommun = follow.uppdrag, follow.loaded.shared.kommun
    own = {folded(uppdrag.provider.name)}
    if kommun is not None:
        own.add(folded(kommun.provider_administration))
    if not follow.followed or not _reported_in(assessed):
        return
    if all(folded(p.name) in own for p in uppdrag.current_state.providers):
        return  # egen regi alone: nobody to compare with
    compared = {line.criterion.id for line in assessed.equal_terms}
    for criterion in follow.loaded.criteria:
        if not binds_procured(criterion) or criterion.id in compared:
            continue
        if all(key.year != assessed.year for key in _keys(follow, criterion)):
            continue
        yield follow.loaded.document.finding(
            ("kvalitetskriterier", _entry_index(follow, criterion)),
            codes.EQUAL_TERMS_MISSING,
            f"{criterion.id} binder även upphandlad verksamhet, men {assessed.year} har inga "
            f"likvärdighetssiffror för det ({_folder(follow)}/likvardighet-{assessed.year}.yaml)",
        )


def _keys(follow: FollowUp, criterion: Criterion) -> list[PeriodKey]:
    return [key for r in criterion.reports for key in follow.calendars.get(r, {})]


def _entry_index(follow: FollowUp, criterion: Criterion) -> int:
    """Where the criterion stands in the uppdrag file: by its ref, or by its id."""
    for i, entry in enumerate(follow.uppdrag.criteria):
        if isinstance(entry, CriterionRef):
            if entry.ref == criterion.ref:
                return i
        elif entry.id == criterion.id:
            return i
    return 0


def _unit(follow: FollowUp) -> str | None:
    """The unit of the uppdrag's standardkostnad type; None without the block."""
    comp, catalogue = follow.uppdrag.compensation, follow.loaded.shared.standard
    if comp is None or comp.standard is None:
        return None
    kind = catalogue.types.get(comp.standard.type) if catalogue else None
    return kind.unit if kind else "enhet"


def _volume_missing(follow: FollowUp, delivered: Delivered) -> Iterator[Finding]:
    """UD440: an ekonomi report of an uppdrag with standardkostnad without `volym`."""
    unit = _unit(follow)
    model = delivered.model
    if unit is None or model.economy is None or model.volume is not None:
        return
    finding = delivered.file.document.finding(
        ("ekonomi",),
        codes.VOLUME_MISSING,
        f"{delivered.report.id} {model.period} saknar 'volym': uppdraget jämförs med "
        f"standardkostnaden per {unit}, så rapporten ska ange volymen ({unit}) för perioden",
        key=True,
    )
    yield replace(finding, field="volym")  # at ekonomi in the file; the form's volym cell


def _cost_per_unit(assessed: UppdragYear) -> Iterator[Finding]:
    """UD441: the year's cost per unit from öppna böcker over the tolerance from s(Y)."""
    figures = per_unit_year(assessed)
    if figures is None or not figures.over_tolerance:
        return
    assert figures.cost is not None and figures.standard is not None
    unit = figures.comparison.kind.unit
    actions = "; ".join(
        " ".join(p.economy.actions.split()) for p in assessed.economy if p.economy.actions
    )
    direction = "över" if figures.cost > figures.standard else "under"
    yield figures.periods[-1].delivered.file.finding(
        ("volym",),
        codes.COST_PER_UNIT_OVER,
        f"kostnaden per {unit} {assessed.year} enligt öppna böcker är {unit_price(figures.cost)} "
        f"({deviation(figures.deviation or Decimal(0))}) i {len(figures.periods)} av "
        f"{figures.of} perioder, {direction} standardkostnaden {unit_price(figures.standard)} "
        f"med mer än toleransen {percent(figures.comparison.tolerance)}; {_actions(actions)}",
    )


def _forecasts_missing(follow: FollowUp, per: dt.date) -> Iterator[Finding]:
    """UD442: the ekonomi report of a period holding a prognosdatum, due by `per`, without
    `prognos_helår` (a missing report is UD420 alone)."""
    kommun = follow.loaded.shared.kommun
    dates = kommun.budget.forecast_dates if kommun else []
    for report in (r for r in follow.uppdrag.reports if r.type == "ekonomi" and dates):
        for key, due in follow.calendars[report.id].items():
            delivered = follow.reports.get((report.id, key))
            if due.due > per or delivered is None or delivered.model.economy is None:
                continue
            if delivered.model.economy.forecast is not None:
                continue
            held = forecast_days(dates, due)
            if held:
                yield delivered.file.document.finding(
                    ("ekonomi", "prognos_helår"),
                    codes.FORECAST_MISSING,
                    f"{report.id} {key} gäller perioden med prognosdatum "
                    f"{held[0].isoformat()} (budgetuppföljning i kommun.yaml) men saknar "
                    "'prognos_helår': ange utförarens prognos för helåret, intäkter och kostnader",
                    key=True,
                )
