"""Who holds memory: page_owner records grouped by any of their keys, and folded stacks.

``group_records`` sums records and pages per distinct value of the chosen keys (stack, pid,
tgid, comm, module, gfp, migratetype, order, allocator, flags); ``fold_stacks`` sums pages per stack
in the folded form flame-graph tools read (``root;...;leaf pages``). Both hold one entry per
distinct key, never one per record, and count what fits no record (stray text, unknown
lines) instead of dropping it silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Union

from .header import MAX_ORDER
from .records import CACHE_LIMIT, Frame, PageOwnerRecord, StackCount, StrayText

if TYPE_CHECKING:
    from .decoding import Decoder

KEYS = ("stack", "pid", "tgid", "comm", "module", "gfp", "migratetype", "order", "allocator", "flags", "handle")
STACK_KEYS = ("stack", "module", "allocator", "handle")
"""The keys a page_owner_stacks file prints: its stacks and their stack depot handles."""

# Functions whose presence in an allocation's stack says which allocator asked for the pages,
# tried in this order (the first found wins); the names are those of mainline kernels, the
# 6.10+ ``_noprof`` spellings included by being prefixes.
ALLOCATORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cma", ("cma_alloc",)),
    ("slab", ("allocate_slab", "new_slab", "kmem_cache_alloc", "__kmalloc", "kmalloc_large", "___slab_alloc")),
    ("vmalloc", ("__vmalloc", "vmalloc", "vm_area_alloc_pages")),
    ("page tables", ("__pte_alloc", "pte_alloc_one", "__pmd_alloc", "pmd_alloc_one", "__pud_alloc", "pgd_alloc")),
    ("page cache", ("filemap_", "__filemap_get_folio", "page_cache_ra", "__page_cache_alloc", "grab_cache_page")),
    ("anonymous", ("do_anonymous_page", "alloc_anon_folio", "do_huge_pmd_anonymous_page", "do_cow_fault")),
)
"""An allocator label for a stack: a heuristic on function names, which change with releases
and inlining, so ``other`` is always possible. It needs no page flag, so it works on 6.10+
dumps, where slab pages no longer show ``slab`` among their flags (PG_slab became a page type,
"mm: free up PG_slab", 46df8e73a4a3, 6.10)."""


Value = Union[str, int, tuple[str, ...], None]


class HasStack(Protocol):
    """A record or a page_owner_stacks block: what the stack keys read."""

    @property
    def stack(self) -> tuple[Frame, ...]: ...


def allocator_of(record: PageOwnerRecord) -> str:
    return "slab" if _says_slab(record) else stack_allocator(record.stack)


def stack_allocator(stack: tuple[Frame, ...]) -> str:
    """The allocator label the stack's function names give."""
    for label, prefixes in ALLOCATORS:
        for frame in stack:
            if frame.function.startswith(prefixes):
                return label
    return "other"


def _says_slab(record: PageOwnerRecord) -> bool:
    """Whether the record itself says its page is a slab's: the ``Slab cache page`` line (5.18+,
    printed while the slab has an object vector in memcg_data; still printed from 6.10, where the
    vector became slabobj_ext, "mm: introduce slabobj_ext to support slab object extensions",
    21c690a349ba), or, before 6.10, slab among the flags (the S column before 4.6)."""
    text = record.flags_text
    if record.slab_cache:
        return True
    if text is None or record.flags_word is None:
        return text is not None and text[7:8] == "S"
    return "slab" in text and "slab" in text.split("|")


def _module_of(record: HasStack) -> str | None:
    """The first module in the stack (the innermost), or ``(kernel)``; None with no stack to
    tell (``show_handles`` prints none)."""
    if not record.stack:
        return None
    return next((frame.module for frame in record.stack if frame.module), "(kernel)")


def _flags_of(record: PageOwnerRecord) -> str | None:
    """The page flags' names as printed, without the node=/zone=/... fields (3.19-4.5: the
    one-letter columns as printed)."""
    if record.flags_text is None or record.flags_word is None:
        return record.flags_text
    return "|".join(name for name in record.flags_text.split("|") if "=" not in name)


def _printed_stack(item: HasStack) -> tuple[str, ...]:
    return tuple(frame.text.strip() for frame in item.stack)


KEY_OF: dict[str, Callable[[PageOwnerRecord], Value]] = {
    "stack": _printed_stack,
    "pid": lambda record: record.pid,
    "tgid": lambda record: record.tgid,
    "comm": lambda record: record.comm,
    "module": _module_of,
    # The mask in hex where no name is printed: before 4.6, or a mask of 0 (printed "0x0()").
    "gfp": lambda record: record.gfp_text or hex(record.gfp_mask),
    "migratetype": lambda record: record.page_migratetype or record.block_migratetype,
    "order": lambda record: record.order,
    "allocator": allocator_of,
    "flags": _flags_of,
    "handle": lambda record: record.handle,
}


