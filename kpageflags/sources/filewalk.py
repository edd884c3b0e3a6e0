"""Where a cached file's pages come from: page-types' walk_file, through libc's mmap and mincore.

Its own module because ctypes costs start-up time that the other walks need not pay.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from array import array
from collections.abc import Iterator
from itertools import compress
from operator import gt, lt

from ..errors import EnvironmentProblem, environment_problem
from .fileruns import file_flags, file_runs
from .pageruns import present_pages, stretches
from .procfs import U64File
from .walk import PfnSource

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from .pageruns import RunVisit

    # A chunk's first page and its pages' pagemap entries.
    MappedChunk = tuple[int, bytes]
    ChunkHandler = Callable[[int, bytes], None]


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
        self.lib.writev.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
        self.lib.writev.restype = ctypes.c_ssize_t
        self.lib.syscall.restype = ctypes.c_long
        self.lib.fstatfs.argtypes = [ctypes.c_int, ctypes.c_char_p]
        self.cachestat: int | None = CACHESTAT.get(os.uname().machine)
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
# Pages of a file mapped at a time: the cached pages touched count in the walk's resident
# memory until unmapped (page-types maps 64Ki pages, 256 MiB of 4 KiB pages, at a time).
FILE_CHUNK_PAGES = 1 << 12
MAP_FAILED = ctypes.c_void_p(-1).value
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# The pages a read fault on a cached file page maps around it, aligned (mm/memory.c's
# fault_around_bytes, 64 KiB unless changed in debugfs): reading one of them maps the others.
# Only the walk's speed depends on it: pages left unmapped are read one by one.
FAULT_AROUND_PAGES = (64 << 10) // PAGE_SIZE or 1
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
# Not updating access times, as page-types; only the file's owner (or root) may ask it.
_NOATIME = getattr(os, "O_NOATIME", 0)


@functools.cache
def _libc() -> _Libc:
    """libc's functions, declared once for all the files of a walk."""
    return _Libc()


def walk_file(
    name: str,
    source: PfnSource,
    ranges: list[tuple[int, int]],
    visit: RunVisit,
    np: Any | None = None,
    *,
    noatime_only: bool = False,
) -> None:
    """page-types' walk_file, run by run (see ``pageruns``): map the file, ask mincore which
    pages are cached, touch only those (so nothing is read from disk and readahead is off),
    then read their PFNs. A run's virtual offsets are its pages' offsets in the file. With
    ``np`` (numpy), runs are found by array operations. ``noatime_only``: fail, as page-types
    does, where the file may not be opened without updating its access time (see ``_open``)."""
    files = source.files

    def cut(first: int, entries: bytes) -> None:
        runs = file_runs(first, entries, files, np)
        if runs.counts:
            visit(runs)

    _each_chunk(name, ranges, cut, noatime_only)


def count_file(
    name: str,
    source: PfnSource,
    ranges: list[tuple[int, int]],
    count: Callable[[bytes], None],
    *,
    noatime_only: bool = False,
) -> None:
    """``walk_file`` for a count of flags alone: the kpageflags entries of each chunk's cached
    pages, in walk order, handed to ``count``; no runs are built (measured on the 256,399
    scattered cached pages of a 1 GiB file: their runs took 80 ms of Python, a count of their
    entries 15)."""
    flags_file = source.files[0]
    assert flags_file is not None

    def read(first: int, entries: bytes) -> None:
        flags = file_flags(entries, flags_file)
        if flags:
            count(flags)

    _each_chunk(name, ranges, read, noatime_only)


