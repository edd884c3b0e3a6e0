"""What changed in the kernel's own page->flags facts (spec/pageflags.yaml), release by release.

These tables split a fact into entries where a stable backport branches off mainline (the
hugetlb alias ends at 6.6.30 and at 6.8.9, and goes on in 6.7), so an entry's ``since`` or
``until`` is not by itself a change. Each endpoint is compared instead with the release just
before it on the same line of development (6.6.30 with 6.6.29, 6.7 with 6.6, 7.1-rc6 with
7.1-rc5), and only what differs between the two is a change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from .._generated.pageflags import FIELDS_ERAS, PAGE_TYPE_SCHEMES, PG_ALIASES, PG_ENUMS, PG_ZONES
from .._generated.releases import RELEASES
from .model import Change, FieldsEra, PageTypeScheme, PgAlias, PgEnum
from .release_names import CYCLE_START, RELEASED, ReleaseKey
from .releases import endpoint_key

# How many of a reordered enum's members a change names before it says "...".
_MOVED_SHOWN = 12
# The parameters of a fields era that are not what it describes.
_ERA_BOOKKEEPING = {"since", "until", "evidence", "unverified"}


_Entry = TypeVar("_Entry", PgEnum, PgAlias, PageTypeScheme, FieldsEra)


def pageflags_changes() -> Iterator[Change]:
    """The changes of enum pageflags, its aliases, the zones, the page_type encodings and the
    page->flags field eras, each at the endpoint where it takes effect."""
    yield from _compared(PG_ENUMS, _enum_changed)
    yield from _alias_changes()
    yield from _compared(PAGE_TYPE_SCHEMES, _page_types_changed)
    yield from _compared(FIELDS_ERAS, _fields_changed)
    yield from _zone_changes()


def previous_key(key: ReleaseKey) -> ReleaseKey:
    """The release just before ``key`` on its line: the rc before an rc, the point release
    before a point release, and the previous series' tag before a cycle starts.

    >>> from kpageflags.facts.releases import endpoint_key
    >>> previous_key(endpoint_key("6.6.30")) == endpoint_key("6.6.29")
    True
    """
    if key.stage == CYCLE_START:
        return ReleaseKey(key.series - 1, RELEASED, 0)
    if key.stage != RELEASED:
        return ReleaseKey(key.series, key.stage - 1, 0)
    return ReleaseKey(key.series, RELEASED, key.point - 1) if key.point else ReleaseKey(key.series, RELEASED - 1, 0)


def _endpoints(entries: Iterable[PgEnum | PgAlias | PageTypeScheme | FieldsEra]) -> list[str]:
    """Where the entries start or end, and where each series starts: a change that reached a
    stable branch first (hugetlb's alias ends at 6.8.9) reaches mainline at a series' start
    that no entry names (6.9)."""
    found = {entry.since for entry in entries} | {entry.until for entry in entries if entry.until}
    return sorted(found | set(RELEASES), key=endpoint_key)


def _holds(entry: PgEnum | PgAlias | PageTypeScheme | FieldsEra, key: ReleaseKey) -> bool:
    return endpoint_key(entry.since) <= key and (entry.until is None or key < endpoint_key(entry.until))


def _at(entries: Sequence[_Entry], key: ReleaseKey) -> _Entry | None:
    return next((entry for entry in entries if _holds(entry, key)), None)


def _compared(
    entries: Sequence[_Entry], changed: Callable[[str, _Entry | None, _Entry], Iterator[Change]]
) -> Iterator[Change]:
    """The changes between the entry in force just before each endpoint and the one from it."""
    for endpoint in _endpoints(entries):
        key = endpoint_key(endpoint)
        current = _at(entries, key)
        if current is not None:
            yield from changed(endpoint, _at(entries, previous_key(key)), current)


def _enum_changed(release: str, previous: PgEnum | None, current: PgEnum) -> Iterator[Change]:
    if previous is None:
        return
    before = {member.name: member.condition for member in previous.members}
    after = {member.name: member.condition for member in current.members}
    for name, condition in after.items():
        if name not in before:
            summary = f"enum pageflags gains PG_{name}" + (f" (with {condition})" if condition else "")
        elif before[name] != condition:
            summary = f"PG_{name} now depends on {condition or 'nothing'} (was {before[name] or 'nothing'})"
        else:
            continue
        yield Change(release, "pg-member-added", name, summary, current.evidence)
    for name in before:
        if name not in after:
            yield Change(release, "pg-member-removed", name, f"enum pageflags loses PG_{name}", current.evidence)
    kept_before = [member.name for member in previous.members if member.name in after]
    kept_after = [member.name for member in current.members if member.name in before]
    if kept_before != kept_after:
        shown = ", ".join(kept_after[:_MOVED_SHOWN]) + (" ..." if len(kept_after) > _MOVED_SHOWN else "")
        summary = f"enum pageflags is reordered: {shown}"
        yield Change(release, "pg-members-moved", "enum pageflags", summary, current.evidence)


def _alias_changes() -> Iterator[Change]:
    for endpoint in _endpoints(PG_ALIASES):
        key = endpoint_key(endpoint)
        before = {alias.name: alias for alias in PG_ALIASES if _holds(alias, previous_key(key))}
        after = {alias.name: alias for alias in PG_ALIASES if _holds(alias, key)}
        for name, alias in after.items():
            where = ", ".join(alias.context) or "any page"
            if name not in before:
                summary = f"PG_{name} names the bit of PG_{alias.of} ({where})"
                yield Change(endpoint, "pg-alias-added", name, summary, alias.evidence)
            elif (before[name].of, before[name].context) != (alias.of, alias.context):
                summary = f"PG_{name} names the bit of PG_{alias.of} ({where}), no longer PG_{before[name].of}'s"
                yield Change(endpoint, "pg-alias-moved", name, summary, alias.evidence)
        for name, alias in before.items():
            if name not in after:
                summary = f"PG_{name} no longer names PG_{alias.of}'s bit"
                yield Change(endpoint, "pg-alias-removed", name, summary, alias.evidence)


def _page_types_changed(release: str, previous: PageTypeScheme | None, current: PageTypeScheme) -> Iterator[Change]:
    if previous is None:
        return
    before, after = dict(previous.types), dict(current.types)
    renumbered = any(before[name] != value for name, value in after.items() if name in before)
    if (current.kind, current.base) != (previous.kind, previous.base) or renumbered:
        base = f" under {current.base:#x}" if current.base is not None else ""
        listed = ", ".join(f"{name} {_value(value)}" for name, value in current.types) or "none"
        summary = f"page types are marked by '{current.kind}'{base}: {listed}"
        yield Change(release, "page-type-encoding", current.kind, summary, current.evidence)
    for name, value in after.items():
        if name not in before:
            yield Change(release, "page-type-added", name, f"page type {name} ({_value(value)})", current.evidence)
    for name in before:
        if name not in after:
            yield Change(release, "page-type-removed", name, f"page type {name} is gone", current.evidence)


def _value(value: int) -> str:
    return f"{value:#x}" if value >= 0 else str(value)


def _fields_changed(release: str, previous: FieldsEra | None, current: FieldsEra) -> Iterator[Change]:
    if previous is None:
        return
    differing = [
        f"{name} {getattr(previous, name)} -> {getattr(current, name)}"
        for name in FieldsEra._fields
        if name not in _ERA_BOOKKEEPING and getattr(previous, name) != getattr(current, name)
    ]
    if differing:
        summary = f"page->flags upper fields: {', '.join(differing)}"
        yield Change(release, "fields-era", "page->flags fields", summary, current.evidence)


def _zone_changes() -> Iterator[Change]:
    for zone in PG_ZONES:
        condition = f" (with {zone.condition})" if zone.condition else ""
        if zone.since != RELEASES[0]:
            yield Change(zone.since, "zone-added", zone.name, f"zone {zone.name}{condition} appears", ())
        if zone.until:
            yield Change(zone.until, "zone-removed", zone.name, f"zone {zone.name} is gone", ())
