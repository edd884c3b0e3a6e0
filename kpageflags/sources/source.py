"""Page sources: one type for where page frame data comes from, whatever that is.

A ``PageSource`` yields the page files (kpageflags, kpagecount, kpagecgroup) in step, chunk
by chunk, and the context an analysis needs beside them: the release, the page size, zones,
memory blocks, the kernel config, BTF enums, buddyinfo, cgroup names and processes. Three kinds:

- ``LiveSource`` (:mod:`kpageflags.sources.files`): this machine's /proc and /sys;
- ``SavedFiles`` (same module): copies given by the user, and nothing else: a part not given
  is missing, never taken from this machine, and the error says which option supplies it;
- ``Snapshot`` (:mod:`kpageflags.sources.snapshot`): everything one snapshot file recorded.

``describe()`` says where each part comes from, or why it is missing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence

from ..errors import KpageflagsError, MissingPart, UnknownRelease, quoted
from ..output.progress import Meter, Progress
from .procfs import CHUNK_PAGES, ENTRY

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Callable, ClassVar, NamedTuple, TypeVar

    from ..facts.kconfig import KernelConfig
    from ..facts.releases import Release
    from .processes import CapturedProcess
    from .procfs import U64File
    from .topology import MemoryBlock, Zone

    FrameLookup = Callable[[list[int]], dict[int, tuple[int, int]]]
    """Frame numbers to (kpageflags value, map count) of those a source holds."""
    Chunks = Iterator[tuple[int, bytes]]
    Source = TypeVar("Source", bound="PageSource")
else:
    from ..facts._namedtuple import NamedTuple

KPAGEFLAGS, KPAGECOUNT, KPAGECGROUP = "kpageflags", "kpagecount", "kpagecgroup"
PAGE_FILES = (KPAGEFLAGS, KPAGECOUNT, KPAGECGROUP)
CONTEXT_PARTS = ("zoneinfo", "memory_blocks", "config", "btf", "buddyinfo", "cgroup_names", "processes")
TITLES = {
    "zoneinfo": "zones (/proc/zoneinfo)",
    "memory_blocks": "memory blocks",
    "config": "kernel config",
    "btf": "BTF page-flag enums",
    "buddyinfo": "buddyinfo",
    "cgroup_names": "cgroup names",
    "processes": "processes",
}


class FrameChunk(NamedTuple):
    """Entries of consecutive page frames from ``first``, one u64 per frame in each page file
    asked for (None for those not asked for)."""

    first: int
    flags: bytes
    counts: bytes | None
    cgroups: bytes | None


class Part(NamedTuple):
    """What ``describe()`` says of one part: where it comes from, or why it is missing."""

    name: str
    origin: str | None
    missing: str | None = None


class FrameReader:
    """Chunks of page files read in step. Reading starts when the reader is made, so the
    kernel works while the caller gets ready; iterate once, and close (or use ``with``)."""

    def __init__(self, streams: dict[str, tuple[Chunks, Callable[[], None]]], meter: Meter, start: int) -> None:
        self._streams, self._meter, self._start = streams, meter, start

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[FrameChunk]:
        flags = self._streams[KPAGEFLAGS][0]
        counts = self._streams.get(KPAGECOUNT, (None,))[0]
        cgroups = self._streams.get(KPAGECGROUP, (None,))[0]
        try:
            for first, data in flags:
                yield FrameChunk(first, data, _in_step(counts, first, len(data)), _in_step(cgroups, first, len(data)))
                self._meter.update(first + len(data) // ENTRY - self._start)
        finally:
            self.close()

    def close(self) -> None:
        self._meter.close()
        for _, close in self._streams.values():
            close()


def _in_step(stream: Chunks | None, first: int, size: int) -> bytes | None:
    """The next chunk of a page file read beside kpageflags, cut or padded with zeros to the
    size of kpageflags' chunk: a shorter file says nothing (0) of the frames past its end."""
    if stream is None:
        return None
    item = next(stream, None)
    if item is None or item[0] != first:
        return bytes(size)
    return item[1][:size].ljust(size, b"\0")


