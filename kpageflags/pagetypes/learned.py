"""A look-up table that works out a key's value the first time the key is looked up.

Walks look up a value for each run by ``map(table.__getitem__, keys)``, one pass in C. A
chunk that brings keys not met before (most chunks early in a walk do) would otherwise end
that pass in a KeyError and need a second; here only the new keys take a Python step.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    Key = TypeVar("Key")
    Value = TypeVar("Value")
else:
    Key = Value = None  # dict[None, None] is dict as a base class


class Learned(dict[Key, Value]):
    """``learn(key)`` for each key, worked out once: an error it raises reaches the look-up.

    >>> asked = []
    >>> squares = Learned(lambda n: asked.append(n) or n * n)
    >>> list(map(squares.__getitem__, [3, 4, 3, 4])), asked
    ([9, 16, 9, 16], [3, 4])
    """

    def __init__(self, learn: Callable[[Key], Value]) -> None:
        super().__init__()
        self.learn = learn

    def __missing__(self, key: Key) -> Value:
        value = self[key] = self.learn(key)
        return value
