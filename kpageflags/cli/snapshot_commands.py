"""``kpageflags snapshot``, ``diff`` and ``metrics``: memory captured, compared and exported."""

from __future__ import annotations

import argparse
import os
import sys

from .decode_commands import add_kernel_option
from .output import print_json_lines
from .sources import add_saved_file_options, add_source_options, files_from_args, source_from_args

DIFF_SCHEMA = "kpageflags.diff/1"


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
        metavar="FILE",
        required=True,
        help="the snapshot file to write (mode 0600; '-', standard output, is refused: it would lose that)",
    )
    add_kernel_option(snapshot)
    add_saved_file_options(snapshot)
    snapshot.add_argument(
        "-p",
        "--pid",
        type=int,
        action="append",
        default=[],
        metavar="PID",
        help="also capture this process's maps and pagemap, for 'process --snapshot' (repeat for more); "
        "a process that cannot be read is an error and nothing is written",
    )
    snapshot.set_defaults(run=run_snapshot)

    diff = commands.add_parser(
        "diff",
        help="what changed between two snapshots",
        description="Pages per category in each group before and after, and the page frames that moved "
        "from one category to another, between two snapshots of the same machine.",
    )
    diff.add_argument("before", metavar="A", help="the earlier snapshot")
    diff.add_argument("after", metavar="B", help="the later snapshot")
    add_kernel_option(diff)
    diff.add_argument(
        "--by",
        choices=("total", "node", "zone", "cgroup"),
        default="total",
        help="how to group the per-category changes (default: total)",
    )
    diff.add_argument("--top", type=int, default=None, metavar="N", help="with --by cgroup: name the N largest")
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
    add_source_options(metrics, "kpagecgroup", "cgroup_names", "zoneinfo")
    metrics.add_argument(
        "--top", type=int, default=10, metavar="N", help="cgroups to name; the rest are summed as (other) (default 10)"
    )
    metrics.add_argument("--no-cgroups", action="store_true", help="leave out the per-cgroup family")
    metrics.set_defaults(run=run_metrics)


def run_snapshot(args: argparse.Namespace) -> int:
    from ..sources.snapshot_writer import take_snapshot

    manifest = take_snapshot(args.output, files_from_args(args), pids=args.pid)
    size = os.path.getsize(args.output)
    files = ", ".join(f"{name} {info['entries']} entries" for name, info in manifest["files"].items())
    print(f"{args.output}: {size / 1e6:.1f} MB; {files}; read in {manifest['read_seconds']} s")
    for name, why in manifest["missing"].items():
        print(f"  not captured: {name}: {why}", file=sys.stderr)
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    from ..analysis.metrics import metrics

    with source_from_args(args) as source:
        sys.stdout.write(metrics(source, top=args.top, cgroups=not args.no_cgroups))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from ..analysis.diff import diff
    from ..output.units import human
    from ..sources.snapshot import Snapshot

    with Snapshot(args.before, kernel=args.kernel) as before, Snapshot(args.after, kernel=args.kernel) as after:
        changes, moved = diff(before, after, args.by, top=args.top)
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
