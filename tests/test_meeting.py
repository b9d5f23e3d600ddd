"""`uppdrag build --meeting`: the handlingar for a board meeting, read as a board member would.

The examples have four uppdrag for Socialnämnden's meeting on 2026-12-14, one with a PDF bilaga
and one with a Word bilaga. Each ärende is its tjänsteskrivelse, then the verksamhetsuppdrag,
then its bilagor. They are built once in a git repository and once more, forced, in a clone of
it; the tests read the first through pdftotext and pypdf and compare the two byte for byte (a
förslag without ärende.datum is dated by its file's last commit, the same in every clone). The
bundle is checked as an archive and a screen reader meet it (`pdfcheck.py`), with the checks
that every single document passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import docx.shared
import pikepdf
import pikepdf.pdfa
import pytest
from pikepdf import Name
from PIL import Image
from pypdf import PdfReader

from uppdrag_docs.build.meeting import MeetingReport, build_meeting
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.libreoffice.soffice import find_soffice
from uppdrag_docs.version import TOOL, __version__

from .conftest import BASE_TEXT, EXAMPLES, Cli, KommunRepo, changed, git
from .pdfcheck import (
    archival_problems,
    census,
    claim,
    elements,
    parent_tree_problems,
    parts,
    plain_pdf,
    role,
)

pytestmark = pytest.mark.slow

MEETING = dt.date(2026, 12, 14)
FOLDER = "sammantrade-2026-12-14"
# (id, diarienummer): all four are förslag, so the list is in diarienummer order
ARENDEN = [
    ("hemtjanst-norr", "SOCN 2026-0142"),
    ("vard-och-omsorgsboende-ost", "SOCN 2026-0158"),
    ("lss-gruppbostader-vast", "SOCN 2026-0163"),
    ("lss-daglig-verksamhet", "SOCN 2026-0164"),
]
PDF_BILAGA = EXAMPLES / "bilagor" / "lss-gruppbostader-vast-bostader.pdf"
WORD_BILAGA = "vard-och-omsorgsboende-ost-lokalforteckning.docx"
FRONT_PAGES = 2  # the cover and a one-page list


@dataclass
class Built:
    root: Path
    report: MeetingReport
    commit: str

    @property
    def folder(self) -> Path:
        assert self.report.folder is not None
        return self.report.folder

    @property
    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / "manifest.json").read_text())
        return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """The meeting built in a git repository, and again (forced) in a clone of it."""
    if find_soffice() is None:
        pytest.fail("LibreOffice saknas; make test installerar det")
    first = tmp_path_factory.mktemp("sammantrade") / "kommun"
    shutil.copytree(EXAMPLES, first / "uppdrag")
    git(first, "init", "-q", "-b", "main")
    git(first, "add", "-A")
    git(first, "commit", "-q", "-m", "Uppdragen till sammanträdet")
    commit = git(first, "rev-parse", "HEAD").strip()
    report = build_meeting(MEETING, BuildOptions(jobs=2), root=first)
    assert report.ok, (report.build.failed, report.build.pdf_problem)
    second = tmp_path_factory.mktemp("klon") / "kommun"
    git(second.parent, "clone", "-q", str(first), str(second))
    again = build_meeting(MEETING, BuildOptions(force=True, jobs=2), root=second)
    assert again.ok
    return Built(first, report, commit), Built(second, again, commit)


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext of the pages first..last (1-based, as pdftotext counts)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode().replace("\u00a0", " ")


def outline(reader: PdfReader, items: list[Any] | None = None) -> list[Any]:
    """The bookmarks as nested lists of (title, page index)."""
    out: list[Any] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out.append(outline(reader, item))
        else:
            out.append((str(item.title), reader.get_destination_page_number(item)))
    return out


def test_the_folder_holds_the_bundle_each_arende_and_the_manifest(
    built: tuple[Built, Built],
) -> None:
    names = sorted(p.name for p in built[0].folder.iterdir())
    expected = ["handlingar.pdf", "manifest.json"]
    suffixes = (".docx", ".pdf", "-tjansteskrivelse.docx", "-tjansteskrivelse.pdf")
    expected += [f"{ident}{suffix}" for ident, _ in ARENDEN for suffix in suffixes]
    assert names == sorted(expected)
    assert built[0].folder == built[0].root / "build" / FOLDER


def test_the_list_names_each_arende_with_its_page(built: tuple[Built, Built]) -> None:
    bundle = built[0].folder / "handlingar.pdf"
    cover = "".join(pdf_text(bundle, 1, 1).split()).casefold()  # the subtitle is spaced out
    for part in ("Linköpingskommun", "Handlingar", "Socialnämnden", "14december2026", "4ärenden"):
        assert part.casefold() in cover, part
    listing = pdf_text(bundle, 2, 2)
    starts = {a["id"]: a["sida"] for a in built[0].manifest["ärenden"]}
    rows = [
        re.match(r"\s*(\d+)\s+(.+?)\s{2,}(SOCN \d{4}-\d{4})\s+(\S+)\s+(\d+)\s*$", line)
        for line in listing.splitlines()
    ]  # the ärende's row: its tjänsteskrivelse's title (on one line or more) and first page
    found = [m.groups() for m in rows if m]
    assert [(int(nr), number) for nr, _, number, _, _ in found] == [
        (n, number) for n, (_, number) in enumerate(ARENDEN, start=1)
    ]
    assert [status for _, _, _, status, _ in found] == ["Förslag"] * 4
    assert [int(page) for *_, page in found] == [starts[ident] for ident, _ in ARENDEN]
    assert found[0][1] == "Verksamhetsuppdrag Hemtjänst i egen regi –"
    decisions = {a["id"]: a["verksamhetsuppdrag"]["sida"] for a in built[0].manifest["ärenden"]}
    parts = re.findall(r"^\s+Verksamhetsuppdrag\s+(\d+)\s*$", listing, re.M)
    assert [int(page) for page in parts] == [decisions[ident] for ident, _ in ARENDEN]
    bilagor = [b for a in built[0].manifest["ärenden"] for b in a["bilagor"]]
    assert [b["titel"] for b in bilagor] == [
        "Lokalförteckning för boendena i område Öst",
        "Förteckning över bostäder och lägenheter",
    ]
    for b in bilagor:  # at the page the manifest gives (the example grows as features land)
        line = rf"Bilaga {b['nr']}: {b['titel']}\s+{b['sida']}\s*$"
        assert re.search(line, listing, re.M), b["titel"]


def test_each_arende_starts_on_the_page_the_list_says(built: tuple[Built, Built]) -> None:
    bundle = built[0].folder / "handlingar.pdf"
    labels = PdfReader(str(bundle)).page_labels
    for arende in built[0].manifest["ärenden"]:
        index = FRONT_PAGES + arende["sida"] - 1  # 0-based page in the file
        assert labels[index] == str(arende["sida"])
        page = pdf_text(bundle, index + 1, index + 1)
        assert "TJÄNSTESKRIVELSE" in page.replace(" ", "")  # the subtitle is spaced out
        assert arende["titel"] in " ".join(page.split()), arende["id"]
        assert re.search(rf"Sida 1 \({arende['sidor']}\)", page), arende["id"]
        own = pdf_text(built[0].folder / f"{arende['id']}-tjansteskrivelse.pdf", 1, 1)
        assert page == own
        decision = arende["verksamhetsuppdrag"]
        assert decision["sida"] == arende["sida"] + arende["sidor"]  # right after it
        start = FRONT_PAGES + decision["sida"] - 1
        assert pdf_text(bundle, start + 1, start + 1) == pdf_text(
            built[0].folder / f"{arende['id']}.pdf", 1, 1
        )
        for bilaga in arende["bilagor"]:
            first = FRONT_PAGES + bilaga["sida"] - 1
            assert labels[first] == str(bilaga["sida"])
            assert bilaga["sida"] == decision["sida"] + decision["sidor"]  # after the uppdrag


def test_bilagor_are_appended_as_they_are(built: tuple[Built, Built]) -> None:
    bundle = built[0].folder / "handlingar.pdf"
    reader = PdfReader(str(bundle))
    parts = [
        built[0].folder / f"{ident}{suffix}.pdf"
        for ident, _ in ARENDEN
        for suffix in ("", "-tjansteskrivelse")
    ]
    own_pages = sum(len(PdfReader(str(p)).pages) for p in parts)
    manifest = built[0].manifest
    bilagor = [b for a in manifest["ärenden"] for b in a["bilagor"]]
    assert [b["källa"] for b in bilagor] == [
        "uppdrag/bilagor/vard-och-omsorgsboende-ost-lokalforteckning.docx",
        "uppdrag/bilagor/lss-gruppbostader-vast-bostader.pdf",
    ]
    assert len(reader.pages) == FRONT_PAGES + own_pages + sum(b["sidor"] for b in bilagor)
    pdf_bilaga = bilagor[1]
    assert pdf_bilaga["sidor"] == len(PdfReader(str(PDF_BILAGA)).pages)
    page = FRONT_PAGES + pdf_bilaga["sida"]
    assert pdf_text(bundle, page, page) == pdf_text(PDF_BILAGA, 1, 1)
    docx_bilaga = bilagor[0]
    page = FRONT_PAGES + docx_bilaga["sida"]
    assert "Lokalförteckning" in pdf_text(bundle, page, page)


def test_bookmarks_per_arende_and_bilaga(built: tuple[Built, Built]) -> None:
    reader = PdfReader(str(built[0].folder / "handlingar.pdf"))
    marks = outline(reader)
    top = [m for m in marks if isinstance(m, tuple)]
    arenden = built[0].manifest["ärenden"]
    assert top == [
        ("Omslag", 0),
        ("Ärendeförteckning", 1),
        *[(f"Ärende {a['nr']}: {a['titel']}", FRONT_PAGES + a["sida"] - 1) for a in arenden],
    ]
    children = [m for m in marks if isinstance(m, list)]
    assert len(children) == 4  # each ärende: its tjänsteskrivelse's headings, then its parts
    assert ("Förslag till socialnämndens beslut", FRONT_PAGES) in children[0]
    for arende, below in zip(arenden, children, strict=True):
        decision = arende["verksamhetsuppdrag"]
        expected = [
            (f"Verksamhetsuppdrag: {decision['titel']}", FRONT_PAGES + decision["sida"] - 1),
            *[
                (f"Bilaga {b['nr']}: {b['titel']}", FRONT_PAGES + b["sida"] - 1)
                for b in arende["bilagor"]
            ],
        ]
        parts = ("Verksamhetsuppdrag: ", "Bilaga ")
        assert [m for m in below if isinstance(m, tuple) and m[0].startswith(parts)] == expected


def test_page_labels_match_the_list(built: tuple[Built, Built]) -> None:
    reader = PdfReader(str(built[0].folder / "handlingar.pdf"))
    count = len(reader.pages)
    assert reader.page_labels == ["Omslag", "i", *[str(n) for n in range(1, count - 1)]]
    assert built[0].report.pages == count


def test_document_properties(built: tuple[Built, Built]) -> None:
    reader = PdfReader(str(built[0].folder / "handlingar.pdf"))
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Handlingar till sammanträde med Socialnämnden 14\u00a0december 2026"
    )
    assert str(reader.metadata["/CreationDate"]) == "D:20261214000000Z"
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE" and root["/PageMode"] == "/UseOutlines"


def test_manifest_checksums_hold(built: tuple[Built, Built]) -> None:
    for side in built:
        manifest = side.manifest
        files = manifest["filer"]
        on_disk = sorted(p.name for p in side.folder.iterdir() if p.name != "manifest.json")
        assert sorted(files) == on_disk
        for name, entry in files.items():
            data = (side.folder / name).read_bytes()
            assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "storlek": len(data)}
        assert manifest["verktyg"] == TOOL and manifest["version"] == __version__
        assert (manifest["organ"], manifest["sammanträde"]) == ("Socialnämnden", "2026-12-14")
        assert [a["id"] for a in manifest["ärenden"]] == [i for i, _ in ARENDEN]
    in_git, clone = built
    assert in_git.manifest["commit"] == in_git.commit == clone.manifest["commit"]
    assert in_git.manifest["ändrat_efter_commit"] == []


def test_same_commit_gives_the_same_bytes(built: tuple[Built, Built]) -> None:
    in_git, clone = built
    for name in in_git.manifest["filer"]:
        assert (in_git.folder / name).read_bytes() == (clone.folder / name).read_bytes(), name
    assert in_git.manifest == clone.manifest


def test_outside_git_the_manifest_names_no_commit(
    built: tuple[Built, Built], tmp_path: Path
) -> None:
    root = tmp_path / "kommun"
    shutil.copytree(built[0].root, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    report = build_meeting(MEETING, root=root)
    assert report.ok and report.build.built == []  # the documents are those built in git
    manifest = json.loads((root / "build" / FOLDER / "manifest.json").read_text())
    assert (manifest["commit"], manifest["ändrat_efter_commit"]) == (None, [])
    assert manifest["filer"] == built[0].manifest["filer"]


def test_the_manifest_names_files_changed_after_the_commit(
    built: tuple[Built, Built], tmp_path: Path
) -> None:
    root = tmp_path / "kommun"
    shutil.copytree(built[0].root, root, symlinks=True)
    other = root / "uppdrag" / "socialjour.yaml"  # not on the agenda: nothing is rebuilt
    other.write_text(other.read_text(encoding="utf-8") + "# utkast\n", encoding="utf-8")
    report = build_meeting(MEETING, root=root)
    assert report.ok and report.build.built == []
    manifest = json.loads((root / "build" / FOLDER / "manifest.json").read_text())
    assert manifest["commit"] == built[0].commit
    assert manifest["ändrat_efter_commit"] == ["uppdrag/socialjour.yaml"]
    assert manifest["filer"] == built[0].manifest["filer"]


def test_the_file_identifier_is_derived_from_the_content(built: tuple[Built, Built]) -> None:
    data = (built[0].folder / "handlingar.pdf").read_bytes()
    identifier = re.search(rb"/ID\s*\[\s*<([0-9a-f]{32})>\s*<\1>\s*\]", data)
    assert identifier is not None
    blank = data.replace(identifier[1], b"0" * 32)
    assert hashlib.sha256(blank).digest()[:16].hex().encode() == identifier[1]


def test_each_arende_pdf_keeps_its_archival_form(built: tuple[Built, Built]) -> None:
    reader = PdfReader(str(built[0].folder / "hemtjanst-norr.pdf"))
    assert reader.pdf_header == "%PDF-1.6"
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and "/OutputIntents" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<xmp:CreateDate>2026-12-14T00:00:00Z</xmp:CreateDate>" in xmp
    assert reader.metadata is not None
    assert str(reader.metadata["/CreationDate"]) == "D:20261214000000Z"
    assert "pdfaid:part>2<" in xmp


def test_the_bundle_passes_the_checks_of_a_single_document(built: tuple[Built, Built]) -> None:
    """PDF/A-2b claim and sRGB output intent, tags, /Lang, fonts, qpdf, pikepdf's checker."""
    folder = built[0].folder
    for path in sorted(folder.glob("*.pdf")):
        assert archival_problems(path) == [], path.name
    bundle = folder / "handlingar.pdf"
    assert pikepdf.pdfa.validate_written(bundle, "2b").passed  # nothing left unchecked either
    with pikepdf.open(bundle) as pdf:
        xmp = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp["dc:title"] == str(pdf.docinfo.Title)
        assert xmp["xmp:CreateDate"] == "2026-12-14T00:00:00Z"
        assert str(pdf.docinfo.CreationDate) == "D:20261214000000Z"


