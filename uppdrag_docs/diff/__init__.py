"""Comparing two versions of the uppdrag in the terms a reviewer thinks in."""
