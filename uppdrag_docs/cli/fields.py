"""`uppdrag mallfält`: the fields the Word templates can use, with their meaning and an example.

A command of its own module, beside `commands.py`, with the same shape: parse, call the core
(`render/reference.py`), print (`output.py`), exit.
"""

from __future__ import annotations

import sys

import click

from uppdrag_docs.cli.base import CONTEXT, Command, handled
from uppdrag_docs.cli.printing import say


@click.command("mallfält", cls=Command, context_settings=CONTEXT)
@click.argument("template", required=False, metavar="[MALL]")
@click.option(
    "--exempel",
    "example",
    metavar="ID|SÖKVÄG",
    help="Uppdraget som exemplen kommer från (standard: hemtjanst-norr, annars arkivets första).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text för terminalen, markdown för en sida i arkivet.",
)
@handled
def template_fields(template: str | None, example: str | None, output_format: str) -> None:
    """Lista fälten som Word-mallarna kan använda, med betydelse och exempel.

    MALL är verksamhetsuppdrag, rapportering, tjansteskrivelse eller sammantrade (standard:
    alla). Exemplen är det mallen får för ett verkligt uppdrag i arkivet, färdigformaterat.
    Mallarna som bygget använder (kommunens egna i templates/ bredvid uppdrag/, annars
    verktygets) läses också: en mall som använder ett fält som inte finns nämns, och
    slutstatus blir 1. Kommandot heter också mallfalt.

    \b
    Exempel:
      uppdrag mallfält
      uppdrag mallfält tjansteskrivelse
      uppdrag mallfalt rapportering --exempel socialjour
      uppdrag mallfält --format markdown > MALLFALT.md
    """
    from uppdrag_docs.cli.output import fields_text
    from uppdrag_docs.files import display_path
    from uppdrag_docs.render.reference import reference

    result = reference(example, template=template)
    click.echo(fields_text(result, output_format), nl=False)
    for section in result.sections:
        for path, fields in section.unknown.items():
            say(
                f"uppdrag: fel: {display_path(path)}: mallen använder fält som inte finns: "
                + ", ".join(fields),
                err=True,
            )
    sys.exit(0 if result.ok else 1)
