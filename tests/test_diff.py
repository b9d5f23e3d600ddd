"""`uppdrag diff` and `uppdrag textconv` on real git repositories built in tmp_path."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from uppdrag_docs.diff.changes import DiffResult, UppdragChange, diff
from uppdrag_docs.diff.comment import GITHUB_LIMIT, render_markdown
from uppdrag_docs.diff.formats import render_json, render_text
from uppdrag_docs.diff.textconv import textconv

from .conftest import BASE_ID, BASE_TEXT, EXAMPLES, Cli, GitRepo, changed

pytestmark = pytest.mark.slow

NBSP = "\u00a0"
OTHER_ID = "socialjour"
OTHER_TEXT = (EXAMPLES / f"{OTHER_ID}.yaml").read_text(encoding="utf-8")


def committed(git_repo: GitRepo, *, other: bool = False) -> str:
    """The example uppdrag (and socialjour) committed; returns the commit."""
    git_repo.write_base()
    if other:
        git_repo.write(OTHER_TEXT, OTHER_ID)
    return git_repo.commit("Första versionen")


def change_of(result: DiffResult, ident: str = BASE_ID) -> UppdragChange:
    matches = [c for c in result.uppdrag if c.id == ident]
    assert matches, f"{ident} not in {[c.id for c in result.uppdrag]}"
    return matches[0]


def fields_of(change: UppdragChange) -> dict[str, tuple[str | None, str | None]]:
    return {
        f.label: (f.old.text if f.old else None, f.new.text if f.new else None)
        for f in change.fields
    }


def test_changed_fields_under_their_swedish_keys(git_repo: GitRepo) -> None:
    committed(git_repo)
    text = changed(BASE_TEXT, "frekvens: år", "frekvens: kvartal")
    text = changed(text, "minst: 88", "minst: 90")
    text = changed(text, "effektiviseringskrav: 0.01 ", "effektiviseringskrav: 0.015 ")
    text = changed(text, "  kontakt: Anna Lindqvist, uppdragsansvarig\n", "")
    text = changed(
        text, "  - känslig_målgrupp\n", "  - känslig_målgrupp\n  - specialiserad_kompetens\n"
    )
    git_repo.write(text)
    result = diff(cwd=git_repo.root)
    change = change_of(result)
    assert change.kind == "ändrat"
    assert fields_of(change) == {
        "beställare › kontakt": ("Anna Lindqvist, uppdragsansvarig", None),
        "skäl": (
            "yttersta_ansvaret, känslig_målgrupp, samordningsvinster",
            "yttersta_ansvaret, känslig_målgrupp, specialiserad_kompetens, samordningsvinster",
        ),
        "kvalitetskriterier › KK2 › målvärde › minst": ("88", "90"),
        "rapportering › R2 › frekvens": ("år", "kvartal"),
        "ersättning › effektiviseringskrav": (f"1{NBSP}%", f"1,5{NBSP}%"),
    }
    assert change.fields[0].kind == "borttagen"


def test_added_and_removed_list_items_are_whole(git_repo: GitRepo) -> None:
    committed(git_repo)
    report = (
        "  - id: R4\n    typ: verksamhet\n    vad: Väntetider\n    frekvens: månad\n"
        "    mottagare: Socialnämnden\n    form: Tabell\n    dagar_efter_period: 10\n"
    )
    text = changed(BASE_TEXT, "\nersättning:", report + "\nersättning:", count=1)
    old_goal = "    - text: Verksamheten bedrivs kostnadseffektivt.\n"
    text = changed(text, old_goal + "      nämndmål: Kostnadseffektiv verksamhet\n", "")
    git_repo.write(text)
    fields = fields_of(change_of(diff(cwd=git_repo.root)))
    assert fields["rapportering › R4"] == (
        None,
        "typ: verksamhet; vad: Väntetider; frekvens: månad; mottagare: Socialnämnden; "
        "form: Tabell; dagar_efter_period: 10",
    )
    assert fields["uppdrag › mål › Verksamheten bedrivs kostnadseffektivt."] == (
        "nämndmål: Kostnadseffektiv verksamhet",
        None,
    )


def test_reordered_lists_are_no_change(git_repo: GitRepo, cli: Cli) -> None:
    committed(git_repo)
    r1_start = BASE_TEXT.index("  - id: R1\n")
    r3_start = BASE_TEXT.index("  - id: R3\n")
    end = BASE_TEXT.index("\nersättning:")
    reports = BASE_TEXT[r1_start:r3_start], BASE_TEXT[r3_start:end]
    text = BASE_TEXT[:r1_start] + reports[1] + reports[0] + BASE_TEXT[end:]
    attendo = "    - namn: Attendo Hemtjänst AB\n      brukare: 268\n"
    text = changed(text, attendo, "")
    text = changed(text, "  utförare:\n", "  utförare:\n" + attendo, count=1)
    text = changed(
        text,
        "  - yttersta_ansvaret\n  - känslig_målgrupp\n",
        "  - känslig_målgrupp\n  - yttersta_ansvaret\n",
    )
    text = changed(text, "# Illustrative example: the figures are made up.\n", "")
    assert text != BASE_TEXT
    git_repo.write(text)
    result = diff(cwd=git_repo.root)
    assert result.uppdrag == () and not result.changed
    outcome = cli("diff", "--exit-code")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.startswith(
        f"Jämför HEAD ({git_repo.git('rev-parse', '--short', 'HEAD').strip()})"
    )
    assert outcome.output.endswith("med arbetskatalogen: inga ändringar.\n")


def calc_totals(cli: Cli) -> dict[int, Decimal]:
    outcome = cli("calc", BASE_ID, "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(outcome.output)
    return {
        year["år"]: Decimal(next(r["belopp"] for r in year["rader"] if r["nyckel"] == "S"))
        for year in document["år"]
    }


def test_money_per_year_matches_calc_for_both_versions(git_repo: GitRepo, cli: Cli) -> None:
    committed(git_repo)
    before = calc_totals(cli)
    git_repo.write_base("      antal: 15\n", "      antal: 20\n")
    after = calc_totals(cli)
    change = change_of(diff(cwd=git_repo.root))
    assert {y.year: y.old for y in change.money} == before
    assert {y.year: y.new for y in change.money} == after
    for year in change.money:
        assert year.difference == after[year.year] - before[year.year]
    moved = change.money[-1]
    assert moved.year == 2028
    keys = [row.key for row in moved.rows]
    assert keys[:2] == ["V", "V.volymförändringar:2028 Befolkningsökning 80+ i området"]
    volume = moved.rows[1]
    assert (volume.old, volume.new, volume.difference) == (
        Decimal(1_050_000),
        Decimal(1_400_000),
        Decimal(350_000),
    )
    assert change.money[0].rows == ()  # 2027 did not move
    line = f"2028: 104{NBSP}960{NBSP}677{NBSP}kr → 105{NBSP}310{NBSP}677{NBSP}kr, "
    assert f"    {line}+350{NBSP}000{NBSP}kr (+0,33{NBSP}%)\n" in render_text(
        diff(cwd=git_repo.root)
    )


def test_a_shared_index_change_lists_every_uppdrag_it_affects(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    index = git_repo.uppdrag_dir / "gemensamt" / "upprakning.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(changed(text, "personal: 0.031", "personal: 0.033", count=1), encoding="utf-8")
    result = diff(cwd=git_repo.root)
    [shared] = result.shared
    assert shared.file == "uppdrag/gemensamt/upprakning.yaml"
    assert [(f.label, f.old and f.old.text, f.new and f.new.text) for f in shared.fields] == [
        ("år › 2028 › personal", f"3,1{NBSP}%", f"3,3{NBSP}%")
    ]
    assert {a.id for a in result.affected} == {BASE_ID, OTHER_ID}
    for affected in result.affected:
        change = change_of(result, affected.id)
        assert change.kind == "gemensamt"  # the uppdrag's own file did not change
        effect = {y.year: y.difference for y in affected.effect}
        assert effect[2027] == 0 and effect[2028] > 0
        assert effect == {y.year: y.difference for y in change.money}
    markdown = render_markdown(result)
    assert "| år › 2028 › personal | 3,1" in markdown
    assert f"| {OTHER_ID} | upprakning.yaml | 2028: +" in markdown


def test_a_shared_criterion_change_reaches_only_the_uppdrag_that_use_it(
    git_repo: GitRepo,
) -> None:
    committed(git_repo, other=True)
    catalogue = git_repo.uppdrag_dir / "gemensamt" / "kvalitetskriterier.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(changed(text, "högst: 15", "högst: 12", count=1), encoding="utf-8")
    result = diff(cwd=git_repo.root)
    assert [f.label for s in result.shared for f in s.fields] == [
        "hemtjanst.personalkontinuitet › målvärde › högst"
    ]
    assert [(a.id, a.files) for a in result.affected] == [
        (BASE_ID, ("uppdrag/gemensamt/kvalitetskriterier.yaml",))
    ]
    change = change_of(result)
    assert change.kind == "gemensamt"
    assert fields_of(change) == {"kvalitetskriterier › KK1 › målvärde › högst": ("15", "12")}
    assert [c.id for c in result.uppdrag] == [BASE_ID]


def test_a_renamed_file_is_a_change(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    (git_repo.uppdrag_dir / "aldreomsorg").mkdir()
    git_repo.git("mv", "uppdrag/hemtjanst-norr.yaml", "uppdrag/aldreomsorg/hemtjanst-norr.yaml")
    git_repo.commit("Flytta")
    result = diff("HEAD~1", "HEAD", cwd=git_repo.root)
    [change] = result.uppdrag
    assert change.kind == "ändrat"
    assert (change.old_path, change.new_path) == (
        "uppdrag/hemtjanst-norr.yaml",
        "uppdrag/aldreomsorg/hemtjanst-norr.yaml",
    )
    assert fields_of(change) == {
        "fil": ("uppdrag/hemtjanst-norr.yaml", "uppdrag/aldreomsorg/hemtjanst-norr.yaml")
    }
    assert all(y.old == y.new for y in change.money)


def test_added_and_removed_uppdrag(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write(OTHER_TEXT, OTHER_ID)
    (git_repo.uppdrag_dir / f"{BASE_ID}.yaml").unlink()
    result = diff(cwd=git_repo.root)
    kinds = {c.id: c.kind for c in result.uppdrag}
    assert kinds == {OTHER_ID: "tillagt", BASE_ID: "borttaget"}
    removed = change_of(result)
    assert [(y.year, y.old is not None, y.new) for y in removed.money] == [
        (2027, True, None),
        (2028, True, None),
    ]


def test_unchanged_uppdrag_are_not_mentioned(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    result = diff(cwd=git_repo.root)
    assert [c.id for c in result.uppdrag] == [BASE_ID]
    for output in (render_text(result), render_markdown(result), render_json(result)):
        assert OTHER_ID not in output and BASE_ID in output


def test_markdown_table_first_then_details(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write_base("ingen ny utförare har ansökt sedan 2024.", "två nya har ansökt i år.")
    markdown = render_markdown(diff(cwd=git_repo.root))
    lines = markdown.splitlines()
    assert lines[0] == "### Ändringar i verksamhetsuppdragen"
    table = lines.index("| Uppdrag | Ändring | Total per år, före → efter | Skillnad |")
    assert table < lines.index("<details>")
    assert f"| **{BASE_ID}**<br>Hemtjänst i egen regi – område Norr | ändrat |" in markdown
    assert "**nulägesanalys › marknadsläge**" in markdown
    assert (
        "> utförare är verksamma; ~~ingen ny utförare~~ **två nya** har ansökt "
        "~~sedan 2024.~~ **i år.**"
    ) in markdown
    assert "</details>" in markdown


def test_word_diff_of_markdown_text(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write_base("sträng kyla.", "sträng kyla eller värmebölja.")
    result = diff(cwd=git_repo.root)
    [field] = change_of(result).fields
    assert field.label == "tilläggsuppdrag › T1 › beskrivning" and field.is_text
    assert "sträng [-kyla.-]{+kyla eller värmebölja.+}" in render_text(result)
    assert "sträng ~~kyla.~~ **kyla eller värmebölja.**" in render_markdown(result)
    coloured = render_text(result, color=True)
    assert "\x1b[31;9mkyla.\x1b[0m" in coloured and "\x1b[32mkyla eller värmebölja.\x1b[0m" in (
        coloured
    )


def test_markdown_stays_under_githubs_limit(git_repo: GitRepo) -> None:
    committed(git_repo)
    for n in range(30):
        git_repo.write(changed(OTHER_TEXT, "id: socialjour", f"id: jour-{n:02}"), f"jour-{n:02}")
    git_repo.commit("Många uppdrag")
    index = git_repo.uppdrag_dir / "gemensamt" / "upprakning.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(changed(text, "personal: 0.031", "personal: 0.033", count=1), encoding="utf-8")
    result = diff(cwd=git_repo.root)
    assert len(result.uppdrag) == 31
    full = render_markdown(result, limit=10**7)
    assert len(full) > 20_000 and "Kortat" not in full
    cut = render_markdown(result, limit=20_000)
    assert len(cut) <= 20_000
    assert cut.count("<details>") < 31
    note = cut.rstrip().splitlines()[-1]
    assert note.startswith(
        f"> **Kortat:** en kommentar får vara högst 65{NBSP}536 tecken hos GitHub"
    )
    assert "Kör `uppdrag diff` lokalt för hela jämförelsen." in note
    assert GITHUB_LIMIT == 65_536
    assert len(render_markdown(result)) <= GITHUB_LIMIT


def test_json_has_exact_amounts(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write_base("      antal: 15\n", "      antal: 20\n")
    document = json.loads(render_json(diff(cwd=git_repo.root)))
    assert document["ändrat"] is True
    [uppdrag] = document["uppdrag"]
    assert uppdrag["ändring"] == "ändrat"
    [field] = uppdrag["fält"]
    assert field["sökväg"] == [
        "ersättning",
        "volymförändringar",
        "2028 Befolkningsökning 80+ i området",
        "antal",
    ]
    assert (field["före"], field["efter"]) == ("15", "20")
    year = uppdrag["ersättning"]["år"][1]
    assert year["år"] == 2028
    assert Decimal(year["efter"]) - Decimal(year["före"]) == Decimal(year["skillnad"])


def test_revisions_files_and_rev_path(git_repo: GitRepo, cli: Cli) -> None:
    first = committed(git_repo)
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    git_repo.commit("Kvartalsvis")
    expected = {"rapportering › R2 › frekvens": ("år", "kvartal")}
    root = git_repo.root
    path = "uppdrag/hemtjanst-norr.yaml"
    assert fields_of(change_of(diff(first, "HEAD", cwd=root))) == expected
    assert fields_of(change_of(diff(first, cwd=root))) == expected
    assert fields_of(change_of(diff(f"{first}:{path}", path, cwd=root))) == expected
    assert fields_of(change_of(diff(f"HEAD~1:{path}", cwd=root))) == expected
    old_copy = root / "gammal.yaml"
    old_copy.write_text(BASE_TEXT, encoding="utf-8")
    assert fields_of(change_of(diff(str(old_copy), path, cwd=root))) == expected
    assert diff(path, cwd=root).uppdrag == ()  # the file against HEAD: the same
    cli.cd(root)
    outcome = cli("diff", f"{first}:{path}", path, "--exit-code")
    assert outcome.exit_code == 1
    assert "  rapportering › R2 › frekvens: år → kvartal\n" in outcome.output


def test_cli_messages(git_repo: GitRepo, cli: Cli) -> None:
    committed(git_repo)
    outcome = cli("diff", "finns-inte")
    assert outcome.exit_code == 1
    assert outcome.output == "uppdrag: fel: revisionen 'finns-inte' finns inte i git-arkivet\n"
    outcome = cli("diff", "HEAD", "uppdrag/hemtjanst-norr.yaml")
    assert outcome.exit_code == 2
    assert "jämför två filer (eller REVISION:SÖKVÄG) med varandra" in outcome.output


def test_an_invalid_version_is_compared_by_its_data(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write_base("antal_brukare: 1240", "antal_brukare: många")
    change = change_of(diff(cwd=git_repo.root))
    assert fields_of(change)["nulägesanalys › antal_brukare"] == ("1240", "många")
    assert change.notes and "har 1 fel i den nya versionen" in change.notes[0]


def test_textconv_prints_one_field_per_line(repo: Any, cli: Cli) -> None:
    path, _ = repo.write_base()
    text = textconv(path)
    assert "rapportering › R2 › frekvens: år\n" in text
    assert f"ersättning › driftskostnad_basår: 84{NBSP}350{NBSP}000{NBSP}kr\n" in text
    assert f"ersättning › oh_andel: 3,5{NBSP}%\n" in text
    assert "uppdrag › omfattning:\n  Uppdraget omfattar:\n\n  - service-" in text
    assert "#" not in text.splitlines()[0]  # comments are gone
    broken = repo.write("titel: [obalanserad\n", "trasig")
    assert textconv(broken) == "titel: [obalanserad\n"
    outcome = cli("textconv", "uppdrag/hemtjanst-norr.yaml")
    assert outcome.exit_code == 0 and outcome.output == text


def test_git_diff_uses_textconv(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's .gitattributes line and git config, as a user would set them."""
    # As after `. .venv/bin/activate`: the installed `uppdrag` is on PATH.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    committed(git_repo)
    (git_repo.root / ".gitattributes").write_text("uppdrag/**/*.yaml diff=uppdrag\n")
    git_repo.git("config", "diff.uppdrag.textconv", "uppdrag textconv")
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    shown = git_repo.git("diff")
    assert "-rapportering › R2 › frekvens: år\n+rapportering › R2 › frekvens: kvartal\n" in shown


