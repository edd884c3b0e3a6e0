"""Slab caches over time: one row per cache per sample, as CSV or JSON Lines.

The row (schema ``slab-sample/1``) is fixed, for the plots and slab-diff that read it: time
(UTC, ISO 8601 with microseconds), sample (from 0), cache, then the cache's sizes and counters,
memory_bytes (slabs at the current order, summed over nodes), loss_bytes (memory less objects
times object size) and reclaimable (0/1).

A cache's sizes, order and flags do not change while it lives, so after the first sample only
its five counters are read, and only their totals are parsed.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import IO, NamedTuple, TypeVar

from ..sources.slabfiles import LIVE_SLAB_TREE, read_attribute, tree_entries
from .tree import implausible

SAMPLE_SCHEMA = "slab-sample/1"
# A sample's rows: a slab cache's, or another series' (kpageflags breakdown samples categories).
Row = TypeVar("Row")
CHANGING = ("objects", "total_objects", "slabs", "partial", "cpu_slabs")


class SampleRow(NamedTuple):
    time: str
    sample: int
    cache: str
    object_size: int
    slab_size: int
    objects: int
    total_objects: int
    slabs: int
    partial: int
    cpu_slabs: int
    order: int
    memory_bytes: int
    loss_bytes: int
    reclaimable: int
    release: str
    """The kernel release of a live tree (empty for a copy, whose release is not known)."""


COLUMNS = SampleRow._fields


class Fixed(NamedTuple):
    """What a cache keeps while it lives: its sizes, order and whether it is reclaimable."""

    object_size: int
    slab_size: int
    order: int
    reclaimable: int


FIXED = ("object_size", "slab_size", "order", "reclaim_account")
"""The attributes each ``Fixed`` field is read from, in its order."""


class Sampler:
    """Reads a tree (live, or a copy) again and again as rows. What does not change is read once
    per cache; each sample reads the five counters of each cache, and their totals alone are
    parsed (the per-node parts are the model's business, not the series')."""

    def __init__(self, root: str = LIVE_SLAB_TREE, page_size: int | None = None) -> None:
        self.root = root
        self.release = os.uname().release if root == LIVE_SLAB_TREE else ""
        self.page_size = page_size or os.sysconf("SC_PAGE_SIZE")
        self.fixed: dict[str, Fixed] = {}
        self.notes: list[str] = []
        self.missing = False
        """Whether a file of the cache being read was not found (it may have gone away)."""

    def sample(self, index: int, moment: datetime) -> list[SampleRow]:
        stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rows = []
        seen = set()
        for entry in tree_entries(self.root):
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                continue
            row = self._row(entry.path, entry.name, index, stamp)
            if row is not None:
                rows.append(row)
                seen.add(entry.name)
        self.fixed = {name: fixed for name, fixed in self.fixed.items() if name in seen}
        rows.sort(key=lambda row: row.cache)
        return rows

    def _row(self, path: str, name: str, index: int, stamp: str) -> SampleRow | None:
        self.missing = False
        fixed = self.fixed.get(name)
        if fixed is None:
            fixed = self.fixed[name] = Fixed(*(self._total(path, name, attribute) for attribute in FIXED))
        objects, total_objects, slabs, partial, cpu_slabs = (
            self._total(path, name, attribute) for attribute in CHANGING
        )
        if self.missing and not os.path.isdir(path):
            self.notes.append(f"{name}: the cache went away while the tree was read; left out")
            return None
        memory = slabs * (self.page_size << fixed.order)
        return SampleRow(
            stamp, index, name, fixed.object_size, fixed.slab_size, objects, total_objects, slabs, partial,
            cpu_slabs, fixed.order, memory, memory - objects * fixed.object_size, fixed.reclaimable, self.release,
        )  # fmt: skip

    def take_notes(self) -> list[str]:
        """The notes since the last call: a long run keeps none of its own."""
        notes, self.notes = self.notes, []
        return notes

    def _total(self, path: str, name: str, attribute: str) -> int:
        """The attribute's total (the number before any per-node parts), read with the fewest
        calls: this runs five times per cache per sample."""
        try:
            fd = os.open(f"{path}/{attribute}", os.O_RDONLY)
        except FileNotFoundError:
            self.missing = True
            return 0
        except OSError:
            return self._total_noted(path, name, attribute)
        try:
            data = os.read(fd, 64)
        except OSError:
            return self._total_noted(path, name, attribute)
        finally:
            os.close(fd)
        head = data.split(None, 1)[0] if data.strip() else b""
        if head.isdigit() and len(head) <= 20 and not implausible(attribute, int(head)):
            return int(head)
        return self._total_noted(path, name, attribute)

    def _total_noted(self, path: str, name: str, attribute: str) -> int:
        """0 for an attribute that is not a plain number, with a note (a permission problem
        stops the run, as it does everywhere)."""
        text = read_attribute(os.path.join(path, attribute), self.notes)
        if text is not None:
            self.notes.append(f"{name}: {attribute} reads {text[:40]!r}; sampled as 0")
        return 0


def take_samples(
    sample: Callable[[int, datetime], list[Row]],
    interval: float,
    count: int | None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[list[Row]]:
    """``count`` samples (or until interrupted), each ``interval`` seconds after the last
    was due, so the time reading takes does not make the series drift."""
    due = clock()
    index = 0
    while count is None or index < count:
        if index:
            due += interval
            sleep(max(0.0, due - clock()))
        yield sample(index, datetime.now(timezone.utc))
        index += 1


class SampleWriter:
    """Writes rows as CSV (one header) or JSON Lines, flushing after each sample so a reader
    (or an interrupted run) sees every sample taken."""

    def __init__(self, handle: IO[str], json_lines: bool) -> None:
        self.handle = handle
        self.json_lines = json_lines
        self.csv = None if json_lines else csv.writer(handle, lineterminator="\n")
        if self.csv is not None:
            self.csv.writerow(COLUMNS)

    def write(self, rows: list[SampleRow]) -> None:
        for row in rows:
            if self.csv is not None:
                self.csv.writerow(row)
            else:
                self.handle.write(json.dumps({"schema": SAMPLE_SCHEMA, **row._asdict()}) + "\n")
        self.handle.flush()
