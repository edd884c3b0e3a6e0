"""slabinfo's per-cache outputs: the one-line listing, the activity line, the detailed report,
the NUMA table, the alloc/free call sites and the ops block."""

from __future__ import annotations

import os

from .cnum import U64, signed
from .numbers import Figures, ratio, store_size
from .options import Options
from .reading import Cache, SlabTree
from .tool import SlabinfoTool

# slabinfo reads these files into a 4 KiB buffer; paths go through 100- and 128-byte buffers.
READ_LIMIT = 4096
SYSFS_PATH_LIMIT = 99
DEBUGFS_PATH_LIMIT = 127
FLAG_LETTERS = (
    ("aliases", "*"),
    ("cache_dma", "d"),
    ("hwcache_align", "A"),
    ("poison", "P"),
    ("reclaim_account", "a"),
    ("red_zone", "Z"),
    ("sanity_checks", "F"),
    ("store_user", "U"),
    ("trace", "T"),
)


class Context:
    """What every output routine shares: the options, the tool, the trees it reads, the
    figures, the caches read (slabs) and still visible (actual_slabs), the highest node and
    the row count (slabinfo's global ``line``, which decides when a header is printed)."""

    def __init__(self, options: Options, tool: SlabinfoTool, sysfs: str, debugfs: str, figures: Figures) -> None:
        self.options = options
        self.tool = tool
        self.sysfs = sysfs
        self.debugfs = debugfs
        self.figures = figures
        self.visible = 0
        self.cache_count = 0
        self.tree: SlabTree | None = None
        self.line = 0

    def highest_node(self) -> int:
        return self.tree.highest_node() if self.tree is not None else 0

    @property
    def show_bytes(self) -> bool:
        return self.options.show_bytes

    def size_text(self, value: int) -> str:
        return store_size(value, self.show_bytes)


def first_line(ctx: Context) -> str:
    if ctx.options.show_activity:
        return "Name                   Objects      Alloc       Free   %Fast Fallb O CmpX   UL\n"
    space = " Loss" if ctx.options.sort_loss else "Space"
    return f"Name                   Objects Objsize           {space} Slabs/Part/Cpu  O/S O %Fr %Ef Flg\n"


def cache_line(ctx: Context, cache: Cache) -> str | None:
    """slabcache(): the cache's row (with the header before the first), its report when it is
    the only cache, or None when the options leave it out."""
    options = ctx.options
    if cache.name == "*" or (options.unreclaim_only and cache["reclaim_account"]):
        return None
    if ctx.visible == 1:
        return report(ctx, cache)
    if (options.skip_zero and not options.show_empty and not cache["slabs"]) or (options.show_empty and cache["slabs"]):
        return None
    header = first_line(ctx) if ctx.line == 0 else ""
    ctx.line += 1
    row = _activity_row(cache) if options.show_activity else _space_row(ctx, cache)
    return header + row


def _flags(cache: Cache) -> str:
    return "".join(letter for attribute, letter in FLAG_LETTERS if cache[attribute])


def _space_row(ctx: Context, cache: Cache) -> str:
    figures = ctx.figures
    shown = figures.waste(cache) if ctx.options.sort_loss else figures.size(cache)
    slabs, cpu_slabs = cache["slabs"], cache["cpu_slabs"]
    spread = "%d/%d/%d" % ((slabs - cpu_slabs) & U64, cache["partial"], cpu_slabs)
    size = figures.size(cache)
    free = ratio(cache["partial"], slabs) if slabs else 100
    efficiency = ratio(figures.used(cache), size) if slabs else 100
    return "%-21s %8d %7d %15s %14s %4d %1d %3d %3d %s\n" % (
        cache.name,
        signed(cache["objects"]),
        signed(cache["object_size"], 32),
        ctx.size_text(shown),
        spread[:39],
        signed(cache["objs_per_slab"], 32),
        cache["order"],
        signed(free),
        signed(efficiency),
        _flags(cache),
    )


def _activity_row(cache: Cache) -> str:
    allocs = (cache["alloc_fastpath"] + cache["alloc_slowpath"]) & U64
    frees = (cache["free_fastpath"] + cache["free_slowpath"]) & U64
    return "%-21s %8d %10d %10d %3d %3d %5d %1d %4d %4d\n" % (
        cache.name,
        signed(cache["objects"]),
        signed(allocs),
        signed(frees),
        signed(ratio(cache["alloc_fastpath"], allocs)),
        signed(ratio(cache["free_fastpath"], frees)),
        signed(cache["order_fallback"]),
        cache["order"],
        signed(cache["cmpxchg_double_fail"]),
        signed(cache["cmpxchg_double_cpu_fail"]),
    )


def _on_off(value: int) -> str:
    return "On " if value else "Off"


