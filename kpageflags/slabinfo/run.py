"""``kpageflags slabinfo [OPTIONS] [CACHE-REGEX]``: the kernel's slabinfo on /sys/kernel/slab or a
captured tree (--sysfs), as a release's tool prints it (--kernel) or with its bugs fixed."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from ..errors import InputError, ToolStopped, UsageError
from . import options as opts
from .arrange import casecmp, link, rename, swap_sort
from .numbers import Figures
from .reading import UNCHECKED_ROOM, Cache, SlabTree, live_sysfs, read_tree
from .report import Context, cache_line, numa, ops, report, tracking
from .tool import SlabinfoTool, newest_fixed, tool_for
from .totals import alias_listing, totals

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

LIVE_DEBUGFS = "/sys/kernel/debug"


def main(argv: list[str], out: BinaryIO | None = None, err: TextIO | None = None) -> int:
    """Runs the command; ``out`` takes the output as bytes (default: standard output)."""
    out = _standard_output() if out is None else out
    err = sys.stderr if err is None else err
    options = opts.parse(argv)
    tool = tool_for(options.kernel) if options.kernel else newest_fixed()
    if options.help:
        from .usage import usage  # like the writes below, imported only when asked for

        out.write(usage(tool).encode())
        return 0
    _check(options, tool)
    if options.snapshot is not None:
        from ..slab.unpacked import unpacked_snapshot_tree

        with unpacked_snapshot_tree(options.snapshot) as sysfs:
            return _report(options, tool, sysfs, out, err)
    return _report(options, tool, options.sysfs or live_sysfs(), out, err)


def _report(options: opts.Options, tool: SlabinfoTool, sysfs: str, out: BinaryIO, err: TextIO) -> int:
    """What the options ask of the tree in ``sysfs``, written to ``out`` (notes to ``err``)."""
    tree = read_tree(sysfs, _name_filter(options.pattern, tool), tool)
    try:
        _check_limits(tree, tool)
        figures = Figures(os.sysconf("SC_PAGESIZE"), no_overfull_loss=not tool.faithful)
        ctx = Context(options, tool, sysfs, options.debugfs or LIVE_DEBUGFS, figures)
        ctx.tree = tree
        ctx.cache_count = len(tree.caches)
        # Attributes are read as the output asks for them, so their notes are known only after it.
        text = _output(ctx, tree, err)
    finally:
        tree.close()
    for note in tree.notes:
        err.write(f"kpageflags slabinfo: {note}\n")
    out.write(text.encode("utf-8", "surrogateescape"))
    return 0


def _name_filter(pattern: str, tool: SlabinfoTool) -> Callable[[str], bool]:
    if pattern == opts.EVERY_CACHE:
        return _every_name
    from .pattern import compile_filter  # the re module, a tenth of the start-up, only for a pattern

    try:
        return compile_filter(pattern)
    except UsageError as refused:
        if tool.faithful:  # the C tool's regcomp failure is its fatal(): exit 1
            raise ToolStopped(str(refused)) from None
        raise


def _every_name(name: str) -> bool:
    return True


def _standard_output() -> BinaryIO:
    """stdout as bytes: its buffer, or (stdout replaced by a text stream) an adapter to it."""
    buffer = getattr(sys.stdout, "buffer", None)
    return buffer if buffer is not None else _TextAdapter(sys.stdout)  # type: ignore[return-value]


class _TextAdapter:
    def __init__(self, text: TextIO) -> None:
        self.text = text

    def write(self, data: bytes) -> int:
        return self.text.write(data.decode("utf-8", "surrogateescape"))


def _check(options: opts.Options, tool: SlabinfoTool) -> None:
    if options.partial_long and tool.has("partial_long_option_broken"):
        raise ToolStopped(
            f"the slabinfo of {tool.label} rejects --partial (it declares it with the letter p): Invalid option"
        )
    if options.sysfs is not None and options.snapshot is not None:
        raise UsageError("--sysfs and --snapshot each name the tree to read: give one")
    if options.writes and (options.sysfs is not None or options.snapshot is not None):
        given = "--sysfs" if options.sysfs is not None else "--snapshot"
        raise UsageError(f"-s, -v and -d write to the live caches; they cannot be used with {given}")


def _check_limits(tree: SlabTree, tool: SlabinfoTool) -> None:
    """Where the release's tool writes past its room for caches and aliases (it checks only
    after reading them all), what it would print is unknown: refused rather than guessed."""
    room = UNCHECKED_ROOM
    if tool.has("caches_past_limit_corrupt") and (len(tree.caches) > room or len(tree.aliases) > room):
        raise InputError(
            f"the slabinfo of {tool.label} has room for {room} caches and {room} aliases and overruns it with "
            f"{len(tree.caches)} and {len(tree.aliases)} (memory corruption); run without --kernel"
        )


def _output(ctx: Context, tree: SlabTree, err: TextIO) -> str:
    options = ctx.options
    if options.show_alias:
        linked = link(tree.aliases, tree.caches, strict=ctx.tool.faithful)
        return alias_listing(linked, options.show_inverted, options.show_single_ref)
    if options.extended_totals:
        return _extended(ctx, tree, err)
    if options.show_totals:
        return _totals(ctx, tree)
    _prepare(ctx, tree)
    _sort(ctx, tree.caches)
    return _each_cache(ctx, tree.caches, err)


def _totals(ctx: Context, tree: SlabTree) -> str:
    counts = (len(tree.aliases), tree.alias_targets)
    return totals(tree.caches, counts, ctx.figures, ctx.options.show_bytes, fixed=not ctx.tool.faithful)


def _prepare(ctx: Context, tree: SlabTree) -> None:
    linked = link(tree.aliases, tree.caches, strict=ctx.tool.faithful)
    ctx.visible = rename(tree.caches, linked, ctx.options.show_first_alias, ctx.tool.faithful)


def _extended(ctx: Context, tree: SlabTree, err: TextIO) -> str:
    """-X: the totals, then the top caches by size, by loss and by partial slabs."""
    options = ctx.options
    parts = [_totals(ctx, tree)]
    _prepare(ctx, tree)
    for heading, loss, size, partial in (
        ("Slabs sorted by size", False, True, False),
        ("Slabs sorted by loss", True, False, False),
        ("Slabs sorted by number of partial slabs", False, False, True),
    ):
        parts.append(f"\n{heading}\n" + "-" * len(heading) + "\n")
        ctx.line = 0
        options.sort_loss, options.sort_size, options.sort_partial = loss, size, partial
        _sort(ctx, tree.caches)
        parts.append(_each_cache(ctx, tree.caches, err))
    return "".join(parts) + "\n"


def _sort(ctx: Context, caches: list[Cache]) -> None:
    """sort_slabs: by a number descending (ties by name from 6.0), else by name; -i reverses.
    When every cache ranks apart the C tool's swap sort gives the sorted order, taken with
    sorted(); its ties and its one-sided -i are played out step by step. The fixed tool sorts
    (-i reversing numbers too)."""
    number = _sort_number(ctx)
    ties_by_name = not ctx.tool.has("ties_keep_directory_order")
    inverted = ctx.options.show_inverted
    ranks: list[tuple[int, bytes]]
    if number is None:
        ranks = [(0, _folded(cache)) for cache in caches]
    elif ties_by_name:
        ranks = [(-number(cache), _folded(cache)) for cache in caches]
    else:
        ranks = [(-number(cache), b"") for cache in caches]
    one_sided = inverted and number is not None
    if not ctx.tool.faithful or (not one_sided and len(set(ranks)) == len(ranks)):
        order = sorted(range(len(caches)), key=ranks.__getitem__, reverse=inverted)
        caches[:] = [caches[index] for index in order]
        return
    if number is not None:
        # The swap sort compares every pair of caches: each one's number is worked out once.
        number = {cache: number(cache) for cache in caches}.__getitem__
    swap_sort(caches, _comparison(number, ties_by_name, inverted))


def _folded(cache: Cache) -> bytes:
    return cache.name.encode("utf-8", "surrogateescape").lower()


def _sort_number(ctx: Context) -> Callable[[Cache], int] | None:
    options, figures = ctx.options, ctx.figures
    if options.sort_size:
        return figures.size
    if options.sort_active:
        return figures.activity
    if options.sort_loss:
        return figures.waste
    if options.sort_partial:
        return _partial
    return None


def _partial(cache: Cache) -> int:
    return cache["partial"]


def _comparison(
    number: Callable[[Cache], int] | None, ties_by_name: bool, inverted: bool
) -> Callable[[Cache, Cache], int]:
    """The C tool's comparison; -i negates it, so on numbers (a 0/1 "is smaller") it never swaps."""
    sign = -1 if inverted else 1

    def compare(first: Cache, second: Cache) -> int:
        if number is not None:
            a, b = number(first), number(second)
            if a != b:
                return sign * int(a < b)
            if not ties_by_name:
                return 0
        return sign * casecmp(first.name, second.name)

    return compare


def _each_cache(ctx: Context, caches: list[Cache], err: TextIO) -> str:
    """output_slabs: the first chosen action for each cache, for -N caches (the C tool counts
    the caches it skips too; the fixed tool counts those it shows)."""
    options = ctx.options
    action = _action(ctx, err)
    lines = options.output_lines
    parts: list[str] = []
    for cache in caches:
        if lines == 0:
            break
        text = action(cache)
        if lines != -1 and (ctx.tool.faithful or text is not None):
            lines -= 1
        if text:
            parts.append(text)
    return "".join(parts)


def _action(ctx: Context, err: TextIO) -> Callable[[Cache], str | None]:
    options = ctx.options
    if options.show_numa:
        return lambda cache: numa(ctx, cache)
    if options.show_track:
        return lambda cache: tracking(ctx, cache)
    if options.validate or options.shrink or options.set_debug:
        from .writes import Writer

        return Writer(ctx, err).action()
    if options.show_ops:
        return lambda cache: ops(ctx, cache)
    if options.show_slab:
        return lambda cache: cache_line(ctx, cache)
    return lambda cache: report(ctx, cache)
