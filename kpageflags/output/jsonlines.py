"""JSON Lines read back: the time series kpageflags writes (slab samples, category samples),
one object a line, each naming its schema. Blank lines are skipped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


class BadLine(ValueError):
    """A line that is not an object of the expected schema; the message starts "line N: "."""


def json_lines(text: Iterable[str], schema: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line's number and object; BadLine at the first that is not JSON or not ``schema``."""
    for line, content in enumerate(text, 1):
        if not content.strip():
            continue
        try:
            record = json.loads(content)
        except json.JSONDecodeError as error:
            raise BadLine(f"line {line}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or record.get("schema") != schema:
            found = record.get("schema") if isinstance(record, dict) else None
            raise BadLine(f"line {line}: schema {str(found)[:40]!r}, not {schema}")
        yield line, record