# The attributes a report prints, read together (Cache.load).
REPORTED = (
    "aliases", "order", "objects", "hwcache_align", "cache_dma", "destroy_by_rcu", "reclaim_account", "slabs",
    "partial", "cpu_slabs", "object_size", "sanity_checks", "slab_size", "red_zone", "poison", "store_user",
    "align", "objs_per_slab", "trace",
)  # fmt: skip


def report(ctx: Context, cache: Cache) -> str | None:
    """The detailed report of one cache (-r, or a listing that matched one cache)."""
    if cache.name == "*":
        return None
    cache.load(REPORTED)
    figures = ctx.figures
    parts = [
        "\nSlabcache: %-15s  Aliases: %2d Order : %2d Objects: %d\n"
        % (cache.name, cache["aliases"], cache["order"], cache["objects"])
    ]
    for attribute, text in (
        ("hwcache_align", "** Hardware cacheline aligned\n"),
        ("cache_dma", "** Memory is allocated in a special DMA zone\n"),
        ("destroy_by_rcu", "** Slabs are destroyed via RCU\n"),
        ("reclaim_account", "** Reclaim accounting active\n"),
    ):
        if cache[attribute]:
            parts.append(text)
    parts.append("\nSizes (bytes)     Slabs              Debug                Memory\n")
    parts.append("-" * 72 + "\n")
    slabs, partial, cpu_slabs = cache["slabs"], cache["partial"], cache["cpu_slabs"]
    rows = (
        ("Object : %7d  Total  : %7d   Sanity Checks : %s  Total: %7d\n",
         signed(cache["object_size"], 32), signed(slabs), _on_off(cache["sanity_checks"]), signed(figures.size(cache))),
        ("SlabObj: %7d  Full   : %7d   Redzoning     : %s  Used : %7d\n",
         signed(cache["slab_size"], 32), signed(slabs - partial - cpu_slabs), _on_off(cache["red_zone"]),
         signed(figures.used(cache))),
        ("SlabSiz: %7d  Partial: %7d   Poisoning     : %s  Loss : %7d\n",
         figures.slab_bytes(cache), signed(partial), _on_off(cache["poison"]), signed(figures.waste(cache))),
        ("Loss   : %7d  CpuSlab: %7d   Tracking      : %s  Lalig: %7d\n",
         signed(figures.object_loss(cache), 32), cpu_slabs, _on_off(cache["store_user"]),
         signed(figures.object_loss(cache) * cache["objects"])),
        ("Align  : %7d  Objects: %7d   Tracing       : %s  Lpadd: %7d\n",
         cache["align"], signed(cache["objs_per_slab"], 32), _on_off(cache["trace"]), signed(figures.padding(cache))),
    )  # fmt: skip
    parts.extend(row[0] % row[1:] for row in rows)
    parts.append(ops(ctx, cache) or "")
    parts.append(tracking(ctx, cache) or "")
    parts.append(numa(ctx, cache, detailed=True) or "")
    parts.append(statistics(cache))
    return "".join(parts)


def numa(ctx: Context, cache: Cache, detailed: bool = False) -> str | None:
    """The cache's slabs per node (and, in a report, its partial slabs per node)."""
    if cache.name == "*":
        return None
    highest_node = ctx.highest_node()
    if not highest_node:
        return f"\n{cache.name}: No NUMA information available.\n"
    if ctx.options.skip_zero and not cache["slabs"]:
        return None
    nodes = range(highest_node + 1)
    parts = []
    if ctx.line == 0:
        parts.append("\n%-21s:" % ("NUMA nodes" if detailed else "Slab") + "".join(" %4d" % node for node in nodes))
        parts.append("\n" + "-" * 22 + "-----" * len(nodes) + "\n")
    rows = [("All slabs" if detailed else cache.name, cache.numa)]
    if detailed:
        rows.append(("Partial slabs", cache.numa_partial))
    for label, counts in rows:
        parts.append("%-21s " % label + "".join(" %4s" % ctx.size_text(counts.get(node, 0)) for node in nodes) + "\n")
    ctx.line += 1
    return "".join(parts)


def tracking(ctx: Context, cache: Cache) -> str | None:
    """The alloc and free call sites: debugfs traces (6.0 on), else the sysfs files of old
    kernels, else "No Data". The C tool prints this even for caches it hides as "*"."""
    if cache.name == "*" and not ctx.tool.faithful:
        return None
    parts = []
    for heading, rule, traces, calls in (
        ("allocation", 71, "alloc_traces", "alloc_calls"),
        ("freeing", 72, "free_traces", "free_calls"),
    ):
        parts.append(f"\n{cache.name}: Kernel object {heading}\n" + "-" * rule + "\n")
        text = _debugfs_file(ctx, cache.name, traces) if ctx.tool.has("traces_in_debugfs") else None
        if text is None:
            text = _sysfs_file(ctx, cache.name, calls)
        parts.append("No Data\n" if text is None else text)
    return "".join(parts)


