"""Runs at once, killed runs, manifests the tool did not write, and names that would be one file.

Two builds into one folder, two `webb` (or `webb` beside `build`), two intakes of one report and
two `uppföljning --uppdrag` wait for each other (`lock.py`) instead of failing or losing work; a
killed run's lock is taken over and its temporary files removed; a manifest that names files
outside its folder deletes nothing; two sources of one file name are an error naming both. The
races are real processes, made
deterministic by a hook that holds the first run at a chosen step until the test lets it go.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from uppdrag_docs import lock
from uppdrag_docs.build.meeting import build_meeting
from uppdrag_docs.build.meeting_folder import refuse_foreign
from uppdrag_docs.cli import main
from uppdrag_docs.errors import MeetingError, UppdragError
from uppdrag_docs.files import remove_leftovers, write_atomic
from uppdrag_docs.follow_up.form_files import write_forms
from uppdrag_docs.lock import LOCK_FILE, hold
from uppdrag_docs.trust.checks import check

from .conftest import BASE_ID, BASE_TEXT, PROJECT, KommunRepo, changed
from .test_forms import R1_CELLS, fill, make

UPPDRAG = Path(sys.executable).parent / "uppdrag"
DEADLINE = 60.0

HELD = """
import importlib, pathlib, sys, time
module, name, marker, go = sys.argv[1:5]
target = importlib.import_module(module)
original = getattr(target, name)
def held(*args, **kwargs):
    pathlib.Path(marker).touch()
    while not pathlib.Path(go).exists():
        time.sleep(0.02)
    return original(*args, **kwargs)
setattr(target, name, held)
from uppdrag_docs.cli import main
main(sys.argv[5:], prog_name="uppdrag")
"""
"""A run of `uppdrag ARGS...` held where it first calls `module.name`, until `go` exists."""


class Held:
    """A real `uppdrag` process held at one step (with the lock taken) until `release()`."""

    running: ClassVar[list[subprocess.Popen[bytes]]] = []
    """Killed after each test, whatever became of it."""

    def __init__(self, tmp: Path, cwd: Path, where: str, *args: str) -> None:
        module, name = where.rsplit(".", 1)
        self.marker, self.go = tmp / "hålls", tmp / "släpp"
        self.log = tmp / "hållen.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", HELD, module, name, str(self.marker), str(self.go), *args],
                cwd=cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(self.process)
        until(lambda: self.marker.exists() or self.process.poll() is not None)
        assert self.marker.exists(), self.log.read_text()

    def release(self) -> str:
        self.go.touch()
        self.process.wait(DEADLINE)
        return self.log.read_text()

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(DEADLINE)


def until(done: Any, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not done() and time.monotonic() < end:
        time.sleep(0.05)


def second(cwd: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """`uppdrag ARGS...` started beside a held run, its output in `log`."""
    with log.open("w") as out:
        return subprocess.Popen([str(UPPDRAG), *args], cwd=cwd, stdout=out, stderr=out)


def said_waiting(process: subprocess.Popen[bytes], log: Path) -> str:
    """The output of `process` once it says it waits, or all of it when it ended without."""
    until(lambda: "väntar på" in log.read_text() or process.poll() is not None)
    return log.read_text()


def archive(tmp_path: Path) -> Path:
    """The repository's own examples: two uppdrag to Socialnämnden followed up in 2027."""
    root = tmp_path / "kommun"
    shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
    shutil.copytree(PROJECT / "uppfoljning", root / "uppfoljning")
    return root


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


# --- the lock ---------------------------------------------------------------------------------


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "PATIENCE", 0.1)


