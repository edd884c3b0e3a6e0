"""``kpageflags snapshot``, ``diff`` and ``metrics``: memory captured, compared and exported."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..output.emit import Listing
from . import arguments
from .breakdown_commands import MAX_TOP
from .decode_commands import add_kernel_option
from .output import add_format_options, announce
from .sources import add_saved_file_options, add_source_options, files_from_args, source_from_args

DIFF_SCHEMA = "kpageflags.diff/1"
SNAPSHOT_SCHEMA = "kpageflags.snapshot-taken/1"
METRICS_SCHEMA = "kpageflags.metrics/1"

if TYPE_CHECKING:
    from ..analysis.metrics import MetricSample


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    snapshot = commands.add_parser(
        "snapshot",
        help="save this machine's page files and their context for later analysis",
        description="Reads /proc/kpageflags, kpagecount and kpagecgroup in one pass, with /proc/zoneinfo, "
        "the memory blocks, the kernel config and the BTF page-flag enums, into one "
        "compressed file that breakdown, free-blocks, metrics, diff and page-types analyse with --snapshot "
        "on any machine, without root. Taking one needs root. The file holds the page frame numbers "
        "the kernel hides from users without CAP_SYS_ADMIN, so it is created readable by its owner "
        "only (mode 0600); share it knowingly. It is written whole or not at all.",
    )
    snapshot.add_argument(
        "-o",
        "--output",
        type=arguments.path,
        metavar="FILE",
        required=True,
        help="the snapshot file to write (mode 0600; '-', standard output, is refused: it would lose that)",
    )
    add_kernel_option(snapshot)
    add_saved_file_options(snapshot)
    snapshot.add_argument(
        "-p",
        "--pid",
        type=arguments.pid,
        action="append",
        default=[],
        metavar="PID",
        help="also capture this process's maps and pagemap, for 'process --snapshot' (repeat for more); "
        "a process that cannot be read is an error and nothing is written",
    )
    add_format_options(snapshot, "one object: the file, its size and what it holds")
    snapshot.set_defaults(run=run_snapshot)

    diff = commands.add_parser(
        "diff",
        help="what changed between two snapshots",
        description="Pages per category in each group before and after, and the page frames that moved "
        "from one category to another, between two snapshots of the same machine.",
    )
    diff.add_argument("before", type=arguments.path, metavar="A", help="the earlier snapshot")
    diff.add_argument("after", type=arguments.path, metavar="B", help="the later snapshot")
    add_kernel_option(diff)
    diff.add_argument(
        "--by",
        choices=("total", "node", "zone", "cgroup"),
        default="total",
        help="how to group the per-category changes (default: total)",
    )
    diff.add_argument(
        "--top",
        type=arguments.count(0, MAX_TOP),
        default=None,
        metavar="N",
        help="with --by cgroup: name the N largest",
    )
    add_format_options(diff, "one object per group and category, then one per move", "one row per change or move")
    diff.set_defaults(run=run_diff)

    metrics = commands.add_parser(
        "metrics",
        help="the breakdowns in Prometheus text format (node_exporter textfile collector)",
        description="Memory per category for the whole machine, per node and zone, and per memory cgroup "
        "(the --top largest, the rest summed), as Prometheus gauges in bytes. Write it to a "
        "file in node_exporter's textfile directory (via a temporary file and mv).",
    )
    add_kernel_option(metrics)
    add_source_options(metrics, "kpagecgroup", "cgroup_names", "zoneinfo")
    metrics.add_argument(
        "--top",
        type=arguments.count(0, MAX_TOP),
        default=10,
        metavar="N",
        help="cgroups to name; the rest are summed as (other) (default 10)",
    )
    metrics.add_argument("--no-cgroups", action="store_true", help="leave out the per-cgroup family")
    metrics.add_argument(
        "--slab-top",
        type=arguments.count(0, MAX_TOP),
        default=10,
        metavar="N",
        help="slab caches to name, by memory; the rest are summed as (other) (default 10)",
    )
    metrics.add_argument("--no-slab", action="store_true", help="leave out the per-slab-cache families")
    add_format_options(metrics, "one object per series", "one row per series")
    metrics.set_defaults(run=run_metrics)


class SnapshotTaken(NamedTuple):
    """What a snapshot holds: its size, each page file's entries, and what could not be captured."""

    path: str
    bytes: int
    files: dict[str, int]
    read_seconds: float
    missing: dict[str, str]


def run_snapshot(args: argparse.Namespace) -> Listing:
    from ..sources.snapshot_writer import take_snapshot

    manifest = take_snapshot(args.output, files_from_args(args), pids=args.pid)
    taken = SnapshotTaken(
        args.output,
        os.path.getsize(args.output),
        {name: info["entries"] for name, info in manifest["files"].items()},
        manifest["read_seconds"],
        dict(manifest["missing"]),
    )
    return Listing(SNAPSHOT_SCHEMA, [taken], _snapshot_lines)


