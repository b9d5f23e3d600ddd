"""The uppdrag that later stages can trust: every finding in every file (`checks`), and the
checked, error-free, calculated uppdrag (`calculated`)."""
