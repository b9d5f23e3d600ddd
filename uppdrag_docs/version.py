"""The tool's version, in a module of its own so that any floor of the package can name it."""

__version__ = "0.1.0"

TOOL = f"uppdrag-docs {__version__}"
"""How outputs name their maker: document properties, manifests, PDF producers."""
