"""The house holds: imports run downhill, rooms stay small, and few modules stand flat.

import-linter reads every import in the package, those inside functions too, and checks them
against the floors listed in `[tool.importlinter]`, from the CLI down to errors and version.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGE = PROJECT / "uppdrag_docs"
MOST_LINES = 400


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(PROJECT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_the_layers_contract() -> None:
    done = lint(PROJECT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_import_upward_breaks_the_contract(tmp_path: Path) -> None:
    """Findings (a base module) importing the CLI, even inside a function, is refused."""
    shutil.copytree(PROJECT / "uppdrag_docs", tmp_path / "uppdrag_docs", symlinks=True)
    findings = tmp_path / "uppdrag_docs" / "findings.py"
    findings.write_text(
        findings.read_text(encoding="utf-8")
        + "\n\ndef _upward() -> None:\n    from uppdrag_docs.cli import main  # noqa: F401\n",
        encoding="utf-8",
    )
    done = lint(tmp_path)
    assert done.returncode == 1, done.stdout
    assert "uppdrag_docs.findings is not allowed to import uppdrag_docs.cli" in done.stdout


def test_no_module_is_longer_than_the_house_allows() -> None:
    lengths = {
        path.relative_to(PROJECT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(lengths) > 50
    assert {name: n for name, n in lengths.items() if n > MOST_LINES} == {}


def test_only_base_modules_stand_flat_in_the_package() -> None:
    """Everything that belongs to a stage lives in the stage's package; at most 12 base
    modules (errors, findings, codes, swedish, files, git, version …) stand beside them."""
    flat = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert {"errors", "findings", "version"} <= flat
    assert len(flat) <= 12, sorted(flat)
