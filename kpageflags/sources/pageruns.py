"""Runs of pages for the process and file walks, found without a Python step per page.

A run is pages at consecutive virtual pages that are present at consecutive page frames and
whose pagemap bits, kpageflags, kpagecgroup and kpagecount entries are all the same: page-types
would print and count each of its pages alike. Pagemap entries of such pages differ by one
from page to page, so ``entry - index`` is constant over a run; that, and the tests of the
present bit and of a non-zero frame number, are worked out on the whole batch at once as one
big integer, and where it changes is picked out of an XOR of it with itself shifted. The
frames' entries are read in groups of near neighbours, and a batch's runs are then cut where
their entries change, the same way.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, eq, mul, sub

from .._generated.constants import PM_PFN_MASK, PM_PRESENT, PM_SWAPPED
from .procfs import CHUNK_PAGES, U64File
from .runs import neighbour_reads, run_starts

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any, Callable, NamedTuple
else:
    from ..facts._namedtuple import NamedTuple

ENTRY = 8
ALL_BITS = (1 << 64) - 1
PRESENT_BIT = PM_PRESENT.bit_length() - 1
SWAPPED_BIT = PM_SWAPPED.bit_length() - 1
PFN_BITS = PM_PFN_MASK.bit_length()
# The byte of an entry that holds its present bit (63), and what that byte says of it.
_TOP_BYTE = ENTRY - 1 if sys.byteorder == "little" else 0
_PRESENT = bytes(value >> 7 for value in range(256))
# A batch with fewer than one page in this many present has its runs found among those alone.
SPARSE = 4
_ONE = array("Q", [1]).tobytes()
# Frames closer than this are read in one run (the entries between cost less than a pread).
RUN_GAP = 16


class PageRuns(NamedTuple):
    """Runs in walk order: ``counts[k]`` pages from virtual page ``voffsets[k]`` and frame
    ``pfns[k]`` on, each with kpageflags ``raws[k]``, cgroup, map count, and the pagemap entry
    of the run's first page (0 where no pagemap was read)."""

    voffsets: list[int]
    pfns: list[int]
    counts: list[int]
    raws: list[int]
    cgroups: list[int]
    mapcnts: list[int]
    entries: list[int]


if TYPE_CHECKING:
    RunVisit = Callable[[PageRuns], None]

_constants: dict[int, tuple[int, int]] = {}


def _words(n: int) -> tuple[int, int]:
    """Big integers of ``n`` native 64-bit words: each word 1, and each word its own index."""
    found = _constants.get(n)
    if found is None:
        ones = int.from_bytes(array("Q", [1]).tobytes() * n, sys.byteorder)
        indices = int.from_bytes(array("Q", range(n)).tobytes(), sys.byteorder)
        found = _constants[n] = (ones, indices)
    return found


def _as_words(value: int, n: int) -> memoryview:
    return memoryview(value.to_bytes(n * ENTRY, sys.byteorder)).cast("Q")


def pagemap_runs(data: bytes) -> tuple[list[int], list[int]]:
    """(first index, pages) of each run of present pages with a frame number in a batch of
    pagemap entries, where each page's frame and entry follow the previous page's by one."""
    n = len(data) // ENTRY
    if not n:
        return [], []
    present = present_pages(data)
    if present.count(1) * SPARSE < n:
        return _sparse_pagemap_runs(data, present)
    ones, indices = _words(n)
    return _runs_of_words(int.from_bytes(data, sys.byteorder), indices, ones, n)


def present_pages(data: bytes) -> bytes:
    """A byte for each pagemap entry of ``data``: 1 where its page is present, else 0."""
    return data[_TOP_BYTE::ENTRY].translate(_PRESENT)


def stretches(marks: bytes) -> list[tuple[int, int]]:
    """(first, end) of each stretch of 1 bytes in a string of 0 and 1 bytes."""
    return [match.span() for match in re.finditer(b"\x01+", marks)]


def _sparse_pagemap_runs(data: bytes, present: bytes) -> tuple[list[int], list[int]]:
    """``pagemap_runs`` of a batch with few present pages (a partly cached file's): worked out
    on the present pages' entries alone, laid end to end, each with its index in the batch,
    and cut where one stretch of present pages ends and the next begins (measured on a 1 GiB
    file with a sixth of its pages cached: 12 ms over its 64 batches of 4096 pages, against 19
    as one big integer over every entry)."""
    spans = stretches(present)
    if not spans:
        return [], []
    firsts, ends = [first for first, _ in spans], [end for _, end in spans]
    compact = b"".join(
        map(data.__getitem__, map(slice, map(mul, firsts, repeat(ENTRY)), map(mul, ends, repeat(ENTRY))))
    )
    places = array("Q", chain.from_iterable(map(range, firsts, ends)))
    n = len(places)
    ones = int.from_bytes(_ONE * n, sys.byteorder)
    # Where each stretch after the first begins among the present pages.
    stretch_starts = list(accumulate(map(sub, ends[:-1], firsts[:-1])))
    packed_places = int.from_bytes(places.tobytes(), sys.byteorder)
    starts, lengths = _runs_of_words(int.from_bytes(compact, sys.byteorder), packed_places, ones, n, stretch_starts)
    return _pick(places, starts), lengths


