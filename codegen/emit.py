"""Renders validated model values as Python source.

Only ``None``, booleans, integers, strings, tuples and the model's frozen dataclasses are
accepted, and strings are written with ``repr``; so no text from the spec can turn into
a statement, whatever it contains.
"""

from __future__ import annotations

from typing import Any

from kpageflags.facts import model

WIDTH = 96
INDENT = "    "


def _string(text: str, indent: int) -> str:
    single = repr(text)
    if len(single) + indent * 4 <= WIDTH:
        return single
    # Long prose is split at spaces into implicitly concatenated pieces.
    pieces: list[str] = []
    current = ""
    room = WIDTH - (indent + 1) * 4 - 2
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(repr(candidate)) > room:
            pieces.append(current + " ")
            current = word
        else:
            candidate_text = candidate
            current = candidate_text
    pieces.append(current)
    inner = INDENT * (indent + 1)
    return "(\n" + "".join(f"{inner}{piece!r}\n" for piece in pieces) + INDENT * indent + ")"


def _record(value: Any, indent: int) -> str:
    """A NamedTuple of the model as a keyword call, leaving out fields at their default."""
    defaults = type(value)._field_defaults
    parts = []
    for name in value._fields:
        field_value = getattr(value, name)
        if name in defaults and field_value == defaults[name]:
            continue
        parts.append(f"{name}={py(field_value, indent + 1)}")
    cls = type(value).__name__
    flat = f"{cls}(" + ", ".join(parts) + ")"
    if "\n" not in flat and len(flat) + indent * 4 <= WIDTH:
        return flat
    inner = INDENT * (indent + 1)
    return f"{cls}(\n" + "".join(f"{inner}{part},\n" for part in parts) + INDENT * indent + ")"


def py(value: Any, indent: int = 0) -> str:
    """Python source for ``value`` at the given indentation depth."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, str):
        return _string(value, indent)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return _record(value, indent)
    if isinstance(value, tuple):
        if not value:
            return "()"
        items = [py(item, indent + 1) for item in value]
        flat = "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if "\n" not in flat and len(flat) + indent * 4 <= WIDTH:
            return flat
        inner = INDENT * (indent + 1)
        return "(\n" + "".join(f"{inner}{item},\n" for item in items) + INDENT * indent + ")"
    raise TypeError(f"cannot render {type(value).__name__} as Python source")


def model_imports(*values: Any, always: tuple[str, ...] = ()) -> str:
    """The import lines of the model classes a module's values use, each from the module that
    defines it (``facts.model`` re-exports them all, but a table importing only the modules it
    needs spares a short command the rest): 'from ..facts.flagmodel import KpfFlag'.

    ``always`` names the classes the module's annotations need even when a table is empty.
    """
    found: set[type] = {getattr(model, name) for name in always}

    def visit(value: Any) -> None:
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            found.add(type(value))
        if isinstance(value, tuple):
            for item in value:
                visit(item)

    for value in values:
        visit(value)
    by_module: dict[str, list[str]] = {}
    for record in found:
        by_module.setdefault(record.__module__.replace("kpageflags.", "..", 1), []).append(record.__name__)
    return "\n".join(
        f"from {module} import {', '.join(sorted(names, key=lambda name: (name.lower(), name)))}"  # as ruff sorts
        for module, names in sorted(by_module.items())
    )
