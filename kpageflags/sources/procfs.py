"""Reading the /proc page files (kpageflags, kpagecount, kpagecgroup, PID/pagemap) or saved copies.

Each holds one little-endian u64 per page frame (or per virtual page, for pagemap). The
kernel accepts only 8-byte aligned reads, so everything here reads with ``os.pread`` at
multiples of 8. Errors become one-line ``EnvironmentProblem`` or ``BadPageFile`` messages.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import mul

from ..errors import (
    KERNEL_INTERFACES,
    BadPageFile,
    EnvironmentProblem,
    KpageflagsError,
    environment_problem,
    unreadable_file,
)

KPAGEFLAGS = "/proc/kpageflags"
KPAGECOUNT = "/proc/kpagecount"
KPAGECGROUP = "/proc/kpagecgroup"
ENTRY = 8
CHUNK_PAGES = 1 << 16


def _explain(path: str, error: OSError) -> KpageflagsError:
    if not path.startswith(KERNEL_INTERFACES):
        return unreadable_file(path, error, f"cannot read {path}: {error.strerror}")
    if error.errno in (errno.EACCES, errno.EPERM):
        return environment_problem(
            f"{path}: permission denied; reading page frame data needs root (CAP_SYS_ADMIN)", error.errno
        )
    if error.errno == errno.ENOENT:
        return environment_problem(
            f"{path}: no such file (the kernel may lack CONFIG_PROC_PAGE_MONITOR, or the process has exited)",
            error.errno,
        )
    return environment_problem(f"{path}: {error.strerror}", error.errno)


class U64File:
    """An open page file; ``read(index, count)`` returns up to ``count`` entries as bytes."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            # Not blocking: opening a FIFO would wait for a writer (and a second open, for another).
            self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as error:
            raise _explain(path, error) from None
        info = os.fstat(self.fd)
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            os.close(self.fd)
            raise BadPageFile(f"{path}: a pipe cannot be read at an entry's offset; save it to a file first")
        # /proc files report size 0; a saved copy must be whole entries.
        self.regular = stat.S_ISREG(info.st_mode) and info.st_size > 0
        self.size = info.st_size if self.regular else None
        if self.size is not None and self.size % ENTRY:
            os.close(self.fd)
            raise BadPageFile(
                f"{path}: {self.size} bytes is not a whole number of 8-byte entries (truncated or not a page file)"
            )

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> U64File:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def entries(self) -> int | None:
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
            raise EnvironmentProblem(
                f"{self.path}: a read at entry {index} returned {len(data)} bytes, not whole 8-byte entries"
            )
        return data

    def read_spans(self, firsts: Sequence[int], counts: Sequence[int]) -> list[bytes]:
        """``read`` of ``counts[k]`` entries from ``firsts[k]`` on, for each k: the reads mapped
        in C, no Python step between them (a file walk makes one for every few pages, 90,000
        for a 1 GiB file of scattered frames), and one by one only where one of them fails, to
        fail as ``read`` does."""
        sizes, offsets = map(mul, counts, repeat(ENTRY)), map(mul, firsts, repeat(ENTRY))
        try:
            pieces = list(map(os.pread, repeat(self.fd), sizes, offsets))
        except OSError:
            return list(map(self.read, firsts, counts))
        # No read gives more than asked: where all gave all, none gave part of an entry.
        if sum(map(len, pieces)) != ENTRY * sum(counts) and any(map(ENTRY.__rmod__, map(len, pieces))):
            return list(map(self.read, firsts, counts))
        return pieces


class OneChunk:
    """Entries ``start`` <= index < ``stop``, at most one chunk, read by the calling thread when
    iterated (as ``(first_index, data)``, as ``Prefetcher`` yields them): one read has nothing
    to read beside it, and starting threads (importing threading first) would take longer than
    a short walk's read."""

    def __init__(self, source: U64File, start: int, stop: int) -> None:
        self.source, self.start, self.stop = source, start, stop
        self.closed = False

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        try:
            data = self.source.read(self.start, self.stop - self.start) if self.stop > self.start else b""
            if data:
                yield self.start, data
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.source.close()


