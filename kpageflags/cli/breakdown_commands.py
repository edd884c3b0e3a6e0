"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UnknownRelease
from ..facts.releases import Release, coverage, parse_release
from ..output.emit import Listing
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options, choose_release

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown
    from ..facts.categories import CategoryRules
    from ..sources.snapshot import Snapshot

BREAKDOWN_SCHEMA = "kpageflags.breakdown/1"
CATEGORIES_SCHEMA = "kpageflags.categories/1"
MAX_TOP = 1_000_000


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "breakdown",
        help="pages per memory category, per node, zone, memory block or cgroup",
        description="Sorts every page frame into a memory category (free, anon, page cache, slab, ...) "
        "by the rules of spec/categories.yaml, and sums them for the whole machine or per "
        "NUMA node, zone or memory block. Reads /proc/kpageflags (root) or a saved copy.",
    )
    add_kernel_option(command)
    command.add_argument(
        "--by",
        choices=("total", "node", "zone", "block", "cgroup", "process"),
        default="total",
        help="how to group page frames (default: total); by process, a page mapped by several processes counts in each",
    )
    command.add_argument(
        "--top",
        type=arguments.count(0, MAX_TOP),
        default=None,
        metavar="N",
        help="with --by cgroup: keep the N largest cgroups, sum the rest as (other)",
    )
    command.add_argument(
        "--kpagecgroup",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="a saved copy of /proc/kpagecgroup, for --by cgroup",
    )
    command.add_argument(
        "--kpageflags",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="a saved copy of /proc/kpageflags to read instead",
    )
    command.add_argument(
        "--zoneinfo",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="a saved /proc/zoneinfo, for --by node or zone",
    )
    command.add_argument(
        "--memory-blocks",
        type=arguments.path,
        metavar="DIR",
        default=None,
        help="the sysfs memory-block directory, for --by block (default /sys/devices/system/memory)",
    )
    command.add_argument(
        "--page-size",
        type=arguments.page_size,
        default=None,
        metavar="BYTES",
        help="page size of the machine the file came from, a power of two from 1 KiB to 1 MiB "
        "(default: this machine's)",
    )
    command.add_argument(
        "--snapshot",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="analyse a snapshot (kpageflags snapshot -o FILE) instead of this machine",
    )
    add_format_options(command, "one object per group", "one row per group, a column per category")
    command.add_argument("--all", action="store_true", help="list categories with no pages too")
    command.set_defaults(run=run_breakdown)

    listing = commands.add_parser(
        "categories",
        help="the memory categories and the flags that define them",
        description="The memory categories of spec/categories.yaml in the order their rules are tried, "
        "as they apply at a release.",
    )
    add_kernel_option(listing)
    add_format_options(listing, "one object per category, in the order the rules are tried", "one row per category")
    listing.set_defaults(run=run_categories)


def run_breakdown(args: argparse.Namespace) -> Listing:
    from ..analysis.breakdown import breakdown
    from ..sources.procfs import KPAGEFLAGS
    from ..sources.topology import MEMORY_BLOCKS, ZONEINFO, read_memory_blocks, read_zoneinfo

    if args.snapshot:
        from ..sources.snapshot import Snapshot

        with Snapshot(args.snapshot) as snapshot:
            release = snapshot_release(args.kernel, snapshot.kernel)
            if args.by == "process":
                result = _captured_processes(snapshot, release, args.top)
            else:
                result = breakdown(
                    release,
                    args.by,
                    zones=snapshot.zones() if args.by in ("node", "zone") else None,
                    blocks=snapshot.memory_blocks() if args.by == "block" else None,
                    page_size=args.page_size or snapshot.page_size,
                    chunks=snapshot.chunks("kpageflags"),
                    cgroup_chunks=snapshot.chunks("kpagecgroup") if args.by == "cgroup" else None,
                    cgroup_paths=snapshot.cgroup_paths(),
                    top=args.top,
                )
    else:
        release = choose_release(args.kernel)
        zones = read_zoneinfo(args.zoneinfo or ZONEINFO) if args.by in ("node", "zone") else None
        blocks = read_memory_blocks(args.memory_blocks or MEMORY_BLOCKS, args.page_size) if args.by == "block" else None
        from ..sources.cgroups import cgroup_paths
        from ..sources.procfs import KPAGECGROUP

        result = breakdown(
            release,
            args.by,
            kpageflags=args.kpageflags or KPAGEFLAGS,
            zones=zones,
            blocks=blocks,
            page_size=args.page_size,
            kpagecgroup=args.kpagecgroup or KPAGECGROUP,
            cgroup_paths=cgroup_paths() if args.by == "cgroup" else None,
            top=args.top,
        )
    records = [
        GroupCategories(result.kernel, result.by, result.page_size, group.name, group.pages, group.categories)
        for group in result.groups
    ]
    return Listing(BREAKDOWN_SCHEMA, records, lambda rows: _breakdown_lines(rows, args.all))


