"""``kpageflags free-blocks``: free memory contiguity per zone and order."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..output.emit import Listing
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options
from .sources import add_source_options, choose_release_now, source_from_args


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
        type=arguments.count(0, MAX_ORDER),
        default=None,
        metavar="N",
        help="the kernel's largest block order (default: from /proc/buddyinfo, else 10)",
    )
    add_format_options(free, "one object per zone", "one row per zone, a column per order")
    free.set_defaults(run=run_free_blocks)


FREE_BLOCKS_SCHEMA = "kpageflags.free-blocks/1"
MAX_ORDER = 20


def run_free_blocks(args: argparse.Namespace) -> Listing:
    from ..analysis.freeblocks import free_memory

    with source_from_args(args) as source:
        choose_release_now(source)
        blocks, reported, order, page = free_memory(source, args.max_order)
    records = [
        ZoneFreeBlocks(zone, page, order, tuple(counts), tuple(reported[zone]) if zone in reported else None)
        for zone, counts in blocks.items()
    ]
    return Listing(FREE_BLOCKS_SCHEMA, records, _free_block_lines)


class ZoneFreeBlocks(NamedTuple):
    """Free blocks of one zone: ``blocks[order]`` found in kpageflags, and what /proc/buddyinfo said."""

    zone: str
    page_size: int
    max_order: int
    blocks: tuple[int, ...]
    buddyinfo: tuple[int, ...] | None


def _free_block_lines(records: Iterable[ZoneFreeBlocks]) -> Iterator[str]:
    from ..output.units import human

    for index, record in enumerate(records):
        order, page = record.max_order, record.page_size
        if index == 0:
            yield f"{'zone':<16} {'order':>9} " + " ".join(f"{o:>7}" for o in range(order + 1))
        yield f"{record.zone:<16} {'found':>9} " + " ".join(f"{n:>7}" for n in record.blocks)
        if record.buddyinfo is not None:
            yield f"{'':<16} {'buddyinfo':>9} " + " ".join(f"{n:>7}" for n in record.buddyinfo)
        # The share of free memory that could back a 2 MiB huge page right away.
        huge_order = min(order, max(0, ((2 << 20) // page).bit_length() - 1))
        free_pages = sum(n << o for o, n in enumerate(record.blocks))
        large = sum(n << o for o, n in enumerate(record.blocks) if o >= huge_order)
        share = 100.0 * large / free_pages if free_pages else 0.0
        yield (
            f"{'':<16} free {human(free_pages * page)}, {share:.1f}% of it in blocks of "
            f"{human((1 << huge_order) * page)} or more"
        )
