"""The commands of the Excel forms: `uppdrag blankett` out to the unit, `uppdrag inläs` back."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, Date, handled, waiting
from uppdrag_docs.cli.commands import PER_HELP, main
from uppdrag_docs.cli.printing import say


@main.command(context_settings=CONTEXT)
@click.argument("ident", required=False, metavar="[UPPDRAG")
@click.argument("report", required=False, metavar="RAPPORT")
@click.argument("period", required=False, metavar="PERIOD]")
@click.option(
    "--alla",
    "every",
    metavar="PERIOD",
    help="En blankett för varje rapport vars period slutar inom PERIOD (t.ex. 2027-T1), för "
    "UPPDRAG eller för alla uppdrag som inte är utkast eller upphävda.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv blanketten till FIL (standard: "
    "build/blanketter/<uppdrag>-<rapport>-<period>.xlsx).",
)
@click.option(
    "--ersätt",
    "--ersatt",
    "replace_filled",
    is_flag=True,
    help="Ersätt en blankett som redan finns med svar i med en tom (annars görs ingen).",
)
@handled
def blankett(
    ident: str | None,
    report: str | None,
    period: str | None,
    every: str | None,
    out: Path | None,
    replace_filled: bool,
) -> None:
    """Gör en Excel-blankett (.xlsx) för en rapport och period, att fylla i och läsa in.

    Blanketten har ett blad med kriterierna (id, namn, målvärde, enhet och celler för värde
    eller bedömning, ej mätt, kommentar, åtgärder och antal svar), och för en ekonomirapport
    öppna böcker och volymer med periodens beslutade belopp bredvid. Bara de gula cellerna
    går att fylla i, och de kontrolleras (tal, bedömningen, datum); resten är låst utan
    lösenord. Ett dolt blad säger uppdrag, rapport, period och uppdragsfilens sha256, så att
    uppdrag inläs vet vart svaren ska och om uppdraget har ändrats sedan. Samma uppdrag ger
    samma fil.

    En blankett som redan finns och har svar i de gula cellerna ersätts inte med en tom
    utan --ersätt: läs in den först. Word-versionen för den som vill skriva ut
    (rapporteringsmallen) byggs av uppdrag build.

    \b
    Exempel:
      uppdrag blankett hemtjanst-norr R1 2027-T1
      uppdrag blankett hemtjanst-norr R3 2027-K1 --out R3.xlsx
      uppdrag blankett --alla 2027-T1
      uppdrag blankett hemtjanst-norr --alla 2027
    """
    from uppdrag_docs.files import display_path
    from uppdrag_docs.follow_up.form_files import write_forms
    from uppdrag_docs.follow_up.form_layout import due_in

    if every is not None:
        if report is not None or period is not None:
            raise click.UsageError("--alla tar bara UPPDRAG, inte RAPPORT och PERIOD")
        targets = due_in(Path.cwd(), every, [ident] if ident else [])
        if out is not None and len(targets) != 1:
            raise click.UsageError("--out gäller en blankett; --alla gör flera")
        if not targets:
            say(f"Ingen rapport har en period som slutar inom {every}.")
            return
    else:
        if ident is None or report is None or period is None:
            raise click.UsageError("ange UPPDRAG RAPPORT PERIOD, eller --alla PERIOD")
        targets = [(ident, report, period)]
    for path in write_forms(
        Path.cwd(), targets, out=out, replace_filled=replace_filled, say=waiting
    ):
        say(f"Skrev {display_path(path)}")


@main.command("inläs", context_settings=CONTEXT)
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FIL.xlsx...",
)
@click.option(
    "--ersätt",
    "--ersatt",
    "replace_existing",
    is_flag=True,
    help="Ersätt en befintlig rapport med annat innehåll (dess kommentarer behålls).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "gitlab", "sarif"]),  # as check: no core import
    default="text",
    show_default=True,
    help="Fynden i samma format som uppdrag check.",
)
@click.option("--per", type=Date(), metavar="DATUM", help=PER_HELP)
@handled
def read_in(
    paths: tuple[Path, ...], replace_existing: bool, output_format: str, per: dt.date | None
) -> None:
    """Läs in ifyllda blanketter till uppfoljning/<uppdrag>/<rapport>-<period>.yaml.

    Varje fynd säger filen och cellen (hemtjanst-norr-R1-2027-T1.xlsx, Utfall!E7: fel
    UD416: 'nittio' är inget tal). Inget skrivs för en blankett med fel. Tal skrivna som text
    med decimalkomma eller mellanslag ("93,1", "1 200") läses som tal; formler läses aldrig.
    En befintlig rapport med annat innehåll ersätts bara med --ersätt. Rapporten kontrolleras
    sedan som av uppdrag check, och en blankett gjord från en annan version av uppdraget är en
    varning som säger vad som har ändrats. En tom inlämningsdag blir dagen i dag.

    Slutstatus: 0 utan fel (varningar tillåtna), 1 med fel. Kommandot heter också inlas.

    \b
    Exempel:
      uppdrag inläs hemtjanst-norr-R1-2027-T1.xlsx
      uppdrag inläs inkorg/*.xlsx --format json
      uppdrag inlas hemtjanst-norr-R3-2027-K1.xlsx --ersätt
    """
    from uppdrag_docs.cli.findings import findings_text
    from uppdrag_docs.files import display_path
    from uppdrag_docs.follow_up.intake import read_in as run
    from uppdrag_docs.follow_up.periods import today

    day = today()
    result = run(
        list(paths), per=per or day, today=day, replace_existing=replace_existing, say=waiting
    )
    to_err = output_format != "text"
    for path in result.written:
        say(f"Skrev {display_path(path)}", err=to_err)
    for path in result.unchanged:
        say(f"{display_path(path)} är oförändrad", err=to_err)
    findings = [f.displayed() for f in result.findings]
    click.echo(findings_text(findings, result.forms, output_format), nl=False)
    sys.exit(1 if result.has_errors else 0)
