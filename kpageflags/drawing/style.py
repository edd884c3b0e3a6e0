"""What a map says besides its cells, the same in SVG and PNG: colours (from the palette the
charts share), legend lines, caption, and where each goes (in pixels)."""

from __future__ import annotations

from typing import NamedTuple

from ..analysis.memmap import BEYOND, HOLE, MIXED, MemoryMap
from ..output.units import human
from ..plotting.colours import MAP_COLOURS, SPARE_COLOURS

MAP_SIZE = 768
"""The longer side of the map, in pixels."""
MARGIN = 20
TITLE_HEIGHT = 40
TITLE_SIZE, TEXT_SIZE = 20, 14
"""Font sizes, in pixels."""
SWATCH = 14
TEXT_INDENT = 22
"""Where a legend line's text starts, right of its swatch."""
LINE = 22
CAPTION_LINE = 18
FRAME = "#555555"
"""The colour of the map's frame and of the swatches' edges."""


class LegendEntry(NamedTuple):
    key: str
    colour: str
    text: str


def colour_of(key: str, keys: tuple[str, ...]) -> str:
    known = MAP_COLOURS.get(key)
    if known is not None:
        return known
    unknown = [k for k in keys if k not in MAP_COLOURS]
    return SPARE_COLOURS[unknown.index(key) % len(SPARE_COLOURS)]


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def palette(memory_map: MemoryMap) -> list[tuple[int, int, int]]:
    return [rgb(colour_of(key, memory_map.keys)) for key in memory_map.keys]


def title(memory_map: MemoryMap) -> str:
    if memory_map.view == "mixing":
        return "Pageblocks that mix movable and unmovable pages"
    return "Physical memory by category"


def legend(memory_map: MemoryMap) -> list[LegendEntry]:
    """A line for each key the map shows, and for holes even when there are none."""
    entries = []
    for key in memory_map.keys:
        pages, cells = memory_map.pages.get(key, 0), memory_map.cells.get(key, 0)
        blocks = memory_map.blocks.get(key, 0)
        if key == BEYOND:
            if cells:
                entries.append(LegendEntry(key, colour_of(key, memory_map.keys), memory_map.titles[key]))
            continue
        if not (pages or cells or blocks or key in (HOLE, MIXED)):
            continue
        if memory_map.view == "mixing":
            # A class belongs to whole pageblocks: the pages of its category elsewhere are not its own.
            size = human(blocks * memory_map.pageblock_pages * memory_map.page_size)
            amount = f"{blocks:,} pageblock{'' if blocks == 1 else 's'} ({size})"
        else:
            amount = f"{pages:,} pages ({human(pages * memory_map.page_size)})"
        entries.append(LegendEntry(key, colour_of(key, memory_map.keys), f"{memory_map.titles[key]}: {amount}"))
    return entries


def caption(memory_map: MemoryMap) -> list[str]:
    """Where the data came from and how to read the picture, one line each."""
    cell_size = human(memory_map.cell_pages * memory_map.page_size)
    lines = [
        f"kernel {memory_map.kernel}, {memory_map.taken}; "
        f"{memory_map.frames:,} page frames of {human(memory_map.page_size)}",
        f"one cell = {memory_map.cell_pages:,} page{'s' if memory_map.cell_pages > 1 else ''} ({cell_size}), "
        f"{memory_map.layout} layout from the top left"
        + ("" if memory_map.layout == "linear" else " (nearby frames stay nearby)"),
    ]
    if memory_map.view == "mixing":
        total = sum(count for key, count in memory_map.blocks.items() if key not in (BEYOND, HOLE))
        block_size = human(memory_map.pageblock_pages * memory_map.page_size)
        lines.append(
            f"{memory_map.mixed_blocks:,} of {total:,} pageblocks ({block_size}) "
            "mix movable and unmovable pages: compaction cannot free them for huge pages"
        )
        if memory_map.cell_pages > memory_map.pageblock_pages:
            lines.append(
                "a cell of several pageblocks shows the first class in the legend's order that one of them has"
            )
    elif memory_map.cell_pages > 1:
        lines.append("each cell is coloured by the category most of its pages have")
    if memory_map.selection:
        lines.append(f"grey: pages left out by {memory_map.selection}")
    if memory_map.hole_note:
        lines.append(memory_map.hole_note)
    if memory_map.zones_known:
        lines.append("thick lines: node boundaries; thin lines: zone boundaries")
    else:
        lines.append("no zoneinfo: zone and node boundaries are not drawn")
    return lines
