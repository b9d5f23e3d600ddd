"""`uppdrag build` in the terminal: a progress display while building, a summary after."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import BuildReport, build
from .repo import display_path


def run_build(paths: list[Path], *, out: Path | None, pdf: bool, force: bool, jobs: int) -> int:
    """Build, show progress on standard error, print the summary; the exit code."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if console.is_terminal:
        with console.status("Bygger …") as status:
            report = build(
                paths,
                out=out,
                pdf=pdf,
                force=force,
                jobs=jobs,
                progress=lambda message: status.update(message),
            )
    else:
        report = build(
            paths,
            out=out,
            pdf=pdf,
            force=force,
            jobs=jobs,
            progress=lambda message: click.echo(message, err=True),
        )
    _summary(report)
    return 0 if report.ok else 1


def _summary(report: BuildReport) -> None:
    for finding in report.findings:
        click.echo(finding.displayed().text(), err=True)
    for ident, reason in sorted(report.failed.items()):
        click.echo(f"uppdrag: {ident}: {reason}", err=True)
    if report.pdf_problem:
        click.echo(f"uppdrag: PDF: {report.pdf_problem}", err=True)
    out = display_path(report.out)
    click.echo(
        f"Byggde {len(report.built)} uppdrag, {len(report.skipped)} oförändrade hoppades över, "
        f"{len(report.failed)} misslyckades. Dokumenten finns i {out}/."
    )
    if not report.ok:
        sys.stderr.flush()
