"""Questions to the spec: which flags a release has, a flag's history, what changed when."""

from __future__ import annotations

from typing import NamedTuple

from .._generated.bugs import KNOWN_BUGS
from .._generated.kpf import KPF_FLAGS
from .._generated.page_types import OVERLOAD_RULES, PAGE_TYPES_NAMES
from ..errors import UnknownFlag, UnknownRelease
from .changes import all_changes
from .model import Change, KnownBug, KpfFlag, OverloadRule, PageTypesName
from .pgchanges import previous_key
from .release_names import RELEASED, ReleaseKey, split_release_name
from .releases import Release, as_release, endpoint_key, release_in


class FlagHistory(NamedTuple):
    """Everything the spec says about one /proc/kpageflags bit, across all releases.

    ``names`` are the bit's successive names (23: balloon, then offline), ``page_types``
    the page-types entries for the bit, ``overloads`` the contexts that give it another
    meaning, ``bugs`` the known reporting bugs that involve it.

    >>> history = flag_history(23)
    >>> [(f.name, f.since, f.until) for f in history.names]
    [('balloon', '3.18', '5.1'), ('offline', '5.1', None)]
    """

    bit: int
    names: tuple[KpfFlag, ...]
    page_types: tuple[PageTypesName, ...]
    overloads: tuple[OverloadRule, ...]
    bugs: tuple[KnownBug, ...]


def flags_at(kernel: str | Release) -> tuple[KpfFlag, ...]:
    """The /proc/kpageflags flags a release defines, in bit order.

    >>> [f.name for f in flags_at('2.6.30')][-3:]
    ['writeback', 'reclaim', 'buddy']
    """
    index = as_release(kernel).position_of("kpageflags")
    return tuple(sorted((f for f in KPF_FLAGS if release_in(index, f.since, f.until)), key=lambda f: f.bit))


def _bit_of_name(name: str) -> int:
    for flag in KPF_FLAGS:
        if name in (flag.name, flag.symbol):
            return flag.bit
    for rule in OVERLOAD_RULES:
        if rule.name == name:
            return rule.bit
    for entry in PAGE_TYPES_NAMES:
        if entry.name == name:
            return entry.bit
    raise UnknownFlag(f"'{name}' is not a kpageflags flag, page-types name or overload name in any release")


def flag_history(name_or_bit: str | int) -> FlagHistory:
    """The history of a bit, found by flag name (``owner_2``), ``KPF_`` symbol, page-types
    name (``anonymous``), overload name (``anon_exclusive``) or bit number.

    >>> [f.name for f in flag_history("offline").names]
    ['balloon', 'offline']
    """
    bit = name_or_bit if isinstance(name_or_bit, int) else _bit_of_name(name_or_bit)
    names = tuple(f for f in KPF_FLAGS if f.bit == bit)
    page_types = tuple(n for n in PAGE_TYPES_NAMES if n.bit == bit)
    if not names and not page_types:
        raise UnknownFlag(f"bit {bit} has no name in any release")
    overloads = tuple(r for r in OVERLOAD_RULES if r.bit == bit or r.target_bit == bit)
    flag_names = {f.name for f in names}
    bugs = tuple(b for b in KNOWN_BUGS if flag_names & set(b.flags))
    return FlagHistory(bit, names, page_types, overloads, bugs)


def changes(since: str | Release | None = None, until: str | Release | None = None) -> tuple[Change, ...]:
    """The changes after release ``since`` up to and including ``until``, rc and stable point
    releases included (``changes("6.6.29", "6.6.30")``, ``changes("7.2-rc2", "7.2-rc3")``).

    With one release, ``changes(None, "5.19")`` is what 5.19 itself changed: its whole cycle
    for a mainline release, else what it changed since the rc or point release before it. A
    stable point release's change is on its stable branch only: ``changes("6.5", "6.6")``
    leaves out 6.6.30, and ``changes("6.6", "6.9")`` what reached 6.8.9.

    >>> [c.subject for c in changes("5.18", "5.19") if c.kind == "meaning"]
    ['anon_exclusive']
    >>> [c.kind for c in changes("6.6.29", "6.6.30")]
    ['pg-alias-removed', 'page-type-added', 'fields-era']
    """
    if until is None:
        raise TypeError("give at least the release to list the changes of")
    last = as_release(until)
    first = _before(last) if since is None else as_release(since).position
    if first >= last.position:
        raise UnknownRelease(f"'{since}' must be an earlier release than '{until}'")
    return tuple(c for c in all_changes() if first < endpoint_key(c.release) <= last.position and _on_line(c, last))


def _before(release: Release) -> ReleaseKey:
    """The release just before ``release`` on its line, or before all when it is the first."""
    if release.asked is not None or not (release.point or release.rc):
        return ReleaseKey(release.position.series - 1, RELEASED, 0)
    return previous_key(release.position)


def _on_line(change: Change, release: Release) -> bool:
    """Whether a release has a change: one made in a stable point release is on that series'
    stable branch only."""
    name = split_release_name(change.release)
    if name is None or not name.point:
        return True
    return release.asked is None and release.series == name.series


def bugs_at(kernel: str | Release) -> tuple[KnownBug, ...]:
    """Known reporting bugs, in /proc/kpageflags and then in pagemap, that affect a release
    (all point releases, if it names none).

    >>> [bug.id for bug in bugs_at('6.12')]
    ['ksm_on_every_anonymous_page', 'error_never_set']
    >>> [bug.id for bug in bugs_at('6.6.43')]
    ['pmd_mapped_file_thp_not_file', 'pmd_mapped_thp_exclusive_from_head']
    """
    from .kpf import affecting_bugs

    release = as_release(kernel)
    return tuple(bug for part in ("kpageflags", "pagemap") for bug, _ in affecting_bugs(release, part))


def find_flag(name: str, kernel: str | Release) -> KpfFlag | None:
    """The flag called ``name`` at a release, or None.

    >>> find_flag('idle', '4.3').bit, find_flag('idle', '4.2')
    (25, None)
    """
    for flag in flags_at(kernel):
        if flag.name == name:
            return flag
    return None
