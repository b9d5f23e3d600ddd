"""The guideline's rules for an uppdrag that follows the schema, each under its own code."""
