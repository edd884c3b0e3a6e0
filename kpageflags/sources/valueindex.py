"""Numbering the distinct 64-bit values of numpy arrays, in the order they first appear.

A walk meets few distinct flags values (175 raw ones on a machine of 6.5 million frames) and
looks one up per run of like pages, hundreds of thousands of times. A binary search
(``np.searchsorted``) takes a chain of dependent steps per look-up; here a multiplicative hash
of each value picks a slot in a table of at least 16 slots a value, and the number found
there is checked against the value it names: one gather and one comparison per look-up
(measured on that machine's saved copy: 7 ms for its 50 chunks against 22 ms by binary
search). Values that lost their slot to one seen earlier, and values not seen before, are
left to the binary search.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

# Fibonacci hashing: the top bits of a value times 2**64 divided by the golden ratio.
_MULTIPLIER = 0x9E3779B97F4A7C15
_SLOTS_PER_VALUE = 16
_MOST_SLOT_BITS = 18


class ValueIndex:
    """Numbers 0, 1, 2, ... for the distinct values of uint64 arrays, given in the order the
    values first appear; ``values`` holds the values by number."""

    def __init__(self, np: Any) -> None:
        self._np = np
        self.values = np.empty(0, dtype=np.uint64)
        self._multiplier = np.uint64(_MULTIPLIER)
        self._shift = np.uint64(63)
        self._slots = np.zeros(2, dtype=np.intp)
        self._sorted = self.values
        self._numbers_of_sorted = np.zeros(0, dtype=np.intp)

    def numbers(self, values: Any) -> Any:
        """The number of each of ``values`` (a uint64 array), numbering the values not seen
        before in the order they first appear in it."""
        np = self._np
        if not len(self.values):
            if not len(values):
                return np.zeros(0, dtype=np.intp)
            self._learn(values)
        numbers = self._slots[(values * self._multiplier) >> self._shift]
        missed = np.flatnonzero(self.values[numbers] != values)
        if len(missed):
            numbers[missed] = self._search(values[missed])
        return numbers

    def _search(self, values: Any) -> Any:
        np = self._np
        found = np.searchsorted(self._sorted, values)
        np.minimum(found, len(self._sorted) - 1, out=found)
        absent = self._sorted[found] != values
        if absent.any():
            self._learn(values[absent])
            found = np.searchsorted(self._sorted, values)
        return self._numbers_of_sorted[found]

    def _learn(self, unseen: Any) -> None:
        """Numbers the distinct values of ``unseen`` (none of them numbered yet) in the order
        they first appear, and rebuilds the look-ups."""
        np = self._np
        # Sorting by hand rather than np.unique: it imports numpy.ma (7 ms of a command's start-up).
        order = np.argsort(unseen, kind="stable")
        ordered = unseen[order]
        first_of_value = np.empty(len(ordered), dtype=bool)
        first_of_value[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first_of_value[1:])
        firsts = np.sort(order[first_of_value])
        self.values = np.concatenate((self.values, unseen[firsts]))
        self._numbers_of_sorted = np.argsort(self.values, kind="stable")
        self._sorted = self.values[self._numbers_of_sorted]
        bits = min(_MOST_SLOT_BITS, (_SLOTS_PER_VALUE * len(self.values)).bit_length())
        self._shift = np.uint64(64 - bits)
        slots = (self.values * self._multiplier) >> self._shift
        # A slot shared by several values goes to the one seen first (the stable sort keeps
        # numbers ascending within a slot); the others are found by the binary search.
        by_slot = np.argsort(slots, kind="stable")
        first_in_slot = np.empty(len(by_slot), dtype=bool)
        first_in_slot[:1] = True
        np.not_equal(slots[by_slot][1:], slots[by_slot][:-1], out=first_in_slot[1:])
        self._slots = np.zeros(1 << bits, dtype=np.intp)
        self._slots[slots[by_slot][first_in_slot]] = by_slot[first_in_slot]
