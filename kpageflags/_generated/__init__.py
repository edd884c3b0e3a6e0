# Generated from spec/*.yaml by "python -m codegen"; do not edit.
"""Tables compiled from ``spec/*.yaml``. Regenerate with ``python -m codegen``."""