def ops(ctx: Context, cache: Cache) -> str | None:
    """The kmem_cache operations block (no kernel has had an ``ops`` file since 2.6.24)."""
    if cache.name == "*":
        return None
    text = _sysfs_file(ctx, cache.name, "ops")
    if text is None:
        return f"\n{cache.name} has no kmem_cache operations\n"
    return f"\n{cache.name}: kmem_cache operations\n" + "-" * 44 + "\n" + text


def _sysfs_file(ctx: Context, name: str, attribute: str) -> str | None:
    relative = f"{name}/{attribute}"
    if len(relative.encode("utf-8", "surrogateescape")) > SYSFS_PATH_LIMIT:
        return None
    return _contents(ctx, os.path.join(ctx.sysfs, name), attribute)


def _debugfs_file(ctx: Context, name: str, attribute: str) -> str | None:
    relative = f"slab/{name}/{attribute}"
    if len(f"/sys/kernel/debug/{relative}".encode("utf-8", "surrogateescape")) > DEBUGFS_PATH_LIMIT:
        return None
    # Only caches that track their users have a directory there: listing it once spares a
    # failed open per cache for the rest.
    slab = os.path.join(ctx.debugfs, "slab")
    if ctx.tree is not None and not ctx.tree.may_have(slab, name):
        return None
    return _contents(ctx, os.path.join(slab, name), attribute)


def _contents(ctx: Context, directory: str, name: str) -> str | None:
    """What slabinfo prints of a file: its first 4 KiB up to a NUL byte; None when it cannot
    be read or is empty."""
    if ctx.tree is not None and not ctx.tree.may_have(directory, name):
        return None
    try:
        descriptor = os.open(os.path.join(directory, name), os.O_RDONLY)
    except OSError:
        return None
    chunks = []
    try:
        size = 0
        while size < READ_LIMIT:  # as fread, to the limit or the end of the file
            chunk = os.read(descriptor, READ_LIMIT - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if not data:
        return None
    return data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def statistics(cache: Cache) -> str:
    """The SLUB_STATS blocks of a report (nothing without those counters)."""
    allocs = (cache["alloc_fastpath"] + cache["alloc_slowpath"]) & U64
    frees = (cache["free_fastpath"] + cache["free_slowpath"]) & U64
    if not cache["alloc_slab"] or not allocs:
        return ""
    to_partial = (cache["deactivate_to_head"] + cache["deactivate_to_tail"]) & U64
    rows = (
        ("Fastpath", cache["alloc_fastpath"], cache["free_fastpath"]),
        ("Slowpath", (allocs - cache["alloc_fastpath"]) & U64, cache["free_slowpath"]),
        ("Page Alloc", cache["alloc_slab"], cache["free_slab"]),
        ("Add partial", to_partial, cache["free_add_partial"]),
        ("Remove partial", cache["alloc_from_partial"], cache["free_remove_partial"]),
        ("Cpu partial list", cache["cpu_partial_alloc"], cache["cpu_partial_free"]),
        ("RemoteObj/SlabFrozen", cache["deactivate_remote_frees"], cache["free_frozen"]),
    )
    parts = ["\nSlab Perf Counter       Alloc     Free %Al %Fr\n", "-" * 50 + "\n"]
    parts.extend(
        "%-20s %8d %8d %3d %3d\n" % (label, alloc, free, ratio(alloc, allocs), ratio(free, frees) if frees else 0)
        for label, alloc, free in rows
    )
    parts.append("Total                %8d %8d\n\n" % (allocs, frees))
    if cache["cpuslab_flush"]:
        parts.append("Flushes %8d\n" % cache["cpuslab_flush"])
    parts.append(_deactivations(cache))
    if cache["cmpxchg_double_fail"] or cache["cmpxchg_double_cpu_fail"]:
        parts.append("\nCmpxchg_double Looping\n------------------------\n")
        parts.append(
            "Locked Cmpxchg Double redos   %d\nUnlocked Cmpxchg Double redos %d\n"
            % (cache["cmpxchg_double_fail"], cache["cmpxchg_double_cpu_fail"])
        )
    return "".join(parts)


def _deactivations(cache: Cache) -> str:
    names = ("deactivate_full", "deactivate_empty", "deactivate_to_head", "deactivate_to_tail", "deactivate_bypass")
    total = sum(cache[name] for name in names) & U64
    if not total:
        return ""
    rows = (
        ("Slab full", "deactivate_full"),
        ("Slab empty", "deactivate_empty"),
        ("Moved to head of partial list", "deactivate_to_head"),
        ("Moved to tail of partial list", "deactivate_to_tail"),
        ("Deactivation bypass", "deactivate_bypass"),
        ("Refilled from foreign frees", "alloc_refill"),
        ("Node mismatch", "alloc_node_mismatch"),
    )
    parts = ["\nSlab Deactivation             Occurrences %\n", "-" * 49 + "\n"]
    parts.extend("%-29s %7d  %3d%%\n" % (label, cache[name], ratio(cache[name], total)) for label, name in rows)
    return "".join(parts)
