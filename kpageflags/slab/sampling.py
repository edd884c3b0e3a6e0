"""Slab caches over time: one row per cache per sample, as CSV or JSON Lines.

The row (schema ``slab-sample/1``) is fixed, for the plots and slab-diff that read it: time
(UTC, ISO 8601 with microseconds), sample (from 0), cache, then the cache's sizes and counters,
memory_bytes (slabs at the current order, summed over nodes), loss_bytes (memory less objects
times object size) and reclaimable (0/1).

A cache's sizes, order and flags do not change while it lives, so after the first sample only
its five counters are read: sampling the 235 caches of a 6.18 machine every second costs about
1% of one CPU, most of it in the kernel's sysfs reads.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import IO, NamedTuple

from ..sources.slabfiles import LIVE_SLAB_TREE, SlabFiles, read_attribute, read_cache_files, tree_entries
from .figures import figures
from .tree import SlabTree, build_tree

SAMPLE_SCHEMA = "slab-sample/1"
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


COLUMNS = SampleRow._fields


def sample_rows(tree: SlabTree, sample: int, moment: datetime) -> list[SampleRow]:
    stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    rows = []
    for cache in tree.caches:
        shown = figures(tree, cache)
        rows.append(
            SampleRow(
                stamp,
                sample,
                cache.name,
                shown.object_size,
                shown.slab_size,
                shown.objects,
                shown.total_objects,
                shown.slabs,
                shown.partial,
                shown.cpu_slabs,
                shown.order,
                shown.memory_bytes,
                shown.loss_bytes,
                int(shown.reclaimable),
            )
        )
    return rows


class Sampler:
    """Reads a live tree again and again; what does not change is read once per cache."""

    def __init__(self, root: str = LIVE_SLAB_TREE, page_size: int | None = None) -> None:
        self.root = root
        self.page_size = page_size or os.sysconf("SC_PAGE_SIZE")
        self.fixed: dict[str, dict[str, str]] = {}

    def read(self) -> SlabTree:
        files = SlabFiles(self.root)
        for entry in tree_entries(self.root):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                files.aliases[entry.name] = os.path.basename(os.readlink(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                texts = self._cache(entry.path, entry.name, files.notes)
                if texts is not None:
                    files.caches[entry.name] = texts
        self.fixed = {name: texts for name, texts in self.fixed.items() if name in files.caches}
        return build_tree(files, self.page_size)

    def _cache(self, path: str, name: str, notes: list[str]) -> dict[str, str] | None:
        fixed = self.fixed.get(name)
        if fixed is None:
            texts = read_cache_files(path, None, notes)
            if texts is not None:
                self.fixed[name] = {key: text for key, text in texts.items() if key not in CHANGING}
            return texts
        texts = dict(fixed)
        for attribute in CHANGING:
            text = read_attribute(os.path.join(path, attribute), notes)
            if text is None:
                if not os.path.isdir(path):
                    notes.append(f"{name}: the cache went away while the tree was read; left out")
                    return None
                continue
            texts[attribute] = text
        return texts


def take_samples(
    read: Callable[[], SlabTree],
    interval: float,
    count: int | None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[list[SampleRow]]:
    """``count`` samples (or until interrupted), each ``interval`` seconds after the last
    was due, so the time reading takes does not make the series drift."""
    due = clock()
    sample = 0
    while count is None or sample < count:
        if sample:
            due += interval
            sleep(max(0.0, due - clock()))
        yield sample_rows(read(), sample, datetime.now(timezone.utc))
        sample += 1


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
