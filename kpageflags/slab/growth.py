"""Which caches grew between two moments: two samples of a time series, two snapshots, two
copies of a slab tree, or any two of those.

A time series gives its first and last samples when it is the only input, its last when it is
compared with another. Caches present at one moment only are counted as 0 at the other; a figure
that is missing (the sampler could not read it, a tree's notes say why) stays unknown, and so
does any growth worked out from it.
"""

from __future__ import annotations

import os
import time
import zipfile
from typing import NamedTuple

from ..errors import BadValue
from ..output.times import series_time, utc_second
from ..sources.slabfiles import LIVE_SLAB_TREE
from .figures import all_figures
from .samplefile import figures
from .tree import SlabTree, read_tree, snapshot_tree

NUMBERS = ("memory_bytes", "objects", "loss_bytes")


class Moment(NamedTuple):
    """Where a moment came from, and each cache's memory, objects and loss then."""

    label: str
    caches: dict[str, tuple[int | None, int | None, int | None]]


class Growth(NamedTuple):
    """One cache's change from the first moment to the second."""

    cache: str
    memory_before: int | None
    memory_after: int | None
    memory_growth: int | None
    objects_before: int | None
    objects_after: int | None
    objects_growth: int | None
    loss_growth: int | None

    @property
    def grew(self) -> bool:
        """Whether memory or objects are known to have grown."""
        return (self.memory_growth or 0) > 0 or (self.objects_growth or 0) > 0


def moments(paths: list[str], page_size: int | None) -> tuple[Moment, Moment]:
    """The two moments the paths name: one time series (its first and last samples), or two
    inputs of any kind (the last sample of a series)."""
    if len(paths) == 1:
        if os.path.isdir(paths[0]) or zipfile.is_zipfile(paths[0]):
            _last(paths[0], page_size)  # what is not a tree or a snapshot says so first
            raise BadValue(
                f"{paths[0]}: a single snapshot or tree copy is one moment; give two inputs, or one time series"
            )
        series = _series(paths[0])
        if len(series) < 2:
            raise BadValue(f"{paths[0]}: one sample only; give a second file, or a series of two samples or more")
        return series[0], series[-1]
    if len(paths) != 2:
        raise BadValue("slab-diff compares two inputs, or the first and last samples of one time series")
    return _last(paths[0], page_size), _last(paths[1], page_size)


def growth(before: Moment, after: Moment) -> list[Growth]:
    """Every cache whose memory or objects changed (or may have: a figure is missing), the
    largest growth first, unknown growth after every known one."""
    found = []
    for name in sorted(set(before.caches) | set(after.caches)):
        old = before.caches.get(name, (0, 0, 0))
        new = after.caches.get(name, (0, 0, 0))
        if old != new:
            memory, objects, loss = (_change(old[part], new[part]) for part in range(3))
            found.append(Growth(name, old[0], new[0], memory, old[1], new[1], objects, loss))
    found.sort(key=lambda row: (*_largest_first(row.memory_growth), *_largest_first(row.objects_growth), row.cache))
    return found


def _change(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


def _largest_first(value: int | None) -> tuple[bool, int]:
    return value is None, -(value or 0)


def snapshots_growth(before: str, after: str) -> list[Growth]:
    """The caches that grew between two snapshots that both recorded their slab trees (what
    ``kpageflags slab-diff A B`` lists), for the shared ``kpageflags diff``."""
    moments = (_tree_moment(snapshot_tree(path), path) for path in (before, after))
    return [row for row in growth(*moments) if row.grew]


def _last(path: str, page_size: int | None) -> Moment:
    """The moment a path holds, named by the path and its time in UTC, as pictures name theirs:
    when a snapshot was taken, a tree read, or a copy of one saved."""
    if os.path.isdir(path):
        tree = read_tree(path, page_size)
        if os.path.realpath(path) == LIVE_SLAB_TREE:
            return _tree_moment(tree, f"{path} read {utc_second(time.time())}")
        return _tree_moment(tree, f"{path} copy saved {utc_second(_saved(path))}")
    if zipfile.is_zipfile(path):
        from ..sources.snapshot import Snapshot

        tree = snapshot_tree(path)
        with Snapshot(path) as snapshot:
            return _tree_moment(tree, f"{path} snapshot taken {snapshot.manifest['taken']}")
    return _series(path)[-1]


def _tree_moment(tree: SlabTree, label: str) -> Moment:
    return Moment(label, {row.name: (row.memory_bytes, row.objects, row.loss_bytes) for row in all_figures(tree)})


def _saved(path: str) -> float:
    """When a copy of a tree was made: the last change to its top directory, where the copy
    created each cache's directory."""
    return os.stat(path).st_mtime


def _series(path: str) -> list[Moment]:
    """The first and last samples of a time series (only they are kept, however long it is)."""
    first: Moment | None = None
    last: Moment | None = None
    sample = -1
    for row in figures(path, NUMBERS):
        if last is None or row.sample != sample:
            first = first or last
            sample = row.sample
            last = Moment(f"{path} sample {sample} at {series_time(row.time)}", {})
        memory, objects, loss = row.values
        last.caches[row.cache] = (memory, objects, loss)
    if last is None:
        raise BadValue(f"{path}: no samples (not a slab time series: kpageflags slab --interval S -o FILE writes one)")
    return [last] if first is None else [first, last]
