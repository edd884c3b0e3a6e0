"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..output.emit import Listing
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options, choose_release
from .sources import add_source_options, source_from_args

if TYPE_CHECKING:
    from ..facts.categories import CategoryRules

BREAKDOWN_SCHEMA = "kpageflags.breakdown/1"
CATEGORIES_SCHEMA = "kpageflags.categories/1"
MAX_TOP = 1_000_000


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
        type=arguments.count(0, MAX_TOP),
        default=None,
        metavar="N",
        help="with --by cgroup: keep the N largest cgroups, sum the rest as (other)",
    )
    add_source_options(command, "kpagecgroup", "cgroup_names", "zoneinfo", "memory_blocks")
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

    with source_from_args(args) as source:
        result = breakdown(source, args.by, top=args.top)
    records = [
        GroupCategories(result.kernel, result.by, result.page_size, group.name, group.pages, group.categories)
        for group in result.groups
    ]
    return Listing(BREAKDOWN_SCHEMA, records, lambda rows: breakdown_lines(rows, args.all))


class GroupCategories(NamedTuple):
    """One group of a breakdown (a node, zone, block, cgroup or process) and its pages per category."""

    kernel: str
    by: str
    page_size: int
    group: str
    pages: int
    categories: dict[str, int]


def breakdown_lines(groups: Iterable[GroupCategories], show_empty: bool) -> Iterator[str]:
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
