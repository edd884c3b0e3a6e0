"""Sizes as people read them, the way page-types prints them."""

from __future__ import annotations


def human(size: int) -> str:
    """Bytes in the largest binary unit below 1024 of it, as page-types' ``--human`` does.

    >>> human(1536), human(3 << 30), human(17)
    ('1.5K', '3.0G', '17B')
    """
    value = float(size)
    for unit in ("B", "K", "M", "G", "T"):
        if value < 1024:
            return f"{size}{unit}" if unit == "B" else f"{value:.1f}{unit}"
        value /= 1024
    return f"{value:.1f}P"


def megabytes(pages: int, page_size: int) -> int:
    """Whole MiB, rounded down, as page-types' MB column."""
    return (pages * page_size) >> 20
