"""The GitHub workflows and the action are safe: pinned actions, no stored token, least
permissions.

zizmor (a dev dependency, so `make test` and CI install it) audits the workflows offline and
must find nothing; the structural tests below say the same things without it, so a reader sees
the rules, and a checkout without the dev tools still checks them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import PROJECT, changed

WORKFLOWS = PROJECT / ".github" / "workflows"
ACTION = PROJECT / "action.yml"
LOCAL_ACTION = re.compile(r"^\s*(?:- )?uses: \./$")
"""This repository's own action, from the checkout: what a kommun names by its tag."""
VENV_BIN = Path(sys.executable).parent
# uses: owner/name@<40 hex> # vX.Y.Z: the commit is what runs, the comment says what it is.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")
# The one job that comments and the one that publishes may write, and only that.
WRITES = {
    ("granskning", "andringar"): {"contents": "read", "pull-requests": "write"},
    ("sammantrade", "handlingar"): {"contents": "write"},
    ("utgava", "release"): {"contents": "write"},
    ("utgava", "pypi"): {"id-token": "write"},
    ("webb", "bygg"): {"contents": "read", "pages": "read"},
    ("webb", "publicera"): {"pages": "write", "id-token": "write"},
}


def workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for path in [*workflows(), ACTION]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "uses:" not in line or line.lstrip().startswith("#"):
                continue
            if path != ACTION and LOCAL_ACTION.match(line):
                continue
            match = PINNED.match(line)
            assert match, f"{path.name}:{number}: {line.strip()}"
            action, sha, version = match.groups()
            # One version of each action in all the workflows, so they are updated together.
            assert seen.setdefault(action, (sha, version)) == (sha, version), action
    assert set(seen) == {
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }


def test_checkout_leaves_no_token_in_the_repository() -> None:
    for path in workflows():
        for name, job in load(path)["jobs"].items():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{path.name}/{name}"


def test_the_local_action_is_used_after_the_checkout_it_comes_from() -> None:
    used = 0
    for path in workflows():
        for name, job in load(path)["jobs"].items():
            uses = [str(step.get("uses", "")) for step in job["steps"]]
            if "./" in uses:
                used += 1
                before = uses[: uses.index("./")]
                assert [u for u in before if u.startswith("actions/checkout@")], f"{path}/{name}"
    assert used == 6


def test_each_job_has_only_the_permissions_it_needs() -> None:
    for path in workflows():
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            expected = WRITES.get((path.stem, name), {"contents": "read"})
            assert job["permissions"] == expected, f"{path.name}/{name}"


# zizmor


def zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    """zizmor without the network (--offline), with every audit of its strictest persona."""
    found = shutil.which("zizmor", path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail("zizmor saknas; make test installerar det (extra dev)")
    options = ["--offline", "--persona", "pedantic", "--no-progress", "--color", "never"]
    return subprocess.run(
        [found, *options, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    done = zizmor(str(WORKFLOWS), str(ACTION))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_reports_an_expression_in_a_script(tmp_path: Path) -> None:
    """A pull request's branch name written into `run:` is code the pull request chooses."""
    text = (WORKFLOWS / "granskning.yml").read_text(encoding="utf-8")
    unsafe = changed(text, '"origin/$BASE_REF"', '"origin/${{ github.head_ref }}"', count=1)
    assert unsafe != text
    (tmp_path / "granskning.yml").write_text(unsafe, encoding="utf-8")
    done = zizmor(str(tmp_path / "granskning.yml"))
    assert done.returncode != 0
    assert "template-injection" in done.stdout
