"""page_owner_sort's work after reading: keep the wanted blocks, group them, sort, print."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from operator import itemgetter

from . import fields
from .options import Options
from .reading import Block
from .spill import Descending, Runs
from .tool import SortTool

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import IO, Any

    Group = tuple[Any, ...]
    """A group once loaded: its Entry's values in FIELDS order (tuples are stored, read back,
    compared and sorted by index far faster than objects)."""

    Entry = list[Any]
    """A group while loading: the fields of its first block and the blocks and pages counted
    into it, in FIELDS order (a list: the counts change, and a list is made far faster than an
    object, once for each of millions of blocks)."""

SPILL_BOUND = 1 << 17
"""Entries (a record's text each, most under a kilobyte) sorted in memory at once: past it,
sorted runs go to temporary files and are merged (the C tool holds every block; a dump of ten
million blocks is gigabytes). Each spilled entry costs a pass through the files, so the bound
is as high as some 100 MB allow."""


class ToolStops(Exception):
    """Where the C tool prints this and stops: its record array (input size / 100 entries) is
    full, or (7.3) a block has no task name it can read. ``note``: what we add on stderr."""

    def __init__(self, message: str, note: str | None = None) -> None:
        super().__init__(message)
        self.note = note


NO_TASK_NAME = (
    "as the C tool of 7.3, a block without a task name it can read (a dump older than 5.18, or a name"
    " over 15 bytes) ends the run and OUTPUT stays empty (drop --kernel to keep the data)"
)


FIELDS = ("txt", "stacktrace", "comm", "pid", "tgid", "ts", "free_ts", "allocator", "num", "page_num")
TXT, STACKTRACE, COMM, PID, TGID, TS, FREE_TS, ALLOCATOR, NUM, PAGE_NUM = range(len(FIELDS))


class Loader:
    """add_list() and is_need() of the C tool, block by block, each kept block counted into
    its group at once. Only what the grouping key needs is pulled out of a block that joins a
    group; a block that starts one gives every field the output can show."""

    def __init__(
        self,
        options: Options,
        tool: SortTool,
        strip_ts: bool,
        max_size: int | None,
        order: list[tuple[str, int]],
        grouper: Grouper,
    ) -> None:
        self.options = options
        self.tool = tool
        self.strip_ts = strip_ts
        self.max_size = max_size
        self.used = _fields_used(options, order)
        # Looked up once, not in a set for each of millions of entries.
        self.used_flags = tuple(
            name in self.used for name in ("stacktrace", "comm", "pid", "tgid", "alloc_ts", "free_ts", "allocator")
        )
        self.free_ts = tool.has("free_ts_options")
        self.ts_pattern = fields.TS_WITH_COMMA if tool.has("ts_needs_comma") else fields.TS
        self.two_digit_orders = tool.has("memory_sort_only")
        self.faithful = tool.faithful
        self.merge_repeated = tool.has("merge_repeated_neighbour")
        self.comm_or_stop = tool.faithful and tool.has("unreadable_comm_stops")
        self.filtered = options.free_filter or options.pids is not None or options.tgids is not None
        self.filtered |= options.names is not None
        self.grouper = grouper
        self.key_of = self._block_key(grouper.names)
        self.pages_of_order: dict[bytes, int] = {}
        self.kept = 0
        self.passed_over = 0
        """Blocks read but not kept on their own: counted into the last one, or filtered out."""
        self.last: tuple[bytes, Entry] | None = None
        """The text of the last block kept and the group it was counted into."""
        self.progress: Callable[[int], None] = lambda count: None
        self.trace: Callable[[bytes], None] | None = None
        """-d's messages for each block, where the release's tool has them."""

    def add_all(self, blocks: Iterable[Block]) -> None:
        """add_list() for each block. One loop for all blocks, with what it reads of this
        loader in locals: the per-block work of millions of blocks is the tool's run time."""
        grouper, groups, bound = self.grouper, self.grouper.groups, self.grouper.bound
        find_group = groups.get
        merge_repeated, max_size, filtered, strip_ts = self.merge_repeated, self.max_size, self.filtered, self.strip_ts
        comm_or_stop, comm_of = self.comm_or_stop, fields.COMM.search
        faithful, key_of, pages_of, progress = self.faithful, self.key_of, self._pages, self.progress
        new_entry, strip_ts_digits = self._entry_maker(), fields.remove_first_ts_digits
        order_of, pages_of_order = fields.ORDER.search, self.pages_of_order
        last, kept, trace = self.last, self.kept, self.trace
        try:
            for text, pfn_line in blocks:
                if merge_repeated and last is not None and last[0] == text:
                    if trace is not None:
                        trace(text)
                    grouper.count(last[1], 1, pages_of(text))
                    self.passed_over += 1
                    continue
                if max_size is not None and kept == max_size:
                    raise ToolStops("max_size too small??")
                if trace is not None:
                    trace(text)
                if filtered and not self._wanted(text):
                    self.passed_over += 1
                    continue
                if comm_or_stop:
                    named = comm_of(text)  # fields.comm_fits(), without a call for each block
                    if named is None or len(named.group(1)) > fields.COMM_BYTES:
                        raise ToolStops("Out of memory", NO_TASK_NAME)  # the 7.3 tool's words
                txt = strip_ts_digits(text) if strip_ts else text
                key = txt if key_of is None else key_of(txt, text, pfn_line)
                found = order_of(text)
                pages = pages_of_order.get(found.group(1) if found else b"")
                if pages is None:
                    pages = pages_of(text)
                head = find_group(key)
                if head is None:
                    head = new_entry(txt, text, pfn_line, pages)
                    if len(groups) >= bound:
                        grouper.spill()  # empties ``groups`` in place
                    groups[key] = head
                elif faithful:
                    grouper.count(head, 1, pages)
                else:
                    head[NUM] += 1
                    head[PAGE_NUM] += pages
                if merge_repeated:
                    last = (txt, head)
                kept += 1
                if kept % 1000 == 0:
                    progress(kept)
        finally:
            self.last, self.kept = last, kept

    def _entry_maker(self) -> Callable[[bytes, bytes, bytes, int], Entry]:
        """``_entry``, or for the commonest fields read (time and allocator: -a) a function
        that reads only those, with no test per field."""
        if self.used_flags != (False, False, False, False, True, False, True):
            return self._entry
        search_ts, allocator, timestamp = self.ts_pattern.search, fields.allocator, fields.timestamp
        ts_pattern, short, others = self.ts_pattern, fields.U64_DIGITS, fields.ALLOCATOR_OTHERS

        def entry(txt: bytes, text: bytes, pfn_line: bytes, pages: int) -> Entry:
            found = search_ts(text)
            digits = found.group(1) if found is not None else b""
            # Digits too few to pass 2^64 are read at once; the others as timestamp() reads them.
            ts = int(digits) if 0 < len(digits) < short else timestamp(ts_pattern, text)
            if b"CMA" in pfn_line or b"slab" in pfn_line or b"__vmalloc_node_range" in text:
                return [txt, b"", b"", -1, -1, ts, 0, allocator(text, pfn_line), 1, pages]
            return [txt, b"", b"", -1, -1, ts, 0, others, 1, pages]  # allocator() without a call

        return entry

    def _entry(self, txt: bytes, text: bytes, pfn_line: bytes, pages: int) -> Entry:
        used = self.used_flags
        return [
            txt,
            _stacktrace(txt) if used[0] else b"",
            fields.comm(text) if used[1] else b"",
            fields.pid_like(fields.PID, text) if used[2] else -1,
            fields.pid_like(fields.TGID, text) if used[3] else -1,
            fields.timestamp(self.ts_pattern, text) if used[4] else 0,
            self._free_ts(text) if used[5] else 0,
            fields.allocator(text, pfn_line) if used[6] else 0,
            1,
            pages,
        ]

    def _free_ts(self, text: bytes) -> int:
        return fields.timestamp(fields.FREE_TS, text) if self.free_ts else 0

    def _block_key(self, names: list[str]) -> Callable[[bytes, bytes, bytes], Any] | None:
        """The grouping key of a block from its kept text, its text and its PFN line: what
        ``Grouper`` keys the block's entry by."""
        parts: dict[str, Callable[[bytes, bytes, bytes], Any]] = {
            "txt": lambda txt, text, pfn_line: txt,
            "stacktrace": lambda txt, text, pfn_line: _stacktrace(txt),
            "pid": lambda txt, text, pfn_line: fields.pid_like(fields.PID, text),
            "tgid": lambda txt, text, pfn_line: fields.pid_like(fields.TGID, text),
            "comm": lambda txt, text, pfn_line: fields.comm(text),
            "free": lambda txt, text, pfn_line: self._free_ts(text) != 0,
            "allocator": lambda txt, text, pfn_line: fields.allocator(text, pfn_line),
        }
        if names == ["txt"]:
            return None  # the kept text itself, the commonest key, without a call
        getters = [parts[name] for name in names]
        if len(getters) == 1:
            return getters[0]
        return lambda txt, text, pfn_line: tuple(get(txt, text, pfn_line) for get in getters)

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
        if options.names is not None and self.comm_or_stop and not fields.comm_fits(text):
            raise ToolStops("Out of memory", NO_TASK_NAME)
        return options.names is None or fields.comm(text).decode("latin-1") in options.names

    def _pages(self, text: bytes) -> int:
        """The block's pages, worked out once for each spelling of an order."""
        found = fields.ORDER.search(text)
        digits = found.group(1) if found else b""
        pages = self.pages_of_order.get(digits)
        if pages is None:
            pages = self.pages_of_order[digits] = fields.pages(digits, self.faithful, self.two_digit_orders)
        return pages


def _stacktrace(txt: bytes) -> bytes:
    """A block's text after its first line."""
    newline = txt.find(b"\n")
    return txt[newline + 1 :] if newline >= 0 else b""


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


_INDEX = {
    "txt": TXT, "stacktrace": STACKTRACE, "comm": COMM, "pid": PID, "tgid": TGID, "alloc_ts": TS,
    "free_ts": FREE_TS, "allocator": ALLOCATOR, "num": NUM, "page_num": PAGE_NUM,
}  # fmt: skip


def _key(name: str) -> Callable[[Group], Any]:
    return itemgetter(_INDEX[name])


def cull_names(keys: set[str]) -> list[str]:
    """The parts of the key compare_cull_condition() groups by: the whole text without --cull."""
    return [name for name in CULL_ORDER if name in keys] or ["txt"]


class Grouper:
    """The C tool's cull: blocks sorted by the grouping keys, equal neighbours merged (counts
    and pages summed, the first block of a group giving its other fields). Here each block is
    counted into its group as it comes, the group's first block in input order standing for
    it, as after the C tool's stable sort; past ``bound`` groups they are spilled as a sorted
    run of (key, entry values), and the runs merged at the end.

    With ``leading`` (see ``final_order_of_group``), groups are kept in the order of the final
    sort's key followed by the grouping key, which is then the final order already."""

    def __init__(
        self, keys: set[str], faithful: bool, bound: int, leading: Callable[[Entry], tuple[Any, ...]] | None = None
    ) -> None:
        self.names = cull_names(keys)
        self.faithful = faithful
        self.bound = bound
        self.leading = leading
        self.groups: dict[Any, Entry] = {}
        self.runs = Runs()

    def count(self, head: Entry, num: int, pages: int) -> None:
        """Blocks and their pages counted into the group ``head`` stands for (the C tool's
        sums are ints)."""
        num += head[NUM]
        pages += head[PAGE_NUM]
        if self.faithful:
            num, pages = _as_c_int(num), _as_c_int(pages)
        head[NUM], head[PAGE_NUM] = num, pages

    def culled(self) -> Iterator[Group]:
        """The groups in the order of their keys."""
        in_memory = _drained(self._stored_in_order())
        self.groups = {}
        if not self.runs:
            yield from map(_GROUP_OF_ITEM, in_memory)
            return
        # Equal keys come in input order (by run, what is still in memory last): a group's
        # first entry comes first.
        head_key: Any = None
        head: Group | None = None
        for key, _, group in self.runs.merged(in_memory):
            if head is not None and head_key == key:
                head = self._counted(head, group)
                continue
            if head is not None:
                yield head
            head_key, head = key, group
        if head is not None:
            yield head

    def _counted(self, head: Group, later: Group) -> Group:
        """``head`` with the blocks and pages of ``later``, the same group from a later run."""
        num, pages = head[NUM] + later[NUM], head[PAGE_NUM] + later[PAGE_NUM]
        if self.faithful:
            num, pages = _as_c_int(num), _as_c_int(pages)
        return (*head[:NUM], num, pages)

    def spill(self) -> None:
        """The groups held, to a sorted run on disk; ``groups`` is left empty (the same dict)."""
        self.runs.add(self._stored_in_order())
        self.groups.clear()  # the same dict: the loader looks groups up through it

    def _stored_in_order(self) -> list[tuple[Any, int, Group]]:
        """The groups held as a run holds them (the key they are kept in order by, the run's
        number, the entry's values), in order: made in one pass, as each spill makes them all."""
        number = self.runs.added
        items = self.groups.items()
        leading = self.leading
        if leading is None:
            return sorted([(key, number, tuple(entry)) for key, entry in items], key=_KEY_OF_ITEM)
        # Keys are distinct, so no two tuples are equal and entries are never compared.
        if leading is time_of_entry:  # the same keys, each without a call
            return sorted([((entry[TS], key), number, tuple(entry)) for key, entry in items])
        return sorted([((*leading(entry), key), number, tuple(entry)) for key, entry in items])


def _drained(items: list[Any]) -> Iterator[Any]:
    """The items in order, each let go of once taken: while the groups are written, those not
    yet written are all that is held of them."""
    items.reverse()
    while items:
        yield items.pop()


_KEY_OF_ITEM = itemgetter(0)
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1


def _as_c_int(value: int) -> int:
    return value if INT_MIN <= value <= INT_MAX else fields.wrap_int(value)


def final_sort(entries: list[Group], order: list[tuple[str, int]], tool: SortTool) -> None:
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


def final_order_of_group(
    order: list[tuple[str, int]], tool: SortTool, names: list[str], strip_ts: bool
) -> Callable[[Entry], tuple[Any, ...]] | None:
    """The final sort's key of a group's entry, when every block of the group has the same
    one: the group's key is the block's whole text, ts digits kept, and the final sort reads
    only fields that text gives. Then groups ordered by that key and then by their own key
    are in the final order (the final sort is stable, and ties keep the culled order), and no
    second sort is needed. None when that does not hold, or ties come out in reverse."""
    if names != ["txt"] or strip_ts:
        return None
    decisive, reverse = _effective_order(order, tool)
    if reverse or not decisive:
        return None
    parts = []
    for name, sign in decisive:
        if name not in _FROM_TEXT or (sign < 0 and _INDEX[name] in _BYTES_FIELDS):
            return None
        parts.append((_INDEX[name], sign))
    if parts == [(TS, 1)]:  # -a, the case this is for (Grouper reads the time without a call)
        return time_of_entry
    return lambda entry: tuple(entry[index] if sign > 0 else -entry[index] for index, sign in parts)


def time_of_entry(entry: Entry) -> tuple[Any, ...]:
    """The final sort's key of an entry under -a: its time alone."""
    return (entry[TS],)


# The fields an entry reads from its block's text (not the PFN line, not the group's sums).
_FROM_TEXT = frozenset(("txt", "stacktrace", "comm", "pid", "tgid", "alloc_ts", "free_ts"))


def sorted_groups(groups: Iterable[Group], order: list[tuple[str, int]], tool: SortTool, bound: int) -> Iterator[Group]:
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
    numbered = enumerate(chain(first, groups))
    del first  # the chain lets go of it once past it
    # Runs hold the key's parts, the position (so no two items are equal) and the group.
    runs = Runs()
    while True:
        chunk = sorted(_keyed(islice(numbered, bound), decisive, -1 if reverse else 1))
        if not chunk:
            break
        runs.add(chunk)
    yield from map(_GROUP_OF_ITEM, runs.merged())


_GROUP_OF_ITEM = itemgetter(-1)


def _keyed(numbered: Iterable[tuple[int, Group]], order: list[tuple[str, int]], tie: int) -> Iterator[tuple[Any, ...]]:
    """(key parts..., position, group) for each numbered group: descending parts turned round,
    the position negated when equal keys come out in reverse."""
    if len(order) == 1:  # the commonest case, one sort option, without a call per part
        index, sign = _INDEX[order[0][0]], order[0][1]
        if sign > 0:
            return ((group[index], tie * position, group) for position, group in numbered)
        if index not in _BYTES_FIELDS:
            return ((-group[index], tie * position, group) for position, group in numbered)
    parts = [(_key(name), sign) for name, sign in order]
    return (
        (*[_directed(get(group), sign) for get, sign in parts], tie * position, group) for position, group in numbered
    )


_BYTES_FIELDS = (TXT, STACKTRACE, COMM)


def _directed(value: Any, sign: int) -> Any:
    if sign > 0:
        return value
    return -value if isinstance(value, int) else Descending(value)


OUTPUT_BATCH = 1024


def write_output(out: IO[bytes], groups: Iterable[Group], options: Options, tool: SortTool) -> None:
    culled = options.cull
    tgid_is_pid = tool.has("tgid_column_prints_pid")
    unlabelled = not tool.has("allocator_label")
    write = out.write
    if unlabelled and not culled:
        for g in groups:
            write(b"%d times, %d pages:\n%s\n" % (g[NUM], g[PAGE_NUM], g[TXT]))
        return
    if not culled:
        labels = _allocator_text
        groups = iter(groups)
        while True:
            # A batch of lines at a time: one write and one join for many groups.
            batch = [
                b"%d times, %d pages, %s:\n%s\n" % (g[NUM], g[PAGE_NUM], labels(g[ALLOCATOR]), g[TXT])
                for g in islice(groups, OUTPUT_BATCH)
            ]
            if not batch:
                return
            write(b"".join(batch))
    for g in groups:
        parts = [b"%d times, %d pages" % (g[NUM], g[PAGE_NUM])]
        if "pid" in culled or options.pids is not None:
            parts.append(b", PID %d" % g[PID])
        if "tgid" in culled or options.tgids is not None:
            parts.append(b", TGID %d" % (g[PID] if tgid_is_pid else g[TGID]))
        if "comm" in culled or options.names is not None:
            parts.append(b", task_comm_name: %s" % g[COMM])
        if "allocator" in culled:
            parts.append(b", " + _allocator_text(g[ALLOCATOR]))
        if "free" in culled:
            # The labels are the C tool's, the wrong way round: a freed block says UNRELEASED.
            parts.append(b" (UNRELEASED)" if g[FREE_TS] else b" (RELEASED)")
        if "stacktrace" in culled:
            parts.append(b":\n" + g[STACKTRACE])
        parts.append(b"\n")
        write(b"".join(parts))


@functools.cache
def _allocator_text(allocator: int) -> bytes:
    labels = [label for bit, label in fields.ALLOCATOR_LABELS if allocator & bit]
    if allocator & fields.ALLOCATOR_OTHERS:
        labels.append(b"OTHERS ")
    return b"allocated by " + b"".join(labels)
