"""The colours every picture shares, so that a category looks the same on the memory map and
on the charts: Okabe and Ito's colour-blind-safe set, with Paul Tol's muted set for the
categories beyond its eight.

Only plain strings live here (no matplotlib, no analysis): the map's keys are named as
``kpageflags.analysis.memmap`` names them, which a test holds to.
"""

from __future__ import annotations

# Okabe and Ito's colours for colour-blind readers, black last (it is the text's colour).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
REMAINDER_COLOUR = "#999999"

CATEGORY_COLOURS = {
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
"""One colour per memory category of spec/categories.yaml."""

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
