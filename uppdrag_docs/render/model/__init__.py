"""What each template sees, field by field: the typed model of the documents' contexts.

The code that fills a context (`context.py`, `arende.py`, `agenda.py`) builds these TypedDicts,
so mypy refuses a field that is not declared here and a declared field that is left out; at run
time they are plain dicts, so the templates and the documents' bytes are what they were. The
Markdown fields under `md` are filled as plain dicts (a tilläggsuppdrag's key is made from its
number), so there the test, not mypy, keeps code and model in step.

The string under each field is its meaning in Swedish, for the people who edit the templates in
Word: `render/reference.py` reads it from the source and `uppdrag mallfält` prints it with an
example from a real uppdrag.
"""