STACK_KEY_OF: dict[str, Callable[[StackCount], Value]] = {
    "stack": _printed_stack,
    "module": _module_of,
    "allocator": lambda block: stack_allocator(block.stack) if block.stack else None,
    "handle": lambda block: block.handle,
}


STACK_ONLY_KEYS = frozenset({"stack", "module"})
"""Keys that depend on the stack alone: worked out once per distinct stack, not per record (the
allocator too, but for the record's own word that it is a slab page)."""


def _per_stack(derive: Callable[[PageOwnerRecord], Any]) -> Callable[[PageOwnerRecord], Any]:
    """``derive`` remembered by the stack's identity: the parser hands every record of a
    repeated stack the same tuple, so a dump of millions of records has a few thousand."""
    seen: dict[int, tuple[tuple[Frame, ...], Any]] = {}

    def key(record: PageOwnerRecord) -> Any:
        stack = record.stack
        found = seen.get(id(stack))
        if found is not None and found[0] is stack:
            return found[1]
        if len(seen) >= CACHE_LIMIT:
            seen.clear()
        value = seen[id(stack)] = (stack, derive(record))  # the stack kept alive: its id stays its own
        return value[1]

    return key


@dataclass(frozen=True)
class RecordFilter:
    """Which records count: allocation times and PFNs within bounds (both included), and the
    node and zone the flags print (``node=N|zone=N``, 5.13 and later); a bound a record does
    not print (a time before 5.11, a node before 5.13) leaves it out, and is counted."""

    ts: tuple[int, int] | None = None
    pfn: tuple[int, int] | None = None
    node: int | None = None
    zone: int | None = None

    @property
    def active(self) -> bool:
        return self != RecordFilter()

    def matches(self, record: PageOwnerRecord) -> bool | None:
        """Whether the record is in; None when it does not print what a bound asks of it."""
        for bounds, value in ((self.ts, record.ts), (self.pfn, record.pfn)):
            if bounds is not None:
                if value is None:
                    return None
                if not bounds[0] <= value <= bounds[1]:
                    return False
        for wanted, pattern in ((self.node, _NODE), (self.zone, _ZONE)):
            if wanted is not None:
                found = pattern.search(record.flags_text or "")
                if found is None:
                    return None
                if int(found[1]) != wanted:
                    return False
        return True


_NODE = re.compile(r"(?:^|\|)node=(\d+)")
_ZONE = re.compile(r"(?:^|\|)zone=(\d+)")


@dataclass
class Tally:
    """Records and pages per key, and what did not go into any group."""

    # key: [records, pages, records whose printed flags disagree with their word, the first one's]
    groups: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)
    records: int = 0
    pages: int = 0
    stray_lines: int = 0
    unknown_lines: int = 0
    incomplete: int = 0
    damaged_orders: int = 0  # records whose order no kernel has: grouped, with no pages
    cut_headers: int = 0
    uncounted: int = 0  # page_owner_stacks blocks with no page count
    unit: str = "record"  # what ``records`` counts: "stack" for a page_owner_stacks file
    filtered_out: int = 0
    unfilterable: int = 0
    only: RecordFilter = RecordFilter()
    decoder: Decoder | None = None
    mismatches: int = 0
    mismatch_examples: list[str] = field(default_factory=list)
    gfp_mismatches: int = 0
    gfp_mismatch_examples: list[str] = field(default_factory=list)
    filtering: bool = field(init=False)

    def __post_init__(self) -> None:
        self.filtering = self.only.active

    def count_aside(self, item: PageOwnerRecord | StrayText) -> PageOwnerRecord | None:
        """The item as a record to group, having counted what is not: stray text, unknown
        lines, a record cut short (in its header: left out), records the filter leaves out."""
        if isinstance(item, StrayText):
            if item.cut_header:
                self.cut_headers += 1
            else:
                self.stray_lines += len(item.lines)
            return None
        self.unknown_lines += len(item.unknown)
        self.incomplete += not item.complete
        if self.filtering:
            matched = self.only.matches(item)
            if not matched:
                self.filtered_out += matched is False
                self.unfilterable += matched is None
                return None
        return item

    def pages_of(self, record: PageOwnerRecord) -> int:
        """``2**order``; 0 for an order above any kernel's, counted as damaged (1 << a printed
        order of 10**22 would not even fit in memory)."""
        if record.order > MAX_ORDER:
            self.damaged_orders += 1
            return 0
        return 1 << record.order

    def check_flags(self, record: PageOwnerRecord, group: list[Any]) -> None:
        """Counts the record, in its group too, when its printed flag names disagree with its
        word as the decoder reads it, and apart when its GFP names disagree with its mask; the
        first few of each are kept to be shown."""
        assert self.decoder is not None
        gfp = self.decoder.gfp_difference(record)
        if gfp is not None:
            self.gfp_mismatches += 1
            if len(self.gfp_mismatch_examples) < MISMATCH_EXAMPLES:
                self.gfp_mismatch_examples.append(f"line {record.line}: {gfp}")
        differences = self.decoder.flags(record).differences
        if not differences:
            return
        example = f"line {record.flags_line or record.line}: {'; '.join(differences)}"
        self.mismatches += 1
        if len(self.mismatch_examples) < MISMATCH_EXAMPLES:
            self.mismatch_examples.append(example)
        group[2] += 1
        if group[3] is None:
            group[3] = example


