"""Atomic writes leave no temporary file and give ordinary permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from uppdrag_docs.files import write_atomic


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
