"""A filled Excel form read back into a report's data, every problem named by its cell.

The form is read as the data it holds, never as a program: a formula is refused (it is never
evaluated, whatever it says), text keeps only what a report may hold (no control characters,
at most 5 000 characters), and numbers typed as text the Swedish way ("93,1", "1 200", with
ordinary, non-breaking or narrow spaces) are the numbers they say. A file that is not a form
of ours (an .xls, an .ods, a password-protected or corrupt file, one over 50 MB, a workbook
without the hidden sheet of `forms.py`, or whose hidden sheet was changed) is one finding that
says what it is, never a traceback. External links are not loaded, and the XML is parsed by
Python's expat, which limits entity expansion.
`cells` maps each field of the data (`utfall[0].värde`) to the cell it came from, so that the
checks of the report file can be said at the cell too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.schema_base import IDENT_PATTERN, UPPDRAG_ID_PATTERN
from uppdrag_docs.uppfoljning import forms
from uppdrag_docs.uppfoljning.files import personal_numbers
from uppdrag_docs.uppfoljning.periods import parse_period

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_TEXT = 5000

_SPACES = re.compile("[ \u00a0\u202f\u2009\u2007]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")

Data = dict[str, Any]


@dataclass
class ReadForm:
    """One form as read: its data, the cell of each field, and what was wrong."""

    path: Path
    data: Data | None = None
    """The report's data, in the order a person writes it; None when the file is no form."""
    cells: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sha256: str | None = None
    criteria: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """What the form says of each criterion: namn, målvärde and enhet (for UD432)."""
    cost_kinds: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def at(self, cell: str, code: Code, message: str) -> Finding:
        ref = cell.split("!")[1]
        column, row = _split(ref)
        return code.at(self.path, Position(row, column), message, cell=cell)

    def cell_of(self, field_path: str | None) -> str:
        """The cell a field came from, or of the nearest field around it that has one."""
        text = field_path or ""
        while text:
            if text in self.cells:
                return self.cells[text]
            text = re.sub(r"(\[\d+\]|\.?[^.\[]+)$", "", text)
        return f"{forms.REPORT_SHEET}!A1"


