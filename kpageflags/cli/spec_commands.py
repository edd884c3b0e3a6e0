"""``releases``, ``flags``, ``flag`` and ``changes``: asking the spec questions."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..facts.history import FlagHistory, changes, flag_history
from ..facts.kpf import kpf_table
from ..facts.model import Change, Evidence
from ..facts.releases import newer_releases, overlays, parse_release, recorded_release, releases
from ..numbers import is_number, read_number
from ..output.emit import Listing
from .decode_commands import add_kernel_option
from .output import add_format_options, announce, choose_release, release_span

RELEASES_SCHEMA = "kpageflags.releases/1"
FLAGS_SCHEMA = "kpageflags.flags/1"
FLAG_SCHEMA = "kpageflags.flag/1"
CHANGES_SCHEMA = "kpageflags.changes/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    listing = commands.add_parser(
        "releases",
        help="list the kernel releases covered",
        description="List every mainline release kpageflags covers, oldest first, with the date of the "
        "ones the spec records with evidence (--json: the evidence too), then how newer releases are read.",
    )
    add_format_options(listing, "one object per release", "one row per release")
    listing.add_argument(
        "--vendor", action="store_true", help="list the vendor kernels described in spec/overlays.yaml instead"
    )
    listing.set_defaults(run=run_releases)

    flags = commands.add_parser(
        "flags",
        help="list the /proc/kpageflags bits of a release",
        description="List the bits a release defines, with page-types' letters.",
    )
    add_kernel_option(flags)
    add_format_options(flags, "one object per bit", "one row per bit")
    flags.set_defaults(run=run_flags)

    flag = commands.add_parser(
        "flag",
        help="explain one flag: meaning, releases, renames, evidence",
        description="Explain a flag by name (owner_2), KPF_ symbol, page-types name "
        "(anonymous), overload name (anon_exclusive) or bit number.",
    )
    flag.add_argument("name", metavar="NAME|BIT", help="a flag name, KPF_ symbol, page-types name or bit number")
    add_format_options(flag, "one object: the bit's names, page-types entries, overloads and bugs, with evidence")
    flag.set_defaults(run=run_flag)

    changed = commands.add_parser(
        "changes",
        help="what changed between two releases",
        description="List what changed after FROM up to and including TO; with one release, what that release changed.",
    )
    changed.add_argument("first", metavar="FROM|REL", help="the release before the changes, or the only release")
    changed.add_argument("second", nargs="?", metavar="TO", help="the last release whose changes to list")
    add_format_options(changed, "one object per change, with its evidence", "one row per change")
    changed.set_defaults(run=run_changes)


class ReleaseRecord(NamedTuple):
    """A covered mainline release, or with ``--vendor`` a described vendor kernel, with what
    spec/releases.yaml records of it: the ``date`` of its tag, what was checked ``unchanged``
    and the ``evidence`` (or why it is ``unverified``)."""

    release: str
    date: str | None = None
    unchanged: str | None = None
    evidence: tuple[Evidence, ...] = ()
    unverified: str | None = None


class FlagRow(NamedTuple):
    """One bit a release defines: its kernel name and page-types' letter for it."""

    kernel: str
    bit: int
    name: str | None
    symbol: str | None
    abi: str
    letter: str | None
    page_types_name: str | None
    since: str | None


def run_releases(args: argparse.Namespace) -> Listing:
    if args.vendor:
        return Listing(RELEASES_SCHEMA, [ReleaseRecord(name) for name in overlays()], _vendor_lines)
    return Listing(RELEASES_SCHEMA, [_release_record(name) for name in releases()], _release_lines)


def _release_record(name: str) -> ReleaseRecord:
    recorded = recorded_release(name)
    if recorded is None:
        return ReleaseRecord(name)
    return ReleaseRecord(name, recorded.date, recorded.unchanged, recorded.evidence, recorded.unverified)


def _vendor_lines(records: Iterable[ReleaseRecord]) -> Iterator[str]:
    return (record.release for record in records)


