"""The `uppdrag` command: parse the arguments, call the core, print, exit.

`commands.py` holds the group and the commands on files (check, schema, new, textconv);
`making.py`, `reviewing.py`, `forms.py` (blankett, inläs), `publishing.py` (webb) and
`scaffold.py` (init) add theirs to it when they are imported, here, and `fields.py` holds
`uppdrag mallfält`.

The command sets Python's garbage collector for a run, as a program may and a library should
not: a run keeps what it reads to its end (every file's data, positions and models), and with
the default thresholds the full collections walked all of it again and again, a fifth of the
time of `uppdrag check` on 200 uppdrag. Collections a hundred times rarer still collect the
cycles of a long `uppdrag webb --serve`. At the exit everything is frozen first, so that
Python's last collection does not walk what the process gives back whole (40 ms of `uppdrag
check` on 200 uppdrag, 10 ms left).

For the same reason the command turns pydantic's plugins off: a plugin installed anywhere in
the environment would be handed every validation of an uppdrag, and what the check says must
come from our models alone. Looking for them read the entry points of every installed package
at the first model, 4 ms of `uppdrag check` in a small environment and more in a larger one.
"""

import atexit
import gc
import os

from uppdrag_docs.cli import forms, making, publishing, reviewing, scaffold
from uppdrag_docs.cli.commands import main
from uppdrag_docs.cli.fields import template_fields

gc.set_threshold(70_000, 20, 10)  # before any command imports its modules or reads a file
atexit.register(gc.freeze)
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # before any command builds a model

main.add_command(template_fields)

__all__ = ["forms", "main", "making", "publishing", "reviewing", "scaffold"]