@pytest.mark.usefixtures("patient")
def test_a_thread_waits_for_another_and_says_for_whom(tmp_path: Path) -> None:
    heard: list[str] = []
    taken, free = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with (
            hold([tmp_path], "uppdrag build", heard.append),
            hold([tmp_path], "uppdrag build", heard.append),  # re-entrant in its thread
        ):
            taken.set()
            free.wait(DEADLINE)
            order.append("första")

    thread = threading.Thread(target=first)
    thread.start()
    taken.wait(DEADLINE)
    holder = json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))
    assert holder["kommando"] == "uppdrag build" and holder["pid"] == os.getpid()

    def waiting(message: str) -> None:
        """The second run says it waits: only then does the first let go."""
        heard.append(message)
        free.set()

    with hold([tmp_path], "uppdrag inläs", waiting):
        order.append("andra")
    thread.join()
    assert order == ["första", "andra"]
    assert heard == [
        f"väntar på ett annat bygge i {tmp_path}/ (uppdrag build, process {os.getpid()} på "
        f"{socket.gethostname()}, sedan {holder['sedan']})"
    ]
    assert not (tmp_path / LOCK_FILE).exists()


def test_a_lock_file_that_is_a_link_is_refused_and_left_alone(tmp_path: Path) -> None:
    victim = tmp_path / "viktig.txt"
    victim.write_text("orörd", encoding="utf-8")
    folder = tmp_path / "ut"
    folder.mkdir()
    (folder / LOCK_FILE).symlink_to(victim)
    with pytest.raises(UppdragError) as caught, hold([folder], "uppdrag build", print):
        pass
    assert str(caught.value).endswith(
        f"{LOCK_FILE} kan inte öppnas som lås: det är en symbolisk länk; ta bort den"
    )
    assert victim.read_text(encoding="utf-8") == "orörd"


def test_temporary_files_of_dead_writers_are_removed_and_others_kept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".R1-2027-T1.yaml.{dead.pid}.k3j9x0ab.tmp"
    mine = tmp_path / f".R1-2027-T2.yaml.{os.getpid()}.a1b2c3d4.tmp"
    other = tmp_path / ".anteckning.tmp"
    for path in (left, mine, other):
        path.write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "R1-2027-T3.yaml", b"klar")
    assert remove_leftovers(tmp_path) == [left]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, other.name, "R1-2027-T3.yaml"]
    )


@pytest.mark.slow  # a second Python process
def test_a_killed_holders_lock_is_taken_over_at_once(tmp_path: Path) -> None:
    script = (
        "import pathlib, sys, time\n"
        "from uppdrag_docs.lock import hold\n"
        "with hold([pathlib.Path(sys.argv[1])], 'uppdrag inläs', print):\n"
        "    pathlib.Path(sys.argv[2]).touch()\n"
        "    time.sleep(600)\n"
    )
    folder, marker = tmp_path / "arkiv", tmp_path / "håller"
    folder.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", script, str(folder), str(marker)])
    until(marker.exists)
    heard: list[str] = []
    waiter = threading.Thread(target=lambda: hold_once(folder, heard))
    waiter.start()
    until(lambda: bool(heard))
    assert heard[0].startswith(
        f"väntar på en annan körning i {folder}/ (uppdrag inläs, process {holder.pid} på "
    )
    holder.kill()  # SIGKILL: it cannot remove its lock file or say anything
    holder.wait()
    waiter.join(DEADLINE)
    assert not waiter.is_alive()
    assert not (folder / LOCK_FILE).exists()


def hold_once(folder: Path, heard: list[str]) -> None:
    with hold([folder], "uppdrag build", heard.append):
        pass


# --- two builds into one folder -----------------------------------------------------------------