def test_each_document_is_a_part_of_the_structure_tree(built: tuple[Built, Built]) -> None:
    """The headings, tables and lists of every document, under one /Part each."""
    folder = built[0].folder
    arenden = built[0].manifest["ärenden"]
    with pikepdf.open(folder / "handlingar.pdf") as pdf:
        tree = pdf.Root.StructTreeRoot
        roles = tree.RoleMap
        (document,) = list(tree.K)
        assert Name.Document == document.S
        front, *chapters = parts(document)
        assert str(front.T) == "Omslag och ärendeförteckning"
        assert census(front, roles)["/Table"] >= 1  # the list of ärenden
        assert [str(c.T) for c in chapters] == [f"Ärende {a['nr']}: {a['titel']}" for a in arenden]
        for arende, chapter in zip(arenden, chapters, strict=True):
            decision, *bilagor = parts(chapter)
            titles = [str(p.T) for p in (decision, *bilagor)]
            assert titles == [
                f"Verksamhetsuppdrag: {arende['verksamhetsuppdrag']['titel']}",
                *[f"Bilaga {b['nr']}: {b['titel']}" for b in arende["bilagor"]],
            ]
            own = census(chapter, roles, skip=(decision, *bilagor))
            assert own == single_census(folder / f"{arende['id']}-tjansteskrivelse.pdf")
            assert own["/H1"] >= 1 and own["/Table"] >= 1, arende["id"]
            assert census(decision, roles) == single_census(folder / f"{arende['id']}.pdf")
            assert census(decision, roles)["/H2"] >= 1
        word, pdf_bilaga = (parts(chapters[n])[1] for n in (1, 2))
        tables = len(docx.Document(str(EXAMPLES / "bilagor" / WORD_BILAGA)).tables)
        assert census(word, roles)["/Table"] == tables >= 1
        assert census(word, roles)["/H1"] >= 1
        divs = list(pdf_bilaga.K)  # untagged: a /Div per page that marks the page's content
        pages = built[0].manifest["ärenden"][2]["bilagor"][0]["sidor"]
        assert [(d.S, int(d.K)) for d in divs] == [(Name.Div, 0)] * pages
        assert str(pdf.Root.Lang) == "sv-SE" and bool(pdf.Root.MarkInfo.Marked)


