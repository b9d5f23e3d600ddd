"""What to build, building it, the manifest, and the documents of a board meeting."""
