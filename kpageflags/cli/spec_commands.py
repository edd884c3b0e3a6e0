"""``releases``, ``flags``, ``flag`` and ``changes``: asking the spec questions."""

from __future__ import annotations

import argparse

from ..facts.history import changes, flag_history
from ..facts.kpf import kpf_table
from ..facts.model import Evidence
from ..facts.releases import releases
from ..numbers import is_number, read_number
from .decode_commands import add_kernel_option
from .output import choose_release, print_json_lines, release_span


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    listing = commands.add_parser(
        "releases",
        help="list the kernel releases covered",
        description="List every mainline release kpageflags covers, oldest first.",
    )
    listing.add_argument("--json", action="store_true", help="one JSON array")
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
    flags.add_argument("--json", action="store_true", help="JSON Lines, one object per bit")
    flags.set_defaults(run=run_flags)

    flag = commands.add_parser(
        "flag",
        help="explain one flag: meaning, releases, renames, evidence",
        description="Explain a flag by name (owner_2), KPF_ symbol, page-types name "
        "(anonymous), overload name (anon_exclusive) or bit number.",
    )
    flag.add_argument("name", metavar="NAME|BIT", help="a flag name, KPF_ symbol, page-types name or bit number")
    flag.add_argument("--json", action="store_true", help="one JSON object")
    flag.set_defaults(run=run_flag)

    changed = commands.add_parser(
        "changes",
        help="what changed between two releases",
        description="List what changed after FROM up to and including TO; with one release, what that release changed.",
    )
    changed.add_argument("first", metavar="FROM|REL", help="the release before the changes, or the only release")
    changed.add_argument("second", nargs="?", metavar="TO", help="the last release whose changes to list")
    changed.add_argument("--json", action="store_true", help="JSON Lines, one object per change")
    changed.set_defaults(run=run_changes)


def _evidence(evidence: tuple[Evidence, ...]) -> list[str]:
    return [str(e) for e in evidence]


def run_releases(args: argparse.Namespace) -> int:
    from ..facts.releases import overlays

    names = list(overlays()) if args.vendor else list(releases())
    if args.json:
        print_json_lines([names])
    else:
        print("\n".join(names))
    return 0


def run_flags(args: argparse.Namespace) -> int:
    table = kpf_table(choose_release(args.kernel))
    bits = sorted(set(table.flags) | set(table.page_types_names))
    rows = []
    for bit in bits:
        flag = table.flags.get(bit)
        tool = table.page_types_names.get(bit)
        rows.append(
            {
                "bit": bit,
                "name": flag.name if flag else tool.name if tool else None,
                "symbol": flag.symbol if flag else None,
                "abi": flag.abi if flag else "page-types",
                "letter": tool.letter if tool else None,
                "page_types_name": tool.name if tool else None,
                "since": flag.since if flag else tool.since if tool else None,
            }
        )
    if args.json:
        print_json_lines({"kernel": table.label, **row} for row in rows)
        return 0
    print(f"# /proc/kpageflags bits in {table.label}; abi 'page-types' marks bits only page-types sets")
    print("bit\tname\tsymbol\tabi\tpage-types\tsince")
    for row in rows:
        letters = f"{row['letter']}:{row['page_types_name']}" if row["letter"] else "-"
        print(f"{row['bit']}\t{row['name']}\t{row['symbol'] or '-'}\t{row['abi']}\t{letters}\t{row['since']}")
    return 0


def run_flag(args: argparse.Namespace) -> int:
    target = (
        read_number(args.name, "bit", bounds=(0, 63), notation="decimal")
        if is_number(args.name, "decimal")
        else args.name
    )
    history = flag_history(target)
    if args.json:
        print_json_lines(
            [
                {
                    "bit": history.bit,
                    "names": [_as_json(f._asdict()) for f in history.names],
                    "page_types": [_as_json(n._asdict()) for n in history.page_types],
                    "overloads": [_as_json(r._asdict()) for r in history.overloads],
                    "bugs": [_as_json(b._asdict()) for b in history.bugs],
                }
            ]
        )
        return 0
    print(f"bit {history.bit}")
    for flag in history.names:
        renamed = f", renamed from {flag.renamed_from}" if flag.renamed_from else ""
        span = release_span(flag.since, flag.until)
        print(f"  {flag.name} ({flag.symbol}, {flag.abi} ABI): {span}{renamed}")
        print(f"    {flag.doc}")
        _print_evidence(flag.evidence, flag.unverified)
    for entry in history.page_types:
        print(f"  page-types {entry.letter}:{entry.name}: {release_span(entry.since, entry.until)}")
    for rule in history.overloads:
        condition = " and ".join([*rule.when_set, *(f"not {n}" for n in rule.when_clear)])
        tool = (
            f"; page-types -r moves it to bit {rule.target_bit} {release_span(rule.tool_since, rule.tool_until)}"
            if rule.tool_since
            else "; page-types does not know this meaning"
        )
        print(
            f"  {rule.name}: bit {rule.bit} when {condition}; the kernel means it "
            f"{release_span(rule.kernel_since, rule.kernel_until)}{tool}"
        )
        print(f"    {rule.doc}")
        _print_evidence(rule.evidence, rule.unverified)
    for bug in history.bugs:
        fixes = f"; fixed in {', '.join(bug.fixed_in)}" if bug.fixed_in else ""
        print(f"  known bug {bug.id}: {release_span(bug.since, bug.until)}{fixes}")
        print(f"    {bug.title}")
    return 0


def _print_evidence(evidence: tuple[Evidence, ...], unverified: str | None) -> None:
    for item in evidence:
        print(f"    evidence: {item}")
    if unverified:
        print(f"    not verified: {unverified}")


def _as_json(value: dict[str, object]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}


def run_changes(args: argparse.Namespace) -> int:
    found = changes(None, args.first) if args.second is None else changes(args.first, args.second)
    if args.json:
        print_json_lines(
            {
                "release": c.release,
                "kind": c.kind,
                "subject": c.subject,
                "summary": c.summary,
                "evidence": _evidence(c.evidence),
            }
            for c in found
        )
        return 0
    for change in found:
        print(f"{change.release}\t{change.kind}\t{change.summary}")
    if not found:
        print("no changes recorded")
    return 0
