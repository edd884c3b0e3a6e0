"""Where a cached file's pages come from: page-types' walk_file, through libc's mmap and mincore.

Its own module because ctypes costs start-up time that the other walks need not pay.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import sys
from collections.abc import Iterator

from ..errors import EnvironmentProblem, environment_problem
from .fileruns import file_runs
from .pageruns import pagemap_runs
from .procfs import U64File
from .walk import PfnSource

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Optional

    from .pageruns import RunVisit

    # A chunk's first page, its pagemap entries, and their runs of present pages where found.
    MappedChunk = tuple[int, bytes, Optional[tuple[list[int], list[int]]]]


class _Libc:
    def __init__(self) -> None:
        # The process's own symbols, libc's among them: ctypes.util.find_library("c") would run
        # ldconfig -p, and import subprocess, tempfile and shutil, for the same functions.
        self.lib = ctypes.CDLL(None, use_errno=True)
        self.lib.mmap.restype = ctypes.c_void_p
        self.lib.mmap.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_long,
        ]
        self.lib.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        self.lib.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
        self.lib.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        self.lib.syscall.restype = ctypes.c_long
        self.lib.fstatfs.argtypes = [ctypes.c_int, ctypes.c_char_p]
        self.cachestat: int | None = CACHESTAT.get(os.uname().machine)
        self.populates = True
        # Whether cachestat can be trusted on each device met so far.
        self._trusted: dict[int, bool] = {}

    def nothing_cached(self, fd: int, device: int) -> bool:
        """Whether cachestat(2) says that no page of the file is cached: one call in place of
        mapping it and asking mincore, for most files of a directory walk. False whenever it
        cannot say: before 6.5, on other architectures, on file systems not known to keep a
        file's pages in its own page cache (overlayfs keeps them in the file beneath, where
        cachestat does not look; so does FUSE passthrough)."""
        if self.cachestat is None or not self._trusted_on(fd, device):
            return False
        whole, found = _CachestatRange(0, 0), _Cachestat()
        number, argument = ctypes.c_long(self.cachestat), ctypes.c_long(fd)
        if self.lib.syscall(number, argument, ctypes.byref(whole), ctypes.byref(found), ctypes.c_long(0)) != 0:
            if ctypes.get_errno() == errno.ENOSYS:
                self.cachestat = None
            return False
        return bool(found.nr_cache == 0)

    def map_in(self, address: int, page: int, spans: list[tuple[int, int]]) -> None:
        """Maps the spans' pages, as page-types does by reading a byte of each: by one
        madvise(MADV_POPULATE_READ) a span where the kernel has it (5.14), which faults the
        pages in without a trip to user space for each (measured: the 262,144 scattered cached
        pages of a 1 GiB file in 76 ms, against 99-111 ms touched)."""
        for first, end in spans:
            if not self.populates:
                _touch(address, page, [(first, end)])
            elif self.lib.madvise(address + first * page, (end - first) * page, MADV_POPULATE_READ) != 0:
                if ctypes.get_errno() != errno.EINVAL:
                    raise EnvironmentProblem(f"madvise failed: {os.strerror(ctypes.get_errno())}")
                self.populates = False  # an older kernel: it does not know the advice
                _touch(address, page, [(first, end)])

    def _trusted_on(self, fd: int, device: int) -> bool:
        trusted = self._trusted.get(device)
        if trusted is None:
            # struct statfs starts with the file system's magic number (a C long).
            buffer = ctypes.create_string_buffer(STATFS_SIZE)
            known = self.lib.fstatfs(fd, buffer) == 0
            magic = ctypes.c_ulong.from_buffer(buffer).value & 0xFFFFFFFF
            trusted = self._trusted[device] = known and magic in OWN_PAGE_CACHE
        return trusted


class _CachestatRange(ctypes.Structure):
    # A length of 0 asks for the whole file from the offset on.
    _fields_ = [("off", ctypes.c_uint64), ("len", ctypes.c_uint64)]


class _Cachestat(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in ("nr_cache", "nr_dirty", "nr_writeback", "nr_evicted", "nr_recently_evicted")
    ]


# cachestat's system call number (new in 6.5, mm/filemap.c) on the architectures whose tables
# give it that number (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h).
CACHESTAT = {"x86_64": 451, "aarch64": 451}
# File systems whose files' cached pages are in their own page cache, by statfs magic number
# (include/uapi/linux/magic.h): ext2/3/4, XFS, btrfs, tmpfs, f2fs.
OWN_PAGE_CACHE = {0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0xF2F52010}
# Bytes enough for struct statfs on every architecture (120 on x86_64).
STATFS_SIZE = 256


PROT_READ, MAP_SHARED, MADV_RANDOM, MADV_SEQUENTIAL = 1, 1, 1, 2
MADV_POPULATE_READ = 22  # include/uapi/asm-generic/mman-common.h, 5.14
# Pages of a file mapped at a time: the cached pages touched count in the walk's resident
# memory until unmapped (page-types maps 64Ki pages, 256 MiB of 4 KiB pages, at a time).
FILE_CHUNK_PAGES = 1 << 12
MAP_FAILED = ctypes.c_void_p(-1).value
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
# Not updating access times, as page-types; only the file's owner (or root) may ask it.
_NOATIME = getattr(os, "O_NOATIME", 0)


@functools.cache
def _libc() -> _Libc:
    """libc's functions, declared once for all the files of a walk."""
    return _Libc()


