"""page_owner_sort's work after reading: keep the wanted blocks, group them, sort, print."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from . import fields
from .options import Options
from .reading import Block
from .tool import SortTool


class TooManyBlocks(Exception):
    """The C tool's record array (input size / 100 entries) is full: it prints this and stops."""


@dataclass
class Entry:
    txt: bytes
    stacktrace: bytes
    comm: bytes
    pid: int
    tgid: int
    ts: int
    free_ts: int
    allocator: int
    num: int
    page_num: int


class Loader:
    """add_list() and is_need() of the C tool, block by block."""

    def __init__(
        self, options: Options, tool: SortTool, strip_ts: bool, max_size: int | None, order: list[tuple[str, int]]
    ) -> None:
        self.options = options
        self.tool = tool
        self.strip_ts = strip_ts
        self.max_size = max_size
        self.used = _fields_used(options, order)
        self.free_ts = tool.has("free_ts_options")
        self.ts_pattern = fields.TS_WITH_COMMA if tool.has("ts_needs_comma") else fields.TS
        self.two_digit_orders = tool.has("memory_sort_only")
        self.entries: list[Entry] = []
        self.progress: Callable[[int], None] = lambda count: None

    def add(self, block: Block) -> None:
        text = block.text
        entries = self.entries
        if self.tool.has("merge_repeated_neighbour") and entries and entries[-1].txt == text:
            entries[-1].num += 1
            entries[-1].page_num = self._sum(entries[-1].page_num, self._pages(text))
            return
        if self.max_size is not None and len(entries) == self.max_size:
            raise TooManyBlocks("max_size too small??")
        if not self._wanted(text):
            return
        txt = fields.remove_first_ts_digits(text) if self.strip_ts else text
        newline = txt.find(b"\n")
        used = self.used
        entries.append(
            Entry(
                txt=txt,
                stacktrace=txt[newline + 1 :] if newline >= 0 else b"",
                comm=fields.comm(text) if "comm" in used else b"",
                pid=fields.pid_like(fields.PID, text) if "pid" in used else -1,
                tgid=fields.pid_like(fields.TGID, text) if "tgid" in used else -1,
                ts=fields.timestamp(self.ts_pattern, text) if "alloc_ts" in used else 0,
                free_ts=fields.timestamp(fields.FREE_TS, text) if "free_ts" in used and self.free_ts else 0,
                allocator=fields.allocator(text, block.pfn_line) if "allocator" in used else 0,
                num=1,
                page_num=self._pages(text),
            )
        )
        if len(entries) % 1000 == 0:
            self.progress(len(entries))

    def _wanted(self, text: bytes) -> bool:
        options = self.options
        if options.free_filter:
            free_ts = fields.timestamp(fields.FREE_TS, text)
            if self.tool.has("free_filter_drops_every_freed"):
                if free_ts != 0:
                    return False
            elif free_ts != 0 and fields.timestamp(self.ts_pattern, text) < free_ts:
                return False
        if options.pids is not None and fields.pid_like(fields.PID, text) not in _as_ints(options.pids):
            return False
        if options.tgids is not None and fields.pid_like(fields.TGID, text) not in _as_ints(options.tgids):
            return False
        return options.names is None or fields.comm(text).decode("latin-1") in options.names

    def _pages(self, text: bytes) -> int:
        return fields.pages(text, self.tool.faithful, self.two_digit_orders)

    def _sum(self, a: int, b: int) -> int:
        return fields.wrap_int(a + b) if self.tool.faithful else a + b


def _fields_used(options: Options, order: list[tuple[str, int]]) -> set[str]:
    """The fields of an entry that grouping, sorting or printing reads: only those are pulled
    out of each block (the others cannot change the output)."""
    used = {name for name, _ in order} | options.cull
    if "free" in options.cull:
        used.add("free_ts")
    if not options.cull:
        used.add("allocator")  # printed on every line
    if options.pids is not None:
        used.add("pid")
    if options.tgids is not None or "tgid" in options.cull:
        used |= {"tgid", "pid"}  # some releases print the pid in the TGID column
    if options.names is not None:
        used.add("comm")
    return used


