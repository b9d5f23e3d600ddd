"""The file format: everything that reads and validates a file.

YAML with positions and YAML's own problems, the pydantic models, validation into findings,
the JSON Schema, the guideline's words for the format's values, the repository's files, the
reporting calendar and the skeleton of a new uppdrag.
"""
