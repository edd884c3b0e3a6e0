"""The package's layers, checked: each subpackage imports only the layers below it, so the
library never needs a tool emulation or the command line, and facts need no page source."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "kpageflags"

# What each part may import from the rest of kpageflags (itself always allowed).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "numbers": {"errors"},
    "paths": {"errors"},
    "_generated": {"facts"},  # the tables are built from the model's records
    "facts": {"errors", "numbers", "_generated"},
    "output": {"errors"},
    "sources": {"errors", "numbers", "paths", "_generated", "facts", "output"},
    "analysis": {"errors", "numbers", "_generated", "facts", "output", "sources"},
    "reports": {"errors", "_generated", "facts"},
    "drawing": {"errors", "facts", "output", "analysis", "plotting"},
    "pagetypes": {"errors", "numbers", "paths", "_generated", "facts", "output", "sources", "analysis"},
    "pageownersort": {"errors", "_generated", "facts", "pageowner"},
    "plotting": {"errors", "facts", "output", "analysis"},
    "htmlreport": {"errors", "_generated", "facts", "output", "sources", "analysis", "drawing", "plotting", "slab"},
    "slabinfognuplot": {"errors", "facts", "plotting"},
    "slabinfo": {"errors", "_generated", "facts", "slab"},
    "cli": {
        "__init__",
        "errors",
        "numbers",
        "paths",
        "_generated",
        "facts",
        "output",
        "sources",
        "analysis",
        "reports",
        "pagetypes",
        "pageowner",
        "pageownersort",
        "plotting",
        "slab",
        "slabinfognuplot",
        "drawing",
        "slabinfo",
        "htmlreport",
    },
    "__init__": {"errors", "_generated", "facts", "reports"},
    "slab": {"errors", "_generated", "facts", "output", "sources", "analysis"},
    "pageowner": {"errors", "_generated", "facts", "output", "sources", "analysis", "reports"},
    "__main__": {"cli"},
}


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(path: Path) -> set[tuple[str, int]]:
    """The top-level parts of kpageflags a module imports, with the line of each import."""
    return parts_imported_by(path.read_text(), path.relative_to(REPO).with_suffix("").parts[:-1])


def parts_imported_by(source: str, package: tuple[str, ...]) -> set[tuple[str, int]]:
    """The parts a module's source imports, the module being in ``package`` (its dotted parts)."""
    tree = ast.parse(source)
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = [*base, *(node.module or "").split(".")] if node.module else base
                if target == ["kpageflags"]:
                    # "from .. import x": a subpackage by its name, anything else from the package root.
                    found.update(
                        (alias.name if (PACKAGE / alias.name).is_dir() else "__init__", node.lineno)
                        for alias in node.names
                    )
                    continue
            else:
                target = (node.module or "").split(".")
            if target[0] == "kpageflags" and len(target) > 1:
                found.add((target[1], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "kpageflags" and len(parts) > 1:
                    found.add((parts[1], node.lineno))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "import_module":
            continue
    return found


def test_every_module_imports_only_the_layers_below_it() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = part_of(path)
        assert part in ALLOWED, f"{path}: a new part of the package needs a place in ALLOWED"
        for target, line in sorted(imported_parts(path)):
            if target != part and target not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(REPO)}:{line} ({part}) imports {target}")
    assert wrong == []


def test_the_checker_sees_a_forbidden_import() -> None:
    # A library module reaching into the page-types emulation and the CLI, in each import style.
    source = "from ..pagetypes.tool import ToolTable\nimport kpageflags.cli.main\nfrom .. import pagetypes\n"
    found = {target for target, _ in parts_imported_by(source, ("kpageflags", "analysis"))}
    assert found == {"pagetypes", "cli"}