def _split(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return column_index_from_string(letters), row


def read_form(path: Path) -> ReadForm:
    """Read one filled form; its findings say what could not be read, each at its cell."""
    form = ReadForm(path)
    raw = _raw(form)
    if raw is None:
        return form
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a broken file: all mean the same here
        return _refuse(form, "filen är trasig och kan inte läsas som en .xlsx-fil")
    if forms.META_SHEET not in book.sheetnames:
        return _refuse(form, "filen är ingen blankett från 'uppdrag blankett' (bladet saknas)")
    meta = {
        str(row[0].value): row[1].value
        for row in book[forms.META_SHEET].iter_rows(min_row=1, max_row=10, max_col=2)
    }
    if meta.get("blankett") != forms.FORM_KIND:
        return _refuse(form, "filen är ingen blankett från 'uppdrag blankett'")
    if str(meta.get("version")) != str(forms.FORM_VERSION):
        return _refuse(form, f"blankettens version {meta.get('version')} kan inte läsas in")
    form.sha256 = str(meta.get("sha256") or "")
    period = str(meta.get("period") or "")
    ident, report_id = str(meta.get("uppdrag") or ""), str(meta.get("rapport") or "")
    if not (
        re.match(UPPDRAG_ID_PATTERN, ident)
        and re.match(IDENT_PATTERN, report_id)
        and len(ident) + len(report_id) < 200
        and _is_period(period)
    ):  # the names become a path: a changed hidden sheet must not lead the file elsewhere
        return _refuse(form, "blankettens dolda blad är ändrat; gör en ny med uppdrag blankett")
    data: Data = {
        "schemaversion": 1,
        "uppdrag": ident,
        "rapport": report_id,
        "period": int(period) if period.isdigit() else period,
    }
    for key in ("uppdrag", "rapport", "period"):
        form.cells[key] = f"{forms.META_SHEET}!B{forms.META_KEYS.index(key) + 1}"
    reader = _Reader(form, book)
    report = reader.sheet(forms.REPORT_SHEET)
    if report is None:
        return _refuse(form, f"bladet '{forms.REPORT_SHEET}' saknas i blanketten")
    delivered = reader.value(report, forms.DELIVERED, "datum")
    if delivered is not None:
        data["inlämnad"] = delivered
    delivered_by = reader.value(report, forms.DELIVERED_BY, "text")
    if delivered_by is not None:
        data["inlämnad_av"] = delivered_by
    form.cells["inlämnad"] = f"{forms.REPORT_SHEET}!{forms.DELIVERED}"
    form.cells["inlämnad_av"] = f"{forms.REPORT_SHEET}!{forms.DELIVERED_BY}"
    outcomes = reader.outcomes()
    if outcomes is not None:
        data["utfall"] = outcomes
    economy = reader.economy()
    if economy is not None:
        data["ekonomi"] = economy
    volumes = reader.volumes()
    if volumes is not None:
        data["volymer"] = volumes
    clients = reader.value(report, forms.CLIENTS, "tal")
    form.cells["brukare"] = f"{forms.REPORT_SHEET}!{forms.CLIENTS}"
    if clients is not None:
        data["brukare"] = clients
    form.data = data
    return form


def _is_period(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def _refuse(form: ReadForm, message: str) -> ReadForm:
    """The whole file is no form to read: one finding on the file, at no cell."""
    form.findings.append(codes.FORM_UNREADABLE.at(form.path, Position(1, 1), message))
    return form


def _raw(form: ReadForm) -> bytes | None:
    """The file's bytes when it can be an .xlsx form at all; else a finding says why not."""
    path = form.path
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _refuse(form, f"filen är {size // (1024 * 1024)} MB; en blankett är högst 50 MB")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        from uppdrag_docs.files import os_error_text

        _refuse(form, f"filen kan inte läsas: {os_error_text(exc)}")
        return None
    if raw.startswith(_OLE):
        if _ENCRYPTED in raw:
            _refuse(form, "filen är skyddad med lösenord; spara den utan lösenord och läs in igen")
        else:
            _refuse(form, "filen är en .xls-fil (Excel 97–2003); spara den som .xlsx")
        return None
    if suffix == ".ods" or b"application/vnd.oasis.opendocument" in raw[:100]:
        _refuse(form, "filen är en .ods-fil (OpenDocument); spara den som .xlsx")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        _refuse(form, "filen är trasig eller ingen .xlsx-fil")
        return None
    if unpacked > MAX_UNPACKED:
        _refuse(form, "filen packas upp till mer än 200 MB; en blankett är mycket mindre")
        return None
    if "xl/workbook.xml" not in names:
        _refuse(form, "filen är ingen .xlsx-fil (arbetsboken saknas)")
        return None
    return raw


class _Reader:
    """Cells read by their kind, each problem a finding at its cell."""

    def __init__(self, form: ReadForm, book: Any) -> None:
        self.form, self.book = form, book

    def sheet(self, name: str) -> Any:
        return self.book[name] if name in self.book.sheetnames else None

    def value(self, sheet: Any, ref: str, kind: str) -> Any:
        cell = sheet[ref]
        where = f"{sheet.title}!{ref}"
        value = cell.value
        if cell.data_type == "f" or not isinstance(
            value, str | int | float | Decimal | dt.date | type(None)
        ):
            return self._error(
                where,
                codes.CELL_FORMULA,
                "cellen har en formel; skriv värdet i stället (formler räknas aldrig ut)",
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
            return self._number(where, value)
        if kind == "datum":
            return self._date(where, value)
        return self._judgement(where, value)

    def _error(self, where: str, code: Code, message: str) -> Any:
        """Record the finding; the cell's value is then None."""
        self.form.findings.append(self.form.at(where, code, message))
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
                f"texten har ett styrtecken (U+{ord(control[0]):04X}) som inte hör hemma i en "
                "rapport; ta bort det",
            )
        if len(text) > MAX_TEXT:
            return self._error(
                where,
                codes.CELL_TEXT,
                f"texten är {len(text)} tecken; en cell får ha högst {MAX_TEXT}",
            )
        for finding in personal_numbers(self.form.path, text):
            self._error(where, codes.PERSONAL_NUMBER, finding.message)
        return text + "\n" if "\n" in text else text

    def _number(self, where: str, value: Any) -> Any:
        if isinstance(value, bool | dt.date):
            shown = value.isoformat() if isinstance(value, dt.date) else str(value)
            return self._error(where, codes.CELL_VALUE, f"'{shown}' är inget tal")
        if isinstance(value, int | float | Decimal):
            return _exact(Decimal(str(value)))
        text = _SPACES.sub("", str(value)).replace("\u2212", "-")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        if not _NUMBER.match(text):
            return self._error(where, codes.CELL_VALUE, f"'{_short(value)}' är inget tal")
        try:
            return _exact(Decimal(text))
        except InvalidOperation:
            return self._error(where, codes.CELL_VALUE, f"'{_short(value)}' är inget tal")

    def _date(self, where: str, value: Any) -> Any:
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
        return self._error(
            where, codes.CELL_VALUE, f"'{_short(value)}' är inget datum; skriv ÅÅÅÅ-MM-DD"
        )

    def _judgement(self, where: str, value: Any) -> Any:
        text = " ".join(str(value).split()).lower()
        if text in forms.JUDGEMENTS:
            return text
        return self._error(
            where,
            codes.CELL_VALUE,
            f"'{_short(value)}' är ingen bedömning; välj uppfyllt, delvis uppfyllt eller "
            "ej uppfyllt",
        )

    def outcomes(self) -> list[Data] | None:
        sheet = self.sheet(forms.OUTCOME_SHEET)
        if sheet is None:
            return None
        out: list[Data] = []
        for row in range(forms.FIRST_ROW, sheet.max_row + 1):
            ident = sheet[f"A{row}"].value
            if ident is None:
                break
            index = len(out)
            prefix = f"utfall[{index}]"
            ident = str(ident)
            target = str(sheet[f"C{row}"].value or "")
            self.form.criteria[ident] = (
                str(sheet[f"B{row}"].value or ""),
                target,
                str(sheet[f"D{row}"].value or ""),
            )
            entry: Data = {"kriterium": ident}
            text_target = not target.startswith(("minst", "högst"))
            main = forms.JUDGEMENT if text_target else forms.VALUE
            self.form.cells[prefix] = f"{forms.OUTCOME_SHEET}!{main}{row}"
            self.form.cells[f"{prefix}.kriterium"] = f"{forms.OUTCOME_SHEET}!A{row}"
            columns = (
                ("värde", forms.VALUE, "tal"),
                ("bedömning", forms.JUDGEMENT, "bedömning"),
                ("ej_mätt", forms.NOT_MEASURED, "text"),
                ("kommentar", forms.COMMENT, "text"),
                ("åtgärder", forms.ACTIONS, "text"),
            )
            for key, letter, kind in columns:
                self.form.cells[f"{prefix}.{key}"] = f"{forms.OUTCOME_SHEET}!{letter}{row}"
                value = self.value(sheet, f"{letter}{row}", kind)
                if value is not None:
                    entry[key] = value
            out.append(entry)
        if out:
            self.form.cells["utfall"] = self.form.cells["utfall[0]"]
        return out

    def economy(self) -> Data | None:
        sheet = self.sheet(forms.ECONOMY_SHEET)
        if sheet is None:
            return None
        income: Data = {}
        costs: Data = {}
        texts: Data = {}
        forecast: Data = {}
        parts = {forms.INCOME: income, forms.COSTS: costs, forms.TEXT: texts}
        for row in range(forms.FIRST_ROW, sheet.max_row + 1):
            part, key = sheet[f"A{row}"].value, sheet[f"B{row}"].value
            if part is None or key is None:
                break
            part, key = str(part), str(key)
            ref = f"{forms.ECONOMY_INPUT}{row}"
            where = f"{forms.ECONOMY_SHEET}!{ref}"
            kind = "text" if part == forms.TEXT else "tal"
            value = self.value(sheet, ref, kind)
            if part == forms.FORECAST:
                self.form.cells[f"ekonomi.prognos_helår.{key}"] = where
                self.form.cells.setdefault("ekonomi.prognos_helår", where)
                if value is not None:
                    forecast[key] = value
                continue
            if part == forms.COSTS:
                self.form.cost_kinds.append(key)
                self.form.cells.setdefault("ekonomi.kostnader", where)
            name = "ekonomi" if part == forms.TEXT else f"ekonomi.{part}"
            self.form.cells[f"{name}.{key}"] = where
            self.form.cells.setdefault("ekonomi", where)
            self.form.cells.setdefault("ekonomi.intäkter", where)
            if value is None and part == forms.INCOME and key != "ersättning":
                value = Decimal(0)
            if value is not None and part in parts:
                parts[part][key] = value
        data: Data = {"intäkter": income}
        if costs:
            data["kostnader"] = costs
        data.update(texts)
        if forecast:
            data["prognos_helår"] = forecast
        return data

    def volumes(self) -> list[Data] | None:
        sheet = self.sheet(forms.VOLUME_SHEET)
        if sheet is None:
            return None
        out: list[Data] = []
        for row in range(forms.FIRST_ROW, sheet.max_row + 1):
            post = sheet[f"A{row}"].value
            if post is None:
                break
            prefix = f"volymer[{len(out)}]"
            where = f"{forms.VOLUME_SHEET}!{forms.VOLUME_INPUT}{row}"
            self.form.cells[prefix] = self.form.cells[f"{prefix}.utfall"] = where
            self.form.cells[f"{prefix}.post"] = f"{forms.VOLUME_SHEET}!A{row}"
            self.form.cells.setdefault("volymer", where)
            self.form.posts.append(str(post))
            entry: Data = {"post": str(post)}
            units = self.value(sheet, f"{forms.VOLUME_INPUT}{row}", "tal")
            if units is not None:
                entry["utfall"] = units
            out.append(entry)
        return out


def _exact(number: Decimal) -> Decimal:
    """A number as exact as it was typed: 14.2 stays 14.2, 6240.0 becomes 6240."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _plain_number(number: Decimal) -> str:
    return format(_exact(number), "f")


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
