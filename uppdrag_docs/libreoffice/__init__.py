"""Every LibreOffice call of the tool: Word to PDF in batches, and comparing documents."""
