"""The `uppdrag` command as a user runs it: exit codes, exact messages, files written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from uppdrag_docs.format.json_schema import schema_text
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, PROJECT, Cli, KommunRepo, changed, column_of, line_of


def broken(repo: KommunRepo) -> tuple[Path, str]:
    """The example with one error (brukare don't add up) and one warning (a diarienummer)."""
    text = changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: 1250")
    text = changed(text, "diarienummer: SOCN 2026-0142", "diarienummer: socn-142")
    return repo.write(text), text


def test_check_prints_file_line_col_code_and_summary(repo: KommunRepo, cli: Cli) -> None:
    _, text = broken(repo)
    result = cli("check")
    assert result.exit_code == 1
    warning_line = line_of(text, "diarienummer:")
    error_line = line_of(text, "antal_brukare")
    assert result.output.splitlines() == [
        f"uppdrag/hemtjanst-norr.yaml:{warning_line}:{column_of(text, 'socn-142')}: varning UD201: "
        "diarienumret 'socn-142' följer inte kommunens mönster ^[A-ZÅÄÖ]+ \\d{4}-\\d{1,5}$",
        f"uppdrag/hemtjanst-norr.yaml:{error_line}:{column_of(text, '1250')}: fel UD210: "
        "utförarnas brukare blir 1240, men antal_brukare är 1250 (riktlinjen 2.1)",
        "1 fel och 1 varning i 6 filer",
    ]


def test_check_section_is_named(repo: KommunRepo, cli: Cli) -> None:
    text = changed(BASE_TEXT, "typ: ekonomi", "typ: verksamhet")
    repo.write(text)
    result = cli("check", "uppdrag/hemtjanst-norr.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "fel UD222: minst en rapport ska ha typ 'ekonomi' (redovisning enligt öppna böcker) "
        "(riktlinjen 3.1)"
    )


def test_warnings_pass_unless_strict(repo: KommunRepo, cli: Cli) -> None:
    repo.write(changed(BASE_TEXT, "diarienummer: SOCN 2026-0142", "diarienummer: x"))
    assert cli("check").exit_code == 0
    assert cli("check", "--strict").exit_code == 1


def test_clean_repository_exits_zero(repo: KommunRepo, cli: Cli) -> None:
    repo.write(BASE_TEXT)
    result = cli("check")
    assert (result.exit_code, result.output) == (0, "0 fel och 0 varningar i 6 filer\n")


def test_json_format(repo: KommunRepo, cli: Cli) -> None:
    _, text = broken(repo)
    result = cli("check", "--format", "json")
    data = json.loads(result.output)
    assert (data["fel"], data["varningar"], data["filer"]) == (1, 1, 6)
    error = next(f for f in data["fynd"] if f["allvarlighet"] == "fel")
    assert error == {
        "fil": "uppdrag/hemtjanst-norr.yaml",
        "rad": line_of(text, "antal_brukare"),
        "kolumn": column_of(text, "1250"),
        "allvarlighet": "fel",
        "kod": "UD210",
        "meddelande": "utförarnas brukare blir 1240, men antal_brukare är 1250",
        "avsnitt": "2.1",
        "fält": "nulägesanalys.antal_brukare",
    }


def test_github_format(repo: KommunRepo, cli: Cli) -> None:
    _, text = broken(repo)
    lines = cli("check", "--format", "github").output.splitlines()
    line = line_of(text, "antal_brukare")
    assert lines[1] == (
        f"::error file=uppdrag/hemtjanst-norr.yaml,line={line},col={column_of(text, '1250')},"
        "title=UD210::utförarnas brukare blir 1240, men antal_brukare är 1250 (riktlinjen 2.1)"
    )
    assert lines[0].startswith("::warning file=uppdrag/hemtjanst-norr.yaml,")


def test_single_file_from_anywhere(repo: KommunRepo, cli: Cli, tmp_path: Path) -> None:
    path, text = broken(repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cli.cd(elsewhere)
    result = cli("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:{line_of(text, 'antal_brukare')}:" in result.output


def test_missing_shared_folder_is_a_usage_message(tmp_path: Path, cli: Cli) -> None:
    cli.cd(tmp_path)
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.startswith("uppdrag: fel: hittar ingen mapp 'uppdrag/gemensamt/'")
    assert "Traceback" not in result.output


def test_bad_option_is_exit_two_in_swedish(cli: Cli) -> None:
    result = cli("check", "--format", "xml")
    assert result.exit_code == 2
    assert "Ogiltigt värde för '--format'" in result.output
    assert "Användning: " in result.output


def test_unknown_path_is_an_error(cli: Cli) -> None:
    result = cli("check", "uppdrag/finns-inte.yaml")
    assert result.exit_code == 1
    assert "'uppdrag/finns-inte.yaml' finns inte" in result.output


def test_schema_in_the_repository_is_up_to_date() -> None:
    kept = (PROJECT / "schema" / "uppdrag.schema.json").read_text(encoding="utf-8")
    assert kept == schema_text("uppdrag"), "kör: uppdrag schema -o schema/uppdrag.schema.json"
    schema = json.loads(kept)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "ersättning" in schema["properties"]
    assert schema["properties"]["titel"]["description"] == "Uppdragets titel."
    assert schema["additionalProperties"] is False


def test_examples_point_to_the_schema() -> None:
    for path in (PROJECT / "uppdrag").rglob("*.yaml"):
        if "gemensamt" in path.parts:
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert (path.parent / target).resolve() == PROJECT / "schema" / "uppdrag.schema.json"


def test_new_writes_a_valid_skeleton_and_never_overwrites(repo: KommunRepo, cli: Cli) -> None:
    result = cli("new", "daglig-verksamhet-syd", "--år", "2027")
    assert result.exit_code == 0, result.output
    path = repo.uppdrag_dir / "daglig-verksamhet-syd.yaml"
    outcome = check([path], root=repo.root)
    assert not outcome.has_errors, [f.text() for f in outcome.findings]
    before = path.read_bytes()
    again = cli("new", "daglig-verksamhet-syd", "--år", "2027")
    assert again.exit_code == 1
    assert "finns redan" in again.output
    assert path.read_bytes() == before


def test_new_writes_the_arende_commented_and_valid_once_uncommented(
    repo: KommunRepo, cli: Cli
) -> None:
    assert cli("new", "hemtjanst-syd", "--år", "2027").exit_code == 0
    path = repo.uppdrag_dir / "hemtjanst-syd.yaml"
    text = path.read_text(encoding="utf-8")
    head, block = text.split("# ärende:")
    lines = ["ärende:" + block.splitlines()[0], *(line[2:] for line in block.splitlines()[1:])]
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    outcome = check([path], root=repo.root)
    # an utkast's money is not yet reconciled nor costed; nothing else is said of it
    assert {f.code for f in outcome.findings} <= {"UD304", "UD310"}, outcome.findings
    assert outcome.loaded[path].uppdrag.case is not None


_FDOPEN = os.fdopen


def _full_disk(fd: int, mode: str = "r", *args: Any) -> Any:
    return _FullDisk(fd) if mode == "wb" else _FDOPEN(fd, mode, *args)


class _FullDisk:
    """A file opened for writing on a full disk: the write fails with ENOSPC."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self.fd)

    def write(self, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _refused(code: int) -> Any:
    def mkstemp(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return mkstemp


@pytest.mark.parametrize(
    ("patched", "replacement", "said"),
    [
        ("fdopen", _full_disk, "disken är full"),
        ("mkstemp", _refused(errno.EACCES), "åtkomst nekas"),
        ("mkstemp", _refused(errno.EROFS), "filsystemet är skrivskyddat"),
    ],
    ids=["a full disk", "a folder without access", "a read-only file system"],
)
@pytest.mark.parametrize(
    ("args", "written"),
    [
        (("daglig-verksamhet-syd", "--år", "2027"), "uppdrag/daglig-verksamhet-syd.yaml"),
        (("hemtjanst-norr", "--rapport", "R1", "--period", "2027-T2"), "R1-2027-T2.yaml"),
    ],
    ids=["uppdrag", "rapport"],
)
def test_new_that_cannot_write_says_so_and_leaves_nothing(
    repo: KommunRepo,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    written: str,
    patched: str,
    replacement: Any,
    said: str,
) -> None:
    """`uppdrag new` caught only a file that was there: anything else the disk said was an
    internal error."""
    repo.write(BASE_TEXT)
    before = sorted(repo.root.rglob("*"))
    module = tempfile if patched == "mkstemp" else os
    monkeypatch.setattr(module, patched, replacement)
    result = cli("new", *args)
    assert result.exit_code == 1, result.output
    assert f"{written}' kan inte skrivas: {said}" in result.output
    assert "internt fel" not in result.output
    assert sorted(repo.root.rglob("*")) == before


def test_new_refuses_a_bad_id(cli: Cli) -> None:
    result = cli("new", "Hemtjänst")
    assert result.exit_code == 2
    assert "ogiltigt id 'Hemtjänst'" in result.output


def test_python_dash_m_and_help_do_not_load_the_core() -> None:
    code = (
        "import sys; from uppdrag_docs.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'docxtpl', 'ruamel.yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]")
    module = subprocess.run(
        [sys.executable, "-m", "uppdrag_docs", "--help"], capture_output=True, text=True
    )
    assert module.returncode == 0
    assert "Kommandon:" in module.stdout


def test_check_leaves_pydantic_plugins_out(repo: KommunRepo, tmp_path: Path) -> None:
    """A pydantic plugin installed in the environment is never handed our validation."""
    repo.write(BASE_TEXT)
    site = tmp_path / "site"
    (site / "spy-1.0.dist-info").mkdir(parents=True)
    (site / "spy-1.0.dist-info" / "METADATA").write_text("Name: spy\nVersion: 1.0\n")
    (site / "spy-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spy:plugin\n")
    (site / "spy.py").write_text("print('spy loaded')\nplugin = object()\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    spied = subprocess.run(
        [sys.executable, "-c", "import pydantic\nclass M(pydantic.BaseModel): pass"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "spy loaded" in spied.stdout  # the plugin is there to be found
    done = subprocess.run(
        [sys.executable, "-m", "uppdrag_docs", "check"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert "spy loaded" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr


def test_check_lists_every_code_of_the_registry(cli: Cli) -> None:
    from uppdrag_docs import codes

    result = cli("check", "--koder")
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.splitlines() if line.startswith("UD")]
    assert listed == sorted(codes.REGISTRY)
    assert "UD223  fel          samma id två gånger bland kriterier" in result.output
    assert "UD207  varning      perioden går förbi mandatperiodens slut (riktlinjen 4)" in (
        result.output
    )
    as_json = json.loads(cli("check", "--koder", "--format", "json").output)
    assert {"kod": "UD304", "allvarlighet": "fel när fastställt, annars varning"}.items() <= (
        as_json[[e["kod"] for e in as_json].index("UD304")].items()
    )


def test_check_as_sarif_for_code_scanning(repo: KommunRepo, cli: Cli) -> None:
    text = changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: 1250")
    repo.write(text)
    result = cli("check", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"UD210", "UD302"}
    [found] = run["results"]
    assert found["ruleId"] == "UD210" and found["level"] == "error"
    region = found["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "uppdrag/hemtjanst-norr.yaml"
    assert region["region"]["startLine"] == line_of(text, "antal_brukare")
    assert found["message"]["text"].endswith("(riktlinjen 2.1)")


# --- uppdrag schema -o: never onto a source, through a link, into a device ----------------


@pytest.mark.parametrize(
    ("output", "folder"),
    [
        ("uppdrag/hemtjanst-norr.yaml", "uppdrag"),
        ("uppdrag/gemensamt/kommun.yaml", "uppdrag"),
        ("uppfoljning/hemtjanst-norr/R1-2027-T1.yaml", "uppfoljning"),
        ("templates/verksamhetsuppdrag.docx", "templates"),
        ("länk.json", "uppfoljning"),  # a link that leads to a report
    ],
)
def test_schema_is_never_written_onto_a_source(
    follow: Any, cli: Cli, output: str, folder: str
) -> None:
    root = follow.root
    (root / "templates").mkdir()
    (root / "templates" / "verksamhetsuppdrag.docx").write_bytes(b"mallen")
    (root / "länk.json").symlink_to("uppfoljning/hemtjanst-norr/R1-2027-T1.yaml")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    cli.cd(root)
    result = cli("schema", "--typ", "rapport", "-o", output)
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"uppdrag: fel: -o {output} ligger i {folder}/, bland källfilerna; schemat ska ligga i "
        "en egen mapp, som schema/\n"
    )
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_schema_is_written_through_a_link_and_into_a_device(repo: KommunRepo, cli: Cli) -> None:
    (repo.root / "schema").mkdir()
    (repo.root / "länk.json").symlink_to("schema/uppdrag.schema.json")
    result = cli("schema", "-o", "länk.json")
    assert (result.exit_code, result.output) == (0, "Skrev länk.json\n")
    assert (repo.root / "länk.json").is_symlink()
    assert (repo.root / "schema" / "uppdrag.schema.json").read_text() == schema_text("uppdrag")
    assert cli("schema", "-o", "/dev/null").exit_code == 0
    full = cli("schema", "-o", "/dev/full")
    assert (full.exit_code, full.output) == (
        1,
        "uppdrag: fel: /dev/full kan inte skrivas: disken är full\n",
    )


def test_textconv_of_a_file_that_cannot_be_read_is_a_sentence(cli: Cli, tmp_path: Path) -> None:
    """It printed an internal error (FileNotFoundError) for a file that is not there."""
    result = cli("textconv", str(tmp_path / "finns-inte.yaml"))
    assert result.exit_code == 1, result.output
    assert "finns-inte.yaml' kan inte läsas: filen eller mappen finns inte" in result.output


def test_webb_with_a_folder_named_like_an_uppdrag_is_a_finding_not_a_crash(
    repo: KommunRepo, cli: Cli
) -> None:
    """`uppdrag/x.yaml/` as a folder crashed `webb` (IsADirectoryError) while it summed up its
    inputs, before reading them said anything."""
    repo.write(BASE_TEXT)
    (repo.uppdrag_dir / "mapp.yaml").mkdir()
    result = cli("webb", "--out", "build/webb")
    assert result.exit_code == 1, result.output
    assert "internt fel" not in result.output
    assert "mapp.yaml" in result.output


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_clicks_own_output_on_a_full_disk_is_a_sentence(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`uppdrag --version > /dev/full`: click writes the version and the help outside the
    commands' `handled`, and its OSError ended in a traceback."""
    import click.utils
    from click.testing import CliRunner

    from uppdrag_docs.cli import main

    full = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115  # closed below
    try:
        monkeypatch.setattr(click.utils, "_default_text_stdout", lambda: full)
        result = CliRunner().invoke(main, args)
    finally:
        with contextlib.suppress(OSError):
            full.close()
    assert (result.exit_code, result.output) == (
        1,
        "uppdrag: fel: standard ut kan inte skrivas: disken är full\n",
    )


def test_a_file_named_twice_is_checked_once(repo: KommunRepo, cli: Cli) -> None:
    """The folder and a file in it spelt another way (absolute, with `..`): the file was read
    twice and its id said to be used also in itself (UD121)."""
    file = repo.write(BASE_TEXT)
    alone = cli("check")
    assert alone.exit_code == 0
    for twice in (str(file), f"uppdrag/gemensamt/../{file.name}"):
        result = cli("check", "uppdrag", twice)
        assert (result.exit_code, result.output) == (0, alone.output)
