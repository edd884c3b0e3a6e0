"""``decode``, ``pagemap`` and ``bits``: turning numbers and expressions into meanings."""

from __future__ import annotations

import argparse
import sys

from ..facts.bitsexpr import parse_bits
from ..facts.kpf import Decoded, kpf_table
from ..facts.pagemap import decode_pagemap
from .output import choose_release, parse_value, print_json_lines, values_from

DECODE_SCHEMA = "kpageflags.decode/1"
PAGEMAP_SCHEMA = "kpageflags.pagemap/1"
BITS_SCHEMA = "kpageflags.bits/1"


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
    decode.add_argument("--json", action="store_true", help="JSON Lines, one object per value")
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
    pagemap.add_argument("--json", action="store_true", help="JSON Lines, one object per entry")
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
    bits.add_argument("--json", action="store_true", help="one JSON object")
    bits.set_defaults(run=run_bits)


def _text(decoded: Decoded) -> str:
    lines = [f"{decoded.hex}\t{','.join(decoded.names) or '(no flags)'}"]
    if decoded.page_types_short:
        lines.append(f"  page-types\t{decoded.page_types_short}\t{decoded.page_types_long}")
    if decoded.unknown_bits:
        bits = ", ".join(str(b) for b in decoded.unknown_bits)
        lines.append(f"  unknown bits\t{bits} (not defined in {decoded.kernel})")
    lines.extend(f"  warning\t{w}" for w in decoded.warnings)
    return "\n".join(lines)


def run_decode(args: argparse.Namespace) -> int:
    table = kpf_table(choose_release(args.kernel))
    for text in values_from(args.values, "value"):
        decoded = table.decode(parse_value(text))
        if args.json:
            print_json_lines([{"schema": DECODE_SCHEMA, **decoded.to_dict()}])
        else:
            print(_text(decoded))
    return 0


def run_pagemap(args: argparse.Namespace) -> int:
    release = choose_release(args.kernel)
    for text in values_from(args.values, "pagemap entry"):
        entry = decode_pagemap(parse_value(text, "pagemap entry"), release, layout=args.layout)
        if args.json:
            print_json_lines([{"schema": PAGEMAP_SCHEMA, **entry.to_dict()}])
            continue
        kind = "present" if entry.present else "swapped" if entry.swapped else "not present"
        fields = " ".join(
            f"{name}={value:#x}" if name in ("pfn", "swap_offset") else f"{name}={value}"
            for name, value in entry.fields.items()
            if name not in ("present", "swapped")
        )
        line = f"{entry.hex}\t{kind}\t{entry.layout}\t{fields}"
        if entry.unknown_bits:
            line += f"\tunknown bits: {', '.join(str(b) for b in entry.unknown_bits)}"
        print(line)
    return 0


def run_bits(args: argparse.Namespace) -> int:
    table = kpf_table(choose_release(args.kernel))
    filters = [parse_bits(expression, table=table) for expression in args.expressions]
    tested = [(text, parse_value(text)) for text in args.test]
    results = {text: all(f.matches(value) for f in filters) for text, value in tested}
    if args.json:
        print_json_lines(
            [
                {
                    "schema": BITS_SCHEMA,
                    "kernel": table.label,
                    "filters": [
                        {
                            "expression": f.expression,
                            "mask": f"0x{f.mask:016x}",
                            "bits": f"0x{f.bits:016x}",
                            "any_of": f.bits == (1 << 64) - 1,
                        }
                        for f in filters
                    ],
                    "tests": [{"value": f"0x{v:016x}", "passes": results[t]} for t, v in tested],
                }
            ]
        )
        return 0
    for f in filters:
        masked = ",".join(table.decode(f.mask).names) if f.mask != (1 << 64) - 1 else "(all bits)"
        if f.bits == (1 << 64) - 1:
            meaning = f"any of {masked} set"
        else:
            wanted = ",".join(table.decode(f.bits).names) or "none"
            meaning = f"of {masked}, exactly {wanted} set"
        print(f"{f.expression}\tmask=0x{f.mask:016x}\tbits=0x{f.bits:016x}\t{meaning}")
    for text, value in tested:
        print(f"0x{value:016x}\t{'passes' if results[text] else 'fails'}")
    if tested and not all(results.values()):
        sys.stdout.flush()
        return 1
    return 0
