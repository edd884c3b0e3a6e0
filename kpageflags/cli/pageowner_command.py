"""``kpageflags page-owner``: who allocated the pages a page_owner dump lists, grouped."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import UsageError
from ..facts.pglayout import arch_preset
from ..output.emit import Listing
from ..output.units import human
from . import arguments
from .output import add_format_options, announce

if TYPE_CHECKING:
    from ..facts.kconfig import KernelConfig
    from ..pageowner.grouping import FoldedStack, RecordFilter, Tally
    from ..pageowner.reading import Dump

LIVE = "/sys/kernel/debug/page_owner"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..facts.pglayout import known_arches
    from ..pageowner.grouping import KEYS

    owner = commands.add_parser(
        "page-owner",
        help="who holds memory: page_owner records grouped by stack, process, module, GFP flags, ...",
        description="Reads a dump of /sys/kernel/debug/page_owner (a file, - for standard input, a .gz, or "
        "the live file, the default) in the format of any kernel since 3.19, and sums the records and "
        "pages per distinct value of the keys given, largest first. --folded prints the stacks "
        "weighted by pages in the folded form flame-graph tools read. A file of "
        "/sys/kernel/debug/page_owner_stacks/ (show_stacks, show_handles, show_stacks_handles) is read "
        "too: its stacks grouped by stack, module, allocator or handle, with their nr_base_pages.",
    )
    owner.add_argument("input", nargs="?", default=LIVE, help=f"the dump (default: {LIVE})")
    owner.add_argument(
        "--by",
        metavar="KEY[,KEY...]",
        help=f"what to group by, any of: {', '.join(KEYS)} (default: stack)",
    )
    owner.add_argument(
        "--top",
        type=arguments.count(1, 1 << 62),
        default=None,
        metavar="N",
        help="the N largest groups; with --diff, the N that changed most, largest growth first",
    )
    owner.add_argument(
        "--page-size", type=arguments.count(1, 1 << 40), default=4096, metavar="BYTES", help="for bytes (default 4096)"
    )
    owner.add_argument("--folded", action="store_true", help="folded stacks with their pages, for flame graphs")
    owner.add_argument(
        "--diff",
        metavar="LATER",
        help="compare with a later dump: each group's records and pages in both, largest growth first "
        "(which stacks grew: the leak question)",
    )
    owner.add_argument(
        "--ts", type=arguments.number_range("--ts"), metavar="FIRST,LAST", help="allocated within these ns (5.11+)"
    )
    owner.add_argument(
        "--pfn", type=arguments.number_range("--pfn"), metavar="FIRST,LAST", help="blocks starting at these PFNs"
    )
    owner.add_argument("--node", type=arguments.index("node", 1 << 16), metavar="N", help="on this NUMA node (5.13+)")
    owner.add_argument("--zone", type=arguments.index("zone", 64), metavar="N", help="in this zone, by number (5.13+)")
    owner.add_argument(
        "-k",
        "--kernel",
        metavar="REL",
        help="the release the dump comes from, for its flags, GFP and migratetype tables (default: the newest "
        "release whose format is the dump's and whose tables decode its first records as printed)",
    )
    owner.add_argument("--arch", metavar="ARCH", help=f"the arch preset of the page->flags layout: {known_arches()}")
    owner.add_argument(
        "--config",
        type=arguments.path,
        metavar="FILE",
        help="a kernel .config to decode with in place of the arch's preset",
    )
    add_format_options(owner, "one object per group", "one row per group")
    owner.set_defaults(run=run_page_owner)


SCHEMA = "kpageflags.page-owner/1"
CSV_JOINED = {"stack": ";"}
"""A stack is one CSV cell, its frames as printed (innermost first) joined by ``;``, the
separator of folded stacks: no kernel symbol, offset or module name holds one."""
FOLDED_SCHEMA = "kpageflags.page-owner-folded/1"


class OwnerGroup(NamedTuple):
    """The records of one group: how many, their pages and bytes, and the values of the keys
    grouped by (None for keys not grouped by)."""

    records: int
    pages: int
    bytes: int
    stack: tuple[str, ...] | None = None
    pid: int | None = None
    tgid: int | None = None
    comm: str | None = None
    module: str | None = None
    gfp: str | None = None
    migratetype: str | None = None
    order: int | None = None
    allocator: str | None = None
    flags: str | None = None
    handle: int | None = None
    layout: str | None = None
    gfp_decoded: bool = False
    flags_mismatches: int = 0
    flags_mismatch_example: str | None = None


def run_page_owner(args: argparse.Namespace) -> Listing:
    from ..pageowner.grouping import KEYS, RecordFilter
    from ..pageowner.reading import open_dump

    ignored = (args.by, args.top, args.diff, args.kernel, args.arch, args.config)
    if args.folded and any(value is not None for value in ignored):
        raise UsageError(
            "--folded prints every stack with its pages: it takes no --by, --top, --diff, --kernel, --arch or --config"
        )
    only = RecordFilter(args.ts, args.pfn, args.node, args.zone)
    dump = open_dump(args.input, "either")
    try:
        if dump.kind == "stacks":
            return _stacks_listing(dump, args, only)
        keys = _keys(args.by, "stack", KEYS)
        return _listing(_Grouper(dump, keys, only, args), keys, args)
    finally:
        dump.close()


def _keys(by: str | None, default: str, allowed: tuple[str, ...], what: str = "") -> list[str]:
    text = default if by is None else by
    keys = list(dict.fromkeys(key.strip() for key in text.split(",") if key.strip()))
    unknown = [key for key in keys if key not in allowed]
    if unknown or not keys:
        raise UsageError(f"--by takes any of {', '.join(allowed)}{what}, not {text!r}")
    return keys


def _stacks_listing(dump: Dump, args: argparse.Namespace, only: RecordFilter) -> Listing:
    """A page_owner_stacks file: its stacks, their handles and pages (``nr_base_pages``)."""
    from ..pageowner.grouping import STACK_KEYS

    if only.active:
        raise UsageError(
            f"{dump.name} is a page_owner_stacks file, which prints no times, PFNs, nodes or zones to filter by"
        )
    if any(value is not None for value in (args.kernel, args.arch, args.config)):
        raise UsageError(
            f"{dump.name} is a page_owner_stacks file, "
            "which prints no flags to decode: drop --kernel, --arch and --config"
        )
    keys = _keys(args.by, "stack" if dump.prints_stacks else "handle", STACK_KEYS, " for a page_owner_stacks file")
    return _listing(_StackGrouper(dump, keys, args), keys, args)


class _Grouper:
    """Groups the records of a page_owner dump (and of a later one, for --diff)."""

    def __init__(self, dump: Dump, keys: list[str], only: RecordFilter, args: argparse.Namespace) -> None:
        self.dump, self.keys, self.only, self.args = dump, keys, only, args

    def group(self, dump: Dump | None = None) -> Tally:
        """The dump's records grouped, decoded for the release given or the one they point to;
        the records whose flags disagree with their word are said on stderr."""
        from ..pageowner.decoding import decoded_records
        from ..pageowner.grouping import group_records
        from ..pageowner.records import parse_line_batches

        items = parse_line_batches((dump or self.dump).line_batches())
        decoder, decoded = decoded_records(items, self.args.kernel, _arch(self.args), _config(self.args))
        announce(decoder.release)
        tally = group_records(decoded, self.keys, self.only, decoder)
        _note_mismatches(tally)
        return tally

    def fold(self) -> tuple[list[FoldedStack], Tally]:
        from ..pageowner.grouping import fold_stacks
        from ..pageowner.records import parse_line_batches

        return fold_stacks(parse_line_batches(self.dump.line_batches()), self.only)

    def later(self, source: str) -> Dump:
        from ..pageowner.reading import open_dump

        return open_dump(source)


class _StackGrouper(_Grouper):
    """Groups the blocks of a page_owner_stacks file: the pages of each are its nr_base_pages."""

    def __init__(self, dump: Dump, keys: list[str], args: argparse.Namespace) -> None:
        from ..pageowner.grouping import RecordFilter

        super().__init__(dump, keys, RecordFilter(), args)

    def group(self, dump: Dump | None = None) -> Tally:
        from ..pageowner.grouping import group_stacks
        from ..pageowner.records import parse_stacks

        return group_stacks(parse_stacks((dump or self.dump).lines()), self.keys)

    def fold(self) -> tuple[list[FoldedStack], Tally]:
        from ..pageowner.grouping import fold_stack_counts
        from ..pageowner.records import parse_stacks

        return fold_stack_counts(parse_stacks(self.dump.lines()))

    def later(self, source: str) -> Dump:
        from ..pageowner.reading import open_dump

        return open_dump(source, "stacks")


def _listing(grouper: _Grouper, keys: list[str], args: argparse.Namespace) -> Listing:
    if args.folded:
        folded, tally = grouper.fold()
        status = _note_aside(tally, grouper.dump)
        return Listing(
            FOLDED_SCHEMA, folded, lambda records: (f"{r.stack} {r.pages}" for r in records), exit_code=status
        )
    tally = grouper.group()
    status = _note_aside(tally, grouper.dump)
    if args.diff is not None:
        with grouper.later(args.diff) as later_dump:
            later = grouper.group(later_dump)
        status = max(status, _note_aside(later, later_dump))
        return _diff(keys, tally, later, args, status)
    ranked = sorted(tally.groups.items(), key=lambda item: (-item[1][1], -item[1][0]))
    if args.top is not None:
        ranked = ranked[: args.top]
    layout = _layout_of(tally)
    gfp_decoded = "gfp" in keys and _gfp_decoded(tally)
    records = [
        _group(keys, values, counts, args.page_size)._replace(layout=layout, gfp_decoded=gfp_decoded)
        for values, counts in ranked
    ]
    return Listing(
        SCHEMA, records, lambda rows: _lines(rows, keys, tally, args.page_size), status, csv_joined=CSV_JOINED
    )


def _arch(args: argparse.Namespace) -> str | None:
    return arch_preset(args.arch) if args.arch is not None else None


def _config(args: argparse.Namespace) -> KernelConfig | None:
    if args.config is None:
        return None
    from ..facts.kconfig import read_config

    return read_config(args.config)


def _layout_of(tally: Tally) -> str | None:
    return None if tally.decoder is None else tally.decoder.described


def _gfp_decoded(tally: Tally) -> bool:
    return tally.decoder is not None and tally.decoder.gfp_decoded > 0


def _note_mismatches(tally: Tally) -> None:
    if tally.decoder is None:
        return
    for count, examples, what in (
        (tally.mismatches, tally.mismatch_examples, "flag names their Flags word"),
        (tally.gfp_mismatches, tally.gfp_mismatch_examples, "GFP names their mask"),
    ):
        if count:
            sys.stderr.write(
                f"kpageflags: note: {_count(count, 'record')} {'prints' if count == 1 else 'print'} {what} does "
                f"not decode to with {tally.decoder.described}: {'; '.join(examples)}\n"
            )


DIFF_SCHEMA = "kpageflags.page-owner-diff/1"


class OwnerGrowth(NamedTuple):
    """One group in two dumps: its records and pages in the earlier and the later one, and the
    values of the keys grouped by (None for keys not grouped by)."""

    records_before: int
    records_after: int
    pages_before: int
    pages_after: int
    pages_grown: int
    bytes_grown: int
    stack: tuple[str, ...] | None = None
    pid: int | None = None
    tgid: int | None = None
    comm: str | None = None
    module: str | None = None
    gfp: str | None = None
    migratetype: str | None = None
    order: int | None = None
    allocator: str | None = None
    flags: str | None = None
    handle: int | None = None
    layout_before: str | None = None
    layout_after: str | None = None
    flags_mismatches_before: int = 0
    flags_mismatches_after: int = 0


_ABSENT = (0, 0, 0, None)
"""The counts of a group one dump does not have."""


def _diff(keys: list[str], before: Tally, after: Tally, args: argparse.Namespace, status: int) -> Listing:
    rows = []
    for values in {**before.groups, **after.groups}:
        old = before.groups.get(values, _ABSENT)
        new = after.groups.get(values, _ABSENT)
        grown = new[1] - old[1]
        row = OwnerGrowth(
            old[0],
            new[0],
            old[1],
            new[1],
            grown,
            grown * args.page_size,
            layout_before=_layout_of(before),
            layout_after=_layout_of(after),
            flags_mismatches_before=old[2],
            flags_mismatches_after=new[2],
        )
        named: dict[str, Any] = dict(zip(keys, values))
        rows.append(row._replace(**named))
    rows.sort(key=lambda row: (-row.pages_grown, -row.pages_after))
    if args.top is not None:
        # A short list is read for what changed: a group as large in both dumps is no answer.
        changed = [row for row in rows if row.pages_grown or row.records_before != row.records_after]
        rows = changed[: args.top]
    return Listing(
        DIFF_SCHEMA,
        rows,
        lambda records: _growth_lines(records, keys, before, after, args.page_size),
        status,
        csv_joined=CSV_JOINED,
    )


def _growth_lines(
    rows: Iterable[OwnerGrowth], keys: list[str], before: Tally, after: Tally, page_size: int
) -> Iterator[str]:
    change = after.pages - before.pages
    yield (
        f"{before.pages} pages before, {after.pages} after ({change:+d} pages, {_signed(change * page_size)}), "
        f"grouped by {', '.join(keys)}"
    )
    for when, tally in (("before", before), ("after", after)):
        yield from (f"{when}: {line}" for line in _decoding_lines(tally, keys))
    for row in rows:
        yield ""
        yield (
            f"{row.pages_grown:+d} pages ({_signed(row.bytes_grown)}): {row.pages_before} -> {row.pages_after} pages, "
            f"{row.records_before} -> {row.records_after} {after.unit}s" + _named(row, keys)
        )
        if row.stack is not None:
            yield from (f"  {frame}" for frame in row.stack or ("(no stack)",))


def _signed(size: int) -> str:
    return f"-{human(-size)}" if size < 0 else f"+{human(size)}"


def _group(keys: list[str], values: tuple[Any, ...], counts: list[Any], page_size: int) -> OwnerGroup:
    group = OwnerGroup(counts[0], counts[1], counts[1] * page_size, flags_mismatches=counts[2])
    return group._replace(flags_mismatch_example=counts[3], **dict(zip(keys, values)))


def _lines(rows: Iterable[OwnerGroup], keys: list[str], tally: Tally, page_size: int) -> Iterator[str]:
    pages = tally.pages
    yield (
        f"{_count(tally.records, tally.unit)}, {_count(pages, 'page')} ({human(pages * page_size)}), "
        f"grouped by {', '.join(keys)}"
    )
    yield from _decoding_lines(tally, keys)
    shown_records = shown_pages = shown = 0
    for row in rows:
        shown, shown_records, shown_pages = shown + 1, shown_records + row.records, shown_pages + row.pages
        share = 100.0 * row.pages / pages if pages else 0.0
        yield ""
        yield f"{_count(row.pages, 'page')} ({human(row.bytes)}, {share:.1f}%), {_count(row.records, tally.unit)}" + (
            _named(row, keys)
        )
        if row.stack is not None:
            yield from (f"  {frame}" for frame in row.stack or ("(no stack)",))
    if shown < len(tally.groups):
        rest = len(tally.groups) - shown
        yield ""
        yield (
            f"and {_count(rest, 'more group')}: {_count(tally.records - shown_records, tally.unit)}, "
            f"{_count(pages - shown_pages, 'page')}"
        )


def _decoding_lines(tally: Tally, keys: list[str]) -> Iterator[str]:
    """Which release's tables read the dump, and why; that GFP names were worked out, not read."""
    decoder = tally.decoder
    if decoder is None:
        return
    yield f"decoded with {decoder.described}: {decoder.why}"
    if "gfp" in keys and decoder.gfp_decoded:
        yield (
            f"GFP names decoded from the masks with the ___GFP_ bits of {decoder.facts_name}: "
            "kernels before 4.6 print them in hex only"
        )


