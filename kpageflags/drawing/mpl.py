"""A memory map as PNG through matplotlib (the optional ``plot`` extra): the same cells,
boundaries, legend and caption as the SVG, for tools that take only bitmaps."""

from __future__ import annotations

from typing import IO, Any

from ..analysis.memmap import MemoryMap
from ..plotting.backend import import_matplotlib, needs_matplotlib, quietly
from .style import caption, legend, palette, title

MAX_SHOWN = 750
FIGURE_INCHES, MAP_INCHES, TITLE_INCHES, LINE_INCHES = 15.0, 7.5, 0.6, 0.25
MISSING = needs_matplotlib("a PNG map", "an SVG map (-o map.svg) needs nothing more")


def require_matplotlib() -> None:
    """Fails at once, before any frame is read, where matplotlib is not installed."""
    import_matplotlib(MISSING)


# matplotlib is an optional extra: type checks pass with and without it installed.
def write_png(memory_map: MemoryMap, handle: IO[bytes]) -> None:
    require_matplotlib()
    import numpy
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.patches import Patch  # type: ignore[import-not-found, unused-ignore]

    lines = caption(memory_map)
    entries = legend(memory_map)
    # Sized in inches around the map's own shape, so that a wide map leaves no empty band.
    map_height = MAP_INCHES * memory_map.height / memory_map.width
    body = max(map_height, LINE_INCHES * len(entries))
    below = LINE_INCHES * (len(lines) + 1)
    height = TITLE_INCHES + body + below
    figure = Figure(figsize=(FIGURE_INCHES, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(
        (0.02, (below + body - map_height) / height, MAP_INCHES / FIGURE_INCHES, map_height / height)
    )
    cells = numpy.frombuffer(memory_map.raster, dtype=numpy.uint8).reshape(memory_map.height, memory_map.width)
    # The bitmap shows the map about 750 pixels wide: handing matplotlib more cells than that
    # only makes it resample them (1.0 s instead of 0.7 s to draw 4096 x 2048 cells, and 8 s
    # when it is given all of them).
    step = max(1, -(-max(memory_map.width, memory_map.height) // MAX_SHOWN))
    colours = numpy.array(palette(memory_map), dtype=numpy.uint8)[cells[::step, ::step]]
    # The extent puts cell (x, y) between x and x + 1, where the boundaries' coordinates are.
    axes.imshow(colours, interpolation="nearest", extent=(0, memory_map.width, memory_map.height, 0))
    _draw_boundaries(axes, memory_map)
    axes.set_axis_off()
    axes.set_title(title(memory_map), fontsize=14, loc="left")
    handles = [Patch(facecolor=entry.colour, edgecolor="#555555", label=entry.text) for entry in entries]
    legend_top = (below + body) / height
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.54, legend_top), frameon=False, fontsize=10)
    figure.text(0.02, LINE_INCHES / 2 / height, "\n".join(lines), fontsize=10, va="bottom")
    with quietly():
        figure.savefig(handle, format="png", bbox_inches="tight")


def _draw_boundaries(axes: Any, memory_map: MemoryMap) -> None:
    from matplotlib.collections import LineCollection  # type: ignore[import-not-found, unused-ignore]

    for kind, width in (("node", 2.5), ("zone", 1.2)):
        segments = [((e.x0, e.y0), (e.x1, e.y1)) for e in memory_map.edges if e.kind == kind]
        if segments:
            axes.add_collection(LineCollection(segments, colors="#FFFFFF", linewidths=width + 2))
            axes.add_collection(LineCollection(segments, colors="#000000", linewidths=width))
