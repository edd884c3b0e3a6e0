"""Synthetic page_owner dumps in any era's grammar, deterministic from a seed.

``synthetic_records(kernel, count, seed)`` yields ``PageOwnerRecord`` values as the parser
would return them; ``render(record)`` prints one as that era's kernel does (blank line
included); ``write_dump(out, kernel, count, seed)`` streams a whole dump, so ten million
records never sit in memory. The page->flags words come from the release's own layout
(``facts/pglayout``), node and zone bits included; the GFP masks and stacks are taken from
records posted publicly (cited below), one set per era of the GFP bit numbering.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache
from typing import TextIO

from ..errors import UnknownFlag
from ..facts.pglayout import PgLayout, pg_layout
from ..facts.releases import parse_release, release_in
from .records import ERAS, OLD_FLAG_COLUMNS, OLD_FLAG_NAMES, Frame, Memcg, PageOwnerRecord, parse_frame

# Masks with their %pGg text as kernels printed them. 3.19 era: LKML 2015 ("page_owner" output
# on rc7, 0x280da, 0x202d0) and linux-mm 2008 (0x120050, out-of-tree); 4.6 era: Vlastimil Babka's
# "mm, page_owner: track and print last migrate reason" (2016); 5.x: Waiman Long's memcg series
# (Jan 2022), an allocation failure report of 5.13.14 (lkrg issue 106) and stackcollapse-
# pageowner.pl's example; 6.x: Jeff Xie's page_owner RFC (6.8-era dump).
GFP_MASKS: dict[str, tuple[tuple[int, str], ...]] = {
    "3.19": ((0x280DA, ""), (0x202D0, ""), (0x120050, "")),
    "4.6": ((0x24213CA, "GFP_HIGHUSER_MOVABLE|GFP_COLD|GFP_NOWARN|GFP_NORETRY"),),
    "5.0": ((0x1100CCA, "GFP_HIGHUSER_MOVABLE"), (0x40A20, "GFP_ATOMIC|__GFP_COMP"), (0x0, "")),
    "6.0": (
        (0x152C4A, "GFP_NOFS|__GFP_HIGHMEM|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_HARDWALL|__GFP_MOVABLE"),
        (0x0, ""),
    ),
}

# Stacks whose frames appear in the public records above and in Documentation/mm/page_owner.rst.
STACKS: tuple[tuple[str, ...], ...] = (
    (
        "post_alloc_hook+0x77/0xf0",
        "get_page_from_freelist+0x58d/0x14e0",
        "__alloc_pages+0x1b2/0x380",
        "alloc_pages_mpol+0x97/0x1f0",
        "folio_alloc+0x18/0x50",
        "page_cache_ra_unbounded+0x9b/0x1a0",
        "filemap_fault+0x5f7/0xc20",
        "__do_fault+0x31/0xc0",
        "handle_mm_fault+0xbc/0x2f0",
        "exc_page_fault+0x73/0x170",
    ),
    (
        "prep_new_page+0xac/0xe0",
        "get_page_from_freelist+0x1327/0x14d0",
        "__alloc_pages+0x191/0x340",
        "shmem_alloc_page+0x3f/0x90",
        "shmem_getpage_gfp+0x281/0x940",
        "generic_perform_write+0xed/0x1d0",
        "vfs_write+0x1ba/0x2a0",
        "do_syscall_64+0x37/0x80",
    ),
    (
        "post_alloc_hook+0x177/0x1a0",
        "get_page_from_freelist+0xd01/0xd80",
        "__alloc_pages+0x39e/0x7e0",
        "folio_alloc+0xd5/0x110",
        "filemap_alloc_folio+0x78/0x230",
        "filemap_read+0x304/0x9f0",
        "xfs_file_buffered_read+0xe6/0x1d0 [xfs]",
        "xfs_file_read_iter+0xbe/0x140 [xfs]",
        "vfs_read+0x1d9/0x2c0",
    ),
    ("register_early_stack+0x2d/0x5e", "init_page_owner+0x2a/0x2a7", "kernel_init_freeable+0xed/0x14d"),
)
OLD_ADDRESSES = ("ffffffff81164e9a", "ffffffff811ab938", "ffffffff8115bc46", "ffffffffa0427d72")
COMMS = (("systemd", 1), ("kworker/0:1", 93), ("podman", 162970), ("a.out", 98), ("swapper/0", 0))
MIGRATE_REASONS = ("compaction", "numa_misplaced", "syscall_or_cpuset", "memory_hotplug")
MEMCGS = (Memcg("/", False, False), Memcg("system.slice", True, False), Memcg("libpod-conmon-15e4f9c7", False, True))

# Kinds of pages: the PG_ members set, when the release has them all.
PAGE_KINDS = (
    ("uptodate", "lru", "mappedtodisk"),
    ("referenced", "uptodate", "dirty", "lru", "swapbacked"),
    ("slab",),
    ("head",),
    ("reserved",),
    (),
)
# The %pGp field names for the layout's field names, in the kernel's order (lib/vsprintf.c).
PRINTED_FIELDS = (("section", "section"), ("node", "node"), ("zone", "zone"), ("last_cpupid", "lastcpupid"))
HEX_FIELDS = frozenset({"lastcpupid"})


def era_of_release(kernel: str) -> str:
    """The grammar era of a release (the newest era that started at or before it)."""
    position = parse_release(kernel).position
    found = ERAS[0][0]
    for era, _ in ERAS:
        if release_in(position, era, None):
            found = era
    return found


def synthetic_records(kernel: str, count: int, seed: int = 0, config: str = "x86_64") -> Iterator[PageOwnerRecord]:
    """``count`` records as ``kernel`` prints them, numbered as ``render`` lays them out."""
    era = era_of_release(kernel)
    layout = pg_layout(kernel, config)
    chooser = random.Random(seed)
    masks = _masks(era)
    stacks = [_stack(era, lines) for lines in STACKS]
    kinds = _kinds(layout)
    line = 1
    pfn = 0x1000
    ts = 1_000_000_000
    for _ in range(count):
        record = _record(era, layout, chooser, masks, stacks, kinds, line, pfn, ts)
        yield record
        line += _line_count(record)
        pfn += (1 << record.order) + chooser.randrange(4)
        ts += chooser.randrange(1, 50_000)


def render(record: PageOwnerRecord) -> str:
    """The text of a record in its era's grammar, with its blank line."""
    era = record.era or ERAS[-1][0]
    parts = [_header(record, era), _pfn_line(record, era)]
    parts.extend(frame.text for frame in record.stack)
    if record.handle is not None:
        parts.append(f"handle: {record.handle}")
    if record.migrate_reason is not None:
        parts.append(f"Page has been migrated, last migrate reason: {record.migrate_reason}")
    if record.slab_cache:
        parts.append("Slab cache page")
    if record.memcg is not None:
        memcg = record.memcg
        via = "(via objcg) " if memcg.via_objcg else ""
        parts.append(f"Charged {via}to {'offline ' if memcg.offline else ''}memcg {memcg.name}")
    return "\n".join(parts) + "\n\n"


