"""Shared bits of the command line: reading numbers, choosing the release, the format options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from ..errors import BadValue, UnknownRelease
from ..facts.releases import Release, coverage, parse_release, running_release
from ..numbers import read_number
from ..output.emit import FORMATS
from ..output.notes import note_once


def parse_value(text: str, what: str = "value") -> int:
    """A 64-bit number written as hex (0x...), octal (0...) or decimal."""
    return read_number(text, what)


def values_in(arguments: list[str], what: str) -> Iterator[int]:
    """The numbers given as arguments, or else the whitespace-separated words of stdin. A bad
    word of stdin is named with its line: in a long pipe its text alone would not find it."""
    if arguments:
        yield from (parse_value(text, what) for text in arguments)
        return
    if sys.stdin is None or sys.stdin.isatty():
        raise BadValue(f"give at least one {what}, or pipe them to stdin")
    for number, line in enumerate(sys.stdin, 1):
        for text in line.split():
            try:
                yield parse_value(text, what)
            except BadValue as error:
                raise BadValue(f"standard input line {number}: {error}") from None


def choose_release(text: str | None) -> Release:
    """``--kernel`` if given, else the running kernel, which must be covered."""
    if text is not None:
        return announce(parse_release(text))
    try:
        return announce(running_release())
    except UnknownRelease:
        import os

        raise UnknownRelease(
            f"the running kernel {os.uname().release} is not covered (kpageflags knows {coverage()}); give --kernel"
        ) from None


def announce(release: Release) -> Release:
    """Says once on stderr which release's facts stand in for a release newer than the spec's."""
    note_once(release.note)
    return release


def add_format_options(parser: argparse.ArgumentParser, json_shape: str, csv_shape: str = "one row per record") -> None:
    """``--format {text,json,csv}``, with ``--json`` and ``--csv`` as its short spellings."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--format", choices=FORMATS, default="text", help="how to print (default: text)")
    group.add_argument(
        "--json", dest="format", action="store_const", const="json", help=f"same as --format json: {json_shape}"
    )
    group.add_argument(
        "--csv", dest="format", action="store_const", const="csv", help=f"same as --format csv: {csv_shape}"
    )


def release_span(since: str | None, until: str | None) -> str:
    """'3.18 until 5.0' (the until release no longer has it), or '5.0 onwards'."""
    if since is None:
        return "not verified in any release"
    return f"{since} onwards" if until is None else f"{since} until {until}"
