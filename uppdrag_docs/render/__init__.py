"""Word documents and calendars from the templates: context, wording, Markdown, docx, ics."""
