"""Holes: page frames with no page behind them, told apart from memory the same way by every
analysis (``breakdown``, ``map``, the report).

A frame is a hole when the kernel says it has no page (``nopage``, the ``no_page`` category),
when a source skips it, or when it reads 0 and lies outside every online memory block: from
6.18 the kernel reports frames without a page as 0 instead of setting ``nopage``
(``nopage_never_set``), and a frame of memory that reads 0 (a page the kernel uses with no
flag to show for it) lies in an online block. Holes are not memory: no memory category counts
them, and no total of memory includes them.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..errors import InputError
from ..facts.history import bugs_at

if TYPE_CHECKING:
    from ..facts.releases import Release
    from ..sources.source import PageSource

NO_PAGE = "no_page"
"""The memory category of frames the kernel marks as having no page: holes, not memory."""
NO_PAGE_MARKED_BUG = "nopage_never_set"
_ENTRY = 8


class Unpaged(NamedTuple):
    """The frame ranges outside every online memory block, as (first, end) pairs in order, the
    last one open-ended; ``known`` is False where the source has no list of memory blocks
    (then no range is known)."""

    ranges: tuple[tuple[int, int], ...]
    known: bool

    def overlapping(self, first: int, end: int) -> Iterator[tuple[int, int]]:
        """The parts of frames ``first`` <= pfn < ``end`` that lie outside online memory."""
        index = max(bisect.bisect_right(self.ranges, (first, first)) - 1, 0)
        for start, stop in self.ranges[index:]:
            if start >= end:
                return
            if stop > first:
                yield max(start, first), min(stop, end)

    def holes_in(self, first: int, data: bytes) -> int:
        """How many of the frames read as ``data`` from frame ``first`` are holes by their place:
        outside online memory and reading 0."""
        found = 0
        for start, stop in self.overlapping(first, first + len(data) // _ENTRY):
            piece = data[(start - first) * _ENTRY : (stop - first) * _ENTRY]
            found += stop - start if piece == bytes(len(piece)) else array("Q", piece).count(0)
        return found

    def contains(self, pfn: int) -> bool:
        return any(True for _ in self.overlapping(pfn, pfn + 1))


NO_UNPAGED = Unpaged((), False)
"""What is known of a source without a list of memory blocks: no range."""


def unpaged(source: PageSource) -> Unpaged:
    """Where ``source``'s frames lie outside its online memory blocks."""
    if not source.has("memory_blocks"):
        return NO_UNPAGED
    try:
        blocks = source.memory_blocks()
    except InputError:
        return NO_UNPAGED
    ranges, end = [], 0
    for block in sorted(blocks):
        if block.online is False:
            continue
        if block.start_pfn > end:
            ranges.append((end, block.start_pfn))
        end = max(end, block.start_pfn + block.pages)
    return Unpaged((*ranges, (end, 1 << 64)), True)


def unmarked(release: Release) -> bool:
    """Whether the release reports frames without a page as 0 rather than marking them."""
    return any(bug.id == NO_PAGE_MARKED_BUG for bug in bugs_at(release))


def hole_note(release: Release, outside: Unpaged, marked: int) -> str:
    """What a picture or table says of holes where the release reads them as 0 ("" where the
    data tells them apart itself: the kernel marked them, or frames were skipped)."""
    if not unmarked(release) or (not outside.known and marked):
        return ""
    if not outside.known:
        return (
            f"Linux {release.name} reports frames without a page as flags 0, and no list of memory blocks "
            "was read: holes are not told apart from pages without flags"
        )
    return (
        f"Linux {release.name} reports frames without a page as flags 0: "
        "those outside online memory blocks are counted as holes"
    )


def split_memory_and_holes(tally: dict[str, int], zero_holes: int, zero_category: str) -> tuple[dict[str, int], int]:
    """Pages per memory category and the holes, from a tally of every frame by category in
    which ``zero_holes`` frames that read 0 (and so fell in ``zero_category``) are holes."""
    memory = {name: pages for name, pages in tally.items() if name != NO_PAGE}
    memory[zero_category] -= zero_holes
    return memory, tally.get(NO_PAGE, 0) + zero_holes
