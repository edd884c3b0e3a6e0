"""Free memory contiguity: free page frames as the buddy allocator's blocks, per zone and order.

Every page of a free buddy block shows the buddy flag (on the kernels checked), so runs of
consecutive buddy frames are free memory. A run is cut into the largest naturally aligned
power-of-two blocks no bigger than the maximum order, which is how the allocator holds fully
merged free memory; the result is comparable with /proc/buddyinfo. Pages on per-CPU free lists
are not buddy pages and break runs, as they do in the allocator.

>>> blocks_of_run(8, 21, 10)   # frames 8-20: a block of 8 at 8, of 4 at 16 and of 1 at 20
[1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .._generated.constants import KPF_BUDDY
from ..sources.counting import numpy_available
from .breakdown import OUTSIDE, Segment, split_by_segments, zone_segments

if TYPE_CHECKING:
    from ..sources.source import PageSource

BUDDY = 1 << KPF_BUDDY
DEFAULT_MAX_ORDER = 10


class FreeMemory(NamedTuple):
    """Free blocks per zone and order as found in the page frames, beside what the kernel's
    buddyinfo reported (empty when the source has none)."""

    blocks: dict[str, list[int]]
    reported: dict[str, list[int]]
    max_order: int
    page_size: int


def free_memory(source: PageSource, max_order: int | None = None, use_numpy: bool | None = None) -> FreeMemory:
    """Free blocks per zone and order of a source; ``max_order`` defaults to the largest order
    its buddyinfo shows (else ``DEFAULT_MAX_ORDER``)."""
    text = source.buddyinfo()
    reported = parse_buddyinfo(text) if text else {}
    order = max_order if max_order is not None else max_order_of(reported)
    segments = zone_segments(source.zones(), "zone")
    with source.read() as reader:
        blocks = free_blocks(((chunk.first, chunk.flags) for chunk in reader), segments, order, use_numpy)
    return FreeMemory(blocks, reported, order, source.page_size)


def blocks_of_run(start: int, end: int, max_order: int) -> list[int]:
    """Blocks per order that the frames ``start`` <= pfn < ``end`` form when fully merged."""
    counts = [0] * (max_order + 1)
    pfn = start
    while pfn < end:
        order = min(max_order, (pfn & -pfn).bit_length() - 1 if pfn else max_order, (end - pfn).bit_length() - 1)
        counts[order] += 1
        pfn += 1 << order
    return counts


class _RunTracker:
    """Follows runs of buddy frames across the consecutive pieces of one group."""

    def __init__(self, max_order: int) -> None:
        self.max_order = max_order
        self.counts = [0] * (max_order + 1)
        self.open_start: int | None = None  # a run that reached the end of the last piece
        self.next_pfn: int | None = None

    def _count(self, start: int, end: int) -> None:
        for order, n in enumerate(blocks_of_run(start, end, self.max_order)):
            self.counts[order] += n

    def add(self, first: int, data: bytes, vectorised: bool) -> None:
        piece_end = first + len(data) // 8
        runs = _runs(first, data, vectorised)
        if self.open_start is not None:
            if runs and runs[0][0] == first and self.next_pfn == first:
                runs[0] = (self.open_start, runs[0][1])
            else:
                self._count(self.open_start, self.next_pfn if self.next_pfn is not None else first)
            self.open_start = None
        for start, end in runs:
            if end == piece_end:
                self.open_start = start
            else:
                self._count(start, end)
        self.next_pfn = piece_end

    def finish(self) -> list[int]:
        if self.open_start is not None and self.next_pfn is not None:
            self._count(self.open_start, self.next_pfn)
            self.open_start = None
        return self.counts


def _runs(first: int, data: bytes, vectorised: bool) -> list[tuple[int, int]]:
    """Runs of consecutive buddy frames in a chunk, as (start, end) PFNs."""
    if vectorised:
        import numpy

        free = (numpy.frombuffer(data, dtype="<u8") & BUDDY) != 0
        edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([False], free, [False])).astype(numpy.int8)))
        return [(first + int(s), first + int(e)) for s, e in zip(edges[::2].tolist(), edges[1::2].tolist())]
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, value in enumerate(memoryview(data).cast("Q")):
        if value & BUDDY:
            if start is None:
                start = index
        elif start is not None:
            runs.append((first + start, first + index))
            start = None
    if start is not None:
        runs.append((first + start, first + len(data) // 8))
    return runs


def free_blocks(
    chunks: Iterable[tuple[int, bytes]],
    segments: Sequence[Segment] = (),
    max_order: int = DEFAULT_MAX_ORDER,
    use_numpy: bool | None = None,
) -> dict[str, list[int]]:
    """Free blocks per order for each group of ``segments`` (zones; none: the whole file)."""
    vectorised = numpy_available() if use_numpy is None else use_numpy and numpy_available()
    starts = [s.start for s in segments]
    trackers: dict[str, _RunTracker] = {}
    for first, data in chunks:
        position = first
        for label, piece in split_by_segments(first, data, segments, starts):
            tracker = trackers.get(label)
            if tracker is None:
                tracker = trackers[label] = _RunTracker(max_order)
            tracker.add(position, piece, vectorised)
            position += len(piece) // 8
    result = {label: tracker.finish() for label, tracker in trackers.items()}
    if OUTSIDE in result and not any(result[OUTSIDE]):
        del result[OUTSIDE]
    return result


def parse_buddyinfo(text: str) -> dict[str, list[int]]:
    """/proc/buddyinfo as ``node0/Normal`` -> free blocks per order."""
    result = {}
    for line in text.splitlines():
        match = re.match(r"^Node\s+(\d+),\s+zone\s+(\S+)\s+([\d\s]+)$", line)
        if match:
            result[f"node{match.group(1)}/{match.group(2)}"] = [int(n) for n in match.group(3).split()]
    return result


def max_order_of(buddyinfo: dict[str, list[int]]) -> int:
    """The kernel's largest order, from the number of columns buddyinfo prints."""
    widths = {len(counts) for counts in buddyinfo.values()}
    return max(widths) - 1 if widths else DEFAULT_MAX_ORDER
