"""argparse ``type=`` functions for what users write: paths, bounded counts, pids, page sizes.

Each checks its argument with the library's one reader for that kind of text and turns an
InputError into argparse's own error (a ValueError would be reported as "invalid value"
with the whole text), so a bad argument gives one bounded line and exit status 2.
"""

from __future__ import annotations

import argparse
from typing import Callable, TypeVar

from ..errors import InputError, quoted
from ..numbers import PID_MAX, U64_MAX, read_number, read_page_size
from ..paths import checked_path

T = TypeVar("T")


def _argument_type(read: Callable[[str], T]) -> Callable[[str], T]:
    def convert(text: str) -> T:
        try:
            return read(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


path = _argument_type(lambda text: checked_path(text, "path"))
pid = _argument_type(lambda text: read_number(text, "pid", bounds=(1, PID_MAX), notation="decimal"))
page_size = _argument_type(read_page_size)


def count(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``, in decimal."""
    return _argument_type(lambda text: read_number(text, "count", bounds=(low, high), notation="decimal"))


def index(what: str, limit: int) -> Callable[[str], int]:
    """A number from 0 to ``limit`` naming a ``what`` (a node, a zone), in decimal."""
    return _argument_type(lambda text: read_number(text, what, bounds=(0, limit), notation="decimal"))


def number_range(what: str) -> Callable[[str], tuple[int, int]]:
    """``FIRST,LAST`` (both included; either may be left out), each a number as C writes it."""

    def read(text: str) -> tuple[int, int]:
        first, comma, last = text.partition(",")
        if not comma or "," in last:
            raise InputError(f"{what} takes FIRST,LAST (either may be empty), not {quoted(text)}")
        low = read_number(first, what) if first.strip() else 0
        high = read_number(last, what) if last.strip() else U64_MAX
        if low > high:
            raise InputError(f"{what} {quoted(text)}: FIRST is past LAST")
        return low, high

    return _argument_type(read)
