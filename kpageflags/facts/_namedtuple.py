"""``typing.NamedTuple`` as the facts' classes use it, made at import without typing's check
of each field's annotation.

Under ``from __future__ import annotations`` typing compiles every annotation string into a
``ForwardRef`` when the class is made: for the 34 classes of ``facts.model`` that was a third
of page-types' own import time (measured: 34 ms of CPU with it, 24 ms without). Nothing reads
the annotations back at run time, so they are kept as the strings they are; type checkers
see ``typing.NamedTuple`` itself. Generic named tuples are not supported.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import Any

# What typing.NamedTuple refuses to have overwritten, and leaves to namedtuple itself.
_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


# Called through a name that mypy does not read as a class definition.
_namedtuple: Any = collections.namedtuple


class _NamedTupleMeta(type):
    def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if not bases:  # NamedTuple itself
            return super().__new__(cls, typename, bases, namespace)
        if bases != (NamedTuple,):
            raise TypeError("a named tuple can only inherit from NamedTuple")
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        defaults = [name for name in annotations if name in namespace]
        if defaults and list(annotations)[-len(defaults) :] != defaults:
            raise TypeError(f"{typename}: a field without a default follows one with a default")
        made = _namedtuple(
            typename, list(annotations), defaults=[namespace[name] for name in defaults], module=namespace["__module__"]
        )
        made.__annotations__ = made.__new__.__annotations__ = dict(annotations)
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


NamedTuple: Any = _NamedTupleMeta("NamedTuple", (), {})
"""The base a ``class X(NamedTuple)`` statement names; the class made is a namedtuple."""
