"""``kpageflags breakdown`` and ``kpageflags categories``: what the memory is, and where."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UsageError
from ..output.emit import Listing
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options, choose_release
from .sources import add_source_options, source_from_args

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown
    from ..analysis.categoryseries import CategorySample
    from ..facts.categories import CategoryRules

BREAKDOWN_SCHEMA = "kpageflags.breakdown/2"
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
        help="with --by cgroup or process: keep the N largest, sum the rest as (other); 0 sums them all there "
        "(default: keep every one)",
    )
    add_source_options(command, "kpagecgroup", "cgroup_names", "zoneinfo", "memory_blocks")
    add_format_options(command, "one object per group", "one row per group, a column per category")
    command.add_argument("--all", action="store_true", help="list categories with no pages too")
    sampling = command.add_argument_group(
        "sampling", "the whole machine's categories over time, for kpageflags plot categories"
    )
    arguments.add_sampling_options(sampling, "a category-sample/1 time series", " (default: stdout)")
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


def run_breakdown(args: argparse.Namespace) -> Listing | int:
    from ..analysis.breakdown import breakdown

    sampling = [option for option, value in (("--count", args.count), ("-o", args.output)) if value is not None]
    if args.interval is None and sampling:
        raise UsageError(f"{sampling[0]} goes with --interval")
    if args.interval is not None:
        return _sample(args)
    with source_from_args(args) as source:
        result = breakdown(source, args.by, top=args.top)
    return Listing(BREAKDOWN_SCHEMA, group_records(result), lambda rows: breakdown_lines(rows, args.all))


def _sample(args: argparse.Namespace) -> int:
    """Writes the time series and returns 0: each sample is a fresh read of the machine (or of
    the saved files, which something may be replacing), in the rules of its release."""
    import itertools

    from ..analysis.breakdown import breakdown
    from ..analysis.categoryseries import SeriesWriter, sample_rows
    from ..slab.sampling import take_samples
    from .slab_commands import _series_is_json_lines, _series_output

    if args.snapshot:
        raise UsageError("--interval samples this machine or saved files over time; a snapshot is one moment")
    if args.by != "total" or args.top is not None or args.all:
        raise UsageError("--interval samples the whole machine's categories; it takes no --by, --top or --all")

    def sample(index: int, when: datetime) -> list[CategorySample]:
        with source_from_args(args) as source:
            return sample_rows(breakdown(source, "total"), index, when)

    json_lines = _series_is_json_lines(args.output, args.format)
    samples = take_samples(sample, args.interval, args.count)
    # The first sample is taken before the file is created, so a machine that cannot be read
    # (no root) leaves no file behind.
    first = next(samples)
    with _series_output(args.output) as handle:
        writer = SeriesWriter(handle, json_lines)
        for rows in itertools.chain([first], samples):
            writer.write(rows)
    return 0


class GroupCategories(NamedTuple):
    """One group of a breakdown (a node, zone, block, cgroup or process): its pages of memory,
    those pages per memory category, and its frames that are holes (no page, not memory)."""

    kernel: str
    by: str
    page_size: int
    group: str
    pages: int
    categories: dict[str, int]
    holes: int


def group_records(result: Breakdown) -> list[GroupCategories]:
    return [
        GroupCategories(result.kernel, result.by, result.page_size, g.name, g.pages, g.categories, g.holes)
        for g in result.groups
    ]


def breakdown_lines(groups: Iterable[GroupCategories], show_empty: bool) -> Iterator[str]:
    """A line per category of each group with its share of the group's memory, the group's
    memory as ``(all)``, and its holes apart as ``(holes)``: frames with no page, in no share."""
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
        if group.holes or show_empty:
            yield f"{group.group:<{width}} {'(holes)':<14} {group.holes:>12} {human(group.holes * group.page_size):>9}"
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
