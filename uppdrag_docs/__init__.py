"""uppdrag-docs: verksamhetsuppdrag till egen regi, från YAML till beslutsdokument."""

from uppdrag_docs.version import __version__

__all__ = ["__version__"]
