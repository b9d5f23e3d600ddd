"""The wheel as a kommun gets it: built from a tagged copy of this repository, installed (not
editable) in a fresh virtual environment, and used there, far from the source tree.

The release workflow runs this file against the wheel it is about to publish (UPPDRAG_HJUL);
otherwise the wheel is built here from the working tree, committed in a temporary clone and
tagged there. The new environment is made by uv (a dev dependency): pip took 40 to 55 s here
to install the dependencies, most of it asking the index one package at a time; uv takes 1 to 5 s.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import GIT_ENV, PROJECT, git, published_copy, require

pytestmark = pytest.mark.slow

CONSTRAINTS = PROJECT / "constraints.txt"
TAG = "v0.9.1"
"""The tag of the copy the wheel is built from, when the test builds it."""
TEMPLATES = {
    "rapportering.docx",
    "sammantrade.docx",
    "tjansteskrivelse.docx",
    "uppfoljning.docx",
    "verksamhetsuppdrag.docx",
}


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def uv() -> str:
    """uv beside the tests' Python (a dev dependency), else on PATH."""
    return shutil.which("uv", path=str(Path(sys.executable).parent)) or require("uv")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("UPPDRAG_HJUL")
    if given:
        return Path(given).resolve()
    source = published_copy(tmp_path_factory.mktemp("kalla") / "uppdrag-docs")
    git(source, "tag", TAG)
    out = tmp_path_factory.mktemp("hjul")
    run(uv(), "build", "--wheel", "--quiet", "-o", out, source, env={**os.environ, **GIT_ENV})
    (built,) = out.glob("*.whl")
    return built


def wheel_version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a new environment with the wheel and its dependencies."""
    folder = tmp_path_factory.mktemp("miljo") / "venv"
    run(uv(), "venv", "--quiet", "--python", sys.executable, folder)
    python = folder / "bin" / "python"
    run(uv(), "pip", "install", "--quiet", "--python", python, "-c", CONSTRAINTS, wheel)
    return folder / "bin"


def environment(bin_dir: Path) -> dict[str, str]:
    """The new environment first on PATH, and nothing that points back at the source tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return {**env, **GIT_ENV}


def test_the_wheel_holds_the_package_and_its_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    version = wheel_version(wheel)
    outside = [n for n in names if not n.startswith(("uppdrag_docs/", f"uppdrag_docs-{version}"))]
    assert outside == []
    prefix = "uppdrag_docs/templates/"
    templates = {n.removeprefix(prefix) for n in names if n.startswith(prefix)}
    assert templates == TEMPLATES
    for needed in ("uppdrag_docs/py.typed", "uppdrag_docs/libreoffice/uno_compare.py"):
        assert needed in names
    kommun = PROJECT / "uppdrag_docs" / "scaffold" / "kommun"
    scaffold = {p.relative_to(PROJECT).as_posix() for p in kommun.rglob("*") if p.is_file()}
    assert scaffold and scaffold <= set(names)
    if "UPPDRAG_HJUL" not in os.environ:
        assert version == TAG.removeprefix("v")


def test_a_kommun_works_with_the_installed_wheel(wheel: Path, venv: Path, tmp_path: Path) -> None:
    env = environment(venv)
    assert run("uppdrag", "--version", env=env, cwd=tmp_path) == (
        f"uppdrag, version {wheel_version(wheel)}\n"
    )
    where = run(
        "python",
        "-c",
        "import uppdrag_docs.format.repository as r; print(r.PACKAGED_TEMPLATES)",
        env=env,
        cwd=tmp_path,
    )
    assert Path(where.strip()).is_relative_to(venv.parent)  # the installed copy, not the source
    kommun = tmp_path / "kommun"
    names = ["--kommun", "Exempelby kommun", "--utförarförvaltning", "Omsorg i egen regi"]
    out = run("uppdrag", "init", "kommun", *names, env=env, cwd=tmp_path)
    assert re.match(r"Skapade \d+ filer i kommun/:\n", out), out
    assert "schema/uppdrag.schema.json" in out and ".github/workflows/granskning.yml" in out
    first = tree(kommun)
    requirements = first["requirements.txt"].decode()
    assert requirements.endswith(f"\nuppdrag-docs=={wheel_version(wheel)}\n")
    out = run("uppdrag", "new", "hemtjanst-syd", env=env, cwd=kommun)
    assert out.startswith("Skapade uppdrag/hemtjanst-syd.yaml.")
    out = run("uppdrag", "check", env=env, cwd=kommun)
    assert re.fullmatch(r"(.*varning.*\n)*0 fel och \d+ varningar i 4 filer\n", out), out
    run("uppdrag", "build", "--no-pdf", env=env, cwd=kommun)
    built = sorted(p.name for p in (kommun / "build").glob("hemtjanst-syd*"))
    assert built == [
        "hemtjanst-syd-rapportering.docx",
        "hemtjanst-syd-rapportering.ics",
        "hemtjanst-syd-tjansteskrivelse.docx",
        "hemtjanst-syd.docx",
    ]
    before = tree(kommun)
    out = run("uppdrag", "init", "kommun", *names, env=env, cwd=tmp_path)
    assert out.endswith("Ingenting skrevs: arkivet har redan alla filerna.\n")
    assert tree(kommun) == before


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
