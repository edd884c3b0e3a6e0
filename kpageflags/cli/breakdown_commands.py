"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines
from .sources import add_source_options, source_from_args

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown
    from ..facts.categories import CategoryRules

BREAKDOWN_SCHEMA = "kpageflags.breakdown/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "breakdown",
        help="pages per memory category, per node, zone, memory block or cgroup",
        description="Sorts every page frame into a memory category (free, anon, page cache, slab, ...) "
        "by the rules of spec/categories.yaml, and sums them for the whole machine or per "
        "NUMA node, zone, memory block, memory cgroup or process. Reads this machine (root), "
        "a snapshot, or saved copies of its files.",
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
        type=int,
        default=None,
        metavar="N",
        help="with --by cgroup: keep the N largest cgroups, sum the rest as (other)",
    )
    add_source_options(command, "kpagecgroup", "cgroup_names", "zoneinfo", "memory_blocks")
    formats = command.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON Lines, one object per group")
    formats.add_argument("--csv", action="store_true", help="CSV: group, category, pages, bytes")
    command.add_argument("--all", action="store_true", help="list categories with no pages too")
    command.set_defaults(run=run_breakdown)

    listing = commands.add_parser(
        "categories",
        help="the memory categories and the flags that define them",
        description="The memory categories of spec/categories.yaml in the order their rules are tried, "
        "as they apply at a release.",
    )
    add_kernel_option(listing)
    listing.set_defaults(run=run_categories)


def run_breakdown(args: argparse.Namespace) -> int:
    from ..analysis.breakdown import breakdown

    with source_from_args(args) as source:
        result = breakdown(source, args.by, top=args.top)
    if args.json:
        print_json_lines(
            {
                "schema": BREAKDOWN_SCHEMA,
                "kernel": result.kernel,
                "by": result.by,
                "page_size": result.page_size,
                "group": group.name,
                "pages": group.pages,
                "categories": group.categories,
            }
            for group in result.groups
        )
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


def _table(result: Breakdown, show_empty: bool) -> str:
    from ..output.units import human

    width = max([16] + [len(group.name) for group in result.groups])
    lines: list[str] = [f"{'group':<{width}} {'category':<14} {'pages':>12} {'size':>9} {'share':>7}"]
    for group in result.groups:
        for name, pages in group.categories.items():
            if pages or show_empty:
                share = 100.0 * pages / group.pages if group.pages else 0.0
                lines.append(
                    f"{group.name:<{width}} {name:<14} {pages:>12} {human(pages * result.page_size):>9} {share:>6.1f}%"
                )
        lines.append(
            f"{group.name:<{width}} {'(all)':<14} {group.pages:>12} "
            f"{human(group.pages * result.page_size):>9} {100.0 if group.pages else 0.0:>6.1f}%"
        )
        lines.append("")
    return "\n".join(lines)


def run_categories(args: argparse.Namespace) -> int:
    from ..facts.categories import categories, category_rules

    rules = category_rules(choose_release(args.kernel))
    print(f"# memory categories at {rules.release.name}, first matching rule wins")
    active = {rule.category.id: rule for rule in rules.rules}
    for category in categories():
        rule = active.get(category.id)
        print(f"{category.id:<14} {category.title}")
        print(f"{'':<14} rule: {_describe(category.all_set, category.any_set, category.none_set)}")
        if rule is None:
            why = (
                f"skipped: known bug {category.skip_when_bug}"
                if category.skip_when_bug and _has_bug(rules, category.skip_when_bug)
                else "skipped: a flag it needs is not reported"
            )
            print(f"{'':<14} ({why} at {rules.release.name})")
    return 0


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
