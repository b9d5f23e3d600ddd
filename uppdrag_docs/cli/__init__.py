"""The `uppdrag` command: parse the arguments, call the core, print, exit.

`commands.py` holds the group and the commands on files (check, schema, new, textconv);
`making.py`, `reviewing.py`, `forms.py` (blankett, inläs), `publishing.py` (webb) and
`scaffold.py` (init) add theirs to it when they are imported, here, and `fields.py` holds
`uppdrag mallfält`.
"""

from uppdrag_docs.cli import forms, making, publishing, reviewing, scaffold
from uppdrag_docs.cli.commands import main
from uppdrag_docs.cli.fields import template_fields

main.add_command(template_fields)

__all__ = ["forms", "main", "making", "publishing", "reviewing", "scaffold"]