def single_census(path: Path) -> Counter[str]:
    """What a document's own tree holds below its /Document, by standard type."""
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.StructTreeRoot
        (document,) = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
        return census(document, tree.get("/RoleMap", pikepdf.Dictionary()))


def test_the_pages_read_as_the_single_documents(built: tuple[Built, Built]) -> None:
    folder = built[0].folder
    bundle = folder / "handlingar.pdf"
    for arende in built[0].manifest["ärenden"]:
        documents = [
            (f"{arende['id']}-tjansteskrivelse.pdf", arende),
            (f"{arende['id']}.pdf", arende["verksamhetsuppdrag"]),
        ]
        for name, part in documents:
            first = FRONT_PAGES + part["sida"]
            assert pdf_text(bundle, first, first + part["sidor"] - 1) == pdf_text(folder / name)


def test_the_pdf_bilaga_that_is_not_pdfa_is_made_so_and_named_as_untagged(
    built: tuple[Built, Built],
) -> None:
    with pikepdf.open(PDF_BILAGA) as original:
        assert claim(original) == "" and "/StructTreeRoot" not in original.Root
    assert built[0].report.warnings == [
        "bilaga 1 till lss-gruppbostader-vast (uppdrag/bilagor/lss-gruppbostader-vast-bostader"
        ".pdf) saknar struktur (taggar): en skärmläsare får bara dess text, sida för sida, utan "
        "rubriker och tabeller; spara den som taggad PDF/A i programmet den gjordes i för att "
        "få med dem"
    ]


