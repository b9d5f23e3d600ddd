"""The files of a kommun's repository: which there are, whose they are, and what they say.

The kommun's own files (the shared files in `uppdrag/gemensamt/`, the README, `.gitignore`) are
written once and then belong to the kommun. The tool's files (CI, pre-commit, the version pin,
the editor's schemas) follow the installed version: `uppdrag init --uppdatera` rewrites them.
The templates lie in `kommun/` beside this module, as package data, with `@@NAME@@` where a
value goes. This repository's own workflows and `.gitlab-ci.yml` are the same CI files with the
action and the component taken from the checkout itself (`LOCAL`), so that every change here
runs the kommun's CI; a test keeps them equal.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib.resources import files

from ruamel.yaml import YAML

from uppdrag_docs.format.json_schema import SCHEMA_DIR, SCHEMAS, editor_settings_text, schema_text
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    UPPDRAG_DIR,
)
from uppdrag_docs.scaffold.answers import PLATFORMS, Answers, Platform
from uppdrag_docs.version import REPOSITORY

COST_TYPES = ("personal", "lokaler", "övrigt")
"""The cost types of a new kommun's index, each 0 until the kommun writes its own."""
INDEX_YEARS = 5
"""Years in a new kommun's index, from this year: the period of a new uppdrag and some more."""
SHARED = f"{UPPDRAG_DIR}/{SHARED_DIR}"


class Owner(enum.Enum):
    KOMMUN = "kommunens"
    """Written once by `uppdrag init`, then the kommun's: never rewritten."""
    TOOL = "verktygets"
    """Follows the installed version: `uppdrag init --uppdatera` rewrites it."""


@dataclass(frozen=True)
class File:
    path: str
    """Relative to the repository's root, with forward slashes."""
    text: str
    owner: Owner


@dataclass(frozen=True)
class Pin:
    """How CI gets uppdrag-docs: a released version, or this repository's own checkout."""

    action: str
    """What a GitHub workflow `uses:`."""
    component: str
    """What `.gitlab-ci.yml` includes."""
    install: str
    """What pip installs."""


LOCAL = Pin(
    action="./",
    component="$CI_SERVER_FQDN/$CI_PROJECT_PATH/uppdrag@$CI_COMMIT_SHA",
    install="-c constraints.txt .",
)
"""This repository's own CI: the action and the component of the commit being tested."""


def released(version: str) -> Pin:
    """A kommun's CI on `version`: the action by its tag, the pin in requirements.txt."""
    return Pin(
        action=f"{REPOSITORY}@v{version}",
        component=f"$CI_SERVER_FQDN/{REPOSITORY}/uppdrag@v{version}",
        install="-r requirements.txt",
    )


CI_FILES: dict[Platform, tuple[tuple[str, str], ...]] = {
    "github": (
        ("github/granskning.yml", ".github/workflows/granskning.yml"),
        ("github/dokument.yml", ".github/workflows/dokument.yml"),
        ("github/sammantrade.yml", ".github/workflows/sammantrade.yml"),
        ("github/webb.yml", ".github/workflows/webb.yml"),
    ),
    "gitlab": (("gitlab-ci.yml", ".gitlab-ci.yml"),),
}
"""Each platform's CI files: the template and where it goes."""
GITHUB_EXTRAS = (
    ("github/dependabot.yml", ".github/dependabot.yml"),
    ("github/zizmor.yml", ".github/zizmor.yml"),
)
"""A kommun's own GitHub files besides the workflows (this repository has neither)."""


def ci_files(pin: Pin, platform: Platform) -> list[File]:
    values = {"ACTION": pin.action, "COMPONENT": pin.component, "INSTALLERA": pin.install}
    return [
        File(path, render(template, values), Owner.TOOL) for template, path in CI_FILES[platform]
    ]


def tool_files(version: str, platforms: Collection[Platform]) -> list[File]:
    """The tool's files of a kommun's repository on `version`, for its platforms."""
    values = {"VERSION": version, "REPOSITORY": REPOSITORY}
    out = [
        File("requirements.txt", render("requirements.txt", values), Owner.TOOL),
        File(".pre-commit-config.yaml", render("pre-commit-config.yaml", values), Owner.TOOL),
        File(".vscode/settings.json", editor_settings_text(), Owner.TOOL),
        *(
            File(f"{SCHEMA_DIR}/{s[1]}", schema_text(kind), Owner.TOOL)
            for kind, s in SCHEMAS.items()
        ),
    ]
    for platform in PLATFORMS:
        if platform in platforms:
            out += ci_files(released(version), platform)
    if "github" in platforms:
        out += [File(path, render(t, values), Owner.TOOL) for t, path in GITHUB_EXTRAS]
    return out


def kommun_files(answers: Answers, today: dt.date) -> list[File]:
    """The kommun's own files, from its answers."""
    values = {
        "KOMMUN": answers.kommun,
        "UTFORARFORVALTNING": answers.provider,
        "REPOSITORY": REPOSITORY,
    }
    settings = {
        "KOMMUN": scalar(answers.kommun),
        "UTFORARFORVALTNING": scalar(answers.provider),
        "BELOPP": answers.amounts_in,
        "MANDATPERIOD": answers.mandate_start.isoformat(),
        "DOMAN": answers.domain or "null",
    }
    years = "\n".join(
        f"  {year}:{'                        # ÄNDRA: indexen för året' if i == 0 else ''}\n"
        + "\n".join(f"    {kind}: 0" for kind in COST_TYPES)
        for i, year in enumerate(range(today.year, today.year + INDEX_YEARS))
    )
    return [
        File(f"{SHARED}/{KOMMUN_FILE}", render("kommun.yaml", settings), Owner.KOMMUN),
        File(f"{SHARED}/{INDEX_FILE}", render("upprakning.yaml", {"AR": years}), Owner.KOMMUN),
        File(f"{SHARED}/{CATALOGUE_FILE}", render("kvalitetskriterier.yaml", {}), Owner.KOMMUN),
        File("README.md", render("README.md", values), Owner.KOMMUN),
        File(".gitignore", render("gitignore", {}), Owner.KOMMUN),
    ]


_PLACEHOLDER = re.compile(r"@@([A-Z]+)@@")


def render(template: str, values: Mapping[str, str]) -> str:
    """The template with each `@@NAME@@` replaced by its value (a missing one is a bug)."""
    text = (files("uppdrag_docs.scaffold") / "kommun" / template).read_text(encoding="utf-8")
    return _PLACEHOLDER.sub(lambda m: values[m[1]], text)


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same text (quoted when it must be)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.width = 1_000_000  # never folded over lines
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump({"v": value}, out)
    return out.getvalue().removeprefix("v: ").removesuffix("\n")
