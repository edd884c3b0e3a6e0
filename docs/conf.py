"""Sphinx configuration for kpageflags' documentation."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

project = "kpageflags"
author = "the kpageflags developers"
copyright = "2026, the kpageflags developers"
release = __import__("kpageflags").__version__

extensions = ["sphinx.ext.autodoc", "myst_parser", "kpageflags_docs"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_templates_gen", "_ext"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
suppress_warnings = ["myst.header"]
html_theme = "alabaster"
man_pages = [("reference/cli", "kpageflags", "decode Linux page flags for every kernel release", [author], 1)]
nitpicky = False
