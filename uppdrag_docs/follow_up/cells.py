"""The cells of a filled form read as the data they hold, never as a program.

A formula is refused (it is never evaluated, whatever it says); text keeps only what a report
may hold (no control characters, at most 5 000 characters, nothing that looks like a
personnummer); numbers typed as text the Swedish way ("93,1", "1 200", with ordinary,
non-breaking or narrow spaces, a minus sign) are the numbers they say, and a number shown as a
percentage is the percentage it shows (93,1 %, kept as 0.931, is 93.1); a date is a date cell,
an Excel serial day or ÅÅÅÅ-MM-DD. Each problem is a finding at its cell (`Utfall!E7`), whose
position is the cell's row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, get_args

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.follow_up.files import personal_numbers
from uppdrag_docs.follow_up.models import Judgement
from uppdrag_docs.quoting import quoted

MAX_TEXT = 5000
FIRST_DAY = dt.date(2000, 1, 1)
"""The form's validation of a date: later than this (a duration typed as 72:00 is 1900-01-03)."""
MAX_NUMBER = 10**12
"""As the form's validation of its number cells (`form_layout.MAX_AMOUNT`)."""
JUDGEMENTS: tuple[str, ...] = get_args(Judgement)

_SPACES = re.compile("[ \u00a0\u202f\u2009\u2007]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def cell_finding(path: Path, cell: str, code: Code, message: str) -> Finding:
    """A finding at `Blad!E7` of the form at `path`: line 7, column 5."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cell.split("!")[1])
    return code.at(path, Position(row, column_index_from_string(letters)), message, cell=cell)


class CellReader:
    """Cells read by their kind (text, tal, heltal, datum, bedömning); problems go to
    `findings`."""

    def __init__(self, path: Path, findings: list[Finding]) -> None:
        self.path, self.findings = path, findings

    def value(self, sheet: Any, ref: str, kind: str) -> Any:
        cell = sheet[ref]
        where = f"{sheet.title}!{ref}"
        value = cell.value
        if isinstance(value, dt.time | dt.timedelta) and cell.data_type != "f":
            value = str(value)  # a time or a duration, as shown: no formula, and no day
        if cell.data_type == "f" or not isinstance(
            value, str | int | float | Decimal | dt.date | type(None)
        ):
            return self._error(
                where,
                codes.CELL_FORMULA,
                f"cellen har en formel, {quoted(value)}; skriv värdet i stället (formler räknas "
                "aldrig ut)",
            )
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
            if not value:
                return None
        if value is None:
            return None
        if kind == "text":
            return self._text(where, value)
        if kind == "tal":
            return self._number(where, value, percent=_is_percent(cell.number_format))
        if kind == "heltal":
            return self._count(where, value)
        if kind == "datum":
            return self._date(where, value)
        return self._judgement(where, value)

    def _error(self, where: str, code: Code, message: str) -> Any:
        """Record the finding; the cell's value is then None."""
        self.findings.append(cell_finding(self.path, where, code, message))
        return None

    def _text(self, where: str, value: Any) -> Any:
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = str(value) if not isinstance(value, float) else _plain_number(Decimal(str(value)))
        control = _CONTROL.search(text)
        if control is not None:
            return self._error(
                where,
                codes.CELL_TEXT,
                f"texten {quoted(text)} har ett styrtecken (U+{ord(control[0]):04X}) som inte "
                "hör hemma i en rapport; ta bort det",
            )
        if len(text) > MAX_TEXT:
            return self._error(
                where,
                codes.CELL_TEXT,
                f"texten {quoted(text)} är {len(text)} tecken; en cell får ha högst {MAX_TEXT}",
            )
        for finding in personal_numbers(self.path, text):
            self._error(where, codes.PERSONAL_NUMBER, finding.message)
        return text + "\n" if "\n" in text else text

    def _number(self, where: str, value: Any, *, percent: bool = False) -> Any:
        """`percent`: the cell shows its number as a percentage, as Excel and Calc keep
        "93,1 %" typed into it (0.931): the number read is the 93.1 it shows."""
        scale = Decimal(100) if percent else Decimal(1)
        if isinstance(value, bool | dt.date):
            return self._error(where, codes.CELL_VALUE, f"{quoted(value)} är inget tal")
        if isinstance(value, int | float | Decimal):
            return self._bounded(where, Decimal(str(value)) * scale, value)
        text = _SPACES.sub("", str(value)).replace("\u2212", "-")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        if not _NUMBER.match(text):
            return self._error(where, codes.CELL_VALUE, f"{quoted(value)} är inget tal")
        try:
            return self._bounded(where, Decimal(text), value)
        except InvalidOperation:
            return self._error(where, codes.CELL_VALUE, f"{quoted(value)} är inget tal")

    def _count(self, where: str, value: Any) -> Any:
        """How many answered: a whole number, not below zero."""
        number = self._number(where, value)
        if number is None:
            return None
        if number < 0 or number != number.to_integral_value():
            return self._error(
                where, codes.CELL_VALUE, f"{quoted(value)} är inget antal; skriv ett heltal"
            )
        return int(number)

    def _bounded(self, where: str, number: Decimal, value: Any) -> Any:
        """No report holds an infinite or astronomic figure (the form's validation allows
        ±10^12; a file written by another program can hold anything a float can)."""
        if not number.is_finite() or abs(number) > MAX_NUMBER:
            return self._error(
                where,
                codes.CELL_VALUE,
                f"{quoted(value)} är inget tal som en rapport kan ha; högst "
                "1 000 000 000 000 åt vardera hållet",
            )
        return _exact(number)

    def _date(self, where: str, value: Any) -> Any:
        day = _day(value)
        if day is not None and day >= FIRST_DAY:
            return day
        shown = quoted(day if day is not None else value)
        return self._error(where, codes.CELL_VALUE, f"{shown} är inget datum; skriv ÅÅÅÅ-MM-DD")

    def _judgement(self, where: str, value: Any) -> Any:
        text = " ".join(str(value).split()).lower()
        if text in JUDGEMENTS:
            return text
        return self._error(
            where,
            codes.CELL_VALUE,
            f"{quoted(value)} är ingen bedömning; välj uppfyllt, delvis uppfyllt eller ej uppfyllt",
        )


def _day(value: Any) -> dt.date | None:
    """The day a cell says: a date cell, an Excel serial day, or ÅÅÅÅ-MM-DD."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 2958466:
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value)
        return day.date() if isinstance(day, dt.datetime) else None
    text = str(value)
    try:
        if len(text) == 10 and text[4] == text[7] == "-":
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return None


def _is_percent(number_format: object) -> bool:
    """A number format that shows its number times 100 with a % sign: a % outside quoted
    text, brackets and backslash escapes."""
    text = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", str(number_format or ""))
    return "%" in text


def _exact(number: Decimal) -> Decimal:
    """A number as exact as it was typed: 14.2 stays 14.2, 6240.0 becomes 6240."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _plain_number(number: Decimal) -> str:
    return format(_exact(number), "f")
