"""The click plumbing every command shares: Swedish usage lines, dates, errors as sentences.

Every command runs through `handled`, which turns the tool's errors into a Swedish message and
an exit code of their own, never a traceback (unless `--debug` asks for one).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, ClassVar, NoReturn, TypeVar

import click

from uppdrag_docs.cli import click_sv
from uppdrag_docs.cli.printing import say
from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.libreoffice import TIMEOUT

click_sv.install()

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


INTERNAL_ERROR = 3
"""The exit status of a failure that is the tool's own fault (a bug), never the user's."""

DEBUG = {"on": False}
"""`uppdrag --debug`: show the traceback behind a failure of the tool itself."""


def handled(func: F) -> F:
    """Run a command so that whatever happens ends in a Swedish sentence and an exit code.

    The tool's own errors print their message (status 1, or 2 for a wrong call); an output that
    cannot be written (a closed pipe, a full disk behind standard out) ends quietly or with a
    sentence; and anything else is a bug, said as one, with the traceback under `--debug`.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UppdragError as exc:
            click.echo(f"uppdrag: fel: {exc}", err=True)  # its str() spells out each line
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("uppdrag: avbrutet", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `uppdrag diff | head`: the reader has what it wanted
            _silence_stdout()
            sys.exit(141)
        except OSError as exc:
            if _from_printing(exc):
                _unwritable(exc)
            _internal(exc)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: a wrong call (status 2), said in Swedish by click_sv
        except Exception as exc:
            _internal(exc)

    return wrapper  # type: ignore[return-value]


def waiting(message: str) -> None:
    """What a command says on standard error while it waits for another run's lock."""
    say(f"uppdrag: {message}", err=True)


def _internal(exc: BaseException) -> None:
    if DEBUG["on"]:
        traceback.print_exception(exc)
    click.echo(
        f"uppdrag: internt fel: något gick fel i verktyget självt ({type(exc).__name__}). "
        "Det är inte ditt fel. Kör kommandot igen med 'uppdrag --debug' för detaljer och "
        "rapportera dem.",
        err=True,
    )
    sys.exit(INTERNAL_ERROR)


def _unwritable(exc: OSError) -> NoReturn:
    """Standard out that cannot be written (a full disk): said on standard error, status 1."""
    _silence_stdout()
    say(f"uppdrag: fel: standard ut kan inte skrivas: {os_error_text(exc)}", err=True)
    sys.exit(1)


def _from_printing(exc: OSError) -> bool:
    """Whether the error came from writing the output (click's echo or rich's console)."""
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        code = frame.f_code
        if (code.co_name == "echo" and "click" in code.co_filename) or (
            "rich" in code.co_filename and "console" in code.co_filename
        ):
            return True
    return False


def _silence_stdout() -> None:
    """Point standard out at /dev/null, so Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class Command(click.Command):
    """A command whose usage line is Swedish too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    metavar="SEKUNDER",
    default=TIMEOUT,
    show_default=True,
    envvar="UPPDRAG_TIMEOUT",
    help="Hur länge LibreOffice får arbeta med ett dokument innan det avbryts "
    "(också miljövariabeln UPPDRAG_TIMEOUT).",
)
"""`--timeout` of every command that converts with LibreOffice (build, uppföljning)."""


class Date(click.ParamType):  # type: ignore[type-arg]  # not generic in click 8.1
    """A date written ÅÅÅÅ-MM-DD, with a Swedish message for anything else."""

    name = "datum"

    def convert(
        self, value: Any, _param: click.Parameter | None, _ctx: click.Context | None
    ) -> Any:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        day = None
        try:
            if len(text) == 10 and text[4] == text[7] == "-":
                day = dt.date.fromisoformat(text)
        except ValueError:
            pass
        if day is None:
            example = "skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-14"
            self.fail(f"'{value}' är inget datum; {example}")
        from uppdrag_docs.format.base import FIRST_YEAR, LAST_YEAR  # pydantic: not for --help

        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # a slip like 0028 for 2028
            self.fail(
                f"'{value}': året {day.year} ligger utanför {FIRST_YEAR}–{LAST_YEAR}, som "
                "filerna tar; skrev du fel?"
            )
        return day


class Group(click.Group):
    """Commands with Swedish usage lines, and ASCII aliases for names with å, ä or ö."""

    command_class = Command

    ALIASES: ClassVar[dict[str, str]] = {
        "uppfoljning": "uppföljning",
        "mallfalt": "mallfält",
        "inlas": "inläs",
    }
    """Other names of a command: its name without å, ä and ö, for keyboards and scripts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """click writes `--help`, `--version` and a wrong call's usage outside the commands'
        `handled`: standard out that cannot be written is said there too, not as a traceback
        (click itself ends quietly only on a closed pipe)."""
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if not _from_printing(exc):
                raise
            _unwritable(exc)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, self.ALIASES.get(cmd_name, cmd_name))
