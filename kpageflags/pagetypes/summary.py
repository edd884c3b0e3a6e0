"""page-types' summary table, in its hash-table order (the -l/-L page lists: ``lists``)."""

from __future__ import annotations

from ..output.units import human, megabytes
from .tool import ToolTable

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import TextIO

HASH_SLOTS = 1 << 13


def slot_order(values_in_first_seen_order: list[int]) -> list[int]:
    """The distinct values in the order page-types prints them.

    page-types keeps a table of 8192 slots: 0 holds flags 0, any other value goes to slot
    ``value & 8191`` or, if taken, the next free one (wrapping to 1). Rows print in slot
    order, so values that collide appear in the order they were first seen. Past 8191
    values page-types gives up; here they follow in first-seen order.
    """
    slots: dict[int, int] = {}
    taken: dict[int, int] = {}
    overflow: list[int] = []
    for value in values_in_first_seen_order:
        if value == 0:
            slots[value] = 0
            continue
        key = value & (HASH_SLOTS - 1)
        placed = False
        for _ in range(1, HASH_SLOTS):
            if not key or key >= HASH_SLOTS:
                key = 1
            if key not in taken:
                taken[key] = value
                slots[value] = key
                placed = True
                break
            key += 1
        if not placed:
            overflow.append(value)
    ordered = sorted((slot, value) for value, slot in slots.items())
    return [value for _, value in ordered] + overflow


class Summary:
    """Pages per transformed flags value, remembering first-seen order."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.total = 0

    def add(self, flags: int, pages: int = 1) -> None:
        self.counts[flags] = self.counts.get(flags, 0) + pages
        self.total += pages

    def rows(self, sort: str | None = None) -> list[tuple[int, int]]:
        if sort == "pages":
            return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        if sort == "flags":
            return sorted(self.counts.items())
        return [(value, self.counts[value]) for value in slot_order(list(self.counts))]


def write_summary(
    out: TextIO, summary: Summary, tool: ToolTable, page_size: int, sort: str | None = None, human_sizes: bool = False
) -> None:
    size_header = "size" if human_sizes else "MB"
    out.write(f"             flags\tpage-count {size_header:>8}  symbolic-flags\t\t\tlong-symbolic-flags\n")
    for value, pages in summary.rows(sort):
        size = human(pages * page_size).rjust(8) if human_sizes else f"{megabytes(pages, page_size):8d}"
        out.write(f"0x{value:016x}\t{pages:10d} {size}  {tool.short(value)}\t{tool.long(value)}\n")
    total = human(summary.total * page_size).rjust(8) if human_sizes else f"{megabytes(summary.total, page_size):8d}"
    out.write(f"             total\t{summary.total:10d} {total}\n")
