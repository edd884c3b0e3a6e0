"""The report's charts, drawn by the shared plotting module (matplotlib, the ``plot`` extra) as
SVG text in memory. Each is a picture of numbers the page also shows in a table beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..plotting import BYTES, Axis, Chart, Layout, Series, caption, composition_chart, svg_text
from ..plotting.backend import Loading, needs_matplotlib

if TYPE_CHECKING:
    from ..analysis.freeblocks import FreeMemory
    from .content import Report, SlabCaches

CHARTS_NEED = needs_matplotlib("drawing the charts", "the tables and the memory map are complete without them")
SIZE = (1000, 520)


class Picture(NamedTuple):
    """A picture for the page: its anchor, its title, a text alternative and its SVG."""

    anchor: str
    title: str
    alt: str
    svg: str


CHART_MODULES = ("matplotlib.figure", "matplotlib.backends.backend_svg")
"""What drawing the charts as SVG imports: 0.4 s of CPU, spent while the report's data is read."""


def load_charts() -> Loading | None:
    """The chart modules being imported in the background, or None where matplotlib is not
    installed."""
    from ..errors import NotAvailable

    try:
        return Loading(CHART_MODULES, CHARTS_NEED)
    except NotAvailable:
        return None


def charts_of(report: Report) -> dict[str, Picture]:
    """The charts a report's figures allow, by the section key they belong to."""
    stamp = caption(report.kernel, report.data_time)
    pictures = {}
    for key in ("by_node", "by_zone", "processes", "cgroups"):
        grouped = getattr(report, key)
        if not isinstance(grouped, str):
            pictures[key] = _picture(f"chart-{key}", composition_chart(grouped, report.data_time, SIZE))
    if not isinstance(report.free, str):
        pictures["free"] = _picture("chart-free", free_chart(report.free, stamp))
    if not isinstance(report.slab, str) and report.slab.caches:
        pictures["slab"] = _picture("chart-slab", slab_chart(report.slab, stamp))
    return pictures


def free_chart(free: FreeMemory, stamp: str) -> Chart:
    """Free memory in blocks of each order, a series per zone: what is left of large blocks."""
    orders = range(free.max_order + 1)
    return Chart(
        layout=Layout.STACKED_BARS,
        x=tuple(orders),
        series=tuple(
            Series(zone, tuple(float((counts[o] << o) * free.page_size) for o in orders))
            for zone, counts in free.blocks.items()
        ),
        x_axis=Axis("block order (a block of order n holds 2^n pages)"),
        y_axis=Axis("free memory", unit=BYTES),
        caption=stamp,
        title="Free memory by the size of the block it is in",
        x_tick_labels=tuple(str(order) for order in orders),
        size=SIZE,
    )


def slab_chart(slab: SlabCaches, stamp: str) -> Chart:
    caches = slab.caches
    return Chart(
        layout=Layout.STACKED_BARS,
        x=tuple(range(len(caches))),
        series=(Series("memory in slabs", tuple(float(row.memory_bytes or 0) for row in caches)),),
        x_axis=Axis("cache"),
        y_axis=Axis("memory", unit=BYTES),
        caption=stamp,
        title="The largest slab caches",
        x_tick_labels=tuple(row.name for row in caches),
        size=SIZE,
    )


def _picture(anchor: str, chart: Chart) -> Picture:
    title = chart.title[:1].upper() + chart.title[1:]
    return Picture(anchor, title, _alt(title, chart), svg_text(chart))


def _alt(title: str, chart: Chart) -> str:
    names = ", ".join(series.label for series in chart.series)
    return f"{title}: a bar chart of {names}; the numbers are in the table beside it."
