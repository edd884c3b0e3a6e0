"""``decode``, ``pagemap`` and ``bits``: turning numbers and expressions into meanings."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Literal, NamedTuple

from ..facts.bitsexpr import BitsFilter, parse_bits
from ..facts.kpf import Decoded, KpfTable, kpf_table
from ..facts.pagemap import PagemapEntry, decode_pagemap
from ..output.emit import Listing
from .output import add_format_options, choose_release, parse_value, values_in

DECODE_SCHEMA = "kpageflags.decode/1"
PAGEMAP_SCHEMA = "kpageflags.pagemap/1"
BITS_SCHEMA = "kpageflags.bits/2"
ALL = (1 << 64) - 1


def add_kernel_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-k",
        "--kernel",
        metavar="REL",
        help="kernel release the values come from, e.g. 6.18 or 5.10.200 (default: the running kernel)",
    )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    decode = commands.add_parser(
        "decode",
        help="decode /proc/kpageflags values",
        description="Decode /proc/kpageflags values as a kernel release reports them. Values are "
        "hex (0x...) or decimal; with none given, they are read from stdin.",
    )
    decode.add_argument("values", nargs="*", metavar="VALUE", help="kpageflags values, hex (0x...) or decimal")
    add_kernel_option(decode)
    add_format_options(decode, "JSON Lines, one object per value", "one row per value")
    decode.set_defaults(run=run_decode)

    pagemap = commands.add_parser(
        "pagemap",
        help="decode /proc/PID/pagemap entries",
        description="Decode /proc/PID/pagemap entries with the layout of a kernel release.",
    )
    pagemap.add_argument("values", nargs="*", metavar="ENTRY", help="pagemap entries, hex (0x...) or decimal")
    add_kernel_option(pagemap)
    pagemap.add_argument(
        "--layout", help="for 3.11-4.2: v1 (page shift) or v2 (soft-dirty); default: told by the entry"
    )
    add_format_options(pagemap, "JSON Lines, one object per entry", "one row per entry")
    pagemap.set_defaults(run=run_pagemap)

    bits = commands.add_parser(
        "bits",
        help="parse page-types -b bit filters",
        description="Parse page-types -b expressions (anon,~mmap  =a,b  a,b=a) for a release and "
        "show their mask; with --test, say which values pass all of them.",
    )
    bits.add_argument(
        "expressions", nargs="+", metavar="EXPR", help="page-types -b expressions: a,b  a,~b  =a,b  a,b=a"
    )
    add_kernel_option(bits)
    bits.add_argument(
        "--test",
        action="append",
        default=[],
        metavar="VALUE",
        help="a kpageflags value to test against every expression (repeatable)",
    )
    add_format_options(bits, "one object per filter and one per tested value", "one row per filter and tested value")
    bits.set_defaults(run=run_bits)


def _decoded_lines(records: Iterable[Decoded]) -> Iterator[str]:
    for decoded in records:
        yield f"{decoded.hex}\t{','.join(decoded.names) or '(no flags)'}"
        if decoded.page_types_short:
            yield f"  page-types\t{decoded.page_types_short}\t{decoded.page_types_long}"
        if decoded.unknown_bits:
            bits = ", ".join(str(b) for b in decoded.unknown_bits)
            yield f"  unknown bits\t{bits} (not defined in {decoded.kernel})"
        yield from (f"  warning\t{w}" for w in decoded.warnings)


def run_decode(args: argparse.Namespace) -> Listing:
    table = kpf_table(choose_release(args.kernel))
    decoded = (table.decode(value) for value in values_in(args.values, "value"))
    return Listing(DECODE_SCHEMA, decoded, _decoded_lines)


def run_pagemap(args: argparse.Namespace) -> Listing:
    release = choose_release(args.kernel)
    entries = (decode_pagemap(entry, release, layout=args.layout) for entry in values_in(args.values, "pagemap entry"))
    return Listing(PAGEMAP_SCHEMA, entries, _pagemap_lines)


def _pagemap_lines(entries: Iterable[PagemapEntry]) -> Iterator[str]:
    for entry in entries:
        kind = "present" if entry.present else "swapped" if entry.swapped else "not present"
        fields = " ".join(
            f"{name}={value:#x}" if name in ("pfn", "swap_offset") else f"{name}={value}"
            for name, value in entry.fields.items()
            if name not in ("present", "swapped")
        )
        line = f"{entry.hex}\t{kind}\t{entry.layout}\t{fields}"
        if entry.unknown_bits:
            line += f"\tunknown bits: {', '.join(str(b) for b in entry.unknown_bits)}"
        yield line
        yield from (f"  warning\t{w}" for w in entry.warnings)


class FilterRecord(NamedTuple):
    """One ``-b`` expression: its mask and wanted bits, and what they mean in words."""

    kind: Literal["filter"]
    kernel: str
    expression: str
    mask: str
    bits: str
    any_of: bool
    meaning: str


class TestRecord(NamedTuple):
    """One ``--test`` value and whether it passes every expression."""

    kind: Literal["test"]
    kernel: str
    value: str
    passes: bool


def run_bits(args: argparse.Namespace) -> Listing:
    table = kpf_table(choose_release(args.kernel))
    filters = [parse_bits(expression, table=table) for expression in args.expressions]
    records: list[FilterRecord | TestRecord] = [
        FilterRecord(
            "filter",
            table.label,
            f.expression,
            f"0x{f.mask:016x}",
            f"0x{f.bits:016x}",
            f.bits == ALL,
            _meaning(table, f),
        )
        for f in filters
    ]
    for text in args.test:
        value = parse_value(text)
        records.append(TestRecord("test", table.label, f"0x{value:016x}", all(f.matches(value) for f in filters)))
    # Like grep: the status says whether every tested value passed, in every output format.
    failed = any(isinstance(r, TestRecord) and not r.passes for r in records)
    return Listing(BITS_SCHEMA, records, _bits_lines, exit_code=1 if failed else 0)


def _meaning(table: KpfTable, f: BitsFilter) -> str:
    masked = ",".join(table.decode(f.mask).names) if f.mask != ALL else "(all bits)"
    if f.bits == ALL:
        return f"any of {masked} set"
    return f"of {masked}, exactly {','.join(table.decode(f.bits).names) or 'none'} set"


def _bits_lines(records: Iterable[FilterRecord | TestRecord]) -> Iterator[str]:
    for record in records:
        if isinstance(record, FilterRecord):
            yield f"{record.expression}\tmask={record.mask}\tbits={record.bits}\t{record.meaning}"
        else:
            yield f"{record.value}\t{'passes' if record.passes else 'fails'}"
