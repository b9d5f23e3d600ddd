"""`uppdrag init`: a new kommun's repository, or its CI files and schemas on a new version."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from uppdrag_docs.cli.base import CONTEXT, Date, handled
from uppdrag_docs.cli.commands import main

if TYPE_CHECKING:
    from uppdrag_docs.scaffold.answers import Platform
    from uppdrag_docs.scaffold.writer import Written

PLATFORM_HELP = "Var arkivet ligger: github eller gitlab (standard: github)."


@main.command(context_settings=CONTEXT)
@click.argument(
    "folder", required=False, default=".", type=click.Path(path_type=Path), metavar="[MAPP]"
)
@click.option("--kommun", metavar="NAMN", help="Kommunens namn, t.ex. 'Linköpings kommun'.")
@click.option(
    "--utförarförvaltning",
    "--utforarforvaltning",
    "provider",
    metavar="NAMN",
    help="Kommunens utförarförvaltning, t.ex. Leanlink.",
)
@click.option("--plattform", type=click.Choice(["github", "gitlab"]), help=PLATFORM_HELP)
@click.option(
    "--mandatperiod",
    type=Date(),
    metavar="DATUM",
    help="Första dagen i mandatperioden (standard: 15 oktober det senaste valåret).",
)
@click.option(
    "--domän",
    "--doman",
    "domain",
    metavar="DOMÄN",
    help="Kommunens webbdomän för kalendrarna, t.ex. linkoping.se (standard: ingen).",
)
@click.option(
    "--belopp",
    type=click.Choice(["kr", "tkr"]),
    help="Hur belopp visas i dokumenten (standard: kr).",
)
@click.option(
    "--uppdatera",
    is_flag=True,
    help="Skriv om CI-filerna, versionslåsningen och schemana för den installerade versionen, "
    "och visa varje ändring. Rör aldrig uppdrag/ eller uppfoljning/.",
)
@handled
def init(
    folder: Path,
    kommun: str | None,
    provider: str | None,
    plattform: str | None,
    mandatperiod: dt.date | None,
    domain: str | None,
    belopp: str | None,
    uppdatera: bool,
) -> None:
    """Skapa en ny kommuns arkiv för uppdragen i MAPP (standard: den här mappen).

    Skriver uppdrag/gemensamt/ (kommun.yaml, upprakning.yaml med index att fylla i och en tom
    kvalitetskriterier.yaml), schemana för redigeraren, .pre-commit-config.yaml,
    requirements.txt, .gitignore, en README för personalen och CI för GitHub eller GitLab, låsta
    till den installerade versionen av uppdrag-docs. En fil som finns skrivs aldrig över: den
    lämnas som den är och nämns. Går något fel skrivs ingenting.

    Svaren som inte ges som flaggor frågas efter när en terminal finns; annars gäller
    standardvärdena, så --kommun och --utförarförvaltning räcker. I ett arkiv som redan har
    uppdrag/gemensamt/kommun.yaml behövs inga svar.

    Med --uppdatera skrivs i stället verktygets filer som arkivet har (CI-filerna,
    requirements.txt, .pre-commit-config.yaml, schema/ och .vscode/settings.json) om för den
    installerade versionen, och varje ändring visas som en diff.

    \b
    Exempel:
      uppdrag init kommun --kommun 'Exempelby kommun' --utförarförvaltning 'Omsorg i egen regi'
      uppdrag init --plattform gitlab
      uppdrag init --uppdatera
    """
    from uppdrag_docs.scaffold import adopt, answers
    from uppdrag_docs.version import __version__

    if uppdatera:
        given = [kommun, provider, plattform, mandatperiod, domain, belopp]
        if any(value is not None for value in given):
            raise click.UsageError("--uppdatera tar inga svar: det rör bara verktygets filer")
        _show(adopt.update_repository(folder, version=__version__), folder, __version__, True)
        return
    today = dt.date.today()
    ask = sys.stdin.isatty()
    known = adopt.known(folder)
    if known is not None:
        kommun, provider = kommun or known.kommun, provider or known.provider
    chosen = answers.Answers(
        kommun=answers.name("--kommun", kommun or _required("Kommunens namn", "--kommun", ask)),
        provider=answers.name(
            "--utförarförvaltning",
            provider or _required("Utförarförvaltningen", "--utförarförvaltning", ask),
        ),
        mandate_start=mandatperiod
        or _ask("Mandatperiodens första dag", answers.mandate_start(today), ask, Date()),
        domain=answers.domain(domain if domain is not None else _ask("Webbdomän", "", ask)),
        amounts_in=belopp or _ask("Belopp i", "kr", ask, click.Choice(answers.AMOUNTS)),
        platform=_platform(plattform or _ask("Plattform", "github", ask, PLATFORMS)),
    )
    written = adopt.init_repository(folder, chosen, version=__version__, today=today)
    _show(written, folder, __version__, False)
    if not adopt.is_release(__version__):
        click.echo(
            f"varning: uppdrag-docs {__version__} är ingen utgiven version, så requirements.txt "
            "och CI-filerna pekar på en version som inte finns att hämta; installera en utgiven "
            "version och kör 'uppdrag init --uppdatera'",
            err=True,
        )


PLATFORMS = click.Choice(["github", "gitlab"])
T = TypeVar("T")


def _ask(question: str, default: T, ask: bool, kind: Any = None) -> T:
    """The answer typed at the terminal, or the default when there is no terminal to ask."""
    if not ask:
        return default
    answer = click.prompt(question, default=default, type=kind, show_default=default != "")
    return cast(T, answer)


def _required(question: str, option: str, ask: bool) -> str:
    if not ask:
        raise click.UsageError(f"ange {option}: det finns ingen terminal att fråga i")
    return str(click.prompt(question))


def _platform(value: str) -> Platform:
    return "gitlab" if value == "gitlab" else "github"


def _show(written: Written, folder: Path, version: str, updating: bool) -> None:
    """What was written, left alone or changed, and what to do next."""
    from uppdrag_docs.files import display_path

    where = display_path(folder)
    if written.created:
        click.echo(f"Skapade {len(written.created)} filer i {where}/:")
        click.echo("".join(f"  {path}\n" for path in sorted(written.created)), nl=False)
    for change in written.changed:
        click.echo(f"Uppdaterade {change.path} till uppdrag-docs {version}:")
        click.echo(change.diff, nl=False)
    if written.kept:
        click.echo(f"Lämnade {len(written.kept)} filer som redan fanns som de var:")
        click.echo("".join(f"  {path}\n" for path in sorted(written.kept)), nl=False)
    if updating and written.unchanged:
        click.echo(f"{len(written.unchanged)} filer var redan för uppdrag-docs {version}.")
    if written.missing:
        click.echo("Saknas, och skrivs bara av 'uppdrag init' (utan --uppdatera):")
        click.echo("".join(f"  {path}\n" for path in sorted(written.missing)), nl=False)
    if written.created:
        click.echo(
            "Nästa steg: fyll i kommunens index i uppdrag/gemensamt/upprakning.yaml, skapa ett "
            "uppdrag med 'uppdrag new ID' och kör 'uppdrag check'."
        )
    elif not updating:
        click.echo("Ingenting skrevs: arkivet har redan alla filerna.")
