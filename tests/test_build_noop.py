"""A no-op `uppdrag build` decides from the manifest alone: it writes nothing, and every kind of
input that feeds a document (the uppdrag, each shared file, a bilaga, a template, the tool's
version, SOURCE_DATE_EPOCH) still makes the uppdrag that use it build again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from uppdrag_docs.build import manifest
from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions

from .conftest import EXAMPLES, PROJECT

pytestmark = pytest.mark.slow  # each build renders documents through pandoc

NORR = "hemtjanst-norr"
"""Names a criterion of the shared catalogue and compares with the standardkostnad."""
BOENDESTOD = "boendestod-socialpsykiatri"
"""Has bilagor, and neither catalogue criteria nor a standardkostnad."""
BOTH = [BOENDESTOD, NORR]


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    shutil.copytree(EXAMPLES / "bilagor", root / "uppdrag" / "bilagor")
    for ident in BOTH:
        shutil.copy(EXAMPLES / f"{ident}.yaml", root / "uppdrag")
    return root


def _state(*folders: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under the folders, with its bytes and modification time."""
    return {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _comment(template: Path) -> None:
    from docx import Document

    doc = Document(str(template))
    doc.core_properties.comments = "ändrad av kommunikatören"
    doc.save(str(template))


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as file:
        file.write(data)


def test_a_no_op_writes_nothing_and_every_input_rebuilds_its_uppdrag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    out = root / "build"
    shared = root / "uppdrag" / "gemensamt"

    def rebuilt() -> list[str]:
        report = build([root / "uppdrag"], BuildOptions(out=out, pdf=False))
        assert report.ok, (report.failed, [f.text() for f in report.findings])
        return sorted(report.built)

    assert rebuilt() == BOTH
    before = _state(root)
    assert rebuilt() == []
    assert _state(root) == before, "a no-op build wrote or touched a file"

    changes = [
        ("the uppdrag file", lambda: _append(root / "uppdrag" / f"{NORR}.yaml", b"# x\n"), [NORR]),
        ("kommun.yaml", lambda: _append(shared / "kommun.yaml", b"# x\n"), BOTH),
        ("upprakning.yaml", lambda: _append(shared / "upprakning.yaml", b"# x\n"), BOTH),
        (
            "kvalitetskriterier.yaml",
            lambda: _append(shared / "kvalitetskriterier.yaml", b"#\n"),
            [NORR],
        ),
        (
            "standardkostnader.yaml",
            lambda: _append(shared / "standardkostnader.yaml", b"#\n"),
            [NORR],
        ),
        ("kolada.csv", lambda: _append(shared / "kolada.csv", b"\n"), [NORR]),
        (
            "a bilaga",
            lambda: _append(
                root / "uppdrag" / "bilagor" / f"{BOENDESTOD}-kostnadskalkyl.pdf", b"\n% x\n"
            ),
            [BOENDESTOD],
        ),
        (
            "a kommun template in place of the packaged one",
            lambda: (
                (root / "templates").mkdir()
                or shutil.copy(PROJECT / "templates" / "rapportering.docx", root / "templates")
            ),
            BOTH,
        ),
        ("that template", lambda: _comment(root / "templates" / "rapportering.docx"), BOTH),
        ("a damaged output", lambda: (out / f"{BOENDESTOD}.docx").unlink(), [BOENDESTOD]),
        (
            "the tool's version",
            lambda: monkeypatch.setattr(manifest, "TOOL", "uppdrag-docs 99"),
            BOTH,
        ),
        ("SOURCE_DATE_EPOCH", lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000"), BOTH),
    ]
    for what, change, expected in changes:
        change()
        assert rebuilt() == expected, f"after a change of {what}"
        assert rebuilt() == [], f"a second build after a change of {what}"