@pytest.mark.slow  # pandoc, two processes
def test_a_second_build_into_the_same_folder_waits_and_both_succeed(
    kommun: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ut"
    args = ("build", "--no-pdf", "--out", str(out))
    first = Held(tmp_path, kommun, "uppdrag_docs.build.documents._write", *args)
    log = tmp_path / "andra.log"
    other = second(kommun, log, *args)
    text = said_waiting(other, log)
    assert f"väntar på ett annat bygge i {out}/ (uppdrag build, process " in text, text
    assert other.poll() is None
    assert "Byggde 2 uppdrag, 0 oförändrade" in first.release()
    assert other.wait(DEADLINE) == 0
    assert log.read_text().endswith(
        f"Byggde 0 uppdrag, 2 oförändrade hoppades över, 0 misslyckades. Dokumenten finns i "
        f"{out}/.\n"
    )
    recorded = manifest(out)["uppdrag"]
    files = {p.name for p in out.iterdir()}
    assert files == {"manifest.json"} | {n for e in recorded.values() for n in e["utdata"]}
    assert len(files) == 9  # 4 files of each uppdrag: nothing left of either run's work


@pytest.mark.slow  # matplotlib, two processes
def test_two_follow_ups_of_one_uppdrag_each_keep_their_manifest_entry(tmp_path: Path) -> None:
    root = archive(tmp_path)
    args = ("uppföljning", "2027", "--per", "2028-03-01", "--no-pdf", "--uppdrag")
    first = Held(
        tmp_path, root, "uppdrag_docs.build.follow_up.render_docx", *args, "hemtjanst-norr"
    )
    log = tmp_path / "andra.log"
    other = second(root, log, *args, "boendestod-socialpsykiatri")
    assert "väntar på ett annat bygge i" in said_waiting(other, log)
    first.release()
    assert other.wait(DEADLINE) == 0, log.read_text()
    assert sorted(manifest(root / "build")["uppdrag"]) == [
        "uppfoljning/socialnamnden-2027-boendestod-socialpsykiatri",
        "uppfoljning/socialnamnden-2027-hemtjanst-norr",
    ]


@pytest.mark.slow  # two processes
def test_a_second_register_into_the_same_folder_waits_and_finds_it_made(tmp_path: Path) -> None:
    root = archive(tmp_path)
    first = Held(tmp_path, root, "uppdrag_docs.build.web._write", "webb")
    log = tmp_path / "andra.log"
    other = second(root, log, "webb")
    text = said_waiting(other, log)
    assert "väntar på ett annat bygge i build/ (uppdrag webb, process " in text, text
    assert other.poll() is None
    assert "Skrev 8 sidor och 15 datafiler till build/webb/" in first.release()
    assert other.wait(DEADLINE) == 0
    assert log.read_text().endswith("Webbplatsen är oförändrad (build/webb/)\n")
    site = root / "build" / "webb"
    assert sorted(manifest(site)["filer"]) == sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p != site / "manifest.json"
    )
    assert [p.name for p in (root / "build").iterdir()] == ["webb"]  # no staging folder left


@pytest.mark.slow  # pandoc, two processes
def test_the_register_waits_for_a_build_writing_its_documents(tmp_path: Path) -> None:
    root = archive(tmp_path)
    first = Held(tmp_path, root, "uppdrag_docs.build.documents._write", "build", "--no-pdf")
    log = tmp_path / "webb.log"
    other = second(root, log, "webb")
    text = said_waiting(other, log)
    assert "väntar på ett annat bygge i build/ (uppdrag build, process " in text, text
    assert other.poll() is None
    first.release()
    assert other.wait(DEADLINE) == 0, log.read_text()
    assert (root / "build" / "webb" / "index.html").is_file()


# --- two intakes of one report, and a killed one --------------------------------------------------


@pytest.fixture
def forms(repo: KommunRepo, tmp_path: Path) -> tuple[Path, Path]:
    repo.write(BASE_TEXT)
    form = make(repo.root, "R1", "2027-T1")
    return (
        fill(form, R1_CELLS, tmp_path / "enhet-a.xlsx"),
        fill(form, {**R1_CELLS, "Utfall!E7": 13}, tmp_path / "enhet-b.xlsx"),
    )


