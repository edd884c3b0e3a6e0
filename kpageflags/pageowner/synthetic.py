"""Synthetic page_owner dumps in any era's grammar, deterministic from a seed.

``synthetic_records(kernel, count, seed)`` yields ``PageOwnerRecord`` values as the parser
would return them; ``render(record)`` prints one as that era's kernel does (blank line
included); ``write_dump(out, kernel, count, seed)`` streams a whole dump, so ten million
records never sit in memory. Both draw from the same pool of record patterns, so a dump
written by ``write_dump`` is the rendering of ``synthetic_records``, record for record.

A dump of a large machine repeats a few thousand stacks millions of times, a few of them very
often and most rarely. The pool models that: a few thousand distinct stacks built from the
mainline call paths of the common allocators (page cache, anonymous faults, slab, page
tables, vmalloc, networking) with call sites that differ, weighted by a Zipf law. Each pattern
is rendered once; a record then only fills in its process, times and PFN. The page->flags
words come from the release's own layout (``facts/pglayout``), node and zone bits included;
the GFP masks and their ``%pGg`` names from the release's GFP table (``facts/gfp``), except
before 4.6, which printed no names: there, masks from records posted publicly (LKML 2015,
``page_owner`` output on 3.19-rc7: 0x280da, 0x202d0; linux-mm 2008: 0x120050). Migratetypes
and migrate reasons are the release's own.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple, TextIO

from ..facts.gfp import decode_gfp, gfp_layout, migrate_reasons, migratetype_names
from ..facts.pglayout import PgLayout, pg_layout
from ..facts.releases import parse_release, release_in
from .records import ERAS, OLD_FLAG_COLUMNS, OLD_FLAG_NAMES, Frame, Memcg, PageOwnerRecord, parse_frame


class _Path(NamedTuple):
    """One way pages get allocated: the frames after the page allocator's own, innermost
    first, the callers that may sit above them, the GFP masks by name, the orders, the page
    flags its pages carry and its weight among allocations."""

    frames: tuple[str, ...]
    callers: tuple[str, ...]
    gfp: tuple[str, ...]
    orders: tuple[int, ...]
    kind: tuple[str, ...]
    weight: int
    under_allocator: bool = True


_FAULT = ("handle_mm_fault", "do_user_addr_fault", "exc_page_fault", "asm_exc_page_fault")
_SYSCALL = ("do_syscall_64", "entry_SYSCALL_64_after_hwframe")
_WORKER = ("process_one_work", "worker_thread", "kthread", "ret_from_fork")
# Mainline function names along each path, as page_owner records posted publicly show them.
PATHS: tuple[_Path, ...] = (
    _Path(
        ("folio_alloc", "page_cache_ra_unbounded", "filemap_fault", "__do_fault", "do_fault", "__handle_mm_fault"),
        _FAULT,
        ("GFP_HIGHUSER_MOVABLE", "__GFP_COMP|__GFP_NOWARN|__GFP_NORETRY|GFP_HIGHUSER_MOVABLE"),
        (0, 0, 0, 2),
        ("uptodate", "lru", "mappedtodisk"),
        30,
    ),
    _Path(
        ("filemap_alloc_folio", "filemap_get_pages", "filemap_read"),
        ("xfs_file_buffered_read [xfs]", "ext4_file_read_iter", "blkdev_read_iter", "generic_file_read_iter"),
        ("GFP_HIGHUSER_MOVABLE", "GFP_NOFS|__GFP_HIGHMEM|__GFP_HARDWALL|__GFP_MOVABLE"),
        (0, 0, 2),
        ("referenced", "uptodate", "lru", "mappedtodisk"),
        20,
    ),
    _Path(
        ("__filemap_get_folio", "ext4_da_write_begin", "generic_perform_write", "ext4_buffered_write_iter"),
        ("vfs_write", "ksys_write", "__x64_sys_pwrite64", "iter_file_splice_write"),
        ("GFP_NOFS|__GFP_HIGHMEM|__GFP_HARDWALL|__GFP_MOVABLE",),
        (0,),
        ("uptodate", "dirty", "lru", "mappedtodisk"),
        12,
    ),
    _Path(
        ("vma_alloc_folio", "do_anonymous_page", "__handle_mm_fault"),
        _FAULT,
        ("GFP_HIGHUSER_MOVABLE|__GFP_ZERO",),
        (0,),
        ("referenced", "uptodate", "dirty", "lru", "swapbacked"),
        25,
    ),
    _Path(
        ("vma_alloc_folio", "do_huge_pmd_anonymous_page", "__handle_mm_fault"),
        _FAULT,
        ("GFP_TRANSHUGE", "GFP_TRANSHUGE|__GFP_THISNODE"),
        (9,),
        ("head", "uptodate", "dirty", "lru", "swapbacked"),
        6,
    ),
    _Path(
        ("vma_alloc_folio", "wp_page_copy", "do_wp_page", "__handle_mm_fault"),
        _FAULT,
        ("GFP_HIGHUSER_MOVABLE",),
        (0,),
        ("uptodate", "dirty", "lru", "swapbacked"),
        6,
    ),
    _Path(
        ("allocate_slab", "___slab_alloc", "__slab_alloc", "kmem_cache_alloc"),
        ("alloc_inode", "d_alloc", "vm_area_alloc", "getname_flags", "alloc_buffer_head", "__alloc_skb"),
        ("GFP_KERNEL|__GFP_COMP|__GFP_NOWARN|__GFP_NORETRY", "GFP_NOWAIT|__GFP_COMP|__GFP_NOWARN|__GFP_NORETRY"),
        (0, 1, 2, 3),
        ("slab",),
        12,
    ),
    _Path(
        ("allocate_slab", "___slab_alloc", "__kmalloc"),
        ("kvmalloc_node", "seq_read_iter", "bpf_map_area_alloc", "xfs_buf_get_map [xfs]", "nvme_queue_rq [nvme]"),
        ("GFP_KERNEL_ACCOUNT|__GFP_COMP|__GFP_ZERO", "GFP_ATOMIC|__GFP_COMP"),
        (0, 1, 3),
        ("slab",),
        5,
    ),
    _Path(
        ("__pte_alloc", "do_anonymous_page", "__handle_mm_fault"),
        _FAULT,
        ("GFP_KERNEL_ACCOUNT|__GFP_ZERO",),
        (0,),
        (),
        4,
    ),
    _Path(
        ("__vmalloc_area_node", "__vmalloc_node_range", "alloc_thread_stack_node", "dup_task_struct", "copy_process"),
        ("kernel_clone", "__do_sys_clone", "__do_sys_clone3", "kernel_thread"),
        ("GFP_KERNEL|__GFP_ZERO",),
        (0,),
        (),
        3,
    ),
    _Path(
        ("__vmalloc_area_node", "__vmalloc_node_range", "module_alloc", "load_module"),
        ("__do_sys_finit_module", "__do_sys_init_module"),
        ("GFP_KERNEL",),
        (0,),
        (),
        1,
    ),
    _Path(
        ("page_pool_alloc_pages", "mlx5e_alloc_rx_mpwqe [mlx5_core]", "mlx5e_post_rx_mpwqes [mlx5_core]"),
        ("mlx5e_napi_poll [mlx5_core]", "__napi_poll", "net_rx_action"),
        ("GFP_ATOMIC|__GFP_NOWARN",),
        (0,),
        (),
        3,
    ),
    _Path(
        ("skb_page_frag_refill", "sk_page_frag_refill", "tcp_sendmsg_locked", "tcp_sendmsg"),
        ("sock_sendmsg", "__sys_sendto", "sock_write_iter"),
        ("GFP_KERNEL|__GFP_COMP|__GFP_NOWARN|__GFP_NORETRY", "GFP_KERNEL"),
        (0, 3),
        ("head",),
        3,
    ),
    # Pages allocated before page_owner started, which it records with a stack of its own and no mask.
    _Path(
        ("register_early_stack", "init_page_owner", "page_ext_init"),
        ("kernel_init_freeable",),
        ("",),
        (0,),
        ("reserved",),
        8,
        under_allocator=False,
    ),
)
# The allocator's own frames at the top of each stack, by the release that started printing them.
ALLOCATOR_FRAMES = (
    ("3.19", ("__alloc_pages_nodemask", "alloc_pages_current")),
    ("5.0", ("prep_new_page", "get_page_from_freelist", "__alloc_pages_nodemask")),
    ("5.13", ("prep_new_page", "get_page_from_freelist", "__alloc_pages")),
    ("6.0", ("post_alloc_hook", "get_page_from_freelist", "__alloc_pages")),
    ("6.10", ("post_alloc_hook", "get_page_from_freelist", "__alloc_pages_noprof")),
)
# Before 4.6 there are no names to build masks from: masks posted with their kernels' records.
OLD_GFP_MASKS = (0x280DA, 0x202D0, 0x120050)
OLD_ADDRESSES = ("ffffffff81164e9a", "ffffffff811ab938", "ffffffff8115bc46", "ffffffffa0427d72")
COMMANDS = ("systemd", "kworker/u16:2", "podman", "postgres", "java", "python3", "sshd", "bash", "nginx", "qemu-kvm")
MEMCGS = (Memcg("/", False, False), Memcg("system.slice", True, False), Memcg("libpod-conmon-15e4f9c7", False, True))
# The %pGp field names for the layout's field names, in the kernel's order (lib/vsprintf.c).
PRINTED_FIELDS = (("section", "section"), ("node", "node"), ("zone", "zone"), ("last_cpupid", "lastcpupid"))
HEX_FIELDS = frozenset({"lastcpupid"})

STACKS = 3000
"""Distinct stacks in the pool: a few thousand, as a large machine's dump has."""
PATTERNS = 8192
"""Record patterns (a stack with its mask, order, flags and trailing lines) drawn from them."""
ZIPF = 1.0
"""The exponent of the stacks' Zipf law: the most common is about twice the second, ten times the tenth."""
PROCESSES = 400
BATCH = 4096
TS_STEPS = range(1, 50_000)
"""Nanoseconds between two allocations."""


