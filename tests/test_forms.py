"""The Excel forms: `uppdrag blankett` makes them, a unit fills them in, `uppdrag inläs` reads
them back into the report files the spec's examples show, every mistake named by its cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.follow_up.form_files import write_forms
from uppdrag_docs.follow_up.intake import Intake, read_in

from .conftest import BASE_ID, BASE_TEXT, KommunRepo, changed
from .uppfoljning_support import FollowRepo, example

PER = dt.date(2028, 3, 1)
TODAY = dt.date(2027, 6, 1)
R1, R2, R3 = "R1-2027-T1.yaml", "R2-2027.yaml", "R3-2027-K1.yaml"

R1_CELLS: dict[str, Any] = {
    "Rapport!B7": dt.date(2027, 5, 27),
    "Utfall!E7": 14.2,
    "Utfall!H7": "Mätt vecka 10–11.",
    "Utfall!E8": "93,1",  # typed as text, the Swedish way
    "Utfall!H8": "Två larmbilar var ur drift under mars.",
    "Utfall!I8": "En reservbil är hyrd från och med april.",
}
R2_CELLS: dict[str, Any] = {
    "Rapport!B6": "Leanlink, kvalitetsavdelningen",
    "Rapport!B7": dt.datetime(2028, 2, 20),  # as Excel keeps a date
    "Utfall!E7": 89,
    "Utfall!H7": "Svarsfrekvensen var 71 procent (Socialstyrelsens undersökning 2027).",
}
R3_CELLS: dict[str, Any] = {
    "Rapport!B6": "Leanlink, ekonomifunktionen",
    "Rapport!B7": dt.date(2027, 4, 22),
    "Rapport!B8": 818,
    "Ekonomi!ersättning": 22_270_512,
    "Ekonomi!rörlig": "3 338 400",
    "Ekonomi!tilläggsuppdrag": 0,
    "Ekonomi!övriga": 0,
    "Ekonomi!personal": 21_150_000,
    "Ekonomi!lokaler": "1\u00a0120\u00a0000",
    "Ekonomi!övrigt": "3\u202f020\u202f000",
    "Ekonomi!volym": 45_200,
    "Ekonomi!kommentar": "Resultatet är positivt; sjukfrånvaron var lägre än budgeterat.",
    "Volymer!F7": 6240,
}


_MADE: dict[tuple[str, str, bytes], tuple[Path, bytes]] = {}
"""Blank forms this process has made with write_forms: by report, period and the digest of
the repository they were made from; the form's path in it and its bytes."""

_FILLED: dict[tuple[bytes, str], bytes] = {}
"""Forms this process has filled in: by the digest of the form and the cells typed in."""


def _digest(root: Path) -> bytes:
    """The names and bytes of the repository's files, its output folder (build/) aside."""
    sha = hashlib.sha256()
    for folder, dirs, names in os.walk(root):  # top-down: the pruned and sorted dirs are walked
        dirs[:] = sorted(d for d in dirs if Path(folder, d) != root / "build")
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                sha.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    return sha.digest()


