"""Memory categories over time: one row per category per sample (schema ``category-sample/1``),
as ``kpageflags breakdown --interval S --count N -o FILE`` writes it, CSV with a header or JSON
Lines, and read back for ``kpageflags plot categories``.

A row: time (UTC, ISO 8601, "Z"), sample (from 0), release (the kernel's, whose rules sorted
the pages), page_size, category, pages and bytes. Every memory category of the spec has a row in
every sample, with 0 where it has no pages, so a category that comes and goes keeps its place;
holes (``no_page``) are no memory and have none.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..errors import BadValue, UnreadableFile
from ..output.jsonlines import BadLine, json_lines
from ..output.times import read_series_time, series_time
from .breakdown import Breakdown

SCHEMA = "category-sample/1"


class CategorySample(NamedTuple):
    time: str
    sample: int
    release: str
    page_size: int
    category: str
    pages: int
    bytes: int


COLUMNS = CategorySample._fields


def sample_rows(result: Breakdown, sample: int, when: datetime) -> list[CategorySample]:
    """The rows of one sample: the whole machine's pages per category in ``result``."""
    stamp = series_time(when)
    return [
        CategorySample(stamp, sample, result.kernel, result.page_size, name, pages, pages * result.page_size)
        for name, pages in result.total().items()
    ]


class SeriesWriter:
    """Writes samples as CSV (one header) or JSON Lines, flushing after each sample so that a
    reader, or an interrupted run, sees every sample taken."""

    def __init__(self, handle: IO[str], json_lines: bool) -> None:
        self.handle = handle
        self.csv = None if json_lines else csv.writer(handle, lineterminator="\n")
        if self.csv is not None:
            self.csv.writerow(COLUMNS)

    def write(self, rows: Iterable[CategorySample]) -> None:
        for row in rows:
            if self.csv is not None:
                self.csv.writerow(row)
            else:
                self.handle.write(json.dumps({"schema": SCHEMA, **row._asdict()}) + "\n")
        self.handle.flush()


# The spec has 16; a file naming thousands is not a series of them, and would take memory
# categories times samples to hold.
MAX_CATEGORIES = 1000


@dataclass(frozen=True)
class CategoryHistory:
    """Each category's pages per sample, over the samples' times in order."""

    times: list[datetime]
    pages: dict[str, list[float]]
    release: str
    page_size: int


def read_history(path: str | Path) -> CategoryHistory:
    """A category-sample/1 file (CSV or JSON Lines, told apart by its first character), read
    twice rather than held: once for its samples and categories, once for the figures."""
    times: dict[int, datetime] = {}
    names: dict[str, None] = {}
    first: CategorySample | None = None
    for row in _rows(path):
        first = first or row
        if (row.release, row.page_size) != (first.release, first.page_size):
            raise BadValue(
                f"{path}: sample {row.sample} is of {row.release} with {row.page_size}-byte pages, "
                f"sample {first.sample} of {first.release} with {first.page_size}: not one machine's series"
            )
        times.setdefault(row.sample, read_series_time(row.time))
        names[row.category] = None
        if len(names) > MAX_CATEGORIES:
            raise BadValue(f"{path}: more than {MAX_CATEGORIES} categories: not a {SCHEMA} series")
    if first is None:
        raise BadValue(f"{path}: no sample in it")
    position = {sample: index for index, sample in enumerate(sorted(times))}
    pages = {name: [0.0] * len(position) for name in names}
    for row in _rows(path):
        # Rows a running sampler appended after the first reading are of samples it did not see.
        if row.sample in position and row.category in pages:
            pages[row.category][position[row.sample]] += row.pages
    return CategoryHistory([times[sample] for sample in sorted(times)], pages, first.release, first.page_size)


def _rows(path: str | Path) -> Iterator[CategorySample]:
    try:
        with open(path, encoding="utf-8", newline="") as text:
            first = text.read(1)
            text.seek(0)
            for line, record in json_lines(text, SCHEMA) if first == "{" else _csv_records(text):
                yield _row(record, path, line)
    except UnicodeDecodeError:
        raise BadValue(f"{path}: not text: a {SCHEMA} file is CSV or JSON Lines") from None
    except csv.Error as error:
        raise BadValue(f"{path}: not {SCHEMA} CSV: {error}") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read {path}: {error.strerror}") from None
    except (_BadRecord, BadLine) as error:
        raise BadValue(f"{path}: {error}") from None


class _BadRecord(ValueError):
    pass


def _csv_records(text: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text)
    header = next(reader, [])
    if tuple(header) != COLUMNS:
        raise _BadRecord(f"not a {SCHEMA} file: its header is not {','.join(COLUMNS)}")
    for fields in reader:
        if fields:
            yield reader.line_num, dict(zip(header, fields))


def _row(record: dict[str, Any], path: str | Path, line: int) -> CategorySample:
    try:
        row = CategorySample(
            time=str(record["time"]),
            sample=_count(record["sample"]),
            release=_printable(record["release"]),
            page_size=_count(record["page_size"]),
            category=_printable(record["category"]),
            pages=_count(record["pages"]),
            bytes=_count(record["bytes"]),
        )
        read_series_time(row.time)
    except KeyError as error:
        raise _BadRecord(f"line {line}: not a {SCHEMA} row (no {error.args[0]!r} column)") from None
    except ValueError as error:
        raise _BadRecord(f"line {line}: not a {SCHEMA} row ({error})") from None
    if row.bytes != row.pages * row.page_size:
        raise _BadRecord(f"line {line}: {row.pages} pages of {row.page_size} bytes are not {row.bytes} bytes")
    return row


def _count(value: Any) -> int:
    """A whole number from 0 that fits in 64 bits, as a JSON number or CSV digits."""
    number = int(value) if isinstance(value, str) and value.isdigit() and len(value) <= 20 else value
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 1 << 64:
        raise ValueError(f"{str(value)[:40]!r} is not a whole number of 64 bits")
    return number


def _printable(value: Any) -> str:
    """A name with no control character to reach a terminal."""
    text = str(value)
    if not text.isprintable() or not text:
        raise ValueError(f"{text[:40]!r} is empty or has a control character")
    return text