@pytest.mark.slow  # two processes
def test_a_second_intake_of_the_same_report_waits_and_then_sees_the_first(
    repo: KommunRepo, forms: tuple[Path, Path], tmp_path: Path
) -> None:
    report = repo.root / "uppfoljning" / BASE_ID / "R1-2027-T1.yaml"
    first = Held(
        tmp_path, repo.root, "uppdrag_docs.follow_up.intake.write_atomic", "inläs", str(forms[0])
    )
    log = tmp_path / "andra.log"
    other = second(repo.root, log, "inläs", str(forms[1]))
    assert "uppdrag: väntar på en annan körning i" in said_waiting(other, log)
    assert "Skrev uppfoljning/hemtjanst-norr/R1-2027-T1.yaml" in first.release()
    assert other.wait(DEADLINE) == 1
    text = log.read_text()
    assert "Skrev" not in text
    assert (
        "fel UD418: uppfoljning/hemtjanst-norr/R1-2027-T1.yaml finns redan med annat innehåll; "
        "läs in med --ersätt för att ersätta den (dess kommentarer behålls)" in text
    )
    assert "värde: 14.2" in report.read_text(encoding="utf-8")  # unit A's, not lost


@pytest.mark.slow  # a process killed with SIGKILL
def test_what_a_killed_intake_left_is_removed_by_the_next(
    repo: KommunRepo, forms: tuple[Path, Path], tmp_path: Path, in_dir: Any
) -> None:
    folder = repo.root / "uppfoljning" / BASE_ID
    killed = Held(tmp_path, repo.root, "os.fsync", "inläs", str(forms[0]))
    killed.kill()  # after its temporary file is made, before it is renamed
    left = list(folder.glob(".*.tmp"))
    assert [p.name.startswith(".R1-2027-T1.yaml.") for p in left] == [True]
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["inläs", str(forms[0])])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["R1-2027-T1.yaml"]
    assert not (repo.root / LOCK_FILE).exists()


# --- manifests the tool did not write ------------------------------------------------------------


def hostile(out: Path, key: str, name: str) -> None:
    """A manifest of this tool's kind that says `key` made `name`."""
    out.mkdir(parents=True, exist_ok=True)
    entry = {"källa": "uppdrag/hemtjanst-norr.yaml", "utdata": {name: {"sha256": "0"}}}
    (out / "manifest.json").write_text(
        json.dumps({"verktyg": "uppdrag-docs 0.1.0", "uppdrag": {key: entry}}), encoding="utf-8"
    )


@pytest.mark.slow  # pandoc
@pytest.mark.parametrize("name", ["../uppdrag/hemtjanst-syd.yaml", "ABSOLUTE", "a/../../x"])
def test_a_manifest_naming_files_outside_its_folder_deletes_nothing(
    kommun: Path, in_dir: Any, name: str
) -> None:
    victim = kommun / "uppdrag" / "hemtjanst-syd.yaml"
    name = str(victim) if name == "ABSOLUTE" else name
    hostile(kommun / "build", "hemtjanst-norr", name)
    before = {p: p.read_bytes() for p in kommun.rglob("*") if p.is_file()}
    in_dir(kommun)
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--force"])
    assert result.exit_code == 1
    assert result.output == (
        f"uppdrag: fel: build/manifest.json nämner {name!r}, som inte är en fil i mappen, så "
        "manifestet är inte verktygets och ingenting i mappen tas bort eller skrivs över; töm "
        "mappen eller välj en annan mapp med --out\n"
    )
    assert {p: p.read_bytes() for p in kommun.rglob("*") if p.is_file()} == before


