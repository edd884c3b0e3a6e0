"""A memory map as PNG: the same cells, boundaries, legend and caption as the SVG, for tools that
take only bitmaps. Cells, lines and swatches are pixels set with numpy; only the text needs
matplotlib (the optional ``plot`` extra), for its FreeType font renderer and its DejaVu Sans.

A matplotlib figure of a map of 6.5 million frames took 0.4 s of CPU more: 0.2 s to import the
figures, 0.2 s to lay out and draw the text twice (once to find the picture's bounds), and it
resampled the cells. Importing matplotlib itself, for its renderer, still cost 0.1 s past
numpy's (its configuration, colour maps and parsers); the renderer is an extension module that
needs none of that, so it is loaded from matplotlib's directory alone, in 7 ms, and through
matplotlib's import only where that fails."""

from __future__ import annotations

import contextlib
import functools
import importlib.machinery
import importlib.util
import os
import sys
from types import ModuleType
from typing import IO, Any, NamedTuple

from ..analysis.memmap import Edge, MemoryMap
from ..errors import NotAvailable
from ..output.units import human
from ..plotting.backend import finish_background, import_matplotlib, in_background, needs_matplotlib, quietly
from .bitmap import Bitmap
from .style import (
    CAPTION_LINE,
    FRAME,
    LINE,
    MAP_SIZE,
    MARGIN,
    SWATCH,
    TEXT_INDENT,
    TEXT_SIZE,
    TITLE_HEIGHT,
    TITLE_SIZE,
    caption,
    colour_of,
    legend,
    title,
)

MISSING = needs_matplotlib("a PNG map", "an SVG map (-o map.svg) needs nothing more")
FONT = ("mpl-data", "fonts", "ttf", "DejaVuSans.ttf")
"""matplotlib's own default font, in its package directory."""
RENDERER = "matplotlib.ft2font"
"""matplotlib's FreeType renderer, an extension module of its package."""
LINE_WIDTHS = {"node": 4, "zone": 2}
"""Boundaries' widths in pixels: black lines over white halos ``HALO`` pixels wider on each side,
so that they show on every colour."""
HALO = 1
BACKGROUND = "#FFFFFF"


def preload() -> None:
    """Starts loading the font in the background, while the frames are read; fails at once,
    before any frame is read, where matplotlib is not installed. The next drawing waits for it."""
    if importlib.util.find_spec("matplotlib") is None:
        raise NotAvailable(MISSING)
    in_background(_font_or_nothing, "kpageflags-font")


def _font_or_nothing() -> None:
    # What fails here fails again, and is raised, where the font is needed.
    with contextlib.suppress(Exception):
        _font()


@functools.lru_cache(maxsize=1)
def _font() -> Any:
    package = importlib.util.find_spec("matplotlib")
    if package is None or not package.submodule_search_locations:
        raise NotAvailable(MISSING)
    directory = package.submodule_search_locations[0]
    path = os.path.join(directory, *FONT)
    renderer = _renderer_alone(directory)
    if renderer is None or not os.path.exists(path):
        return _font_through_matplotlib()
    return renderer.FT2Font(path)


def _renderer_alone(directory: str) -> ModuleType | None:
    """The renderer loaded from matplotlib's ``directory`` without running matplotlib's own
    import; None where it is not an extension module there or does not load. It is registered
    under its own name, so a later import of matplotlib finds it rather than loading it twice."""
    if RENDERER in sys.modules:
        return sys.modules[RENDERER]
    spec = importlib.machinery.PathFinder.find_spec(RENDERER, [directory])
    if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        return None
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception:  # a build this way of loading does not suit: matplotlib's import may
        sys.modules.pop(RENDERER, None)
        return None
    sys.modules[RENDERER] = module
    return module


def _font_through_matplotlib() -> Any:
    matplotlib = import_matplotlib(MISSING)
    from matplotlib.ft2font import FT2Font  # type: ignore[import-not-found, unused-ignore]

    path = os.path.join(matplotlib.get_data_path(), *FONT[1:])
    if not os.path.exists(path):  # a distribution's package may keep its fonts elsewhere
        from matplotlib.font_manager import FontProperties, findfont  # type: ignore[import-not-found, unused-ignore]

        path = findfont(FontProperties(family=["DejaVu Sans", "sans-serif"]))
    return FT2Font(path)


class Text(NamedTuple):
    """A line of text as the font renders it: how much it covers each pixel (rows of 0 to 255),
    where that starts right of the pen, and its row just below the baseline."""

    coverage: Any
    left: int
    below_baseline: int

    @property
    def width(self) -> int:
        return int(self.left + self.coverage.shape[1])


class Placement(NamedTuple):
    """Where a map's parts go in its PNG, in pixels."""

    width: int
    height: int
    map_x: int
    map_y: int
    map_width: int
    map_height: int
    legend_x: int
    caption_y: int


def write_png(memory_map: MemoryMap, handle: IO[bytes]) -> None:
    handle.write(map_png(memory_map))


