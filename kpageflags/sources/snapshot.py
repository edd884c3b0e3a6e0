"""Snapshots: the page files and their context in one file, for analysis anywhere later.

A snapshot is a ZIP archive (readable by any unzip) holding ``manifest.json`` and, stored
uncompressed inside it, gzip streams of kpageflags, kpagecount and kpagecgroup, plus the text
of /proc/zoneinfo and /proc/buddyinfo, the kernel config and the maps and pagemap of any
processes captured (:mod:`kpageflags.sources.snapshot_writer` writes them).

Reading a snapshot needs nothing from the machine it is read on: no root, no /proc, any OS.
It is checked when opened (:mod:`kpageflags.sources.manifest`), and its members as they are read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable

from ..errors import MissingPart, SnapshotError
from ..output.progress import SILENT, Progress
from .manifest import (
    FORMAT,
    MANIFEST,
    SLAB_MEMBERS,
    TEXT_LIMIT,
    check_manifest,
    gunzip_limited,
    gunzip_member_exactly,
    read_limited,
    stream_entries,
)
from .processes import CapturedProcess, captured_pages, parse_maps
from .source import (
    KPAGECOUNT,
    KPAGEFLAGS,
    PAGE_FILES,
    TITLES,
    PageSource,
    Part,
    collect_frames,
    lookup_in,
)
from .topology import MemoryBlock, Zone, parse_zoneinfo

if TYPE_CHECKING:
    from ..facts.kconfig import KernelConfig
    from ..facts.releases import Release
    from .procfs import U64File
    from .source import Chunks, FrameLookup

MAX_PROCESS_PAGES = 1 << 28
"""Pagemap entries of one captured process (2 GiB of them, 1 TiB of address space)."""
TEXT_MEMBERS = ("zoneinfo", "buddyinfo", "config", *SLAB_MEMBERS)

__all__ = ["FORMAT", "MANIFEST", "Snapshot"]


class Snapshot(PageSource):
    """An opened snapshot file, checked. Use as a context manager, or call ``close``."""

    random_access = False

    def __init__(self, path: str, *, kernel: str | None = None, progress: Progress = SILENT) -> None:
        super().__init__(kernel, progress)
        self.path = path
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, EOFError, ValueError) as error:
            raise SnapshotError(f"{path}: not a kpageflags snapshot, or a damaged one ({error})") from None
        except OSError as error:
            raise SnapshotError(f"cannot read {path}: {error.strerror or error}") from None
        try:
            self.manifest: dict[str, Any] = check_manifest(self.archive, path)
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    @property
    def label(self) -> str:
        return f"snapshot {self.path}"

    @property
    def kernel(self) -> str:
        """The release the snapshot was taken on."""
        return str(self.manifest["kernel"])

    def own_kernel(self) -> tuple[str, str]:
        return self.kernel, f"recorded in {self.label}"

    def own_release(self) -> Release:
        """The upstream release recorded beside the kernel text (6.1.55 for Debian's
        6.1.0-13-amd64); a snapshot taken before it was recorded has only the text."""
        from ..facts.releases import parse_release

        return parse_release(str(self.manifest.get("release") or self.kernel))

    @property
    def page_size(self) -> int:
        return int(self.manifest["page_size"])

    def page_size_origin(self) -> str:
        return f"recorded in {self.label}"

    # -- page files ------------------------------------------------------------------------

    def has(self, part: str) -> bool:
        if part in PAGE_FILES:
            return part in self.manifest["files"]
        key = {"cgroup_names": "cgroups", "btf": "btf_enums"}.get(part, part)
        return bool(self.manifest.get(key))

    def entries(self, part: str) -> int:
        return int(self._file(part)["entries"])

    def _file(self, part: str) -> dict[str, Any]:
        if part not in self.manifest["files"]:
            raise MissingPart(self._absent(part))
        return dict(self.manifest["files"][part])

    def _absent(self, part: str) -> str:
        why = self.manifest.get("missing", {}).get(part, "it was not captured")
        return f"{self.label} holds no {TITLES.get(part, part)} ({why})"

    def _stream(
        self, part: str, start: int, end: int | None, chunk: int, threads: int
    ) -> tuple[Chunks, Callable[[], None]]:
        info = self._file(part)
        where = f"{self.path}: {part}"
        chunks = stream_entries(self.archive, str(info["member"]), int(info["entries"]), where, (start, end), chunk)
        return chunks, chunks.close

    def page_file(self, part: str) -> U64File:
        raise MissingPart(
            f"{self.label} is read front to back; reading single frames (a process or file walk) needs "
            "this machine, or saved files"
        )

    def frame_lookup(self, processes: Sequence[CapturedProcess] = (), *, counts: bool = True) -> FrameLookup:
        wanted = [pfn for process in processes for pfn in process.present_frames()]
        counted = counts and self.has(KPAGECOUNT)
        with self.read([KPAGEFLAGS, KPAGECOUNT] if counted else [KPAGEFLAGS]) as reader:
            return lookup_in(collect_frames(reader, wanted, counted))

    # -- context ---------------------------------------------------------------------------

    def _text(self, part: str) -> str | None:
        member = self.manifest.get(part)
        if not member:
            return None
        return read_limited(self.archive, str(member), TEXT_LIMIT, self.path).decode("utf-8", errors="replace")

    def recorded_text(self, part: str) -> str:
        """The text of a file the snapshot recorded beside the page files (``slab``, ``slabinfo``,
        ``meminfo``); a snapshot without it says why, or that it predates recording it."""
        text = self._text(part)
        if text is None:
            raise MissingPart(self._absent(part).replace("(it was not captured)", "(taken before it was recorded)"))
        return text

    def zones(self) -> list[Zone]:
        text = self._text("zoneinfo")
        if text is None:
            raise MissingPart(self._absent("zoneinfo"))
        return parse_zoneinfo(text, f"{self.path}:{self.manifest['zoneinfo']}")

    def buddyinfo(self) -> str | None:
        """The text of /proc/buddyinfo taken just after the page files, if it was recorded."""
        return self._text("buddyinfo")

    def config(self) -> KernelConfig:
        """The kernel config the snapshot recorded (from /proc/config.gz)."""
        from ..facts.kconfig import config_from_text

        member = self.manifest.get("config")
        if not member:
            raise MissingPart(
                self._absent("config").replace("(it was not captured)", "(the kernel had no /proc/config.gz)")
            )
        where = f"{self.path}:{member}"
        data = read_limited(self.archive, str(member), TEXT_LIMIT, self.path)
        # /proc/config.gz is gzip; a config given as a plain file is kept as it was.
        if data[:2] == b"\x1f\x8b":
            data = gunzip_limited(data, TEXT_LIMIT, where)
        try:
            return config_from_text(data.decode("utf-8"), where)
        except UnicodeDecodeError:
            raise SnapshotError(f"{where}: the kernel config is not text") from None

    def btf_enums(self) -> dict[str, list[tuple[str, int]]]:
        enums = self.manifest.get("btf_enums") or {}
        if not enums:
            raise MissingPart(self._absent("btf"))
        return {name: [(str(member), int(value)) for member, value in members] for name, members in enums.items()}

    def memory_blocks(self) -> list[MemoryBlock]:
        listed = self.manifest.get("memory_blocks") or []
        if not listed:
            raise MissingPart(self._absent("memory_blocks"))
        return [MemoryBlock(number, pages, node, online) for number, pages, node, online in listed]

    def cgroup_names(self) -> dict[int, str]:
        """Memory cgroup inode to path, as the snapshot recorded them."""
        return {int(inode): str(path) for inode, path in (self.manifest.get("cgroups") or {}).items()}

    def processes(self) -> dict[int, str]:
        """The processes captured, as pid -> command name."""
        return {int(pid): str(info.get("comm", "")) for pid, info in (self.manifest.get("processes") or {}).items()}

    def process(self, pid: int) -> CapturedProcess:
        """A captured process: its maps and the pagemap entries of its captured mappings."""
        info = (self.manifest.get("processes") or {}).get(str(pid))
        if info is None:
            why = self.manifest.get("missing", {}).get(
                f"process {pid}", "it was not captured: take the snapshot with -p PID"
            )
            raise MissingPart(f"{self.label} holds no process {pid} ({why})")
        where = f"{self.path}:{info['maps']}"
        maps_text = read_limited(self.archive, info["maps"], TEXT_LIMIT, self.path).decode("utf-8", errors="replace")
        vmas = parse_maps(maps_text, where)
        pages = captured_pages(vmas, self.page_size)
        if pages > MAX_PROCESS_PAGES:
            raise SnapshotError(f"{where}: the mappings span {pages} pages, over the limit of {MAX_PROCESS_PAGES}")
        entries = gunzip_member_exactly(self.archive, info["pagemap"], pages * 8, f"{self.path}:{info['pagemap']}")
        return CapturedProcess(pid, str(info.get("comm", "")), maps_text, vmas, entries)

    def describe_part(self, name: str) -> Part:
        if not self.has(name):
            return Part(name, None, self._absent(name))
        if name in PAGE_FILES:
            return Part(name, f"{self.path}:{self.manifest['files'][name]['member']}")
        if name in TEXT_MEMBERS:
            return Part(name, f"{self.path}:{self.manifest[name]}")
        return Part(name, f"{self.path}: {MANIFEST}")
