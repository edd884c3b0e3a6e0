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


MAX_INTERVAL = 86_400.0
"""The longest sampling interval: a day."""


def interval(text: str) -> float:
    """Seconds between samples, from 0.01 to a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--interval takes seconds, not {text[:40]!r}") from None
    if not 0.01 <= value <= MAX_INTERVAL:
        raise argparse.ArgumentTypeError(f"--interval must be from 0.01 to {MAX_INTERVAL:.0f} seconds, not {text[:40]}")
    return value


def add_sampling_options(parser: argparse._ActionsContainer, series: str, output_default: str) -> None:
    """--interval, --count and -o/--output of a command that samples ``series`` over time."""
    parser.add_argument("--interval", type=interval, metavar="S", help=f"sample every S seconds to {series}")
    parser.add_argument(
        "--count", type=count(1, 1 << 31), metavar="N", help="with --interval: N samples (default: until interrupted)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=path,
        metavar="FILE",
        help=f"with --interval: the time-series file: .csv, or .jsonl or .json for JSON Lines{output_default}",
    )
