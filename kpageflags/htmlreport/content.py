"""The figures of a report, gathered from one page source by the analysis modules.

A section the source cannot give (a snapshot without processes, saved files without zones, a
machine whose slab caches cannot be read) holds the reason as text instead of its figures, so
the page says what is missing and why rather than leaving a gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from ..analysis.breakdown import Breakdown, Group, breakdown, process_breakdown
from ..analysis.freeblocks import FreeMemory, free_memory
from ..analysis.memmap import MemoryMap, data_time, memory_map
from ..errors import KpageflagsError
from ..facts.history import bugs_at
from ..output.times import utc_second
from ..slab.tree import read_tree
from ..sources.source import KPAGECGROUP
from ..sources.topology import Zone

if TYPE_CHECKING:
    from ..facts.kconfig import KernelConfig
    from ..facts.model import KnownBug
    from ..slab.figures import CacheFigures
    from ..slab.tree import SlabTree
    from ..sources.source import PageSource

TOP = 10
"""Processes, cgroups and slab caches listed by name; the other processes and cgroups are summed
as (other), and the total of all caches is given."""
MAP_CELLS = 1 << 20
"""A 1024 x 1024 map: as fine as a page shows it, and a few hundred kilobytes in the file."""

T = TypeVar("T")
Missing = str
"""Why a section has no figures, in a sentence."""


class SlabCaches(NamedTuple):
    """The largest slab caches by memory, and where the tree came from."""

    where: str
    caches: tuple[CacheFigures, ...]
    total_caches: int
    total_bytes: int


class Report(NamedTuple):
    """Everything a report shows, each section's figures or why it has none."""

    source: str
    kernel: str
    recorded_kernel: str
    data_time: str
    made: str
    page_size: int
    zones: tuple[Zone, ...] | Missing
    config: KernelConfig | Missing
    by_zone: Breakdown | Missing
    by_node: Breakdown | Missing
    total: Breakdown
    memory_map: MemoryMap
    free: FreeMemory | Missing
    processes: Breakdown | Missing
    cgroups: Breakdown | Missing
    slab: SlabCaches | Missing
    bugs: tuple[KnownBug, ...]
    missing: dict[str, str]
    read_per_section: bool = False
    """Whether each section read the frames anew (this machine, whose pages change meanwhile)."""

    def total_pages(self) -> int:
        """Pages of memory: frames with a page behind them."""
        return sum(group.pages for group in self.total.groups)

    def total_holes(self) -> int:
        """Frames with no page behind them, as the map draws them."""
        return self.total.holes()


def gather(source: PageSource, *, slab_tree: str | None = None, top: int = TOP) -> Report:
    """The figures of a report of ``source``. Slab caches come from a snapshot's record of them,
    from ``slab_tree`` (a copy of /sys/kernel/slab) or, on this machine, from the live tree."""
    release = source.release
    # A tree given by name and wrong is bad input, refused before the frames are read.
    given_slab = largest_caches(read_tree(slab_tree, source.page_size), top) if slab_tree else None
    taken = data_time(source)
    zones = _section(lambda: tuple(source.zones()))
    by_zone = breakdown(source, "zone") if not isinstance(zones, str) else zones
    total = regroup(by_zone, "total", lambda _: "total") if not isinstance(by_zone, str) else breakdown(source)
    return Report(
        source=source.label,
        kernel=release.name,
        recorded_kernel=source.kernel_text(),
        data_time=taken,
        made=utc_second(time.time()),
        page_size=source.page_size,
        zones=zones,
        config=_section(source.config),
        by_zone=by_zone,
        by_node=regroup(by_zone, "node", node_of) if not isinstance(by_zone, str) else by_zone,
        total=total,
        memory_map=memory_map(source, _map_cell(source)),
        free=_section(lambda: free_memory(source)),
        processes=_processes(source, top),
        cgroups=_cgroups(source, top),
        slab=given_slab if given_slab is not None else _section(lambda: _slab(source, top)),
        bugs=bugs_at(release),
        missing=source.missing(),
        read_per_section=_is_live(source),
    )


def _is_live(source: PageSource) -> bool:
    from ..sources.files import LiveSource

    return isinstance(source, LiveSource)


def _section(compute: Callable[[], T]) -> T | Missing:
    try:
        return compute()
    except KpageflagsError as error:
        return str(error)


def node_of(zone_label: str) -> str:
    """``node0`` of ``node0/Normal``; a label of no zone (``outside``) stays as it is."""
    return zone_label.split("/", 1)[0]


def regroup(by_zone: Breakdown, by: str, group_of: Callable[[str], str]) -> Breakdown:
    """A breakdown by zone summed into larger groups (nodes, or the whole machine), in the
    order the groups first appear: one read of the frames gives all three tables."""
    merged: dict[str, dict[str, int]] = {}
    pages: dict[str, int] = {}
    holes: dict[str, int] = {}
    for group in by_zone.groups:
        name = group_of(group.name)
        pages[name] = pages.get(name, 0) + group.pages
        holes[name] = holes.get(name, 0) + group.holes
        sums = merged.setdefault(name, dict.fromkeys(group.categories, 0))
        for category, count in group.categories.items():
            sums[category] = sums.get(category, 0) + count
    groups = tuple(Group(name, pages[name], categories, holes[name]) for name, categories in merged.items())
    return Breakdown(by_zone.kernel, by, by_zone.page_size, groups)


def _map_cell(source: PageSource) -> int | str:
    """Pages per cell that keep the map within ``MAP_CELLS``; a power of two, so cells align
    with pageblocks."""
    frames = source.frame_total()
    if frames is None:
        return "auto"
    pages = 1
    while -(-frames // pages) > MAP_CELLS:
        pages *= 2
    return pages


def _processes(source: PageSource, top: int) -> Breakdown | Missing:
    try:
        found = source.processes()
    except KpageflagsError as error:
        return str(error)
    if not found:
        return f"{source.label} holds no processes (a snapshot holds those named with -p PID)"
    return _section(lambda: process_breakdown(source, top=top))


def _cgroups(source: PageSource, top: int) -> Breakdown | Missing:
    if not source.has(KPAGECGROUP):
        return str(source.describe_part(KPAGECGROUP).missing)
    return _section(lambda: breakdown(source, "cgroup", top=top))


def _slab(source: PageSource, top: int) -> SlabCaches:
    from ..errors import MissingPart
    from ..slab.tree import read_tree, snapshot_tree
    from ..sources.files import LiveSource, SavedFiles
    from ..sources.snapshot import Snapshot

    if isinstance(source, Snapshot):
        return largest_caches(snapshot_tree(source.path), top)
    if isinstance(source, LiveSource):
        return largest_caches(read_tree(), top)
    kind = "saved files" if isinstance(source, SavedFiles) else source.label
    raise MissingPart(f"{kind} hold no slab caches; give a copy of /sys/kernel/slab with --slab-tree")


def largest_caches(tree: SlabTree, top: int) -> SlabCaches:
    from ..slab.figures import all_figures

    rows = sorted(all_figures(tree), key=lambda row: (-(row.memory_bytes or 0), row.name))
    return SlabCaches(tree.where, tuple(rows[:top]), len(rows), sum(row.memory_bytes or 0 for row in rows))