def era_of_release(kernel: str) -> str:
    """The grammar era of a release (the newest era that started at or before it)."""
    position = parse_release(kernel).position
    found = ERAS[0][0]
    for era, _ in ERAS:
        if release_in(position, era, None):
            found = era
    return found


class _Pattern(NamedTuple):
    """A record with its process, times and PFN left to fill in, and its text as a
    ``%`` template taking the process, the times, the PFN and the block."""

    record: PageOwnerRecord
    template: str
    lines: int
    pages: int


class _Process(NamedTuple):
    pid: int
    tgid: int
    comm: str
    text: str  # as the header prints it in the era


class _Pool(NamedTuple):
    era: str
    patterns: tuple[_Pattern, ...]
    processes: tuple[_Process, ...]
    process_weights: tuple[float, ...]


class _Batch(NamedTuple):
    """Records drawn together, as columns: their patterns, processes, first lines, PFNs,
    allocation times and free times."""

    patterns: list[_Pattern]
    processes: list[_Process]
    lines: list[int]
    pfns: list[int]
    times: list[int]
    free_times: list[int]


def synthetic_records(kernel: str, count: int, seed: int = 0, config: str = "x86_64") -> Iterator[PageOwnerRecord]:
    """``count`` records as ``kernel`` prints them, numbered as ``render`` lays them out."""
    shape = dict(ERAS)[era_of_release(kernel)]
    for batch in _draws(_pool(kernel, seed, config), count, seed):
        for pattern, process, line, pfn, ts, free_ts in zip(*batch):
            yield pattern.record._replace(
                line=line,
                flags_line=line + 1,  # the PFN line follows the header
                pid=process.pid if shape.pid else None,
                tgid=process.tgid if shape.tgid else None,
                comm=process.comm if shape.tgid else None,
                ts=ts if shape.pid else None,
                free_ts=free_ts if shape.free_ts else None,
                pfn=pfn,
                block_pfn=pfn >> 9,
            )


