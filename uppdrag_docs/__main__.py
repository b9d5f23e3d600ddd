"""`python -m uppdrag_docs`, the same as the `uppdrag` command."""

from uppdrag_docs.cli import main

main(prog_name="uppdrag")