def walk_file(
    name: str, source: PfnSource, ranges: list[tuple[int, int]], visit: RunVisit, np: Any | None = None
) -> None:
    """page-types' walk_file, run by run (see ``pageruns``): map the file, ask mincore which
    pages are cached, touch only those (so nothing is read from disk and readahead is off),
    then read their PFNs. A run's virtual offsets are its pages' offsets in the file. With
    ``np`` (numpy), runs are found by array operations.

    A chunk's mapping is all system calls, and cutting it into runs mostly Python: the next
    chunk is mapped in a thread (which also finds its runs of present pages, to share the
    Python work out) while the runs of the one before are cut and counted
    (measured on a 1 GiB file of scattered cached pages, 64 chunks, whole processes at load
    2.4 on 2 CPUs: median 0.29 s by the wall clock against 0.34 s one chunk after the other,
    for 0.01 s more CPU time)."""
    libc = _libc()
    try:
        fd = os.open(name, _OPEN_FLAGS | _NOATIME)
    except PermissionError:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as error:
        raise environment_problem(f"{name}: {error.strerror}", error.errno) from None
    try:
        info = os.fstat(fd)
        chunks = _chunks(ranges, info.st_size)
        # cachestat spares the mapping of most files of a directory walk, which fit in a chunk;
        # over a large file it costs more than it can spare (measured: 15-24 ms on the cached 1 GiB
        # file of scattered pages, whose mapping it would spare only were none cached).
        if not chunks or (len(chunks) == 1 and info.st_size >= PAGE_SIZE and libc.nothing_cached(fd, info.st_dev)):
            return
        mapper = _ChunkMapper(libc, name, fd, finds_runs=np is None)
        try:
            if len(chunks) == 1:  # no thread to start for a small file
                _visit_chunks(map(mapper.entries, chunks), source.files, np, visit)
            else:
                from .ahead import Ahead  # threads, for a file of several chunks only

                with Ahead(mapper.entries, chunks) as mapped:
                    _visit_chunks(mapped, source.files, np, visit)
        finally:
            mapper.close()
    finally:
        os.close(fd)


def _visit_chunks(mapped: Iterable[MappedChunk], files: list[U64File | None], np: Any | None, visit: RunVisit) -> None:
    for first, entries, present in mapped:
        if entries:
            runs = file_runs(first, entries, files, np, present)
            if runs.counts:
                visit(runs)


