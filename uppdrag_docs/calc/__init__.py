"""The compensation: the calculation of format.md, and the rows a reader sees."""