@pytest.mark.slow  # the assessment and its documents
def test_uppfoljning_refuses_the_same_manifest(tmp_path: Path, in_dir: Any) -> None:
    root = archive(tmp_path)
    victim = "../uppfoljning/hemtjanst-norr/R1-2027-T1.yaml"
    hostile(root / "build", "uppfoljning/socialnamnden-2027", victim)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    in_dir(root)
    result = CliRunner().invoke(main, ["uppföljning", "2027", "--per", "2028-03-01", "--no-pdf"])
    assert result.exit_code == 1
    assert f"build/manifest.json nämner {victim!r}, som inte är en fil i mappen" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("files", "extra", "reason"),
    [
        ({"../../uppdrag/x.yaml": {}}, None, "manifest.json nämner filer utanför mappen"),
        ({"handlingar.pdf": {}}, "anteckningar.txt", "har anteckningar.txt, som uppdrag build"),
        ({"handlingar.pdf": {}}, "del/", "har del, som uppdrag build"),
    ],
)
def test_a_meeting_folder_with_what_its_manifest_does_not_list_is_not_replaced(
    tmp_path: Path, files: dict[str, Any], extra: str | None, reason: str
) -> None:
    folder = tmp_path / "sammantrade-2026-11-18"
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps({"verktyg": "uppdrag-docs 0.1.0", "filer": files}), encoding="utf-8"
    )
    (folder / "handlingar.pdf").write_bytes(b"%PDF")
    if extra is not None and extra.endswith("/"):
        (folder / extra).mkdir()
    elif extra is not None:
        (folder / extra).write_text("mina anteckningar", encoding="utf-8")
    with pytest.raises(MeetingError) as caught:
        refuse_foreign(folder)
    assert reason in str(caught.value)
    assert str(caught.value).endswith(
        "så den ersätts inte; flytta den eller välj en annan mapp med --out"
    )


# --- two sources of one file name ---------------------------------------------------------------


def codes_of(root: Path) -> list[tuple[str, int, str, str]]:
    return [
        (f.path.name, f.position.line, f.code, f.message)
        for f in check([root / "uppdrag"], root=root).findings
        if f.code == "UD122"
    ]


def test_uppdrag_whose_documents_would_be_one_file_are_found_by_check(repo: KommunRepo) -> None:
    repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst"), "hemtjanst")
    repo.write(
        changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-rapportering"),
        "hemtjanst-rapportering",
    )
    repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: handlingar"), "handlingar")
    line = next(i for i, t in enumerate(BASE_TEXT.splitlines(), 1) if t.startswith("id:"))
    folder = repo.uppdrag_dir
    assert codes_of(repo.root) == [
        (
            "handlingar.yaml",
            line,
            "UD122",
            "beslutsdokumentet handlingar.pdf får samma namn som handlingar.pdf, ett "
            "sammanträdes samlade handlingar, i sammanträdets mapp; välj ett annat id",
        ),
        (
            "hemtjanst-rapportering.yaml",
            line,
            "UD122",
            "dokumentet hemtjanst-rapportering.docx blir samma fil som ett dokument till "
            f"{folder / 'hemtjanst.yaml'}; byt id på ett av uppdragen, så att vart och ett får "
            "egna filer",
        ),
        (
            "hemtjanst.yaml",
            line,
            "UD122",
            "dokumentet hemtjanst-rapportering.docx blir samma fil som ett dokument till "
            f"{folder / 'hemtjanst-rapportering.yaml'}; byt id på ett av uppdragen, så att vart "
            "och ett får egna filer",
        ),
    ]


def test_a_nämnd_spelt_another_way_is_found_on_the_rarer_spelling(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "  nämnd: Socialnämnden", "  nämnd: Socialnamnden")
    assert text != BASE_TEXT
    repo.write(BASE_TEXT)
    repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-syd"), "hemtjanst-syd")
    repo.write(changed(text, "id: hemtjanst-norr", "id: hemtjanst-ost"), "hemtjanst-ost")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "nämnd: Socialnamnden" in t)
    assert codes_of(repo.root) == [
        (
            "hemtjanst-ost.yaml",
            line,
            "UD122",
            "nämnden 'Socialnamnden' får samma filnamn som 'Socialnämnden' i "
            f"{repo.uppdrag_dir / 'hemtjanst-norr.yaml'} (socialnamnden-<år>.docx), så den "
            "ena samlade redovisningen skulle ersätta den andra; skriv nämndens namn på samma "
            "sätt",
        )
    ]


