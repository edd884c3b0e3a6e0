"""``kpageflags snapshot``, ``diff`` and ``metrics``: memory captured, compared and exported."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from . import arguments
from .breakdown_commands import MAX_TOP, snapshot_release
from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown
    from ..facts.releases import Release
    from ..sources.snapshot import Snapshot

DIFF_SCHEMA = "kpageflags.diff/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    snapshot = commands.add_parser(
        "snapshot",
        help="save this machine's page files and their context for later analysis",
        description="Reads /proc/kpageflags, kpagecount and kpagecgroup in one pass, with /proc/zoneinfo, "
        "the memory blocks, the kernel config and the BTF page-flag enums, into one "
        "compressed file that breakdown, free-blocks, metrics, diff and page-types analyse with --snapshot "
        "on any machine, without root. Taking one needs root.",
    )
    snapshot.add_argument(
        "-o", "--output", type=arguments.path, metavar="FILE", required=True, help="the snapshot file to write"
    )
    snapshot.add_argument(
        "--kpageflags",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="read a saved copy of /proc/kpageflags instead (the other page files are then left out unless given too)",
    )
    snapshot.add_argument("--kpagecount", type=arguments.path, metavar="FILE", default=None)
    snapshot.add_argument("--kpagecgroup", type=arguments.path, metavar="FILE", default=None)
    snapshot.add_argument(
        "-p",
        "--pid",
        type=arguments.pid,
        action="append",
        default=[],
        metavar="PID",
        help="also capture this process's maps and pagemap, for 'process --snapshot' (repeat for more)",
    )
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
    formats = diff.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON Lines (schema kpageflags.diff/1)")
    formats.add_argument(
        "--csv", action="store_true", help="CSV: kind, group or from, category or to, before, after, change"
    )
    diff.set_defaults(run=run_diff)

    metrics = commands.add_parser(
        "metrics",
        help="the breakdowns in Prometheus text format (node_exporter textfile collector)",
        description="Memory per category for the whole machine, per node and zone, and per memory cgroup "
        "(the --top largest, the rest summed), as Prometheus gauges in bytes. Write it to a "
        "file in node_exporter's textfile directory (via a temporary file and mv).",
    )
    add_kernel_option(metrics)
    metrics.add_argument(
        "--snapshot", type=arguments.path, metavar="FILE", default=None, help="read a snapshot instead of this machine"
    )
    metrics.add_argument(
        "--top",
        type=arguments.count(0, MAX_TOP),
        default=10,
        metavar="N",
        help="cgroups to name; the rest are summed as (other) (default 10)",
    )
    metrics.add_argument("--no-cgroups", action="store_true", help="leave out the per-cgroup family")
    metrics.set_defaults(run=run_metrics)


def run_snapshot(args: argparse.Namespace) -> int:
    from ..sources.snapshot import PAGE_FILES, take_snapshot

    given = {name: getattr(args, name) for name in PAGE_FILES if getattr(args, name)}
    sources = given if given else None
    if sources is not None and "kpageflags" not in sources:
        sources["kpageflags"] = PAGE_FILES["kpageflags"]
    manifest = take_snapshot(args.output, sources=sources, pids=args.pid)
    size = os.path.getsize(args.output)
    files = ", ".join(f"{name} {info['entries']} entries" for name, info in manifest["files"].items())
    print(f"{args.output}: {size / 1e6:.1f} MB; {files}; read in {manifest['read_seconds']} s")
    for name, why in manifest["missing"].items():
        print(f"  not captured: {name}: {why}", file=sys.stderr)
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    from ..analysis.breakdown import breakdown
    from ..analysis.metrics import render

    if args.snapshot:
        from ..sources.snapshot import Snapshot

        with Snapshot(args.snapshot) as snapshot:
            release = snapshot_release(args.kernel, snapshot.kernel)
            size = snapshot.page_size
            zones = breakdown(
                release, "zone", zones=snapshot.zones(), page_size=size, chunks=snapshot.chunks("kpageflags")
            )
            cgroups = (
                None
                if args.no_cgroups or not snapshot.has("kpagecgroup")
                else breakdown(
                    release,
                    "cgroup",
                    page_size=size,
                    chunks=snapshot.chunks("kpageflags"),
                    cgroup_chunks=snapshot.chunks("kpagecgroup"),
                    cgroup_paths=snapshot.cgroup_paths(),
                    top=args.top,
                )
            )
    else:
        from ..sources.cgroups import cgroup_paths
        from ..sources.topology import read_zoneinfo

        release = choose_release(args.kernel)
        zones = breakdown(release, "zone", zones=read_zoneinfo())
        cgroups = None if args.no_cgroups else breakdown(release, "cgroup", cgroup_paths=cgroup_paths(), top=args.top)
    sys.stdout.write(render(zones, cgroups))
    return 0


def _snapshot_breakdown(snapshot: Snapshot, release: Release, by: str, top: int | None) -> Breakdown:
    from ..analysis.breakdown import breakdown

    return breakdown(
        release,
        by,
        zones=snapshot.zones() if by in ("node", "zone") else None,
        page_size=snapshot.page_size,
        chunks=snapshot.chunks("kpageflags"),
        cgroup_chunks=snapshot.chunks("kpagecgroup") if by == "cgroup" else None,
        cgroup_paths=snapshot.cgroup_paths(),
        top=top,
    )


def run_diff(args: argparse.Namespace) -> int:
    from ..analysis.diff import compare, moves
    from ..errors import SnapshotError
    from ..facts.categories import category_rules
    from ..output.units import human
    from ..sources.snapshot import Snapshot

    with Snapshot(args.before) as before, Snapshot(args.after) as after:
        if before.entries("kpageflags") != after.entries("kpageflags"):
            raise SnapshotError(
                f"{args.before} has {before.entries('kpageflags')} page frames and {args.after} "
                f"{after.entries('kpageflags')}: not snapshots of the same machine's memory"
            )
        release_before = snapshot_release(args.kernel, before.kernel)
        release_after = snapshot_release(args.kernel, after.kernel)
        changes = compare(
            _snapshot_breakdown(before, release_before, args.by, args.top),
            _snapshot_breakdown(after, release_after, args.by, args.top),
        )
        moved = moves(
            category_rules(release_before),
            category_rules(release_after),
            before.chunks("kpageflags"),
            after.chunks("kpageflags"),
        )
        page_size = after.page_size
        taken = (before.manifest.get("taken"), after.manifest.get("taken"))
    if args.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["kind", "group_or_from", "category_or_to", "before", "after", "change"])
        for c in changes:
            writer.writerow(["group", c.group, c.category, c.before, c.after, c.change])
        for (old, new), pages in moved.items():
            if old != new:
                writer.writerow(["move", old, new, "", "", pages])
        return 0
    if args.json:
        print_json_lines(
            [
                {
                    "schema": DIFF_SCHEMA,
                    "kind": "group",
                    "group": c.group,
                    "category": c.category,
                    "before": c.before,
                    "after": c.after,
                    "change": c.change,
                }
                for c in changes
            ]
            + [
                {"schema": DIFF_SCHEMA, "kind": "move", "from": old, "to": new, "pages": pages}
                for (old, new), pages in moved.items()
                if old != new
            ]
        )
        return 0
    width = max([16] + [len(c.group) for c in changes])
    print(f"# {args.before} ({taken[0]}) -> {args.after} ({taken[1]})")
    print(f"{'group':<{width}} {'category':<14} {'before':>12} {'after':>12} {'change':>12} {'size':>9}")
    for c in changes:
        sign = "-" if c.change < 0 else "+"
        print(
            f"{c.group:<{width}} {c.category:<14} {c.before:>12} {c.after:>12} {c.change:>+12} "
            f"{sign + human(abs(c.change) * page_size):>9}"
        )
    print("")
    print("# page frames that changed category")
    print(f"{'from':<14} {'to':<14} {'pages':>12} {'size':>9}")
    for (old, new), pages in sorted(moved.items(), key=lambda item: -item[1]):
        if old != new:
            print(f"{old:<14} {new:<14} {pages:>12} {human(pages * page_size):>9}")
    return 0
