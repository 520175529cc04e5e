"""Collection Coach: a practice simulator for debt-collection call agents (催收陪练)."""

__version__ = "0.1.0"
