"""page-types' output: the summary table in its hash-table order, and the -l/-L page lists."""

from __future__ import annotations

from typing import TextIO

from ..output.units import human, megabytes
from .tool import ToolTable

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


class Lister:
    """-l (ranges) and -L (each page), with the optional leading columns."""

    def __init__(
        self, out: TextIO, tool: ToolTable, mode: int, voffset: bool, cgroup: bool, mapcnt: bool, pid: bool = False
    ) -> None:
        self.out = out
        self.tool = tool
        self.mode = mode
        self.voffset = voffset
        self.cgroup = cgroup
        self.mapcnt = mapcnt
        self.decimal = "decimal_lists" in tool.switches
        self.decimal_voffset = "decimal_file_offsets" in tool.switches and voffset and not pid
        # Before 3.15 only a process walk compared virtual offsets when merging ranges.
        self.check_voffset = pid or "list_ranges_break_at_batches" in tool.switches
        self._pending: tuple[int, int, int, int, int, int] | None = None

    def header(self, pid: bool, file: bool) -> None:
        parts = []
        if pid:
            parts.append("voffset\t")
        if file:
            parts.append("foffset\t")
        if self.cgroup:
            parts.append("cgroup\t")
        if self.mapcnt:
            parts.append("map-cnt\t")
        if self.mode == 1:
            parts.append("offset\tcount\tflags\n" if self.decimal else "offset\tlen\tflags\n")
        else:
            parts.append("offset\tflags\n")
        self.out.write("".join(parts))

    def _number(self, value: int) -> str:
        return f"{value}" if self.decimal else f"{value:x}"

    def _prefix(self, voffset: int, cgroup: int, mapcnt: int) -> str:
        text = (f"{voffset}\t" if self.decimal_voffset else f"{voffset:x}\t") if self.voffset else ""
        if self.cgroup:
            text += f"@{cgroup}\t"
        if self.mapcnt:
            text += f"{mapcnt}\t"
        return text

    def page(self, voffset: int, offset: int, flags: int, cgroup: int = 0, mapcnt: int = 0) -> None:
        if self.mode == 2:
            self.out.write(f"{self._prefix(voffset, cgroup, mapcnt)}{self._number(offset)}\t{self.tool.short(flags)}\n")
            return
        pending = self._pending
        if pending is not None:
            p_flags, p_cgroup, p_mapcnt, p_index, p_voff, p_count = pending
            if (
                flags == p_flags
                and cgroup == p_cgroup
                and mapcnt == p_mapcnt
                and offset == p_index + p_count
                and (not self.check_voffset or voffset == p_voff + p_count)
            ):
                self._pending = (p_flags, p_cgroup, p_mapcnt, p_index, p_voff, p_count + 1)
                return
            self._emit()
        self._pending = (flags, cgroup, mapcnt, offset, voffset, 1)

    def _emit(self) -> None:
        if self._pending is None:
            return
        flags, cgroup, mapcnt, index, voff, count = self._pending
        self.out.write(
            f"{self._prefix(voff, cgroup, mapcnt)}{self._number(index)}\t{self._number(count)}\t"
            f"{self.tool.short(flags)}\n"
        )
        self._pending = None

    def flush(self) -> None:
        if self.mode == 1:
            self._emit()
