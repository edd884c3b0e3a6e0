"""Slab caches over time: one row per cache per sample, as CSV or JSON Lines.

The row (schema ``slab-sample/1``) is fixed, for the plots and slab-diff that read it: time
(UTC, ISO 8601 with microseconds), sample (from 0), cache, then the cache's sizes and counters,
memory_bytes (slabs at the current order, summed over nodes), loss_bytes (memory less objects
times object size) and reclaimable (0/1).

A cache's sizes, order and flags do not change while it lives, so after the first sample only
its five counters are read, and only their totals are parsed. A figure that cannot be read (a
file missing or refused, or text that is not a number) is recorded as missing, an empty CSV cell
or a JSON null, not as 0, and so is every figure worked out from it; a note says which.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import IO, NamedTuple, TypeVar

from ..output.times import series_time
from ..sources.slabfiles import LIVE_SLAB_TREE, read_attribute, tree_entries
from .tree import implausible, shown_name

SAMPLE_SCHEMA = "slab-sample/1"
# A sample's rows: a slab cache's, or another series' (kpageflags breakdown samples categories).
Row = TypeVar("Row")
CHANGING = ("objects", "total_objects", "slabs", "partial", "cpu_slabs")


class SampleRow(NamedTuple):
    time: str
    sample: int
    cache: str
    object_size: int | None
    slab_size: int | None
    objects: int | None
    total_objects: int | None
    slabs: int | None
    partial: int | None
    cpu_slabs: int | None
    order: int | None
    memory_bytes: int | None
    loss_bytes: int | None
    reclaimable: int | None
    release: str
    """The kernel release of a live tree (empty for a copy, whose release is not known)."""
    directory: str
    """The cache's directory: for a merged cache, SLUB's unique id (":a-0000104") where
    ``cache`` is the alias it is shown under (see ``shown_name``)."""


COLUMNS = SampleRow._fields


class Fixed(NamedTuple):
    """What a cache keeps while it lives: its sizes, order and whether it is reclaimable."""

    object_size: int | None
    slab_size: int | None
    order: int | None
    reclaimable: int | None


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
        self.names: dict[str, str] = {}
        """Each cache's shown name, chosen when it is first seen so its series keeps one name."""
        self.notes: list[str] = []
        self.absent: list[str] = []
        """The files of the cache being read that were not found (it may have gone away)."""

    def sample(self, index: int, moment: datetime) -> list[SampleRow]:
        stamp = series_time(moment)
        rows = []
        seen = set()
        entries = tree_entries(self.root)
        if any(entry.name.startswith(":") and entry.name not in self.names for entry in entries):
            self._name_merged(entries)
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                continue
            row = self._row(entry.path, entry.name, index, stamp)
            if row is not None:
                rows.append(row)
                seen.add(entry.name)
        self.fixed = {name: fixed for name, fixed in self.fixed.items() if name in seen}
        self.names = {name: shown for name, shown in self.names.items() if name in seen}
        rows.sort(key=lambda row: row.cache)
        return rows

    def _name_merged(self, entries: list[os.DirEntry[str]]) -> None:
        """Names the merged caches not named yet after their aliases (the symlinks to them)."""
        aliases: dict[str, list[str]] = {}
        for entry in entries:
            if entry.is_symlink():
                try:
                    aliases.setdefault(os.path.basename(os.readlink(entry.path)), []).append(entry.name)
                except OSError:
                    continue  # an alias removed since the listing names nothing
        for entry in entries:
            if entry.name.startswith(":") and entry.name not in self.names:
                self.names[entry.name] = shown_name(entry.name, aliases.get(entry.name, ()))

    def _row(self, path: str, name: str, index: int, stamp: str) -> SampleRow | None:
        self.absent = []
        fixed = self.fixed.get(name)
        if fixed is None:
            fixed = self.fixed[name] = Fixed(*(self._total(path, name, attribute) for attribute in FIXED))
        objects, total_objects, slabs, partial, cpu_slabs = (
            self._total(path, name, attribute) for attribute in CHANGING
        )
        if self.absent and not os.path.isdir(path):
            self.notes.append(f"{name}: the cache went away while the tree was read; left out")
            return None
        self.notes += [f"{name}: no {attribute} file; recorded as missing" for attribute in self.absent]
        memory = None if slabs is None or fixed.order is None else slabs * (self.page_size << fixed.order)
        known = memory is not None and objects is not None and fixed.object_size is not None
        loss = memory - objects * fixed.object_size if known else None  # type: ignore[operator]
        return SampleRow(
            stamp, index, self.names.get(name, name), fixed.object_size, fixed.slab_size, objects, total_objects,
            slabs, partial, cpu_slabs, fixed.order, memory, loss, fixed.reclaimable, self.release, name,
        )  # fmt: skip

    def take_notes(self) -> list[str]:
        """The notes since the last call: a long run keeps none of its own."""
        notes, self.notes = self.notes, []
        return notes

    def _total(self, path: str, name: str, attribute: str) -> int | None:
        """The attribute's total (the number before any per-node parts), read with the fewest
        calls: this runs five times per cache per sample. None when it cannot be known."""
        try:
            fd = os.open(f"{path}/{attribute}", os.O_RDONLY)
        except FileNotFoundError:
            self.absent.append(attribute)
            return None
        except OSError:
            self._note_unreadable(path, name, attribute)
            return None
        try:
            data = os.read(fd, 64)
        except OSError:
            self._note_unreadable(path, name, attribute)
            return None
        finally:
            os.close(fd)
        head = data.split(None, 1)[0] if data.strip() else b""
        if head.isdigit() and len(head) <= 20 and not implausible(attribute, int(head)):
            return int(head)
        self._note_unreadable(path, name, attribute)
        return None

    def _note_unreadable(self, path: str, name: str, attribute: str) -> None:
        """Says why an attribute is recorded as missing: it cannot be read, or is not a plain
        number (a permission problem stops the run, as it does everywhere). The same note each sample
        is said once: the command line passes them through note_once."""
        text = read_attribute(os.path.join(path, attribute), self.notes)
        if text is not None:
            self.notes.append(f"{name}: {attribute} reads {text[:40]!r}; recorded as missing")


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
