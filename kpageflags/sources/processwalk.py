"""Summary-only ``page-types -p``: vectorised with numpy when it is installed, in bulk
(C-level loops over lists and dicts) when not.

A summary needs no per-page callback, so the walk reads a batch of the process's pagemap,
finds the distinct page frames its present pages use, reads their kpageflags entries once
each in runs of near neighbours (page-types reads them one pread per page), and counts keys
in address order. Threads do the reads: ``os.pread`` releases the GIL and the kernel's work
of filling the entries dominates.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from itertools import compress, count

from .._generated.constants import PM_PFN_MASK, PM_PRESENT, PM_SWAPPED
from ..errors import EnvironmentProblem
from .processes import open_pagemap
from .procfs import CHUNK_PAGES, ParallelReads, U64File
from .runs import neighbour_reads
from .source import KPAGEFLAGS
from .walk import vmas

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any, Callable

    from .source import PageSource

# Pagemap entries per batch (256 MiB of address space). Bounds memory: a 10 GiB process peaked
# at 66 MB with 1 GiB batches and 52 MB with 512 MiB ones, and ran faster (0.86 s against 1.12
# s; frames shared by two batches are read twice). A 4 GiB one peaked at 50 MiB with 512 MiB
# batches and 43 MiB with these (numpy's import is 25 of them), in 400 ms against 386 (whole
# processes, medians of 11 alternating runs).
BATCH_PAGES = 1 << 16
# Frames closer than this are read in one run (the entries between cost less than a pread).
RUN_GAP = 64

# Pagemap bits page-types' raw mode turns into flags, packed into a 4-bit code above the
# kernel's flag bits so that (flags, pagemap bits) pairs count as one value.
_PAGEMAP_CODE_BITS = (55, 56, 61, 62)
_CODE_SHIFT = 44
_SWAP_ONLY = 1 << 48


class WideFlags(Exception):
    """A kpageflags value with bits at or above the pagemap code: the caller walks page by page."""


Piece = tuple[int, int, int]  # (first virtual page, pages, number of its mapping)


def _pieces(pid: int, ranges: list[tuple[int, int]]) -> list[Piece]:
    """The pagemap reads of a walk, in page-types' order: each -a range, each mapping in it."""
    maps = vmas(pid)
    pieces: list[Piece] = []
    for start, size in ranges or [(0, (1 << 64) - 1)]:
        end = min(start + size, (1 << 64) - 1)
        for number, (low, high) in enumerate(maps):
            if high <= start or low >= end:
                continue
            first, last = max(low, start), min(high, end)
            pieces.extend((index, min(CHUNK_PAGES, last - index), number) for index in range(first, last, CHUNK_PAGES))
    return pieces


def walked_pages(pid: int, ranges: list[tuple[int, int]]) -> int:
    """The virtual pages a walk of the process covers."""
    return sum(pages for _, pages, _ in _pieces(pid, ranges))


def _batches(pieces: list[Piece]) -> list[list[Piece]]:
    batches: list[list[Piece]] = [[]]
    pages = 0
    for piece in pieces:
        if pages + piece[1] > BATCH_PAGES and batches[-1]:
            batches.append([])
            pages = 0
        batches[-1].append(piece)
        pages += piece[1]
    return [batch for batch in batches if batch]


