"""``kpageflags plot``: charts of memory composition, of what moved between two snapshots, of
page categories and slab caches over time. Each prints the numbers it draws as a table too,
and still prints them where matplotlib, which draws, is not installed."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BadValue, NotAvailable
from ..output.emit import Listing
from ..output.private import check_writable
from . import arguments
from .breakdown_commands import BREAKDOWN_SCHEMA, MAX_TOP, GroupCategories, breakdown_lines, group_records
from .decode_commands import add_kernel_option
from .output import add_format_options, announce
from .sources import add_source_options, source_from_args

if TYPE_CHECKING:
    from ..plotting import Chart, Style

MOVES_SCHEMA = "kpageflags.plot-diff/1"
HISTORY_SCHEMA = "kpageflags.plot-categories/1"
SLAB_POINTS_SCHEMA = "kpageflags.plot-slab/1"

KINDS = ("memory", "stacked", "loss")
_SIZE = re.compile(r"([0-9]{1,9}),([0-9]{1,9})")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    plot = commands.add_parser(
        "plot",
        help="draw charts as PNG or SVG (needs the plot extra: pip install 'kpageflags[plot]')",
        description="Draws charts with matplotlib, the optional plot extra.",
    )
    charts = plot.add_subparsers(dest="chart", metavar="CHART", parser_class=type(plot))
    charts.required = True
    slab = charts.add_parser(
        "slab",
        help="slab caches over time, from 'kpageflags slabinfo --interval S --count N -o FILE'",
        description="Draws a slab-sample/1 time series (CSV or JSON Lines): the largest caches in the "
        "last sample, each on its own, and the rest summed as 'other'. --kind memory: each one's "
        "memory over time; stacked: the same stacked, so the top edge is all slab memory; loss: "
        "the bytes each wastes (the largest by loss).",
    )
    slab.add_argument("file", metavar="FILE", type=arguments.path, help="a slab-sample/1 time series")
    slab.add_argument(
        "-o", "--output", required=True, type=arguments.path, metavar="CHART", help="the picture: a .png or .svg file"
    )
    slab.add_argument("--kind", choices=KINDS, default="memory", help="what to draw (default: memory)")
    slab.add_argument(
        "--top", type=arguments.count(1, 50), default=8, metavar="N", help="caches drawn on their own (default: 8)"
    )
    slab.add_argument("--size", type=_size, default=(1500, 700), metavar="W,H", help="pixels (default: 1500,700)")
    slab.add_argument(
        "--release",
        metavar="REL",
        help="the kernel release the samples came from, for the caption (default: the one the series records)",
    )
    add_format_options(slab, "one object per series drawn per sample", "one row per series drawn per sample")
    slab.set_defaults(run=run_plot_slab)
    _register_composition(charts)
    _register_diff(charts)
    _register_categories(charts)


def _add_picture_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=arguments.path,
        metavar="CHART",
        help="the picture: a .png or .svg file (without it, only the table is printed)",
    )
    parser.add_argument("--size", type=_size, default=(1500, 700), metavar="W,H", help="pixels (default: 1500,700)")


def _register_composition(charts: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    composition = charts.add_parser(
        "composition",
        help="memory per category as stacked bars, per node, zone, cgroup or process",
        description="Draws what memory is made of (kpageflags breakdown) as a bar per group, stacked by "
        "memory category, and prints the same numbers as a table. Reads this machine (root), a "
        "snapshot, or saved copies of its files.",
    )
    add_kernel_option(composition)
    composition.add_argument(
        "--by",
        choices=("total", "node", "zone", "block", "cgroup", "process"),
        default="node",
        help="a bar per what (default: node); by process, a page several processes map counts in each",
    )
    composition.add_argument(
        "--top",
        type=arguments.count(0, MAX_TOP),
        default=None,
        metavar="N",
        help="with --by cgroup or process: a bar for each of the N largest and one, (other), for the rest; "
        "0 draws the rest only, every cgroup or process summed in one bar (default: a bar for each)",
    )
    add_source_options(composition, "kpagecgroup", "cgroup_names", "zoneinfo", "memory_blocks")
    _add_picture_options(composition)
    add_format_options(composition, "one object per group", "one row per group, a column per category")
    composition.set_defaults(run=run_plot_composition)


def _register_diff(charts: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    diff = charts.add_parser(
        "diff",
        help="what moved where between two snapshots, as diverging bars",
        description="Draws, for each memory category that changed between two snapshots of the same "
        "machine, the page frames it gained (up, coloured by the category they came from) and lost "
        "(down, coloured by where they went), and prints the same moves as a table.",
    )
    diff.add_argument("before", type=arguments.path, metavar="A", help="the earlier snapshot")
    diff.add_argument("after", type=arguments.path, metavar="B", help="the later snapshot")
    add_kernel_option(diff)
    _add_picture_options(diff)
    add_format_options(diff, "one object per move", "one row per move")
    diff.set_defaults(run=run_plot_diff)


def _size(text: str) -> tuple[int, int]:
    match = _SIZE.fullmatch(text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r}: expected W,H in pixels")
    return int(match.group(1)), int(match.group(2))


def run_plot_slab(args: argparse.Namespace) -> Listing:
    from ..plotting import check_size, picture_format

    check_size(args.size)
    picture_format(args.output)
    check_writable(args.output)
    chart = slab_chart(args.file, args.kind, args.top, args.size, args.release)
    status = _drawn(chart, args.output)
    labels = [series.label for series in chart.series]
    records = [
        SlabPoint(f"{when:%Y-%m-%dT%H:%M:%S.%f}Z", series.label, int(series.values[index]))
        for index, when in enumerate(chart.x)
        if isinstance(when, datetime)
        for series in chart.series
    ]

    def lines(rows: Iterable[SlabPoint]) -> Iterator[str]:
        yield from _time_table(((row.time[:19] + "Z", row.cache, row.bytes) for row in rows), labels)
        yield ""
        yield from _wrote(args.output, status, chart.caption)

    return Listing(SLAB_POINTS_SCHEMA, records, lines, exit_code=status)


class SlabPoint(NamedTuple):
    """A drawn series' bytes (memory, or loss with --kind loss) at one sample's time."""

    time: str
    cache: str
    bytes: int


def _release_named(recorded: str | None) -> str | None:
    """The release a recorded ``uname -r`` names, as every other caption says it (6.18.44 for
    6.18.44-fc-v1272); text that names no release is shown as it was recorded."""
    from ..errors import InputError
    from ..facts.releases import parse_release

    if recorded is None:
        return None
    try:
        return parse_release(recorded).name
    except InputError:
        return recorded


def slab_chart(path: str, kind: str, top: int, size: tuple[int, int], release: str | None) -> Chart:
    """The ``kind`` chart of a slab-sample/1 series: the ``top`` caches, each in the colour it
    has in every kind of chart of the same series (``cache_styles``), and the rest in grey."""
    from ..facts.releases import parse_release
    from ..plotting import BYTES, Axis, Chart, Layout, Series, caption
    from ..slab.samplefile import OTHER, history, recorded_release

    found = history(path, "loss" if kind == "loss" else "memory", top)
    if len(found.times) < 2:
        # One sample is a point in time: matplotlib would draw no line and a time axis of years.
        raise BadValue(f"{path}: one sample only: a chart over time needs two or more")
    styles = cache_styles(path, top)
    series = [Series(cache, values, style=styles[cache]) for cache, values in found.caches]
    if found.other is not None:
        series.append(Series(OTHER, found.other, remainder=True))
    what = "wasted in slabs" if kind == "loss" else "memory"
    return Chart(
        layout=Layout.STACKED_AREAS if kind == "stacked" else Layout.LINES,
        x=found.times,
        series=series,
        x_axis=Axis("time", unit="UTC"),
        y_axis=Axis(what, unit=BYTES),
        caption=caption(
            parse_release(release).name if release else _release_named(recorded_release(path)), _period(found.times)
        ),
        title=f"slab caches: {what}, the {len(found.caches)} largest in the last sample"
        + (" and the rest" if found.other is not None else ""),
        size=size,
    )


def cache_styles(path: str, top: int) -> dict[str, Style]:
    """A style per cache any kind of chart of the series names: the largest by memory first,
    then the largest by loss, so a cache keeps its colour from one kind to the next."""
    from ..plotting import named_styles
    from ..slab.samplefile import history

    by_memory, by_loss = (history(path, measure, top).caches for measure in ("memory", "loss"))
    return named_styles([cache for cache, _ in by_memory] + [cache for cache, _ in by_loss])


def _period(times: list[datetime]) -> str:
    first, last = times[0], times[-1]
    return f"{first:%Y-%m-%d %H:%M:%S}Z" + (f" to {last:%Y-%m-%d %H:%M:%S}Z" if last != first else "")


def _drawn(chart: Chart, output: str | None) -> int:
    """The exit status of drawing ``chart`` to ``output`` (nothing to draw without -o). Without
    matplotlib one line names the extra and the status says so; the table prints all the same."""
    from ..plotting import save
    from .main import PROG

    if output is None:
        return 0
    try:
        save(chart, output)
    except NotAvailable as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


def _wrote(output: str | None, status: int, caption_line: str) -> Iterator[str]:
    if output is not None and status == 0:
        yield f"wrote {output}"
    yield caption_line


def _register_categories(charts: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    categories = charts.add_parser(
        "categories",
        help="memory categories over time, from 'kpageflags breakdown --interval S --count N -o FILE'",
        description="Draws a category-sample/1 time series (CSV or JSON Lines) as stacked areas, each "
        "memory category in its own colour, so the top edge is all the memory counted; prints the "
        "same numbers as a table.",
    )
    categories.add_argument("file", metavar="FILE", type=arguments.path, help="a category-sample/1 time series")
    _add_picture_options(categories)
    add_format_options(categories, "one object per category per sample", "one row per category per sample")
    categories.set_defaults(run=run_plot_categories)


def run_plot_categories(args: argparse.Namespace) -> Listing:
    from ..analysis.categoryseries import read_history
    from ..plotting import category_history_chart, check_size, picture_format

    check_size(args.size)
    if args.output is not None:
        picture_format(args.output)
        check_writable(args.output)
    found = read_history(args.file)
    if len(found.times) < 2:
        raise BadValue(f"{args.file}: one sample only: a chart over time needs two or more")
    chart = category_history_chart(found.times, found.pages, found.page_size, found.release, args.size)
    status = _drawn(chart, args.output)
    drawn = [series.label for series in chart.series]
    records = [
        CategoryAt(f"{when:%Y-%m-%dT%H:%M:%S}Z", name, int(found.pages[name][index]), found.page_size)
        for index, when in enumerate(found.times)
        for name in drawn
    ]

    def lines(rows: Iterable[CategoryAt]) -> Iterator[str]:
        yield from _time_table(((row.time, row.category, row.pages * row.page_size) for row in rows), drawn)
        yield ""
        yield from _wrote(args.output, status, chart.caption)

    return Listing(HISTORY_SCHEMA, records, lines, exit_code=status)


class CategoryAt(NamedTuple):
    """A category's pages at one sample's time, as the chart draws it."""

    time: str
    category: str
    pages: int
    page_size: int


def _time_table(points: Iterable[tuple[str, str, int]], labels: list[str]) -> Iterator[str]:
    """A line per time, a column per series: the (time, series, bytes) points a chart draws."""
    from itertools import groupby

    from ..output.units import human

    width = max([10] + [len(label) for label in labels])
    yield f"{'time (UTC)':<20} " + " ".join(f"{label:>{width}}" for label in labels)
    for when, sample in groupby(points, key=lambda point: point[0]):
        sizes = {label: human(size) for _, label, size in sample}
        yield f"{when:<20} " + " ".join(f"{sizes.get(label, ''):>{width}}" for label in labels)


def run_plot_composition(args: argparse.Namespace) -> Listing:
    from ..analysis.breakdown import breakdown
    from ..analysis.memmap import data_time
    from ..plotting import check_size, composition_chart, picture_format

    check_size(args.size)
    if args.output is not None:
        picture_format(args.output)
        check_writable(args.output)
    with source_from_args(args) as source:
        result = breakdown(source, args.by, top=args.top)
        taken = data_time(source)
    chart = composition_chart(result, taken, args.size)
    status = _drawn(chart, args.output)
    records = group_records(result)

    def lines(rows: Iterable[GroupCategories]) -> Iterator[str]:
        yield from breakdown_lines(rows, show_empty=False)
        yield from _wrote(args.output, status, chart.caption)

    return Listing(BREAKDOWN_SCHEMA, records, lines, exit_code=status)


class Moved(NamedTuple):
    """Page frames in category ``from_`` in the first snapshot and in ``to`` in the second."""

    kernel: str
    from_: str
    to: str
    pages: int
    bytes: int

    def to_dict(self) -> dict[str, object]:
        return {"kernel": self.kernel, "from": self.from_, "to": self.to, "pages": self.pages, "bytes": self.bytes}


def run_plot_diff(args: argparse.Namespace) -> Listing:
    from ..analysis.diff import diff
    from ..plotting import check_size, diff_chart, picture_format
    from ..plotting.memory import changed_categories
    from ..sources.snapshot import Snapshot

    check_size(args.size)
    if args.output is not None:
        picture_format(args.output)
        check_writable(args.output)
    with Snapshot(args.before, kernel=args.kernel) as before, Snapshot(args.after, kernel=args.kernel) as after:
        before.when_release_chosen(announce)
        after.when_release_chosen(announce)
        moved = diff(before, after).moves
        page_size = after.page_size
        kernels = list(dict.fromkeys([before.release.name, after.release.name]))
        taken = f"snapshots taken {before.manifest.get('taken')} and {after.manifest.get('taken')}"
    chart = diff_chart(moved, page_size, " and ".join(kernels), taken, args.size)
    status = _drawn(chart, args.output)
    order = {name: index for index, name in enumerate(changed_categories(moved))}
    changed = [(old, new, pages) for (old, new), pages in moved.items() if old != new]
    records = [
        Moved(kernels[-1], old, new, pages, pages * page_size)
        for old, new, pages in sorted(changed, key=lambda move: (order[move[1]], order[move[0]]))
    ]

    def lines(rows: Iterable[Moved]) -> Iterator[str]:
        yield from _moved_lines(rows)
        yield ""
        yield from _wrote(args.output, status, chart.caption)

    return Listing(MOVES_SCHEMA, records, lines, exit_code=status)


def _moved_lines(rows: Iterable[Moved]) -> Iterator[str]:
    """Each category's gains by where they came from and losses by where they went: the bars."""
    from ..output.units import human
    from ..plotting.memory import changed_categories

    moves = list(rows)
    yield f"{'category':<14} {'':<9} {'other':<14} {'pages':>12} {'size':>9}"
    for name in changed_categories({(move.from_, move.to): move.pages for move in moves}):
        for move in moves:
            if move.to == name:
                yield f"{name:<14} {'from':<9} {move.from_:<14} {move.pages:>+12} {'+' + human(move.bytes):>9}"
        for move in moves:
            if move.from_ == name:
                yield f"{name:<14} {'to':<9} {move.to:<14} {-move.pages:>+12} {'-' + human(move.bytes):>9}"
    if not moves:
        yield "no page frame changed category"
