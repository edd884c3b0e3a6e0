"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from ..errors import UnknownRelease
from ..releases import Release, coverage, parse_release
from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines

if TYPE_CHECKING:
    from ..breakdown import Breakdown
    from ..categories import CategoryRules
    from ..processmem import VmaMemory
    from ..snapshot import Snapshot

BREAKDOWN_SCHEMA = "kpageflags.breakdown/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "breakdown", help="pages per memory category, per node, zone or memory block",
        description="Sorts every page frame into a memory category (free, anon, page cache, slab, ...) "
                    "by the rules of spec/categories.yaml, and sums them for the whole machine or per "
                    "NUMA node, zone or memory block. Reads /proc/kpageflags (root) or a saved copy.")
    add_kernel_option(command)
    command.add_argument("--by", choices=("total", "node", "zone", "block", "cgroup"), default="total",
                         help="how to group page frames (default: total)")
    command.add_argument("--top", type=int, default=None, metavar="N",
                         help="with --by cgroup: keep the N largest cgroups, sum the rest as (other)")
    command.add_argument("--kpagecgroup", metavar="FILE", default=None,
                         help="a saved copy of /proc/kpagecgroup, for --by cgroup")
    command.add_argument("--kpageflags", metavar="FILE", default=None,
                         help="a saved copy of /proc/kpageflags to read instead")
    command.add_argument("--zoneinfo", metavar="FILE", default=None,
                         help="a saved /proc/zoneinfo, for --by node or zone")
    command.add_argument("--memory-blocks", metavar="DIR", default=None,
                         help="the sysfs memory-block directory, for --by block "
                              "(default /sys/devices/system/memory)")
    command.add_argument("--page-size", type=int, default=None, metavar="BYTES",
                         help="page size of the machine the file came from (default: this machine's)")
    command.add_argument("--snapshot", metavar="FILE", default=None,
                         help="analyse a snapshot (kpageflags snapshot -o FILE) instead of this machine")
    formats = command.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON Lines, one object per group")
    formats.add_argument("--csv", action="store_true", help="CSV: group, category, pages, bytes")
    command.add_argument("--all", action="store_true", help="list categories with no pages too")
    command.set_defaults(run=run_breakdown)

    listing = commands.add_parser(
        "categories", help="the memory categories and the flags that define them",
        description="The memory categories of spec/categories.yaml in the order their rules are tried, "
                    "as they apply at a release.")
    add_kernel_option(listing)
    listing.set_defaults(run=run_categories)

    metrics = commands.add_parser(
        "metrics", help="the breakdowns in Prometheus text format (node_exporter textfile collector)",
        description="Memory per category for the whole machine, per node and zone, and per memory cgroup "
                    "(the --top largest, the rest summed), as Prometheus gauges in bytes. Write it to a "
                    "file in node_exporter's textfile directory (via a temporary file and mv).")
    add_kernel_option(metrics)
    metrics.add_argument("--snapshot", metavar="FILE", default=None, help="read a snapshot instead of this machine")
    metrics.add_argument("--top", type=int, default=10, metavar="N",
                         help="cgroups to name; the rest are summed as (other) (default 10)")
    metrics.add_argument("--no-cgroups", action="store_true", help="leave out the per-cgroup family")
    metrics.set_defaults(run=run_metrics)

    process = commands.add_parser(
        "process", help="a process's memory per mapping: RSS, PSS, USS, anon, file, swap, THP",
        description="Reads /proc/PID/maps and pagemap, and the kpageflags and kpagecount of the frames "
                    "found, to count each mapping's resident, proportional and unique pages, anonymous "
                    "and file pages, swapped pages and the part in transparent huge pages (mTHP too). "
                    "Without root the kernel hides frame numbers, so only RSS, file and swap are shown.")
    process.add_argument("pid", type=int, help="the process id")
    process.add_argument("--all", action="store_true", help="list mappings with nothing resident or swapped too")
    process_formats = process.add_mutually_exclusive_group()
    process_formats.add_argument("--json", action="store_true", help="JSON Lines (schema kpageflags.process/1)")
    process_formats.add_argument("--csv", action="store_true", help="CSV, one row per mapping")
    process.set_defaults(run=run_process)

    diff = commands.add_parser(
        "diff", help="what changed between two snapshots",
        description="Pages per category in each group before and after, and the page frames that moved "
                    "from one category to another, between two snapshots of the same machine.")
    diff.add_argument("before", metavar="A", help="the earlier snapshot")
    diff.add_argument("after", metavar="B", help="the later snapshot")
    add_kernel_option(diff)
    diff.add_argument("--by", choices=("total", "node", "zone", "cgroup"), default="total",
                      help="how to group the per-category changes (default: total)")
    diff.add_argument("--top", type=int, default=None, metavar="N", help="with --by cgroup: name the N largest")
    diff.add_argument("--json", action="store_true", help="JSON Lines (schema kpageflags.diff/1)")
    diff.set_defaults(run=run_diff)

    snapshot = commands.add_parser(
        "snapshot", help="save this machine's page files and their context for later analysis",
        description="Reads /proc/kpageflags, kpagecount and kpagecgroup in one pass, with /proc/zoneinfo, "
                    "the memory blocks, the kernel config and the BTF page-flag enums, into one "
                    "compressed file that 'breakdown --snapshot FILE' analyses on any machine. Needs root.")
    snapshot.add_argument("-o", "--output", metavar="FILE", required=True, help="the snapshot file to write")
    snapshot.add_argument("--kpageflags", metavar="FILE", default=None,
                          help="read a saved copy of /proc/kpageflags instead (the other page files are "
                               "then left out unless given too)")
    snapshot.add_argument("--kpagecount", metavar="FILE", default=None)
    snapshot.add_argument("--kpagecgroup", metavar="FILE", default=None)
    snapshot.set_defaults(run=run_snapshot)


