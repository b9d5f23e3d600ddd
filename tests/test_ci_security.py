"""The GitHub workflows are safe to copy: pinned actions, no stored token, least permissions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .conftest import PROJECT

WORKFLOWS = PROJECT / ".github" / "workflows"
# uses: owner/name@<40 hex> # vX.Y.Z: the commit is what runs, the comment says what it is.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")
# The one job that comments and the one that publishes may write, and only that.
WRITES = {
    ("granskning", "andringar"): {"contents": "read", "pull-requests": "write"},
    ("sammantrade", "handlingar"): {"contents": "write"},
}


def workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for path in workflows():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "uses:" not in line:
                continue
            match = PINNED.match(line)
            assert match, f"{path.name}:{number}: {line.strip()}"
            action, sha, version = match.groups()
            # One version of each action in all the workflows, so they are updated together.
            assert seen.setdefault(action, (sha, version)) == (sha, version), action
    assert set(seen) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}


def test_checkout_leaves_no_token_in_the_repository() -> None:
    for path in workflows():
        for name, job in load(path)["jobs"].items():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{path.name}/{name}"


def test_each_job_has_only_the_permissions_it_needs() -> None:
    for path in workflows():
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            expected = WRITES.get((path.stem, name), {"contents": "read"})
            assert job["permissions"] == expected, f"{path.name}/{name}"
