"""A filled Excel form read back into a report's data, every problem named by its cell.

The sheets of `form_layout.py` are read entry by entry, each cell by its kind (`cells.py`:
formulas refused, Swedish numbers typed as text read as numbers). A file that is not a form
of ours (what `xlsx_file.py` refuses before openpyxl opens it, a workbook without the hidden
sheet, or whose hidden sheet was changed) is one finding that says what it is, never a
traceback. External links are not loaded, and the XML is parsed by Python's expat, which
limits entity expansion.
`cells` maps each field of the data (`utfall[0].värde`) to the cell it came from, so that the
checks of the report file can be said at the cell too.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.files import name_not_utf8
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.follow_up import form_layout as layout
from uppdrag_docs.follow_up.cells import CellReader, cell_finding
from uppdrag_docs.follow_up.periods import parse_period
from uppdrag_docs.follow_up.xlsx_file import xlsx_bytes
from uppdrag_docs.format.base import IDENT_PATTERN, UPPDRAG_ID_PATTERN
from uppdrag_docs.quoting import quoted

MAX_ROWS = 1000
"""Rows of a table read after its first: far more than any uppdrag's criteria or posts."""

Data = dict[str, Any]


class Described(NamedTuple):
    """What a row of a form says of a criterion or a volume post, besides its id."""

    row: int
    name: str
    target: str
    unit: str


@dataclass
class ReadForm:
    """One form as read: its data, the cell of each field, and what was wrong."""

    path: Path
    data: Data | None = None
    """The report's data, in the order a person writes it; None when the file is no form."""
    cells: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    made_from: dict[str, str] = field(default_factory=dict)
    """The sha256 of each file the form was made from, by its key on the hidden sheet."""
    headings: dict[str, str] = field(default_factory=dict)
    """The heading lines of the report sheet, by cell (`Rapport!A2`)."""
    criteria: dict[str, Described] = field(default_factory=dict)
    """What the form says of each criterion, and on which row."""
    cost_kinds: list[str] = field(default_factory=list)
    posts: dict[str, Described] = field(default_factory=dict)
    """What the form says of each volume post (its enhet), and on which row."""

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def at(self, cell: str, code: Code, message: str) -> Finding:
        return cell_finding(self.path, cell, code, message)

    def cell_of(self, field_path: str | None) -> str:
        """The cell a field came from, or of the nearest field around it that has one."""
        text = field_path or ""
        while text:
            if text in self.cells:
                return self.cells[text]
            text = re.sub(r"(\[\d+\]|\.?[^.\[]+)$", "", text)
        return f"{layout.REPORT_SHEET}!A1"


def read_form(path: Path) -> ReadForm:
    """Read one filled form; its findings say what could not be read, each at its cell."""
    shown = name_not_utf8(path)
    if shown is not None:  # the name is said as it can be, and the file is not read
        return _refuse(
            ReadForm(Path(shown)),
            "filnamnet är inte kodat i UTF-8 (tecknen som visas som \\x); byt namn på filen "
            "och läs in den igen",
        )
    form = ReadForm(path)
    book = _workbook(path)
    if isinstance(book, str):
        return _refuse(form, book)
    data = _identity(form, book)
    if isinstance(data, str):
        return _refuse(form, data)
    reader = _Reader(form, book)
    report = reader.sheet(layout.REPORT_SHEET)
    if report is None:
        return _refuse(form, f"bladet '{layout.REPORT_SHEET}' saknas i blanketten")
    _read_report(reader, report, data)
    form.data = data
    return form


def _workbook(path: Path) -> Any:
    """The file opened as a workbook, or why it cannot be (a str)."""
    raw = xlsx_bytes(path)
    if isinstance(raw, str):
        return raw
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a broken file: all mean the same here
        return "filen är trasig och kan inte läsas som en .xlsx-fil"