def _named(row: NamedTuple, keys: list[str]) -> str:
    """``, key value`` for each key grouped by but the stack; a value the dump does not print
    (a pid before 5.11, a comm before 5.18) says so."""
    values = [(key, getattr(row, key)) for key in keys if key != "stack"]
    return "".join(f", {key} {_shown(value)}" for key, value in values)


def _shown(value: object) -> object:
    """A key's value in text: one the dump does not print says so, and no flags say none."""
    return "(not printed)" if value is None else "(none)" if value == "" else value


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _note_aside(tally: Tally, dump: Dump) -> int:
    """Says on stderr, in one line, what went into no group, so that nothing is dropped unsaid;
    a dump cut short is an error (exit status 2), though the records it holds are shown."""
    from ..pageowner.header import MAX_ORDER

    parts = []
    if dump.cut_short and not tally.cut_headers:  # a header cut short is said below
        parts.append(f"{dump.name} is cut short: its last line ends without a newline")
    if tally.stray_lines:
        parts.append(f"{_count(tally.stray_lines, 'line')} outside any record")
    if tally.unknown_lines:
        parts.append(
            f"{_count(tally.unknown_lines, 'line')} of records that no kernel's format has (kept out of the keys)"
        )
    if tally.unfilterable:
        parts.append(f"{_count(tally.unfilterable, 'record')} left out: they print no value to filter by")
    if tally.incomplete:
        parts.append(f"{_count(tally.incomplete, tally.unit)} not ended by an empty line (counted)")
    if tally.uncounted:
        parts.append(f"{_count(tally.uncounted, 'stack')} with no page count (as show_stacks_handles prints): 0 pages")
    if tally.damaged_orders:
        parts.append(
            f"{_count(tally.damaged_orders, 'record')} with an order above any kernel's ({MAX_ORDER}): "
            "damaged, grouped with 0 pages"
        )
    if tally.cut_headers:
        parts.append("the input ends in a record cut short in its header line (left out: it has no size yet)")
    cut_short = dump.cut_short or tally.cut_headers > 0
    if parts:
        sys.stderr.write(f"kpageflags: {'error' if cut_short else 'note'}: {'; '.join(parts)}\n")
    return 2 if cut_short else 0
