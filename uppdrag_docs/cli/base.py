"""The click plumbing every command shares: Swedish usage lines, dates, errors as sentences.

Every command runs through `handled`, which turns the tool's errors into a Swedish message and
an exit code of their own, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from uppdrag_docs.cli import click_sv
from uppdrag_docs.errors import UppdragError

click_sv.install()

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def handled(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UppdragError as exc:
            click.echo(f"uppdrag: fel: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("uppdrag: avbrutet", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class Command(click.Command):
    """A command whose usage line is Swedish too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


class Date(click.ParamType):  # type: ignore[type-arg]  # not generic in click 8.1
    """A date written ÅÅÅÅ-MM-DD, with a Swedish message for anything else."""

    name = "datum"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10 and text[4] == text[7] == "-":
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(f"'{value}' är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-14")


class Group(click.Group):
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)
