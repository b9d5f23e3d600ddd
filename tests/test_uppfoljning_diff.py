"""`uppdrag diff` and `uppdrag textconv` read follow-up files in the follow-up's own words."""

from __future__ import annotations

import json
import shutil

import pytest

from uppdrag_docs.diff.changes import diff

from .conftest import BASE_TEXT, Cli, GitRepo, changed
from .uppfoljning_support import SPEC_FILES, FollowRepo, example

R1, R3 = "R1-2027-T1.yaml", "R3-2027-K1.yaml"
KK3_LINE = "KK3 2027-T1: 93,1 → 95,2 procent; bedömning delvis uppfyllt → uppfyllt"


def test_textconv_of_a_report_names_each_outcome(follow: FollowRepo, cli: Cli) -> None:
    result = cli("textconv", str(follow.folder() / R3))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "ekonomi › intäkter › ersättning: 22\u00a0270\u00a0512\u00a0kr" in lines
    assert "ekonomi › kostnader › personal: 21\u00a0150\u00a0000\u00a0kr" in lines
    assert "volymer › timme › utfall: 6240" in lines
    review = cli("textconv", str(follow.folder() / "bedomning-2027.yaml")).output
    assert "mål › 2 › bedömning: delvis uppfyllt" in review.splitlines()
    assert "kriterier › KK3 › bedömning: uppfyllt" in review.splitlines()


def test_diff_of_two_report_files_reads_in_domain_words(follow: FollowRepo) -> None:
    old = follow.root / "uppfoljning" / "hemtjanst-norr" / "tidigare" / R1
    old.parent.mkdir()
    shutil.copy(follow.folder() / R1, old)
    follow.change(R1, "värde: 93.1", "värde: 95.2")
    result = diff(str(old), str(follow.folder() / R1))
    [change] = result.follow_up
    assert (change.title, change.kind, change.lines) == ("R1 2027-T1", "ändrad", (KK3_LINE,))
    assert result.uppdrag == ()


@pytest.fixture
def history(git_repo: GitRepo) -> GitRepo:
    git_repo.write(BASE_TEXT)
    for name in SPEC_FILES:
        FollowRepo(git_repo).write(name, example(name))
    git_repo.commit("Uppföljningen 2027")
    return git_repo


@pytest.mark.slow
def test_diff_of_outcomes_bedomning_and_money(history: GitRepo, cli: Cli) -> None:
    follow = FollowRepo(history)
    follow.change(R1, "värde: 93.1", "värde: 95.2")
    follow.change(R3, "personal: 21_150_000", "personal: 21_250_000")
    follow.change(
        "bedomning-2027.yaml", "    bedömning: delvis uppfyllt", "    bedömning: uppfyllt"
    )
    follow.write("R1-2027-T2.yaml", example("R1-2027-T2.yaml"))
    text = cli("diff").output
    assert "4 uppföljningsfiler har ändrats" in text
    assert f"  {KK3_LINE}" in text.splitlines()
    assert "  R3 2027-K1: resultat 318\u00a0912\u00a0kr → 218\u00a0912\u00a0kr" in text.splitlines()
    assert "  mål › 2 › bedömning: delvis uppfyllt → uppfyllt" in text.splitlines()
    assert "  KK3 2027-T2: – → 96,4 procent; bedömning ej redovisat → uppfyllt" in text.splitlines()
    data = json.loads(cli("diff", "--format", "json").output)
    assert data["ändrat"] is True
    assert [c["rubrik"] for c in data["uppföljning"]] == [
        "R1 2027-T1",
        "R1 2027-T2",
        "R3 2027-K1",
        "bedömning 2027",
    ]
    markdown = cli("diff", "--format", "markdown").output
    assert "#### Uppföljning" in markdown and f"- {KK3_LINE}" in markdown
    assert "| mål › 2 › bedömning | delvis uppfyllt | uppfyllt |" in markdown
    assert "bedömning 2027" in markdown
    blob = cli("diff", f"HEAD:uppfoljning/hemtjanst-norr/{R1}").output
    assert f"  {KK3_LINE}" in blob.splitlines()


@pytest.mark.slow
def test_a_changed_target_changes_the_bedomning_of_an_unchanged_report(
    history: GitRepo, cli: Cli
) -> None:
    history.write(changed(BASE_TEXT, "minst: 95", "minst: 93"))
    text = cli("diff").output.splitlines()
    assert "  KK3 2027-T1: 93,1 procent; bedömning delvis uppfyllt → uppfyllt" in text
