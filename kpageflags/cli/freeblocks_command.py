"""``kpageflags free-blocks``: free memory contiguity per zone and order."""

from __future__ import annotations

import argparse
import csv
import sys

from .decode_commands import add_kernel_option
from .output import print_json_lines
from .sources import add_source_options, source_from_args


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    free = commands.add_parser(
        "free-blocks",
        help="free memory contiguity: free blocks per zone and order, like /proc/buddyinfo",
        description="Finds the runs of free (buddy) page frames in /proc/kpageflags and cuts them into "
        "the aligned power-of-two blocks the buddy allocator holds, per zone; on a live "
        "machine or a snapshot that recorded it, /proc/buddyinfo is shown alongside.",
    )
    add_kernel_option(free)
    add_source_options(free, "zoneinfo", "buddyinfo")
    free.add_argument(
        "--max-order",
        type=int,
        default=None,
        metavar="N",
        help="the kernel's largest block order (default: from /proc/buddyinfo, else 10)",
    )
    formats = free.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON Lines (schema kpageflags.free-blocks/1)")
    formats.add_argument("--csv", action="store_true", help="CSV: zone, order, blocks, buddyinfo")
    free.set_defaults(run=run_free_blocks)


FREE_BLOCKS_SCHEMA = "kpageflags.free-blocks/1"


def run_free_blocks(args: argparse.Namespace) -> int:
    from ..analysis.freeblocks import free_memory
    from ..errors import BadValue
    from ..output.units import human

    if args.max_order is not None and not 0 <= args.max_order <= 20:
        raise BadValue(f"--max-order must be from 0 to 20, not {args.max_order}")
    with source_from_args(args) as source:
        blocks, reported, order, page = free_memory(source, args.max_order)
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["zone", "order", "blocks", "buddyinfo"])
        for zone, counts in blocks.items():
            kernel = reported.get(zone)
            for index, count in enumerate(counts):
                writer.writerow([zone, index, count, "" if kernel is None or index >= len(kernel) else kernel[index]])
        return 0
    if args.json:
        print_json_lines(
            {
                "schema": FREE_BLOCKS_SCHEMA,
                "zone": zone,
                "page_size": page,
                "blocks": counts,
                "buddyinfo": reported.get(zone),
            }
            for zone, counts in blocks.items()
        )
        return 0
    # The share of free memory that could back a 2 MiB huge page right away.
    huge_order = min(order, max(0, ((2 << 20) // page).bit_length() - 1))
    print(f"{'zone':<16} {'order':>9} " + " ".join(f"{o:>7}" for o in range(order + 1)))
    for zone, counts in blocks.items():
        print(f"{zone:<16} {'found':>9} " + " ".join(f"{n:>7}" for n in counts))
        if zone in reported:
            print(f"{'':<16} {'buddyinfo':>9} " + " ".join(f"{n:>7}" for n in reported[zone]))
        free_pages = sum(n << o for o, n in enumerate(counts))
        large = sum(n << o for o, n in enumerate(counts) if o >= huge_order)
        share = 100.0 * large / free_pages if free_pages else 0.0
        print(
            f"{'':<16} free {human(free_pages * page)}, {share:.1f}% of it in blocks of "
            f"{human((1 << huge_order) * page)} or more"
        )
    return 0