def write_dump(out: TextIO, kernel: str, count: int, seed: int = 0, config: str = "x86_64") -> None:
    """Streams a dump of ``count`` records to ``out``: the text ``render`` gives for each of
    ``synthetic_records``, without building the records."""
    for batch in _draws(_pool(kernel, seed, config), count, seed):
        out.write(
            "".join(
                [
                    pattern.template
                    % {"process": process.text, "ts": ts, "free_ts": free_ts, "pfn": pfn, "block": pfn >> 9}
                    for pattern, process, _, pfn, ts, free_ts in zip(*batch)
                ]
            )
        )


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


def _draws(pool: _Pool, count: int, seed: int) -> Iterator[_Batch]:
    """The records drawn a batch at a time, their running values summed at C speed."""
    chooser = random.Random(seed ^ 0x5EED)
    free_ts = dict(ERAS)[pool.era].free_ts
    line, pfn, ts = 1, 0x1000, 1_000_000_000
    for start in range(0, count, BATCH):
        # Whole batches drawn, so that a shorter dump is the start of a longer one.
        size = min(BATCH, count - start)
        patterns = chooser.choices(pool.patterns, k=BATCH)[:size]
        processes = chooser.choices(pool.processes, cum_weights=pool.process_weights, k=BATCH)[:size]
        gaps = chooser.choices(range(4), k=BATCH)[:size]
        lines = list(accumulate([pattern.lines for pattern in patterns], initial=line))
        pfns = list(accumulate([pattern.pages + gap for pattern, gap in zip(patterns, gaps)], initial=pfn))
        times = list(accumulate(chooser.choices(TS_STEPS, k=BATCH)[:size], initial=ts))
        line, pfn, ts = lines.pop(), pfns.pop(), times.pop()
        # Some blocks were freed once before this allocation (5.13-6.6 print when).
        freed = [t - 1000 if free_ts and gap == 3 else 0 for t, gap in zip(times, gaps)]
        yield _Batch(patterns, processes, lines, pfns, times, freed)