def _each_chunk(name: str, ranges: list[tuple[int, int]], handle: ChunkHandler, noatime_only: bool) -> None:
    """Maps the file chunk by chunk and hands ``handle`` each chunk that has cached pages: its
    first page and its pages' pagemap entries.

    A chunk's mapping is all system calls, which release the GIL, and handling it is mostly
    Python: the next chunk is mapped in a thread while the one before is handled. Finding the
    runs of present pages in that thread as well no longer pays, since it maps pages without
    holding the GIL (measured on a 1 GiB file of scattered cached pages, 9 rounds at load 1: a
    summary's median wall time 262-318 ms with it, 244-256 ms without)."""
    libc = _libc()
    fd = _open(name, noatime_only)
    try:
        info = os.fstat(fd)
        chunks = _chunks(ranges, info.st_size)
        # cachestat spares the mapping of most files of a directory walk, which fit in a chunk;
        # over a large file it costs more than it can spare (measured: 15-24 ms on the cached 1 GiB
        # file of scattered pages, whose mapping it would spare only were none cached).
        if not chunks or (len(chunks) == 1 and info.st_size >= PAGE_SIZE and libc.nothing_cached(fd, info.st_dev)):
            return
        mapper = _ChunkMapper(libc, name, fd)
        try:
            if len(chunks) == 1 or not _apart(chunks):  # a small file, or chunks that may share a folio
                _handle_chunks(map(mapper.entries, chunks), handle)
            else:
                from .ahead import Ahead  # threads, for a file of several chunks only

                with Ahead(mapper.entries, chunks) as mapped:
                    _handle_chunks(mapped, handle)
        finally:
            mapper.close()
    finally:
        os.close(fd)


def _open(name: str, noatime_only: bool) -> int:
    """The file, opened without updating its access time where its owner (or a process with
    CAP_FOWNER) may ask that, and else as it is (unless ``noatime_only``, as page-types, which
    then stops with "Operation not permitted"); any failure the walk's own error."""
    try:
        try:
            return os.open(name, _OPEN_FLAGS | _NOATIME)
        except PermissionError:
            if noatime_only:
                raise
            return os.open(name, _OPEN_FLAGS)
    except OSError as error:
        raise environment_problem(f"{name}: {error.strerror}", error.errno) from None


def _handle_chunks(mapped: Iterable[MappedChunk], handle: ChunkHandler) -> None:
    for first, entries in mapped:
        if entries:
            handle(first, entries)


def _apart(chunks: list[tuple[int, int]]) -> bool:
    """Whether no page can belong to two chunks, nor two pages of one folio: the chunks start
    at ascending multiples of FILE_CHUNK_PAGES, which a folio (naturally aligned, and never
    that large) cannot cross. Only then is the next chunk mapped while the flags of the one
    before are read: -a ranges may overlap, or cut a folio in two, and a page mapped by the
    next chunk would show as mapped (mmap) where page-types, reading a chunk's flags after
    unmapping it, shows it unmapped."""
    firsts = [first for first, _ in chunks]
    return all(first % FILE_CHUNK_PAGES == 0 for first in firsts) and all(map(lt, firsts, firsts[1:]))


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
    """Maps the cached pages of a chunk of an open file, and reads their pagemap entries."""

    def __init__(self, libc: _Libc, name: str, fd: int) -> None:
        self.libc, self.name, self.fd = libc, name, fd
        self.pagemap: U64File | None = None
        self.toucher: _Toucher | None = None

    def entries(self, chunk: tuple[int, int]) -> MappedChunk:
        """The chunk's first page and the pagemap entries of its pages (none where no page is
        cached: then none can be mapped, as for most files of a directory walk)."""
        return self._mapped(chunk)

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
            cached = _cached(vector.raw[: min(pages, max(limit, 0))])
            spans = stretches(cached)
            if not spans:
                return first, b""
            self.pagemap = self.pagemap or U64File("/proc/self/pagemap")
            self.toucher = self.toucher or _Toucher(lib)
            base = address // page
            lib.madvise(address, length, MADV_RANDOM)
            self.toucher.touch(_window_firsts(base, spans, FAULT_AROUND_PAGES))
            entries = self.pagemap.read(base, pages)
            present = present_pages(entries)
            if int.from_bytes(cached, "little") & ~int.from_bytes(present, "little"):
                # Pages the kernel did not map around their neighbours' faults (other folios
                # than the faulting page's, at times): each is read, as page-types reads all.
                self.toucher.touch([base + index for index in compress(range(len(cached)), map(gt, cached, present))])
                entries = self.pagemap.read(base, pages)
            lib.madvise(address, length, MADV_SEQUENTIAL)
            return first, entries
        finally:
            lib.munmap(address, length)

    def close(self) -> None:
        if self.pagemap is not None:
            self.pagemap.close()
        if self.toucher is not None:
            self.toucher.close()


