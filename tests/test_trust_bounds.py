"""No small file makes unbounded work: the cells of every sheet of a form (hidden ones too) and
the unpacked size of every Word template are counted before anything parses them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import BASE_TEXT, KommunRepo
from .test_forms import R1_CELLS, fill, make, read


@pytest.fixture
def kommun(repo: KommunRepo) -> KommunRepo:
    repo.write(BASE_TEXT)
    return repo


def _rewritten(form: Path, out: Path, part: str, change: bytes, before: bytes) -> Path:
    """`form` with `change` put before `before` in its part `part`, as a hostile file has it."""
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as to:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                assert before in data
                data = data.replace(before, change + before, 1)
            to.writestr(info.filename, data)
    return out


def _hidden_sheet(book: Path) -> str:
    """The part of the form's hidden sheet (the last one openpyxl wrote)."""
    with zipfile.ZipFile(book) as archive:
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    return sheets[-1]


def test_a_hidden_sheet_of_millions_of_cells_is_refused_unread(
    kommun: KommunRepo, tmp_path: Path
) -> None:
    """22 kB with 2.4 million cells in its hidden sheet took openpyxl 16 s and 900 MB."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    cells = b"<row r='99'>" + b"<c/>" * 2_400_000 + b"</row>"
    bomb = _rewritten(
        filled, tmp_path / "celler.xlsx", _hidden_sheet(filled), cells, b"</sheetData>"
    )
    assert bomb.stat().st_size < 100 * 1024
    [finding] = read(kommun.root, bomb).findings
    assert (finding.code, finding.cell) == ("UD415", None)
    assert finding.message == (
        "filen har mer än 100 000 celler (de dolda bladen och sammanslagna celler "
        "medräknade); en blankett har några hundra"
    )


@pytest.mark.parametrize(
    "element",
    [
        b'<mergeCells count="1"><mergeCell ref="A20:XFD1048576"/></mergeCells>',
        b'<hyperlinks><hyperlink ref="A20:XFD1048576" location="A1"/></hyperlinks>',
    ],
)
def test_a_range_that_openpyxl_fills_cell_by_cell_is_refused_unread(
    kommun: KommunRepo, tmp_path: Path, element: bytes
) -> None:
    """One merged or linked range of a whole sheet is 17 billion cell objects to openpyxl."""
    filled = fill(make(kommun.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    sheet = _hidden_sheet(filled)
    bomb = _rewritten(filled, tmp_path / "omrade.xlsx", sheet, element, b"<pageMargins")
    [finding] = read(kommun.root, bomb).findings
    assert finding.message.startswith("filen har mer än 100 000 celler")


def test_a_filled_form_is_far_below_the_bound_on_cells(kommun: KommunRepo, tmp_path: Path) -> None:
    from uppdrag_docs.follow_up.xlsx_file import _CELL, MAX_CELLS

    filled = fill(make(kommun.root, "R3", "2027-K1"), {}, tmp_path / "ifylld.xlsx")
    with zipfile.ZipFile(filled) as archive:
        count = sum(len(_CELL.findall(archive.read(n))) for n in archive.namelist())
    assert 50 < count < MAX_CELLS // 100


def _padded_template(folder: Path, *, body: int = 0, media: int = 0) -> Path:
    """The packaged decision template with `body` spaces in a comment of its body and a
    picture of `media` zero bytes (MB both), written a MB at a time."""
    from uppdrag_docs.format.repository import DECISION_TEMPLATE, PACKAGED_TEMPLATES

    template = folder / DECISION_TEMPLATE
    source = zipfile.ZipFile(PACKAGED_TEMPLATES / DECISION_TEMPLATE)
    with source, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and body:
                head, tail = data.split(b"</w:body>")
                with out.open(info.filename, "w", force_zip64=True) as part:
                    part.write(head + b"<!--")
                    for _ in range(body):
                        part.write(b" " * 1024 * 1024)
                    part.write(b"--></w:body>" + tail)
                continue
            out.writestr(info.filename, data)
        if media:
            with out.open("word/media/bild.png", "w", force_zip64=True) as picture:
                for _ in range(media):
                    picture.write(bytes(1024 * 1024))
    return template


def test_a_template_that_unpacks_to_gigabytes_is_refused_before_it_is_opened(
    tmp_path: Path,
) -> None:
    """A 0.5 MB template unpacking to gigabytes took 1.1 GB before it was refused; 101 MB of
    a picture are enough to show the bound."""
    from uppdrag_docs.errors import TemplateError
    from uppdrag_docs.render.docx import parsed_parts

    template = _padded_template(tmp_path, media=101)
    assert template.stat().st_size < 1024 * 1024
    with pytest.raises(TemplateError) as caught:
        parsed_parts(template)
    assert str(caught.value) == (
        f"{template}: filen packas upp till mer än 100 MB; en Word-mall är mycket mindre"
    )


def test_a_template_whose_body_alone_is_too_large_is_refused(tmp_path: Path) -> None:
    from uppdrag_docs.errors import TemplateError
    from uppdrag_docs.render.docx import parsed_parts

    template = _padded_template(tmp_path, body=21)
    with pytest.raises(TemplateError) as caught:
        parsed_parts(template)
    assert str(caught.value) == (
        f"{template}: word/document.xml packas upp till 22 MB; en del av en Word-mall är "
        "högst 20 MB"
    )