def _runs_of_words(
    entries: int, indices: int, ones: int, n: int, cuts: list[int] | None = None
) -> tuple[list[int], list[int]]:
    """``pagemap_runs`` of ``n`` pagemap entries packed in a big integer, whose indices (packed
    alike) are ``indices``; ``ones`` is ``n`` words of 1. No run crosses the places in ``cuts``."""
    pfn_mask = PM_PFN_MASK * ones
    # A word's frame number is non-zero when adding the mask to it carries past the mask.
    live = (entries >> PRESENT_BIT) & ((entries & pfn_mask) + pfn_mask) >> PFN_BITS & ones
    if not live:
        return [], []
    words = live * ALL_BITS
    # Constant along a run; 0 on pages that are not present, which no run has (bit 63 is set).
    key = (entries & words) - (indices & words)
    breaks = list(compress(range(1, n), _as_words(key ^ (key >> 64), n)[: n - 1]))
    if cuts:
        breaks = sorted(set(breaks).union(cuts))
    starts = [0, *breaks]
    breaks.append(n)
    lengths = list(map(sub, breaks, starts))
    keep = _pick(_as_words(live, n), starts)
    return list(compress(starts, keep)), list(compress(lengths, keep))


def swapped_pages(data: bytes) -> list[int]:
    """The indices of the entries in a batch of pagemap entries that say their page is swapped."""
    n = len(data) // ENTRY
    swapped = int.from_bytes(data, sys.byteorder) >> SWAPPED_BIT & _words(n)[0] if n else 0
    if not swapped:
        return []
    return [index for index, word in enumerate(_as_words(swapped, n)) if word]


class FrameEntries(NamedTuple):
    """Entries of runs of page frames, laid end to end in run order, and how many pages of
    each run the files hold (fewer where a run passes the end of a saved file)."""

    counts: list[int]
    flags: bytes
    cgroups: bytes | None
    mapcnts: bytes | None


def read_frames(files: list[U64File | None], pfns: list[int], counts: list[int]) -> FrameEntries:
    """The entries of ``counts[k]`` frames from ``pfns[k]`` on in kpageflags, kpagecgroup and
    kpagecount (``files``, None where not read), reading near neighbours together."""
    # Each step is mapped in C over all the runs: a process's memory may be a run a page.
    order = sorted(range(len(pfns)), key=pfns.__getitem__)
    firsts = _pick(pfns, order)
    reach = list(accumulate(map(add, firsts, _pick(counts, order)), max))
    gaps = map(sub, islice(firsts, 1, None), reach)
    cuts = [0, *compress(range(1, len(firsts)), map(RUN_GAP.__lt__, gaps)), len(firsts)]
    group_firsts = _pick(firsts, cuts[:-1])
    group_ends = _pick(reach, list(map(sub, islice(cuts, 1, None), repeat(1))))
    group_sizes = list(map(sub, group_ends, group_firsts))
    flags, lengths = _read_groups(files[0], group_firsts, group_sizes) if files[0] is not None else (b"", [])
    group_starts = list(accumulate([0, *lengths[:-1]]))
    groups = list(map(sub, map(bisect_right, repeat(group_firsts), pfns), repeat(1)))
    within = list(map(sub, pfns, _pick(group_firsts, groups)))
    if lengths == group_sizes:
        available = counts
    else:  # a saved file ends inside some run
        available = [
            max(0, min(count, lengths[group] - offset)) for count, group, offset in zip(counts, groups, within)
        ]
    places = list(map(add, _pick(group_starts, groups), within))
    others = [
        _lay(padded(other.read_spans(group_firsts, group_sizes), lengths), places, available) if other else None
        for other in files[1:]
    ]
    return FrameEntries(available, _lay(flags, places, available), *others)


