"""Building follow-up inputs for the tests: the spec's four example files plus one change.

The example files are the ones in the repository's `uppfoljning/hemtjanst-norr/`, where the
spec's four files (R1-2027-T1, R3-2027-K1, likvardighet-2027, bedomning-2027) stand as the spec
gives them, with an editor's schema line on top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.review import FollowUpYear, check, follow_up
from uppdrag_docs.trust.checks import CheckResult

from .conftest import BASE_ID, BASE_TEXT, PROJECT, KommunRepo, changed

FOLLOW_EXAMPLES = PROJECT / "uppfoljning"
SPEC_FILES = ("R1-2027-T1.yaml", "R3-2027-K1.yaml", "likvardighet-2027.yaml", "bedomning-2027.yaml")
PER = dt.date(2028, 3, 1)
"""The day of the spec's example figures."""


def example(name: str, uppdrag: str = BASE_ID) -> str:
    return (FOLLOW_EXAMPLES / uppdrag / name).read_text(encoding="utf-8")


@dataclass
class FollowRepo:
    """A kommun repository with hemtjanst-norr and the spec's four follow-up files."""

    kommun: KommunRepo

    @property
    def root(self) -> Path:
        return self.kommun.root

    def folder(self, uppdrag: str = BASE_ID) -> Path:
        return self.root / "uppfoljning" / uppdrag

    def write(self, name: str, text: str, uppdrag: str = BASE_ID) -> Path:
        path = self.folder(uppdrag) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def change(self, name: str, old: str, new: str, *, rename: str | None = None) -> str:
        """The file `name` (as the repository has it, else the example) with `old` replaced by
        `new`, which must occur; with `rename`, written under that name instead."""
        path = self.folder() / name
        text = path.read_text(encoding="utf-8") if path.exists() else example(name)
        text = changed(text, old, new, count=1)
        if rename is not None and path.exists():
            path.unlink()
        self.write(rename or name, text)
        return text

    def uppdrag(self, old: str = "", new: str = "") -> str:
        return self.kommun.write_base(old, new)[1]

    def check(self, per: dt.date = PER, paths: tuple[Path, ...] = ()) -> CheckResult:
        return check(list(paths), root=self.root, per=per)

    def findings(self, code: str, per: dt.date = PER) -> list[Finding]:
        return [f for f in self.check(per).findings if f.code == code]

    def assess(self, year: int = 2027, per: dt.date = PER) -> FollowUpYear:
        return follow_up(year, per=per, root=self.root)


def with_spec_files(repo: KommunRepo) -> FollowRepo:
    """`repo` with the example uppdrag and the spec's four follow-up files."""
    repo.write(BASE_TEXT)
    made = FollowRepo(repo)
    for name in SPEC_FILES:
        made.write(name, example(name))
    return made
