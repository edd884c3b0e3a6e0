"""A memory map as PNG through matplotlib (the optional ``plot`` extra): the same cells,
boundaries, legend and caption as the SVG, for tools that take only bitmaps."""

from __future__ import annotations

from typing import IO, Any

from ..analysis.memmap import MemoryMap
from ..errors import NotAvailable
from .style import caption, colour_of, legend, title

MISSING = (
    "PNG maps need matplotlib: pip install 'kpageflags[plot]', "
    "or write an SVG map (-o map.svg), which needs nothing more"
)


def require_matplotlib() -> None:
    """Fails at once, before any frame is read, where matplotlib is not installed."""
    try:
        import matplotlib  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        raise NotAvailable(MISSING) from None


# matplotlib is an optional extra: type checks pass with and without it installed.
def write_png(memory_map: MemoryMap, handle: IO[bytes]) -> None:
    require_matplotlib()
    import numpy
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.colors import ListedColormap  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.patches import Patch  # type: ignore[import-not-found, unused-ignore]

    lines = caption(memory_map)
    figure = Figure(figsize=(15, 9 + 0.25 * len(lines)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.02, 0.04 + 0.03 * len(lines), 0.5, 0.86))
    cells = numpy.frombuffer(memory_map.raster, dtype=numpy.uint8).reshape(memory_map.height, memory_map.width)
    colours = [colour_of(key, memory_map.keys) for key in memory_map.keys]
    axes.imshow(cells, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(colours) - 0.5, interpolation="nearest")
    _draw_boundaries(axes, memory_map)
    axes.set_axis_off()
    axes.set_title(title(memory_map), fontsize=14, loc="left")
    handles = [Patch(facecolor=entry.colour, edgecolor="#555555", label=entry.text) for entry in legend(memory_map)]
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.54, 0.9), frameon=False, fontsize=10)
    figure.text(0.02, 0.02, "\n".join(lines), fontsize=10, va="bottom")
    figure.savefig(handle, format="png", bbox_inches="tight")


def _draw_boundaries(axes: Any, memory_map: MemoryMap) -> None:
    from matplotlib.collections import LineCollection  # type: ignore[import-not-found, unused-ignore]

    for kind, width in (("node", 2.5), ("zone", 1.2)):
        # imshow centres cell (x, y) on (x, y): its edges lie half a cell either side.
        segments = [((e.x0 - 0.5, e.y0 - 0.5), (e.x1 - 0.5, e.y1 - 0.5)) for e in memory_map.edges if e.kind == kind]
        if segments:
            axes.add_collection(LineCollection(segments, colors="#FFFFFF", linewidths=width + 2))
            axes.add_collection(LineCollection(segments, colors="#000000", linewidths=width))
