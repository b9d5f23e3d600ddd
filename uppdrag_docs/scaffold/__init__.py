"""`uppdrag init`: a new kommun's repository, and its tool files brought to a new version.

`answers.py` holds what the kommun answers (its name, its utförarförvaltning, the platform) and
their defaults; `files.py` what the repository holds, rendered from the templates in `kommun/`
(package data, so an installed wheel needs nothing from this repository's tree); `writer.py`
writes them staged, never over a file that exists, or replaces the tool's own files with a diff.
"""
