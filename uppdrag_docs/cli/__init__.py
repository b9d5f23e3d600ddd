"""The `uppdrag` command: parse the arguments, call the core, print, exit.

`commands.py` holds the group and the commands on files (check, schema, new, textconv);
`making.py` and `reviewing.py` add theirs to it when they are imported, here.
"""

from uppdrag_docs.cli import making, reviewing
from uppdrag_docs.cli.commands import main

__all__ = ["main", "making", "reviewing"]