def test_only_the_changed_files_are_read(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    git_repo.write(changed(OTHER_TEXT, "id: socialjour", "id: jour-2"), "jour-2")
    git_repo.commit("Två jourer")
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    git_repo.commit("Kvartalsvis")
    for result in (diff("HEAD~1", "HEAD", cwd=git_repo.root), diff("HEAD~1", cwd=git_repo.root)):
        assert [c.id for c in result.uppdrag] == [BASE_ID]
        assert set(result.old.entries) == set(result.new.entries) == {BASE_ID}


def test_a_criterion_change_reads_only_the_uppdrag_that_name_it(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    catalogue = git_repo.uppdrag_dir / "gemensamt" / "kvalitetskriterier.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(changed(text, "högst: 15", "högst: 12", count=1), encoding="utf-8")
    git_repo.commit("Kontinuitet")
    result = diff("HEAD~1", "HEAD", cwd=git_repo.root)
    assert set(result.new.entries) == {BASE_ID}
    assert [(a.id, a.files) for a in result.affected] == [
        (BASE_ID, ("uppdrag/gemensamt/kvalitetskriterier.yaml",))
    ]


def test_a_new_file_with_the_id_of_an_unchanged_one_is_noticed(git_repo: GitRepo) -> None:
    committed(git_repo, other=True)
    (git_repo.uppdrag_dir / "norr").mkdir()
    (git_repo.uppdrag_dir / "norr" / f"{OTHER_ID}.yaml").write_text(OTHER_TEXT, encoding="utf-8")
    result = diff(cwd=git_repo.root)
    assert result.notes == [
        f"id '{OTHER_ID}' finns i både uppdrag/norr/{OTHER_ID}.yaml och uppdrag/{OTHER_ID}.yaml "
        "i arbetskatalogen; bara den första jämförs"
    ]


def test_the_summary_shows_only_totals_that_changed(git_repo: GitRepo) -> None:
    committed(git_repo)
    git_repo.write_base("minst: 88", "minst: 90")
    markdown = render_markdown(diff(cwd=git_repo.root))
    assert "±0" not in markdown
    assert f"| **{BASE_ID}**<br>Hemtjänst i egen regi – område Norr | ändrat | – | – |" in markdown
    git_repo.write_base("      antal: 15\n", "      antal: 20\n")
    markdown = render_markdown(diff(cwd=git_repo.root))
    assert "2027" not in markdown.split("<details>")[0]
    assert f"| 2028: 104{NBSP}960{NBSP}677{NBSP}kr → 105{NBSP}310{NBSP}677{NBSP}kr |" in markdown


def test_an_old_file_outside_the_repository_uses_the_new_sides_shared_files(
    git_repo: GitRepo, tmp_path: Path, cli: Cli
) -> None:
    committed(git_repo)
    mailed = tmp_path / "mejlad" / "hemtjanst-norr.yaml"
    mailed.parent.mkdir()
    mailed.write_text(changed(BASE_TEXT, "frekvens: år", "frekvens: kvartal"), encoding="utf-8")
    path = "uppdrag/hemtjanst-norr.yaml"
    result = diff(str(mailed), path, cwd=git_repo.root)
    assert fields_of(change_of(result)) == {"rapportering › R2 › frekvens": ("kvartal", "år")}
    note = (
        f"{mailed} ligger inte i något arkiv med uppdrag, så den läses med samma gemensamma "
        f"filer som {git_repo.root / path}"
    )
    assert result.notes == [note]
    outcome = cli("diff", str(mailed), path)
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.endswith(f"Obs: {note}\n")
    outcome = cli("diff", path, str(mailed))
    assert "  rapportering › R2 › frekvens: år → kvartal\n" in outcome.output
    outcome = cli("diff", str(mailed), str(mailed))
    assert outcome.exit_code == 1
    assert "hittar ingen mapp 'uppdrag/gemensamt/'" in outcome.output
