"""uppdrag-docs: verksamhetsuppdrag till egen regi, från YAML till beslutsdokument.

The library behind the `uppdrag` command, for a kommun that scripts its own reports::

    import uppdrag_docs

    result = uppdrag_docs.check()                          # every finding in uppdrag/
    for item in uppdrag_docs.load().uppdrag.values():      # checked, free of errors, calculated
        print(item.uppdrag.id, item.calculation.total)
    one = uppdrag_docs.calculate("hemtjanst-norr")         # one uppdrag, by id or path
    report = uppdrag_docs.build(out=Path("dokument"), pdf=False)
    changes = uppdrag_docs.diff("origin/main", "HEAD")

Paths default to the repository around the working directory (the folder that holds
`uppdrag/gemensamt/`). Errors that stop work raise `UppdragError` with a Swedish sentence;
findings about the files are returned, never raised. The modules behind these functions are
imported when a function is first called, so `import uppdrag_docs` and `uppdrag --help` stay fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The packages `build`, `diff` and `follow_up` share their names with three functions below.
# Importing them (each is an empty package) before the functions are defined keeps the functions
# in place: Python binds a subpackage to its parent's attribute only when it first imports it.
import uppdrag_docs.build
import uppdrag_docs.diff
import uppdrag_docs.follow_up  # noqa: F401
from uppdrag_docs.errors import UppdragError

if TYPE_CHECKING:
    from uppdrag_docs.build.documents import BuildReport
    from uppdrag_docs.diff.changes import DiffResult
    from uppdrag_docs.follow_up.review import FollowUpYear
    from uppdrag_docs.trust.calculated import Calculated, Loaded
    from uppdrag_docs.trust.checks import CheckResult

__all__ = [
    "UppdragError",
    "__version__",
    "build",
    "calculate",
    "check",
    "diff",
    "follow_up",
    "load",
]


def __getattr__(name: str) -> str:
    """`uppdrag_docs.__version__`, looked up when it is asked for: importlib.metadata, which
    finds it, took longer to import than the rest of `uppdrag check`'s start up to its files."""
    if name == "__version__":
        from uppdrag_docs.version import __version__

        return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(
    paths: Sequence[Path] = (), *, root: Path | None = None, per: dt.date | None = None
) -> CheckResult:
    """Check uppdrag and follow-up files and folders (default: the repository's `uppdrag/` and
    `uppfoljning/`) and the shared files: every finding of every file, sorted by file, line
    and column. `per` is the day that decides which reports are due (default: today)."""
    from uppdrag_docs.follow_up.periods import today
    from uppdrag_docs.follow_up.review import check as run

    return run(paths, root=root, per=per or today())


def load(paths: Sequence[Path] = (), *, root: Path | None = None) -> Loaded:
    """Check the uppdrag under `paths` and calculate each one without errors in the kommun's
    unit; `.uppdrag` holds those, `.refused` the others with the errors that stop them."""
    from uppdrag_docs.trust.calculated import load as run

    return run(paths, root=root)


def calculate(target: str | Path, *, start: Path | None = None) -> Calculated:
    """One uppdrag, by id or path, checked and calculated (`.calculation.years`, `.total`);
    raises `UppdragError` listing its errors when it has any."""
    from uppdrag_docs.trust.calculated import load_one

    return load_one(str(target), start=start)


def build(
    paths: Sequence[Path] = (),
    *,
    changed_since: str | None = None,
    out: Path | None = None,
    pdf: bool = True,
    force: bool = False,
    jobs: int = 2,
    timeout: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the decision documents, reporting forms and calendars of the uppdrag under `paths`
    (or of those changed since the git revision `changed_since`) into `out` (default:
    `build/`), incrementally; `timeout` is the seconds LibreOffice may take over one document
    (default: 120); `progress` is called with a Swedish line as work
    proceeds."""
    from uppdrag_docs.build.documents import build as run
    from uppdrag_docs.build.run import BuildOptions

    options = BuildOptions(out=out, pdf=pdf, force=force, jobs=jobs)
    if timeout is not None:
        options = dataclasses.replace(options, timeout=timeout)
    if progress is not None:
        options = dataclasses.replace(options, progress=progress)
    return run(paths, options, changed_since=changed_since)


def diff(old: str | None = None, new: str | None = None, *, cwd: Path | None = None) -> DiffResult:
    """What changed between two versions, named as `git diff` names them: two revisions, one
    revision (against the working tree), nothing (HEAD against the working tree), two files,
    or `REVISION:PATH`."""
    from uppdrag_docs.diff.changes import diff as run

    return run(old, new, cwd=cwd)


def follow_up(
    year: int,
    *,
    per: dt.date | None = None,
    root: Path | None = None,
    ids: Sequence[str] = (),
    board: str | None = None,
) -> FollowUpYear:
    """The follow-up of `year` as of `per` (default: today): `.assessment.uppdrag` holds each
    followed-up uppdrag's criteria by period with bedömning, öppna böcker, volumes, reports,
    likvärdighet and mål; `.refused` the uppdrag left out with the errors that stop them."""
    from uppdrag_docs.follow_up.periods import today
    from uppdrag_docs.follow_up.review import follow_up as run

    return run(year, per=per or today(), root=root, ids=ids, board=board)