def _read_groups(page_file: U64File, firsts: list[int], sizes: list[int]) -> tuple[bytes, list[int]]:
    """The entries of each group of frames end to end, and how many entries each gave."""
    pieces = page_file.read_spans(firsts, sizes)
    return b"".join(pieces), [len(piece) // ENTRY for piece in pieces]


def padded(pieces: list[bytes], counts: list[int]) -> bytes:
    """kpagecgroup's or kpagecount's pieces end to end, as many entries each as kpageflags gave
    (``counts``), 0 past the file's end."""
    if all(map(eq, map(len, pieces), map(mul, counts, repeat(ENTRY)))):
        return b"".join(pieces)
    return b"".join(piece[: count * ENTRY].ljust(count * ENTRY, b"\0") for piece, count in zip(pieces, counts))


def frames_at(entries: Sequence[int], places: list[int]) -> list[int]:
    """The frame numbers of the pagemap entries at ``places``."""
    return list(map(PM_PFN_MASK.__and__, map(entries.__getitem__, places)))


def _lay(table: bytes, places: list[int], counts: list[int]) -> bytes:
    begins = list(map(mul, places, repeat(ENTRY)))
    ends = map(add, begins, map(mul, counts, repeat(ENTRY)))
    return b"".join(map(table.__getitem__, map(slice, begins, ends)))


def split_runs(index: int, data: bytes, files: list[U64File | None], np: Any | None = None) -> PageRuns:
    """The runs of a batch of pagemap entries for virtual pages from ``index`` on, their frames'
    entries read from ``files`` (kpageflags, then kpagecgroup and kpagecount or None); with
    numpy when ``np`` is given."""
    if np is not None:
        return _split_runs_vectorised(index, data, files, np)
    starts, lengths = pagemap_runs(data)
    if not starts:
        return PageRuns([], [], [], [], [], [], [])
    entries = memoryview(data).cast("Q")
    pfns = frames_at(entries, starts)
    frames = read_frames(files, pfns, lengths)
    counts = frames.counts
    total = sum(counts)
    # The batch index of each page read, laid end to end; runs start where a pagemap run
    # starts or where any page file's entries change.
    positions = list(chain.from_iterable(map(range, starts, map(add, starts, counts))))
    cuts = set(accumulate([0, *counts[:-1]]))
    cuts.update(changes(column for column in (frames.flags, frames.cgroups, frames.mapcnts) if column is not None))
    cuts.discard(total)
    run_starts = sorted(cuts)
    places = _pick(positions, run_starts)
    run_entries = _pick(entries, places)
    zeros = list(repeat(0, len(run_starts)))
    return PageRuns(
        list(map(add, places, repeat(index))),
        list(map(PM_PFN_MASK.__and__, run_entries)),
        list(map(sub, [*run_starts[1:], total], run_starts)),
        _pick(memoryview(frames.flags).cast("Q"), run_starts),
        _pick(memoryview(frames.cgroups).cast("Q"), run_starts) if frames.cgroups is not None else zeros,
        _pick(memoryview(frames.mapcnts).cast("Q"), run_starts) if frames.mapcnts is not None else zeros,
        run_entries,
    )


def _split_runs_vectorised(index: int, data: bytes, files: list[U64File | None], np: Any) -> PageRuns:
    """``split_runs`` with numpy: each present page's frame entries are looked up in reads of
    the distinct frames' near neighbours, and runs are cut where anything changes between
    neighbouring pages."""
    entries = np.frombuffer(data, dtype="<u8")
    frames = entries & np.uint64(PM_PFN_MASK)
    pages = np.flatnonzero(((entries >> np.uint64(PRESENT_BIT)) & np.uint64(1)).astype(bool) & (frames != 0))
    if not len(pages):
        return PageRuns([], [], [], [], [], [], [])
    frames = frames[pages]
    ordered = np.sort(frames)
    # Each distinct frame once (np.unique would import numpy.ma, 20 ms).
    ordered = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    requests = neighbour_reads(np, ordered, RUN_GAP, CHUNK_PAGES)
    read_firsts, read_sizes = [first for first, _ in requests], [size for _, size in requests]
    firsts = np.array(read_firsts, dtype=np.uint64)
    request = np.searchsorted(firsts, frames, side="right") - 1
    within = (frames - firsts[request]).astype(np.int64)
    flags_file, *other_files = files
    assert flags_file is not None
    flags, lengths = _read_groups(flags_file, read_firsts, read_sizes)
    held_lengths = np.array(lengths, dtype=np.int64)
    bases = np.cumsum(held_lengths) - held_lengths
    # Pages whose frame lies past the end of a saved file are left out, as page-types does.
    held = within < held_lengths[request]
    if not held.all():
        pages, frames, request, within = pages[held], frames[held], request[held], within[held]
        if not len(pages):
            return PageRuns([], [], [], [], [], [], [])
    places = bases[request] + within
    columns = [np.frombuffer(flags, dtype="<u8")[places]]
    columns += [
        np.frombuffer(padded(other.read_spans(read_firsts, read_sizes), lengths), dtype="<u8")[places]
        if other
        else None
        for other in other_files
    ]
    # Constant along a run of pages: consecutive frames, the same pagemap bits.
    key = entries[pages].view(np.int64) - pages
    cut = (np.diff(pages) != 1) | (np.diff(key) != 0)
    for column in columns:
        if column is not None:
            cut |= column[1:] != column[:-1]
    starts = np.concatenate((np.zeros(1, dtype=np.int64), np.flatnonzero(cut) + 1))
    counts = np.diff(np.append(starts, len(pages)))
    zeros = [0] * len(starts)
    raws, cgroups, mapcnts = (column[starts].tolist() if column is not None else zeros for column in columns)
    first_pages = pages[starts]
    return PageRuns(
        (first_pages + index).tolist(),
        frames[starts].tolist(),
        counts.tolist(),
        raws,
        cgroups,
        mapcnts,
        entries[first_pages].tolist(),
    )


def changes(columns: Iterable[bytes]) -> list[int]:
    """The indices ``i > 0`` where entry ``i`` of any of the columns (of one length) differs
    from entry ``i - 1``."""
    return run_starts(list(columns))[1:-1]


def _pick(values: Sequence[int], places: list[int]) -> list[int]:
    return list(map(values.__getitem__, places))
