"""A memory map as SVG with the standard library only: the cells as one embedded PNG (one pixel
a cell, shown enlarged without smoothing), and the title, boundaries, legend and caption as
vector elements that stay sharp at any zoom."""

from __future__ import annotations

import base64
from html import escape

from ..analysis.memmap import Edge, MemoryMap
from .png import encode_png
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
    LegendEntry,
    caption,
    legend,
    palette,
    title,
)

SWATCH_AND_GAP = 40
CHARACTER_WIDTH = 8.5
"""Wider than an average sans-serif character at 14 px, so that no legend line runs off the picture."""
LINE_WIDTHS = {"node": 3.0, "zone": 1.5}


def map_svg(memory_map: MemoryMap) -> str:
    scale = MAP_SIZE / max(memory_map.width, memory_map.height)
    shown_width, shown_height = memory_map.width * scale, memory_map.height * scale
    entries = legend(memory_map)
    lines = caption(memory_map)
    body_height = max(shown_height, len(entries) * LINE)
    legend_width = SWATCH_AND_GAP + CHARACTER_WIDTH * max(len(entry.text) for entry in entries)
    caption_width = MARGIN * 2 + CHARACTER_WIDTH * max(len(line) for line in lines)
    width = max(MARGIN * 3 + shown_width + legend_width, caption_width)
    height = TITLE_HEIGHT + body_height + MARGIN + len(lines) * CAPTION_LINE + MARGIN
    png = encode_png(memory_map.width, memory_map.height, memory_map.raster, palette(memory_map))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="{TEXT_SIZE}">',
        f"<title>{escape(title(memory_map), quote=False)}</title>",
        '<rect width="100%" height="100%" fill="#FFFFFF"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 8}" font-size="{TITLE_SIZE}" font-weight="bold">'
        f"{escape(title(memory_map), quote=False)}</text>",
        f'<image x="{MARGIN}" y="{TITLE_HEIGHT}" width="{shown_width:.2f}" height="{shown_height:.2f}" '
        'preserveAspectRatio="none" style="image-rendering:pixelated;image-rendering:crisp-edges" '
        f'href="data:image/png;base64,{base64.b64encode(png).decode("ascii")}"/>',
        f'<rect x="{MARGIN}" y="{TITLE_HEIGHT}" width="{shown_width:.2f}" height="{shown_height:.2f}" '
        f'fill="none" stroke="{FRAME}"/>',
        *_boundaries(memory_map.edges, MARGIN, TITLE_HEIGHT, scale),
        *_legend(entries, MARGIN * 2 + shown_width, TITLE_HEIGHT),
        *_caption(lines, TITLE_HEIGHT + body_height + MARGIN),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _boundaries(edges: tuple[Edge, ...], left: float, top: float, scale: float) -> list[str]:
    """Each kind of boundary as one path, drawn white under black so it shows on every colour."""
    elements = []
    for kind, width in LINE_WIDTHS.items():
        path = " ".join(
            f"M{left + e.x0 * scale:.2f} {top + e.y0 * scale:.2f}L{left + e.x1 * scale:.2f} {top + e.y1 * scale:.2f}"
            for e in edges
            if e.kind == kind
        )
        if not path:
            continue
        elements.append(
            f'<path class="{kind}-boundary-halo" d="{path}" fill="none" stroke="#FFFFFF" stroke-width="{width + 2}"/>'
        )
        elements.append(
            f'<path class="{kind}-boundary" d="{path}" fill="none" stroke="#000000" stroke-width="{width}"/>'
        )
    return elements


def _legend(entries: list[LegendEntry], left: float, top: float) -> list[str]:
    elements = []
    for row, entry in enumerate(entries):
        y = top + row * LINE
        elements.append(
            f'<g class="legend-entry" data-key="{escape(entry.key)}">'
            f'<rect x="{left:.2f}" y="{y}" width="{SWATCH}" height="{SWATCH}" fill="{entry.colour}" stroke="{FRAME}"/>'
            f'<text x="{left + TEXT_INDENT:.2f}" y="{y + 12}">{escape(entry.text, quote=False)}</text></g>'
        )
    return elements


def _caption(lines: list[str], top: float) -> list[str]:
    return [
        f'<text class="caption" x="{MARGIN}" y="{top + (row + 1) * CAPTION_LINE:.2f}">'
        f"{escape(line, quote=False)}</text>"
        for row, line in enumerate(lines)
    ]
