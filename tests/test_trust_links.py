"""Symbolic links that lead out of the repository, devices and pipes: refused at their path by
every command that reads or writes the kommun's files, never followed, never read without end."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.follow_up.review import follow_up

from .conftest import BASE_ID, KommunRepo
from .test_forms import R1_CELLS, fill, make, read
from .uppfoljning_support import PER, FollowRepo

OUT_OF_REPO = "utanför arkivet; uppdrag läser och skriver bara filer i arkivet"


def _texts(follow: FollowRepo, code: str = "UD100") -> list[str]:
    return [f.displayed().text() for f in follow.check().findings if f.code == code]


def _move_out(follow: FollowRepo, tmp_path: Path) -> Path:
    """The uppdrag's report folder moved out of the repository, a link left in its place."""
    outside = tmp_path / "utanfor" / BASE_ID
    outside.parent.mkdir()
    follow.folder().rename(outside)
    follow.folder().symlink_to(outside)
    return outside


def test_a_report_folder_linked_out_is_an_error_at_the_link(
    follow: FollowRepo, tmp_path: Path, in_dir: Any
) -> None:
    """It was passed over unsaid: check found nothing in it and nothing wrong with it."""
    outside = _move_out(follow, tmp_path)
    in_dir(follow.root)
    assert _texts(follow) == [
        f"uppfoljning/{BASE_ID}:1:1: fel UD100: länken uppfoljning/{BASE_ID} leder till "
        f"{outside.resolve()}, {OUT_OF_REPO}"
    ]
    assert [f for f in follow.check().findings if f.code == "UD401"] == []


def test_a_report_linked_to_a_file_outside_is_an_error_not_a_crash(
    follow: FollowRepo, tmp_path: Path, in_dir: Any
) -> None:
    report = follow.folder() / "R1-2027-T1.yaml"
    outside = tmp_path / "R1-2027-T1.yaml"
    report.rename(outside)
    report.symlink_to(outside)
    in_dir(follow.root)
    assert _texts(follow) == [
        f"uppfoljning/{BASE_ID}/R1-2027-T1.yaml:1:1: fel UD100: länken "
        f"uppfoljning/{BASE_ID}/R1-2027-T1.yaml leder till {outside.resolve()}, {OUT_OF_REPO}"
    ]


def test_a_report_linked_to_dev_zero_is_refused_unread(follow: FollowRepo, in_dir: Any) -> None:
    report = follow.folder() / "R1-2027-T1.yaml"
    report.unlink()
    report.symlink_to("/dev/zero")
    in_dir(follow.root)
    assert _texts(follow) == [
        f"uppfoljning/{BASE_ID}/R1-2027-T1.yaml:1:1: fel UD100: länken "
        f"uppfoljning/{BASE_ID}/R1-2027-T1.yaml leder till /dev/zero, {OUT_OF_REPO}"
    ]


def test_a_pipe_among_the_reports_is_refused_without_waiting(
    follow: FollowRepo, in_dir: Any
) -> None:
    report = follow.folder() / "R1-2027-T1.yaml"
    report.unlink()
    os.mkfifo(report)
    in_dir(follow.root)
    assert _texts(follow) == [
        f"uppfoljning/{BASE_ID}/R1-2027-T1.yaml:1:1: fel UD100: det är ett rör (fifo), inte en "
        "vanlig fil; bara vanliga filer läses"
    ]


def test_a_shared_file_linked_out_is_an_error_at_its_path(
    follow: FollowRepo, tmp_path: Path, in_dir: Any
) -> None:
    shared = follow.root / "uppdrag" / "gemensamt" / "kvalitetskriterier.yaml"
    outside = tmp_path / "katalog.yaml"
    shared.rename(outside)
    shared.symlink_to(outside)
    in_dir(follow.root)
    [text] = _texts(follow)
    assert text.startswith("uppdrag/gemensamt/kvalitetskriterier.yaml:1:1: fel UD100: länken ")


def test_uppfoljning_holds_back_an_uppdrag_whose_reports_lead_out(
    follow: FollowRepo, tmp_path: Path
) -> None:
    _move_out(follow, tmp_path)
    year = follow_up(2027, per=PER, root=follow.root)
    assert [(f.code, f.path.name) for f in year.refused[BASE_ID]] == [("UD100", BASE_ID)]


def test_inlas_writes_nothing_through_a_folder_linked_out(
    follow: FollowRepo, tmp_path: Path, in_dir: Any
) -> None:
    filled = fill(make(follow.root, "R1", "2027-T1"), R1_CELLS, tmp_path / "ifylld.xlsx")
    outside = _move_out(follow, tmp_path)
    (outside / "R1-2027-T1.yaml").unlink()
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["inläs", str(filled)])
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"uppdrag: fel: uppfoljning/{BASE_ID}/R1-2027-T1.yaml kan inte skrivas: länken "
        f"uppfoljning/{BASE_ID} leder till {outside.resolve()}, {OUT_OF_REPO}\n"
    )
    assert not (outside / "R1-2027-T1.yaml").exists()


def test_new_writes_no_report_through_a_folder_linked_out(
    follow: FollowRepo, tmp_path: Path, in_dir: Any
) -> None:
    outside = _move_out(follow, tmp_path)
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["new", BASE_ID, "--rapport", "R1", "--period", "2028-T1"])
    assert result.exit_code == 1, result.output
    assert f"länken uppfoljning/{BASE_ID} leder till {outside.resolve()}" in result.output
    assert not (outside / "R1-2028-T1.yaml").exists()


@pytest.mark.parametrize("kind", ["device", "link"])
def test_a_form_that_is_a_device_is_refused_unread(
    repo: KommunRepo, tmp_path: Path, kind: str
) -> None:
    form = Path("/dev/zero")
    if kind == "link":
        form = tmp_path / "blankett.xlsx"
        form.symlink_to("/dev/zero")
    repo.write((Path(__file__).parents[1] / "uppdrag" / f"{BASE_ID}.yaml").read_text())
    [finding] = read(repo.root, form).findings
    assert (finding.code, finding.message) == (
        "UD415",
        "det är en enhet, inte en vanlig fil; bara vanliga filer läses",
    )


def test_a_kommun_template_linked_out_is_refused_naming_the_link(
    follow: FollowRepo, tmp_path: Path
) -> None:
    from uppdrag_docs.errors import UnsafeFileError
    from uppdrag_docs.format.repository import DECISION_TEMPLATE, PACKAGED_TEMPLATES, template_path

    outside = tmp_path / DECISION_TEMPLATE
    outside.write_bytes((PACKAGED_TEMPLATES / DECISION_TEMPLATE).read_bytes())
    (follow.root / "templates").mkdir()
    (follow.root / "templates" / DECISION_TEMPLATE).symlink_to(outside)
    with pytest.raises(UnsafeFileError, match=f"leder till {outside.resolve()}, utanför"):
        template_path(DECISION_TEMPLATE, follow.root)