@lru_cache(maxsize=4)
def _pool(kernel: str, seed: int, config: str) -> _Pool:
    era = era_of_release(kernel)
    chooser = random.Random(seed)
    layout = pg_layout(kernel, config)
    stacks = _stacks(kernel, era, chooser)
    stack_weights = list(accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(stacks))))
    picked = chooser.choices(stacks, cum_weights=stack_weights, k=PATTERNS)
    masks = _masks(kernel, era)
    reasons = migrate_reasons(kernel)
    types = migratetype_names(kernel, config)
    members = frozenset(name for bit in layout.bits for name in (bit.name, *(alias.name for alias in bit.aliases)))
    flags: dict[tuple[tuple[str, ...], int, int], tuple[int, str]] = {}
    patterns = tuple(
        _pattern(era, layout, chooser, members, flags, path, stack, masks[chooser.choice(path.gfp)], reasons, types)
        for stack, path in picked
    )
    processes = tuple(_process(era, chooser, n) for n in range(PROCESSES))
    process_weights = tuple(accumulate(1 / (rank + 1) for rank in range(PROCESSES)))
    return _Pool(era, patterns, processes, process_weights)


def _stacks(kernel: str, era: str, chooser: random.Random) -> list[tuple[tuple[str, ...], _Path]]:
    """STACKS distinct stacks, in the order found (their Zipf rank): a path with one of its
    callers, each function called from one of a few sites (its offset), under the release's
    allocator frames."""
    position = parse_release(kernel).position
    top = next(frames for since, frames in reversed(ALLOCATOR_FRAMES) if release_in(position, since, None))
    sizes: dict[str, int] = {}
    found: dict[tuple[str, ...], _Path] = {}
    weights = list(accumulate(path.weight for path in PATHS))
    while len(found) < STACKS:
        path = chooser.choices(PATHS, cum_weights=weights)[0]
        caller = path.callers[chooser.randrange(len(path.callers))]
        above = _FAULT if caller in _FAULT else (caller, *_SYSCALL) if path.under_allocator else (caller,)
        names = (*(top if path.under_allocator else ()), *path.frames, *above)
        found.setdefault(tuple(_frame_text(name, sizes, chooser) for name in names), path)
    return list(found.items())


def _frame_text(name: str, sizes: dict[str, int], chooser: random.Random) -> str:
    """``function+0xOFF/0xSIZE [module]``: a function keeps its size, its call sites vary."""
    function, _, module = name.partition(" ")
    size = sizes.setdefault(function, 0x40 + chooser.randrange(0x1000))
    offset = (size >> 2) + chooser.randrange(3) * (size >> 3)
    return f"{function}+{offset:#x}/{size:#x}" + (f" {module}" if module else "")


def _masks(kernel: str, era: str) -> dict[str, tuple[int, str | None]]:
    """Each mask the paths name, with the ``%pGg`` text the release prints for it."""
    spelled = {gfp for path in PATHS for gfp in path.gfp}
    if era == "3.19":
        return {gfp: (OLD_GFP_MASKS[n % len(OLD_GFP_MASKS)], None) for n, gfp in enumerate(sorted(spelled))}
    names = dict(gfp_layout(kernel).names)
    masks: dict[str, tuple[int, str | None]] = {}
    for gfp in spelled:
        mask = 0
        for name in filter(None, gfp.split("|")):
            mask |= names[name]
        masks[gfp] = (mask, decode_gfp(mask, kernel).pgg())
    return masks