def _release_lines(records: Iterable[ReleaseRecord]) -> Iterator[str]:
    for record in records:
        yield f"{record.release:<8} {record.date}" if record.date else record.release
    yield newer_releases()


def run_flags(args: argparse.Namespace) -> Listing:
    table = kpf_table(choose_release(args.kernel))
    rows = []
    for bit in sorted(set(table.flags) | set(table.page_types_names)):
        flag = table.flags.get(bit)
        tool = table.page_types_names.get(bit)
        rows.append(
            FlagRow(
                kernel=table.label,
                bit=bit,
                name=flag.name if flag else tool.name if tool else None,
                symbol=flag.symbol if flag else None,
                abi=flag.abi if flag else "page-types",
                letter=tool.letter if tool else None,
                page_types_name=tool.name if tool else None,
                since=flag.since if flag else tool.since if tool else None,
            )
        )
    return Listing(FLAGS_SCHEMA, rows, _flag_rows_lines)


def _flag_rows_lines(rows: Iterable[FlagRow]) -> Iterator[str]:
    for index, row in enumerate(rows):
        if index == 0:
            yield f"# /proc/kpageflags bits in {row.kernel}; abi 'page-types' marks bits only page-types sets"
            yield "bit\tname\tsymbol\tabi\tpage-types\tsince"
        letters = f"{row.letter}:{row.page_types_name}" if row.letter else "-"
        yield f"{row.bit}\t{row.name}\t{row.symbol or '-'}\t{row.abi}\t{letters}\t{row.since}"


def run_flag(args: argparse.Namespace) -> Listing:
    target = (
        read_number(args.name, "bit", bounds=(0, 63), notation="decimal")
        if is_number(args.name, "decimal")
        else args.name
    )
    return Listing(FLAG_SCHEMA, [flag_history(target)], _history_lines)


def _history_lines(histories: Iterable[FlagHistory]) -> Iterator[str]:
    for history in histories:
        yield f"bit {history.bit}"
        for flag in history.names:
            renamed = f", renamed from {flag.renamed_from}" if flag.renamed_from else ""
            yield f"  {flag.name} ({flag.symbol}, {flag.abi} ABI): {release_span(flag.since, flag.until)}{renamed}"
            yield f"    {flag.doc}"
            yield from _evidence_lines(flag.evidence, flag.unverified)
        for entry in history.page_types:
            yield f"  page-types {entry.letter}:{entry.name}: {release_span(entry.since, entry.until)}"
        for rule in history.overloads:
            condition = " and ".join([*rule.when_set, *(f"not {n}" for n in rule.when_clear)])
            tool = (
                f"; page-types -r moves it to bit {rule.target_bit} {release_span(rule.tool_since, rule.tool_until)}"
                if rule.tool_since
                else "; page-types does not know this meaning"
            )
            yield (
                f"  {rule.name}: bit {rule.bit} when {condition}; the kernel means it "
                f"{release_span(rule.kernel_since, rule.kernel_until)}{tool}"
            )
            yield f"    {rule.doc}"
            yield from _evidence_lines(rule.evidence, rule.unverified)
        for bug in history.bugs:
            fixes = f"; fixed in {', '.join(bug.fixed_in)}" if bug.fixed_in else ""
            yield f"  known bug {bug.id}: {release_span(bug.since, bug.until)}{fixes}"
            yield f"    {bug.title}"


def _evidence_lines(evidence: tuple[Evidence, ...], unverified: str | None) -> Iterator[str]:
    yield from (f"    evidence: {item}" for item in evidence)
    if unverified:
        yield f"    not verified: {unverified}"


def run_changes(args: argparse.Namespace) -> Listing:
    first = announce(parse_release(args.first))
    found = changes(None, first) if args.second is None else changes(first, announce(parse_release(args.second)))
    return Listing(CHANGES_SCHEMA, found, _change_lines)


def _change_lines(found: Iterable[Change]) -> Iterator[str]:
    empty = True
    for change in found:
        empty = False
        yield f"{change.release}\t{change.kind}\t{change.summary}"
    if empty:
        yield "no changes recorded"
