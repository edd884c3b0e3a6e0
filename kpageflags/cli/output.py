"""Shared bits of the command line: reading numbers, choosing the release, printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

from ..errors import BadValue, UnknownRelease
from ..facts.releases import Release, coverage, parse_release, running_release
from ..numbers import read_number


def parse_value(text: str, what: str = "value") -> int:
    """A 64-bit number written as hex (0x...), octal (0...) or decimal."""
    return read_number(text, what)


def values_from(arguments: list[str], stdin_what: str) -> Iterator[str]:
    """The values given as arguments, or else the whitespace-separated words of stdin."""
    if arguments:
        yield from arguments
        return
    if sys.stdin is None or sys.stdin.isatty():
        raise BadValue(f"give at least one {stdin_what}, or pipe them to stdin")
    for line in sys.stdin:
        yield from line.split()


def choose_release(text: str | None) -> Release:
    """``--kernel`` if given, else the running kernel, which must be covered."""
    if text is not None:
        return parse_release(text)
    try:
        return running_release()
    except UnknownRelease:
        import os

        raise UnknownRelease(
            f"the running kernel {os.uname().release} is not covered (kpageflags knows {coverage()}); give --kernel"
        ) from None


def print_json_lines(objects: Iterable[object]) -> None:
    for obj in objects:
        sys.stdout.write(json.dumps(obj) + "\n")


def release_span(since: str | None, until: str | None) -> str:
    """'3.18 until 5.0' (the until release no longer has it), or '5.0 onwards'."""
    if since is None:
        return "not verified in any release"
    return f"{since} onwards" if until is None else f"{since} until {until}"