def run_breakdown(args: argparse.Namespace) -> int:
    from ..breakdown import breakdown
    from ..procfs import KPAGEFLAGS
    from ..topology import MEMORY_BLOCKS, ZONEINFO, read_memory_blocks, read_zoneinfo

    if args.snapshot:
        from ..snapshot import Snapshot

        with Snapshot(args.snapshot) as snapshot:
            release = snapshot_release(args.kernel, snapshot.kernel)
            result = breakdown(release, args.by, zones=snapshot.zones() if args.by in ("node", "zone") else None,
                               blocks=snapshot.memory_blocks() if args.by == "block" else None,
                               page_size=args.page_size or snapshot.page_size,
                               chunks=snapshot.chunks("kpageflags"),
                               cgroup_chunks=snapshot.chunks("kpagecgroup") if args.by == "cgroup" else None,
                               cgroup_paths=snapshot.cgroup_paths(), top=args.top)
    else:
        release = choose_release(args.kernel)
        zones = read_zoneinfo(args.zoneinfo or ZONEINFO) if args.by in ("node", "zone") else None
        blocks = read_memory_blocks(args.memory_blocks or MEMORY_BLOCKS, args.page_size) \
            if args.by == "block" else None
        from ..cgroups import cgroup_paths
        from ..procfs import KPAGECGROUP

        result = breakdown(release, args.by, kpageflags=args.kpageflags or KPAGEFLAGS, zones=zones,
                           blocks=blocks, page_size=args.page_size, kpagecgroup=args.kpagecgroup or KPAGECGROUP,
                           cgroup_paths=cgroup_paths() if args.by == "cgroup" else None, top=args.top)
    if args.json:
        print_json_lines({
            "schema": BREAKDOWN_SCHEMA, "kernel": result.kernel, "by": result.by,
            "page_size": result.page_size, "group": group.name, "pages": group.pages,
            "categories": group.categories,
        } for group in result.groups)
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["group", "category", "pages", "bytes"])
        for group in result.groups:
            for name, pages in group.categories.items():
                if pages or args.all:
                    writer.writerow([group.name, name, pages, pages * result.page_size])
    else:
        sys.stdout.write(_table(result, args.all))
    return 0


def snapshot_release(given: Optional[str], taken_on: str) -> Release:
    """``--kernel`` if given, else the release the snapshot was taken on."""
    if given is not None:
        return parse_release(given)
    try:
        return parse_release(taken_on)
    except UnknownRelease:
        raise UnknownRelease(f"the snapshot was taken on kernel {taken_on}, which is not covered "
                             f"(kpageflags knows {coverage()}); give --kernel") from None


def _table(result: Breakdown, show_empty: bool) -> str:
    from ..pagetypes.summary import human

    width = max([16] + [len(group.name) for group in result.groups])
    lines: List[str] = [f"{'group':<{width}} {'category':<14} {'pages':>12} {'size':>9} {'share':>7}"]
    for group in result.groups:
        for name, pages in group.categories.items():
            if pages or show_empty:
                share = 100.0 * pages / group.pages if group.pages else 0.0
                lines.append(f"{group.name:<{width}} {name:<14} {pages:>12} {human(pages * result.page_size):>9} "
                             f"{share:>6.1f}%")
        lines.append(f"{group.name:<{width}} {'(all)':<14} {group.pages:>12} "
                     f"{human(group.pages * result.page_size):>9} {100.0 if group.pages else 0.0:>6.1f}%")
        lines.append("")
    return "\n".join(lines)


