"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from typing import TYPE_CHECKING, List, Optional, Tuple

from ..errors import UnknownRelease
from ..releases import Release, coverage, parse_release
from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines

if TYPE_CHECKING:
    from ..breakdown import Breakdown
    from ..categories import CategoryRules

BREAKDOWN_SCHEMA = "kpageflags.breakdown/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "breakdown", help="pages per memory category, per node, zone or memory block",
        description="Sorts every page frame into a memory category (free, anon, page cache, slab, ...) "
                    "by the rules of spec/categories.yaml, and sums them for the whole machine or per "
                    "NUMA node, zone or memory block. Reads /proc/kpageflags (root) or a saved copy.")
    add_kernel_option(command)
    command.add_argument("--by", choices=("total", "node", "zone", "block"), default="total",
                         help="how to group page frames (default: total)")
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
                               chunks=snapshot.chunks("kpageflags"))
    else:
        release = choose_release(args.kernel)
        zones = read_zoneinfo(args.zoneinfo or ZONEINFO) if args.by in ("node", "zone") else None
        blocks = read_memory_blocks(args.memory_blocks or MEMORY_BLOCKS, args.page_size) \
            if args.by == "block" else None
        result = breakdown(release, args.by, kpageflags=args.kpageflags or KPAGEFLAGS, zones=zones,
                           blocks=blocks, page_size=args.page_size)
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

    lines: List[str] = [f"{'group':<16} {'category':<14} {'pages':>12} {'size':>9} {'share':>7}"]
    for group in result.groups:
        for name, pages in group.categories.items():
            if pages or show_empty:
                share = 100.0 * pages / group.pages if group.pages else 0.0
                lines.append(f"{group.name:<16} {name:<14} {pages:>12} {human(pages * result.page_size):>9} "
                             f"{share:>6.1f}%")
        lines.append(f"{group.name:<16} {'(all)':<14} {group.pages:>12} "
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
