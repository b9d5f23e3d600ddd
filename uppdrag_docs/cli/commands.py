"""The `uppdrag` command: thin commands that parse, call one core function, print, exit.

Core modules are imported inside the commands, so `uppdrag --help` starts without pydantic or the
rendering stack. Every command runs through `_handled`, which turns our errors into a Swedish
message and an exit code, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, DEBUG, Date, Group, handled
from uppdrag_docs.libreoffice.soffice import TIMEOUT
from uppdrag_docs.version import __version__

PER_HELP = "Dagen som avgör vilka rapporter som ska ha lämnats (ÅÅÅÅ-MM-DD; standard: i dag)."


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="uppdrag")
@click.option(
    "--debug",
    is_flag=True,
    help="Visa hela förloppet (traceback) när verktyget självt fallerar.",
)
def main(debug: bool) -> None:
    """Verksamhetsuppdrag till egen regi: kontrollera, räkna och bygg beslutsdokument.

    Varje uppdrag är en YAML-fil i mappen uppdrag/. Kommandona hittar arkivets rot genom att
    gå uppåt från den angivna sökvägen till mappen som innehåller uppdrag/gemensamt/.

    \b
    Exempel:
      uppdrag check                       kontrollera alla uppdrag
      uppdrag calc hemtjanst-norr         visa ersättningen per år
      uppdrag new daglig-verksamhet-syd   skapa ett nytt uppdrag
      uppdrag uppföljning 2027            följ upp ett år (utfall, bedömning, öppna böcker)
    """
    DEBUG["on"] = debug


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[SÖKVÄG]...")
@click.option("--strict", is_flag=True, help="Låt även varningar ge felkod.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "gitlab", "sarif"]),
    default="text",
    show_default=True,
    help="text för terminalen, json för program, github för GitHub Actions, gitlab för GitLabs "
    "Code Quality, sarif för GitHubs code scanning.",
)
@click.option(
    "--koder",
    "list_codes",
    is_flag=True,
    help="Lista alla koder med allvarlighet, betydelse och avsnitt i riktlinjen, och avsluta.",
)
@click.option("--per", type=Date(), metavar="DATUM", help=PER_HELP)
@handled
def check(
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    list_codes: bool,
    per: dt.date | None,
) -> None:
    """Kontrollera uppdrag och uppföljning mot formatet och riktlinjen.

    SÖKVÄG är filer eller mappar (standard: uppdrag/ och uppfoljning/). Varje fynd skrivs
    som fil:rad:kolumn: fel|varning KOD: mening (riktlinjen avsnitt). Alla fynd i alla filer
    redovisas samtidigt. Rapporter som skulle ha lämnats senast --per och saknas är
    varningar.

    Slutstatus: 0 utan fel (varningar tillåtna), 1 med fel, 2 vid felaktigt anrop.

    \b
    Exempel:
      uppdrag check
      uppdrag check uppdrag/hemtjanst-norr.yaml --strict
      uppdrag check --format github
      uppdrag check --format gitlab > gl-code-quality-report.json
      uppdrag check --per 2028-03-01
      uppdrag check --koder
    """
    from uppdrag_docs.cli.output import codes_text, findings_text
    from uppdrag_docs.uppfoljning.periods import today
    from uppdrag_docs.uppfoljning.review import check as run_check

    if list_codes:
        if paths or strict:
            raise click.UsageError("--koder listar koderna och kontrollerar inga filer")
        if output_format not in ("text", "json"):
            raise click.UsageError("--koder skrivs som text eller json")
        click.echo(codes_text(output_format), nl=False)
        return

    result = run_check(list(paths), per=per or today())
    findings = [f.displayed() for f in result.findings]
    click.echo(findings_text(findings, len(result.files), output_format), nl=False)
    failed = result.has_errors or (strict and bool(findings))
    sys.exit(1 if failed else 0)


@main.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Skriv till filen i stället för till standard ut.",
)
@click.option(
    "--typ",
    "kind",
    type=click.Choice(["uppdrag", "rapport", "likvardighet", "bedomning"]),
    default="uppdrag",
    show_default=True,
    help="Filen schemat gäller: ett uppdrag, eller en rapport, likvärdighet eller bedömning "
    "i uppfoljning/.",
)
@handled
def schema(output: Path | None, kind: str) -> None:
    """Skriv JSON Schema (draft 2020-12) för en uppdragsfil eller en uppföljningsfil.

    Redigerare med YAML-språkservern använder schemat för att föreslå och kontrollera nycklar.
    Uppdragsfilerna pekar på en kopia i arkivet med en första rad som
    '# yaml-language-server: $schema=../schema/uppdrag.schema.json', uppföljningsfilerna på
    schema/uppfoljning-rapport.schema.json och de andra två.

    \b
    Exempel:
      uppdrag schema -o schema/uppdrag.schema.json
      uppdrag schema --typ rapport -o schema/uppfoljning-rapport.schema.json
    """
    from uppdrag_docs.files import write_atomic

    if kind == "uppdrag":
        from uppdrag_docs.schema import schema_text

        text = schema_text()
    else:
        from uppdrag_docs.uppfoljning import models

        text = models.schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode())
        click.echo(f"Skrev {output}")


@main.command(context_settings=CONTEXT)
@click.argument("ident", metavar="ID")
@click.option(
    "--year",
    "--år",
    "year",
    type=int,
    metavar="ÅR",
    help="Första året i perioden (standard: nästa år).",
)
@click.option("--rapport", "report", metavar="RAPPORT", help="Skapa en rapport för uppdraget ID.")
@click.option("--period", metavar="PERIOD", help="Med --rapport: perioden, t.ex. 2027-T1.")
@handled
def new(ident: str, year: int | None, report: str | None, period: str | None) -> None:
    """Skapa uppdrag/ID.yaml: ett giltigt skelett med kommentarer på varje fält.

    ID är gemena bokstäver a–z, siffror och bindestreck. En befintlig fil skrivs aldrig över.

    Med --rapport och --period skapas i stället ett skelett för en rapport till det befintliga
    uppdraget ID, uppfoljning/ID/RAPPORT-PERIOD.yaml, med kriterierna, målvärdena, sista
    inlämningsdag och de beslutade beloppen som kommentarer. Fälten som ska fyllas i är tomma,
    så uppdrag check säger vad som saknas tills rapporten är ifylld.

    \b
    Exempel:
      uppdrag new daglig-verksamhet-syd
      uppdrag new hemtjanst-syd --år 2028
      uppdrag new hemtjanst-norr --rapport R1 --period 2027-T2
    """
    from uppdrag_docs.files import display_path

    if report is not None or period is not None:
        from uppdrag_docs.uppfoljning.skeleton import write_report_skeleton

        if report is None or period is None or year is not None:
            raise click.UsageError("en rapport skapas med både --rapport och --period, utan --år")
        path = write_report_skeleton(Path.cwd(), ident, report, period)
    else:
        from uppdrag_docs.skeleton import write_skeleton

        path = write_skeleton(Path.cwd(), ident, year=year)
    shown = display_path(path)
    click.echo(f"Skapade {shown}. Fyll i fälten och kör 'uppdrag check {shown}'.")


@main.command(context_settings=CONTEXT)
@click.argument("target", required=False, metavar="[ID|SÖKVÄG]")
@click.option("--year", "--år", "year", type=int, metavar="ÅR", help="Visa bara det här året.")
@click.option(
    "--samlat",
    "--total",
    "whole",
    is_flag=True,
    help="Utförarens fastställda uppdrag summerade per år, i stället för ett uppdrag.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text för terminalen, json med exakta belopp för program.",
)
@handled
def calc(target: str | None, year: int | None, whole: bool, output_format: str) -> None:
    """Visa ersättningen per år, rad för rad, som i beslutsdokumentet.

    Beloppen visas i kr eller tkr enligt gemensamt/kommun.yaml. json ger varje rad som
    ett exakt decimaltal med etikett och källa i YAML-filen. Ett utkast eller förslag utan
    ersättning ger beskedet att ersättningen ännu inte är fastställd.

    --samlat summerar utförarförvaltningens fastställda uppdrag i arkivet per år:
    ersättning, förväntad kostnad och skillnad för varje uppdrag och totalt. Egenregin får
    inte gå med underskott räknat på helheten (riktlinjen 3.1; kontrollen UD309).

    \b
    Exempel:
      uppdrag calc hemtjanst-norr
      uppdrag calc uppdrag/hemtjanst-norr.yaml --år 2028 --format json
      uppdrag calc --samlat --år 2027
    """
    from uppdrag_docs.cli import output

    if whole:
        from uppdrag_docs.calculated import provider_sum

        if target is not None:
            raise click.UsageError("--samlat summerar alla fastställda uppdrag; ange inget ID")
        summed = provider_sum()
        if output_format == "json":
            click.echo(output.provider_json(summed, year))
        else:
            output.print_provider_sum(summed, year)
        return
    if target is None:
        raise click.UsageError("ange ett uppdrag (ID eller SÖKVÄG), eller --samlat")
    from uppdrag_docs.calculated import load_one

    item = load_one(target)
    rows = output.year_rows(item, year)
    if output_format == "json":
        click.echo(output.calculation_json(item, rows))
    else:
        output.print_calculation(item, rows)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[SÖKVÄG]...")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Mappen för dokumenten (standard: build/ i arkivet).",
)
@click.option("--no-pdf", is_flag=True, help="Bygg bara Word-filerna, ingen PDF.")
@click.option("--force", is_flag=True, help="Bygg om allt, även det som inte har ändrats.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 32),
    metavar="N",
    default=2,
    show_default=True,
    help="Antal LibreOffice-processer som konverterar till PDF samtidigt.",
)
@click.option(
    "--meeting",
    "--sammanträde",
    "meeting",
    type=Date(),
    metavar="DATUM",
    help="Bygg handlingarna till nämndens sammanträde DATUM (ÅÅÅÅ-MM-DD) i "
    "MAPP/sammantrade-DATUM/.",
)
@click.option(
    "--board",
    "--organ",
    "board",
    metavar="NAMN",
    help="Med --meeting: bara uppdrag där beslut.organ är NAMN.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    metavar="SEKUNDER",
    default=TIMEOUT,
    show_default=True,
    envvar="UPPDRAG_TIMEOUT",
    help="Hur länge LibreOffice får arbeta med ett dokument innan det avbryts "
    "(också miljövariabeln UPPDRAG_TIMEOUT).",
)
@click.option(
    "--changed-since",
    metavar="REVISION",
    help="Bygg bara uppdrag som har ändrats sedan git-revisionen, till exempel origin/main.",
)
@handled
def build(
    paths: tuple[Path, ...],
    out: Path | None,
    no_pdf: bool,
    force: bool,
    jobs: int,
    meeting: dt.date | None,
    board: str | None,
    timeout: float,
    changed_since: str | None,
) -> None:
    """Bygg beslutsdokument och rapporteringsmallar i Word och PDF.

    För varje uppdrag skapas <id>.docx, <id>.pdf, <id>-rapportering.docx,
    <id>-rapportering.pdf och <id>-rapportering.ics, och en manifest.json med
    kontrollsummor. Bara det som har ändrats byggs om. Ett uppdrag med fel byggs inte;
    de andra byggs ändå, och slutstatus blir 1.

    --meeting bygger uppdragen vars beslut.sammanträde är DATUM och lägger handlingarna i
    MAPP/sammantrade-DATUM/: handlingar.pdf med omslag, ärendeförteckning med sidnummer,
    varje beslutsdokument följt av sina bilagor och bokmärken, varje ärendes PDF och docx,
    och manifest.json med kontrollsummor, git-commit och verktygets version. Slutstatus
    blir 1 om inget uppdrag har det sammanträdet eller om något av dem inte kan byggas.

    --changed-since bygger bara de uppdrag vars fil eller bilagor skiljer sig från
    REVISION (ändringar som inte är incheckade räknas också); en ändring i
    uppdrag/gemensamt/ eller i mallarna bygger alla.

    \b
    Exempel:
      uppdrag build
      uppdrag build uppdrag/hemtjanst-norr.yaml --out /tmp/dokument
      uppdrag build --no-pdf --force
      uppdrag build --meeting 2026-12-14 --board Socialnämnden
      uppdrag build --changed-since origin/main
    """
    from uppdrag_docs.cli.progress import run_build, run_meeting

    if board is not None and meeting is None:
        raise click.UsageError("--board används bara tillsammans med --meeting")
    if meeting is not None:
        if paths or changed_since is not None:
            raise click.UsageError(
                "--meeting väljer själv sina uppdrag och kan inte kombineras med SÖKVÄG "
                "eller --changed-since"
            )
        if no_pdf:
            raise click.UsageError("--meeting behöver PDF och kan inte kombineras med --no-pdf")
        sys.exit(
            run_meeting(meeting, board=board, out=out, force=force, jobs=jobs, timeout=timeout)
        )
    if changed_since is not None and paths:
        raise click.UsageError("--changed-since väljer själv sina uppdrag; ange ingen SÖKVÄG")
    sys.exit(
        run_build(
            list(paths),
            out=out,
            pdf=not no_pdf,
            force=force,
            jobs=jobs,
            timeout=timeout,
            changed_since=changed_since,
        )
    )


@main.command(context_settings=CONTEXT)
@click.argument("old", required=False, metavar="[GAMMAL")
@click.argument("new", required=False, metavar="[NY]]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text för terminalen, markdown för en kommentar i en pull request, json för program.",
)
@click.option(
    "--redline",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPP",
    help="Skriv <id>-andringar.docx och .pdf med ändringarna markerade, för varje ändrat uppdrag.",
)
@click.option("--exit-code", is_flag=True, help="Slutstatus 1 när något har ändrats, som git diff.")
@handled
def diff(
    old: str | None, new: str | None, output_format: str, redline: Path | None, exit_code: bool
) -> None:
    """Visa vad som har ändrats mellan två versioner av uppdragen.

    GAMMAL och NY är två git-revisioner (alla uppdrag under uppdrag/ jämförs, matchade på
    id, så en fil som bytt namn är en ändring), två filer, eller REVISION:SÖKVÄG. Med en
    revision jämförs den med arbetskatalogen; utan argument jämförs HEAD med
    arbetskatalogen, som git diff.

    Varje ändrat fält visas med sin svenska nyckel, före → efter, och ersättningen per år
    med skillnaden i kronor och procent och de rader i beräkningen som ändrades. En ändring
    i uppdrag/gemensamt/ visas med alla uppdrag den påverkar. Oförändrade uppdrag nämns inte.
    Ändrade filer i uppfoljning/ visas med uppföljningens ord: kriterium, period, värde och
    bedömning före → efter, och periodens resultat.

    \b
    Exempel:
      uppdrag diff
      uppdrag diff origin/main --format markdown
      uppdrag diff HEAD~1 HEAD --redline andringar/
      uppdrag diff main:uppdrag/hemtjanst-norr.yaml uppdrag/hemtjanst-norr.yaml
    """
    import os

    from uppdrag_docs.diff.changes import diff as compare
    from uppdrag_docs.diff.comment import render_markdown
    from uppdrag_docs.diff.formats import render_json, render_text

    result = compare(old, new)
    if output_format == "json":
        click.echo(render_json(result))
    elif output_format == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(render_text(result, color=color), nl=False, color=color)
    if redline is not None:
        from uppdrag_docs.redline.documents import write_redlines

        report = write_redlines(result, redline)
        for path in report.written:
            click.echo(f"Skrev {path}", err=True)
        for ident, reason in report.skipped.items():
            click.echo(f"Inget dokument med ändringar för {ident}: {reason}", err=True)
    sys.exit(1 if exit_code and result.changed else 0)


@main.command("uppföljning", context_settings=CONTEXT)
@click.argument("year", required=False, type=click.IntRange(1900, 2200), metavar="[ÅR]")
@click.option("--per", type=Date(), metavar="DATUM", help=PER_HELP)
@click.option("--json", "as_json", is_flag=True, help="Skriv bedömningen som JSON.")
@click.option("--nämnd", "--namnd", "board", metavar="NÄMND", help="Bara den nämndens uppdrag.")
@click.option(
    "--uppdrag", "ids", multiple=True, metavar="ID", help="Bara det uppdraget (kan upprepas)."
)
@handled
def follow_up(
    year: int | None, per: dt.date | None, as_json: bool, board: str | None, ids: tuple[str, ...]
) -> None:
    """Följ upp ett år: måluppfyllelse, öppna böcker och rapportering.

    Läser uppfoljning/ (rapporterna, likvärdigheten och förvaltningens bedömning) för varje
    uppdrag som följs upp (fastställt, eller med rapporter) och vars period berör ÅR
    (standard: året före --per). En period räknas till året den slutar i; --per avgör vilka
    rapporter som ska ha lämnats. Ett uppdrag med fel, i sin egen fil eller i sina
    uppföljningsfiler, tas inte med: felen skrivs ut och slutstatus blir 1.

    Utan --json skrivs tabeller i terminalen, en uppsättning per uppdrag. (Den samlade
    redovisningen till nämnden som dokument kommer i en senare version.) Kommandot heter
    också uppfoljning.

    \b
    Exempel:
      uppdrag uppföljning 2027 --per 2028-03-01
      uppdrag uppföljning 2027 --per 2028-03-01 --json
      uppdrag uppfoljning 2027 --uppdrag hemtjanst-norr
    """
    from uppdrag_docs.cli import follow_up as output
    from uppdrag_docs.uppfoljning.periods import today
    from uppdrag_docs.uppfoljning.review import follow_up as run

    day = per or today()
    result = run(year or day.year - 1, per=day, ids=ids, board=board)
    if as_json:
        click.echo(output.assessment_json(result.assessment))
    else:
        output.print_assessment(result.assessment)
    if result.refused:
        click.echo(output.refused_text(result.refused), err=True)
        sys.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL")
@handled
def textconv(path: Path) -> None:
    """Skriv en uppdrags- eller uppföljningsfil i läsbar form, ett fält per rad, för git diff.

    Varje rad är fältets svenska nyckel och värde, med listornas poster namngivna efter
    sitt id (ett utfall efter sitt kriterium). git kör kommandot på varje version av filen
    när .gitattributes säger det (se README). En fil som inte är giltig YAML skrivs ut som
    den är.

    \b
    Exempel:
      uppdrag textconv uppdrag/hemtjanst-norr.yaml
      git config diff.uppdrag.textconv "uppdrag textconv"
    """
    from uppdrag_docs.diff.textconv import textconv as readable

    click.echo(readable(path), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
