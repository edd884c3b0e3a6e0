"""What changed between two moments: per-group category changes, and page frames that moved.

Two snapshots of the same machine list the same PFNs, so each PFN's category before and after
can be paired: ``moves`` counts frames per (category before, category after) pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from ..errors import SnapshotError
from ..facts.categories import CategoryRules, categories, category_rules
from ..sources.counting import numpy_available
from .breakdown import Breakdown, breakdown

if TYPE_CHECKING:
    from ..sources.source import PageSource


class GroupChange(NamedTuple):
    group: str
    category: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


class Diff(NamedTuple):
    """Per-group category changes, and page frames per (category before, category after)."""

    changes: list[GroupChange]
    moves: dict[tuple[str, str], int]


def diff(
    before: PageSource, after: PageSource, by: str = "total", *, top: int | None = None, use_numpy: bool | None = None
) -> Diff:
    """What changed between two sources of the same machine's memory, each read with the rules
    of its own release."""
    from ..sources.source import KPAGEFLAGS

    frames = (before.entries(KPAGEFLAGS), after.entries(KPAGEFLAGS))
    if None not in frames and frames[0] != frames[1]:
        raise SnapshotError(
            f"{before.label} has {frames[0]} page frames and {after.label} {frames[1]}: "
            "not snapshots of the same machine's memory"
        )
    changes = compare(
        breakdown(before, by, top=top, use_numpy=use_numpy), breakdown(after, by, top=top, use_numpy=use_numpy)
    )
    rules = (category_rules(before.release), category_rules(after.release))
    with before.read() as old, after.read() as new:
        moved = moves(*rules, ((c.first, c.flags) for c in old), ((c.first, c.flags) for c in new), use_numpy)
    return Diff(changes, moved)


def compare(before: Breakdown, after: Breakdown) -> list[GroupChange]:
    """Pages per group and category in both breakdowns, for every pair where either has pages."""
    old = {g.name: g.categories for g in before.groups}
    new = {g.name: g.categories for g in after.groups}
    names = list(dict.fromkeys([*old, *new]))
    changes = []
    for name in names:
        for category in (c.id for c in categories()):
            a, b = old.get(name, {}).get(category, 0), new.get(name, {}).get(category, 0)
            if a or b:
                changes.append(GroupChange(name, category, a, b))
    return changes


def moves(
    rules_before: CategoryRules,
    rules_after: CategoryRules,
    before: Iterable[tuple[int, bytes]],
    after: Iterable[tuple[int, bytes]],
    use_numpy: bool | None = None,
) -> dict[tuple[str, str], int]:
    """Page frames per (category before, category after), over the PFNs both files have."""
    ids = [c.id for c in categories()]
    index = {name: i for i, name in enumerate(ids)}
    vectorised = numpy_available() if use_numpy is None else use_numpy and numpy_available()
    totals = [0] * (len(ids) * len(ids))
    later = iter(after)
    for first, data in before:
        pair = next(later, None)
        if pair is None:
            break
        if pair[0] != first:
            raise ValueError(f"the two page files are read in different chunks ({first} and {pair[0]})")
        other = pair[1]
        length = min(len(data), len(other)) // 8 * 8
        if vectorised:
            _count_numpy(data[:length], other[:length], rules_before, rules_after, index, totals)
        else:
            for old, new in zip(memoryview(data[:length]).cast("Q"), memoryview(other[:length]).cast("Q")):
                totals[index[rules_before.category_of(old)] * len(ids) + index[rules_after.category_of(new)]] += 1
    return {(ids[i // len(ids)], ids[i % len(ids)]): n for i, n in enumerate(totals) if n}


def _count_numpy(
    data: bytes,
    other: bytes,
    rules_before: CategoryRules,
    rules_after: CategoryRules,
    index: dict[str, int],
    totals: list[int],
) -> None:
    import numpy

    size = len(index)
    pairs = []
    for raw, rules in ((data, rules_before), (other, rules_after)):
        values = numpy.frombuffer(raw, dtype="<u8")
        distinct, inverse = numpy.unique(values, return_inverse=True)
        lookup = numpy.array([index[rules.category_of(int(v))] for v in distinct.tolist()], dtype=numpy.int64)
        pairs.append(lookup[inverse])
    counts = numpy.bincount(pairs[0] * size + pairs[1], minlength=size * size)
    for i, n in enumerate(counts.tolist()):
        totals[i] += n