def _chunks(ranges: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """(first page, pages) of each chunk of the file mapped at a time, in walk order: the
    whole pages of the file, or the pages of each range up to the file's end."""
    page, most = PAGE_SIZE, FILE_CHUNK_PAGES
    if not ranges:
        whole = size // page
        return [(first, min(most, whole - first)) for first in range(0, whole, most)]
    chunks = []
    for start, count in ranges:
        end = (min((start + count) * page, size) + page - 1) // page
        chunks += [(first, min(most, end - first)) for first in range(start, end, most)]
    return chunks


class _ChunkMapper:
    """Maps the cached pages of a chunk of an open file, and reads their pagemap entries; with
    ``finds_runs``, finds their runs of present pages (``pageruns.pagemap_runs``) too."""

    def __init__(self, libc: _Libc, name: str, fd: int, finds_runs: bool) -> None:
        self.libc, self.name, self.fd, self.finds_runs = libc, name, fd, finds_runs
        self.pagemap: U64File | None = None

    def entries(self, chunk: tuple[int, int]) -> MappedChunk:
        """The chunk's first page, the pagemap entries of its pages (none where no page is
        cached: then none can be mapped, as for most files of a directory walk) and their runs."""
        first, data = self._mapped(chunk)
        return first, data, pagemap_runs(data) if self.finds_runs and data else None

    def _mapped(self, chunk: tuple[int, int]) -> tuple[int, bytes]:
        first, pages = chunk
        lib, page = self.libc.lib, PAGE_SIZE
        length = pages * page
        address = lib.mmap(None, length, PROT_READ, MAP_SHARED, self.fd, first * page)
        if address in (None, MAP_FAILED):
            raise EnvironmentProblem(f"mmap failed: {self.name}: {os.strerror(ctypes.get_errno())}")
        try:
            vector = ctypes.create_string_buffer(pages)
            if lib.mincore(address, length, vector) != 0:
                raise EnvironmentProblem(f"mincore failed: {self.name}")
            limit = (os.fstat(self.fd).st_size + page - 1) // page - first
            spans = _cached_spans(vector.raw[: min(pages, max(limit, 0))])
            if not spans:
                return first, b""
            lib.madvise(address, length, MADV_RANDOM)
            self.libc.map_in(address, page, spans)
            lib.madvise(address, length, MADV_SEQUENTIAL)
            self.pagemap = self.pagemap or U64File("/proc/self/pagemap")
            return first, self.pagemap.read(address // page, pages)
        finally:
            lib.munmap(address, length)

    def close(self) -> None:
        if self.pagemap is not None:
            self.pagemap.close()


# mincore's byte per page: the low bit says whether the page is cached.
_CACHED = bytes(i & 1 for i in range(256))


def _cached_spans(vector: bytes) -> list[tuple[int, int]]:
    """(first, end) of each stretch of cached pages in a mincore vector."""
    return [match.span() for match in re.finditer(b"\x01+", vector.translate(_CACHED))]


def _touch(address: int, page: int, spans: list[tuple[int, int]]) -> None:
    """Reads the first byte of each page of the spans, in order, so that each is mapped."""
    mapped = memoryview((ctypes.c_char * (spans[-1][1] * page)).from_address(address)).cast("B")
    for first, end in spans:
        mapped[first * page : end * page : page].tobytes()


def files_under(top: str) -> Iterator[str]:
    """Regular files below ``top`` in nftw's order: pre-order, directory entries as the
    directory lists them, not following symbolic links nor crossing into other mounts."""
    device = os.lstat(top).st_dev
    # A stack of the directories being listed, each where its listing got to: no generator
    # per directory level for each file to pass through.
    listings = [_listing(top)]
    while listings:
        for entry in listings[-1]:
            try:
                # From the directory entry's type where the file system gives it: no stat per file.
                if entry.is_dir(follow_symlinks=False):
                    if entry.stat(follow_symlinks=False).st_dev == device:
                        listings.append(_listing(entry.path))
                        break
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path
            except OSError:
                continue
        else:
            listings.pop()


def _listing(path: str) -> Iterator[os.DirEntry[str]]:
    try:
        return iter(list(os.scandir(path)))
    except OSError:
        sys.stderr.write(f"cannot read dir: {path}\n")
        return iter(())
