"""Every LibreOffice call of the tool: Word to PDF in batches, and comparing documents."""

TIMEOUT = 120.0
"""Seconds LibreOffice may take over one document before it is killed (`--timeout`): here, not
in `soffice.py`, so that the commands' option reads it without importing subprocess (2 ms of
every command's start)."""
