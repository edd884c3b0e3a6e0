"""Sorted runs kept on disk, so that sorting millions of blocks holds a bounded number in memory.

A run is written once, in order, to an unnamed temporary file (mode 0600, gone when closed:
it holds the dump's text, which is root-only), and read back a batch at a time while
``heapq.merge`` takes the smallest head of all runs."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from itertools import islice

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import IO, Any

# Items pickled together: few enough that a merge of many runs holds little of each.
BATCH = 256
# A run's file buffer: unpickling asks for a few bytes at a time, and the default buffer made a
# system call of every 8 KiB read back; each run held (up to FAN_IN a level) keeps one.
RUN_BUFFER = 1 << 16


class Run:
    """Items in the order written; ``items()`` reads them back once."""

    def __init__(self, items: Iterable[Any]) -> None:
        # Imported here: most sorts never spill, and pickle and tempfile (with shutil and
        # random) take a tenth of a small sort's start-up.
        import pickle
        import tempfile

        # Closed by items() once read, or by close(); unnamed, so gone with the process anyway.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="kpageflags-sort-", buffering=RUN_BUFFER)  # noqa: SIM115
        iterator = iter(items)
        while True:
            batch = list(islice(iterator, BATCH))
            if not batch:
                break
            # A pickle of its own for each batch: one pickle's memo (the reader's too) keeps
            # every object it has seen, which would hold the whole run in memory.
            pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def items(self) -> Iterator[Any]:
        import pickle  # imported by __init__ already

        self._file.seek(0)
        try:
            while True:
                yield from pickle.load(self._file)
        except EOFError:
            return
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()


class Descending:
    """A value that sorts the other way round, for a descending key beside ascending ones in
    one tuple (numbers are negated instead)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: Descending) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Descending) and bool(self.value == other.value)

    __hash__ = None  # type: ignore[assignment]


FAN_IN = 16
"""Runs merged at once: more are merged into one first, so that the runs open at the end (each
with a batch and a read buffer) stay few whatever the input's size."""


class Runs:
    """Sorted runs added in input order, merged ``FAN_IN`` at a time as they pile up (runs of
    one level into one of the next), and finally all into one stream. Items are tuples
    compared whole, and no two are equal (a key is followed by what tells equal keys apart,
    such as the number of the run): comparing them takes no key function, the merge's cost
    per item."""

    def __init__(self) -> None:
        self.levels: list[list[Run]] = []
        self.added = 0

    def __bool__(self) -> bool:
        return any(self.levels)

    def add(self, items: Iterable[tuple[Any, ...]]) -> None:
        run = Run(items)
        self.added += 1
        level = 0
        while True:
            if level == len(self.levels):
                self.levels.append([])
            self.levels[level].append(run)
            if len(self.levels[level]) < FAN_IN:
                return
            run = Run(heapq.merge(*(old.items() for old in self.levels[level])))
            self.levels[level] = []
            level += 1

    def merged(self, *newer: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """All the items in order, with those of ``newer`` (sorted too)."""
        runs = [run.items() for level in self.levels for run in level]
        self.levels = []
        return heapq.merge(*runs, *newer)
