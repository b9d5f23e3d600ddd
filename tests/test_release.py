"""Releases: the version is the git tag's, CHANGELOG.md has each version's section, and the
workflow on a tag v* builds, checks, tries and publishes the package, each job with only the
permissions it needs (the id-token for PyPI in one job of its own)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tools.release_notes import HEADING, main, section
from uppdrag_docs import version

from .conftest import GIT_ENV, PROJECT, git, published_copy

WORKFLOW = PROJECT / ".github" / "workflows" / "utgava.yml"
CHANGELOG = PROJECT / "CHANGELOG.md"
KINDS = ("Tillagt", "Ändrat", "Föråldrat", "Borttaget", "Rättat", "Säkerhet")
"""Keep a Changelog's kinds of change, in its order, in Swedish."""


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# CHANGELOG.md and the release notes

EXAMPLE = """\
# Ändringar

## [Ej utgivet]

### Tillagt
- Något på väg.

## [0.2.0] - 2027-01-15

### Rättat
- Ett fel.

## [0.1.0] - 2026-12-14

### Tillagt
- Allt.

[0.2.0]: https://example.se/compare/v0.1.0...v0.2.0
"""


def test_the_notes_are_the_versions_section_and_nothing_else() -> None:
    assert section(EXAMPLE, "0.2.0") == "### Rättat\n- Ett fel.\n"
    assert section(EXAMPLE, "0.1.0") == "### Tillagt\n- Allt.\n"  # the link is not a note
    assert section(EXAMPLE, "Ej utgivet") is None  # a heading without a date is not a release
    assert section(EXAMPLE, "0.3.0") is None


def test_a_tag_without_its_section_stops_the_release(capsys: pytest.CaptureFixture[str]) -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    versions = [m["version"] for line in text.splitlines() if (m := HEADING.match(line))]
    assert "0.0.1" not in versions
    assert main(["v0.0.1"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "CHANGELOG.md har inget avsnitt '## [0.0.1] - ÅÅÅÅ-MM-DD': skriv ändringarna under den "
        "rubriken (i stället för 'Ej utgivet') innan versionen taggas.\n"
    )
    assert main([]) == 2


def test_the_changelog_keeps_its_form() -> None:
    """Keep a Changelog: 'Ej utgivet' first, then versions newest first, each with a date, and
    under them only its kinds of change, in its order, each with something in it."""
    lines = CHANGELOG.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Ändringar"
    headings = [(i, m) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    assert headings[0][1]["version"] == "Ej utgivet" and headings[0][1]["date"] is None
    released = [tuple(map(int, m["version"].split("."))) for _, m in headings[1:]]
    assert all(m["date"] for _, m in headings[1:])
    assert released == sorted(released, reverse=True)
    for number, (start, _) in enumerate(headings):
        end = headings[number + 1][0] if number + 1 < len(headings) else len(lines)
        body = lines[start + 1 : end]
        kinds = [line.removeprefix("### ") for line in body if line.startswith("### ")]
        assert kinds and [k for k in KINDS if k in kinds] == kinds, kinds
        assert not [line for line in body if line.startswith("#") and not line.startswith("###")]
        assert sum(1 for line in body if line.startswith("- ")) >= len(kinds)


# The version


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version as installed

    assert version.__version__ == installed("uppdrag-docs")
    assert f"uppdrag-docs {version.__version__}" == version.TOOL


def test_pyproject_takes_the_version_from_git_with_the_modules_fallback() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert "setuptools-scm>=8" in project["build-system"]["requires"]
    assert project["tool"]["setuptools_scm"]["fallback_version"] == version.FALLBACK


@pytest.mark.slow
def test_the_version_comes_from_the_tag(tmp_path: Path) -> None:
    """A clone without tags (as CI makes) and a folder without git still get a version."""

    def scm(root: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "setuptools_scm"],
            cwd=root,
            env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    source = published_copy(tmp_path / "uppdrag-docs")
    assert re.fullmatch(r"0\.1\.dev1\+g[0-9a-f]{7,}", scm(source))
    git(source, "tag", "v0.2.0")
    assert scm(source) == "0.2.0"
    (source / "README.md").write_text("Ändrad.\n", encoding="utf-8")
    git(source, "commit", "-q", "-am", "Efter utgåvan")
    assert re.fullmatch(r"0\.2\.1\.dev1\+g[0-9a-f]{7,}", scm(source))
    without_git = tmp_path / "arkiv"
    without_git.mkdir()
    (without_git / "pyproject.toml").write_bytes((source / "pyproject.toml").read_bytes())
    assert scm(without_git) == version.FALLBACK


# The workflow


def test_the_release_runs_on_a_version_tag_and_tries_the_wheel_before_publishing() -> None:
    workflow = load(WORKFLOW)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert list(jobs) == ["bygg", "prova", "release", "pypi"]
    build = " ".join(str(s.get("run", "")) for s in jobs["bygg"]["steps"])
    for command in (
        'tools/release_notes.py "$TAG"',
        "python -m build",
        "twine check --strict dist/*",
    ):
        assert command in build
    checkout = jobs["bygg"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # setuptools-scm needs the tag
    tried = " ".join(str(s.get("run", "")) for s in jobs["prova"]["steps"])
    assert "UPPDRAG_HJUL=" in tried and "tests/test_wheel.py" in tried
    assert jobs["prova"]["needs"] == "bygg"
    assert jobs["release"]["needs"] == jobs["pypi"]["needs"] == ["bygg", "prova"]
    assert "gh release create" in str(jobs["release"]["steps"][-1]["run"])


def test_only_the_pypi_job_gets_an_id_token_and_the_publish_action() -> None:
    jobs = load(WORKFLOW)["jobs"]
    tokens = [name for name, job in jobs.items() if "id-token" in job["permissions"]]
    assert tokens == ["pypi"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert jobs["pypi"]["environment"]["name"] == "pypi"
    publishers = [
        name
        for name, job in jobs.items()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("pypa/gh-action-pypi-publish@")
    ]
    assert publishers == ["pypi"]
    assert not [s for s in jobs["pypi"]["steps"] if "checkout" in str(s.get("uses"))]
