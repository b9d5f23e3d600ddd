"""The build publishes nothing unverified, touches no source, survives a full disk, a broken
LibreOffice, a crash in one uppdrag and a kill, and says each in Swedish."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from uppdrag_docs.build import documents
from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.build.staging import PREFIX, remove_dead
from uppdrag_docs.cli import main
from uppdrag_docs.libreoffice.soffice import SOFFICE_ENV
from uppdrag_docs.render import context

from .conftest import BASE_TEXT, changed

pytestmark = pytest.mark.slow  # pandoc, and LibreOffice or a fake of it

UPPDRAG = Path(sys.executable).parent / "uppdrag"


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """A soffice that does `body` (bash) for each call, logging its arguments."""
    script = tmp_path / "fake-soffice"
    script.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$@" >> {tmp_path / "anrop.log"}\n'
        'out=""; prev=""\n'
        'for a in "$@"; do [ "$prev" = --outdir ] && out="$a"; prev="$a"; done\n' + body,
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- nothing unverified is published -------------------------------------------------------


def test_a_libreoffice_writing_19_bytes_publishes_nothing(
    kommun: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 0 with a 19-byte 'PDF': retried once, reported by name, not published, not in the
    manifest, built again next time; the previous good documents stay."""
    out = tmp_path / "ut"
    first = build([kommun / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert first.ok
    before = snapshot(out)
    body = (
        'for a in "$@"; do case "$a" in *.docx) n=$(basename "$a" .docx);'
        ' printf "%%PDF-1.7\\ntrasig!!!\\n" > "$out/$n.pdf";; esac; done\nexit 0\n'
    )
    monkeypatch.setenv(SOFFICE_ENV, str(fake_soffice(tmp_path, body)))
    report = build([kommun / "uppdrag"], BuildOptions(out=out, pdf=True, force=True))
    assert sorted(report.failed) == ["hemtjanst-norr", "hemtjanst-syd"]
    assert report.failed["hemtjanst-norr"] == (
        "hemtjanst-norr.pdf kunde inte göras och publicerades inte (PDF-filen är trasig och kan "
        "inte läsas)"
    )
    assert snapshot(out) == before  # the previous documents, untouched; no PDF at all
    calls = (tmp_path / "anrop.log").read_text().splitlines()
    norr = [c for c in calls if "hemtjanst-norr.docx" in c]
    assert len(norr) == 2  # once in its batch, once more alone
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not any(n.endswith(".pdf") for e in manifest["uppdrag"].values() for n in e["utdata"])
    assert not list(out.glob(PREFIX + "*"))
    monkeypatch.delenv(SOFFICE_ENV)
    again = build([kommun / "uppdrag"], BuildOptions(out=out, pdf=True))
    assert sorted(again.built) == ["hemtjanst-norr", "hemtjanst-syd"] and again.ok


def test_a_full_disk_keeps_the_previous_outputs_and_says_so(
    kommun: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_dir: Any
) -> None:
    out = tmp_path / "ut"
    assert build([kommun / "uppdrag"], BuildOptions(out=out, pdf=False)).ok
    before = snapshot(out)
    (kommun / "uppdrag" / "hemtjanst-norr.yaml").write_text(
        changed(BASE_TEXT, "antal: 25", "antal: 26"), encoding="utf-8"
    )
    written = []

    def full(path: Path, data: bytes) -> None:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        path.write_bytes(data[: len(data) // 2])

    monkeypatch.setattr(documents, "_write", full)
    in_dir(kommun)
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--out", str(out)])
    assert result.exit_code == 1
    assert "uppdrag: hemtjanst-norr: dokumenten kunde inte skrivas: disken är full" in (
        result.output
    )
    assert "1 misslyckades (hemtjanst-norr)" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    assert not list(out.glob(PREFIX + "*"))


def test_a_crash_in_one_uppdrag_does_not_stop_the_others(
    kommun: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_dir: Any
) -> None:
    real = context.build_context

    def fragile(loaded: Any, calculation: Any, **options: Any) -> Any:
        if loaded.uppdrag.id == "hemtjanst-norr":
            raise RuntimeError("ett fel i verktyget")
        return real(loaded, calculation, **options)

    monkeypatch.setattr(context, "build_context", fragile)
    in_dir(kommun)
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--out", str(tmp_path / "ut")])
    assert result.exit_code == 1
    assert (
        "uppdrag: hemtjanst-norr: kunde inte byggas på grund av ett fel i verktyget "
        "(RuntimeError); kör kommandot med --debug och rapportera felet"
    ) in result.output
    assert "Byggde 1 uppdrag, 0 oförändrade hoppades över, 1 misslyckades (hemtjanst-norr)" in (
        result.output
    )
    assert (tmp_path / "ut" / "hemtjanst-syd.docx").is_file()
    assert not (tmp_path / "ut" / "hemtjanst-norr.docx").exists()
    debug = CliRunner().invoke(
        main, ["--debug", "build", "--no-pdf", "--out", str(tmp_path / "u2")]
    )
    assert "Traceback (most recent call last)" in debug.output
    assert "RuntimeError: ett fel i verktyget" in debug.output


# --- outputs never touch sources ----------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "är arkivets rot"),
        ("uppdrag", "ligger i uppdrag/, bland källfilerna"),
        ("uppdrag/dokument", "ligger i uppdrag/, bland källfilerna"),
        ("templates", "ligger i templates/, bland källfilerna"),
        ("uppfoljning/ut", "ligger i uppfoljning/, bland källfilerna"),
        (".git", "ligger i .git/, bland källfilerna"),
    ],
)
def test_out_among_the_sources_is_refused(
    kommun: Path, in_dir: Any, out: str, message: str
) -> None:
    before = {p: p.read_bytes() for p in kommun.rglob("*") if p.is_file()}
    in_dir(kommun)
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--force", "--out", out])
    assert result.exit_code == 2, result.output
    assert f"uppdrag: fel: --out {out} {message}" in result.output
    assert {p: p.read_bytes() for p in kommun.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("command", [["build", "--no-pdf"], ["uppföljning", "2027", "--no-pdf"]])
def test_out_that_is_no_folder_is_refused_and_a_link_to_one_is_followed(
    kommun: Path, tmp_path: Path, in_dir: Any, command: list[str]
) -> None:
    (tmp_path / "fil").write_text("x")
    (tmp_path / "länk-till-fil").symlink_to(tmp_path / "fil")
    in_dir(kommun)
    device = CliRunner().invoke(main, [*command, "--out", "/dev/null"])
    assert (device.exit_code, device.output) == (
        1,
        "uppdrag: fel: /dev/null är ingen mapp; välj en annan mapp med --out\n",
    )
    linked = CliRunner().invoke(main, [*command, "--out", str(tmp_path / "länk-till-fil")])
    assert linked.exit_code == 2
    assert f"Mapp '{tmp_path / 'länk-till-fil'}' är en fil." in linked.output
    assert Path("/dev/null").is_char_device()
    (tmp_path / "dokument").mkdir()
    (tmp_path / "länk").symlink_to(tmp_path / "dokument")
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--out", str(tmp_path / "länk")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "länk").is_symlink()
    assert (tmp_path / "dokument" / "hemtjanst-norr.docx").is_file()


def test_a_file_the_build_did_not_make_is_never_overwritten(kommun: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    (out / "hemtjanst-norr.docx").write_bytes(b"mitt eget")
    report = build([kommun / "uppdrag"], BuildOptions(out=out, pdf=False, force=True))
    assert report.failed["hemtjanst-norr"].endswith(
        "hemtjanst-norr.docx finns redan men gjordes inte av uppdrag build, så den skrivs inte "
        "över; flytta den eller välj en annan mapp med --out"
    )
    assert (out / "hemtjanst-norr.docx").read_bytes() == b"mitt eget"
    assert report.built == ["hemtjanst-syd"]


def test_a_folder_with_a_manifest_of_another_tool_is_refused(kommun: Path, tmp_path: Path) -> None:
    from uppdrag_docs.errors import UppdragError

    out = tmp_path / "ut"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "något annat"}', encoding="utf-8")
    with pytest.raises(UppdragError, match=r"manifest\.json finns redan men gjordes inte av"):
        build([kommun / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert (out / "manifest.json").read_text(encoding="utf-8") == '{"name": "något annat"}'


def test_an_output_path_below_a_file_or_too_long_is_a_sentence(
    kommun: Path, tmp_path: Path, in_dir: Any
) -> None:
    (tmp_path / "fil").write_text("x")
    in_dir(kommun)
    for out, status, reason in [
        (tmp_path / "fil", 2, f"Ogiltigt värde för '--out': Mapp '{tmp_path / 'fil'}' är en fil."),
        (tmp_path / "fil" / "ut", 1, "en del av sökvägen är en fil, inte en mapp"),
        (tmp_path / ("x" * 300), 1, "namnet är för långt"),
    ]:
        result = CliRunner().invoke(main, ["build", "--no-pdf", "--out", str(out)])
        assert result.exit_code == status, result.output
        assert reason in result.output and "Traceback" not in result.output


# --- kills leave nothing behind, and LibreOffice has a time limit --------------------------


def test_what_a_killed_build_left_is_removed_by_the_next(kommun: Path, tmp_path: Path) -> None:
    """A real SIGKILL in the middle of the PDFs, then a build that clears it away."""
    out = tmp_path / "ut"
    slow = fake_soffice(tmp_path, "sleep 60\n")
    env = {**os.environ, SOFFICE_ENV: str(slow)}
    process = subprocess.Popen(
        [str(UPPDRAG), "build", "--out", str(out)],
        cwd=kommun,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / "anrop.log").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    left = list(out.glob(PREFIX + "*"))
    assert len(left) == 1 and (left[0] / "ägare.json").is_file()
    mine = out / f"{PREFIX}{os.getpid()}-levande"  # a build that still runs keeps its folder
    mine.mkdir()
    (mine / "ägare.json").write_text(json.dumps({"pid": os.getpid(), "start": None}))
    assert remove_dead(out) == left
    assert not left[0].exists() and mine.exists()


def test_the_libreoffice_time_limit_is_an_option(
    kommun: Path, tmp_path: Path, in_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(fake_soffice(tmp_path, "sleep 30\n")))
    in_dir(kommun)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "u"), "--timeout", "1"])
    assert result.exit_code == 1
    assert (
        "hemtjanst-norr.pdf kunde inte göras och publicerades inte (tidsgräns 1 s överskreds)"
        in (result.output)
    )
    from_env = CliRunner().invoke(
        main, ["build", "--out", str(tmp_path / "v")], env={"UPPDRAG_TIMEOUT": "1"}
    )
    assert "tidsgräns 1 s överskreds" in from_env.output


# --- every error is a sentence -----------------------------------------------------------


def test_a_bug_is_said_as_one_with_an_exit_code_of_its_own(
    kommun: Path, in_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uppdrag_docs.trust import checks

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks, "check", broken)
    in_dir(kommun)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 3
    assert result.output == (
        "uppdrag: internt fel: något gick fel i verktyget självt (ZeroDivisionError). Det är "
        "inte ditt fel. Kör kommandot igen med 'uppdrag --debug' för detaljer och rapportera "
        "dem.\n"
    )
    debug = CliRunner().invoke(main, ["--debug", "check"])
    assert debug.exit_code == 3 and "Traceback" in debug.output


def test_standard_out_full_or_closed(kommun: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(UPPDRAG), "check"], cwd=kommun, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr == "uppdrag: fel: standard ut kan inte skrivas: disken är full\n"
    process = subprocess.Popen(
        [str(UPPDRAG), "check", "--koder"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.stderr.read() == b"" and process.wait() == 141
