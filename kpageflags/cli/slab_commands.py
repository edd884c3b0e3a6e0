"""``kpageflags slab`` (every SLUB cache with its figures, reconciled, or sampled over time) and
``kpageflags slab-diff`` (the caches that grew between two moments)."""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ..errors import BadValue, UsageError
from ..output.emit import FORMATS, Listing
from ..output.private import check_writable, private_text
from ..sources.slabfiles import LIVE_SLAB_TREE
from . import arguments
from .output import add_format_options

if TYPE_CHECKING:
    from ..slab.figures import CacheFigures, CacheNode
    from ..slab.growth import Growth
    from ..slab.reconcile import Figure
    from ..slab.tree import SlabTree
    from .snapshot_commands import SlabGrowth

SLAB_SCHEMA = "kpageflags.slab/1"
RECONCILE_SCHEMA = "kpageflags.slab-reconcile/1"
GROWTH_SCHEMA = "kpageflags.slab-diff/1"
NODE_SCHEMA = "kpageflags.slab-node/1"
SORT_KEYS = {
    "memory": lambda row: (*_largest_first(row.memory_bytes), row.name),
    "loss": lambda row: (*_largest_first(row.loss_bytes), row.name),
    "objects": lambda row: (*_largest_first(row.objects), row.name),
    # By the percentages the table shows, not the counts behind them.
    "partial": lambda row: (*_largest_first(row.partial_percent), row.name),
    "free": lambda row: (*_largest_first(row.free_percent), row.name),
    "name": lambda row: (row.name.lower(), row.name),
}
ONE_DECIMAL = "{:.1f}".format


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    slab = commands.add_parser(
        "slab",
        help="SLUB caches: every attribute, memory, loss and fragmentation, per node; reconciled; sampled",
        description="Lists the SLUB caches of /sys/kernel/slab (or a copy, or a snapshot) with every "
        "attribute, per NUMA node, their aliases, memory, wasted bytes (loss) and partial-slab "
        "fragmentation. --reconcile sets the total beside /proc/slabinfo, /proc/meminfo and the slab "
        "pages of /proc/kpageflags; --interval samples the caches to a time series.",
    )
    slab.add_argument(
        "pattern", nargs="?", metavar="REGEX", help="only caches whose name or alias matches (case-insensitive)"
    )
    where = slab.add_mutually_exclusive_group()
    where.add_argument("--sysfs", type=arguments.path, metavar="DIR", help="a copy of /sys/kernel/slab to read")
    where.add_argument(
        "--snapshot", type=arguments.path, metavar="FILE", help="a snapshot (kpageflags snapshot) to read"
    )
    slab.add_argument(
        "--page-size",
        type=arguments.page_size,
        metavar="BYTES",
        help="page size of the machine a --sysfs copy came from",
    )
    slab.add_argument(
        "--sort",
        choices=sorted(SORT_KEYS),
        help="order of the caches, largest first: memory, loss (bytes not holding objects), objects, "
        "partial (partial%%: partial slabs of all slabs), free (free%%: free object slots of all); "
        "or name (default: memory)",
    )
    slab.add_argument("--top", type=arguments.count(1, 1 << 31), metavar="N", help="only the first N caches")
    slab.add_argument(
        "--reconcile", action="store_true", help="slab memory from sysfs, slabinfo, meminfo and kpageflags"
    )
    slab.add_argument(
        "--per-node",
        action="store_true",
        help="one row per cache and NUMA node: its objects, slabs, partial slabs and memory on that node",
    )
    arguments.add_sampling_options(slab, "a slab-sample/1 time series", "")
    group = slab.add_mutually_exclusive_group()
    group.add_argument("--format", choices=(*FORMATS, "jsonl"), default="text", help="how to print (jsonl is json)")
    group.add_argument("--json", dest="format", action="store_const", const="json", help="one object per cache")
    group.add_argument("--csv", dest="format", action="store_const", const="csv", help="one row per cache")
    slab.set_defaults(run=run_slab)

    diff = commands.add_parser(
        "slab-diff",
        help="the slab caches that grew between two samples, time series, snapshots or tree copies",
        description="Compares the slab caches at two moments: A and B may each be a time series "
        "(kpageflags slab --interval; its last sample), a snapshot or a copy of /sys/kernel/slab; "
        "a single time series compares its first and last samples.",
    )
    diff.add_argument("inputs", nargs="+", metavar="INPUT", type=arguments.path, help="A [B]")
    diff.add_argument("--page-size", type=arguments.page_size, metavar="BYTES", help="page size for tree copies")
    diff.add_argument("--all", action="store_true", help="also the caches that shrank")
    diff.add_argument("--top", type=arguments.count(1, 1 << 31), metavar="N", help="only the first N caches")
    add_format_options(diff, "one object per cache", "one row per cache")
    diff.set_defaults(run=run_slab_diff)