def write_dump(out: TextIO, kernel: str, count: int, seed: int = 0, config: str = "x86_64") -> None:
    """Streams a dump of ``count`` records to ``out``."""
    batch: list[str] = []
    for record in synthetic_records(kernel, count, seed, config):
        batch.append(render(record))
        if len(batch) >= 4096:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))


def _header(record: PageOwnerRecord, era: str) -> str:
    text = f"Page allocated via order {record.order}, mask {record.gfp_mask:#x}"
    if era == "3.19":
        return text
    text += f"({record.gfp_text})"
    if record.pid is None:
        return text
    text += f", pid {record.pid}"
    if record.tgid is not None:
        text += f", tgid {record.tgid} ({record.comm})"
    text += f", ts {record.ts} ns"
    if record.free_ts is not None:
        text += f", free_ts {record.free_ts} ns"
    return text


def _pfn_line(record: PageOwnerRecord, era: str) -> str:
    if era == "3.19":
        fallback = "Fallback" if record.fallback else " " * 8
        return (
            f"PFN {record.pfn} Block {record.block_pfn} type {record.block_migratetype} {fallback}"
            f" Flags {record.flags_text}"
        )
    pfn = f"{record.pfn:#x}" if record.pfn_hex else f"{record.pfn}"
    return (
        f"PFN {pfn} type {record.page_migratetype} Block {record.block_pfn} type {record.block_migratetype}"
        f" Flags {record.flags_word:#x}({record.flags_text})"
    )


