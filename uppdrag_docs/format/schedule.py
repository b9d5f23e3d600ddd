"""The calendar of an uppdrag: its reporting periods and due dates, and the mandate period.

Reporting periods follow the calendar (months, quarters, tertials, half-years, years) and are
clipped to the uppdrag's period, so an uppdrag that starts in July reports its first tertial for
July–August. A report is due `dagar_efter_period` days after its period ends.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from uppdrag_docs.format.schema import Frequency, Period, Report
from uppdrag_docs.swedish import month_year

MANDATE_YEARS = 4
"""A mandate period (mandatperiod) is four years, from kommun.yaml's `mandatperiod_start`."""

MONTHS_PER_PERIOD: dict[Frequency, int] = {
    "månad": 1,
    "kvartal": 3,
    "tertial": 4,
    "halvår": 6,
    "år": 12,
}

_PERIOD_NAMES: dict[Frequency, str] = {
    "kvartal": "Kvartal",
    "tertial": "Tertial",
    "halvår": "Halvår",
}


@dataclass(frozen=True)
class Due:
    report: Report
    label: str
    start: dt.date
    end: dt.date
    due: dt.date


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _label(frequency: Frequency, year: int, month: int) -> str:
    if frequency == "månad":
        return month_year(dt.date(year, month, 1)).capitalize()
    if frequency == "år":
        return f"År {year}"
    number = (month - 1) // MONTHS_PER_PERIOD[frequency] + 1
    return f"{_PERIOD_NAMES[frequency]} {number} {year}"


def report_periods(report: Report, period: Period) -> list[Due]:
    """Each reporting period of `report` inside `period`, in order."""
    step = MONTHS_PER_PERIOD[report.frequency]
    out: list[Due] = []
    for year in range(period.start.year, period.end.year + 1):
        for first_month in range(1, 13, step):
            start = dt.date(year, first_month, 1)
            end = _month_end(year, first_month + step - 1)
            if end < period.start or start > period.end:
                continue
            start, end = max(start, period.start), min(end, period.end)
            out.append(
                Due(
                    report=report,
                    label=_label(report.frequency, year, first_month),
                    start=start,
                    end=end,
                    due=end + dt.timedelta(days=report.days_after),
                )
            )
    return out


class Reporting(Protocol):
    """What a calendar is made of: an uppdrag, or the parts of an older version of one."""

    @property
    def reports(self) -> Sequence[Report]: ...

    @property
    def period(self) -> Period: ...


def reporting_calendar(uppdrag: Reporting) -> list[Due]:
    """Every due date of every report, by date and then by report."""
    order = {report.id: i for i, report in enumerate(uppdrag.reports)}
    dues = [d for report in uppdrag.reports for d in report_periods(report, uppdrag.period)]
    return sorted(dues, key=lambda d: (d.due, order[d.report.id]))


def mandate_period_end(start: dt.date, mandate_start: dt.date) -> dt.date:
    """The last day of the mandate period that `start` falls in."""
    years = start.year - mandate_start.year
    begin = _add_years(mandate_start, years - years % MANDATE_YEARS)
    while begin > start:
        begin = _add_years(begin, -MANDATE_YEARS)
    while _add_years(begin, MANDATE_YEARS) <= start:
        begin = _add_years(begin, MANDATE_YEARS)
    return _add_years(begin, MANDATE_YEARS) - dt.timedelta(days=1)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
