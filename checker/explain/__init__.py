"""Explanations: is a stated reason substantive or boilerplate, and why (a scikit-learn model)."""
