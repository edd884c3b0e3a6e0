"""Sorted runs kept on disk, so that sorting millions of blocks holds a bounded number in memory.

A run is written once, in order, to an unnamed temporary file (mode 0600, gone when closed:
it holds the dump's text, which is root-only), and read back a batch at a time while
``heapq.merge`` takes the smallest head of all runs."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

# Items pickled together: few enough that a merge of many runs holds little of each.
BATCH = 256


class Run:
    """Items in the order written; ``items()`` reads them back once."""

    def __init__(self, items: Iterable[Any]) -> None:
        # Closed by items() once read, or by close(); unnamed, so gone with the process anyway.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="kpageflags-sort-")  # noqa: SIM115
        pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        iterator = iter(items)
        while True:
            batch = list(islice(iterator, BATCH))
            if not batch:
                break
            pickler.dump(batch)
            pickler.clear_memo()
        self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()

    def items(self) -> Iterator[Any]:
        self._file.seek(0)
        unpickler = pickle.Unpickler(self._file)
        try:
            while True:
                yield from unpickler.load()
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
