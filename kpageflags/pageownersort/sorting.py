"""page_owner_sort's work after reading: keep the wanted blocks, group them, sort, print."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, count, islice
from typing import IO, Any

from . import fields
from .options import Options
from .reading import Block
from .spill import Descending, Runs
from .tool import SortTool

SPILL_BOUND = 1 << 14
"""Entries (about a kilobyte each) sorted in memory at once: past it, sorted runs go to
temporary files and are merged (the C tool holds every block; a dump of ten million blocks
is gigabytes)."""


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
    """add_list() and is_need() of the C tool, block by block: each entry goes to ``sink``
    once no later block can be counted into it."""

    def __init__(
        self,
        options: Options,
        tool: SortTool,
        strip_ts: bool,
        max_size: int | None,
        order: list[tuple[str, int]],
        sink: Callable[[Entry], None],
    ) -> None:
        self.options = options
        self.tool = tool
        self.strip_ts = strip_ts
        self.max_size = max_size
        self.used = _fields_used(options, order)
        self.free_ts = tool.has("free_ts_options")
        self.ts_pattern = fields.TS_WITH_COMMA if tool.has("ts_needs_comma") else fields.TS
        self.two_digit_orders = tool.has("memory_sort_only")
        self.sink = sink
        self.kept = 0
        self.last: Entry | None = None
        self.progress: Callable[[int], None] = lambda count: None

    def add(self, block: Block) -> None:
        text = block.text
        last = self.last
        if self.tool.has("merge_repeated_neighbour") and last is not None and last.txt == text:
            last.num += 1
            last.page_num = self._sum(last.page_num, self._pages(text))
            return
        if self.max_size is not None and self.kept == self.max_size:
            raise TooManyBlocks("max_size too small??")
        if not self._wanted(text):
            return
        txt = fields.remove_first_ts_digits(text) if self.strip_ts else text
        newline = txt.find(b"\n")
        used = self.used
        entry = Entry(
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
        if last is not None:
            self.sink(last)
        self.last = entry
        self.kept += 1
        if self.kept % 1000 == 0:
            self.progress(self.kept)

    def finish(self) -> None:
        if self.last is not None:
            self.sink(self.last)
            self.last = None

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


def _cull_key(keys: set[str]) -> Callable[[Entry], Any]:
    """The key compare_cull_condition() groups by: the whole text without --cull."""
    names = [name for name in CULL_ORDER if name in keys] or ["txt"]
    getters = [_key(name) for name in names]
    return getters[0] if len(getters) == 1 else lambda e: tuple(get(e) for get in getters)


class Grouper:
    """The C tool's cull: blocks sorted by the grouping keys, equal neighbours merged (counts
    and pages summed, the first block of a group giving its other fields). Here each entry is
    counted into its group as it comes, the group's first entry in input order standing for
    it, as after the C tool's stable sort; past ``bound`` groups they are spilled as a sorted
    run, and the runs merged at the end."""

    def __init__(self, keys: set[str], faithful: bool, bound: int) -> None:
        self.key_of = _cull_key(keys)
        self.faithful = faithful
        self.bound = bound
        self.groups: dict[Any, Entry] = {}
        key_of = self.key_of
        self.runs = Runs(lambda values: key_of(_entry(values)))

    def add(self, entry: Entry) -> None:
        key = self.key_of(entry)
        head = self.groups.get(key)
        if head is None:
            if len(self.groups) >= self.bound:
                self._spill()
            self.groups[key] = entry
        else:
            _count_into(head, entry, self.faithful)

    def culled(self) -> Iterator[Entry]:
        """The groups in the order of their keys."""
        key_of = self.key_of
        in_memory = sorted(self.groups.values(), key=key_of)
        self.groups = {}
        if not self.runs:
            yield from in_memory
            return
        # Equal keys come in input order, what is still in memory last: a group's first entry
        # comes first.
        head: Entry | None = None
        for entry in map(_entry, self.runs.merged(map(_values, in_memory))):
            if head is not None and key_of(head) == key_of(entry):
                _count_into(head, entry, self.faithful)
                continue
            if head is not None:
                yield head
            head = entry
        if head is not None:
            yield head

    def _spill(self) -> None:
        ordered = sorted(self.groups.values(), key=self.key_of)
        self.runs.add(map(_values, ordered))
        self.groups = {}


def _values(e: Entry) -> tuple[Any, ...]:
    """An entry as a run stores it (dataclasses.astuple copies deeply, and slowly)."""
    return (e.txt, e.stacktrace, e.comm, e.pid, e.tgid, e.ts, e.free_ts, e.allocator, e.num, e.page_num)


def _entry(values: tuple[Any, ...]) -> Entry:
    return Entry(*values)


def _count_into(head: Entry, entry: Entry, faithful: bool) -> None:
    head.num = fields.wrap_int(head.num + entry.num) if faithful else head.num + entry.num
    head.page_num = fields.wrap_int(head.page_num + entry.page_num) if faithful else head.page_num + entry.page_num


def final_sort(entries: list[Entry], order: list[tuple[str, int]], tool: SortTool) -> None:
    """glibc's qsort is a merge sort: stable for a consistent comparison. Where the time
    comparison never says equal, the keys after it never decide, and blocks equal up to an
    ascending time come out in reverse."""
    order, reverse = _effective_order(order, tool)
    if reverse:
        entries.reverse()
    for name, sign in reversed(order):
        entries.sort(key=_key(name), reverse=sign < 0)


def _effective_order(order: list[tuple[str, int]], tool: SortTool) -> tuple[list[tuple[str, int]], bool]:
    """The keys that decide, and whether equal entries come out in reverse."""
    if tool.has("ts_compare_never_equal"):
        times = [i for i, (name, _) in enumerate(order) if name in ("alloc_ts", "free_ts")]
        if times:
            order = order[: times[0] + 1]
            return order, order[-1][1] > 0
    return order, False


def sorted_groups(groups: Iterable[Entry], order: list[tuple[str, int]], tool: SortTool, bound: int) -> Iterator[Entry]:
    """``final_sort`` of the culled groups, in memory when they are at most ``bound``, else
    as sorted runs of ``bound`` merged: one key tuple (descending parts turned round, the
    position in the culled order last) sorts as the stable sorts of ``final_sort`` do."""
    groups = iter(groups)
    first = list(islice(groups, bound + 1))
    if len(first) <= bound or not order:
        final_sort(first, order, tool)
        yield from first
        yield from groups  # nothing left when sorted; with no order, the culled order stands
        return
    decisive, reverse = _effective_order(order, tool)
    parts = [(_key(name), sign) for name, sign in decisive]
    tie = -1 if reverse else 1

    def key(item: tuple[int, Entry]) -> tuple[Any, ...]:
        position, entry = item
        values = [_directed(get(entry), sign) for get, sign in parts]
        values.append(tie * position)
        return tuple(values)

    numbered = zip(count(), chain(first, groups))
    del first  # the chain lets go of it once past it
    runs = Runs(lambda stored: key((stored[0], _entry(stored[1]))))
    while True:
        chunk = sorted(islice(numbered, bound), key=key)
        if not chunk:
            break
        runs.add((position, _values(entry)) for position, entry in chunk)
    yield from (_entry(values) for _, values in runs.merged())


def _directed(value: Any, sign: int) -> Any:
    if sign > 0:
        return value
    return -value if isinstance(value, int) else Descending(value)


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
