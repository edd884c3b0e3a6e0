"""How slabinfo links aliases to caches, renames merged caches and sorts them: its swap sorts
reproduced step for step, since the order they leave equal caches in is part of the output."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import InputError
from .reading import Alias, Cache

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")


def casecmp(left: str, right: str) -> int:
    """strcasecmp's sign (ASCII case folding)."""
    a, b = _folded(left), _folded(right)
    return (a > b) - (a < b)


def _folded(name: str) -> bytes:
    return name.encode("utf-8", "surrogateescape").lower()


def swap_sort(items: list[T], compare: Callable[[T, T], int]) -> None:
    """slabinfo's sort: each item is compared with every later one and swapped when the
    comparison is positive. Played out in full: with ties or a one-sided comparison (-i on a
    number) the order it leaves is not a sorted one."""
    for first in range(len(items)):
        for second in range(first + 1, len(items)):
            if compare(items[first], items[second]) > 0:
                items[first], items[second] = items[second], items[first]


def link(aliases: Sequence[Alias], caches: Sequence[Cache], strict: bool) -> list[Alias]:
    """link_slabs: each alias points at the first cache of its target's name; the aliases
    whose target was not read (only possible in a filtered captured tree) are left out, or,
    as the C tool does, stop it."""
    by_name: dict[str, Cache] = {}
    for cache in caches:
        by_name.setdefault(cache.name, cache)
    linked = []
    for alias in aliases:
        target = by_name.get(alias.ref)
        if target is None:
            if strict:
                raise InputError(f"Unresolved alias {alias.ref}")
            continue
        alias.cache = target
        target.refs += 1
        linked.append(alias)
    return linked


def rename(caches: Sequence[Cache], aliases: Sequence[Alias], first_alias: bool, faithful: bool) -> int:
    """rename_slabs: a merged cache (":a-0000192") with one alias (or any, with -f) is shown
    under an alias name, one with none as "*". Returns how many caches stay visible."""
    visible = len(caches)
    names: dict[int, list[str]] = {}
    for alias in aliases:
        names.setdefault(id(alias.cache), []).append(alias.name)
    for cache in caches:
        if not cache.name.startswith(":") or (cache.refs > 1 and not first_alias):
            continue
        own = names.get(id(cache), [])
        chosen = _c_alias_choice(own) if faithful else _shortest_alias(own)
        if chosen is None:
            cache.name = "*"
            visible -= 1
        else:
            cache.name = chosen
    return visible


def _c_alias_choice(names: list[str]) -> str | None:
    """find_one_alias as written: it keeps the longer name (its comment says shortest), and
    stops at the first kmalloc name it keeps."""
    best: str | None = None
    for name in names:
        if best is None or len(best) < len(name):
            best = name
            if name.startswith("kmall"):
                return best
    return best


def _shortest_alias(names: list[str]) -> str | None:
    """The alias the C tool means to pick: a kmalloc name if there is one, else the shortest."""
    if not names:
        return None
    return min(names, key=lambda name: (not name.startswith("kmall"), len(name)))
