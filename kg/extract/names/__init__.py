"""The name finders, one module per kind, over one module of shared helpers (common.py)."""
