"""Reading the /proc page files (kpageflags, kpagecount, kpagecgroup, PID/pagemap) or saved copies.

Each holds one little-endian u64 per page frame (or per virtual page, for pagemap). The
kernel accepts only 8-byte aligned reads, so everything here reads with ``os.pread`` at
multiples of 8. Errors become one-line ``ProcFileError`` messages.
"""

from __future__ import annotations

import errno
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List, Optional, Tuple

from .errors import KpageflagsError

KPAGEFLAGS = "/proc/kpageflags"
KPAGECOUNT = "/proc/kpagecount"
KPAGECGROUP = "/proc/kpagecgroup"
ENTRY = 8
CHUNK_PAGES = 1 << 16


class ProcFileError(KpageflagsError):
    """A page file that cannot be opened or read, or that is not a whole number of entries."""


def _explain(path: str, error: OSError) -> ProcFileError:
    if error.errno in (errno.EACCES, errno.EPERM):
        return ProcFileError(f"{path}: permission denied; reading page frame data needs root "
                             "(CAP_SYS_ADMIN)")
    if error.errno == errno.ENOENT:
        return ProcFileError(f"{path}: no such file (the kernel may lack CONFIG_PROC_PAGE_MONITOR, or the "
                             "process has exited)")
    return ProcFileError(f"{path}: {error.strerror}")


class U64File:
    """An open page file; ``read(index, count)`` returns up to ``count`` entries as bytes."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_RDONLY)
        except OSError as error:
            raise _explain(path, error) from None
        info = os.fstat(self.fd)
        # /proc files report size 0; a saved copy must be whole entries.
        self.regular = stat.S_ISREG(info.st_mode) and info.st_size > 0
        self.size = info.st_size if self.regular else None
        if self.size is not None and self.size % ENTRY:
            os.close(self.fd)
            raise ProcFileError(f"{path}: {self.size} bytes is not a whole number of 8-byte entries "
                                "(truncated or not a page file)")

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> U64File:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def entries(self) -> Optional[int]:
        """How many entries a saved file holds (None for live /proc files)."""
        return None if self.size is None else self.size // ENTRY

    def read(self, index: int, count: int) -> bytes:
        try:
            data = os.pread(self.fd, count * ENTRY, index * ENTRY)
        except OSError as error:
            if error.errno == errno.EINVAL and self.entries is None:
                return b""  # past the end of a /proc file
            raise _explain(self.path, error) from None
        if len(data) % ENTRY:
            raise ProcFileError(f"{self.path}: a read at entry {index} returned {len(data)} bytes, "
                                "not whole 8-byte entries")
        return data


def ranges_of(start: int, end: Optional[int], total: Optional[int], chunk: int) -> List[Tuple[int, int]]:
    """Splits [start, end) into chunk-sized ranges; with no end, up to ``total`` if known."""
    stop = end if end is not None else total
    if stop is None:
        return []
    return [(index, min(chunk, stop - index)) for index in range(start, stop, chunk)]


def read_chunks(path: str, start: int = 0, end: Optional[int] = None, *, threads: int = 2,
                chunk: int = CHUNK_PAGES) -> Iterator[Tuple[int, bytes]]:
    """Yields ``(first_index, data)`` in index order, reading ahead with ``threads`` threads.

    Reading in parallel pays because the kernel does almost all the work of a /proc read,
    and ``os.pread`` releases the GIL while it does. A live file's end is found by reading
    until a read comes back empty.
    """
    with U64File(path) as source:
        total = source.entries
        if total is None and end is None:
            total = _live_length(source)
        spans = ranges_of(start, end, total, chunk)
        if threads <= 1 or len(spans) < 2:
            for index, count in spans:
                data = source.read(index, count)
                if not data:
                    return
                yield index, data
            return
        with ThreadPoolExecutor(threads) as pool:
            window = threads * 2
            pending = [pool.submit(source.read, i, c) for i, c in spans[:window]]
            position = window
            for number in range(len(spans)):
                data = pending[number].result()
                if position < len(spans):
                    index, count = spans[position]
                    pending.append(pool.submit(source.read, index, count))
                    position += 1
                if not data:
                    return
                yield spans[number][0], data


def _live_length(source: U64File) -> int:
    """The number of entries of a live /proc page file: found by a binary search on reads."""
    low, high = 0, 1 << 20
    while source.read(high - 1, 1):
        low, high = high, high * 2
        if high > 1 << 44:
            break
    while low < high:
        middle = (low + high) // 2
        if source.read(middle, 1):
            low = middle + 1
        else:
            high = middle
    return low
