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
from typing import Any, NamedTuple, Union

from .records import CACHE_LIMIT, Frame, PageOwnerRecord, StrayText

KEYS = ("stack", "pid", "tgid", "comm", "module", "gfp", "migratetype", "order", "allocator", "flags")

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
dumps, where slab pages no longer show ``slab`` among their flags."""


Value = Union[str, int, tuple[str, ...], None]


def allocator_of(record: PageOwnerRecord) -> str:
    for label, prefixes in ALLOCATORS:
        for frame in record.stack:
            if frame.function.startswith(prefixes):
                return label
    return "other"


def _module_of(record: PageOwnerRecord) -> str:
    """The first module in the stack (the innermost), or ``(kernel)``."""
    return next((frame.module for frame in record.stack if frame.module), "(kernel)")


def _flags_of(record: PageOwnerRecord) -> str | None:
    """The page flags' names as printed, without the node=/zone=/... fields (3.19-4.5: the
    one-letter columns as printed)."""
    if record.flags_text is None or record.flags_word is None:
        return record.flags_text
    return "|".join(name for name in record.flags_text.split("|") if "=" not in name)


KEY_OF: dict[str, Callable[[PageOwnerRecord], Value]] = {
    "stack": lambda record: tuple(frame.text.strip() for frame in record.stack),
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
}


STACK_KEYS = frozenset({"stack", "module", "allocator"})
"""Keys that depend on the stack alone: worked out once per distinct stack, not per record."""


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

    groups: dict[tuple[Any, ...], list[int]] = field(default_factory=dict)  # key: [records, pages]
    records: int = 0
    pages: int = 0
    stray_lines: int = 0
    unknown_lines: int = 0
    incomplete: int = 0
    filtered_out: int = 0
    unfilterable: int = 0
    only: RecordFilter = RecordFilter()
    filtering: bool = field(init=False)

    def __post_init__(self) -> None:
        self.filtering = self.only.active

    def count_aside(self, item: PageOwnerRecord | StrayText) -> PageOwnerRecord | None:
        """The item as a record to group, having counted what is not: stray text, unknown
        lines, a record cut short, records the filter leaves out."""
        if isinstance(item, StrayText):
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


def group_records(
    items: Iterable[PageOwnerRecord | StrayText], keys: list[str], only: RecordFilter = RecordFilter()
) -> Tally:
    """Records and pages (``2**order`` a record) per distinct value of ``keys``, of the records
    ``only`` lets in."""
    getters = [_per_stack(KEY_OF[key]) if key in STACK_KEYS else KEY_OF[key] for key in keys]
    return _tally(items, lambda record: tuple(get(record) for get in getters), only)


def _tally(
    items: Iterable[PageOwnerRecord | StrayText],
    key_of: Callable[[PageOwnerRecord], tuple[Any, ...]],
    only: RecordFilter,
) -> Tally:
    tally = Tally(only=only)
    groups = tally.groups
    for item in items:
        record = tally.count_aside(item)
        if record is None:
            continue
        pages = 1 << record.order
        tally.records += 1
        tally.pages += pages
        key = key_of(record)
        found = groups.get(key)
        if found is None:
            groups[key] = [1, pages]
        else:
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
    tally = _tally(items, _per_stack(_outermost_first), only)
    folded = sorted(
        FoldedStack(";".join(functions) or "(no stack)", counts[1]) for functions, counts in tally.groups.items()
    )
    return folded, tally


def _outermost_first(record: PageOwnerRecord) -> tuple[str, ...]:
    return tuple(frame.function or frame.text.strip() for frame in reversed(record.stack))
