"""Colours that stay with what they show: a memory category, or a named series, keeps its colour
in every chart and in any subset of series, so two charts can be read side by side.

The colours are Okabe and Ito's colour-blind-safe set, with Paul Tol's muted set for the memory
categories beyond its eight; the memory map uses the same ones for the same categories. Past a
palette's colours, a pattern (hatching, or a line's style) tells series apart.

>>> category_style("free")
Style(colour='#56B4E9', pattern=0)
>>> named_styles(["a", "b"])["b"]
Style(colour='#E69F00', pattern=0)
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import NamedTuple

# Okabe and Ito's colours, black last (it is the text's colour).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
REMAINDER_COLOUR = "#999999"

# One colour for each category of spec/categories.yaml: the table every chart and the map draw
# categories with (a test checks that it names every category the spec defines).
CATEGORY_COLOURS = MappingProxyType(
    {
        "no_page": "#000000",
        "hwpoison": "#AA4499",
        "offline": "#888888",
        "free": "#56B4E9",
        "hugetlb": "#0072B2",
        "slab": "#D55E00",
        "page_table": "#E69F00",
        "zero_page": "#882255",
        "ksm": "#44AA99",
        "anon_thp": "#117733",
        "anon": "#009E73",
        "shmem": "#999933",
        "file_thp": "#332288",
        "page_cache": "#F0E442",
        "reserved": "#661100",
        "kernel_other": "#CC6677",
    }
)


MAP_COLOURS = {
    **CATEGORY_COLOURS,
    "filtered_out": "#DDDDDD",
    "beyond_last_frame": "#FFFFFF",
    "mixed": "#D55E00",
    "unmovable": "#CC79A7",
    "movable": "#009E73",
    "neither": "#56B4E9",
}
"""The categories and what else a memory map's cells show: pages a filter leaves out, the
picture's corner past the last frame, and the mixing view's classes of pageblocks."""

# A category the spec gains later still gets a colour of its own, never a neighbour's.
SPARE_COLOURS = ("#DDCC77", "#88CCEE", "#117733", "#332288", "#AA4499", "#44AA99")


class Style(NamedTuple):
    colour: str
    # Which of the layout's patterns: 0 plain, then hatchings or dashed lines.
    pattern: int = 0


def category_style(category_id: str) -> Style:
    """The category's colour; a category this table does not know yet is grey and hatched, never
    another category's colour."""
    colour = CATEGORY_COLOURS.get(category_id)
    return Style(colour) if colour is not None else Style(REMAINDER_COLOUR, 1)


def named_styles(names: Iterable[str]) -> dict[str, Style]:
    """A style for each name in the order given: the palette's colours, then the same colours
    with the next pattern. Charts that take their styles from the same list of names give each
    name the same style whichever of the names they show."""
    return {
        name: Style(PALETTE[index % len(PALETTE)], index // len(PALETTE))
        for index, name in enumerate(dict.fromkeys(names))
    }