MISMATCH_EXAMPLES = 3


def _new_group() -> list[Any]:
    """A group's counts: records, pages, records whose flags disagree, and the first of them."""
    return [0, 0, 0, None]


def group_records(
    items: Iterable[PageOwnerRecord | StrayText],
    keys: list[str],
    only: RecordFilter = RecordFilter(),
    decoder: Decoder | None = None,
) -> Tally:
    """Records and pages (``2**order`` a record) per distinct value of ``keys``, of the records
    ``only`` lets in; with a ``decoder``, the flags, GFP masks and migratetypes as it reads
    them, and each record's printed flags checked against its word."""
    getters = [_getter(key) for key in keys]
    if decoder is not None:
        decoded: dict[str, Callable[[PageOwnerRecord], Value]] = {
            "flags": lambda record: decoder.flags(record).names,
            "gfp": decoder.gfp,
            "migratetype": decoder.migratetype,
        }
        getters = [decoded.get(key, getter) for key, getter in zip(keys, getters)]
    return _tally(items, lambda record: tuple(get(record) for get in getters), only, decoder)


def _getter(key: str) -> Callable[[PageOwnerRecord], Value]:
    """How a record's value of ``key`` is found, what the stack alone decides worked out once per
    distinct stack."""
    if key in STACK_ONLY_KEYS:
        return _per_stack(KEY_OF[key])
    if key == "allocator":
        by_stack = _per_stack(lambda record: stack_allocator(record.stack))
        return lambda record: "slab" if _says_slab(record) else by_stack(record)
    return KEY_OF[key]


def _tally(
    items: Iterable[PageOwnerRecord | StrayText],
    key_of: Callable[[PageOwnerRecord], tuple[Any, ...]],
    only: RecordFilter,
    decoder: Decoder | None = None,
) -> Tally:
    tally = Tally(only=only, decoder=decoder)
    groups = tally.groups
    for item in items:
        record = tally.count_aside(item)
        if record is None:
            continue
        pages = tally.pages_of(record)
        tally.records += 1
        tally.pages += pages
        key = key_of(record)
        found = groups.get(key)
        if found is None:
            found = groups[key] = _new_group()
        found[0] += 1
        found[1] += pages
        if decoder is not None:
            tally.check_flags(record, found)
    return tally


def group_stacks(blocks: Iterable[StackCount], keys: list[str]) -> Tally:
    """Stacks and their pages (``nr_base_pages``; 0 where the file prints none, as
    ``show_stacks_handles``) per distinct value of ``keys``, any of ``STACK_KEYS``: the
    ``records`` of the tally are stacks here."""
    getters = [STACK_KEY_OF[key] for key in keys]
    return _tally_stacks(blocks, lambda block: tuple(get(block) for get in getters))


def _tally_stacks(blocks: Iterable[StackCount], key_of: Callable[[StackCount], tuple[Any, ...]]) -> Tally:
    tally = Tally(unit="stack")
    for block in blocks:
        tally.unknown_lines += len(block.unknown)
        tally.incomplete += not block.complete
        tally.uncounted += block.nr_base_pages is None
        pages = block.nr_base_pages or 0
        tally.records += 1
        tally.pages += pages
        key = key_of(block)
        found = tally.groups.get(key)
        if found is None:
            found = tally.groups[key] = _new_group()
        found[0] += 1
        found[1] += pages
    return tally


class FoldedStack(NamedTuple):
    """A stack as flame-graph tools read it: functions from the outermost to the innermost,
    joined by ``;``, with the pages allocated through it."""

    stack: str
    pages: int


def fold_stacks(
    items: Iterable[PageOwnerRecord | StrayText], only: RecordFilter = RecordFilter()
) -> tuple[list[FoldedStack], Tally]:
    """Pages per folded stack, in the order of the stacks' text, of the records ``only`` lets in."""
    return _folded(_tally(items, _per_stack(_outermost_first), only))


def fold_stack_counts(blocks: Iterable[StackCount]) -> tuple[list[FoldedStack], Tally]:
    """``fold_stacks`` for a page_owner_stacks file: each stack weighed by its pages."""
    return _folded(_tally_stacks(blocks, _outermost_first))


def _folded(tally: Tally) -> tuple[list[FoldedStack], Tally]:
    folded = sorted(
        FoldedStack(";".join(functions) or "(no stack)", counts[1]) for functions, counts in tally.groups.items()
    )
    return folded, tally


def _outermost_first(record: HasStack) -> tuple[str, ...]:
    return tuple(frame.function or frame.text.strip() for frame in reversed(record.stack))
