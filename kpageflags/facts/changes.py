"""What changed in page flags, release by release, worked out from the spec's tables.

Every change follows from a table's ``since`` and ``until`` (a flag appears, a pagemap field
goes, a bug is fixed in a stable series...), so nothing here is stored: ``all_changes()``
derives the list on first use and keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .._generated.bugs import KNOWN_BUGS
from .._generated.kpf import KPF_FLAGS
from .._generated.page_types import OVERLOAD_RULES, PAGE_TYPES_NAMES
from .._generated.pagemap import PAGEMAP_FIELDS, PAGEMAP_LAYOUTS
from .model import Change, ChangeKind
from .pgchanges import pageflags_changes
from .release_names import ReleaseKey
from .releases import endpoint_key

# Within a release, changes are listed by kind in this order.
KIND_ORDER: tuple[ChangeKind, ...] = (
    "added",
    "renamed",
    "removed",
    "meaning",
    "page-types-name-added",
    "page-types-name-removed",
    "overload-added",
    "overload-removed",
    "pagemap-layout",
    "pagemap-field-added",
    "pagemap-field-removed",
    "pg-member-added",
    "pg-member-removed",
    "pg-members-moved",
    "pg-alias-added",
    "pg-alias-moved",
    "pg-alias-removed",
    "page-type-encoding",
    "page-type-added",
    "page-type-removed",
    "fields-era",
    "zone-added",
    "zone-removed",
    "bug-introduced",
    "bug-fixed",
)


@cache
def all_changes() -> tuple[Change, ...]:
    """Every change the spec records, oldest release first.

    >>> [c.summary for c in all_changes() if c.release == '5.19' and c.kind == 'meaning']
    ['bit 34 means anon_exclusive when anon']
    """
    found = [
        *_kpageflags_changes(),
        *_page_types_changes(),
        *_overload_changes(),
        *_pagemap_changes(),
        *_bug_changes(),
        *pageflags_changes(),
    ]
    return tuple(sorted(found, key=_order))


def _order(change: Change) -> tuple[ReleaseKey, int, str, str]:
    return endpoint_key(change.release), KIND_ORDER.index(change.kind), change.subject, change.summary


def _kpageflags_changes() -> Iterator[Change]:
    for flag in KPF_FLAGS:
        if flag.renamed_from:
            summary = f"bit {flag.bit} {flag.renamed_from} is renamed {flag.name} ({flag.symbol})"
            yield Change(flag.since, "renamed", flag.name, summary, flag.evidence)
        else:
            summary = f"bit {flag.bit} {flag.name} ({flag.symbol}) appears"
            yield Change(flag.since, "added", flag.name, summary, flag.evidence)
        if flag.until and not flag.renamed_to:
            summary = f"bit {flag.bit} {flag.name} is no longer defined"
            yield Change(flag.until, "removed", flag.name, summary, flag.evidence)


def _page_types_changes() -> Iterator[Change]:
    for entry in PAGE_TYPES_NAMES:
        named = f"'{entry.letter}:{entry.name}'"
        summary = f"page-types names bit {entry.bit} {named}"
        yield Change(entry.since, "page-types-name-added", entry.name, summary, entry.evidence)
        if entry.until:
            summary = f"page-types drops the name of bit {entry.bit} ({named})"
            yield Change(entry.until, "page-types-name-removed", entry.name, summary, entry.evidence)


def _overload_changes() -> Iterator[Change]:
    for rule in OVERLOAD_RULES:
        condition = " and ".join([*rule.when_set, *(f"not {name}" for name in rule.when_clear)])
        if rule.tool_since:
            summary = f"page-types -r moves bit {rule.bit} to {rule.target_bit} ({rule.name}) when {condition}"
            yield Change(rule.tool_since, "overload-added", rule.name, summary, rule.evidence)
        if rule.tool_until:
            summary = f"page-types no longer makes {rule.name} from bit {rule.bit}"
            yield Change(rule.tool_until, "overload-removed", rule.name, summary, rule.evidence)
        if rule.kernel_since:
            summary = f"bit {rule.bit} means {rule.name} when {condition}"
            yield Change(rule.kernel_since, "meaning", rule.name, summary, rule.evidence)
        if rule.kernel_until:
            summary = f"bit {rule.bit} no longer means {rule.name} when {condition}"
            yield Change(rule.kernel_until, "meaning", rule.name, summary, rule.evidence)


def _pagemap_changes() -> Iterator[Change]:
    for layout in PAGEMAP_LAYOUTS:
        summary = f"pagemap entries use the {layout.name} layout"
        yield Change(layout.since, "pagemap-layout", layout.name, summary, layout.evidence)
    for field in PAGEMAP_FIELDS:
        bits = f"bit {field.low}" if field.low == field.high else f"bits {field.low}-{field.high}"
        summary = f"pagemap {bits}: {field.name}"
        yield Change(field.since, "pagemap-field-added", field.name, summary, field.evidence)
        if field.until:
            summary = f"pagemap {bits} no longer carry {field.name}"
            yield Change(field.until, "pagemap-field-removed", field.name, summary, field.evidence)


def _bug_changes() -> Iterator[Change]:
    for bug in KNOWN_BUGS:
        yield Change(bug.since, "bug-introduced", bug.id, bug.title, bug.evidence)
        if bug.until:
            yield Change(bug.until, "bug-fixed", bug.id, f"fixed: {bug.title}", bug.evidence)
        for point in bug.fixed_in:
            summary = f"fixed in the {_series(point)} stable series: {bug.title}"
            yield Change(point, "bug-fixed", bug.id, summary, bug.evidence)


def _series(point: str) -> str:
    parts = point.split(".")
    return ".".join(parts[:3] if parts[0] == "2" else parts[:2])