def map_png(memory_map: MemoryMap) -> bytes:
    """The map as PNG bytes, laid out as ``placement`` says."""
    finish_background()
    font = _font()
    entries = legend(memory_map)
    lines = png_caption(memory_map)
    with quietly():
        legend_texts = [_render(font, entry.text, TEXT_SIZE) for entry in entries]
        caption_texts = [_render(font, line, TEXT_SIZE) for line in lines]
        heading = _render(font, title(memory_map), TITLE_SIZE)
    widest_entry = max(text.width for text in legend_texts)
    widest_line = max(text.width for text in caption_texts)
    at = placement(memory_map, len(entries), len(lines), widest_entry, widest_line)
    # Palette index 0 is the background; the keys' colours follow, in the order of their indices.
    picture = Bitmap(at.width, at.height, [BACKGROUND, *(colour_of(key, memory_map.keys) for key in memory_map.keys)])
    picture.paste(at.map_x, at.map_y, _cells(memory_map, at) + 1)
    picture.outline(at.map_x - 1, at.map_y - 1, at.map_x + at.map_width + 1, at.map_y + at.map_height + 1, FRAME)
    _draw_boundaries(picture, memory_map.edges, memory_map, at)
    _write(picture, MARGIN, MARGIN + 8, heading)
    for row, (entry, text) in enumerate(zip(entries, legend_texts)):
        top = at.map_y + row * LINE
        picture.fill(at.legend_x, top, at.legend_x + SWATCH, top + SWATCH, entry.colour)
        picture.outline(at.legend_x, top, at.legend_x + SWATCH, top + SWATCH, FRAME)
        _write(picture, at.legend_x + TEXT_INDENT, top + 12, text)
    for row, text in enumerate(caption_texts):
        _write(picture, MARGIN, at.caption_y + (row + 1) * CAPTION_LINE, text)
    return picture.png()


def png_caption(memory_map: MemoryMap) -> list[str]:
    """The map's caption, with a line after its cell size where the picture has fewer pixels
    than the map has cells: what a pixel then stands for, and where every cell is."""
    lines = caption(memory_map)
    longest = max(memory_map.width, memory_map.height)
    if longest > MAP_SIZE:
        at = placement(memory_map, 0, 0, 0, 0)
        per_pixel = memory_map.width * memory_map.height / (at.map_width * at.map_height)
        size = human(round(per_pixel * memory_map.cell_pages * memory_map.page_size))
        lines.insert(
            2,
            f"here {at.map_width} x {at.map_height} pixels show the {memory_map.width} x {memory_map.height} cells: "
            f"a pixel is the cell at its top left corner, one of {per_pixel:,.1f} ({size}); "
            "an SVG map draws every cell",
        )
    return lines


def placement(memory_map: MemoryMap, entries: int, lines: int, widest_entry: int, widest_line: int) -> Placement:
    """The picture's size and where its parts go, given its legend's and caption's widths in
    pixels. A map of fewer cells than ``MAP_SIZE`` across shows each cell as a square of a whole
    number of pixels; a larger one shows ``MAP_SIZE`` pixels across, each the cell under it."""
    longest = max(memory_map.width, memory_map.height)
    if longest <= MAP_SIZE:
        scale = MAP_SIZE // longest
        map_width, map_height = memory_map.width * scale, memory_map.height * scale
    else:
        map_width = max(1, memory_map.width * MAP_SIZE // longest)
        map_height = max(1, memory_map.height * MAP_SIZE // longest)
    legend_x = MARGIN * 2 + map_width
    body = max(map_height, entries * LINE)
    width = max(legend_x + TEXT_INDENT + widest_entry, MARGIN + widest_line) + MARGIN
    caption_y = TITLE_HEIGHT + body + MARGIN
    height = caption_y + lines * CAPTION_LINE + MARGIN
    return Placement(width, height, MARGIN, TITLE_HEIGHT, map_width, map_height, legend_x, caption_y)


def _cells(memory_map: MemoryMap, at: Placement) -> Any:
    """The palette index of each pixel of the map: the cell whose area holds its top left corner."""
    import numpy

    cells = numpy.frombuffer(memory_map.raster, dtype=numpy.uint8).reshape(memory_map.height, memory_map.width)
    rows = numpy.arange(at.map_height) * memory_map.height // at.map_height
    columns = numpy.arange(at.map_width) * memory_map.width // at.map_width
    return cells[rows[:, None], columns[None, :]]


def _draw_boundaries(picture: Bitmap, edges: tuple[Edge, ...], memory_map: MemoryMap, at: Placement) -> None:
    """Every halo first, then every line, so that no halo covers a line where two cross; each
    clipped to the map."""
    for colour, extra in ((BACKGROUND, HALO), ("#000000", 0)):
        for edge in edges:
            half = LINE_WIDTHS[edge.kind] // 2 + extra
            x0 = at.map_x + edge.x0 * at.map_width // memory_map.width
            x1 = at.map_x + edge.x1 * at.map_width // memory_map.width
            y0 = at.map_y + edge.y0 * at.map_height // memory_map.height
            y1 = at.map_y + edge.y1 * at.map_height // memory_map.height
            picture.fill(
                max(x0 - half, at.map_x),
                max(y0 - half, at.map_y),
                min(x1 + half, at.map_x + at.map_width),
                min(y1 + half, at.map_y + at.map_height),
                colour,
            )


def _render(font: Any, text: str, size: int) -> Text:
    import numpy

    font.set_size(size, 72)  # at 72 dots an inch a point is a pixel
    font.set_text(text, 0.0)
    font.draw_glyphs_to_bitmap(antialiased=True)
    # A copy: before matplotlib 3.8 or so the image is a view of a buffer the next text reuses.
    coverage = numpy.array(font.get_image())
    # FreeType's distances are in 64ths of a pixel.
    return Text(coverage, font.get_bitmap_offset()[0] // 64, coverage.shape[0] - 1 - font.get_descent() // 64)


def _write(picture: Bitmap, x: int, baseline: int, text: Text) -> None:
    """``text`` with its pen starting at ``x`` and its baseline just above pixel row ``baseline``."""
    picture.text(x + text.left, baseline - text.below_baseline, text.coverage)
