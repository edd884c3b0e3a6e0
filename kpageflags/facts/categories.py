"""Sorting pages into kinds of memory (free, anon, page cache, slab, ...) by the spec's rules.

The rules live in ``spec/categories.yaml``; this module only applies them. Rules are compiled
once per release into bit masks, and a summary of distinct flag values is classified one
value at a time, so the cost does not grow with memory size.

>>> rules = category_rules('6.18.44')
>>> rules.category_of(1 << 10)     # buddy
'free'
>>> rules.category_of((1 << 12) | (1 << 21) | (1 << 5))   # anon, ksm, lru: KSM is trusted here
'ksm'
>>> category_rules('6.12').category_of((1 << 12) | (1 << 21) | (1 << 5))   # not in 6.10-6.18.43
'anon'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from .._generated.categories import MEMORY_CATEGORIES
from ..errors import BadValue
from .kpf import KpfTable, kpf_table
from .model import MemoryCategory
from .releases import Release, as_release, release_in


class CompiledRule(NamedTuple):
    category: MemoryCategory
    all_mask: int
    any_mask: int
    none_mask: int


def categories() -> tuple[MemoryCategory, ...]:
    """Every category the spec defines, in the order its rules are tried."""
    return MEMORY_CATEGORIES


def category(category_id: str) -> MemoryCategory:
    for candidate in MEMORY_CATEGORIES:
        if candidate.id == category_id:
            return candidate
    known = ", ".join(c.id for c in MEMORY_CATEGORIES)
    raise BadValue(f"unknown category '{category_id}' (known: {known})")


class CategoryRules:
    """The category rules as they apply at one release."""

    def __init__(self, release: Release, table: KpfTable) -> None:
        self.release = release
        self.table = table
        # A bug that only some point releases of the series have still makes its rule step aside:
        # when the point release is not known, the flag cannot be trusted.
        suspect = {bug.id for bug, _ in table.bugs}
        index = release.position_of("kpageflags")
        # Only the kernel's own names count: a rule is about what the kernel reports.
        bit_of = {flag.name: flag.bit for flag in table.flags.values()}
        compiled = []
        for rule in MEMORY_CATEGORIES:
            if (rule.since is not None or rule.until is not None) and not release_in(
                index, rule.since or "2.6.25", rule.until
            ):
                continue
            if rule.skip_when_bug is not None and rule.skip_when_bug in suspect:
                continue
            all_bits = [bit_of.get(name) for name in rule.all_set]
            if any(bit is None for bit in all_bits):
                continue  # a flag the release lacks is never set, so the rule cannot hold
            any_bits = [bit for bit in (bit_of.get(name) for name in rule.any_set) if bit is not None]
            if rule.any_set and not any_bits:
                continue
            none_bits = [bit for bit in (bit_of.get(name) for name in rule.none_set) if bit is not None]
            compiled.append(CompiledRule(rule, _mask(all_bits), _mask(any_bits), _mask(none_bits)))
        self.rules: tuple[CompiledRule, ...] = tuple(compiled)
        self._memo: dict[int, str] = {}

    def category_of(self, flags: int) -> str:
        """The id of the first category whose rule holds for a /proc/kpageflags value."""
        found = self._memo.get(flags)
        if found is not None:
            return found
        for rule in self.rules:
            if flags & rule.all_mask != rule.all_mask:
                continue
            if rule.any_mask and not flags & rule.any_mask:
                continue
            if flags & rule.none_mask:
                continue
            found = rule.category.id
            break
        else:  # pragma: no cover - the validator makes the last rule unconditional
            raise AssertionError("the last category must match every value")
        self._memo[flags] = found
        return found

    def tally(self, counts: Mapping[int, int]) -> dict[str, int]:
        """Pages per category, every category present (zero where none), in rule order."""
        result = {c.id: 0 for c in MEMORY_CATEGORIES}
        for flags, pages in counts.items():
            result[self.category_of(flags)] += pages
        return result


def _mask(bits: Iterable[int | None]) -> int:
    mask = 0
    for bit in bits:
        if bit is not None:
            mask |= 1 << bit
    return mask


@lru_cache(maxsize=64)
def _rules(release: Release) -> CategoryRules:
    return CategoryRules(release, kpf_table(release))


def category_rules(kernel: str | Release) -> CategoryRules:
    """The rules for a release such as ``"6.18"`` or ``"6.18.44"``."""
    return _rules(as_release(kernel))
