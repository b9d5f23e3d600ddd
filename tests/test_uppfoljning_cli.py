"""The follow-up as a user meets it: `uppdrag check`, `uppdrag uppföljning`, `new --rapport`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from uppdrag_docs.format import json_schema

from .conftest import PROJECT, Cli, changed, line_of
from .uppfoljning_support import FollowRepo, example

R1, R3 = "R1-2027-T1.yaml", "R3-2027-K1.yaml"


@pytest.mark.usefixtures("follow")
def test_check_reads_uppfoljning_with_file_line_and_column(cli: Cli) -> None:
    result = cli("check", "--per", "2028-03-01")
    assert result.exit_code == 0
    line = line_of(example(R3), "inlämnad:")
    assert (
        f"uppfoljning/hemtjanst-norr/R3-2027-K1.yaml:{line}:11: varning UD421: R3 2027-K1 "
        "lämnades 2027-04-22, 2 dagar efter sista dagen 2027-04-20 (riktlinjen 3.2.1)"
    ) in result.output.splitlines()
    assert result.output.splitlines()[-1] == "0 fel och 8 varningar i 10 filer"


def test_check_in_json_and_for_github(follow: FollowRepo, cli: Cli) -> None:
    follow.change(R1, "värde: 93.1", "värde: 931")
    data = json.loads(cli("check", "--per", "2028-03-01", "--format", "json").output)
    [error] = [f for f in data["fynd"] if f["allvarlighet"] == "fel"]
    assert (error["fil"], error["kod"], error["fält"]) == (
        "uppfoljning/hemtjanst-norr/R1-2027-T1.yaml",
        "UD407",
        "utfall[1].värde",
    )
    github = cli("check", "--per", "2028-03-01", "--format", "github").output
    line = line_of(example(R1), "värde: 93.1")
    assert (
        f"::error file=uppfoljning/hemtjanst-norr/R1-2027-T1.yaml,line={line},col=12,"
        "title=UD407::KK3 mäts i procent; 931 ligger utanför 0–100"
    ) in github


@pytest.mark.usefixtures("follow")
def test_check_of_one_follow_up_file_shows_its_findings_only(cli: Cli) -> None:
    result = cli("check", "--per", "2028-03-01", f"uppfoljning/hemtjanst-norr/{R3}")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"uppfoljning/hemtjanst-norr/{R3}"]
    assert lines[-1] == "0 fel och 1 varning i 6 filer"


def test_check_without_uppfoljning_is_unchanged(repo: Any, cli: Cli) -> None:
    from .conftest import BASE_TEXT

    repo.write(BASE_TEXT)
    assert cli("check", "--per", "2028-03-01").output == "0 fel och 0 varningar i 6 filer\n"


def test_a_broken_report_is_refused_by_uppfoljning_with_its_line(
    follow: FollowRepo, cli: Cli
) -> None:
    text = follow.change(R1, "värde: 14.2", 'värde: "14.2')
    check = cli("check", "--per", "2028-03-01")
    assert check.exit_code == 1
    assert "uppfoljning/hemtjanst-norr/R1-2027-T1.yaml:" in check.output
    assert "fel UD101: YAML-syntaxfel" in check.output
    result = cli("uppföljning", "2027", "--per", "2028-03-01", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["uppdrag"] == []
    assert result.stderr.splitlines()[0] == "hemtjanst-norr följs inte upp förrän felen är rättade:"
    broken_line = line_of(text, 'värde: "14.2')
    assert f"R1-2027-T1.yaml:{broken_line}:" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.usefixtures("follow")
def test_uppfoljning_prints_tables_and_has_an_ascii_name(cli: Cli) -> None:
    result = cli("uppfoljning", "2027", "--per", "2028-03-01", "--tabeller")
    assert result.exit_code == 0, result.output
    for heading in (
        "Kvalitetskriterier 2027",
        "Ekonomi enligt öppna böcker 2027",
        "Volymer 2027",
        "Likvärdighet 2027",
        "Mål 2027",
        "Rapportering 2027",
    ):
        assert heading in result.output
    assert "försenad, 2 dagar" in result.output
    assert "318\u00a0912\u00a0kr" in result.output
    assert "build/uppfoljning/<nämnd>-<år>.docx" in cli("uppföljning", "--help").output


@pytest.mark.usefixtures("follow")
def test_uppfoljning_chooses_by_uppdrag_and_namnd(cli: Cli) -> None:
    chosen = json.loads(
        cli(
            "uppföljning", "2027", "--per", "2028-03-01", "--json", "--uppdrag", "hemtjanst-norr"
        ).output
    )
    assert [u["id"] for u in chosen["uppdrag"]] == ["hemtjanst-norr"]
    other = json.loads(
        cli(
            "uppföljning",
            "2027",
            "--per",
            "2028-03-01",
            "--json",
            "--nämnd",
            "Kultur- och fritidsnämnden",
        ).output
    )
    assert other["uppdrag"] == []
    unknown = cli("uppföljning", "2027", "--uppdrag", "okant")
    assert (unknown.exit_code, unknown.output) == (
        2,
        "uppdrag: fel: hittar inget uppdrag med id okant som kan följas upp\n",
    )
    assert cli("uppföljning", "2027", "--per", "2028-13-01").exit_code == 2


def test_new_writes_a_report_skeleton(follow: FollowRepo, cli: Cli) -> None:
    result = cli("new", "hemtjanst-norr", "--rapport", "R3", "--period", "2027-K2")
    path = "uppfoljning/hemtjanst-norr/R3-2027-K2.yaml"
    assert result.output == f"Skapade {path}. Fyll i fälten och kör 'uppdrag check {path}'.\n"
    text = (follow.root / path).read_text(encoding="utf-8")
    assert "ersättning:                 # beslutat för perioden: 22 270 512 kr" in text
    assert "tilläggsuppdrag: 0          # beslutat för perioden: 150 000 kr" in text
    assert "senast 2027-07-20" in text
    check = cli("check", "--per", "2027-06-01", path)
    assert check.exit_code == 1
    assert "fel UD112: 'inlämnad' är tomt, men ska vara ett datum" in check.output
    again = cli("new", "hemtjanst-norr", "--rapport", "R3", "--period", "2027-K2")
    assert again.exit_code == 1 and "finns redan" in again.output


def test_a_filled_in_skeleton_is_a_valid_report(follow: FollowRepo, cli: Cli) -> None:
    cli("new", "hemtjanst-norr", "--rapport", "R1", "--period", "2027-T2")
    path = follow.folder() / "R1-2027-T2.yaml"
    text = changed(path.read_text(encoding="utf-8"), "inlämnad:  ", "inlämnad: 2027-09-20")
    text = changed(text, "värde:   ", "värde: 14", count=1)
    text = changed(text, "värde:   ", "värde: 96", count=1)
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--per", "2027-10-01", str(path))
    assert result.output.splitlines()[-1].startswith("0 fel"), result.output


@pytest.mark.usefixtures("follow")
def test_new_refuses_a_period_the_report_does_not_have(cli: Cli) -> None:
    result = cli("new", "hemtjanst-norr", "--rapport", "R1", "--period", "2027-K2")
    assert result.exit_code == 2
    assert result.output == (
        "uppdrag: fel: R1 lämnas för perioderna 2027-T1, 2027-T2, 2027-T3, 2028-T1, 2028-T2, "
        "2028-T3; 2027-K2 är inte en av dem\n"
    )
    assert cli("new", "hemtjanst-norr", "--rapport", "R1").exit_code == 2
    assert "R9" in cli("new", "hemtjanst-norr", "--rapport", "R9", "--period", "2027").output


def test_the_follow_up_schemas_are_kept_equal_and_describe_every_key(cli: Cli) -> None:
    for kind in ("rapport", "likvardighet", "bedomning"):
        name = json_schema.SCHEMAS[kind].file
        kept = (PROJECT / "schema" / name).read_text(encoding="utf-8")
        assert kept == json_schema.schema_text(kind), (
            f"kör: uppdrag schema --typ {kind} -o schema/{name}"
        )
        assert cli("schema", "--typ", kind).output == kept
        schema = json.loads(kept)
        for model in [schema, *schema["$defs"].values()]:
            for key, field in model.get("properties", {}).items():
                assert field.get("description"), f"{name}: {key} saknar beskrivning"


def test_the_repositorys_examples_are_free_of_errors(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "exempel"
    for folder in ("uppdrag", "uppfoljning"):
        shutil.copytree(PROJECT / folder, root / folder)
    cli.cd(root)
    result = cli("check", "--per", "2028-03-01")
    assert " 0 fel " in f" {result.output.splitlines()[-1]}", result.output
    data = json.loads(cli("uppföljning", "2027", "--per", "2028-03-01", "--json").output)
    assert [u["id"] for u in data["uppdrag"]] == ["boendestod-socialpsykiatri", "hemtjanst-norr"]
    for item in data["uppdrag"]:
        assert all(r["status"] != "saknas" for r in item["rapporter"]), item["id"]
    for path in (root / "uppfoljning").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../../schema/uppfoljning-")
