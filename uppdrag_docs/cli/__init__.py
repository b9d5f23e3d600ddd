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
import sys
import threading

from uppdrag_docs.cli import forms, making, publishing, reviewing, scaffold
from uppdrag_docs.cli.commands import main
from uppdrag_docs.cli.fields import template_fields

gc.set_threshold(70_000, 20, 10)  # before any command imports its modules or reads a file
atexit.register(gc.freeze)
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # before any command builds a model

main.add_command(template_fields)


def run() -> None:
    """`uppdrag` and `python -m uppdrag_docs`: the command, and then the end of the process
    without Python's teardown, once the exit handlers have run and the output is written.

    The teardown gave back every object the run kept, one by one (20-40 ms of `uppdrag check`
    on 200 uppdrag); the operating system takes the memory back whole. With other threads
    alive, an exit that is not a number, or output that cannot be written, the process ends
    as Python ends it."""
    try:
        main(prog_name="uppdrag")
    except SystemExit as exc:
        if not (exc.code is None or type(exc.code) is int) or threading.active_count() > 1:
            raise
        atexit._run_exitfuncs()  # what the teardown would run first; it clears them
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise exc from None  # a closed pipe: as Python says it
        os._exit(exc.code or 0)


__all__ = ["forms", "main", "making", "publishing", "reviewing", "run", "scaffold"]