def _largest_first(value: float | None) -> tuple[bool, float]:
    """A sort key putting larger values first and unknown ones (None) last."""
    return value is None, -(value or 0)


def run_slab(args: argparse.Namespace) -> Listing | int:
    if args.format == "jsonl":
        args.format = "json"
    sampling = [option for option, value in (("--count", args.count), ("-o", args.output)) if value is not None]
    if args.interval is None and sampling:
        raise UsageError(f"{sampling[0]} goes with --interval")
    if args.page_size and not args.sysfs:
        raise UsageError("--page-size goes with --sysfs: this machine's and a snapshot's page sizes are known")
    if args.per_node and (args.interval is not None or args.reconcile):
        other = "--interval" if args.interval is not None else "--reconcile"
        raise UsageError(f"--per-node is a view of the caches; it does not go with {other}")
    if args.interval is not None:
        return _sample(args)
    tree = _tree(args)
    if args.reconcile:
        ignored = [
            option for option, value in (("REGEX", args.pattern), ("--top", args.top), ("--sort", args.sort)) if value
        ]
        if ignored:
            raise UsageError(f"--reconcile sums every cache; it takes no {ignored[0]}")
        return _reconcile(args, tree)
    rows = _chosen(tree, args)
    if args.per_node:
        from ..slab.figures import per_node

        return Listing(NODE_SCHEMA, per_node(rows), _node_lines)
    return Listing(SLAB_SCHEMA, rows, _slab_lines)


def _tree(args: argparse.Namespace) -> SlabTree:
    from ..output.notes import note_once
    from ..slab.tree import read_tree, snapshot_tree

    tree = snapshot_tree(args.snapshot) if args.snapshot else read_tree(args.sysfs or LIVE_SLAB_TREE, args.page_size)
    for text in tree.notes:
        note_once(text)
    return tree


def _chosen(tree: SlabTree, args: argparse.Namespace) -> list[CacheFigures]:
    from ..slab.figures import all_figures

    rows = all_figures(tree)
    if args.pattern is not None:
        try:
            matcher = re.compile(args.pattern, re.IGNORECASE)
        except re.error as error:
            raise BadValue(f"REGEX {args.pattern[:60]!r}: {error}") from None
        rows = [row for row in rows if any(matcher.search(name) for name in (row.name, *row.aliases))]
    rows.sort(key=SORT_KEYS[args.sort or "memory"])
    return rows[: args.top] if args.top else rows


def _slab_lines(records: Iterable[CacheFigures]) -> Iterator[str]:
    from ..output.units import human

    yield f"{'cache':<28} {'objects':>9} {'size':>6} {'memory':>9} {'loss':>9} {'partial%':>8} {'free%':>6}  aliases"
    notes = []
    for row in records:
        aliases = " ".join(row.aliases)
        yield (
            f"{row.name:<28} {_shown(row.objects):>9} {_shown(row.object_size):>6} "
            f"{_shown(row.memory_bytes, human):>9} {_shown(row.loss_bytes, human):>9} "
            f"{_shown(row.partial_percent, ONE_DECIMAL):>8} {_shown(row.free_percent, ONE_DECIMAL):>6}  {aliases}"
        ).rstrip()
        if len(row.nodes) > 1:
            for node in row.nodes:
                yield f"  node {node.node:<21} {node.objects:>9} {'':>6} {_shown(node.memory_bytes, human):>9}"
        notes += [f"{row.name}: {note}" for note in row.notes]
    yield from notes


def _signed_size(value: int) -> str:
    from ..output.units import human

    return ("+" if value >= 0 else "-") + human(abs(value))


def _node_lines(records: Iterable[CacheNode]) -> Iterator[str]:
    from ..output.units import human

    yield f"{'cache':<28} {'node':>4} {'objects':>9} {'slabs':>7} {'partial':>7} {'memory':>9}"
    for row in records:
        yield (
            f"{row.cache:<28} {_shown(row.node):>4} {_shown(row.objects):>9} {_shown(row.slabs):>7} "
            f"{_shown(row.partial):>7} {_shown(row.memory_bytes, human):>9}"
        )


def _shown(value: float | None, form: Callable[[Any], str] = str) -> str:
    """A figure as text, blank when it is unknown (the cache's notes say why)."""
    return "" if value is None else form(value)


