"""Data tables the package ships (generated, never edited by hand)."""
