"""The `uppdrag` command: parse the arguments, call the core, print, exit."""

from uppdrag_docs.cli.commands import main
from uppdrag_docs.cli.fields import template_fields

main.add_command(template_fields, aliases=("mallfalt",))

__all__ = ["main"]
