"""``kpageflags plot slab``: charts of a slab time series (the charts of issue 15's ``plot
composition`` and ``plot diff`` will sit beside it)."""

from __future__ import annotations

import argparse
import re
from datetime import datetime

from ..errors import BadValue
from . import arguments

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
    slab.set_defaults(run=run_plot_slab)


def _size(text: str) -> tuple[int, int]:
    match = _SIZE.fullmatch(text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r}: expected W,H in pixels")
    return int(match.group(1)), int(match.group(2))


def run_plot_slab(args: argparse.Namespace) -> int:
    from ..facts.releases import parse_release
    from ..plotting import BYTES, Axis, Chart, Layout, Series, caption, check_size, save
    from ..slab.samplefile import OTHER, history, recorded_release

    check_size(args.size)
    release = parse_release(args.release).name if args.release else recorded_release(args.file)
    found = history(args.file, "loss" if args.kind == "loss" else "memory", args.top)
    if len(found.times) < 2:
        # One sample is a point in time: matplotlib would draw no line and a time axis of years.
        raise BadValue(f"{args.file}: one sample only: a chart over time needs two or more")
    series = [Series(cache, values) for cache, values in found.caches]
    if found.other is not None:
        series.append(Series(OTHER, found.other, remainder=True))
    what = "wasted in slabs" if args.kind == "loss" else "memory"
    save(
        Chart(
            layout=Layout.STACKED_AREAS if args.kind == "stacked" else Layout.LINES,
            x=found.times,
            series=series,
            x_axis=Axis("time", unit="UTC"),
            y_axis=Axis(what, unit=BYTES),
            caption=caption(release, _period(found.times)),
            title=f"slab caches: {what}, the {len(found.caches)} largest in the last sample"
            + (" and the rest" if found.other is not None else ""),
            size=args.size,
        ),
        args.output,
    )
    return 0


def _period(times: list[datetime]) -> str:
    first, last = times[0], times[-1]
    return f"{first:%Y-%m-%d %H:%M:%S}Z" + (f" to {last:%Y-%m-%d %H:%M:%S}Z" if last != first else "")
