"""Reading a time series of slab caches (schema ``slab-sample/1``, as ``kpageflags slabinfo
--interval S --count N -o FILE`` writes it: one row per cache per sample, CSV with a header or
JSON Lines) into each cache's history, the largest N caches named and the rest summed.

A figure the sampler could not read is missing (an empty CSV cell, a JSON null): it stays
unknown here, never 0, and a chart leaves a gap for it.

The file is read twice rather than held: the first pass finds the largest caches in the last
sample, the second keeps only their histories, so a day of samples fits in little memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import BadValue, UnreadableFile
from ..output.jsonlines import BadLine, json_lines
from ..output.times import read_series_time
from .counts import U64_LIMIT

SCHEMA = "slab-sample/1"
"""How a sample's time is written (UTC), and shown wherever a sample is named."""
COLUMNS = (
    *("time", "sample", "cache", "object_size", "slab_size", "objects", "total_objects", "slabs"),
    *("partial", "cpu_slabs", "order", "memory_bytes", "loss_bytes", "reclaimable"),
)
MEASURES = {"memory": "memory_bytes", "loss": "loss_bytes"}
OTHER = "other"
MISSING = float("nan")
"""A value that is not known: it makes its sum unknown too, and a chart draws no point for it."""


class BadSlabSamples(BadValue):
    """A file that is not a slab-sample/1 time series, or a row of one that cannot be read."""


class SampleRow(NamedTuple):
    time: datetime
    sample: int
    cache: str
    value: int | None


@dataclass(frozen=True)
class History:
    """Each named cache's value per sample, then the sum of the others (``OTHER``), over the
    samples' times in order; NaN where a value (or one in the sum) is missing."""

    times: list[datetime]
    caches: list[tuple[str, list[float]]]
    other: list[float] | None


def history(path: str | Path, measure: str = "memory", top: int = 8) -> History:
    """The ``top`` caches by ``measure`` (memory or loss) in the last sample, and the rest. A
    cache whose value is missing there ranks by the last value known for it."""
    column = MEASURES[measure]
    times: dict[int, datetime] = {}
    # A cache named twice in one sample (two rows for it) counts as their sum, as in "other".
    last_sample = -1
    last_values: dict[str, int] = {}
    known: dict[str, int] = {}
    for row in rows(path, column):
        times.setdefault(row.sample, row.time)
        if row.sample > last_sample:
            last_sample, last_values = row.sample, {}
        if row.sample == last_sample:
            last_values[row.cache] = last_values.get(row.cache, 0) + (row.value or 0)
            if row.value is None:
                last_values[row.cache] = known.get(row.cache, 0)
        if row.value is not None:
            known[row.cache] = row.value
    if not times:
        raise BadSlabSamples(f"{path}: no sample in it")
    named = sorted(last_values, key=lambda cache: (-last_values[cache], cache))[:top]
    positions = {sample: position for position, sample in enumerate(sorted(times))}
    values = {cache: [0.0] * len(positions) for cache in named}
    other = [0.0] * len(positions)
    has_other = False
    for row in rows(path, column):
        series = values.get(row.cache)
        if series is None:
            series, has_other = other, True
        series[positions[row.sample]] += MISSING if row.value is None else row.value
    return History(
        times=[times[sample] for sample in sorted(times)],
        caches=[(cache, values[cache]) for cache in named],
        other=other if has_other else None,
    )


def rows(path: str | Path, column: str) -> Iterator[SampleRow]:
    """Each row's time, sample, cache and the value of ``column``."""
    for row in figures(path, (column,)):
        yield SampleRow(row.time, row.sample, row.cache, row.values[0])


def recorded_release(path: str | Path) -> str | None:
    """The kernel release the series' first row records (a ``release`` column, written since
    it was added after the fixed columns), or None."""
    try:
        with open(path, encoding="utf-8", newline="") as text:
            first = text.read(1)
            text.seek(0)
            for _, record in json_lines(text, SCHEMA) if first == "{" else _csv_rows(text, path):
                return str(record.get("release") or "") or None
    except (UnicodeDecodeError, OSError, BadLine):
        return None  # the reading that draws the chart says what is wrong with the file
    return None


class SampleFigures(NamedTuple):
    time: datetime
    sample: int
    cache: str
    values: tuple[int | None, ...]


def figures(path: str | Path, columns: tuple[str, ...]) -> Iterator[SampleFigures]:
    """Each row's time, sample, cache and the values of ``columns``, in file order; CSV or JSON
    Lines, told apart by the first character. Streamed: a long series is never held."""
    try:
        with open(path, encoding="utf-8", newline="") as text:
            first = text.read(1)
            text.seek(0)
            records = json_lines(text, SCHEMA) if first == "{" else _csv_rows(text, path)
            for line, record in records:
                yield _row(record, columns, path, line)
    except UnicodeDecodeError:
        raise BadSlabSamples(f"{path}: not text: a slab-sample/1 file is CSV or JSON Lines") from None
    except BadLine as error:
        raise BadSlabSamples(f"{path}: {error}") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read {path}: {error.strerror}") from None


def _csv_rows(text: io.TextIOBase, path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text)
    try:
        header = next(reader, [])
        if tuple(header[: len(COLUMNS)]) != COLUMNS:
            raise BadSlabSamples(f"{path}: not a {SCHEMA} file: its header is not {','.join(COLUMNS)}")
        for fields in reader:
            if fields:
                yield reader.line_num, dict(zip(header, fields))
    except csv.Error as error:
        raise BadSlabSamples(f"{path}: line {reader.line_num}: {error}") from None


def _row(record: dict[str, Any], columns: tuple[str, ...], path: str | Path, line: int) -> SampleFigures:
    try:
        return SampleFigures(
            time=read_series_time(record["time"]),
            sample=_count(record["sample"]),
            cache=_cache_name(record["cache"]),
            values=tuple(_figure(record[column]) for column in columns),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise BadSlabSamples(f"{path}: line {line}: not a {SCHEMA} row ({_why(error)})") from None


def _cache_name(value: Any) -> str:
    """A cache name as sysfs shows it: printable, so no control character reaches a terminal."""
    name = str(value)
    if not name.isprintable():
        raise ValueError(f"cache {name[:40]!r} has a control character")
    return name


def _count(value: Any) -> int:
    """A count or size: a whole number, at least 0, that fits in 64 bits as the kernel's do."""
    number = int(value) if isinstance(value, str) and value.isdigit() else value
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise ValueError(f"{value!r} is not a whole number")
    if number > U64_LIMIT:
        raise ValueError(f"{str(value)[:40]} is past 64 bits")
    return number


def _figure(value: Any) -> int | None:
    """A column's value: a count, or None where the sampler recorded it as missing."""
    return None if value in ("", None) else _count(value)


def _why(error: Exception) -> str:
    return f"no {error.args[0]!r} column" if isinstance(error, KeyError) else str(error)