def test_a_bilaga_that_cannot_be_made_pdfa_is_named_and_the_bundle_still_made(
    repo: KommunRepo, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Word bilaga with a figure keeps its alt text; Ghostscript fails on the PDF bilaga."""
    bilagor = repo.uppdrag_dir / "bilagor"
    bilagor.mkdir()
    (bilagor / "lista.pdf").write_bytes(plain_pdf("Lista över bostäder"))
    figure_docx(bilagor / "karta.docx", "Karta över område Norr med tre gruppbostäder")
    repo.write(
        BASE_TEXT
        + "\nbilagor:\n  - titel: Karta\n    fil: bilagor/karta.docx\n"
        + "  - titel: Lista över bostäder\n    fil: bilagor/lista.pdf\n"
    )
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gs").write_text("#!/bin/sh\necho 'Unrecoverable error' >&2\nexit 1\n")
    (fake / "gs").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    result = cli("build", "--meeting", "2026-12-14")
    assert result.exit_code == 0, result.output
    assert (
        "uppdrag: varning: bilaga 2 till hemtjanst-norr (uppdrag/bilagor/lista.pdf) kunde inte "
        "göras till PDF/A: Ghostscript misslyckades: Unrecoverable error. Den finns med som den "
        "är, och handlingar.pdf anges därför inte som PDF/A\n"
    ) in result.output
    assert "uppdrag: varning: bilaga 2 till hemtjanst-norr (uppdrag/bilagor/lista.pdf) saknar " in (
        result.output
    )
    bundle = repo.root / "build" / FOLDER / "handlingar.pdf"
    assert "Lista över bostäder" in pdf_text(bundle)
    with pikepdf.open(bundle) as pdf:
        assert claim(pdf) == ""  # not PDF/A, and it does not say it is
        assert parent_tree_problems(pdf) == []
        (document,) = list(pdf.Root.StructTreeRoot.K)
        chapter = parts(document)[1]
        karta = parts(chapter)[1]
        assert str(karta.T) == "Bilaga 1: Karta"
        roles = pdf.Root.StructTreeRoot.RoleMap
        assert census(karta, roles)["Figure+Alt"] == 1
        figure = next(e for e in elements(karta) if role(str(e.S), roles) == "/Figure")
        assert str(figure.Alt) == "Karta över område Norr med tre gruppbostäder"


def figure_docx(path: Path, alt: str) -> None:
    """A Word bilaga with a heading, a table and a picture with alternative text."""
    image = io.BytesIO()
    Image.new("RGB", (120, 80), (40, 90, 160)).save(image, format="PNG")
    document = docx.Document()
    document.add_heading("Karta", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "Bostad", "Norrgården"
    document.add_picture(image, width=docx.shared.Cm(6))
    document.inline_shapes[0]._inline.docPr.set("descr", alt)
    document.save(str(path))


# Without LibreOffice: the meeting is chosen, or refused, before anything is converted.


def meeting_repo(repo: KommunRepo, *changes: tuple[str, str, str]) -> None:
    """Uppdrag named by id, each the example with `old` replaced by `new`."""
    for ident, old, new in changes:
        text = changed(BASE_TEXT, "id: hemtjanst-norr", f"id: {ident}")
        repo.write(changed(text, old, new), ident)


def test_a_date_without_uppdrag_is_exit_1_with_the_dates_there_are(
    repo: KommunRepo, cli: Cli
) -> None:
    meeting_repo(
        repo,
        ("norr", "", ""),
        ("syd", "sammanträde: 2026-12-14", "sammanträde: 2027-01-20"),
    )
    result = cli("build", "--meeting", "2026-12-15")
    assert result.exit_code == 1
    assert result.output == (
        "uppdrag: fel: inga uppdrag har beslut.sammanträde 2026-12-15; uppdragen anger "
        "sammanträdena 2026-12-14 (Socialnämnden), 2027-01-20 (Socialnämnden)\n"
    )
    assert not (repo.root / "build").exists()


def test_two_boards_on_one_date_need_board(repo: KommunRepo, cli: Cli) -> None:
    meeting_repo(
        repo,
        ("norr", "", ""),
        ("jobb", "organ: Socialnämnden", "organ: Arbetsmarknadsnämnden"),
    )
    result = cli("build", "--meeting", "2026-12-14")
    assert result.exit_code == 1
    assert result.output == (
        "uppdrag: fel: uppdrag till flera nämnder har beslut.sammanträde 2026-12-14 "
        "(Arbetsmarknadsnämnden och Socialnämnden); välj nämnd med --board\n"
    )
    result = cli("build", "--meeting", "2026-12-14", "--board", "Kommunstyrelsen")
    assert result.exit_code == 1
    assert result.output == (
        "uppdrag: fel: inga uppdrag till Kommunstyrelsen har beslut.sammanträde 2026-12-14; "
        "det har uppdrag till Arbetsmarknadsnämnden och Socialnämnden\n"
    )


def test_an_unreadable_file_stops_the_meeting(repo: KommunRepo, cli: Cli) -> None:
    meeting_repo(repo, ("norr", "", ""))
    (repo.uppdrag_dir / "trasig.yaml").write_text("id: [trasig\n", encoding="utf-8")
    result = cli("build", "--meeting", "2026-12-14")
    assert result.exit_code == 1
    assert result.output.startswith(
        "uppdrag: fel: uppdrag/trasig.yaml kan inte läsas som ett uppdrag, så det går inte att "
        "avgöra om det hör till sammanträdet 2026-12-14"
    )


def test_an_uppdrag_with_errors_stops_the_handlingar(repo: KommunRepo, cli: Cli) -> None:
    meeting_repo(repo, ("norr", "antal_brukare: 1240", "antal_brukare: 1250"))
    result = cli("build", "--meeting", "2026-12-14", "--board", "socialnämnden")
    assert result.exit_code == 1
    assert "fel UD210" in result.output
    assert (
        "uppdrag: handlingarna till sammanträdet med Socialnämnden 2026-12-14 skapades inte, "
        "eftersom inte alla dess uppdrag kunde byggas.\n"
    ) in result.output
    assert not (repo.root / "build" / FOLDER).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--meeting", "14/12"],
            "'14/12' är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-14",
        ),
        (["--board", "Socialnämnden"], "--board används bara tillsammans med --meeting"),
        (
            ["--meeting", "2026-12-14", "--no-pdf"],
            "--meeting behöver PDF och kan inte kombineras med --no-pdf",
        ),
        (
            ["--meeting", "2026-12-14", "uppdrag"],
            "--meeting väljer själv sina uppdrag och kan inte kombineras med SÖKVÄG eller "
            "--changed-since",
        ),
    ],
)
def test_wrong_calls_are_exit_2(repo: KommunRepo, cli: Cli, args: list[str], message: str) -> None:
    meeting_repo(repo, ("norr", "", ""))
    result = cli("build", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
