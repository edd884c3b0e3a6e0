"""Memory composition: pages per category, for the whole machine or per node, zone or memory block.

One pass over /proc/kpageflags (or a saved copy) counts distinct flag values per group of
PFNs; the spec's category rules then classify each distinct value once.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..errors import BadValue, KpageflagsError
from ..facts.categories import category_rules
from ..facts.releases import Release
from ..sources.procfs import KPAGECGROUP, KPAGEFLAGS, read_chunks
from ..sources.topology import MemoryBlock, Zone
from .counting import FlagCounter

GROUPINGS = ("total", "node", "zone", "block", "cgroup", "process")
OUTSIDE = "outside"
OTHER = "(other)"


class Group(NamedTuple):
    """One row of a breakdown: a name, the PFNs it covers and its pages per category."""

    name: str
    pages: int
    categories: dict[str, int]


class Breakdown(NamedTuple):
    kernel: str
    by: str
    page_size: int
    groups: tuple[Group, ...]

    def total(self) -> dict[str, int]:
        """Pages per category summed over every group."""
        result: dict[str, int] = {}
        for group in self.groups:
            for name, pages in group.categories.items():
                result[name] = result.get(name, 0) + pages
        return result


class Segment(NamedTuple):
    """PFNs ``start`` <= pfn < ``end`` that belong to the group ``label``."""

    start: int
    end: int
    label: str


def zone_segments(zones: Sequence[Zone], by: str) -> list[Segment]:
    """PFN intervals labelled by zone or node; where spans overlap the later-starting zone wins.

    Zone spans overlap when ZONE_MOVABLE is carved out of a node's Normal range; the
    movable part starts later, so the most specific zone is the one that starts last.
    """
    points = sorted({z.start_pfn for z in zones} | {z.end_pfn for z in zones})
    segments: list[Segment] = []
    for start, end in zip(points, points[1:]):
        covering = [z for z in zones if z.start_pfn <= start and end <= z.end_pfn]
        if not covering:
            continue
        zone = max(covering, key=lambda z: z.start_pfn)
        label = zone.label if by == "zone" else f"node{zone.node}"
        if segments and segments[-1].label == label and segments[-1].end == start:
            segments[-1] = Segment(segments[-1].start, end, label)
        else:
            segments.append(Segment(start, end, label))
    return segments


def block_segments(blocks: Sequence[MemoryBlock]) -> list[Segment]:
    return [Segment(b.start_pfn, b.end_pfn, b.label) for b in sorted(blocks)]


def breakdown(
    kernel: str | Release,
    by: str = "total",
    *,
    kpageflags: str = KPAGEFLAGS,
    zones: Sequence[Zone] | None = None,
    blocks: Sequence[MemoryBlock] | None = None,
    page_size: int | None = None,
    use_numpy: bool | None = None,
    threads: int = 2,
    chunks: Iterable[tuple[int, bytes]] | None = None,
    kpagecgroup: str = KPAGECGROUP,
    cgroup_chunks: Iterable[tuple[int, bytes]] | None = None,
    cgroup_paths: dict[int, str] | None = None,
    top: int | None = None,
) -> Breakdown:
    """Pages per category of a kpageflags file, grouped ``by`` total, node, zone or block.

    ``zones`` (from :func:`kpageflags.sources.topology.read_zoneinfo`) are needed for node and zone,
    ``blocks`` (:func:`kpageflags.sources.topology.read_memory_blocks`) for block. PFNs that no
    group covers are counted in a group called ``outside``, so the groups always add up to
    the whole file. ``chunks`` (``(first_pfn, data)`` pairs, e.g. from
    :meth:`kpageflags.sources.snapshot.Snapshot.chunks`) replace reading ``kpageflags``.

    By cgroup, pages are grouped by the memcg inode in ``kpagecgroup`` (or ``cgroup_chunks``),
    named by ``cgroup_paths`` (see :func:`kpageflags.sources.cgroups.cgroup_paths`); ``top`` keeps the
    largest that many cgroups and sums the rest as ``(other)``, bounding the output's size.
    """
    rules = category_rules(kernel)
    if top is not None and top < 0:
        raise BadValue(f"--top must be 0 or more, not {top}")
    if by not in GROUPINGS:
        raise BadValue(f"cannot group by '{by}'; choose one of {', '.join(GROUPINGS)}")
    if by in ("node", "zone"):
        if not zones:
            raise BadValue(f"grouping by {by} needs the zones (a /proc/zoneinfo)")
        segments = zone_segments(zones, by)
    elif by == "block":
        if not blocks:
            raise BadValue("grouping by block needs the memory blocks (/sys/devices/system/memory)")
        segments = block_segments(blocks)
    elif by == "cgroup":
        from ..sources.cgroups import cgroup_label

        source = chunks if chunks is not None else read_chunks(kpageflags, threads=threads)
        owners = cgroup_chunks if cgroup_chunks is not None else read_chunks(kpagecgroup, threads=threads)
        named = {
            cgroup_label(inode, cgroup_paths or {}): flags
            for inode, flags in _count_by_cgroup(source, owners, use_numpy).items()
        }
        return grouped_breakdown(rules.release, by, named, page_size, top)
    elif by == "process":
        return process_breakdown(rules.release, kpageflags=kpageflags, top=top, page_size=page_size)
    else:
        segments = []
    counters: dict[str, FlagCounter] = {}
    for segment in segments:
        counters.setdefault(segment.label, FlagCounter(use_numpy))
    starts = [s.start for s in segments]
    source = chunks if chunks is not None else read_chunks(kpageflags, threads=threads)
    for first, data in source:
        for label, piece in split_by_segments(first, data, segments, starts):
            counter = counters.get(label)
            if counter is None:
                counter = counters[label] = FlagCounter(use_numpy)
            counter.add(piece)
    groups = []
    for label, counter in counters.items():
        counts = counter.items()
        groups.append(Group(label, sum(counts.values()), rules.tally(counts)))
    by_order = {label: i for i, label in enumerate(dict.fromkeys(s.label for s in segments))}
    groups.sort(key=lambda g: by_order.get(g.name, len(by_order)))
    return Breakdown(rules.release.name, by, page_size or os.sysconf("SC_PAGE_SIZE"), tuple(groups))


def split_by_segments(
    first: int, data: bytes, segments: Sequence[Segment], starts: Sequence[int]
) -> list[tuple[str, bytes]]:
    """Cuts a chunk that begins at PFN ``first`` into the pieces each group owns."""
    if not segments:
        return [("total", data)]
    pieces = []
    pfn, end = first, first + len(data) // 8
    while pfn < end:
        index = bisect.bisect_right(starts, pfn) - 1
        if index >= 0 and pfn < segments[index].end:
            label, stop = segments[index].label, min(end, segments[index].end)
        else:
            label = OUTSIDE
            stop = min(end, starts[index + 1]) if index + 1 < len(starts) else end
        pieces.append((label, data[(pfn - first) * 8 : (stop - first) * 8]))
        pfn = stop
    return pieces


def _count_by_cgroup(
    flag_chunks: Iterable[tuple[int, bytes]], owner_chunks: Iterable[tuple[int, bytes]], use_numpy: bool | None
) -> dict[int, dict[int, int]]:
    """Distinct flag values and their pages, per memcg inode; PFNs past the end of kpagecgroup count as 0."""
    from .counting import numpy_available

    counters: dict[int, FlagCounter] = {}
    owners = iter(owner_chunks)
    vectorised = numpy_available() if use_numpy is None else use_numpy and numpy_available()
    for first, data in flag_chunks:
        owner = next(owners, None)
        cgroup_data = owner[1] if owner is not None and owner[0] == first else b""
        cgroup_data = cgroup_data[: len(data)] + bytes(max(0, len(data) - len(cgroup_data)))
        for inode, piece in _pieces_by_owner(data, cgroup_data, vectorised):
            counter = counters.get(inode)
            if counter is None:
                counter = counters[inode] = FlagCounter(use_numpy)
            counter.add(piece)
    return {inode: counter.items() for inode, counter in counters.items()}


def _pieces_by_owner(data: bytes, owners: bytes, vectorised: bool) -> list[tuple[int, bytes]]:
    if vectorised:
        import numpy

        flags = numpy.frombuffer(data, dtype="<u8")
        inodes = numpy.frombuffer(owners, dtype="<u8")
        return [(int(inode), flags[inodes == inode].tobytes()) for inode in numpy.unique(inodes).tolist()]
    from array import array

    values, inodes_view = memoryview(data).cast("Q"), memoryview(owners).cast("Q")
    grouped: dict[int, array[int]] = {}
    for value, inode in zip(values, inodes_view):
        bucket = grouped.get(inode)
        if bucket is None:
            bucket = grouped[inode] = array("Q")
        bucket.append(value)
    return [(inode, bucket.tobytes()) for inode, bucket in grouped.items()]


def process_breakdown(
    kernel: str | Release,
    *,
    pids: Iterable[int] | None = None,
    kpageflags: str = KPAGEFLAGS,
    top: int | None = None,
    page_size: int | None = None,
) -> Breakdown:
    """Resident pages per category of each live process (all of them unless ``pids``).

    A page mapped by several processes counts in each, so groups add up to more than the
    machine. Processes that exit during the walk, and kernel threads, are left out.
    """
    from ..sources.walk import PfnSource
    from .processmem import process_flag_counts

    rules = category_rules(kernel)
    if top is not None and top < 0:
        raise BadValue(f"--top must be 0 or more, not {top}")
    wanted = sorted(int(name) for name in os.listdir("/proc") if name.isdigit()) if pids is None else list(pids)
    source = PfnSource(kpageflags, cgroups=False, counts=False, threads=1)
    counts: dict[str, dict[int, int]] = {}
    try:

        def lookup(pfns: list[int]) -> dict[int, int]:
            return {pfn: found[0] for pfn, found in source.lookup(pfns).items()}

        for pid in wanted:
            try:
                flags = process_flag_counts(pid, lookup, page_size)
                with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
                    name = f"{pid} {handle.read().strip()}"
            except (OSError, KpageflagsError):
                continue  # gone, or a kernel thread with no pagemap to read
            if flags:
                counts[name] = flags
    finally:
        source.close()
    return grouped_breakdown(rules.release, "process", counts, page_size, top)


def grouped_breakdown(
    kernel: str | Release,
    by: str,
    counts: dict[str, dict[int, int]],
    page_size: int | None = None,
    top: int | None = None,
) -> Breakdown:
    """A breakdown from pages per kpageflags value of named groups, largest first; ``top``
    keeps that many and sums the rest as ``(other)``."""
    rules = category_rules(kernel)
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    kept = ranked if top is None else ranked[:top]
    groups = [Group(name, sum(flags.values()), rules.tally(flags)) for name, flags in kept]
    if top is not None and len(ranked) > top:
        rest: dict[int, int] = {}
        for _, flags in ranked[top:]:
            for value, pages in flags.items():
                rest[value] = rest.get(value, 0) + pages
        groups.append(Group(OTHER, sum(rest.values()), rules.tally(rest)))
    return Breakdown(rules.release.name, by, page_size or os.sysconf("SC_PAGE_SIZE"), tuple(groups))
