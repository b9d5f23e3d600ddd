"""`uppdrag build` in the terminal: a progress display while building, a summary after."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import click

from uppdrag_docs.build.documents import BuildReport, build
from uppdrag_docs.build.run import BuildOptions, Progress
from uppdrag_docs.cli.base import DEBUG
from uppdrag_docs.cli.printing import console, say
from uppdrag_docs.files import display_path
from uppdrag_docs.names import BUNDLE

T = TypeVar("T")


def run_build(paths: list[Path], options: BuildOptions, *, changed_since: str | None) -> int:
    """Build, show progress on standard error, print the summary; the exit code."""
    report = with_progress(
        lambda progress: build(
            paths, replace(options, progress=progress), changed_since=changed_since
        )
    )
    if report.changed is not None:
        if not report.changed:
            say(f"Inga uppdrag har ändrats sedan {changed_since}; inget att bygga.")
            return 0
        names = ", ".join(p.stem for p in report.changed)
        say(f"Ändrade sedan {changed_since}: {names}", err=True)
    summary(report)
    return 0 if report.ok else 1


def run_meeting(date: dt.date, options: BuildOptions, *, board: str | None) -> int:
    """Build a meeting's documents (`meeting.build_meeting`), print the summary; the exit code."""
    from uppdrag_docs.build.meeting import build_meeting  # pikepdf and pypdf: not for `build`

    report = with_progress(
        lambda progress: build_meeting(date, replace(options, progress=progress), board=board)
    )
    summary(report.build)
    meeting = report.meeting
    if report.folder is None:
        say(
            f"uppdrag: handlingarna till sammanträdet med {meeting.board} {meeting.date} "
            "skapades inte, eftersom inte alla dess uppdrag kunde byggas.",
            err=True,
        )
        return 1
    for warning in report.warnings:
        say(f"uppdrag: varning: {warning}", err=True)
    count = len(meeting.paths) + len(meeting.follow_ups)
    say(
        f"Handlingarna till sammanträdet med {meeting.board} {meeting.date} finns i "
        f"{display_path(report.folder)}/: {count} ärende{'n' if count != 1 else ''}, "
        f"{report.pages} sidor i {BUNDLE}."
    )
    return 0 if report.ok else 1


def with_progress(work: Callable[[Progress], T]) -> T:
    """Run `work` with a progress callback: a status line in a terminal, plain lines in a log."""
    printer = console(stderr=True)
    if printer.is_terminal:
        with printer.status("Bygger …") as status:
            return work(lambda message: status.update(message))
    return work(lambda message: say(message, err=True))


def summary(report: BuildReport) -> None:
    for finding in report.findings:
        say(finding.displayed().text(), err=True)
    for ident, reason in sorted(report.failed.items()):
        say(f"uppdrag: {ident}: {reason}", err=True)
    for warning in report.warnings:
        say(f"uppdrag: varning: {warning}", err=True)
    if report.pdf_problem:
        say(f"uppdrag: PDF: {report.pdf_problem}", err=True)
    if report.problem:
        say(f"uppdrag: fel: {report.problem}", err=True)
    if DEBUG["on"]:
        for ident, trace in sorted(report.traces.items()):
            click.echo(f"uppdrag: {ident}:\n{trace}", err=True)
    out = display_path(report.out)
    failed = f" ({', '.join(sorted(report.failed))})" if report.failed else ""
    say(
        f"Byggde {len(report.built)} uppdrag, {len(report.skipped)} oförändrade hoppades över, "
        f"{len(report.failed)} misslyckades{failed}. Dokumenten finns i {out}/."
    )
    if not report.ok:
        sys.stderr.flush()
