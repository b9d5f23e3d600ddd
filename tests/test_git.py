"""The git module against real repositories built in tmp_path, with an isolated git config."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from uppdrag_docs import git
from uppdrag_docs.errors import GitError

from .conftest import BASE_TEXT, GitRepo, changed

pytestmark = pytest.mark.slow


def test_verify_gives_the_full_commit_id(git_repo: GitRepo) -> None:
    git_repo.write_base()
    commit = git_repo.commit("Första versionen")
    assert git.verify("HEAD", cwd=git_repo.root) == commit
    assert git.verify("main", cwd=git_repo.root) == commit
    assert git.verify(commit[:8], cwd=git_repo.root) == commit


def test_a_revision_that_looks_like_an_option_is_never_one(git_repo: GitRepo) -> None:
    git_repo.write_base()
    git_repo.commit()
    for rev in ("--output=utdata.txt", "-h", "--all"):
        with pytest.raises(GitError) as caught:
            git.verify(rev, cwd=git_repo.root)
        assert str(caught.value) == f"revisionen '{rev}' finns inte i git-arkivet"
    assert not (git_repo.root / "utdata.txt").exists()


def test_a_missing_revision_is_named(git_repo: GitRepo) -> None:
    git_repo.write_base()
    git_repo.commit()
    with pytest.raises(GitError, match="revisionen 'finns-inte' finns inte i git-arkivet"):
        git.verify("finns-inte", cwd=git_repo.root)


def test_a_revision_missing_in_a_shallow_clone_says_to_fetch_more(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    git_repo.write_base()
    git_repo.commit("Första")
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    git_repo.commit("Andra")
    clone = tmp_path / "klon"
    git_repo.git("clone", "-q", "--depth", "1", f"file://{git_repo.root}", str(clone))
    assert git.is_shallow(cwd=clone)
    with pytest.raises(GitError) as caught:
        git.verify("HEAD~1", cwd=clone)
    message = str(caught.value)
    assert message.startswith("revisionen 'HEAD~1' finns inte i den här klonen")
    assert "git fetch --unshallow" in message and "fetch-depth: 0" in message


def test_outside_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="ligger inte i ett git-arkiv"):
        git.verify("HEAD", cwd=tmp_path)


def test_files_at_a_revision(git_repo: GitRepo) -> None:
    git_repo.write_base()
    first = git_repo.commit()
    git_repo.write_base("frekvens: år", "frekvens: kvartal")
    git_repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: ny"), "lss/ny")
    git_repo.commit()
    names = git.ls_tree(first, "uppdrag", cwd=git_repo.root)
    assert "uppdrag/hemtjanst-norr.yaml" in names
    assert "uppdrag/gemensamt/kommun.yaml" in names
    assert "uppdrag/lss/ny.yaml" not in names
    assert git.show(first, "uppdrag/hemtjanst-norr.yaml", cwd=git_repo.root) == BASE_TEXT.encode()
    found = git.show_many(
        first, ["uppdrag/hemtjanst-norr.yaml", "uppdrag/lss/ny.yaml", "uppdrag"], cwd=git_repo.root
    )
    assert list(found) == ["uppdrag/hemtjanst-norr.yaml"]  # missing files and folders left out
    assert git.exists(first, "uppdrag/hemtjanst-norr.yaml", cwd=git_repo.root)
    assert not git.exists(first, "uppdrag/lss/ny.yaml", cwd=git_repo.root)
    with pytest.raises(GitError, match=r"'uppdrag/lss/ny\.yaml' finns inte i revisionen"):
        git.show(first, "uppdrag/lss/ny.yaml", cwd=git_repo.root)


def test_paths_are_relative_to_the_folder_given(git_repo: GitRepo) -> None:
    """The kommun's uppdrag may lie in a subfolder of the git repository."""
    inner = git_repo.root / "kommunen"
    (git_repo.root / "uppdrag").rename(inner)
    git_repo.commit()
    commit = git.verify("HEAD", cwd=git_repo.root)
    assert "gemensamt/kommun.yaml" in git.ls_tree(commit, "gemensamt", cwd=inner)


def test_commit_date_is_the_committers(git_repo: GitRepo) -> None:
    git_repo.write_base()
    commit = git_repo.commit()
    assert git.commit_date(commit, cwd=git_repo.root) == dt.date(2027, 2, 10)
    assert commit.startswith(git.short(commit, cwd=git_repo.root))
