"""Memory composition: pages per category, for the whole machine or per node, zone, memory
block, memory cgroup or process, and the holes (frames with no page) beside them.

One pass over a source's kpageflags counts distinct flag values per group of PFNs; the spec's
category rules then classify each distinct value once. Holes are told apart as
:mod:`kpageflags.analysis.holes` says, as the memory map does, and are in no category.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BadValue, EnvironmentProblem
from ..facts.categories import category_rules
from ..sources.counting import FlagCounter
from ..sources.source import KPAGECGROUP, KPAGEFLAGS
from .holes import NO_UNPAGED, Unpaged, split_memory_and_holes, unpaged

if TYPE_CHECKING:
    from ..facts.categories import CategoryRules
    from ..facts.releases import Release
    from ..sources.processes import CapturedProcess
    from ..sources.source import FrameChunk, FrameLookup, PageSource
    from ..sources.topology import MemoryBlock, Zone

GROUPINGS = ("total", "node", "zone", "block", "cgroup", "process")
RANKED = ("cgroup", "process")
"""The groupings whose groups are ranked by size, so that ``top`` keeps the largest."""
OUTSIDE = "outside"
OTHER = "(other)"


class Group(NamedTuple):
    """One row of a breakdown: a name, its pages of memory, those pages per memory category,
    and the frames of its PFNs that are holes (no page: not memory, in no category)."""

    name: str
    pages: int
    categories: dict[str, int]
    holes: int = 0


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

    def holes(self) -> int:
        """Frames with no page, summed over every group."""
        return sum(group.holes for group in self.groups)


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
    source: PageSource, by: str = "total", *, top: int | None = None, use_numpy: bool | None = None, threads: int = 2
) -> Breakdown:
    """Pages per category of a source's page frames, grouped ``by`` total, node, zone, block,
    cgroup or process, with the rules of the source's release.

    Node and zone need the source's zones, block its memory blocks. PFNs that no group covers
    are counted in a group called ``outside``, so the groups' pages and holes always add up to
    every frame.
    By cgroup, pages are grouped by the memcg inode in kpagecgroup, named by the source's
    cgroup paths; ``top`` keeps the largest that many cgroups or processes (pages of no cgroup,
    ``(none)``, are always shown and take no place among them) and sums the rest as ``(other)``:
    with 0, every one of them is in ``(other)``. Other groupings take no ``top``.
    """
    if top is not None and top < 0:
        raise BadValue(f"--top must be 0 or more, not {top}")
    if by not in GROUPINGS:
        raise BadValue(f"cannot group by '{by}'; choose one of {', '.join(GROUPINGS)}")
    if top is not None and by not in RANKED:
        raise BadValue(f"--top ranks cgroups or processes; it does not go with --by {by}")
    if by == "cgroup":
        return _cgroup_breakdown(source, top, use_numpy, threads)
    if by == "process":
        return process_breakdown(source, top=top)
    rules = category_rules(source.release)
    if by in ("node", "zone"):
        segments = zone_segments(source.zones(), by)
    elif by == "block":
        segments = block_segments(source.memory_blocks())
    else:
        segments = []
    counters: dict[str, FlagCounter] = {}
    zero_holes: dict[str, int] = {}
    for segment in segments:
        counters.setdefault(segment.label, FlagCounter(use_numpy))
    starts = [s.start for s in segments]
    outside = unpaged(source)
    with source.read(threads=threads) as reader:
        for chunk in reader:
            first = chunk.first
            for label, piece in split_by_segments(chunk.first, chunk.flags, segments, starts):
                counter = counters.get(label)
                if counter is None:
                    counter = counters[label] = FlagCounter(use_numpy)
                counter.add(piece)
                zero_holes[label] = zero_holes.get(label, 0) + outside.holes_in(first, piece)
                first += len(piece) // 8
    groups = [_group(label, counter.items(), zero_holes.get(label, 0), rules) for label, counter in counters.items()]
    by_order = {label: i for i, label in enumerate(dict.fromkeys(s.label for s in segments))}
    groups.sort(key=lambda g: by_order.get(g.name, len(by_order)))
    return Breakdown(rules.release.name, by, source.page_size, tuple(groups))


def _group(name: str, counts: dict[int, int], zero_holes: int, rules: CategoryRules) -> Group:
    """A group from its pages per flags value, ``zero_holes`` of those that read 0 being holes."""
    memory, holes = split_memory_and_holes(rules.tally(counts), zero_holes, rules.category_of(0))
    return Group(name, sum(memory.values()), memory, holes)


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


def _cgroup_breakdown(source: PageSource, top: int | None, use_numpy: bool | None, threads: int) -> Breakdown:
    from ..sources.cgroups import NO_CGROUP, cgroup_label

    names = source.cgroup_names()
    outside = unpaged(source)
    with source.read([KPAGEFLAGS, KPAGECGROUP], threads=threads) as reader:
        by_inode, zero_holes = _count_by_cgroup(reader, use_numpy, outside)
    named = {cgroup_label(inode, names): flags for inode, flags in by_inode.items()}
    # The kernel charges a frame with no page to no cgroup: every hole is among (none)'s frames.
    holes = {cgroup_label(0, names): zero_holes}
    return grouped_breakdown(
        source.release, "cgroup", named, source.page_size, top, unranked=(NO_CGROUP,), zero_holes=holes
    )


def _count_by_cgroup(
    chunks: Iterable[FrameChunk], use_numpy: bool | None, outside: Unpaged
) -> tuple[dict[int, dict[int, int]], int]:
    """Distinct flag values and their pages, per memcg inode (0 past the end of kpagecgroup),
    and the frames that are holes by their place."""
    from ..sources.counting import numpy_available

    counters: dict[int, FlagCounter] = {}
    zero_holes = 0
    vectorised = numpy_available() if use_numpy is None else use_numpy and numpy_available()
    for chunk in chunks:
        assert chunk.cgroups is not None
        zero_holes += outside.holes_in(chunk.first, chunk.flags)
        for inode, piece in _pieces_by_owner(chunk.flags, chunk.cgroups, vectorised):
            counter = counters.get(inode)
            if counter is None:
                counter = counters[inode] = FlagCounter(use_numpy)
            counter.add(piece)
    return {inode: counter.items() for inode, counter in counters.items()}, zero_holes


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


def process_breakdown(source: PageSource, *, pids: Iterable[int] | None = None, top: int | None = None) -> Breakdown:
    """Resident pages per category of each process (all the source has unless ``pids``).

    A page mapped by several processes counts in each, so groups add up to more than the
    machine. On a live machine, processes that exit during the walk, kernel threads and
    processes that cannot be read are left out.
    """
    rules = category_rules(source.release)
    if top is not None and top < 0:
        raise BadValue(f"--top must be 0 or more, not {top}")
    wanted = list(source.processes()) if pids is None else list(pids)
    counts: dict[str, dict[int, int]] = {}
    zero_holes: dict[str, int] = {}
    outside = unpaged(source)
    meter = source.progress.meter("processes", len(wanted))
    try:
        for done, (process, lookup) in enumerate(_processes_with_frames(source, wanted), 1):
            name = f"{process.pid} {process.comm}"
            flags, zero_holes[name] = flag_counts(process.present_frames(), lookup, outside)
            if flags:
                counts[name] = flags
            meter.update(done)
    finally:
        meter.close()
    return grouped_breakdown(rules.release, "process", counts, source.page_size, top, zero_holes=zero_holes)


def _processes_with_frames(source: PageSource, pids: list[int]) -> Iterator[tuple[CapturedProcess, FrameLookup]]:
    """Each readable process with a lookup of its frames: on a source with random access one
    process at a time (a machine's processes together can hold gigabytes of pagemap),
    otherwise all at once, so that their frames are found in one pass."""
    if not source.random_access:
        captured = [source.process(pid) for pid in pids]
        lookup = source.frame_lookup(captured, counts=False)
        yield from ((process, lookup) for process in captured)
        return
    lookup = source.frame_lookup(counts=False)  # fails now, not per process, without the rights to read frames
    for pid in pids:
        try:
            process = source.process(pid)
        except EnvironmentProblem:
            continue  # gone, a kernel thread with no pagemap, or another user's
        yield process, lookup


def flag_counts(frames: list[int], lookup: FrameLookup, outside: Unpaged = NO_UNPAGED) -> tuple[dict[int, int], int]:
    """Pages per kpageflags value over ``frames`` (a frame mapped twice counts twice), and how
    many of those that read 0 are holes by their place (device memory a process maps, say)."""
    found = lookup(frames)
    counts: dict[int, int] = {}
    zero_holes = 0
    for pfn in frames:
        value = found[pfn][0] if pfn in found else 0
        counts[value] = counts.get(value, 0) + 1
        if not value and outside.contains(pfn):
            zero_holes += 1
    return counts, zero_holes


def grouped_breakdown(
    kernel: str | Release,
    by: str,
    counts: dict[str, dict[int, int]],
    page_size: int,
    top: int | None = None,
    unranked: Collection[str] = (),
    zero_holes: Mapping[str, int] | None = None,
) -> Breakdown:
    """A breakdown from pages per kpageflags value of named groups, largest first by memory;
    ``top`` keeps that many and sums the rest as ``(other)``. Groups named in ``unranked`` are
    always kept and take no place among the ``top``. ``zero_holes`` gives, per group, how many of
    its frames that read 0 are holes."""
    rules = category_rules(kernel)
    holes_of = zero_holes or {}
    built = {name: _group(name, flags, holes_of.get(name, 0), rules) for name, flags in counts.items()}
    ranked = sorted(built.values(), key=lambda group: (-group.pages, group.name))
    competing = [group for group in ranked if group.name not in unranked]
    kept_names = {group.name for group in (competing if top is None else competing[:top])} | set(unranked)
    groups = [group for group in ranked if group.name in kept_names]
    rest: dict[int, int] = {}
    for name, flags in counts.items():
        if name not in kept_names:
            for value, pages in flags.items():
                rest[value] = rest.get(value, 0) + pages
    if rest:
        rest_holes = sum(holes_of.get(name, 0) for name in counts if name not in kept_names)
        groups.append(_group(OTHER, rest, rest_holes, rules))
    return Breakdown(rules.release.name, by, page_size, tuple(groups))
