"""Period keys (`2027`, `2027-H1`, `2027-T2`, `2027-K3`, `2027-M05`) and their reporting days.

A key names a calendar period. Clipped to an uppdrag's period it covers only the months inside
(an uppdrag from July reports 2027-T2 for July–August), exactly as the reporting calendar of
`schedule.py` clips it, and its report is due `dagar_efter_period` days after the clipped end.
This module reads the clock in one place, `today()`: the default of `--per`, never a document.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from uppdrag_docs.errors import UsageError
from uppdrag_docs.format.schedule import MONTHS_PER_PERIOD, Due, report_periods
from uppdrag_docs.format.schema import Frequency, Period, Report, Uppdrag

LETTERS: dict[str, Frequency] = {"H": "halvår", "T": "tertial", "K": "kvartal", "M": "månad"}
_LETTER_OF: dict[Frequency, str] = {frequency: letter for letter, frequency in LETTERS.items()}
_KEY = re.compile(r"^(\d{4})(?:-([HTKM])(\d{1,2}))?$")

EXAMPLES = "2027, 2027-H1, 2027-T2, 2027-K3 eller 2027-M05"
PERIOD_NOUNS: dict[Frequency, str] = {
    "år": "ett år",
    "halvår": "ett halvår",
    "tertial": "ett tertial",
    "kvartal": "ett kvartal",
    "månad": "en månad",
}
_PLURALS: dict[Frequency, str] = {"månad": "månader"}


def mean_text(periods: Sequence[PeriodKey]) -> str:
    """What a mean is of, as the document says it: "medelvärde av 3 tertial"."""
    frequencies = {p.frequency for p in periods}
    count = len(periods)
    if len(frequencies) != 1:
        return f"medelvärde av {count} perioder"
    frequency = frequencies.pop()
    noun = _PLURALS.get(frequency, frequency) if count != 1 else frequency
    return f"medelvärde av {count} {noun}"


@dataclass(frozen=True, order=True)
class PeriodKey:
    """A calendar period: a year, or one of its halves, tertials, quarters or months."""

    year: int
    frequency: Frequency
    number: int
    """1 for a year; 1–2, 1–3, 1–4 or 1–12 for the others."""

    def __str__(self) -> str:
        if self.frequency == "år":
            return str(self.year)
        digits = f"{self.number:02d}" if self.frequency == "månad" else str(self.number)
        return f"{self.year}-{_LETTER_OF[self.frequency]}{digits}"

    @property
    def first_month(self) -> int:
        return (self.number - 1) * MONTHS_PER_PERIOD[self.frequency] + 1

    @property
    def last_month(self) -> int:
        return self.number * MONTHS_PER_PERIOD[self.frequency]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """The calendar period's last day, before any clipping."""
        if self.last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.last_month + 1, 1) - dt.timedelta(days=1)

    def contains(self, other: PeriodKey) -> bool:
        """Whether `other` lies inside this period (a tertial inside its year, say)."""
        return self.start <= other.start and other.end <= self.end

    def touches(self, period: Period) -> bool:
        return self.start <= period.end and period.start <= self.end

    def sort_key(self) -> tuple[dt.date, int]:
        """Time order: by the last day, and of periods ending together the shorter first."""
        return (self.end, -self.start.toordinal())


def parse_period(value: Any) -> PeriodKey:
    """A key as written in a file or a file name; a ValueError in Swedish for anything else."""
    if isinstance(value, PeriodKey):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)  # 2027.0: a year, as the JSON Schema (and so the editor) sees it
    text = (
        str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    )
    match = _KEY.match(text)
    if match is not None:
        year, letter, digits = int(match[1]), match[2], match[3]
        if letter is None:
            return PeriodKey(year, "år", 1)
        frequency = LETTERS[letter]
        count = 12 // MONTHS_PER_PERIOD[frequency]
        width = 2 if frequency == "månad" else 1
        if len(digits) == width and 1 <= int(digits) <= count:
            return PeriodKey(year, frequency, int(digits))
    raise ValueError(f"'{value}' är ingen period; skriv till exempel {EXAMPLES}")


def key_of(due: Due) -> PeriodKey:
    """The key of a reporting period of the calendar (clipped or not, its months are one key's)."""
    step = MONTHS_PER_PERIOD[due.report.frequency]
    return PeriodKey(due.end.year, due.report.frequency, (due.end.month - 1) // step + 1)


@functools.lru_cache(maxsize=4096)
def calendar(report: Report, period: Period) -> dict[PeriodKey, Due]:
    """Every reporting period of `report` inside the uppdrag's `period`, by key, in time order.

    Kept per report and period (both frozen models): every file of a report asks for it, and
    the calendar's Swedish labels are slow to make. The answer is shared; never change it.
    """
    return {key_of(due): due for due in report_periods(report, period)}


def months(due: Due) -> int:
    """How many months a (clipped) reporting period covers."""
    return (due.end.year - due.start.year) * 12 + due.end.month - due.start.month + 1


def forecast_days(dates: Sequence[str], due: Due) -> list[dt.date]:
    """The prognosdatum (`MM-DD` of kommun.yaml's budgetuppföljning) inside a (clipped)
    reporting period: the periods whose ekonomi report must carry a prognos för helåret."""
    return [
        day
        for year in range(due.start.year, due.end.year + 1)
        for text in dates
        if due.start <= (day := dt.date(year, int(text[:2]), int(text[3:]))) <= due.end
    ]


def today() -> dt.date:
    """The day that decides what is due when `--per` is not given: the one reading of the clock."""
    return dt.date.today()


def report_period(uppdrag: Uppdrag, report_id: str, text: str) -> tuple[Report, PeriodKey, Due]:
    """The report `report_id` and its period `text` as a command names them, or a UsageError
    that lists what would have been right."""
    report = next((r for r in uppdrag.reports if r.id == report_id), None)
    if report is None:
        known = ", ".join(r.id for r in uppdrag.reports)
        raise UsageError(f"{uppdrag.id} har ingen rapport '{report_id}' (rapporterna: {known})")
    try:
        key = parse_period(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    periods = calendar(report, uppdrag.period)
    if key not in periods:
        listed = ", ".join(str(k) for k in periods)
        raise UsageError(f"{report.id} lämnas för perioderna {listed}; {key} är inte en av dem")
    return report, key, periods[key]
