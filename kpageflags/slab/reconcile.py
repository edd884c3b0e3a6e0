"""Slab memory counted four ways, side by side, with what makes them differ.

* the caches of /sys/kernel/slab: each cache's slabs at its current order;
* /proc/slabinfo: num_slabs times pagesperslab, the same count;
* /proc/meminfo: Slab = SReclaimable + SUnreclaim, the pages actually allocated, counted per
  folio at the order it got; and kmalloc allocations above KMALLOC_MAX_CACHE_SIZE (two pages),
  which bypass the caches and come from the page allocator, are added to SUnreclaim too
  (mm/slub.c ___kmalloc_large_node, 6.18);
* /proc/kpageflags: pages with the slab flag, which large kmalloc pages do not carry (their
  folio is marked large_kmalloc, not slab).

So SUnreclaim less the unreclaimable caches, and Slab less the kpageflags slab pages, are
both about the large kmalloc allocations; SReclaimable less the reclaimable caches is near 0.
Slabs allocated at a fallback order (smaller than the cache's) make the cache figures
overstate a little. Each figure is read at a slightly different moment, so small differences
are the machine moving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..errors import KpageflagsError
from ..output.notes import note_once
from .figures import CacheFigures
from .procfiles import SlabinfoLine, meminfo_bytes, slabinfo_caches

if TYPE_CHECKING:
    from ..sources.source import PageSource

PROC_FILES = (("slabinfo", "/proc/slabinfo"), ("meminfo", "/proc/meminfo"))


class Figure(NamedTuple):
    """One line of the reconciliation: what is counted, from where, in bytes, and what it means."""

    figure: str
    source: str
    bytes: int | None
    meaning: str


def reconcile(
    caches: list[CacheFigures],
    page_size: int,
    slabinfo: list[SlabinfoLine] | None,
    meminfo: dict[str, int] | None,
    slab_pages: int | None,
) -> list[Figure]:
    """The figures; one whose source is missing is listed with no bytes, and its meaning says why."""
    # A cache whose memory is unknown (its notes say why) adds nothing rather than stopping the sum.
    reclaimable = sum(cache.memory_bytes or 0 for cache in caches if cache.reclaimable)
    unreclaimable = sum(cache.memory_bytes or 0 for cache in caches if not cache.reclaimable)
    memory = _meminfo(meminfo)
    kpf = None if slab_pages is None else slab_pages * page_size
    listed = None if slabinfo is None else sum(line.slabs * line.pages_per_slab * page_size for line in slabinfo)
    return [
        Figure(
            "caches",
            "/sys/kernel/slab",
            reclaimable + unreclaimable,
            f"{len(caches)} caches, slabs at their current order",
        ),
        Figure("caches reclaimable", "/sys/kernel/slab", reclaimable, "caches with reclaim_account=1"),
        Figure("caches unreclaimable", "/sys/kernel/slab", unreclaimable, "every other cache"),
        Figure("slabinfo", "/proc/slabinfo", listed, _listed_meaning(slabinfo)),
        Figure("Slab", "/proc/meminfo", memory.get("Slab"), "slab pages as allocated, plus large kmalloc"),
        Figure("SReclaimable", "/proc/meminfo", memory.get("SReclaimable"), "pages of reclaimable caches"),
        Figure("SUnreclaim", "/proc/meminfo", memory.get("SUnreclaim"), "pages of other caches, plus large kmalloc"),
        Figure("slab pages", "/proc/kpageflags", kpf, "pages with the slab flag; large kmalloc pages lack it"),
        Figure(
            "SUnreclaim - caches unreclaimable",
            "difference",
            _minus(memory.get("SUnreclaim"), unreclaimable),
            "about the large kmalloc allocations (above KMALLOC_MAX_CACHE_SIZE, two pages)",
        ),
        Figure(
            "Slab - slab pages",
            "difference",
            _minus(memory.get("Slab"), kpf),
            "about the large kmalloc allocations too",
        ),
        Figure(
            "SReclaimable - caches reclaimable",
            "difference",
            _minus(memory.get("SReclaimable"), reclaimable),
            "near 0: slabs at a fallback order, and the moments between the reads",
        ),
        Figure(
            "caches - slabinfo",
            "difference",
            _minus(reclaimable + unreclaimable, listed),
            "0 but for the moments between the reads: the same counters",
        ),
    ]


def _meminfo(meminfo: dict[str, int] | None) -> dict[str, int]:
    return {} if meminfo is None else meminfo


def _listed_meaning(slabinfo: list[SlabinfoLine] | None) -> str:
    if slabinfo is None:
        return "not available"
    return f"{len(slabinfo)} caches, num_slabs x pagesperslab"


def _minus(left: int | None, right: int | None) -> int | None:
    return None if left is None or right is None else left - right


def proc_figures(source: PageSource) -> tuple[list[SlabinfoLine] | None, dict[str, int] | None, int | None]:
    """/proc/slabinfo, /proc/meminfo and the slab pages of /proc/kpageflags from this machine or
    a snapshot; one the source cannot give is None, with a note on stderr saying why."""
    from ..analysis.breakdown import breakdown

    texts = {part: _proc_text(source, part, path) for part, path in PROC_FILES}
    try:
        pages: int | None = breakdown(source, "total").total().get("slab", 0)
    except KpageflagsError as error:
        note_once(f"slab pages of /proc/kpageflags not counted: {error}")
        pages = None
    slabinfo = None if texts["slabinfo"] is None else slabinfo_caches(texts["slabinfo"])
    meminfo = None if texts["meminfo"] is None else meminfo_bytes(texts["meminfo"])
    return slabinfo, meminfo, pages


def _proc_text(source: PageSource, part: str, path: str) -> str | None:
    from ..sources.snapshot import Snapshot

    try:
        if isinstance(source, Snapshot):
            return source.recorded_text(part)
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(64 << 20)
    except KpageflagsError as error:
        note_once(str(error))
    except OSError as error:
        note_once(f"{path}: {error.strerror or error}; left out of the reconciliation")
    return None
