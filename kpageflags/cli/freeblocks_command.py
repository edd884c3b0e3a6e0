"""``kpageflags free-blocks``: free memory contiguity per zone and order."""

from __future__ import annotations

import argparse
import csv
import os
import sys

from . import arguments
from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    free = commands.add_parser(
        "free-blocks",
        help="free memory contiguity: free blocks per zone and order, like /proc/buddyinfo",
        description="Finds the runs of free (buddy) page frames in /proc/kpageflags and cuts them into "
        "the aligned power-of-two blocks the buddy allocator holds, per zone; on a live "
        "machine or a snapshot that recorded it, /proc/buddyinfo is shown alongside.",
    )
    add_kernel_option(free)
    free.add_argument(
        "--snapshot", type=arguments.path, metavar="FILE", default=None, help="read a snapshot instead of this machine"
    )
    free.add_argument(
        "--max-order",
        type=arguments.count(0, MAX_ORDER),
        default=None,
        metavar="N",
        help="the kernel's largest block order (default: from /proc/buddyinfo, else 10)",
    )
    formats = free.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON Lines (schema kpageflags.free-blocks/1)")
    formats.add_argument("--csv", action="store_true", help="CSV: zone, order, blocks, buddyinfo")
    free.set_defaults(run=run_free_blocks)


FREE_BLOCKS_SCHEMA = "kpageflags.free-blocks/1"
MAX_ORDER = 20


def run_free_blocks(args: argparse.Namespace) -> int:
    from ..analysis.breakdown import zone_segments
    from ..analysis.freeblocks import DEFAULT_MAX_ORDER, free_blocks, max_order_of, parse_buddyinfo
    from ..output.units import human

    if args.snapshot:
        from ..sources.snapshot import Snapshot

        with Snapshot(args.snapshot) as snapshot:
            buddy_text = snapshot.buddyinfo()
            reported = parse_buddyinfo(buddy_text) if buddy_text else {}
            order = (
                args.max_order
                if args.max_order is not None
                else max_order_of(reported)
                if reported
                else DEFAULT_MAX_ORDER
            )
            blocks = free_blocks(snapshot.chunks("kpageflags"), zone_segments(snapshot.zones(), "zone"), order)
            page = snapshot.page_size
    else:
        from ..analysis.freeblocks import BUDDYINFO
        from ..sources.procfs import KPAGEFLAGS, read_chunks
        from ..sources.topology import read_zoneinfo

        choose_release(args.kernel)  # the running kernel must be one we know
        try:
            with open(BUDDYINFO, encoding="ascii") as handle:
                reported = parse_buddyinfo(handle.read())
        except OSError:
            reported = {}
        order = args.max_order if args.max_order is not None else max_order_of(reported)
        blocks = free_blocks(read_chunks(KPAGEFLAGS), zone_segments(read_zoneinfo(), "zone"), order)
        page = os.sysconf("SC_PAGE_SIZE")
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