def _reconcile(args: argparse.Namespace, tree: SlabTree) -> Listing:
    from ..slab.figures import all_figures
    from ..slab.reconcile import proc_figures, reconcile

    if args.sysfs:
        raise UsageError("--reconcile needs this machine or a snapshot: a --sysfs copy has no /proc files beside it")
    from ..output.progress import Progress
    from ..sources.files import LiveSource
    from ..sources.snapshot import Snapshot

    source = Snapshot(args.snapshot) if args.snapshot else LiveSource(progress=Progress(sys.stderr))
    with source:
        slabinfo, meminfo, pages = proc_figures(source)
    figures = reconcile(all_figures(tree), tree.page_size, slabinfo, meminfo, pages)
    return Listing(RECONCILE_SCHEMA, figures, _reconcile_lines)


def _reconcile_lines(records: Iterable[Figure]) -> Iterator[str]:
    for record in records:
        shown = "-" if record.bytes is None else f"{record.bytes:,}"
        yield f"{record.figure:<36} {record.source:<18} {shown:>16}  {record.meaning}"


def _sample(args: argparse.Namespace) -> int:
    """Writes the time series and returns 0; nothing is printed but the rows."""
    from ..output.notes import note_once
    from ..slab.sampling import Sampler, SampleWriter, take_samples

    if args.snapshot or args.reconcile or args.pattern or args.top:
        raise UsageError(
            "--interval samples every cache of a live tree (or --sysfs DIR); it takes no other view's options"
        )
    json_lines = _series_is_json_lines(args.output, args.format)
    sampler = Sampler(args.sysfs or LIVE_SLAB_TREE, args.page_size)
    samples = take_samples(sampler.sample, args.interval, args.count)
    # The first sample is taken before the file is created, so a tree that cannot be read (no
    # root, or not a slab tree) leaves no file behind.
    first = next(samples)
    if not first:
        raise BadValue(f"{sampler.root}: no cache directory; not a copy of /sys/kernel/slab")
    with _series_output(args.output) as handle:
        writer = SampleWriter(handle, json_lines)
        for rows in itertools.chain([first], samples):
            writer.write(rows)
            for text in sampler.take_notes():
                note_once(text)
    return 0


JSON_LINES_SUFFIXES = (".jsonl", ".json")
CSV_SUFFIXES = (".csv",)


def _series_is_json_lines(path: str | None, format: str) -> bool:
    """Whether the series is JSON Lines: a file's suffix decides (.jsonl or .json, or .csv), so
    its name never lies about its content; another suffix, or a format option that says
    otherwise, is refused before the first sample is taken."""
    if path is None or path == "-":
        return format == "json"
    by_suffix = path.lower().endswith(JSON_LINES_SUFFIXES)
    if not by_suffix and not path.lower().endswith(CSV_SUFFIXES):
        suffix = os.path.splitext(path)[1] or "a file with no suffix"
        raise UsageError(f"{path}: a time series is written as .csv, .jsonl or .json (or - for stdout), not {suffix}")
    check_writable(path)
    if format != "text" and (format == "json") != by_suffix:
        written = "JSON Lines" if by_suffix else "CSV"
        raise UsageError(f"{path}: its suffix makes the series {written}, not {format}; drop the option")
    return by_suffix


def _series_output(path: str | None) -> IO[str]:
    """The series file, created private (slab attributes are root's to read), or stdout."""
    if path is None or path == "-":
        return open(sys.stdout.fileno(), "w", closefd=False)
    return private_text(path)


def run_slab_diff(args: argparse.Namespace) -> Listing:
    from ..slab.growth import growth, moments

    before, after = moments(args.inputs, args.page_size)
    rows = [row for row in growth(before, after) if args.all or row.grew]
    rows = rows[: args.top] if args.top else rows
    return Listing(GROWTH_SCHEMA, rows, lambda records: _growth_lines(records, before.label, after.label, args.all))


def _growth_lines(records: Iterable[Growth], before: str, after: str, shrank_too: bool) -> Iterator[str]:
    yield f"from {before}"
    yield f"to   {after}"
    rows = list(records)
    yield from growth_table(rows)
    if not rows:
        yield "no cache changed" if shrank_too else "no cache grew"


def growth_table(records: Iterable[Growth | SlabGrowth]) -> Iterator[str]:
    """The caches' memory and objects after, and their growth: a heading, a line per cache."""
    from ..output.units import human

    yield f"{'cache':<28} {'memory':>9} {'growth':>9} {'objects':>10} {'growth':>9}"
    for row in records:
        yield (
            f"{row.cache:<28} {_shown(row.memory_after, human):>9} {_shown(row.memory_growth, _signed_size):>9} "
            f"{_shown(row.objects_after):>10} {_shown(row.objects_growth, '{:+}'.format):>9}"
        ).rstrip()
