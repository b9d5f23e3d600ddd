"""The `uppdrag` command: parse the arguments, call the core, print, exit."""

from uppdrag_docs.cli.commands import main

__all__ = ["main"]
