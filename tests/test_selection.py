"""Choosing what to build: uppdrag changed since a git revision (`build --changed-since`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from uppdrag_docs import git
from uppdrag_docs.build.selection import changed_uppdrag
from uppdrag_docs.cli import main
from uppdrag_docs.errors import GitError

from .conftest import BASE_TEXT, EXAMPLES, GitRepo, changed

pytestmark = pytest.mark.slow


def names(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.fixture
def three(git_repo: GitRepo) -> GitRepo:
    """Three uppdrag, one with a PDF bilaga, committed on main."""
    git_repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: norr"), "norr")
    git_repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: syd"), "lss/syd")
    shutil.copy(
        EXAMPLES / "bilagor" / "lss-gruppbostader-vast-bostader.pdf",
        git_repo.uppdrag_dir / "bostader.pdf",
    )
    text = changed(BASE_TEXT, "id: hemtjanst-norr", "id: ost")
    text += "bilagor:\n  - titel: Bostäder\n    fil: bostader.pdf\n"
    git_repo.write(text, "ost")
    git_repo.commit("Tre uppdrag")
    return git_repo


def test_head_commit(three: GitRepo, tmp_path: Path) -> None:
    assert git.head_commit(three.root) == three.git("rev-parse", "HEAD").strip()
    assert git.head_commit(three.root / "uppdrag") == git.head_commit(three.root)
    outside = tmp_path / "utanfor"
    outside.mkdir()
    assert git.head_commit(outside) is None


def test_head_commit_before_the_first_commit(git_repo: GitRepo) -> None:
    assert git.head_commit(git_repo.root) is None


def test_changed_paths_counts_commits_the_working_tree_and_new_files(three: GitRepo) -> None:
    assert git.changed_paths("HEAD", cwd=three.root) == []
    base = three.git("rev-parse", "HEAD").strip()
    three.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: norr") + "# 1\n", "norr")
    three.commit("Committed")
    (three.uppdrag_dir / "lss" / "syd.yaml").write_text("# ändrad\n", encoding="utf-8")
    (three.uppdrag_dir / "ny.yaml").write_text("# ny\n", encoding="utf-8")
    (three.uppdrag_dir / "ost.yaml").unlink()
    assert git.changed_paths(base, cwd=three.root) == [
        "uppdrag/lss/syd.yaml",
        "uppdrag/norr.yaml",
        "uppdrag/ny.yaml",
        "uppdrag/ost.yaml",
    ]
    assert git.changed_paths(base, cwd=three.uppdrag_dir) == [
        "lss/syd.yaml",
        "norr.yaml",
        "ny.yaml",
        "ost.yaml",
    ]


def test_changed_paths_never_takes_a_revision_for_an_option(three: GitRepo) -> None:
    with pytest.raises(GitError, match="revisionen '--output=x' finns inte i git-arkivet"):
        git.changed_paths("--output=x", cwd=three.root)
    assert not (three.root / "x").exists()


def test_only_the_changed_uppdrag(three: GitRepo) -> None:
    assert changed_uppdrag(three.root, "main") == []
    path = three.uppdrag_dir / "lss" / "syd.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert names(changed_uppdrag(three.root, "main")) == ["syd"]


def test_a_changed_bilaga_changes_its_uppdrag(three: GitRepo) -> None:
    (three.uppdrag_dir / "bostader.pdf").write_bytes(b"%PDF-1.4 ny version")
    assert names(changed_uppdrag(three.root, "main")) == ["ost"]


def test_a_shared_file_or_template_changes_every_uppdrag(three: GitRepo) -> None:
    shared = three.uppdrag_dir / "gemensamt" / "upprakning.yaml"
    shared.write_text(shared.read_text(encoding="utf-8") + "# ny\n", encoding="utf-8")
    assert names(changed_uppdrag(three.root, "main")) == ["syd", "norr", "ost"]
    three.commit("Nytt index")
    (three.root / "templates").mkdir()
    (three.root / "templates" / "verksamhetsuppdrag.docx").write_bytes(b"egen mall")
    assert len(changed_uppdrag(three.root, "HEAD")) == 3


def test_a_new_uppdrag_counts_before_it_is_added(three: GitRepo) -> None:
    three.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: ny"), "ny")
    assert names(changed_uppdrag(three.root, "main")) == ["ny"]


def test_cli_says_when_nothing_changed(three: GitRepo, in_dir: Any) -> None:
    in_dir(three.root)
    result = CliRunner().invoke(main, ["build", "--changed-since", "main"])
    assert (result.exit_code, result.output) == (
        0,
        "Inga uppdrag har ändrats sedan main; inget att bygga.\n",
    )
    assert not (three.root / "build").exists()


def test_cli_builds_only_what_changed(three: GitRepo, in_dir: Any) -> None:
    path = three.uppdrag_dir / "norr.yaml"
    path.write_text(changed(path.read_text(encoding="utf-8"), "frekvens: år", "frekvens: kvartal"))
    in_dir(three.root)
    result = CliRunner().invoke(main, ["build", "--changed-since", "main", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "Ändrade sedan main: norr" in result.output
    assert sorted(p.name for p in (three.root / "build").glob("*.docx")) == [
        "norr-rapportering.docx",
        "norr-tjansteskrivelse.docx",
        "norr.docx",
    ]


def test_cli_changed_since_outside_git(tmp_path: Path, in_dir: Any) -> None:
    shutil.copytree(EXAMPLES / "gemensamt", tmp_path / "uppdrag" / "gemensamt")
    in_dir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--changed-since", "main"])
    assert result.exit_code == 1
    assert result.output == (
        f"uppdrag: fel: '{tmp_path}' ligger inte i ett git-arkiv med någon commit, så det går "
        "inte att avgöra vad som har ändrats sedan 'main'\n"
    )
