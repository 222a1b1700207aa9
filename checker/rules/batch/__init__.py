"""Rules that compare documents of one batch with each other (they run in ``checker batch`` only)."""