class ProcessSummary:
    """A summary-only walk of one process. Made as soon as the options are known, it reads the
    process's mappings and starts reading its pagemap at once, without numpy, so the kernel's
    work overlaps the imports that ``count`` needs."""

    def __init__(self, pid: int, source: PageSource, ranges: list[tuple[int, int]], threads: int = 2) -> None:
        self.pid, self.threads = pid, threads
        # The process first: one that cannot be read gives the same error in every command.
        self.batches = _batches(_pieces(pid, ranges))
        self.pagemap = open_pagemap(pid)
        try:
            self.frames = source.page_file(KPAGEFLAGS)
        except BaseException:
            self.pagemap.close()
            raise
        self.pages = sum(pages for batch in self.batches for _, pages, _ in batch)
        self._closed = False
        self._reading = self._start(0)

    def _start(self, number: int) -> ParallelReads | None:
        if number >= len(self.batches):
            return None
        return ParallelReads(self.pagemap, [(index, pages) for index, pages, _ in self.batches[number]], self.threads)

    def count(
        self,
        with_pagemap_bits: bool,
        add: Callable[[bytes], None],
        use_numpy: bool = True,
        progress: Callable[[int], None] | None = None,
    ) -> str | None:
        """Hands ``add`` little-endian keys, one per page in address order, each a kernel flags
        value plus a code of its pagemap bits (or, for swap entries, the code alone with
        ``_SWAP_ONLY``); decode them with ``decode_key``. Returns a warning if the process went
        away part-way (the pages read before are counted). Raises ``WideFlags`` if a page's flags
        would not leave room for the code (no kernel sets such bits yet). ``progress`` is
        told the number of virtual pages walked after each batch."""
        np: Any = None
        walked = 0
        if use_numpy:
            import numpy

            np = numpy
        # Two stages: a batch's kpageflags reads start before the previous batch's keys are
        # built, so the kernel reads while numpy works.
        in_flight: list[_BatchKeys] = []
        try:
            for number, batch in enumerate(self.batches):
                reading = self._reading
                assert reading is not None
                # The next batch's pagemap is read while this one is counted.
                self._reading = self._start(number + 1)
                datas, failure = _pagemap_entries(batch, reading.results())
                if np is not None:
                    if datas:
                        in_flight.append(
                            _BatchKeys(np, np.frombuffer(b"".join(datas), dtype="<u8"), self.frames, self.threads)
                        )
                    while len(in_flight) > (0 if failure else 1):
                        add(in_flight.pop(0).finish(with_pagemap_bits))
                else:
                    # Piece by piece: a dict per frame costs far more memory than an array entry.
                    for data in datas:
                        add(_keys_without_numpy(data, self.frames, with_pagemap_bits, self.threads))
                if failure is not None:
                    return (
                        f"process {self.pid} went away during the walk ({failure}); the pages walked so far are counted"
                    )
                walked += sum(pages for _, pages, _ in batch)
                if progress is not None:
                    progress(walked)
            while in_flight:
                add(in_flight.pop(0).finish(with_pagemap_bits))
        finally:
            for unfinished in in_flight:
                unfinished.reading.wait()  # its threads use the file closed next
        if not os.path.exists(f"/proc/{self.pid}"):
            return f"process {self.pid} exited during the walk; the pages walked so far are counted"
        return None

    def close(self) -> None:
        """Waits for any reads under way (they use the files), then closes; idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._reading is not None:
            self._reading.wait()
            self._reading = None
        self.pagemap.close()
        self.frames.close()


def _pagemap_entries(batch: list[Piece], results: list[bytes | EnvironmentProblem]) -> tuple[list[bytes], str | None]:
    """The batch's entries in order. As in page-types, an empty read ends its mapping's walk;
    a failed read ends the whole walk, keeping what came before it."""
    datas: list[bytes] = []
    ended = -1
    for (_, _, mapping), data in zip(batch, results):
        if isinstance(data, EnvironmentProblem):
            return datas, str(data)
        if mapping == ended:
            continue
        if not data:
            ended = mapping
            continue
        datas.append(data)
    return datas, None


class _BatchKeys:
    """The keys of one batch of pagemap entries, in two steps: made, it works out the frames
    to read and starts reading them; ``finish`` waits for the reads and builds the keys."""

    def __init__(self, np: Any, entries: Any, frames: U64File, threads: int) -> None:
        self.np, self.entries = np, entries
        high = entries >> np.uint64(62)
        pfns = entries & np.uint64(PM_PFN_MASK)
        self.present = (high >= 2) & (pfns != 0)
        self.swapped = (high & np.uint64(1)) == 1
        self.mapped = pfns[self.present]
        self.requests = neighbour_reads(np, np.sort(self.mapped), RUN_GAP, CHUNK_PAGES) if len(self.mapped) else []
        self.reading = ParallelReads(frames, self.requests, threads)
        # While the threads read (numpy lets go of the GIL to search): which read holds each frame.
        self.starts = np.array([index for index, _ in self.requests], dtype=np.uint64)
        self.request = np.searchsorted(self.starts, self.mapped, side="right") - 1

    def finish(self, with_pagemap_bits: bool) -> bytes:
        np, entries, present, swapped = self.np, self.entries, self.present, self.swapped
        values, found = self._frame_values()
        if found is None and not with_pagemap_bits and not swapped.any():
            # The usual case: every present page's frame was read and nothing else counts, so
            # the keys are the frames' flags in address order, with no masks to apply.
            return bytes(values.astype("<u8", copy=False).tobytes())
        code = np.zeros(len(entries), dtype=np.uint64)
        if with_pagemap_bits:
            for position, bit in enumerate(_PAGEMAP_CODE_BITS):
                code |= ((entries >> np.uint64(bit)) & np.uint64(1)) << np.uint64(_CODE_SHIFT + position)
        keys = np.zeros(len(entries), dtype=np.uint64)
        keys[present] = values | code[present]
        known = np.zeros(len(entries), dtype=bool)
        known[present] = True if found is None else found
        keys[swapped] = code[swapped] | np.uint64(_SWAP_ONLY)
        return bytes(keys[known | swapped].astype("<u8", copy=False).tobytes())

    def _frame_values(self) -> tuple[Any, Any | None]:
        """The kpageflags entry of each present page's frame, in address order, every distinct
        frame read once: (values, and whether each was there to read, or None when all were: a
        saved file may end before a frame)."""
        np, pfns, requests = self.np, self.mapped, self.requests
        datas: list[bytes] = []
        for result in self.reading.results():
            if isinstance(result, EnvironmentProblem):
                raise result
            datas.append(result)
        if not datas:
            return np.zeros(0, dtype=np.uint64), None
        lengths = np.array([len(data) // 8 for data in datas], dtype=np.int64)
        bases = np.cumsum(lengths) - lengths
        read = np.frombuffer(b"".join(datas), dtype="<u8")
        if len(read) and int(read.max()) >> _CODE_SHIFT:
            raise WideFlags()
        # Frames are below 2**55, so their int64 view is their value.
        position = pfns.view(np.int64) + (bases - self.starts.view(np.int64))[self.request]
        if all(len(data) == count * 8 for data, (_, count) in zip(datas, requests)):
            return read[position], None
        found = position < (bases + lengths)[self.request]
        values = np.zeros(len(pfns), dtype=np.uint64)
        values[found] = read[position[found]]
        return values, found


def _keys_without_numpy(data: bytes, frames: U64File, with_pagemap_bits: bool, threads: int) -> bytes:
    """``_keys`` in plain Python, per-page work left to C-level list, dict and map calls."""
    view = memoryview(data).cast("Q")
    mapped = [pfn for entry in view if entry & PM_PRESENT and (pfn := entry & PM_PFN_MASK)]
    table = _frame_table(frames, mapped, threads)
    # Bit 62 (swapped) sits in each entry's last byte: deleting the bytes without it leaves none.
    swapped = bool(data[7::8].translate(None, _WITHOUT_BIT_62))
    if not with_pagemap_bits and not swapped:
        if len(table) and (not mapped or max(mapped) in table):
            return array("Q", map(table.__getitem__, mapped)).tobytes()
        return array("Q", [table[pfn] for pfn in mapped if pfn in table]).tobytes()
    keys = array("Q")
    codes: dict[int, int] = {}
    for entry in view:
        high = entry >> 55
        code = codes.get(high)
        if code is None:
            code = codes[high] = _code(entry) if with_pagemap_bits else 0
        pfn = entry & PM_PFN_MASK
        if entry & PM_PRESENT and pfn in table:
            keys.append(table[pfn] | code)
        if entry & PM_SWAPPED:
            keys.append(code | _SWAP_ONLY)
    return keys.tobytes()


_WITHOUT_BIT_62 = bytes(value for value in range(256) if not value & 0x40)


def _code(entry: int) -> int:
    code = 0
    for position, bit in enumerate(_PAGEMAP_CODE_BITS):
        code |= (entry >> bit & 1) << (_CODE_SHIFT + position)
    return code


def _frame_table(frames: U64File, pfns: list[int], threads: int) -> dict[int, int]:
    """Frame to kpageflags entry for every distinct one of ``pfns`` (near neighbours are read
    in one run); frames past the end of a saved file are absent."""
    wanted = sorted(set(pfns))
    if not wanted:
        return {}
    # Where the gap to the next frame is too wide to read across, all in C-level iterators.
    wide = map(RUN_GAP.__lt__, map(int.__sub__, wanted[1:], wanted))
    ends = [*compress(count(), wide), len(wanted) - 1]
    requests: list[tuple[int, int]] = []
    first = 0
    for end in ends:
        low, high = wanted[first], wanted[end] + 1
        requests += [(index, min(CHUNK_PAGES, high - index)) for index in range(low, high, CHUNK_PAGES)]
        first = end + 1
    table: dict[int, int] = {}
    covered = 0
    for (index, _), data in zip(requests, ParallelReads(frames, requests, threads).results()):
        if isinstance(data, EnvironmentProblem):
            raise data
        entries = memoryview(data).cast("Q")
        # The wanted frames this read holds (fewer than asked where a saved file ends).
        first = bisect_left(wanted, index, covered)
        covered = bisect_left(wanted, index + len(entries), first)
        held = wanted[first:covered]
        table.update(zip(held, map(entries.__getitem__, map(index.__rsub__, held))))
    if table and max(table.values()) >> _CODE_SHIFT:
        raise WideFlags()
    return table


def decode_key(key: int) -> tuple[int, int, bool]:
    """(kernel flags, pagemap entry bits, is a swap entry) of a ``count_process`` key."""
    entry = 0
    for position, bit in enumerate(_PAGEMAP_CODE_BITS):
        if key >> (_CODE_SHIFT + position) & 1:
            entry |= 1 << bit
    return key & ((1 << _CODE_SHIFT) - 1), entry, bool(key & _SWAP_ONLY)