class _Toucher:
    """Maps pages of a file mapping as page-types does, by reading a byte of them, with the
    GIL released: the kernel reads the bytes, writev(2) of them into a pipe, faulting each page
    in as the program's own read would (measured on the 256,399 scattered cached pages of a 1
    GiB file: 49 ms for a byte of every 16th page, against 75 ms reading a byte of each in
    Python, which held the GIL that the walk's other thread was waiting for).

    Not madvise(MADV_POPULATE_READ), though it took about as long: it maps pages through
    get_user_pages with FOLL_TOUCH (mm/gup.c, faultin_page_range), which marks each page
    accessed, so that the walk saw every page referenced and none idle, and left them so (seen
    on 6.18: 512 pages read ahead, shown "uptodate,lru" by page-types and here, "referenced,
    uptodate,lru" after the advice)."""

    def __init__(self, lib: Any) -> None:
        self.lib = lib
        self.drain, self.pipe = os.pipe()
        self.most = os.sysconf("SC_IOV_MAX") if "SC_IOV_MAX" in os.sysconf_names else 16

    def touch(self, pages: list[int]) -> None:
        """Reads a byte of each page, by virtual page number."""
        for batch in range(0, len(pages), self.most):
            self._read(pages[batch : batch + self.most])

    def _read(self, pages: list[int]) -> None:
        while pages:
            vectors = array("Q", bytes(16 * len(pages)))
            vectors[0::2] = array("Q", map(PAGE_SIZE.__mul__, pages))
            vectors[1::2] = array("Q", [1]) * len(pages)
            done = self.lib.writev(self.pipe, vectors.buffer_info()[0], len(pages))
            if done < 0 and ctypes.get_errno() == errno.EINTR:
                continue  # a signal came before any byte was read: ctypes does not retry, as os does
            if done < 0 and ctypes.get_errno() != errno.EFAULT:
                raise EnvironmentProblem(f"writev to a pipe failed: {os.strerror(ctypes.get_errno())}")
            done = max(done, 0)
            if done:
                os.read(self.drain, done)
            # A page that cannot be read (the file cut short meanwhile) stays unmapped; the rest are read.
            pages = pages[done + 1 :]

    def close(self) -> None:
        os.close(self.drain)
        os.close(self.pipe)


# mincore's byte per page: the low bit says whether the page is cached.
_CACHED = bytes(i & 1 for i in range(256))


def _cached(vector: bytes) -> bytes:
    """A mincore vector's low bits, a byte each: 1 where the page is cached."""
    return vector.translate(_CACHED)


def _window_firsts(base: int, spans: list[tuple[int, int]], window: int) -> list[int]:
    """The virtual page numbers of the first page of each span (pages counted from ``base``,
    the mapping's) and of each page after it that starts a window of ``window`` pages."""
    pages: list[int] = []
    for first, end in spans:
        start = base + first
        pages.append(start)
        pages += range(start + window - start % window, base + end, window)
    return pages


def files_under(top: str) -> Iterator[str]:
    """Regular files below ``top`` in nftw's order: pre-order, directory entries as the
    directory lists them, not following symbolic links nor crossing into other mounts. A
    ``top`` that is itself a symbolic link (to a directory) gives none, as nftw, not following
    links, reports the link and not what it names (a trailing slash too, measured with the C
    page-types)."""
    if os.path.islink(top.rstrip("/") or top):
        return
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