def run_categories(args: argparse.Namespace) -> int:
    from ..categories import categories, category_rules

    rules = category_rules(choose_release(args.kernel))
    print(f"# memory categories at {rules.release.name}, first matching rule wins")
    active = {rule.category.id: rule for rule in rules.rules}
    for category in categories():
        rule = active.get(category.id)
        print(f"{category.id:<14} {category.title}")
        print(f"{'':<14} rule: {_describe(category.all_set, category.any_set, category.none_set)}")
        if rule is None:
            why = f"skipped: known bug {category.skip_when_bug}" if category.skip_when_bug and \
                _has_bug(rules, category.skip_when_bug) else "skipped: a flag it needs is not reported"
            print(f"{'':<14} ({why} at {rules.release.name})")
    return 0


def _has_bug(rules: CategoryRules, bug_id: str) -> bool:
    return any(bug.id == bug_id for bug, _ in rules.table.bugs)


def _describe(all_set: Tuple[str, ...], any_set: Tuple[str, ...], none_set: Tuple[str, ...]) -> str:
    parts = []
    if all_set:
        parts.append(" and ".join(all_set))
    if any_set:
        parts.append("any of " + ", ".join(any_set))
    if none_set:
        parts.append("none of " + ", ".join(none_set))
    return "; ".join(parts) if parts else "every other page"


def run_snapshot(args: argparse.Namespace) -> int:
    from ..snapshot import PAGE_FILES, take_snapshot

    given = {name: getattr(args, name) for name in PAGE_FILES if getattr(args, name)}
    sources = given if given else None
    if sources is not None and "kpageflags" not in sources:
        sources["kpageflags"] = PAGE_FILES["kpageflags"]
    manifest = take_snapshot(args.output, sources=sources)
    size = os.path.getsize(args.output)
    files = ", ".join(f"{name} {info['entries']} entries" for name, info in manifest["files"].items())
    print(f"{args.output}: {size / 1e6:.1f} MB; {files}; read in {manifest['read_seconds']} s")
    for name, why in manifest["missing"].items():
        print(f"  not captured: {name}: {why}", file=sys.stderr)
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    from ..breakdown import breakdown
    from ..metrics import render

    if args.snapshot:
        from ..snapshot import Snapshot

        with Snapshot(args.snapshot) as snapshot:
            release = snapshot_release(args.kernel, snapshot.kernel)
            size = snapshot.page_size
            total = breakdown(release, "total", page_size=size, chunks=snapshot.chunks("kpageflags"))
            zones = breakdown(release, "zone", zones=snapshot.zones(), page_size=size,
                              chunks=snapshot.chunks("kpageflags"))
            cgroups = None if args.no_cgroups or not snapshot.has("kpagecgroup") else breakdown(
                release, "cgroup", page_size=size, chunks=snapshot.chunks("kpageflags"),
                cgroup_chunks=snapshot.chunks("kpagecgroup"), cgroup_paths=snapshot.cgroup_paths(), top=args.top)
    else:
        from ..cgroups import cgroup_paths
        from ..topology import read_zoneinfo

        release = choose_release(args.kernel)
        total = breakdown(release, "total")
        zones = breakdown(release, "zone", zones=read_zoneinfo())
        cgroups = None if args.no_cgroups else breakdown(release, "cgroup", cgroup_paths=cgroup_paths(),
                                                         top=args.top)
    sys.stdout.write(render(zones=zones, cgroups=cgroups, total=total))
    return 0


DIFF_SCHEMA = "kpageflags.diff/1"


def _snapshot_breakdown(snapshot: Snapshot, release: Release, by: str, top: Optional[int]) -> Breakdown:
    from ..breakdown import breakdown

    return breakdown(release, by, zones=snapshot.zones() if by in ("node", "zone") else None,
                     page_size=snapshot.page_size, chunks=snapshot.chunks("kpageflags"),
                     cgroup_chunks=snapshot.chunks("kpagecgroup") if by == "cgroup" else None,
                     cgroup_paths=snapshot.cgroup_paths(), top=top)


