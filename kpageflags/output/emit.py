"""The one place records become text, JSON Lines or CSV.

A command returns a ``Listing``: a schema name, its records (NamedTuples, nested or not, or
objects with a ``to_dict()``), and optionally a text layout of its own. Everything else is
decided here, the same way for every command: each JSON object carries ``schema`` first,
nested records become nested objects and tuples become arrays; CSV has one column per leaf
field, named by its path (``categories.free``). A new format is a new branch in ``emit``.

>>> import io
>>> from typing import NamedTuple
>>> class Row(NamedTuple):
...     bit: int
...     names: tuple[str, ...]
>>> out = io.StringIO()
>>> emit(Listing("example/1", [Row(12, ("anon",))]), "json", out)
>>> out.getvalue()
'{"schema": "example/1", "bit": 12, "names": ["anon"]}\\n'
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TextIO, Union, get_args

Format = Literal["text", "json", "csv"]
FORMATS: tuple[str, ...] = get_args(Format)
TextLayout = Callable[[Iterable[Any]], Iterable[str]]
Scalar = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Listing:
    """What a command prints. ``text`` lays the records out as lines for people; without it
    the records are shown as a tab-separated table. ``exit_code`` is the command's status
    once everything is printed (``bits --test`` and ``dump-page`` say pass or fail with it);
    a command whose records are worked out as they are printed gives a function that knows
    it only then. ``csv_joined`` names the array columns whose items a separator no item holds
    can join into one readable CSV cell (a stack's frames), each with its separator."""

    schema: str
    records: Iterable[Any]
    text: TextLayout | None = None
    exit_code: int | Callable[[], int] = 0
    csv_joined: Mapping[str, str] = field(default_factory=dict)

    def status(self) -> int:
        """The exit status, to be asked once the records are printed."""
        return self.exit_code() if callable(self.exit_code) else self.exit_code


def plain(value: Any) -> Any:
    """A record as JSON-ready data: records to objects, tuples and sets to arrays.

    >>> from typing import NamedTuple
    >>> class Inner(NamedTuple):
    ...     release: str
    >>> class Outer(NamedTuple):
    ...     bit: int
    ...     seen: tuple[Inner, ...]
    ...     counts: dict[str, int]
    >>> plain(Outer(3, (Inner("5.19"),), {"free": 2}))
    {'bit': 3, 'seen': [{'release': '5.19'}], 'counts': {'free': 2}}
    """
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return plain(to_dict())
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: plain(item) for name, item in zip(value._fields, value)}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (frozenset, set)):
        return [plain(item) for item in sorted(value)]
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    return value


def flatten(value: Any, prefix: str = "", joined: Mapping[str, str] = MappingProxyType({})) -> dict[str, Scalar]:
    """One CSV row: nested objects spread into ``outer.inner`` columns, arrays of numbers into
    ``name.0``, ``name.1``... (a position means something, an order or a bit), and every other
    array (names, sentences, objects) kept whole as JSON text. No separator would do for all
    (warnings hold "; " and ", "), so a cell splits back only as JSON; but the columns
    ``joined`` names hold items a separator of their own can join (stack frames never hold ``;``).

    >>> flatten({"group": "node0", "categories": {"free": 3}, "names": ["a", "b"], "blocks": [5, 1]})
    {'group': 'node0', 'categories.free': 3, 'names': '["a", "b"]', 'blocks.0': 5, 'blocks.1': 1}
    >>> flatten({"stack": ["alloc_pages+0x1/0x2", "kmalloc+0x3/0x4"]}, joined={"stack": ";"})
    {'stack': 'alloc_pages+0x1/0x2;kmalloc+0x3/0x4'}
    """
    row: dict[str, Scalar] = {}
    for key, item in plain(value).items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            row.update(flatten(item, f"{name}.", joined))
        elif isinstance(item, list) and name in joined:
            row[name] = joined[name].join(map(str, item))
        elif isinstance(item, list) and item and all(_is_number(part) for part in item):
            row.update((f"{name}.{index}", part) for index, part in enumerate(item))
        elif isinstance(item, list):
            row[name] = json.dumps(item)
        else:
            row[name] = item
    return row


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def emit(listing: Listing, fmt: Format, out: TextIO) -> None:
    """Writes the listing to ``out`` in ``fmt``."""
    if fmt == "json":
        _write_json(listing, out)
    elif fmt == "csv":
        _write_csv(listing, out)
    else:
        layout = listing.text or _table
        for line in layout(listing.records):
            out.write(line + "\n")


def _write_json(listing: Listing, out: TextIO) -> None:
    for record in listing.records:
        data = plain(record)
        if not isinstance(data, dict):
            data = {"value": data}
        data.pop("schema", None)
        out.write(json.dumps({"schema": listing.schema, **data}) + "\n")


def _write_csv(listing: Listing, out: TextIO) -> None:
    # Rows are gathered first because a later record may have a column an earlier one lacks
    # (a category seen only in one group); the header must name every column.
    rows = [flatten(_as_object(record), joined=listing.csv_joined) for record in listing.records]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row[column] for column in columns])


def _as_object(record: Any) -> Any:
    data = plain(record)
    return data if isinstance(data, dict) else {"value": data}


def _table(records: Iterable[Any]) -> Iterator[str]:
    header: list[str] | None = None
    for record in records:
        row = flatten(_as_object(record))
        if header is None:
            header = list(row)
            yield "\t".join(header)
        yield "\t".join("-" if row.get(column) is None else str(row[column]) for column in header)