def _as_ints(numbers: list[int]) -> set[int]:
    """The C tool's pid list is an int array: strtol's longs are cut to 32 bits."""
    return {fields.wrap_int(n) for n in numbers}


# The grouping keys, in the fixed order compare_cull_condition() tries them.
CULL_ORDER = ("stacktrace", "pid", "tgid", "comm", "free", "allocator")


def _key(name: str) -> Callable[[Entry], Any]:
    if name == "free":
        return lambda e: e.free_ts != 0
    if name == "alloc_ts":
        return lambda e: e.ts
    attribute = {"txt": "txt", "stacktrace": "stacktrace", "comm": "comm"}.get(name, name)
    return lambda e: getattr(e, attribute)


def cull(entries: list[Entry], keys: set[str], faithful: bool) -> list[Entry]:
    """Sorts by the grouping keys (the whole text without --cull) and merges equal neighbours,
    summing counts and pages; the first of each group gives the other fields."""
    names = [name for name in CULL_ORDER if name in keys] or ["txt"]
    getters = [_key(name) for name in names]
    key_of = getters[0] if len(getters) == 1 else lambda e: tuple(get(e) for get in getters)
    entries.sort(key=key_of)
    grouped: list[Entry] = []
    previous: object = None
    for entry in entries:
        key = key_of(entry)
        if grouped and key == previous:
            head = grouped[-1]
            head.num = fields.wrap_int(head.num + entry.num) if faithful else head.num + entry.num
            head.page_num = (
                fields.wrap_int(head.page_num + entry.page_num) if faithful else head.page_num + entry.page_num
            )
        else:
            grouped.append(entry)
            previous = key
    return grouped


def final_sort(entries: list[Entry], order: list[tuple[str, int]], tool: SortTool) -> None:
    """glibc's qsort is a merge sort: stable for a consistent comparison. Where the time
    comparison never says equal, the keys after it never decide, and blocks equal up to an
    ascending time come out in reverse."""
    if tool.has("ts_compare_never_equal"):
        times = [i for i, (name, _) in enumerate(order) if name in ("alloc_ts", "free_ts")]
        if times:
            order = order[: times[0] + 1]
            if order[-1][1] > 0:
                entries.reverse()
    for name, sign in reversed(order):
        entries.sort(key=_key(name), reverse=sign < 0)


def write_output(out: IO[bytes], entries: Iterable[Entry], options: Options, tool: SortTool) -> None:
    culled = options.cull
    tgid_is_pid = tool.has("tgid_column_prints_pid")
    counts_only = tool.has("memory_sort_only")
    for e in entries:
        if counts_only:
            out.write(b"%d times, %d pages:\n%s\n" % (e.num, e.page_num, e.txt))
            continue
        if not culled:
            out.write(b"%d times, %d pages, %s:\n%s\n" % (e.num, e.page_num, _allocator_text(e.allocator), e.txt))
            continue
        parts = [b"%d times, %d pages" % (e.num, e.page_num)]
        if "pid" in culled or options.pids is not None:
            parts.append(b", PID %d" % e.pid)
        if "tgid" in culled or options.tgids is not None:
            parts.append(b", TGID %d" % (e.pid if tgid_is_pid else e.tgid))
        if "comm" in culled or options.names is not None:
            parts.append(b", task_comm_name: %s" % e.comm)
        if "allocator" in culled:
            parts.append(b", " + _allocator_text(e.allocator))
        if "free" in culled:
            # The labels are the C tool's, the wrong way round: a freed block says UNRELEASED.
            parts.append(b" (UNRELEASED)" if e.free_ts else b" (RELEASED)")
        if "stacktrace" in culled:
            parts.append(b":\n" + e.stacktrace)
        parts.append(b"\n")
        out.write(b"".join(parts))


@functools.cache
def _allocator_text(allocator: int) -> bytes:
    labels = [label for bit, label in fields.ALLOCATOR_LABELS if allocator & bit]
    if allocator & fields.ALLOCATOR_OTHERS:
        labels.append(b"OTHERS ")
    return b"allocated by " + b"".join(labels)