def run_diff(args: argparse.Namespace) -> int:
    from ..categories import category_rules
    from ..diff import compare, moves
    from ..pagetypes.summary import human
    from ..snapshot import Snapshot, SnapshotError

    with Snapshot(args.before) as before, Snapshot(args.after) as after:
        if before.entries("kpageflags") != after.entries("kpageflags"):
            raise SnapshotError(f"{args.before} has {before.entries('kpageflags')} page frames and {args.after} "
                                f"{after.entries('kpageflags')}: not snapshots of the same machine's memory")
        release_before = snapshot_release(args.kernel, before.kernel)
        release_after = snapshot_release(args.kernel, after.kernel)
        changes = compare(_snapshot_breakdown(before, release_before, args.by, args.top),
                          _snapshot_breakdown(after, release_after, args.by, args.top))
        moved = moves(category_rules(release_before), category_rules(release_after),
                      before.chunks("kpageflags"), after.chunks("kpageflags"))
        page_size = after.page_size
        taken = (before.manifest.get("taken"), after.manifest.get("taken"))
    if args.json:
        print_json_lines([{"schema": DIFF_SCHEMA, "kind": "group", "group": c.group, "category": c.category,
                           "before": c.before, "after": c.after, "change": c.change} for c in changes]
                         + [{"schema": DIFF_SCHEMA, "kind": "move", "from": old, "to": new, "pages": pages}
                            for (old, new), pages in moved.items() if old != new])
        return 0
    width = max([16] + [len(c.group) for c in changes])
    print(f"# {args.before} ({taken[0]}) -> {args.after} ({taken[1]})")
    print(f"{'group':<{width}} {'category':<14} {'before':>12} {'after':>12} {'change':>12} {'size':>9}")
    for c in changes:
        sign = "-" if c.change < 0 else "+"
        print(f"{c.group:<{width}} {c.category:<14} {c.before:>12} {c.after:>12} {c.change:>+12} "
              f"{sign + human(abs(c.change) * page_size):>9}")
    print("")
    print("# page frames that changed category")
    print(f"{'from':<14} {'to':<14} {'pages':>12} {'size':>9}")
    for (old, new), pages in sorted(moved.items(), key=lambda item: -item[1]):
        if old != new:
            print(f"{old:<14} {new:<14} {pages:>12} {human(pages * page_size):>9}")
    return 0


PROCESS_SCHEMA = "kpageflags.process/1"
PROCESS_COLUMNS = ("start", "end", "perms", "rss", "pss", "uss", "anon", "file", "swapped", "thp", "hugetlb", "path")


def run_process(args: argparse.Namespace) -> int:
    from ..errors import KpageflagsError
    from ..processmem import process_memory

    page = os.sysconf("SC_PAGE_SIZE")
    try:
        rows = process_memory(args.pid)
    except FileNotFoundError:
        raise KpageflagsError(f"no process {args.pid} (it does not exist, or exited)") from None
    except ProcessLookupError:
        raise KpageflagsError(f"process {args.pid} exited while it was read") from None
    shown = [r for r in rows if args.all or r.rss or r.swapped]

    def record(r: VmaMemory) -> Dict[str, object]:
        return {"start": f"{r.vma.start:#x}", "end": f"{r.vma.end:#x}", "perms": r.vma.perms, "rss": r.rss,
                "pss": None if r.pss is None else round(r.pss, 2), "uss": r.uss, "anon": r.anon, "file": r.file,
                "swapped": r.swapped, "thp": r.thp, "hugetlb": r.hugetlb, "path": r.vma.path}

    if args.json:
        print_json_lines({"schema": PROCESS_SCHEMA, "pid": args.pid, "page_size": page, **record(r)} for r in shown)
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(PROCESS_COLUMNS)
        for r in shown:
            values = record(r)
            writer.writerow(["" if values[c] is None else values[c] for c in PROCESS_COLUMNS])
        return 0
    from ..pagetypes.summary import human

    def size(pages: Optional[float]) -> str:
        return "-" if pages is None else human(int(pages * page))

    print(f"{'start':>14} {'perms':<5} {'rss':>8} {'pss':>8} {'uss':>8} {'anon':>8} {'file':>8} {'swap':>8} "
          f"{'thp':>5}  path")
    for r in shown:
        share = "-" if r.thp_share is None else f"{100 * r.thp_share:.0f}%"
        print(f"{r.vma.start:>14x} {r.vma.perms:<5} {size(r.rss):>8} {size(r.pss):>8} {size(r.uss):>8} "
              f"{size(r.anon):>8} {size(r.file):>8} {size(r.swapped):>8} {share:>5}  {r.vma.path}")
    known = all(r.pss is not None for r in rows)
    totals = [sum(r.rss for r in rows), sum(r.pss or 0 for r in rows) if known else None,
              sum(r.uss or 0 for r in rows) if known else None, sum(r.anon or 0 for r in rows) if known else None,
              sum(r.file for r in rows), sum(r.swapped for r in rows)]
    print(f"{'total':>14} {'':<5} " + " ".join(f"{size(t):>8}" for t in totals))
    if not known:
        print("kpageflags: frame numbers are hidden without CAP_SYS_ADMIN: pss, uss, anon and thp need root",
              file=sys.stderr)
    return 0