class Prefetcher:
    """Reads chunks of a page file with several threads, started at once; iterating yields
    ``(first_index, data)`` in index order.

    Reading in parallel pays because the kernel does almost all the work of a /proc read,
    and ``os.pread`` releases the GIL while it does. Workers claim chunk numbers in turn
    and stop at the first empty read, so a live file's length need not be known; at most
    ``window`` chunks wait to be consumed, which bounds memory.
    """

    def __init__(
        self, source: U64File, start: int, stop: int | None, threads: int, chunk: int, window: int = 8
    ) -> None:
        import threading  # here: a walk of one chunk reads without threads (OneChunk)

        self.source, self.start, self.stop, self.chunk, self.window = source, start, stop, chunk, window
        self.condition = threading.Condition()
        self.results: dict[int, bytes | BaseException] = {}
        self.next = 0
        self.consumed = 0
        self.end: int | None = None
        self.closed = False
        self.pool = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.pool:
            thread.start()

    def _work(self) -> None:
        while True:
            with self.condition:
                while self.next - self.consumed >= self.window and not self.closed:
                    self.condition.wait()
                number = self.next
                if self.closed or (self.end is not None and number >= self.end):
                    return
                self.next = number + 1
            index = self.start + number * self.chunk
            count = self.chunk if self.stop is None else min(self.chunk, self.stop - index)
            try:
                data: bytes | BaseException = self.source.read(index, count) if count > 0 else b""
            except BaseException as error:  # handed to the consumer, which raises it
                data = error
            with self.condition:
                self.results[number] = data
                if not data or isinstance(data, BaseException):
                    self.end = number if self.end is None else min(self.end, number)
                self.condition.notify_all()

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        try:
            number = 0
            while True:
                with self.condition:
                    while number not in self.results:
                        self.condition.wait()
                    data = self.results.pop(number)
                    self.consumed = number + 1
                    self.condition.notify_all()
                if isinstance(data, BaseException):
                    raise data
                if not data:
                    return
                yield self.start + number * self.chunk, data
                number += 1
        finally:
            self.close()

    def close(self) -> None:
        with self.condition:
            if self.closed:
                return
            self.closed = True
            self.condition.notify_all()
        for thread in self.pool:
            thread.join()
        self.source.close()


class ParallelReads:
    """Reads each ``(index, count)`` request with ``threads`` threads taking requests in turn,
    started at once so the caller can work meanwhile (``os.pread`` releases the GIL, so the
    kernel fills the entries side by side); ``results()`` waits for them, in request order."""

    def __init__(self, source: U64File, requests: list[tuple[int, int]], threads: int = 2) -> None:
        import threading  # here: a short walk reads without threads, and need not import it

        self.source, self.requests = source, requests
        self._results: list[bytes | BaseException] = [b""] * len(requests)
        self._claim = iter(range(len(requests)))
        self._lock = threading.Lock()
        self._workers = [
            threading.Thread(target=self._work, daemon=True) for _ in range(max(1, min(threads, len(requests))))
        ]
        for worker in self._workers:
            worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                number = next(self._claim, None)
            if number is None:
                return
            index, count = self.requests[number]
            try:
                self._results[number] = self.source.read(index, count)
            except BaseException as error:  # handed to the caller's thread by results()
                self._results[number] = error

    def wait(self) -> None:
        for worker in self._workers:
            worker.join()

    def results(self) -> list[bytes | EnvironmentProblem]:
        """Each request's entries; one that failed with ``EnvironmentProblem`` holds the error (the
        caller decides whether what was read before it still counts); other errors are raised."""
        self.wait()
        finished: list[bytes | EnvironmentProblem] = []
        for result in self._results:
            if not isinstance(result, (bytes, EnvironmentProblem)):
                raise result
            finished.append(result)
        return finished