def make(root: Path, report: str, period: str) -> Path:
    """hemtjanst-norr's blank form of `report` for `period`, as `uppdrag blankett` writes it.

    Most form tests start from the same few blank forms: one made by write_forms from the same
    files in this process is written again. A form already at its place always goes through
    write_forms, which may refuse to replace it; the tests of making forms call it directly."""
    key = (report, period, _digest(root))
    if key in _MADE:
        relative, data = _MADE[key]
        path = root / relative
        if not os.path.lexists(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return path
    [path] = write_forms(root, [(BASE_ID, report, period)])
    _MADE[key] = (path.relative_to(root), path.read_bytes())
    return path


def fill(form: Path, cells: dict[str, Any], out: Path) -> Path:
    """The form with `cells` typed in, as a unit saves it; `Ekonomi!<key>` names a row.

    The same form filled in with the same cells is the same workbook: openpyxl is asked once
    per process."""
    key = (hashlib.sha256(form.read_bytes()).digest(), repr(cells))
    if key not in _FILLED:
        book = openpyxl.load_workbook(form)
        for where, value in cells.items():
            sheet_name, ref = where.split("!")
            sheet = book[sheet_name]
            if not re.match(r"^[A-Z]+\d+$", ref):
                row = next(r for r in range(7, 40) if sheet[f"B{r}"].value == ref)
                ref = f"D{row}"
            sheet[ref] = value
        buffer = io.BytesIO()
        book.save(buffer)
        _FILLED[key] = buffer.getvalue()
    out.write_bytes(_FILLED[key])
    return out


def read(root: Path, *paths: Path, replace: bool = False) -> Intake:
    return read_in(list(paths), per=PER, today=TODAY, replace_existing=replace, start=root)


def bare(text: str) -> list[str]:
    """A YAML text without its comments: what the reader writes beside the data."""
    lines = [re.sub(r"\s+#.*$", "", line).rstrip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def parsed(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


def messages(result: Intake) -> set[str]:
    return {f.text() for f in result.findings}


@pytest.fixture
def kommun(repo: KommunRepo) -> KommunRepo:
    repo.write(BASE_TEXT)
    return repo


@pytest.mark.parametrize(("name", "cells"), [(R1, R1_CELLS), (R2, R2_CELLS), (R3, R3_CELLS)])
def test_a_filled_form_reads_back_as_the_example(
    kommun: KommunRepo, tmp_path: Path, name: str, cells: dict[str, Any]
) -> None:
    report, period = name.removesuffix(".yaml").split("-", 1)
    filled = fill(make(kommun.root, report, period), cells, tmp_path / "ifylld.xlsx")
    result = read(kommun.root, filled)
    written = kommun.root / "uppfoljning" / BASE_ID / name
    assert result.written == [written]
    assert not result.has_errors, messages(result)
    text = written.read_text(encoding="utf-8")
    assert parsed(text) == parsed(example(name))
    assert bare(text) == bare(example(name))


def test_antal_svar_is_read_as_a_count(kommun: KommunRepo, tmp_path: Path) -> None:
    cells = {**R2_CELLS, "Utfall!J7": 312}
    filled = fill(make(kommun.root, "R2", "2027"), cells, tmp_path / "R2.xlsx")
    result = read(kommun.root, filled)
    assert not result.has_errors, messages(result)
    written = parsed((kommun.root / "uppfoljning" / BASE_ID / R2).read_text(encoding="utf-8"))
    assert written["utfall"][0]["antal_svar"] == 312
    assert written["utfall"][0]["värde"] == 89


@pytest.mark.parametrize("typed", ["4,5", -2, "många"])
def test_antal_svar_that_is_no_count_is_an_error_at_its_cell(
    kommun: KommunRepo, tmp_path: Path, typed: object
) -> None:
    cells = {**R2_CELLS, "Utfall!J7": typed}
    filled = fill(make(kommun.root, "R2", "2027"), cells, tmp_path / "R2.xlsx")
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.cell, f.code) for f in result.findings if f.is_error] == [("Utfall!J7", "UD416")]


def test_the_warnings_of_the_written_report_are_said_at_their_cells(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    filled = fill(make(kommun.root, "R3", "2027-K1"), R3_CELLS, tmp_path / "R3.xlsx")
    [late] = [f for f in read(kommun.root, filled).findings if f.code == "UD421"]
    assert (late.cell, late.is_error) == ("Rapport!B7", False)
    assert late.message.startswith("R3 2027-K1 lämnades 2027-04-22, 2 dagar efter sista dagen")


def test_the_form_is_locked_validated_and_says_what_it_is(kommun: KommunRepo) -> None:
    book = openpyxl.load_workbook(make(kommun.root, "R3", "2027-K1"))
    assert book.sheetnames == ["Rapport", "Ekonomi", "Volymer", "Blankett"]
    report, economy, meta = book["Rapport"], book["Ekonomi"], book["Blankett"]
    assert report["A3"].value == (
        "Perioden 2027-01-01–2027-03-31. Lämnas senast 2027-04-20 till Social- och "
        "omsorgsförvaltningen."
    )
    assert all(sheet.protection.sheet for sheet in book.worksheets)
    assert economy["D7"].protection.locked is False and economy["C7"].protection.locked
    assert economy["C7"].value == 22_270_512  # the decided fixed part, for reference
    assert economy["D7"].number_format == "[$-41D]#,##0"  # Swedish separators in any locale
    assert {v.type for v in economy.data_validations.dataValidation} == {"decimal", "textLength"}
    assert meta.sheet_state == "hidden"
    assert [c.value for c in meta["A"]] == [
        "blankett",
        "version",
        "uppdrag",
        "rapport",
        "period",
        "sha256",
        "sha256 kvalitetskriterier.yaml",
        "sha256 upprakning.yaml",
    ]
    kinds = {v.type for v in book["Rapport"].data_validations.dataValidation}
    assert kinds == {"textLength", "date", "whole"}


def test_the_same_uppdrag_gives_the_same_bytes(kommun: KommunRepo) -> None:
    first = make(kommun.root, "R1", "2027-T1").read_bytes()
    assert make(kommun.root, "R1", "2027-T1").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2027-01-01T00:00:00Z" in core
    # openpyxl's save sets the time of saving, so two forms a second apart differed
    assert re.search(r"<dcterms:modified[^>]*>2027-01-01T00:00:00Z</dcterms:modified>", core)


def test_each_bad_cell_is_named_and_nothing_is_written(follow: FollowRepo, tmp_path: Path) -> None:
    existing = follow.folder() / R1
    before = existing.read_bytes()
    bad = {
        **R1_CELLS,
        "Rapport!B7": "igår",
        "Utfall!E7": "nittio",
        "Utfall!H7": "=cmd|' /C calc'!A0",
        "Utfall!I7": "rad\x9b31mett",  # a terminal escape (8-bit CSI)
        "Utfall!G8": "x" * 6000,
        "Utfall!H8": "Gäller 19121212-1212.",
    }
    filled = fill(make(follow.root, "R1", "2027-T1"), bad, tmp_path / "fel.xlsx")
    result = read(follow.root, filled, replace=True)
    assert result.written == []
    assert existing.read_bytes() == before
    where = str(filled)
    assert {
        f"{where}, Rapport!B7: fel UD416: 'igår' är inget datum; skriv ÅÅÅÅ-MM-DD",
        f"{where}, Utfall!E7: fel UD416: 'nittio' är inget tal",
        f"{where}, Utfall!H7: fel UD417: cellen har en formel, '=cmd|' /C calc'!A0'; skriv "
        "värdet i stället (formler räknas aldrig ut)",
        f"{where}, Utfall!I7: fel UD419: texten 'rad\\x9b31mett' har ett styrtecken (U+009B) som "
        "inte hör hemma i en rapport; ta bort det",
        f"{where}, Utfall!G8: fel UD419: texten '{'x' * 59}…' är 6000 tecken; en cell får ha "
        "högst 5000",
    } <= messages(result)
    assert any(f.code == "UD412" and f.cell == "Utfall!H8" for f in result.findings)


def test_a_check_of_the_report_is_said_at_its_cell(kommun: KommunRepo, tmp_path: Path) -> None:
    cells = {**R1_CELLS, "Utfall!E8": 193.1}
    filled = fill(make(kommun.root, "R1", "2027-T1"), cells, tmp_path / "procent.xlsx")
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.code, f.cell, f.message) for f in result.findings if f.is_error] == [
        ("UD407", "Utfall!E8", "KK3 mäts i procent; 193,1 ligger utanför 0–100")
    ]