def test_two_reports_whose_ids_differ_only_in_case_are_found(repo: KommunRepo) -> None:
    repo.write_base("  - id: R2\n", "  - id: r1\n")
    text = (repo.uppdrag_dir / f"{BASE_ID}.yaml").read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t == "  - id: r1")
    [(name, at, code, message)] = [
        (f.path.name, f.position.line, f.code, f.message)
        for f in check([repo.uppdrag_dir], root=repo.root).findings
        if f.code == "UD122"
    ]
    assert (name, at, code) == (f"{BASE_ID}.yaml", line, "UD122")
    assert message.startswith("rapporten 'r1' skiljer sig från 'R1' bara i stora och små")


@pytest.mark.slow  # pandoc
def test_an_uppdrag_built_alone_never_replaces_another_ones_document(
    kommun: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ut"
    shutil.move(kommun / "uppdrag" / "hemtjanst-syd.yaml", tmp_path / "syd.yaml")
    args = ["--no-pdf", "--out", str(out)]
    first = CliRunner().invoke(main, ["build", str(kommun / "uppdrag"), *args])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    late = kommun / "uppdrag" / "hemtjanst-norr-rapportering.yaml"
    late.write_text(
        changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-norr-rapportering"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(late), *args])
    assert result.exit_code == 1
    assert (
        "uppdrag: hemtjanst-norr-rapportering: hemtjanst-norr-rapportering.docx blir samma fil "
        "för uppdrag/hemtjanst-norr.yaml och för uppdrag/hemtjanst-norr-rapportering.yaml, så "
        "inget av dess dokument publicerades; byt id på ett av uppdragen\n" in result.output
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_two_forms_that_would_be_one_file_write_neither(repo: KommunRepo) -> None:
    repo.write(BASE_TEXT)
    other = changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst")
    other = changed(other, "  - id: R1\n", "  - id: norr-R1\n")
    other = changed(other, "[R1]", "[norr-R1]")
    repo.write(other, "hemtjanst")
    targets = [(BASE_ID, "R1", "2027-T1"), ("hemtjanst", "norr-R1", "2027-T1")]
    with pytest.raises(UppdragError) as caught:
        write_forms(repo.root, targets)
    assert str(caught.value) == (
        "ingen blankett skrevs: hemtjanst-norr-R1-2027-T1.xlsx blir samma fil för "
        "hemtjanst-norr R1 2027-T1 och för hemtjanst norr-R1 2027-T1"
    )
    assert not (repo.root / "build").exists()


def test_a_meeting_whose_files_would_share_a_name_builds_nothing(repo: KommunRepo) -> None:
    text = (PROJECT / "uppdrag" / "boendestod-socialpsykiatri.yaml").read_text(encoding="utf-8")
    repo.write(changed(text, "id: boendestod-socialpsykiatri", "id: handlingar"), "handlingar")
    with pytest.raises(MeetingError) as caught:
        build_meeting(dt.date(2026, 11, 18), root=repo.root)
    assert str(caught.value) == (
        "handlingarna kan inte göras: handlingar.pdf blir samma fil för handlingarna "
        "(handlingar.pdf) och för uppdrag/handlingar.yaml; byt id på uppdraget så att varje "
        "fil får ett eget namn"
    )
    assert not (repo.root / "build").exists()


@pytest.fixture(autouse=True)
def _no_lock_left(tmp_path: Path) -> Iterator[None]:
    """Whatever a test did, no run left its lock file behind (a killed run's is taken over)."""
    yield
    while Held.running:
        process = Held.running.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return  # the test failed already; its held run leaves its lock file
    left = [p for p in tmp_path.rglob(LOCK_FILE) if not p.is_symlink()]
    assert left == [], left
