"""Where neighbouring entries of a page file differ.

Page frames come in long runs of one value (free memory, a file's cached pages, a huge page's
tails), so a walk that acts once per run rather than once per page does a fraction of the
work. ``run_starts`` finds the runs of a chunk of u64 entries: with numpy by one vectorised
comparison; without it, each byte place of the entries (every eighth byte) is taken as one big
integer and XORed with itself shifted by a byte, and the places' differences ORed, so that the
bytes that are not 0 mark the changes: C-level work whatever the number of changes, and a
byte a frame to pick them from rather than a word (measured on a saved 6.5-million-frame
file: 1.7 ms a chunk of 65,536 frames against 2.9 ms by whole words). A place that never
changes in the chunk (most high bytes) costs a memcmp.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import add

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

ENTRY = 8
# Byte 1 for a byte that is not 0.
_CHANGE_MARKS = bytes([0] + [1] * 255)


def change_points(columns: Sequence[bytes], np: Any | None = None) -> list[int]:
    """The indices ``i`` (0 < i < entries) where entry ``i`` of any column (all of one length)
    differs from entry ``i - 1``.

    >>> change_points([bytes([1] + [0] * 7) * 3 + bytes(8) * 2])
    [3]
    """
    entries = len(columns[0]) // ENTRY if columns else 0
    if entries < 2:
        return []
    if np is not None:
        change = None
        for column in columns:
            values = np.frombuffer(column, dtype="<u8")
            differs = values[1:] != values[:-1]
            change = differs if change is None else change | differs
        found: list[int] = (np.flatnonzero(change) + 1).tolist()
        return found
    planes = [
        column[place::ENTRY]
        for column in columns
        if column[ENTRY:] != column[:-ENTRY]  # a column of one value (free memory) costs a memcmp
        for place in range(ENTRY)
    ]
    return plane_runs(planes, entries)[0][1:]


def plane_runs(planes: Sequence[bytes], entries: int) -> tuple[list[int], list[int]]:
    """The runs of ``entries`` entries (at least 1) given as byte planes (byte ``i`` of a
    plane belongs to entry ``i``), equal in every plane: their starts and lengths. The bytes
    marking a change are split on, so the lengths come out of C without a step per entry.

    >>> plane_runs([bytes([1, 1, 2, 2]), bytes([0, 3, 3, 3])], 4)
    ([0, 1, 2], [1, 1, 2])
    """
    difference = 0
    for plane in planes:
        if plane[1:] != plane[:-1]:
            value = int.from_bytes(plane, "little")
            difference |= value ^ (value >> 8)
    if not difference:
        return [0], [entries]
    marks = difference.to_bytes(entries, "little")[: entries - 1].translate(_CHANGE_MARKS)
    lengths = list(map(add, map(len, marks.split(b"\1")), repeat(1)))
    starts = list(accumulate(lengths, initial=0))
    starts.pop()
    return starts, lengths


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
    return [0, *change_points(given, np), entries] if entries else [0]


def neighbour_reads(np: Any, ordered: Any, gap: int, most: int) -> list[tuple[int, int]]:
    """(first, count) reads covering the sorted distinct entry numbers ``ordered``: one read
    for numbers less than ``gap`` apart (reading the entries between costs less than another
    read), cut into reads of at most ``most`` entries."""
    breaks = np.flatnonzero(np.diff(ordered) > gap) + 1
    firsts = ordered[np.concatenate(([0], breaks))].tolist()
    lasts = ordered[np.concatenate((breaks - 1, [len(ordered) - 1]))].tolist()
    return [
        (index, min(most, last + 1 - index))
        for first, last in zip(firsts, lasts)
        for index in range(first, last + 1, most)
    ]