def _snapshot_lines(records: Iterable[SnapshotTaken]) -> Iterator[str]:
    for taken in records:
        files = ", ".join(f"{name} {entries} entries" for name, entries in taken.files.items())
        yield f"{taken.path}: {taken.bytes / 1e6:.1f} MB; {files}; read in {taken.read_seconds} s"
        for name, why in taken.missing.items():
            print(f"  not captured: {name}: {why}", file=sys.stderr)


def run_metrics(args: argparse.Namespace) -> Listing:
    from ..analysis.metrics import exposition, metrics

    with source_from_args(args) as source:
        series = metrics(source, top=args.top, cgroups=not args.no_cgroups)
    if not args.no_slab:
        series += _slab_series(args)
    return Listing(METRICS_SCHEMA, series, exposition)


def _slab_series(args: argparse.Namespace) -> list[MetricSample]:
    """The slab families of this machine or the snapshot. Like the cgroup family without
    kpagecgroup, they are left out quietly where the input holds no slab caches (saved page
    files, a snapshot without them); a live tree that cannot be read is noted, not fatal."""
    from ..errors import KpageflagsError, MissingPart
    from ..output.notes import note_once
    from ..slab.figures import all_figures
    from ..slab.metrics import slab_samples
    from ..slab.tree import read_tree, snapshot_tree

    if getattr(args, "kpageflags", None):
        return []
    try:
        tree = snapshot_tree(args.snapshot) if args.snapshot else read_tree()
    except MissingPart:
        return []
    except KpageflagsError as error:
        note_once(f"no slab cache metrics: {error}")
        return []
    return slab_samples(all_figures(tree), args.slab_top)


def run_diff(args: argparse.Namespace) -> Listing:
    from ..analysis.diff import diff
    from ..sources.snapshot import Snapshot

    with Snapshot(args.before, kernel=args.kernel) as before, Snapshot(args.after, kernel=args.kernel) as after:
        before.when_release_chosen(announce)
        after.when_release_chosen(announce)
        changes, moved = diff(before, after, args.by, top=args.top)
        page_size = after.page_size
        taken = (before.manifest.get("taken"), after.manifest.get("taken"))
        both_have_slab = before.has("slab") and after.has("slab")
    records: list[CategoryChange | CategoryMove | SlabGrowth] = [
        CategoryChange("group", c.group, c.category, c.before, c.after, c.change) for c in changes
    ]
    records += [
        CategoryMove("move", old, new, pages)
        for (old, new), pages in sorted(moved.items(), key=lambda item: -item[1])
        if old != new
    ]
    if both_have_slab:
        from ..slab.growth import snapshots_growth

        records += [SlabGrowth("slab", *row) for row in snapshots_growth(args.before, args.after)]
    return Listing(DIFF_SCHEMA, records, lambda rows: _diff_lines(rows, args.before, args.after, taken, page_size))


class CategoryChange(NamedTuple):
    """A group's pages in one category, before and after."""

    kind: Literal["group"]
    group: str
    category: str
    before: int
    after: int
    change: int


class CategoryMove(NamedTuple):
    """Page frames that were in category ``from_`` before and in ``to`` after."""

    kind: Literal["move"]
    from_: str
    to: str
    pages: int

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "from": self.from_, "to": self.to, "pages": self.pages}


class SlabGrowth(NamedTuple):
    """A slab cache that grew between the snapshots, as ``kpageflags slab-diff`` gives it."""

    kind: Literal["slab"]
    cache: str
    memory_before: int | None
    memory_after: int | None
    memory_growth: int | None
    objects_before: int | None
    objects_after: int | None
    objects_growth: int | None
    loss_growth: int | None


def _diff_lines(
    records: Iterable[CategoryChange | CategoryMove | SlabGrowth],
    before: str,
    after: str,
    taken: tuple[object, object],
    page_size: int,
) -> Iterator[str]:
    from ..output.units import human

    rows = list(records)
    changes = [r for r in rows if isinstance(r, CategoryChange)]
    width = max([16] + [len(c.group) for c in changes])
    yield f"# {before} ({taken[0]}) -> {after} ({taken[1]})"
    yield f"{'group':<{width}} {'category':<14} {'before':>12} {'after':>12} {'change':>12} {'size':>9}"
    for c in changes:
        sign = "-" if c.change < 0 else "+"
        yield (
            f"{c.group:<{width}} {c.category:<14} {c.before:>12} {c.after:>12} {c.change:>+12} "
            f"{sign + human(abs(c.change) * page_size):>9}"
        )
    yield ""
    yield "# page frames that changed category"
    yield f"{'from':<14} {'to':<14} {'pages':>12} {'size':>9}"
    for move in rows:
        if isinstance(move, CategoryMove):
            yield f"{move.from_:<14} {move.to:<14} {move.pages:>12} {human(move.pages * page_size):>9}"
    grown = [row for row in rows if isinstance(row, SlabGrowth)]
    if grown:
        from .slab_commands import growth_table

        yield ""
        yield "# slab caches that grew (kpageflags slab-diff A B)"
        yield from growth_table(grown)
