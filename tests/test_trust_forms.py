"""A filled form is what it claims by its content, not only by its hidden sheet: another
uppdrag's form, another period's, a unit of measure that changed, a shared catalogue that
changed since; and its file name never reaches the report's text raw."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from uppdrag_docs.cli import main

from .conftest import BASE_ID, BASE_TEXT, KommunRepo, changed
from .test_forms import R1_CELLS, R3_CELLS, fill, make, parsed, read

OTHER_ID = "hemtjanst-syd"


@pytest.fixture
def kommun(repo: KommunRepo) -> KommunRepo:
    repo.write(BASE_TEXT)
    return repo


def _meta(form: Path, out: Path, cell: str, value: str) -> Path:
    """`form` with the cell `cell` of its hidden sheet changed to `value`, as a hand does it."""
    book = openpyxl.load_workbook(form)
    book["Blankett"][cell] = value
    book.save(out)
    return out


def _report(kommun: KommunRepo, name: str = "R1-2027-T1.yaml", ident: str = BASE_ID) -> Path:
    return kommun.root / "uppfoljning" / ident / name


def test_a_form_whose_hidden_sheet_names_another_uppdrag_is_an_error(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    """It wrote its values into the other uppdrag's report with only a warning."""
    other = changed(BASE_TEXT, f"id: {BASE_ID}", f"id: {OTHER_ID}", count=1)
    kommun.write(changed(other, "      enhet: procent\n", "      enhet: minuter\n"), OTHER_ID)
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    result = read(kommun.root, _meta(filled, tmp_path / "annan.xlsx", "B3", OTHER_ID))
    assert result.written == []
    assert [(f.code, f.cell, f.message) for f in result.findings if f.is_error] == [
        (
            "UD434",
            "Rapport!A2",
            "blanketten är gjord för hemtjanst-norr enligt sin rubrik, men dess dolda blad anger "
            "hemtjanst-syd; gör en ny med uppdrag blankett hemtjanst-syd R1 2027-T1",
        )
    ]
    assert not _report(kommun, ident=OTHER_ID).exists()


def test_a_form_whose_hidden_sheet_names_another_period_is_an_error(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    result = read(kommun.root, _meta(filled, tmp_path / "T2.xlsx", "B5", "2027-T2"))
    assert result.written == []
    errors = [(f.code, f.cell) for f in result.findings if f.is_error]
    assert errors == [("UD434", "Rapport!A1"), ("UD434", "Rapport!A3")]
    [period] = [f.message for f in result.findings if f.cell == "Rapport!A3"]
    assert period == (
        "blanketten är gjord för en annan rapport eller period ('Perioden 2027-01-01–2027-04-30.') "
        "än R1 2027-T2, 2027-05-01–2027-08-31, som dess dolda blad anger; gör en ny med uppdrag "
        "blankett hemtjanst-norr R1 2027-T2"
    )


def test_a_unit_that_changed_since_the_form_was_made_is_an_error_at_its_cell(
    kommun: KommunRepo, tmp_path: Path, in_dir: Any
) -> None:
    """The value was measured in the unit the form showed: it cannot be read as another."""
    in_dir(kommun.root)
    form = make(kommun.root, "R1", "2027-T1")
    kommun.write_base(
        "      minst: 95\n      enhet: procent\n", "      minst: 95\n      enhet: promille\n"
    )
    result = read(kommun.root, fill(form, R1_CELLS, tmp_path / "ifylld.xlsx"))
    assert result.written == []
    assert [(f.code, f.cell, f.message) for f in result.findings if f.is_error] == [
        (
            "UD434",
            "Utfall!D8",
            "KK3 mäts i 'promille' enligt uppdrag/hemtjanst-norr.yaml, men blanketten anger "
            "'procent'; ett värde i en annan enhet kan inte läsas in, gör en ny med uppdrag "
            "blankett hemtjanst-norr R1 2027-T1",
        )
    ]


def test_a_volume_post_in_another_unit_is_an_error_at_its_cell(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    form = fill(make(kommun.root, "R3", "2027-K1"), R3_CELLS, tmp_path / "ifylld.xlsx")
    book = openpyxl.load_workbook(form)
    book["Volymer"]["C7"] = "dygn"
    book.save(form)
    result = read(kommun.root, form)
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [("UD434", "Volymer!C7")]
    assert result.written == []


def test_a_catalogue_changed_since_the_form_was_made_is_noticed(
    kommun: KommunRepo, tmp_path: Path, in_dir: Any
) -> None:
    """The form recorded only the uppdrag file's hash, so a changed catalogue went unnoticed."""
    in_dir(kommun.root)
    form = make(kommun.root, "R1", "2027-T1")
    catalogue = kommun.root / "uppdrag" / "gemensamt" / "kvalitetskriterier.yaml"
    text = catalogue.read_text(encoding="utf-8")
    assert "    högst: 15\n" in text
    catalogue.write_text(
        changed(text, "    högst: 15\n", "    högst: 12\n", count=1), encoding="utf-8"
    )
    result = read(kommun.root, fill(form, R1_CELLS, tmp_path / "ifylld.xlsx"))
    [warning] = [f for f in result.findings if f.code == "UD432"]
    assert (warning.cell, warning.message) == (
        "Blankett!B6",
        "blanketten är gjord från en annan version av uppdrag/gemensamt/kvalitetskriterier.yaml; "
        "ändrat sedan dess: KK1 målvärde 'högst 15' → 'högst 12'",
    )


def test_a_form_of_unchanged_files_has_no_version_warning(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    result = read(
        kommun.root, fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "f.xlsx")
    )
    assert [f.code for f in result.findings if f.code in ("UD432", "UD434")] == []
    assert result.written


@pytest.mark.parametrize(
    "name", ["R1\nutfall: []\n#.xlsx", "R1\u2028brukare: 5.xlsx", "R1\x85x.xlsx"]
)
def test_a_line_break_in_the_forms_name_never_reaches_the_reports_text(
    kommun: KommunRepo, tmp_path: Path, name: str
) -> None:
    """A name with a newline wrote a key into the report's YAML."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / name)
    result = read(kommun.root, filled)
    assert not result.has_errors, [f.text() for f in result.findings]
    text = _report(kommun).read_text(encoding="utf-8")
    expected = parsed(
        (Path(__file__).parents[1] / "uppfoljning" / BASE_ID / "R1-2027-T1.yaml").read_text()
    )
    assert parsed(text) == expected
    [comment] = [line for line in text.splitlines() if "inläst från" in line]
    assert comment.startswith("# Rapport R1 för 2027-T1, inläst från R1\\")


def test_a_form_whose_name_is_not_utf8_is_a_swedish_error(
    kommun: KommunRepo, tmp_path: Path, in_dir: Any
) -> None:
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    shutil.move(filled, os.fsdecode(bytes(kommun.root) + b"/R1-\xe5r.xlsx"))
    in_dir(kommun.root)
    result = CliRunner().invoke(main, ["inläs", os.fsdecode(b"R1-\xe5r.xlsx")])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == (
        "R1-\\xe5r.xlsx:1:1: fel UD415: filnamnet är inte kodat i UTF-8 (tecknen som visas "
        "som \\x); byt namn på filen och läs in den igen"
    )
    assert not _report(kommun).exists()