def test_text_in_a_comment_that_starts_with_equals_is_kept_as_text(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "text.xlsx")
    book = openpyxl.load_workbook(filled)
    book["Utfall"]["H7"].value = "=SUMMA är inget vi räknar"
    book["Utfall"]["H7"].data_type = "s"  # typed as text, as Calc keeps it after a '
    book.save(filled)
    result = read(kommun.root, filled)
    assert not result.has_errors, messages(result)
    text = (kommun.root / "uppfoljning" / BASE_ID / R1).read_text(encoding="utf-8")
    assert parsed(text)["utfall"][0]["kommentar"] == "=SUMMA är inget vi räknar"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gammal.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "en .xls-fil"),
        (
            "lösen.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "skyddad med lösenord",
        ),
        ("trasig.xlsx", b"PK\x03\x04 inte en zip", "trasig eller ingen .xlsx-fil"),
        ("calc.ods", b"PK\x03\x04\0\0mimetypeapplication/vnd.oasis.opendocument", ".ods-fil"),
    ],
)
def test_a_file_that_is_no_form_is_one_clear_error(
    kommun: KommunRepo, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [finding] = read(kommun.root, path).findings
    assert (finding.code, finding.cell) == ("UD415", None)
    assert message in finding.message


def test_a_workbook_of_someone_else_and_a_huge_file_are_refused(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    other = tmp_path / "annan.xlsx"
    openpyxl.Workbook().save(other)
    huge = tmp_path / "stor.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    result = read(kommun.root, other, huge)
    assert sorted(f.message for f in result.findings) == [
        "filen är 51 MB; en blankett är högst 50 MB",
        "filen är ingen blankett från 'uppdrag blankett' (bladet saknas)",
    ]


def test_a_form_from_another_version_names_what_changed(kommun: KommunRepo, tmp_path: Path) -> None:
    form = make(kommun.root, "R1", "2027-T1")
    kommun.write_base("      minst: 95\n", "      minst: 96\n")
    result = read(kommun.root, fill(form, R1_CELLS, tmp_path / "gammal.xlsx"))
    [warning] = [f for f in result.findings if f.code == "UD432"]
    assert warning.cell == "Blankett!B6" and not warning.is_error
    assert warning.message.endswith("ändrat sedan dess: KK3 målvärde 'minst 95' → 'minst 96'")
    assert result.written


def test_an_existing_report_is_replaced_only_when_asked_and_keeps_its_comments(
    follow: FollowRepo, tmp_path: Path
) -> None:
    existing = follow.folder() / R1
    before = existing.read_text(encoding="utf-8")
    cells = {**R1_CELLS, "Utfall!E8": "93,5"}
    filled = fill(make(follow.root, "R1", "2027-T1"), cells, tmp_path / "ny.xlsx")
    refused = read(follow.root, filled)
    assert [f.code for f in refused.findings if f.is_error] == ["UD418"]
    assert existing.read_text(encoding="utf-8") == before
    replaced = read(follow.root, filled, replace=True)
    assert replaced.written == [existing]
    after = existing.read_text(encoding="utf-8")
    assert after == changed(before, "värde: 93.1 ", "värde: 93.5 ")
    same = read(follow.root, filled)
    assert same.unchanged == [existing] and not same.has_errors


def test_inlas_prints_findings_in_checks_formats(
    kommun: KommunRepo, tmp_path: Path, in_dir: Any
) -> None:
    in_dir(kommun.root)
    cells = {**R1_CELLS, "Utfall!E7": "nittio"}
    filled = fill(make(kommun.root, "R1", "2027-T1"), cells, tmp_path / "fel.xlsx")
    result = CliRunner().invoke(main, ["inlas", str(filled), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["fel"] == 1
    [error] = data["fynd"]
    assert (error["cell"], error["kod"], error["rad"], error["kolumn"]) == (
        "Utfall!E7",
        "UD416",
        7,
        5,
    )


def test_inlas_names_the_cell_in_sarif(kommun: KommunRepo, tmp_path: Path, in_dir: Any) -> None:
    in_dir(kommun.root)
    cells = {**R1_CELLS, "Utfall!E8": "93,1 %"}
    filled = fill(make(kommun.root, "R1", "2027-T1"), cells, tmp_path / "fel.xlsx")
    result = CliRunner().invoke(main, ["inläs", str(filled), "--format", "sarif"])
    [found] = json.loads(result.stdout)["runs"][0]["results"]
    [location] = found["locations"]
    assert location["logicalLocations"] == [{"name": "Utfall!E8"}]
    assert location["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 5}
    assert found["message"]["text"] == "'93,1 %' är inget tal"


def test_blankett_writes_every_report_of_a_period(kommun: KommunRepo, in_dir: Any) -> None:
    in_dir(kommun.root)
    result = CliRunner().invoke(main, ["blankett", BASE_ID, "--alla", "2027-T1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Skrev build/blanketter/{BASE_ID}-R1-2027-T1.xlsx",
        f"Skrev build/blanketter/{BASE_ID}-R3-2027-K1.xlsx",
    ]


def test_blankett_refuses_an_uppdrag_the_build_would_refuse(
    kommun: KommunRepo, in_dir: Any
) -> None:
    """An index above 1 left the form's decided amounts blank, and the unit got it all the same."""
    indexation = kommun.uppdrag_dir / "gemensamt" / "upprakning.yaml"
    text = indexation.read_text(encoding="utf-8")
    indexation.write_text(changed(text, "    övrigt: 0.018\n", "    övrigt: 1.8\n", 1), "utf-8")
    in_dir(kommun.root)
    result = CliRunner().invoke(main, ["blankett", BASE_ID, "R3", "2027-K1"])
    assert result.exit_code == 1, result.output
    line = (
        changed(text, "    övrigt: 0.018\n", "    övrigt: 1.8\n", 1)
        .split("\n")
        .index("    övrigt: 1.8")
    )
    assert result.output.splitlines() == [
        "uppdrag: fel: uppdraget eller de gemensamma filerna har fel, så ingen blankett skrevs; "
        "rätta dem först:",
        f"uppdrag/gemensamt/upprakning.yaml:{line + 1}:13: fel UD112: 'år[2027].övrigt' är "
        "'1.8', men får vara högst 1",
    ]
    assert not (kommun.root / "build").exists()


def test_blankett_never_replaces_a_filled_in_form_with_a_blank_one(
    kommun: KommunRepo, in_dir: Any
) -> None:
    in_dir(kommun.root)
    folder = kommun.root / "build" / "blanketter"
    assert CliRunner().invoke(main, ["blankett", BASE_ID, "--alla", "2027-T1"]).exit_code == 0
    r1, r3 = folder / f"{BASE_ID}-R1-2027-T1.xlsx", folder / f"{BASE_ID}-R3-2027-K1.xlsx"
    blank = r3.read_bytes()
    fill(r1, {"Utfall!H8": "En kommentar som enheten har skrivit"}, r1)
    answered = r1.read_bytes()
    again = CliRunner().invoke(main, ["blankett", BASE_ID, "--alla", "2027-T1"])
    assert (again.exit_code, again.output) == (
        1,
        "uppdrag: fel: en blankett finns redan med svar i och ersätts inte med en tom:\n"
        f"  build/blanketter/{r1.name}: Utfall!H8 är ifylld\n"
        "läs in den med uppdrag inläs eller flytta den först, eller gör om den tom med "
        "--ersätt\n",
    )
    assert (r1.read_bytes(), r3.read_bytes()) == (answered, blank)  # nothing written
    one = CliRunner().invoke(main, ["blankett", BASE_ID, "R1", "2027-T1", "--out", str(r1)])
    assert one.exit_code == 1 and "Utfall!H8 är ifylld" in one.output
    assert r1.read_bytes() == answered
    # a blank one saved again by Excel (other bytes, no answers) is replaced as before
    fill(r3, {}, r3)
    assert r3.read_bytes() != blank
    assert CliRunner().invoke(main, ["blankett", BASE_ID, "R3", "2027-K1"]).exit_code == 0
    assert r3.read_bytes() == blank
    (folder / "trasig.xlsx").write_bytes(b"inte en blankett")
    broken = CliRunner().invoke(
        main, ["blankett", BASE_ID, "R1", "2027-T1", "--out", str(folder / "trasig.xlsx")]
    )
    assert "trasig.xlsx: den går inte att jämföra med en tom blankett" in broken.output
    forced = CliRunner().invoke(main, ["blankett", BASE_ID, "--alla", "2027-T1", "--ersätt"])
    assert forced.exit_code == 0, forced.output
    assert r1.read_bytes() != answered
    assert openpyxl.load_workbook(r1)["Utfall"]["H8"].value is None


def test_the_word_form_shows_the_fields_of_the_excel_form() -> None:
    """The reporting template, for those who print, asks for what the Excel form asks for."""
    import docx

    from uppdrag_docs.follow_up import form_layout as forms

    from .conftest import PROJECT

    template = docx.Document(str(PROJECT / "templates" / "rapportering.docx"))
    cells = [
        [cell.text.split("\n")[0] for cell in row.cells]
        for table in template.tables
        for row in table.rows
    ]
    [criteria] = [row for row in cells if row[:2] == ["Id", "Kriterium"]]
    word_of = {"Kriterium": "Id", "Namn": "Kriterium", "Enhet": "Målvärde"}  # "högst 15 personer"
    # Antal svar is the form's alone: the register needs it, the reporting template's reader not
    assert forms.OUTCOME_COLUMNS[-1] == "Antal svar"
    assert [word_of.get(c, c) for c in forms.OUTCOME_COLUMNS[:-1]] == [
        "Id",
        "Kriterium",
        "Målvärde",
        "Målvärde",
        *criteria[3:],
    ]
    labels = {row[0] for row in cells}
    assert {"Inlämnad datum", "Inlämnad av", "Antal brukare vid periodens slut"} <= labels
    assert {f"Intäkter: {key}" for key in forms.INCOME_KEYS} <= labels
    assert {
        "Kostnader, per kostnadsslag",
        "Kommentar",
        "Åtgärder",
        "Prognos för helåret: intäkter",
        "Prognos för helåret: kostnader",
        "Volymer: utförd volym för varje rörlig post",
    } <= labels


def calc_round_trip(form: Path, out: Path) -> Path:
    """The form opened and saved as .xlsx by LibreOffice Calc, as many units do."""
    import subprocess
    import tempfile

    from uppdrag_docs.libreoffice.soffice import environment, find_soffice

    soffice = find_soffice()
    assert soffice is not None, "make test installerar LibreOffice"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{home}/profil",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(form),
            ],
            env=environment(Path(home)),
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out / form.name


@pytest.mark.slow
def test_a_form_saved_by_libreoffice_calc_reads_back_the_same(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    for name, cells in ((R1, R1_CELLS), (R3, R3_CELLS)):
        report, period = name.removesuffix(".yaml").split("-", 1)
        filled = fill(make(kommun.root, report, period), cells, tmp_path / f"{report}.xlsx")
        saved = calc_round_trip(filled, tmp_path / "calc")
        book = openpyxl.load_workbook(saved)
        assert book["Blankett"].sheet_state == "hidden"
        assert book["Rapport"].protection.sheet
        result = read(kommun.root, saved)
        assert not result.has_errors, messages(result)
        text = (kommun.root / "uppfoljning" / BASE_ID / name).read_text(encoding="utf-8")
        assert parsed(text) == parsed(example(name))
        assert bare(text) == bare(example(name))


def test_a_verksamhet_form_has_its_criteria_and_volumes(repo: KommunRepo, tmp_path: Path) -> None:
    from .conftest import PROJECT

    ident = "vard-och-omsorgsboende-ost"
    repo.write((PROJECT / "uppdrag" / f"{ident}.yaml").read_text(encoding="utf-8"), ident)
    attachment = f"bilagor/{ident}-lokalforteckning.docx"
    (repo.uppdrag_dir / "bilagor").mkdir(exist_ok=True)
    shutil.copyfile(PROJECT / "uppdrag" / attachment, repo.uppdrag_dir / attachment)
    [form] = write_forms(repo.root, [(ident, "R4", "2027-M01")])
    assert openpyxl.load_workbook(form).sheetnames == ["Rapport", "Utfall", "Volymer", "Blankett"]
    cells = {"Rapport!B7": "2027-02-10", "Utfall!E7": "6,5", "Volymer!F7": "6\u00a0375,5"}
    result = read(repo.root, fill(form, cells, tmp_path / "R4.xlsx"))
    assert not result.has_errors, messages(result)
    data = parsed((repo.root / "uppfoljning" / ident / "R4-2027-M01.yaml").read_text("utf-8"))
    assert data["utfall"] == [{"kriterium": "KK5", "värde": 6.5}]
    assert data["volymer"] == [{"post": "dygn", "utfall": 6375.5}]
    assert data["inlämnad"] == dt.date(2027, 2, 10)


@pytest.mark.parametrize(
    "cell",
    [
        {"Blankett!B3": "../../etc"},
        {"Blankett!B3": "hemtjanst-norr\n"},  # a $ in a pattern matches before a last \n
        {"Blankett!B4": "R1\n"},
        {"Blankett!B5": "2027-T1\n"},
    ],
)
def test_a_changed_hidden_sheet_cannot_lead_the_report_elsewhere(
    kommun: KommunRepo, tmp_path: Path, cell: dict[str, Any]
) -> None:
    form = fill(make(kommun.root, "R1", "2027-T1"), cell, tmp_path / "x.xlsx")
    [finding] = read(kommun.root, form).findings
    assert (finding.code, finding.message) == (
        "UD415",
        "blankettens dolda blad är ändrat; gör en ny med uppdrag blankett",
    )
    assert not (kommun.root / "uppfoljning").exists()


def test_report_text_quotes_only_what_yaml_would_misread() -> None:
    from uppdrag_docs.follow_up.report_text import replaced_text, report_text

    data = {
        "period": "2027-T1",
        "inlämnad_av": "Leanlink, Hemtjänst Norr",
        "utfall": [
            {
                "kriterium": "KK1",
                "värde": Decimal("1234.5"),
                "kommentar": "Första raden.\nAndra: raden.\n",
                "åtgärder": "ja",
                "ej_mätt": "2027-05-01",
            }
        ],
        "brukare": 12_000,
    }
    text = report_text(data, ["Rubrik"])
    assert text == (
        "# Rubrik\n"
        "period: 2027-T1\n"
        "inlämnad_av: Leanlink, Hemtjänst Norr\n"
        "utfall:\n"
        "  - kriterium: KK1\n"
        "    värde: 1234.5\n"
        "    kommentar: |\n"
        "      Första raden.\n"
        "      Andra: raden.\n"
        "    åtgärder: ja\n"
        '    ej_mätt: "2027-05-01"\n'
        "brukare: 12_000\n"
    )
    assert parsed(text)["utfall"][0]["ej_mätt"] == "2027-05-01"
    again = replaced_text("period: 2027-T1  # behålls\nbrukare: 12_000\n", {**data, "brukare": 9})
    assert again.splitlines()[0] == "period: 2027-T1  # behålls"
    assert parsed(again) == {**parsed(text), "brukare": 9}


def test_the_readme_loop_works_as_written(tmp_path: Path, in_dir: Any) -> None:
    """The four steps of the README, on a copy of the kommun's own uppdrag and uppföljning."""
    import shlex
    import shutil

    from .conftest import PROJECT

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Rapporter i Excel", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    steps = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    make_form, read_form, check = (shlex.split(step)[1:] for step in steps if step)
    for folder in ("uppdrag", "uppfoljning"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    in_dir(tmp_path)
    runner = CliRunner()

    made = runner.invoke(main, make_form)
    assert made.exit_code == 0, made.output
    [written] = re.findall(r"Skrev (\S+\.xlsx)", made.output)
    uppdrag, report, period = make_form[1:]
    cells = {"Rapport!B7": dt.date(2028, 5, 20), "Utfall!E7": "14,2", "Utfall!E8": "96,4"}
    fill(tmp_path / written, cells, tmp_path / read_form[-1])  # the unit mails it back

    read_back = runner.invoke(main, read_form)
    assert read_back.exit_code == 0, read_back.output
    target = tmp_path / "uppfoljning" / uppdrag / f"{report}-{period}.yaml"
    data = parsed(target.read_text(encoding="utf-8"))
    assert [(u["kriterium"], u["värde"]) for u in data["utfall"]] == [("KK1", 14.2), ("KK3", 96.4)]
    checked = runner.invoke(main, check)
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[-1].startswith("0 fel")


def _raw_cell(form: Path, sheet_xml: str, ref: str, inner: str, out: Path) -> Path:
    """The form with one cell's XML replaced, as a file made by another program can hold it."""
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"xl/worksheets/{sheet_xml}":
                text, count = re.subn(
                    rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)',
                    rf'<c r="{ref}"\1 t="n">{inner}</c>',
                    data.decode(),
                )
                assert count == 1
                data = text.encode()
            target.writestr(info, data)
    return out


@pytest.mark.parametrize("value", ["1e308", "1e309", "-1e309", "1e13"])
def test_a_number_too_large_for_a_report_is_an_error_at_its_cell(
    kommun: KommunRepo, tmp_path: Path, value: str
) -> None:
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    huge = _raw_cell(filled, "sheet2.xml", "E7", f"<v>{value}</v>", tmp_path / "stor.xlsx")
    result = read(kommun.root, huge)
    assert result.written == []
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [("UD416", "Utfall!E7")]


def test_a_value_typed_with_a_percent_sign_is_the_percentage_it_shows(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    """Excel and Calc keep "93,1 %" typed into a cell as 0.931 shown as a percentage."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    book = openpyxl.load_workbook(filled)
    book["Utfall"]["E8"].value = 0.931
    book["Utfall"]["E8"].number_format = "0.0%"
    book.save(filled)
    result = read(kommun.root, filled)
    assert not result.has_errors, messages(result)
    text = (kommun.root / "uppfoljning" / BASE_ID / R1).read_text(encoding="utf-8")
    assert parsed(text)["utfall"][1]["värde"] == 93.1


def test_a_row_inserted_in_the_criteria_loses_nothing_below_it(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    book = openpyxl.load_workbook(filled)
    book["Utfall"].insert_rows(8)  # an unprotected sheet, a row inserted between KK1 and KK3
    book.save(filled)
    result = read(kommun.root, filled)
    assert not result.has_errors, messages(result)
    text = (kommun.root / "uppfoljning" / BASE_ID / R1).read_text(encoding="utf-8")
    assert parsed(text) == parsed(example(R1))


def test_a_value_on_a_row_without_a_criterion_is_an_error(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    cells = {**R1_CELLS, "Utfall!E10": 12}
    filled = fill(make(kommun.root, "R1", "2027-T1"), cells, tmp_path / "ifylld.xlsx")
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [("UD416", "Utfall!E10")]


def test_a_cost_row_copied_twice_is_an_error_not_a_replaced_figure(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    filled = fill(make(kommun.root, "R3", "2027-K1"), R3_CELLS, tmp_path / "ifylld.xlsx")
    book = openpyxl.load_workbook(filled)
    sheet = book["Ekonomi"]
    row = next(r for r in range(7, 40) if sheet[f"B{r}"].value == "lokaler")
    sheet.insert_rows(row)
    sheet[f"A{row}"], sheet[f"B{row}"], sheet[f"D{row}"] = "kostnader", "personal", 5
    book.save(filled)
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [
        ("UD414", f"Ekonomi!D{row}")
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.time(12, 0), "'12:00:00' är inget datum; skriv ÅÅÅÅ-MM-DD"),
        (dt.date(1900, 1, 3), "'1900-01-03' är inget datum; skriv ÅÅÅÅ-MM-DD"),
    ],
)
def test_a_time_or_a_day_before_the_forms_validation_is_no_delivery_day(
    kommun: KommunRepo, tmp_path: Path, value: Any, message: str
) -> None:
    """A time is no formula, and a duration typed as "72:00" is day 3 of 1900 to Excel."""
    cells = {**R1_CELLS, "Rapport!B7": value}
    filled = fill(make(kommun.root, "R1", "2027-T1"), cells, tmp_path / "tid.xlsx")
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.code, f.cell, f.message) for f in result.findings if f.is_error] == [
        ("UD416", "Rapport!B7", message)
    ]


@pytest.mark.parametrize("replace", [False, True])
def test_two_forms_of_one_report_in_one_call_write_neither(
    kommun: KommunRepo, tmp_path: Path, replace: bool
) -> None:
    """Which of the two is the report is for a person to say, not the order of the files."""
    form = make(kommun.root, "R1", "2027-T1")
    first = fill(form, R1_CELLS, tmp_path / "första.xlsx")
    second = fill(form, {**R1_CELLS, "Utfall!E7": 13}, tmp_path / "andra.xlsx")
    result = read(kommun.root, first, second, replace=replace)
    assert result.written == []
    assert not (kommun.root / "uppfoljning" / BASE_ID / R1).exists()
    assert {(f.path.name, f.code, f.cell, f.message) for f in result.findings if f.is_error} == {
        ("första.xlsx", "UD418", "Blankett!B3", f"{second} gäller samma rapport; läs in en av dem"),
        ("andra.xlsx", "UD418", "Blankett!B3", f"{first} gäller samma rapport; läs in en av dem"),
    }


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("uppdrag/hemtjanst-norr.yaml", "--out ska vara en .xlsx-fil"),
        ("uppfoljning/ny.xlsx", "ligger i uppfoljning/, bland källfilerna"),
    ],
)
def test_blankett_out_never_replaces_a_source_file(
    kommun: KommunRepo, in_dir: Any, out: str, message: str
) -> None:
    in_dir(kommun.root)
    before = {p: p.read_bytes() for p in kommun.root.rglob("*") if p.is_file()}
    result = CliRunner().invoke(main, ["blankett", BASE_ID, "R1", "2027-T1", "--out", out])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert {p: p.read_bytes() for p in kommun.root.rglob("*") if p.is_file()} == before


def test_blankett_out_is_written_through_a_link(
    kommun: KommunRepo, in_dir: Any, tmp_path: Path
) -> None:
    (tmp_path / "inkorg").mkdir()
    link = tmp_path / "R1.xlsx"
    link.symlink_to(tmp_path / "inkorg" / "R1-2027-T1.xlsx")
    in_dir(kommun.root)
    result = CliRunner().invoke(main, ["blankett", BASE_ID, "R1", "2027-T1", "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert zipfile.is_zipfile(tmp_path / "inkorg" / "R1-2027-T1.xlsx")


def test_a_form_or_report_that_cannot_be_written_is_a_swedish_error(
    kommun: KommunRepo, in_dir: Any, tmp_path: Path
) -> None:
    in_dir(kommun.root)
    blocked = tmp_path / "fil"
    blocked.write_text("en fil, ingen mapp")
    result = CliRunner().invoke(
        main, ["blankett", BASE_ID, "R1", "2027-T1", "--out", str(blocked / "R1.xlsx")]
    )
    assert result.exit_code == 1, result.output
    assert "kan inte skrivas" in result.output and "internt fel" not in result.output
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    (kommun.root / "uppfoljning" / BASE_ID / R1).mkdir(parents=True)  # in the report's way
    result = CliRunner().invoke(main, ["inläs", str(filled)])
    assert result.exit_code == 1, result.output
    assert "kan inte skrivas" in result.output and "internt fel" not in result.output


def test_a_sheet_that_unpacks_to_far_more_than_a_form_is_refused_unread(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    """10 MB on disk held 120 MB of cells, which took openpyxl 26 s and 1.3 GB to read."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    padded = tmp_path / "stor.xlsx"
    with (
        zipfile.ZipFile(filled) as source,
        zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(
                    b"</sheetData>", b"</sheetData><!--" + b"x" * 11_000_000 + b"-->"
                )
            out.writestr(info.filename, data)
    assert padded.stat().st_size < 1024 * 1024
    [finding] = read(kommun.root, padded).findings
    assert finding.code == "UD415"
    assert finding.message.endswith("ett blad i en blankett är högst 10 MB")


def test_a_form_of_an_uppdrag_that_does_not_load_is_not_written_unchecked(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    """Its criteria, period and volumes cannot be checked against a broken uppdrag file."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    kommun.write(BASE_TEXT + "  : : [\n")
    result = read(kommun.root, filled)
    assert result.written == []
    assert [(f.code, f.cell) for f in result.findings if f.is_error] == [("UD415", "Blankett!B3")]
    [error] = [f for f in result.findings if f.is_error]
    assert "inte följer formatet" in error.message and "uppdrag check" in error.message


@pytest.mark.parametrize("old", ["utfall: [\n", "\t\tx\n", "period: 2027-T1\nperiod: 2027-T1\n"])
def test_a_broken_report_is_replaced_with_ersatt(
    kommun: KommunRepo, tmp_path: Path, old: str
) -> None:
    """Its comments cannot be kept when it cannot be read, but it can be replaced."""
    existing = kommun.root / "uppfoljning" / BASE_ID / R1
    existing.parent.mkdir(parents=True)
    existing.write_text(old, encoding="utf-8")
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    result = read(kommun.root, filled, replace=True)
    assert not result.has_errors, messages(result)
    assert result.written == [existing]
    assert parsed(existing.read_text(encoding="utf-8")) == parsed(example(R1))


def test_replacing_a_report_whose_rows_were_sorted_keeps_each_comment_with_its_criterion(
    follow: FollowRepo, tmp_path: Path
) -> None:
    existing = follow.folder() / R1
    before = existing.read_text(encoding="utf-8")
    filled = fill(make(follow.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ny.xlsx")
    book = openpyxl.load_workbook(filled)
    sheet = book["Utfall"]
    for column in range(1, 10):  # KK3's row above KK1's, as sorting the sheet leaves them
        upper, lower = sheet.cell(7, column), sheet.cell(8, column)
        upper.value, lower.value = lower.value, upper.value
    book.save(filled)
    result = read(follow.root, filled, replace=True)
    assert not result.has_errors, messages(result)
    after = existing.read_text(encoding="utf-8")
    lines = {line.split("#")[0].strip(): line for line in after.splitlines()}
    assert "personalkontinuitet" in lines["- kriterium: KK1"]
    assert "minst 95 procent" in lines["- kriterium: KK3"]
    assert "within 5 %" in lines["värde: 93.1"]
    assert sorted(before.splitlines()) == sorted(after.splitlines())


def test_a_text_of_the_uppdrag_that_starts_with_equals_is_no_formula_in_the_form(
    kommun: KommunRepo,
) -> None:
    """The form goes out to the units: a name like =HYPERLINK(…) must not become a live link."""
    name = '=HYPERLINK("http://example.org","Larmåtgärd")'
    kommun.write_base("namn: Larmåtgärd", f"namn: '{name}'")
    form = make(kommun.root, "R1", "2027-T1")
    with zipfile.ZipFile(form) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet for sheet in sheets)
    assert openpyxl.load_workbook(form)["Utfall"]["B8"].value == name


def test_blankett_for_an_uppdrag_with_a_control_character_says_so(
    kommun: KommunRepo, in_dir: Any
) -> None:
    """openpyxl cannot write U+000B: that was an internal error (IllegalCharacterError)."""
    kommun.write_base("namn: Larmåtgärd", 'namn: "Larm\\våtgärd"')
    in_dir(kommun.root)
    result = CliRunner().invoke(main, ["blankett", BASE_ID, "R1", "2027-T1"])
    assert result.exit_code == 1, result.output
    assert "styrtecken" in result.output and "internt fel" not in result.output
    assert not (kommun.root / "build").exists()
