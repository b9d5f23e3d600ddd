"""Word redlines: LibreOffice's comparison, tidied, as real tracked changes a reader can accept.

These run LibreOffice (and Debian's python3-uno). They are skipped only on a machine without
LibreOffice outside CI; in CI a missing LibreOffice is a failure, not a skip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.libreoffice.compare import Comparison, compare_documents
from uppdrag_docs.redline.tidy import tidy

from .conftest import BASE_ID, GitRepo, changed

pytestmark = pytest.mark.slow

NBSP = "\u00a0"


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def small_document(path: Path, frequency: str, amount: str) -> None:
    document = docx.Document()
    document.add_heading("Rapportering", 1)
    document.add_paragraph(f"Rapporten lämnas varje {frequency} till nämnden.")
    document.add_paragraph("Ett stycke som inte ändras.")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        [("Post", "Belopp"), ("Volymförändringar", amount), ("Tilläggsuppdrag", f"450{NBSP}000")]
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    document.save(str(path))


def test_compare_two_documents(tmp_path: Path) -> None:
    old, new, out = tmp_path / "gammal.docx", tmp_path / "ny.docx", tmp_path / "jämförd.docx"
    small_document(old, "år", f"1{NBSP}050{NBSP}000")
    small_document(new, "kvartal", f"1{NBSP}400{NBSP}000")
    compared = [Comparison(old, new, out)]
    compare_documents(compared, author="uppdrag-docs", date=dt.date(2027, 2, 10), timeout=120)
    raw = document_xml(out.read_bytes())
    assert re.search(r'<w:ins [^>]*w:author="uppdrag-docs" w:date="2027-02-10T00:00:00Z"', raw)
    assert re.search(r'<w:del [^>]*w:author="uppdrag-docs" w:date="2027-02-10T00:00:00Z"', raw)
    assert raw.count("<w:tbl>") == 2  # LibreOffice replaces a changed table as a whole

    tidied = tidy(out.read_bytes(), author="uppdrag-docs", date=dt.date(2027, 2, 10))
    xml = document_xml(tidied)
    assert xml.count("<w:tbl>") == 1
    body = re.sub(
        r"<w:(rPr|pPr|tcPr|tblPr|tblGrid|trPr)/>|<w:(rPr|pPr|tcPr|tblPr|tblGrid|trPr)>.*?</w:\2>",
        "",
        xml,
    )
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>år</w:delText></w:r></w:del>", body)
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*>kvartal</w:t></w:r></w:ins>", body)
    assert body.index(">år<") < body.index(">kvartal<")  # deletion first, as Word shows it
    cell = re.search(f"<w:tc>(?:(?!</w:tc>).)*1{NBSP}050{NBSP}000(?:(?!</w:tc>).)*</w:tc>", body)
    assert cell is not None and f"1{NBSP}400{NBSP}000" in cell.group(0)
    assert "<w:del " in cell.group(0) and "<w:ins " in cell.group(0)
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))

    document = docx.Document(io.BytesIO(tidied))
    assert len(document.tables) == 1
    assert document.tables[0].cell(2, 1).text == f"450{NBSP}000"  # unchanged cells are plain


def redline(git_repo: GitRepo, in_dir: Any, out: Path) -> Any:
    in_dir(git_repo.root)
    return CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--redline", str(out)])


def test_redline_of_a_changed_uppdrag(git_repo: GitRepo, in_dir: Any, tmp_path: Path) -> None:
    git_repo.write_base()
    git_repo.commit("Första")
    _, text = git_repo.write_base("frekvens: år", "frekvens: kvartal")
    git_repo.write(changed(text, "      antal: 15\n", "      antal: 20\n"))
    git_repo.commit("Kvartalsvis brukarundersökning och fler brukare")
    out = tmp_path / "andringar"
    outcome = redline(git_repo, in_dir, out)
    assert outcome.exit_code == 0, outcome.output
    name = f"{BASE_ID}-andringar"
    assert sorted(p.name for p in out.iterdir()) == [f"{name}.docx", f"{name}.pdf"]
    data = (out / f"{name}.docx").read_bytes()
    xml = document_xml(data)
    marks = re.findall(r"<w:(ins|del) [^>]*w:author=\"([^\"]+)\" w:date=\"([^\"]+)\"", xml)
    assert {kind for kind, _, _ in marks} == {"ins", "del"}
    assert {(author, date) for _, author, date in marks} == {
        ("uppdrag-docs", "2027-02-10T00:00:00Z")  # the newer commit's date
    }
    cells = re.findall(r"<w:tc>(?:(?!</w:tc>).)*</w:tc>", xml)
    marked = [c for c in cells if "<w:ins " in c and "<w:del " in c]
    volume = (f"1{NBSP}050{NBSP}000", f"1{NBSP}400{NBSP}000")  # the volume change, 2028
    assert any(volume[0] in c and volume[1] in c for c in marked)

    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Hemtjänst i egen regi – område Norr"
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(out / f"{name}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1 400 000" in pdf_text and "1 050 000" in pdf_text  # pdftotext gives plain spaces

    again = tmp_path / "igen"
    assert redline(git_repo, in_dir, again).exit_code == 0
    assert (again / f"{name}.docx").read_bytes() == data  # reproducible


def test_added_uppdrag_has_no_redline(git_repo: GitRepo, in_dir: Any, tmp_path: Path) -> None:
    git_repo.commit("Tomt")
    git_repo.write_base()
    git_repo.commit("Nytt uppdrag")
    out = tmp_path / "andringar"
    outcome = redline(git_repo, in_dir, out)
    assert outcome.exit_code == 0
    assert (
        f"Inget dokument med ändringar för {BASE_ID}: uppdraget finns inte i den gamla versionen"
        in outcome.output
    )
    assert not out.exists() or not any(out.iterdir())