def _record(
    era: str,
    layout: PgLayout,
    chooser: random.Random,
    masks: tuple[tuple[int, str], ...],
    stacks: list[tuple[Frame, ...]],
    kinds: list[tuple[str, ...]],
    line: int,
    pfn: int,
    ts: int,
) -> PageOwnerRecord:
    shape = dict(ERAS)[era]
    mask, gfp_text = chooser.choice(masks)
    comm, pid = chooser.choice(COMMS)
    kind = chooser.choice(kinds)
    order = chooser.choice((0, 0, 0, 1, 2, 3, 9))
    word, flags_text = _flags(era, layout, kind, chooser)
    old = shape.pfn_line == "old"
    page_mt = chooser.choice(("Unmovable", "Movable", "Reclaimable"))
    block_mt = chooser.choice(("Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"))
    new_memcg = shape.tgid
    return PageOwnerRecord(
        line=line,
        era=era,
        order=order,
        gfp_mask=mask,
        gfp_text=gfp_text if shape.gfp_text else None,
        pid=pid if shape.pid else None,
        tgid=pid + chooser.randrange(2) if shape.tgid else None,
        comm=comm if shape.tgid else None,
        ts=ts if shape.pid else None,
        free_ts=(chooser.choice((0, ts - 1000))) if shape.free_ts else None,
        pfn=pfn,
        pfn_hex=shape.pfn_line == "hex",
        page_migratetype=None if old else page_mt,
        block_pfn=pfn >> 9,
        block_migratetype=str(chooser.randrange(4)) if old else block_mt,
        fallback=chooser.random() < 0.1 if old else None,
        flags_word=None if old else word,
        flags_text=flags_text,
        stack=chooser.choice(stacks),
        migrate_reason=chooser.choice(MIGRATE_REASONS) if era != "3.19" and chooser.random() < 0.1 else None,
        slab_cache=new_memcg and "slab" in kind,
        memcg=chooser.choice(MEMCGS) if new_memcg and chooser.random() < 0.3 else None,
        handle=None,
        unknown=(),
        complete=True,
    )


def _flags(era: str, layout: PgLayout, kind: tuple[str, ...], chooser: random.Random) -> tuple[int, str]:
    word = 0
    for name in kind:
        word |= 1 << layout.bit_of(name)
    names = [bit.name for bit in layout.bits if word >> bit.bit & 1]
    if era == "3.19":
        return word, _columns(set(kind))
    fields = {field.name: field for field in layout.fields}
    values = {"node": chooser.randrange(2), "zone": chooser.choice((1, 2)), "section": 0}
    printed: list[str] = []
    for name, label in PRINTED_FIELDS:
        field = fields.get(name)
        if field is None:
            continue
        value = values.get(name, (1 << field.width) - 1)
        word |= value << field.shift
        printed.append(f"{label}={value:#x}" if label in HEX_FIELDS else f"{label}={value}")
    if parse_release(era).position < parse_release("5.13").position:
        printed = []
    return word, "|".join(names + printed)


def _columns(kind: set[str]) -> str:
    # PAGE_KINDS names head pages, which the C column shows as compound.
    meaning = dict(zip(OLD_FLAG_COLUMNS, OLD_FLAG_NAMES))
    meaning["C"] = "head"
    return "".join(letter if meaning[letter] in kind else " " for letter in OLD_FLAG_COLUMNS)


def _kinds(layout: PgLayout) -> list[tuple[str, ...]]:
    usable: list[tuple[str, ...]] = []
    for kind in PAGE_KINDS:
        try:
            for name in kind:
                layout.bit_of(name)
        except UnknownFlag:
            continue  # slab left page->flags in 6.10
        usable.append(kind)
    return usable


def _masks(era: str) -> tuple[tuple[int, str], ...]:
    if era == "3.19":
        return GFP_MASKS["3.19"]
    if parse_release(era).position < parse_release("5.0").position:
        return GFP_MASKS["4.6"]
    return GFP_MASKS["5.0"] if parse_release(era).position < parse_release("6.0").position else GFP_MASKS["6.0"]


@lru_cache(maxsize=64)
def _stack(era: str, lines: tuple[str, ...]) -> tuple[Frame, ...]:
    if era in ("3.19", "4.6"):
        return tuple(
            parse_frame(f" [<{OLD_ADDRESSES[i % len(OLD_ADDRESSES)]}>] {line}") for i, line in enumerate(lines)
        )
    return tuple(parse_frame(f" {line}") for line in lines)


def _line_count(record: PageOwnerRecord) -> int:
    extra = (record.migrate_reason is not None) + record.slab_cache + (record.memcg is not None)
    return 2 + len(record.stack) + extra + (record.handle is not None) + 1
