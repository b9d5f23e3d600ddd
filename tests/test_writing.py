"""Atomic writes leave no temporary file and give ordinary permissions; what a user names as
output is written as they expect, through a link, into a device or their standard out."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from uppdrag_docs.files import os_error_text, write_atomic, write_output


def test_write_atomic_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "dokument.docx"
    old = os.umask(0o022)
    try:
        write_atomic(target, b"ett")
        write_atomic(target, b"tv\xc3\xa5")
    finally:
        os.umask(old)
    assert target.read_bytes() == "två".encode()
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["dokument.docx"]


def test_exclusive_write_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "uppdrag.yaml"
    target.write_text("original")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"nytt", exclusive=True)
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["uppdrag.yaml"]


# --- a path the user named (-o, --out): written as a shell's > would ---------------------


def test_a_link_the_user_named_is_written_through_and_stays(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "uppdrag.json").write_text("gammalt")
    (tmp_path / "länk.json").symlink_to("schema/uppdrag.json")
    (tmp_path / "ny.json").symlink_to("saknas/ny.json")  # dangling: its file is made
    write_output(tmp_path / "länk.json", b"nytt")
    write_output(tmp_path / "ny.json", b"skapad")
    assert os.readlink(tmp_path / "länk.json") == "schema/uppdrag.json"
    assert (tmp_path / "schema" / "uppdrag.json").read_bytes() == b"nytt"
    assert (tmp_path / "saknas" / "ny.json").read_bytes() == b"skapad"
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == ["uppdrag.json"]


def test_a_link_the_tool_chose_is_replaced_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "utanför.yaml"
    outside.write_text("orört")
    (tmp_path / "ut").mkdir()
    (tmp_path / "ut" / "manifest.json").symlink_to(outside)
    write_atomic(tmp_path / "ut" / "manifest.json", b"{}")
    assert not (tmp_path / "ut" / "manifest.json").is_symlink()
    assert outside.read_text() == "orört"


def test_a_device_is_written_into_never_replaced(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    write_output(Path("/dev/null"), b"ingenstans")
    (tmp_path / "null").symlink_to("/dev/null")
    write_output(tmp_path / "null", b"ingenstans")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    with pytest.raises(OSError) as full:
        write_output(Path("/dev/full"), b"x" * 100_000)
    assert full.value.errno == errno.ENOSPC
    assert os_error_text(full.value) == "disken är full"
    with pytest.raises(IsADirectoryError):
        write_output(tmp_path, b"en mapp")


@pytest.mark.parametrize(("name", "redirect"), [("/dev/stdout", "w"), ("/dev/fd/1", "a")])
def test_standard_out_by_name_goes_into_the_stream_where_the_shell_sent_it(
    tmp_path: Path, name: str, redirect: str
) -> None:
    """`uppdrag schema -o /dev/stdout > fil` and `>> logg`: the schema in its place in the
    stream, between what the process printed before and after, never a new file in its place."""
    target = tmp_path / "ut.txt"
    target.write_text("redan där\n")
    script = (
        "import sys; from pathlib import Path; from uppdrag_docs.files import write_output; "
        f"print('före'); write_output(Path({name!r}), b'schemat\\n'); print('efter')"
    )
    with target.open(redirect) as out:
        subprocess.run([sys.executable, "-c", script], stdout=out, check=True)
    kept = "redan där\n" if redirect == "a" else ""
    assert target.read_text() == kept + "före\nschemat\nefter\n"