class GroupCategories(NamedTuple):
    """One group of a breakdown (a node, zone, block, cgroup or process) and its pages per category."""

    kernel: str
    by: str
    page_size: int
    group: str
    pages: int
    categories: dict[str, int]


def snapshot_release(given: str | None, taken_on: str) -> Release:
    """``--kernel`` if given, else the release the snapshot was taken on."""
    if given is not None:
        return parse_release(given)
    try:
        return parse_release(taken_on)
    except UnknownRelease:
        raise UnknownRelease(
            f"the snapshot was taken on kernel {taken_on}, which is not covered "
            f"(kpageflags knows {coverage()}); give --kernel"
        ) from None


def _breakdown_lines(groups: Iterable[GroupCategories], show_empty: bool) -> Iterator[str]:
    from ..output.units import human

    rows = list(groups)
    width = max([16] + [len(group.group) for group in rows])
    yield f"{'group':<{width}} {'category':<14} {'pages':>12} {'size':>9} {'share':>7}"
    for group in rows:
        for name, pages in group.categories.items():
            if pages or show_empty:
                share = 100.0 * pages / group.pages if group.pages else 0.0
                yield (
                    f"{group.group:<{width}} {name:<14} {pages:>12} {human(pages * group.page_size):>9} {share:>6.1f}%"
                )
        yield (
            f"{group.group:<{width}} {'(all)':<14} {group.pages:>12} "
            f"{human(group.pages * group.page_size):>9} {100.0 if group.pages else 0.0:>6.1f}%"
        )
        yield ""


class CategoryRule(NamedTuple):
    """A memory category as it applies at a release: its rule, or why it is skipped there."""

    kernel: str
    category: str
    title: str
    all_set: tuple[str, ...]
    any_set: tuple[str, ...]
    none_set: tuple[str, ...]
    skipped: str | None


def run_categories(args: argparse.Namespace) -> Listing:
    from ..facts.categories import categories, category_rules

    rules = category_rules(choose_release(args.kernel))
    active = {rule.category.id for rule in rules.rules}
    records = []
    for category in categories():
        skipped = None
        if category.id not in active:
            skipped = (
                f"known bug {category.skip_when_bug}"
                if category.skip_when_bug and _has_bug(rules, category.skip_when_bug)
                else "a flag it needs is not reported"
            )
        records.append(
            CategoryRule(
                rules.release.name,
                category.id,
                category.title,
                category.all_set,
                category.any_set,
                category.none_set,
                skipped,
            )
        )
    return Listing(CATEGORIES_SCHEMA, records, _category_lines)


def _category_lines(records: Iterable[CategoryRule]) -> Iterator[str]:
    for index, record in enumerate(records):
        if index == 0:
            yield f"# memory categories at {record.kernel}, first matching rule wins"
        yield f"{record.category:<14} {record.title}"
        yield f"{'':<14} rule: {_describe(record.all_set, record.any_set, record.none_set)}"
        if record.skipped:
            yield f"{'':<14} (skipped: {record.skipped} at {record.kernel})"


def _has_bug(rules: CategoryRules, bug_id: str) -> bool:
    return any(bug.id == bug_id for bug, _ in rules.table.bugs)


def _describe(all_set: tuple[str, ...], any_set: tuple[str, ...], none_set: tuple[str, ...]) -> str:
    parts = []
    if all_set:
        parts.append(" and ".join(all_set))
    if any_set:
        parts.append("any of " + ", ".join(any_set))
    if none_set:
        parts.append("none of " + ", ".join(none_set))
    return "; ".join(parts) if parts else "every other page"


def _captured_processes(snapshot: Snapshot, release: Release, top: int | None) -> Breakdown:
    """Categories of the processes a snapshot captured, frames resolved in one pass."""
    from ..analysis.breakdown import grouped_breakdown
    from ..analysis.processmem import flag_counts, present_frames

    captured = {pid: snapshot.process(pid)[1] for pid in snapshot.processes()}
    frames = {pid: present_frames(entries) for pid, entries in captured.items()}
    table = snapshot.frames([pfn for pfns in frames.values() for pfn in pfns])
    names = snapshot.processes()
    counts = {
        f"{pid} {names[pid]}": flag_counts(pfns, lambda wanted: {p: table[p][0] for p in wanted if p in table})
        for pid, pfns in frames.items()
    }
    return grouped_breakdown(release, "process", counts, snapshot.page_size, top)
