"""Counting how many pages carry each distinct flags value, fast.

``FlagCounter`` keeps the distinct values in the order they were first seen (page-types'
summary order depends on it) with their counts. With numpy installed it counts runs of
like values, numbered by vectorised look-ups among the few distinct values seen so far
(``valueindex``); without it, pieces of one value at once and the rest with
``collections.Counter``. Both give the same result.
"""

from __future__ import annotations

import sys
from collections import Counter

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

_np: Any | None = None
_looked_for_numpy = False


# Below this many entries a mixed piece is counted value by value (measured: 64-128 is fastest).
RUN_LEAF = 96
# The share of entries counted one by one above which numpy pays for its import (see FlagCounter).
MIXED_SHARE = 0.1


def numpy_available() -> bool:
    """Whether numpy (the optional "fast" extra) can be used; imported on first ask, not before,
    so that programs that never count pay nothing for it."""
    global _np, _looked_for_numpy
    if not _looked_for_numpy:
        _looked_for_numpy = True
        try:
            import numpy

            _np = numpy
        except ImportError:  # pragma: no cover - exercised by the no-numpy test run
            _np = None
    return _np is not None


def numpy_imported() -> bool:
    """Whether the program has imported numpy already: then using it costs nothing more."""
    return "numpy" in sys.modules


def numpy_module() -> Any | None:
    """numpy, when installed (see ``numpy_available``)."""
    return _np if numpy_available() else None


def mixed_share(pieces: Iterable[bytes]) -> float:
    """The share of the pieces' entries that a count without numpy takes one by one."""
    counter = FlagCounter(False)
    for piece in pieces:
        counter.add(piece)
    return counter.mixed / counter.seen if counter.seen else 0.0


class FlagCounter:
    """Counts u64 values given as little-endian bytes, keeping first-seen order.

    ``numpy_after_mixed``: count without numpy at first, and switch to numpy (if installed)
    once that many entries had to be counted one by one and they are over ``MIXED_SHARE`` of
    all. Memory in long runs of one value is counted faster than numpy can be imported;
    memory without such runs is not. Measured on this 6.5M-frame machine as DAMON and months of
    use left it: 22% counted one by one, 0.75 s without numpy, 0.07 s with it (plus ~0.1 s to
    import it), so the switch comes at 10%, not the 30% an idle machine (12-17%) suggested.

    ``entries_expected``: how many entries all the pieces hold, when that is known (a saved
    copy). Then the switch comes at the first piece whose share of entries counted one by one,
    over the entries still to come, passes ``numpy_after_mixed``: what was counted before is
    paid for whichever way the rest is counted.
    """

    def __init__(
        self, use_numpy: bool | None = None, numpy_after_mixed: int | None = None, entries_expected: int | None = None
    ) -> None:
        self.use_numpy = numpy_available() if use_numpy is None else use_numpy and numpy_available()
        self._counter: Counter[int] = Counter()
        # Entries counted, and those of them counted one by one (without numpy).
        self.mixed = 0
        self.seen = 0
        self._numpy_after_mixed = None if self.use_numpy else numpy_after_mixed
        self._entries_expected = entries_expected
        if self.use_numpy:
            self._start_numpy()

    def _start_numpy(self) -> None:
        from .valueindex import ValueIndex

        np = _np
        assert np is not None
        self._index = ValueIndex(np)
        self._counts = np.zeros(0, dtype=np.int64)

    def add(self, data: bytes) -> None:
        if not data:
            return
        if self.use_numpy:
            self._add_numpy(data)
            return
        mixed_before = self.mixed
        self._add_runs(data)
        entries = len(data) >> 3
        self.seen += entries
        if self._numpy_after_mixed is not None and self._numpy_pays(self.mixed - mixed_before, entries):
            self._numpy_after_mixed = None
            if numpy_available():
                self.use_numpy = True
                self._start_numpy()

    def _numpy_pays(self, mixed: int, entries: int) -> bool:
        """Whether to switch to numpy after a piece of ``entries`` entries, ``mixed`` of them
        counted one by one."""
        assert self._numpy_after_mixed is not None
        if self._entries_expected is None:
            return self.mixed > self._numpy_after_mixed and self.mixed > MIXED_SHARE * self.seen
        return mixed * (self._entries_expected - self.seen) > self._numpy_after_mixed * entries

    def _add_runs(self, data: bytes) -> None:
        """Counts without numpy: a piece holding one value throughout is counted at once; other
        pieces are halved until small. Pieces go left to right, so first-seen order is kept.
        Page frames come in long runs (free memory above all), so this is several times faster
        than counting value by value."""
        self._add_pieces(data, memoryview(data), 0, len(data))

    def _add_pieces(self, data: bytes, view: memoryview, low: int, high: int) -> None:
        """``_add_runs`` of ``data[low:high]``. A piece holds one value throughout when it
        starts with itself moved on by an entry: one memcmp, nothing copied (copying the halves
        took 230 ms of CPU for a saved 6.5M-frame copy where this takes 208)."""
        if data.startswith(view[low + 8 : high], low):
            value = int.from_bytes(data[low : low + 8], "little")
            self._counter[value] = self._counter.get(value, 0) + ((high - low) >> 3)
        elif high - low <= RUN_LEAF << 3:
            self._counter.update(view[low:high].cast("Q"))
            self.mixed += (high - low) >> 3
        else:
            middle = low + ((high - low) >> 4 << 3)
            self._add_pieces(data, view, low, middle)
            self._add_pieces(data, view, middle, high)

    def _add_numpy(self, data: bytes) -> None:
        np = _np
        assert np is not None
        values = np.frombuffer(data, dtype="<u8")
        # Neighbouring pages mostly share their flags: count runs, weighted by their length.
        starts = np.flatnonzero(values[1:] != values[:-1]) + 1
        starts = np.concatenate((np.zeros(1, dtype=starts.dtype), starts))
        lengths = np.diff(np.append(starts, len(values)))
        numbers = self._index.numbers(values[starts])
        counts = np.bincount(numbers, weights=lengths, minlength=len(self._index.values)).astype(np.int64)
        counts[: len(self._counts)] += self._counts
        self._counts = counts

    def items(self) -> dict[int, int]:
        """Distinct value to count, in first-seen order."""
        merged = dict(self._counter)
        if self.use_numpy:
            # Values counted before a switch to numpy came first, so they keep their places.
            for value, count in zip(self._index.values.tolist(), self._counts.tolist()):
                merged[value] = merged.get(value, 0) + count
        return merged
