"""`python -m uppdrag_docs`, the same as the `uppdrag` command."""

from .cli import main

main(prog_name="uppdrag")