def _identity(form: ReadForm, book: Any) -> Data | str:
    """The report the hidden sheet names, as the first keys of its file; or why the sheet
    cannot be trusted (a str)."""
    if layout.META_SHEET not in book.sheetnames:
        return "filen är ingen blankett från 'uppdrag blankett' (bladet saknas)"
    meta = {
        str(row[0].value): row[1].value
        for row in book[layout.META_SHEET].iter_rows(min_row=1, max_row=10, max_col=2)
    }
    if meta.get("blankett") != layout.FORM_KIND:
        return "filen är ingen blankett från 'uppdrag blankett'"
    if str(meta.get("version")) != str(layout.FORM_VERSION):
        return f"blankettens version {meta.get('version')} kan inte läsas in"
    form.made_from = {
        key: str(value or "") for key, value in meta.items() if key.startswith(layout.HASH)
    }
    period = str(meta.get("period") or "")
    ident, report_id = str(meta.get("uppdrag") or ""), str(meta.get("rapport") or "")
    if not (
        re.fullmatch(UPPDRAG_ID_PATTERN, ident)  # fullmatch: a $ matches before a last \n
        and re.fullmatch(IDENT_PATTERN, report_id)
        and len(ident) + len(report_id) < 200
        and _is_period(period)
        and period == period.strip()
    ):  # the names become a path: a changed hidden sheet must not lead the file elsewhere
        return "blankettens dolda blad är ändrat; gör en ny med uppdrag blankett"
    for key in ("uppdrag", "rapport", "period"):
        form.cells[key] = f"{layout.META_SHEET}!B{layout.META_KEYS.index(key) + 1}"
    return {
        "schemaversion": 1,
        "uppdrag": ident,
        "rapport": report_id,
        "period": int(period) if period.isdigit() else period,
    }


def _read_report(reader: _Reader, report: Any, data: Data) -> None:
    """The report sheet's values into `data`, each field's cell into the form's `cells`."""
    form = reader.form
    for row in (1, 2, 3):
        form.headings[f"{layout.REPORT_SHEET}!A{row}"] = reader.text(report, "A", row)
    delivered = reader.value(report, layout.DELIVERED, "datum")
    if delivered is not None:
        data["inlämnad"] = delivered
    delivered_by = reader.value(report, layout.DELIVERED_BY, "text")
    if delivered_by is not None:
        data["inlämnad_av"] = delivered_by
    form.cells["inlämnad"] = f"{layout.REPORT_SHEET}!{layout.DELIVERED}"
    form.cells["inlämnad_av"] = f"{layout.REPORT_SHEET}!{layout.DELIVERED_BY}"
    outcomes = reader.outcomes()
    if outcomes is not None:
        data["utfall"] = outcomes
    economy = reader.economy()
    if economy is not None:
        data["ekonomi"] = economy
    volumes = reader.volumes()
    if volumes is not None:
        data["volymer"] = volumes
    if reader.volume is not None:
        data["volym"] = reader.volume
    clients = reader.value(report, layout.CLIENTS, "tal")
    form.cells["brukare"] = f"{layout.REPORT_SHEET}!{layout.CLIENTS}"
    if clients is not None:
        data["brukare"] = clients


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


