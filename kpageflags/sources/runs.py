"""Where neighbouring entries of a page file differ.

Page frames come in long runs of one value (free memory, a file's cached pages, a huge page's
tails), so a walk that acts once per run rather than once per page does a fraction of the
work. ``run_starts`` finds the runs of a chunk of u64 entries: with numpy by one vectorised
comparison, without it by comparing blocks of bytes (a C-level memcmp) and looking inside only
the blocks that differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ENTRY = 8
# Entries compared as one block of bytes; a block that differs is compared again in smaller
# blocks, and only those that differ are searched word by word (big-integer work grows with
# the block, so the last search is kept small).
BLOCK = 512
SMALL_BLOCK = 16


def change_points(data: bytes, np: Any | None = None) -> list[int]:
    """The indices ``i`` (0 < i < entries) where entry ``i`` differs from entry ``i - 1``.

    >>> change_points(bytes([1] + [0] * 7) * 3 + bytes(8) * 2)
    [3]
    """
    if len(data) <= ENTRY:
        return []
    if np is not None:
        values = np.frombuffer(data, dtype="<u8")
        found: list[int] = (np.flatnonzero(values[1:] != values[:-1]) + 1).tolist()
        return found
    following, preceding = data[ENTRY:], data[:-ENTRY]
    points: list[int] = []
    width = BLOCK * ENTRY
    for offset in range(0, len(preceding), width):
        after = following[offset : offset + width]
        before = preceding[offset : offset + width]
        if after != before:
            for start in range(0, len(after), SMALL_BLOCK * ENTRY):
                small_after = after[start : start + SMALL_BLOCK * ENTRY]
                small_before = before[start : start + SMALL_BLOCK * ENTRY]
                if small_after != small_before:
                    _differing_words(small_after, small_before, ((offset + start) >> 3) + 1, points)
    return points


def _differing_words(after: bytes, before: bytes, first: int, points: list[int]) -> None:
    """Appends ``first + k`` for each 8-byte word ``k`` where ``after`` and ``before`` differ:
    the lowest set bit of their XOR, taken as integers, is the next differing word."""
    difference = int.from_bytes(after, "little") ^ int.from_bytes(before, "little")
    index = first
    while difference:
        word = ((difference & -difference).bit_length() - 1) >> 6
        index += word
        points.append(index)
        difference >>= (word + 1) << 6
        index += 1


def run_starts(columns: Sequence[bytes | None], np: Any | None = None) -> list[int]:
    """Where a run of entries equal in every given column starts, from 0, and the number of
    entries last: runs are ``starts[k]`` to ``starts[k + 1]``. Columns of one chunk have one
    length; None stands for a column not read.

    >>> one, two = (1).to_bytes(8, "little"), (2).to_bytes(8, "little")
    >>> run_starts([one * 4, one * 2 + two * 2, None])
    [0, 2, 4]
    """
    given = [column for column in columns if column is not None]
    entries = len(given[0]) // ENTRY if given else 0
    points = change_points(given[0], np) if given else []
    for column in given[1:]:
        more = change_points(column, np)
        if more:
            points = sorted(set(points).union(more))
    return [0, *points, entries] if entries else [0]
