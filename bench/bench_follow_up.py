"""How fast are `uppdrag check` and `uppdrag uppföljning --json` with a year of follow-up?

Run from the repository root, with the package installed:

    python -m bench.bench_follow_up [--count 100] [--reports 16] [--seed 0]

It builds a corpus of `--count` uppdrag (bench/corpus.py) and, for each, `--reports` report
files: the uppdrag's reporting periods from January 2027 in the order they fall due, each filled
in as egenregin would (every criterion it carries on its target, öppna böcker at the decided
figures with costs just below, the forecast volume delivered, delivered on the due date), then
measures in the same run, as whole processes, best of 3:

- `uppdrag check --per 2028-03-01` over the uppdrag and all report files: files per second
  (goal: at least 150 files/s);
- `uppdrag uppföljning 2027 --per 2028-03-01 --json` (goal: under 3 s).

It prints the figures beside the goals and asserts nothing; the exit status is 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import decimal, met, uppdrag_command
from bench.corpus import make_corpus

if TYPE_CHECKING:
    from uppdrag_docs.calc.engine import Calculation
    from uppdrag_docs.trust.checks import LoadedUppdrag

CHECK_GOAL = 150.0
"""Files per second that `uppdrag check` should reach at least, follow-up files included."""

FOLLOW_UP_GOAL = 3.0
"""Seconds that `uppdrag uppföljning --json` should stay under."""

PER = "2028-03-01"


def make_reports(root: Path, per_uppdrag: int) -> int:
    """Write `per_uppdrag` report files for every uppdrag of the corpus; how many were written."""
    from uppdrag_docs.calc.engine import calculate
    from uppdrag_docs.trust.checks import check

    checked = check(root=root)
    assert checked.shared is not None and checked.shared.indexation is not None
    written = 0
    for loaded in checked.loaded.values():
        calculation = calculate(
            loaded.uppdrag, checked.shared.indexation, catalogue=checked.shared.standard
        )
        for path, text in _reports(loaded, calculation, per_uppdrag):
            path = root / "uppfoljning" / loaded.uppdrag.id / path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written += 1
    return written


def _reports(loaded: LoadedUppdrag, calculation: Calculation, count: int) -> list[tuple[str, str]]:
    """The text of the first `count` reports of an uppdrag, by due date."""
    from uppdrag_docs.calc.per_unit import volume_in
    from uppdrag_docs.follow_up.models import Volume
    from uppdrag_docs.follow_up.money import decided, forecast_volume, item_name
    from uppdrag_docs.follow_up.periods import calendar, months

    uppdrag = loaded.uppdrag
    dues = [
        (due, key, report)
        for report in uppdrag.reports
        for key, due in calendar(report, uppdrag.period).items()
    ]
    dues.sort(key=lambda d: (d[0].due, d[2].id))
    out = []
    for due, key, report in dues[:count]:
        lines = [
            "schemaversion: 1",
            f"uppdrag: {uppdrag.id}",
            f"rapport: {report.id}",
            f"period: {key}",
            f"inlämnad: {due.due.isoformat()}",
            "inlämnad_av: Leanlink, enheten",
        ]
        carried = [c for c in loaded.criteria if report.id in c.reports]
        if carried or report.type == "kvalitet":
            lines.append("utfall:")
            for criterion in carried:
                target = criterion.target
                lines.append(f"  - kriterium: {criterion.id}")
                bound = target.at_least if target.at_least is not None else target.at_most
                if bound is None:
                    lines.append("    bedömning: uppfyllt")
                else:
                    lines.append(f"    värde: {bound}")
                lines.append("    kommentar: Enligt plan.")
        items = uppdrag.compensation.variable if uppdrag.compensation else []
        volumes = [(item_name(uppdrag, i), forecast_volume(i, due)) for i in items]
        if report.type == "ekonomi":
            given = [Volume.model_validate({"post": n, "utfall": u}) for n, u in volumes]
            figures = decided(uppdrag, calculation, due, given)
            fixed, variable, extra = (
                (figures.fixed, figures.variable, figures.additional)
                if figures
                else (Decimal(0),) * 3
            )
            total = fixed + variable + extra
            kinds = list(uppdrag.compensation.cost_shares) if uppdrag.compensation else ["övrigt"]
            costs = [int(total * Decimal("0.99")) // len(kinds)] * len(kinds)
            lines += [
                "ekonomi:",
                "  intäkter:",
                f"    ersättning: {int(fixed)}",
                f"    rörlig: {int(variable)}",
                f"    tilläggsuppdrag: {int(extra)}",
                "  kostnader:",
                *(f"    {kind}: {cost}" for kind, cost in zip(kinds, costs, strict=True)),
            ]
        if report.type in ("ekonomi", "verksamhet") and volumes:
            lines.append("volymer:")
            lines += [f"  - post: {name}\n    utfall: {units}" for name, units in volumes]
        standard = uppdrag.compensation.standard if uppdrag.compensation else None
        if report.type == "ekonomi" and standard is not None:
            yearly = volume_in(standard.volume, due.end.year) or Decimal(0)
            lines.append(f"volym: {round(yearly * months(due) / 12)}")
        out.append((f"{report.id}-{key}.yaml", "\n".join(lines) + "\n"))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="antal uppdrag i korpusen")
    parser.add_argument("--reports", type=int, default=16, help="rapporter per uppdrag")
    parser.add_argument("--seed", type=int, default=0, help="frö för korpusen")
    args = parser.parse_args(argv)

    command = uppdrag_command()
    print(f"Kommando: {' '.join(command)}")
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as tmp:
        root = Path(tmp) / "kommun"
        started = time.perf_counter()
        make_corpus(root, args.count, seed=args.seed)
        reports = make_reports(root, args.reports)
        built = time.perf_counter() - started
        files = len(list((root / "uppdrag").rglob("*.yaml"))) + reports
        print(
            f"Korpus: {args.count} uppdrag och {reports} rapporter, {files} filer "
            f"(skapad på {decimal(built, 1)} s)"
        )
        seconds, result = best_run_in(root, [*command, "check", "--per", PER], runs=3)
        rate = files / seconds
        print(
            f"uppdrag check --per {PER}: {files} filer på {decimal(seconds, 2)} s = "
            f"{rate:.0f} filer/s (mål: minst {CHECK_GOAL:.0f} filer/s, {met(rate >= CHECK_GOAL)})"
        )
        summary = result.stdout.strip().splitlines()[-1:] or ["(ingen utdata)"]
        print(f"  slutstatus {result.returncode}: {summary[0]}")
        follow = [*command, "uppföljning", "2027", "--per", PER, "--json"]
        seconds, result = best_run_in(root, follow, runs=3)
        print(
            f"uppdrag uppföljning 2027 --json: {decimal(seconds, 2)} s "
            f"(mål: under {FOLLOW_UP_GOAL:.0f} s, {met(seconds < FOLLOW_UP_GOAL)}), "
            f"{len(result.stdout) // 1024} kB JSON, slutstatus {result.returncode}"
        )
        if result.returncode != 0:
            print(result.stderr.strip()[-2000:])
    return 0


def best_run_in(
    root: Path, args: Sequence[str], runs: int
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """The shortest wall-clock time of `runs` runs in `root`, as a user in the repository."""
    best = float("inf")
    result: subprocess.CompletedProcess[str] | None = None
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


if __name__ == "__main__":
    sys.exit(main())
