"""`python -m uppdrag_docs`, the same as the `uppdrag` command."""

from uppdrag_docs.cli import run

run()