class PageSource(ABC):
    """Page frame data and its context, from one place. See the module's documentation."""

    random_access: ClassVar[bool] = True
    """Whether single frames can be read cheaply (a snapshot is read front to back)."""

    def __init__(self, kernel: str | None, progress: Progress) -> None:
        self._kernel = kernel
        self.progress = progress
        self._release: Release | None = None
        self._release_chosen: Callable[[Release], object] | None = None

    def when_release_chosen(self, listener: Callable[[Release], object]) -> None:
        """Has ``listener`` called with the release once it is chosen (the command line notes a
        release newer than the spec's)."""
        self._release_chosen = listener

    def __enter__(self: Source) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - a source of files holds nothing open between reads
        """Releases what the source holds open (a snapshot's file)."""

    # -- the release and page size -------------------------------------------------------

    @property
    def release(self) -> Release:
        """The release whose flag tables and rules apply: ``kernel`` if given, else the source's own."""
        if self._release is None:
            self._release = self._choose_release()
            if self._release_chosen is not None:
                self._release_chosen(self._release)
        return self._release

    def _choose_release(self) -> Release:
        from ..facts.releases import coverage, parse_release

        if self._kernel:
            return parse_release(self._kernel)
        text, origin = self.own_kernel()
        try:
            return self.own_release()
        except UnknownRelease:
            raise UnknownRelease(
                f"{origin}: kernel {quoted(text)} is not covered (kpageflags knows {coverage()}); give --kernel"
            ) from None

    def own_release(self) -> Release:
        """The release ``own_kernel`` names."""
        from ..facts.releases import parse_release

        return parse_release(self.own_kernel()[0])

    def kernel_text(self) -> str:
        """The release as given or found, before it is checked against the covered ones."""
        return self._kernel or self.own_kernel()[0]

    def kernel_origin(self) -> str:
        return "--kernel" if self._kernel else self.own_kernel()[1]

    @abstractmethod
    def own_kernel(self) -> tuple[str, str]:
        """The release the data came from, and where that was learnt."""

    @property
    @abstractmethod
    def page_size(self) -> int: ...

    @abstractmethod
    def page_size_origin(self) -> str: ...

    # -- page files ------------------------------------------------------------------------

    @abstractmethod
    def has(self, part: str) -> bool:
        """Whether the source holds a part (a page file name or one of ``CONTEXT_PARTS``)."""

    @abstractmethod
    def entries(self, part: str) -> int | None:
        """How many entries a page file holds, when that is known before reading it."""

    def frame_total(self) -> int | None:
        """How many page frames a whole walk covers, for progress (an estimate on a live machine)."""
        return self.entries(KPAGEFLAGS)

    def read(
        self,
        parts: Sequence[str] = (KPAGEFLAGS,),
        start: int = 0,
        end: int | None = None,
        *,
        chunk: int = CHUNK_PAGES,
        threads: int = 2,
    ) -> FrameReader:
        """Frames ``start`` <= pfn < ``end`` (default: to the end) of the page files ``parts``,
        which must include kpageflags, in chunks of ``chunk`` frames."""
        if KPAGEFLAGS not in parts:
            raise ValueError("a read always includes kpageflags")
        streams: dict[str, tuple[Chunks, Callable[[], None]]] = {}
        try:
            for part in dict.fromkeys(parts):
                streams[part] = self._stream(part, start, end, chunk, threads)
        except BaseException:
            for _, close in streams.values():
                close()
            raise
        meter = self.progress.meter("frames", self._walk_total(start, end) if self.progress.stream else None)
        return FrameReader(streams, meter, start)

    def _walk_total(self, start: int, end: int | None) -> int | None:
        total = self.frame_total()
        stop = end if total is None else total if end is None else min(end, total)
        return None if stop is None else max(0, stop - start)

    @abstractmethod
    def _stream(
        self, part: str, start: int, end: int | None, chunk: int, threads: int
    ) -> tuple[Chunks, Callable[[], None]]:
        """``(first, data)`` chunks of one page file, already being read, and how to stop."""

    @abstractmethod
    def page_file(self, part: str) -> U64File:
        """A page file opened for reading single entries anywhere (see ``random_access``)."""

    @abstractmethod
    def frame_lookup(self, processes: Sequence[CapturedProcess] = (), *, counts: bool = True) -> FrameLookup:
        """Looks up frames' flags (and map counts, when ``counts``). A source without random
        access resolves, in one pass, the present frames of ``processes``: ask only for those."""

    # -- context ---------------------------------------------------------------------------

    @abstractmethod
    def zones(self) -> list[Zone]: ...

    @abstractmethod
    def memory_blocks(self) -> list[MemoryBlock]: ...

    @abstractmethod
    def config(self) -> KernelConfig: ...

    @abstractmethod
    def btf_enums(self) -> dict[str, list[tuple[str, int]]]:
        """The kernel's ``enum pageflags`` and ``enum pagetype`` members with their values."""

    @abstractmethod
    def buddyinfo(self) -> str | None:
        """The text of /proc/buddyinfo, or None when the source has none (it is optional)."""

    @abstractmethod
    def cgroup_names(self) -> dict[int, str]:
        """Memory cgroup inode to path; empty when the source has none (cgroups show as @INODE)."""

    @abstractmethod
    def processes(self) -> dict[int, str]:
        """The processes the source can give, pid to command name."""

    @abstractmethod
    def process(self, pid: int) -> CapturedProcess: ...

    # -- what the source holds -------------------------------------------------------------

    @property
    @abstractmethod
    def label(self) -> str:
        """The source in a few words: "this machine", "snapshot FILE", "saved files"."""

    @abstractmethod
    def describe_part(self, name: str) -> Part:
        """Where one part (a page file or one of ``CONTEXT_PARTS``) comes from, or why it is missing."""

    def describe(self) -> list[Part]:
        """Where each part comes from, or why it is missing, in a fixed order."""
        return [
            Part("release", self._describe_release()),
            Part("page_size", f"{self.page_size} bytes ({self.page_size_origin()})"),
            *(self.describe_part(name) for name in (*PAGE_FILES, *CONTEXT_PARTS)),
        ]

    def _describe_release(self) -> str:
        try:
            name = self.release.name
        except KpageflagsError as error:
            return str(error)
        return f"{name} ({self.kernel_origin()})"

    def require(self, *parts: str) -> None:
        """Raises ``MissingPart`` for the first of ``parts`` the source lacks, before any work."""
        for part in parts:
            if not self.has(part):
                raise MissingPart(str(self.describe_part(part).missing))

    def missing(self) -> dict[str, str]:
        """Each missing part with why, and the option that would supply it."""
        return {part.name: part.missing for part in self.describe() if part.missing}


def lookup_in(table: dict[int, tuple[int, int]]) -> FrameLookup:
    """A lookup answering from a table made in advance."""

    def lookup(pfns: list[int]) -> dict[int, tuple[int, int]]:
        return {pfn: table[pfn] for pfn in pfns if pfn in table}

    return lookup


def collect_frames(
    flag_chunks: Iterable[FrameChunk], wanted: Iterable[int], counts: bool
) -> dict[int, tuple[int, int]]:
    """(flags, map count) of the ``wanted`` frames, from one pass over the chunks."""
    import bisect

    ordered = sorted(set(wanted))
    found: dict[int, tuple[int, int]] = {}
    for chunk in flag_chunks:
        flags = memoryview(chunk.flags).cast("Q")
        maps = memoryview(chunk.counts).cast("Q") if counts and chunk.counts is not None else None
        low = bisect.bisect_left(ordered, chunk.first)
        high = bisect.bisect_left(ordered, chunk.first + len(flags))
        for pfn in ordered[low:high]:
            found[pfn] = (flags[pfn - chunk.first], maps[pfn - chunk.first] if maps is not None else 1)
    return found
