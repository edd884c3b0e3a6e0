"""Compiles the YAML spec in ``spec/`` into the generated modules of ``kpageflags``.

Run ``python -m codegen`` to regenerate and ``python -m codegen --check`` to verify that
nothing is stale. This package is a build tool: the installed library never imports it.
"""
