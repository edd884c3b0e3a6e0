"""Sources read from files: this machine's /proc and /sys (``LiveSource``), or saved copies
of them that a user gives (``SavedFiles``)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from ..errors import InputError, KpageflagsError, MissingPart, unreadable_file
from ..output.progress import SILENT, Progress
from .procfs import KPAGECGROUP as KPAGECGROUP_PATH
from .procfs import KPAGECOUNT as KPAGECOUNT_PATH
from .procfs import KPAGEFLAGS as KPAGEFLAGS_PATH
from .procfs import OneChunk, Prefetcher, U64File
from .source import KPAGECOUNT, KPAGEFLAGS, TITLES, PageSource, Part

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Callable

    from ..facts.kconfig import KernelConfig
    from ..facts.releases import Release
    from .processes import CapturedProcess
    from .source import Chunks, FrameLookup
    from .topology import MemoryBlock, Zone

# Written out rather than imported from .topology, which page-types need not load to start reading.
LIVE_PATHS = {
    KPAGEFLAGS: KPAGEFLAGS_PATH,
    KPAGECOUNT: KPAGECOUNT_PATH,
    "kpagecgroup": KPAGECGROUP_PATH,
    "zoneinfo": "/proc/zoneinfo",
    "memory_blocks": "/sys/devices/system/memory",
    "config": "/proc/config.gz",
    "btf": "/sys/kernel/btf/vmlinux",
    "buddyinfo": "/proc/buddyinfo",
}
FILE_PARTS = (*LIVE_PATHS, "cgroup_names")
"""Parts given as paths; ``cgroup_names`` is the directory of a memory cgroup hierarchy."""
OPTIONS = {
    KPAGEFLAGS: "--kpageflags FILE",
    KPAGECOUNT: "--kpagecount FILE",
    "kpagecgroup": "--kpagecgroup FILE",
    "zoneinfo": "--zoneinfo FILE",
    "memory_blocks": "--memory-blocks DIR",
    "config": "--config FILE",
    "btf": "--btf FILE",
    "buddyinfo": "--buddyinfo FILE",
    "cgroup_names": "--cgroup-root DIR",
}
"""The command-line option that gives each part of saved files."""


class FileSource(PageSource):
    """Parts read from paths; what a live machine and saved copies have in common."""

    def __init__(
        self, paths: Mapping[str, str], *, kernel: str | None, page_size: int | None, progress: Progress
    ) -> None:
        unknown = set(paths) - set(FILE_PARTS)
        if unknown:
            raise ValueError(f"not parts of a page source: {', '.join(sorted(unknown))}")
        super().__init__(kernel, progress)
        self.paths = dict(paths)
        self._page_size = page_size

    @property
    def page_size(self) -> int:
        return self._page_size or os.sysconf("SC_PAGE_SIZE")

    def path(self, part: str) -> str:
        found = self.paths.get(part)
        if found is None:
            raise MissingPart(self._absent(part))
        return found

    def _absent(self, part: str) -> str:
        return f"{self.label} hold no {TITLES.get(part, part)}"

    def has(self, part: str) -> bool:
        return part in self.paths

    def entries(self, part: str) -> int | None:
        with U64File(self.path(part)) as opened:
            return opened.entries

    def _stream(
        self, part: str, start: int, end: int | None, chunk: int, threads: int
    ) -> tuple[Chunks, Callable[[], None]]:
        opened = U64File(self.path(part))
        stop = end if opened.entries is None else opened.entries if end is None else min(end, opened.entries)
        reader = (
            OneChunk(opened, start, stop)
            if stop is not None and stop - start <= chunk
            else Prefetcher(opened, start, stop, max(1, threads), chunk)
        )
        return iter(reader), reader.close

    def page_file(self, part: str) -> U64File:
        return U64File(self.path(part))

    def frame_lookup(self, processes: Sequence[CapturedProcess] = (), *, counts: bool = True) -> FrameLookup:
        from .walk import PfnSource

        frames = PfnSource(
            self.page_file(KPAGEFLAGS), None, self.page_file(KPAGECOUNT) if counts and self.has(KPAGECOUNT) else None
        )

        def lookup(pfns: list[int]) -> dict[int, tuple[int, int]]:
            return {pfn: (flags, count if counts else 1) for pfn, (flags, _, count) in frames.lookup(pfns).items()}

        return lookup

    def zones(self) -> list[Zone]:
        from .topology import read_zoneinfo

        return read_zoneinfo(self.path("zoneinfo"))

    def memory_blocks(self) -> list[MemoryBlock]:
        from .topology import read_memory_blocks

        return read_memory_blocks(self.path("memory_blocks"), self.page_size)

    def config(self) -> KernelConfig:
        from ..facts.kconfig import read_config

        return read_config(self.path("config"))

    def btf_enums(self) -> dict[str, list[tuple[str, int]]]:
        from ..facts.btf import read_vmlinux_enums

        enums = read_vmlinux_enums(("pageflags", "pagetype"), self.path("btf"))
        return {name: list(enum.members) for name, enum in enums.items()}

    def buddyinfo(self) -> str | None:
        path = self.paths.get("buddyinfo")
        if path is None:
            return None
        try:
            with open(path, encoding="ascii", errors="replace") as handle:
                return handle.read()
        except OSError as error:
            problem = unreadable_file(path, error, f"cannot read {path}: {error.strerror}")
            if isinstance(problem, InputError):
                raise problem from None
            return None

    def cgroup_names(self) -> dict[int, str]:
        from .cgroups import cgroup_paths

        root = self.paths.get("cgroup_names")
        return cgroup_paths(root) if root else {}

    def describe_part(self, name: str) -> Part:
        path = self.paths.get(name)
        if path is not None:
            return Part(name, path)
        return Part(name, None, self._absent(name))


class LiveSource(FileSource):
    """This machine: /proc and /sys, with any of those files replaced by ``overrides``."""

    def __init__(
        self,
        *,
        kernel: str | None = None,
        page_size: int | None = None,
        overrides: Mapping[str, str] | None = None,
        progress: Progress = SILENT,
    ) -> None:
        super().__init__({**LIVE_PATHS, **(overrides or {})}, kernel=kernel, page_size=page_size, progress=progress)

    @property
    def label(self) -> str:
        return "this machine"

    def own_kernel(self) -> tuple[str, str]:
        return os.uname().release, "the running kernel"

    def own_release(self) -> Release:
        from ..facts.releases import running_release

        return running_release()

    def page_size_origin(self) -> str:
        return "--page-size" if self._page_size else "this machine's"

    def frame_total(self) -> int | None:
        """/proc/kpageflags reports no size; its frames end where the last zone does."""
        if self.paths[KPAGEFLAGS] != KPAGEFLAGS_PATH:
            return self.entries(KPAGEFLAGS)
        try:
            return max(zone.end_pfn for zone in self.zones())
        except KpageflagsError:
            return None

    def has(self, part: str) -> bool:
        if part == "processes":
            return True
        if part == "cgroup_names" and part not in self.paths:
            from .cgroups import memory_cgroup_root

            return memory_cgroup_root() is not None
        return super().has(part)

    def cgroup_names(self) -> dict[int, str]:
        from .cgroups import cgroup_paths

        return cgroup_paths(self.paths.get("cgroup_names"))

    def processes(self) -> dict[int, str]:
        from .processes import command_name, live_pids

        return {pid: command_name(pid) for pid in live_pids()}

    def process(self, pid: int) -> CapturedProcess:
        from .processes import capture

        return capture(pid, self.page_size, self.progress)

    def describe_part(self, name: str) -> Part:
        if name == "cgroup_names" and name not in self.paths:
            from .cgroups import memory_cgroup_root

            root = memory_cgroup_root()
            return Part(name, root) if root else Part(name, None, "no memory cgroup hierarchy is mounted")
        if name == "processes":
            return Part(name, "/proc")
        return super().describe_part(name)


class SavedFiles(FileSource):
    """Copies of page files (and of their context) that the user gives; nothing else.

    A part not given is missing: analysing foreign files with this machine's zones or config
    would be silently wrong. ``options`` says how to supply each part (default: the options of
    the kpageflags commands), so that the error for a missing part can name it.
    """

    def __init__(
        self,
        paths: Mapping[str, str],
        *,
        kernel: str | None = None,
        page_size: int | None = None,
        options: Mapping[str, str] | None = None,
        progress: Progress = SILENT,
    ) -> None:
        if KPAGEFLAGS not in paths:
            raise MissingPart("saved files need at least a copy of /proc/kpageflags (--kpageflags FILE)")
        super().__init__(paths, kernel=kernel, page_size=page_size, progress=progress)
        self.options = {**OPTIONS, **(options or {})}

    @property
    def label(self) -> str:
        return "the saved files"

    def _absent(self, part: str) -> str:
        if part == "processes":
            return f"{self.label} hold no {TITLES[part]}: take a snapshot of the machine for them"
        how = self.options.get(part)
        supply = f"give {how}" if how else "this command takes none"
        return f"{self.label} hold no {TITLES.get(part, part)} ({supply}; this machine's is not used for foreign files)"

    def own_kernel(self) -> tuple[str, str]:
        # Page-types -F has always taken the running release; say so wherever it shows.
        return os.uname().release, "assumed: the running kernel; give --kernel for the files' own"

    def own_release(self) -> Release:
        from ..facts.releases import running_release

        return running_release()

    def page_size_origin(self) -> str:
        return "--page-size" if self._page_size else "assumed: this machine's; give --page-size"

    def processes(self) -> dict[int, str]:
        raise MissingPart(self._absent("processes"))

    def process(self, pid: int) -> CapturedProcess:
        raise MissingPart(self._absent("processes"))
