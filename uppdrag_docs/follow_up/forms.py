"""`uppdrag blankett`: an Excel form for one report and period, for the unit that fills it in.

The form has what the report's typ asks for, as `skeleton.py` writes it in YAML: a sheet of the
criteria the report carries (id, namn, målvärde, enhet, and cells for värde or bedömning, ej
mätt, kommentar and åtgärder), öppna böcker with the decided figures of the period beside the
cells for the outcome (from `money.py`, never a second calculation), and the volume of each
rörlig post with its price and forecast. Only the yellow input cells are unlocked (sheet
protection without a password, so nobody is locked out) and each has a data validation. A
hidden sheet says which uppdrag, report and period the form is for and the sha256 of each file
it was made from (the uppdrag, the shared catalogue of criteria and the index), so that
`readback.py` knows where the answers go and whether any of them changed since. The layout
(sheet names, first rows, columns) is defined once in `form_layout.py` and read by
`readback.py` too; how the cells look and what they accept is
`form_style.py`. Equal input gives equal bytes: the workbook's dates come from the
uppdrag's period and the zip is normalised.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from uppdrag_docs.calc.engine import calculate
from uppdrag_docs.errors import CalculationError
from uppdrag_docs.files import (
    normalise_zip,
)
from uppdrag_docs.follow_up import form_style as style
from uppdrag_docs.follow_up.form_layout import (
    ACTIONS,
    ANSWERS,
    CLIENTS,
    COMMENT,
    COSTS,
    DELIVERED,
    DELIVERED_BY,
    ECONOMY_COLUMNS,
    ECONOMY_INPUT,
    ECONOMY_SHEET,
    FIRST_ROW,
    FORECAST,
    FORM_KIND,
    FORM_VERSION,
    INCOME,
    INCOME_KEYS,
    JUDGEMENT,
    JUDGEMENTS,
    MAX_AMOUNT,
    META_KEYS,
    META_SHEET,
    NOT_MEASURED,
    OUTCOME_COLUMNS,
    OUTCOME_SHEET,
    REPORT_SHEET,
    STANDARD,
    STANDARD_OUTSIDE,
    STANDARD_VOLUME,
    TEXT,
    VALUE,
    VOLUME_COLUMNS,
    VOLUME_INPUT,
    VOLUME_SHEET,
    carried,
    made_from,
    period_line,
    target_text,
    title_line,
    uppdrag_line,
)
from uppdrag_docs.follow_up.judgement import is_text_target
from uppdrag_docs.follow_up.money import (
    decided,
    forecast_volume,
    item_name,
    price,
    variable_items,
)
from uppdrag_docs.follow_up.per_unit import form_reference
from uppdrag_docs.follow_up.periods import PeriodKey, forecast_days
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Report
from uppdrag_docs.trust.checks import LoadedUppdrag


@dataclass(frozen=True)
class FormRequest:
    """One form to make: the uppdrag, its report and the period."""

    loaded: LoadedUppdrag
    report: Report
    period: PeriodKey
    due: Due


def form_bytes(request: FormRequest) -> bytes:
    """The .xlsx file of one form, the same bytes for the same uppdrag, report and period."""
    loaded, report = request.loaded, request.report
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = REPORT_SHEET
    _report_sheet(sheet, request)
    if carried(loaded, report) or report.type == "kvalitet":
        _outcome_sheet(book.create_sheet(OUTCOME_SHEET), request)
    if report.type == "ekonomi":
        _economy_sheet(book.create_sheet(ECONOMY_SHEET), request)
    if report.type in ("ekonomi", "verksamhet") and variable_items(loaded.uppdrag):
        _volume_sheet(book.create_sheet(VOLUME_SHEET), request)
    for page in book.worksheets:
        style.fit_to_page(page)
    _meta_sheet(book.create_sheet(META_SHEET), request)
    for page in book.worksheets:
        style.no_formulas(page)
    book.security = WorkbookProtection(lockStructure=True)  # sheets stay; no password
    made = dt.datetime.combine(loaded.uppdrag.period.start, dt.time())
    book.properties.creator = "uppdrag-docs"
    book.properties.title = f"Rapport {report.id} {request.period}: {loaded.uppdrag.title}"
    book.properties.created = made
    book.properties.modified = made
    book.properties.lastModifiedBy = "uppdrag-docs"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save: it sets modified to the clock
    return normalise_zip(buffer.getvalue())


def _header(sheet: Worksheet, request: FormRequest, what: str) -> None:
    uppdrag, report, due = request.loaded.uppdrag, request.report, request.due
    sheet["A1"] = title_line(report.id, request.period, what)
    sheet["A1"].font = style.TITLE
    sheet["A2"] = uppdrag_line(uppdrag, report)
    sheet["A3"] = period_line(due, report)
    sheet["A4"] = (
        "Fyll i de gula cellerna; resten är låst. Bara sammanställda uppgifter, aldrig namn "
        "eller personnummer på en enskild person."
    )


def _report_sheet(sheet: Worksheet, request: FormRequest) -> None:
    uppdrag = request.loaded.uppdrag
    _header(sheet, request, request.report.type)
    labels = (
        (DELIVERED_BY, "Inlämnad av (en enhet eller en roll)"),
        (DELIVERED, "Inlämnad (ÅÅÅÅ-MM-DD; tom: dagen den läses in)"),
        (CLIENTS, "Antal brukare vid periodens slut (frivilligt)"),
    )
    for cell, label in labels:
        sheet[f"A{cell[1:]}"] = label
    text = style.text_validation()
    day = style.new_validation(
        "date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        error="Skriv ett datum som ÅÅÅÅ-MM-DD.",
    )
    whole = style.new_validation(
        "whole",
        operator="between",
        formula1="0",
        formula2="10000000",
        error="Skriv ett helt antal.",
    )
    for validation in (text, day, whole):
        sheet.add_data_validation(validation)
    provider = uppdrag.provider.name + (
        f", {uppdrag.provider.unit}" if uppdrag.provider.unit else ""
    )
    sheet[DELIVERED_BY] = provider
    style.input_cell(sheet, DELIVERED_BY, text, "@")
    style.input_cell(sheet, DELIVERED, day, "yyyy-mm-dd")
    style.input_cell(sheet, CLIENTS, whole, style.WHOLE)
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 40
    style.protect(sheet)


def _outcome_sheet(sheet: Worksheet, request: FormRequest) -> None:
    _header(sheet, request, "utfall för kvalitetskriterierna")
    sheet["A5"] = (
        "Ange värde för ett talmål, bedömning för ett textmål, eller skälet i Ej mätt. "
        "Åtgärder när utfallet är sämre än målvärdet (riktlinjen 3.2.1). Antal svar när "
        "värdet kommer från en enkät: ett värde från färre än fem svar publiceras aldrig."
    )
    style.table(sheet, OUTCOME_COLUMNS)
    number, text = style.decimal_validation(), style.text_validation()
    judgement = style.new_validation(
        "list",
        formula1='"' + ",".join(JUDGEMENTS) + '"',
        error="Välj uppfyllt, delvis uppfyllt eller ej uppfyllt.",
    )
    answers = style.new_validation(
        "whole",
        operator="between",
        formula1="0",
        formula2=str(10**9),
        error="Skriv hur många som svarade, ett heltal, till exempel 312.",
    )
    for validation in (number, judgement, text, answers):
        sheet.add_data_validation(validation)
    for row, criterion in enumerate(carried(request.loaded, request.report), start=FIRST_ROW):
        for column, value in enumerate(
            (criterion.id, criterion.name, target_text(criterion), criterion.target.unit or ""),
            start=1,
        ):
            sheet.cell(row, column, value).alignment = style.WRAP
        if is_text_target(criterion):
            style.input_cell(sheet, f"{JUDGEMENT}{row}", judgement, "@")
        else:
            style.input_cell(sheet, f"{VALUE}{row}", number, "General")
            style.input_cell(sheet, f"{ANSWERS}{row}", answers, "0")
        for letter in (NOT_MEASURED, COMMENT, ACTIONS):
            style.input_cell(sheet, f"{letter}{row}", text, "@")
            sheet[f"{letter}{row}"].alignment = style.WRAP
    style.column_widths(
        sheet,
        {VALUE: 12, JUDGEMENT: 18, NOT_MEASURED: 30, COMMENT: 50, ACTIONS: 50, ANSWERS: 12},
    )
    style.protect(sheet)


def _economy_sheet(sheet: Worksheet, request: FormRequest) -> None:
    loaded, due = request.loaded, request.due
    uppdrag = loaded.uppdrag
    _header(sheet, request, "redovisning enligt öppna böcker")
    sheet["A5"] = "Hela kronor. Rörlig ersättning: pris × utförd volym (se Volymer)."
    style.table(sheet, ECONOMY_COLUMNS)
    figures, calculation = None, None
    if loaded.shared.indexation is not None:
        try:
            calculation = calculate(
                uppdrag, loaded.shared.indexation, catalogue=loaded.shared.standard
            )
            figures = decided(uppdrag, calculation, due, [])
        except (CalculationError, ArithmeticError):
            figures = None
    reference: dict[str, Any] = {}
    if figures is not None:
        reference = {"ersättning": figures.fixed, "tilläggsuppdrag": figures.additional}
    kinds = list(uppdrag.compensation.cost_shares) if uppdrag.compensation else ["personal"]
    rows: list[tuple[str, str, Any]] = [(INCOME, key, reference.get(key)) for key in INCOME_KEYS]
    rows += [(COSTS, kind, None) for kind in kinds]
    standard = form_reference(uppdrag, calculation, loaded.shared, due) if calculation else None
    if standard is not None:
        sheet["A5"] = f"{sheet['A5'].value} {standard.note}"
        rows += [(STANDARD, STANDARD_VOLUME, standard.price)]
        rows += [(STANDARD, STANDARD_OUTSIDE, standard.outside)]
    rows += [(TEXT, "kommentar", None), (TEXT, "åtgärder", None)]
    required = forecast_days(_forecast_dates(loaded), due)
    note = f"krävs: prognosdatum {required[0].isoformat()}" if required else None
    rows += [(FORECAST, INCOME, note), (FORECAST, COSTS, note)]
    amount, text = style.decimal_validation(), style.text_validation()
    sheet.add_data_validation(amount)
    sheet.add_data_validation(text)
    for row, (part, key, figure) in enumerate(rows, start=FIRST_ROW):
        sheet.cell(row, 1, part)
        sheet.cell(row, 2, key)
        if isinstance(figure, str):
            sheet.cell(row, 3, figure)
        elif figure is not None and figure != figure.to_integral_value():
            sheet.cell(row, 3, float(figure)).number_format = style.ORE
        elif figure is not None:
            sheet.cell(row, 3, int(figure)).number_format = style.WHOLE
        cell = f"{ECONOMY_INPUT}{row}"
        if part == TEXT:
            style.input_cell(sheet, cell, text, "@")
            sheet[cell].alignment = style.WRAP
        else:
            units = key == STANDARD_VOLUME and part == STANDARD
            style.input_cell(sheet, cell, amount, style.VOLUME if units else style.WHOLE)
    style.column_widths(sheet, {"C": 26, ECONOMY_INPUT: 50})
    style.protect(sheet)


def _forecast_dates(loaded: LoadedUppdrag) -> list[str]:
    kommun = loaded.shared.kommun
    return kommun.budget.forecast_dates if kommun is not None else []


def _volume_sheet(sheet: Worksheet, request: FormRequest) -> None:
    loaded, due = request.loaded, request.due
    uppdrag = loaded.uppdrag
    _header(sheet, request, "utförd volym för varje rörlig post")
    style.table(sheet, VOLUME_COLUMNS)
    calculation = None
    if loaded.shared.indexation is not None:
        try:
            calculation = calculate(
                uppdrag, loaded.shared.indexation, catalogue=loaded.shared.standard
            )
        except (CalculationError, ArithmeticError):
            calculation = None
    number = style.new_validation(
        "decimal",
        operator="between",
        formula1="0",
        formula2=str(MAX_AMOUNT),
        error="Skriv ett tal som är 0 eller större.",
    )
    sheet.add_data_validation(number)
    for row, item in enumerate(variable_items(uppdrag), start=FIRST_ROW):
        sheet.cell(row, 1, item_name(uppdrag, item))
        sheet.cell(row, 2, item.description)
        sheet.cell(row, 3, item.unit)
        if calculation is not None and calculation.years:
            sheet.cell(row, 4, float(price(uppdrag, calculation, item, due.end.year)))
            sheet.cell(row, 4).number_format = style.ORE
        sheet.cell(row, 5, float(forecast_volume(item, due))).number_format = style.VOLUME
        style.input_cell(sheet, f"{VOLUME_INPUT}{row}", number, style.VOLUME)
    style.column_widths(sheet, {VOLUME_INPUT: 14})
    style.protect(sheet)


def _meta_sheet(sheet: Worksheet, request: FormRequest) -> None:
    loaded = request.loaded
    values: tuple[str | int, ...] = (
        FORM_KIND,
        FORM_VERSION,
        loaded.uppdrag.id,
        request.report.id,
        str(request.period),
    )
    values += tuple(digest for _, digest in made_from(loaded).values())
    for row, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, value)
    sheet.sheet_state = "hidden"
    style.protect(sheet)