def _pattern(
    era: str,
    layout: PgLayout,
    chooser: random.Random,
    members: frozenset[str],
    flags: dict[tuple[tuple[str, ...], int, int], tuple[int, str]],
    path: _Path,
    stack_lines: tuple[str, ...],
    mask: tuple[int, str | None],
    reasons: tuple[str, ...],
    types: tuple[str, ...],
) -> _Pattern:
    shape = dict(ERAS)[era]
    order = path.orders[chooser.randrange(len(path.orders))]
    kind = tuple(name for name in path.kind if name in members)  # slab left page->flags in 6.10
    node, zone = chooser.randrange(2), chooser.choice((1, 2))
    word, flags_text = flags.get((kind, node, zone)) or flags.setdefault(
        (kind, node, zone), _flags(era, layout, kind, node, zone)
    )
    old = shape.pfn_line == "old"
    record = PageOwnerRecord(
        line=0,
        era=era,
        order=order,
        gfp_mask=mask[0],
        gfp_text=mask[1] if shape.gfp_text else None,
        pid=None,
        tgid=None,
        comm=None,
        ts=None,
        free_ts=None,
        pfn=0,
        pfn_hex=shape.pfn_line == "hex",
        page_migratetype=None if old else types[chooser.randrange(3)],
        block_pfn=0,
        block_migratetype=str(chooser.randrange(len(types))) if old else types[chooser.randrange(len(types))],
        fallback=chooser.random() < 0.1 if old else None,
        flags_word=None if old else word,
        flags_text=flags_text,
        stack=_stack(era, stack_lines),
        migrate_reason=reasons[chooser.randrange(len(reasons))] if reasons and chooser.random() < 0.1 else None,
        slab_cache=shape.tgid and "slab" in path.kind,
        memcg=MEMCGS[chooser.randrange(len(MEMCGS))] if shape.tgid and chooser.random() < 0.3 else None,
        handle=None,
        unknown=(),
        complete=True,
    )
    return _Pattern(record, _template(record, era), _line_count(record), 1 << order)


def _template(record: PageOwnerRecord, era: str) -> str:
    """The record's text as a ``%`` template taking, by name, the process (its header text),
    the times, the PFN and the block (``%`` in the text doubled)."""
    shape = dict(ERAS)[era]
    marked = record._replace(pid=None, tgid=None, ts=None, free_ts=None, pfn=-1, block_pfn=-2)
    text = render(marked).replace("%", "%%")
    header, _, rest = text.partition("\n")
    pfn = f"{-1:#x}" if record.pfn_hex else "-1"
    rest = rest.replace(f"PFN {pfn} ", "PFN %(pfn)#x " if record.pfn_hex else "PFN %(pfn)d ", 1)
    rest = rest.replace(" Block -2 ", " Block %(block)d ", 1)
    times = ", ts %(ts)d ns" if shape.pid else ""
    times += ", free_ts %(free_ts)d ns" if shape.free_ts else ""
    return f"{header}%(process)s{times}\n{rest}"


def _process(era: str, chooser: random.Random, number: int) -> _Process:
    shape = dict(ERAS)[era]
    pid = 1 if number == 0 else 100 + chooser.randrange(400_000)
    tgid = pid if number == 0 or chooser.random() < 0.7 else pid - 1 - chooser.randrange(50)
    comm = "systemd" if number == 0 else COMMANDS[chooser.randrange(len(COMMANDS))]
    if shape.tgid:
        return _Process(pid, tgid, comm, f", pid {pid}, tgid {tgid} ({comm})")
    return _Process(pid, tgid, comm, f", pid {pid}" if shape.pid else "")


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


def _flags(era: str, layout: PgLayout, kind: tuple[str, ...], node: int, zone: int) -> tuple[int, str]:
    word = 0
    for name in kind:
        word |= 1 << layout.bit_of(name)
    names = [bit.name for bit in layout.bits if word >> bit.bit & 1]
    if era == "3.19":
        return word, _columns(set(kind))
    fields = {field.name: field for field in layout.fields}
    values = {"node": node, "zone": zone, "section": 0}
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


@lru_cache(maxsize=STACKS)
def _stack(era: str, lines: tuple[str, ...]) -> tuple[Frame, ...]:
    if era in ("3.19", "4.6"):
        return tuple(
            parse_frame(f" [<{OLD_ADDRESSES[i % len(OLD_ADDRESSES)]}>] {line}") for i, line in enumerate(lines)
        )
    return tuple(parse_frame(f" {line}") for line in lines)


def _line_count(record: PageOwnerRecord) -> int:
    extra = (record.migrate_reason is not None) + record.slab_cache + (record.memcg is not None)
    return 2 + len(record.stack) + extra + (record.handle is not None) + 1
