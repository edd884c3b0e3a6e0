"""Which caches grew between two moments: two samples of a time series, two snapshots, two
copies of a slab tree, or any two of those.

A time series gives its first and last samples when it is the only input, its last when it is
compared with another. Caches present at one moment only are counted as 0 at the other.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterable
from typing import NamedTuple

from ..errors import BadValue, UnreadableFile
from .figures import all_figures
from .sampling import COLUMNS
from .tree import SlabTree, read_tree, snapshot_tree

SERIES_LIMIT = 1 << 30
"""Bytes of a time-series file read (a day of samples every second of 300 caches is ~2 GiB
of CSV: sample less often, or split the file)."""
NUMBERS = ("memory_bytes", "objects", "loss_bytes")


class Moment(NamedTuple):
    """Where a moment came from, and each cache's memory, objects and loss then."""

    label: str
    caches: dict[str, tuple[int, int, int]]


class Growth(NamedTuple):
    """One cache's change from the first moment to the second."""

    cache: str
    memory_before: int
    memory_after: int
    memory_growth: int
    objects_before: int
    objects_after: int
    objects_growth: int
    loss_growth: int


def moments(paths: list[str], page_size: int | None) -> tuple[Moment, Moment]:
    """The two moments the paths name: one time series (its first and last samples), or two
    inputs of any kind (the last sample of a series)."""
    if len(paths) == 1:
        series = _series(paths[0])
        if len(series) < 2:
            raise BadValue(f"{paths[0]}: one sample only; give a second file, or a series of two samples or more")
        return series[0], series[-1]
    if len(paths) != 2:
        raise BadValue("slab-diff compares two inputs, or the first and last samples of one time series")
    return _last(paths[0], page_size), _last(paths[1], page_size)


def growth(before: Moment, after: Moment) -> list[Growth]:
    """Every cache whose memory or objects changed, the largest growth first."""
    found = []
    for name in sorted(set(before.caches) | set(after.caches)):
        old = before.caches.get(name, (0, 0, 0))
        new = after.caches.get(name, (0, 0, 0))
        if old != new:
            found.append(
                Growth(name, old[0], new[0], new[0] - old[0], old[1], new[1], new[1] - old[1], new[2] - old[2])
            )
    found.sort(key=lambda row: (-row.memory_growth, -row.objects_growth, row.cache))
    return found


def _last(path: str, page_size: int | None) -> Moment:
    if os.path.isdir(path):
        return _tree_moment(read_tree(path, page_size))
    if zipfile.is_zipfile(path):
        return _tree_moment(snapshot_tree(path))
    return _series(path)[-1]


def _tree_moment(tree: SlabTree) -> Moment:
    return Moment(tree.where, {row.name: (row.memory_bytes, row.objects, row.loss_bytes) for row in all_figures(tree)})


def _series(path: str) -> list[Moment]:
    """The samples of a time series (CSV with a header, or JSON Lines), in file order."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(SERIES_LIMIT + 1)
    except FileNotFoundError:
        raise UnreadableFile(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path}: a directory") from None
    if len(data) > SERIES_LIMIT:
        raise BadValue(f"{path}: larger than {SERIES_LIMIT >> 20} MiB; not read")
    text = data.decode("utf-8", errors="replace")
    try:
        return _samples(_json_rows(text, path) if text.lstrip().startswith("{") else _csv_rows(text, path), path)
    except csv.Error as error:
        raise BadValue(f"{path}: not a slab time series ({error})") from None


def _samples(rows: Iterable[tuple[int, dict[str, object]]], path: str) -> list[Moment]:
    samples: dict[str, Moment] = {}
    for number, row in rows:
        key = str(row.get("sample"))
        moment = samples.setdefault(key, Moment(f"{path} sample {key} at {row.get('time')}", {}))
        memory, objects, loss = (_number(row, name, path, number) for name in NUMBERS)
        moment.caches[str(row.get("cache"))] = (memory, objects, loss)
    if not samples:
        raise BadValue(f"{path}: no samples (not a slab time series: kpageflags slab --interval S -o FILE writes one)")
    return list(samples.values())


def _csv_rows(text: str, path: str) -> Iterable[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("sample", "cache", *NUMBERS) if name not in (reader.fieldnames or ())]
    if missing:
        raise BadValue(f"{path}: not a slab time series (no column {missing[0]}; expected {', '.join(COLUMNS)})")
    return ((number, dict(row)) for number, row in enumerate(reader, 2))


def _json_rows(text: str, path: str) -> Iterable[tuple[int, dict[str, object]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise BadValue(f"{path} line {number}: not JSON") from None
        if not isinstance(row, dict):
            raise BadValue(f"{path} line {number}: not a JSON object")
        yield number, row


def _number(row: dict[str, object], name: str, path: str, line: int) -> int:
    value = row.get(name)
    try:
        number = int(str(value))
    except ValueError:
        raise BadValue(f"{path} line {line}: {name} is {str(value)[:40]!r}, not a whole number") from None
    if abs(number) >= 1 << 64:
        raise BadValue(f"{path} line {line}: {name} is past 64 bits")
    return number
