"""The C library's allocator set up for a long walk over page frames.

A walk reads, builds and frees buffers of megabytes in turn (page flags, runs, lines of text).
glibc serves a block that large with a fresh mmap and unmaps it when freed, so every batch
touches new pages, each a page fault with its zeroing in the kernel: a whole-machine
``page-types -L`` here took 183,000 faults, 0.4 s of its 1.6 s of CPU. Served from the heap,
and kept there when freed, the same buffers reuse pages already faulted in (7,400 faults), and
the peak stays what the walk holds at once.
"""

from __future__ import annotations

# mallopt's parameters (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3

HEAP_BLOCKS_UP_TO = 32 << 20
"""glibc's largest mmap threshold on 64-bit machines: blocks up to this come from the heap."""
KEEP_FREED_UP_TO = 1 << 30
"""Freed memory at the top of the heap is given back to the kernel only past this."""
GROW_HEAP_BY = 64 << 20
"""Extra room taken each time the heap grows (address space: only touched pages count)."""


def keep_freed_memory() -> None:
    """On glibc, large blocks from the heap and freed ones kept for reuse, for the rest of the
    process; elsewhere (musl has no mallopt) nothing changes."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    for parameter, value in (
        (M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO),
        (M_TRIM_THRESHOLD, KEEP_FREED_UP_TO),
        (M_TOP_PAD, GROW_HEAP_BY),
    ):
        mallopt(parameter, value)
