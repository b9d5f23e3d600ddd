"""How a form looks and what its cells accept: fills, fonts, number formats, data validations,
protection and printing. `forms.py` fills the values in; the layout that both the maker and the
reader use (sheet names, rows, columns) is `form_layout.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from uppdrag_docs.follow_up.form_layout import FIRST_ROW, HEADING_ROW, MAX_AMOUNT

INPUT = PatternFill("solid", fgColor="FFF2CC")
HEADING = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
WHOLE = "[$-41D]#,##0"
"""Thousands grouped with a space, in a Swedish Excel or Calc and in any other: the locale tag
41D (Swedish) fixes the separators, as the documents print them."""
ORE = "[$-41D]#,##0.00"
VOLUME = "[$-41D]#,##0.##"


def fit_to_page(sheet: Worksheet) -> None:
    """Printed, a sheet is as wide as one A4 page in landscape, however long it runs."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def no_formulas(sheet: Worksheet) -> None:
    """Every text is text: openpyxl stores one that starts with = as a formula, so a name in
    the uppdrag like =HYPERLINK(…) would be a live formula in the form the units open."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"


def protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True  # no password: a lock against slips, not against people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def input_cell(sheet: Worksheet, cell: str, validation: DataValidation, number_format: str) -> None:
    sheet[cell].fill = INPUT
    sheet[cell].protection = Protection(locked=False)
    sheet[cell].number_format = number_format
    validation.add(cell)


def new_validation(kind: str, *, error: str, **kwargs: Any) -> DataValidation:
    return DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Fel värde",
        error=error,
        **kwargs,
    )


def decimal_validation() -> DataValidation:
    return new_validation(
        "decimal",
        operator="between",
        formula1=str(-MAX_AMOUNT),
        formula2=str(MAX_AMOUNT),
        error="Skriv ett tal, till exempel 93,1.",
    )


def text_validation() -> DataValidation:
    return new_validation(
        "textLength",
        operator="lessThanOrEqual",
        formula1="5000",
        error="Texten får vara högst 5 000 tecken.",
    )


def table(sheet: Worksheet, headings: Sequence[str]) -> None:
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(HEADING_ROW, column, heading)
        cell.font = HEADING
    sheet.freeze_panes = f"A{FIRST_ROW}"


def column_widths(sheet: Worksheet, widths: dict[str, int]) -> None:
    """Columns as wide as their longest text (within bounds); `widths` for the input columns."""
    longest: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=HEADING_ROW):
        for cell in row:
            if cell.value is not None:
                letter = get_column_letter(cell.column)
                longest[letter] = max(longest.get(letter, 0), len(str(cell.value)))
    for letter, length in longest.items():
        sheet.column_dimensions[letter].width = widths.get(letter, min(max(length + 2, 10), 60))
