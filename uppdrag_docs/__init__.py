"""uppdrag-docs: verksamhetsuppdrag till egen regi, från YAML till beslutsdokument."""

__version__ = "0.1.0"
