"""The numbering of distinct values that numpy walks look their runs up in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from kpageflags.sources.valueindex import ValueIndex  # noqa: E402


def first_seen_numbers(batches: list[list[int]]) -> list[list[int]]:
    """What ValueIndex should answer: numbers in the order the values first appear."""
    numbers: dict[int, int] = {}
    return [[numbers.setdefault(value, len(numbers)) for value in batch] for batch in batches]


@given(st.lists(st.lists(st.integers(min_value=0, max_value=(1 << 64) - 1), max_size=50), max_size=6))
def test_values_are_numbered_in_the_order_they_first_appear(batches: list[list[int]]) -> None:
    index = ValueIndex(np)
    answers = [index.numbers(np.array(batch, dtype=np.uint64)).tolist() for batch in batches]
    assert answers == first_seen_numbers(batches)
    seen = list(dict.fromkeys(value for batch in batches for value in batch))
    assert index.values.tolist() == seen


def test_values_that_share_a_slot_are_told_apart() -> None:
    # More values than the table has slots to give each its own: many share one.
    rng = np.random.default_rng(12)
    batches = [rng.integers(0, 1 << 63, size=40_000, dtype=np.uint64) for _ in range(2)]
    batches.append(np.concatenate(batches)[::-3].copy())
    index = ValueIndex(np)
    answers = [index.numbers(batch).tolist() for batch in batches]
    assert answers == first_seen_numbers([batch.tolist() for batch in batches])