class _Reader(CellReader):
    """The sheets of a form read entry by entry, each cell by its kind."""

    def __init__(self, form: ReadForm, book: Any) -> None:
        super().__init__(form.path, form.findings)
        self.form, self.book = form, book
        self.volume: Decimal | None = None
        """The standardkostnad's volym on the economy sheet: the report's top-level `volym`."""

    def sheet(self, name: str) -> Any:
        return self.book[name] if name in self.book.sheetnames else None

    @staticmethod
    def text(sheet: Any, column: str, row: int) -> str:
        """A locked cell the form wrote, as text (a number written as a number too)."""
        return str(sheet[f"{column}{row}"].value or "")

    def rows(self, sheet: Any, keys: str, inputs: str, what: str) -> Iterator[int]:
        """The rows of a table whose key columns are filled in. An empty row (one inserted
        in an unprotected sheet) is passed over, never the end of the table; an input on a
        row without its keys is an error at that cell, never dropped unsaid."""
        last = min(sheet.max_row, layout.FIRST_ROW + MAX_ROWS)
        for row in range(layout.FIRST_ROW, last + 1):
            if all(sheet[f"{letter}{row}"].value is not None for letter in keys):
                yield row
                continue
            filled = [c for c in inputs if str(sheet[f"{c}{row}"].value or "").strip()]
            if filled:
                self._error(
                    f"{sheet.title}!{filled[0]}{row}",
                    codes.CELL_VALUE,
                    f"raden saknar {what}, så värdet "
                    f"{quoted(sheet[f'{filled[0]}{row}'].value)} hör inte till något; skriv det "
                    "på sin rad",
                )

    def outcomes(self) -> list[Data] | None:
        sheet = self.sheet(layout.OUTCOME_SHEET)
        if sheet is None:
            return None
        out: list[Data] = []
        for row in self.rows(sheet, "A", "EFGHIJ", "kriterium i kolumn A"):
            ident = sheet[f"A{row}"].value
            index = len(out)
            prefix = f"utfall[{index}]"
            ident = str(ident)
            target = str(sheet[f"C{row}"].value or "")
            self.form.criteria[ident] = Described(
                row, self.text(sheet, "B", row), target, self.text(sheet, "D", row)
            )
            entry: Data = {"kriterium": ident}
            text_target = not target.startswith(("minst", "högst"))
            main = layout.JUDGEMENT if text_target else layout.VALUE
            self.form.cells[prefix] = f"{layout.OUTCOME_SHEET}!{main}{row}"
            self.form.cells[f"{prefix}.kriterium"] = f"{layout.OUTCOME_SHEET}!A{row}"
            columns = (
                ("värde", layout.VALUE, "tal"),
                ("bedömning", layout.JUDGEMENT, "bedömning"),
                ("ej_mätt", layout.NOT_MEASURED, "text"),
                ("kommentar", layout.COMMENT, "text"),
                ("åtgärder", layout.ACTIONS, "text"),
                ("antal_svar", layout.ANSWERS, "heltal"),
            )
            for key, letter, kind in columns:
                self.form.cells[f"{prefix}.{key}"] = f"{layout.OUTCOME_SHEET}!{letter}{row}"
                value = self.value(sheet, f"{letter}{row}", kind)
                if value is not None:
                    entry[key] = value
            out.append(entry)
        if out:
            self.form.cells["utfall"] = self.form.cells["utfall[0]"]
        return out

    def economy(self) -> Data | None:
        sheet = self.sheet(layout.ECONOMY_SHEET)
        if sheet is None:
            return None
        income: Data = {}
        costs: Data = {}
        texts: Data = {}
        forecast: Data = {}
        parts = {layout.INCOME: income, layout.COSTS: costs, layout.TEXT: texts}
        seen: set[tuple[str, str]] = set()
        for row in self.rows(sheet, "AB", layout.ECONOMY_INPUT, "del och post i kolumn A och B"):
            part, key = str(sheet[f"A{row}"].value), str(sheet[f"B{row}"].value)
            ref = f"{layout.ECONOMY_INPUT}{row}"
            where = f"{layout.ECONOMY_SHEET}!{ref}"
            if (part, key) in seen:
                self._error(
                    where,
                    codes.DUPLICATE_ENTRY,
                    f"{part} {quoted(key)} står redan på en rad ovanför; ange varje post en gång",
                )
                continue
            seen.add((part, key))
            kind = "text" if part == layout.TEXT else "tal"
            value = self.value(sheet, ref, kind)
            if part in (layout.FORECAST, layout.STANDARD):
                self._beside(
                    part, key, value, where, forecast if part == layout.FORECAST else texts
                )
                continue
            if part == layout.COSTS:
                self.form.cost_kinds.append(key)
                self.form.cells.setdefault("ekonomi.kostnader", where)
            name = "ekonomi" if part == layout.TEXT else f"ekonomi.{part}"
            self.form.cells[f"{name}.{key}"] = where
            self.form.cells.setdefault("ekonomi", where)
            self.form.cells.setdefault("ekonomi.intäkter", where)
            if value is None and part == layout.INCOME and key != "ersättning":
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

    def _beside(self, part: str, key: str, value: Any, where: str, into: Data) -> None:
        """A row of the prognos för helåret (into `prognos_helår`) or of the standardkostnad:
        the volym is the report's own top-level key, utanför_standard one of ekonomi's."""
        if part == layout.FORECAST:
            self.form.cells[f"ekonomi.prognos_helår.{key}"] = where
            self.form.cells.setdefault("ekonomi.prognos_helår", where)
        elif key == layout.STANDARD_VOLUME:
            self.form.cells["volym"] = where
            self.volume = value
            return
        else:
            self.form.cells[f"ekonomi.{key}"] = where
        if value is not None:
            into[key] = value

    def volumes(self) -> list[Data] | None:
        sheet = self.sheet(layout.VOLUME_SHEET)
        if sheet is None:
            return None
        out: list[Data] = []
        for row in self.rows(sheet, "A", layout.VOLUME_INPUT, "post i kolumn A"):
            post = sheet[f"A{row}"].value
            prefix = f"volymer[{len(out)}]"
            where = f"{layout.VOLUME_SHEET}!{layout.VOLUME_INPUT}{row}"
            self.form.cells[prefix] = self.form.cells[f"{prefix}.utfall"] = where
            self.form.cells[f"{prefix}.post"] = f"{layout.VOLUME_SHEET}!A{row}"
            self.form.cells.setdefault("volymer", where)
            self.form.posts[str(post)] = Described(row, str(post), "", self.text(sheet, "C", row))
            entry: Data = {"post": str(post)}
            units = self.value(sheet, f"{layout.VOLUME_INPUT}{row}", "tal")
            if units is not None:
                entry["utfall"] = units
            out.append(entry)
        return out
