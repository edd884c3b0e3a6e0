"""Snapshots: the page files and their context in one file, for analysis anywhere later.

A snapshot is a ZIP archive (readable by any unzip) holding ``manifest.json`` and, stored
uncompressed inside it, gzip streams of kpageflags, kpagecount and kpagecgroup, plus the text
of /proc/zoneinfo, the memory-block list and the kernel config. The three page files are read
chunk by chunk in step, so every PFN range of the three is read within moments of the others.

Reading a snapshot needs nothing from the machine it is read on: no root, no /proc, any OS.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import platform
import time
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import KpageflagsError, SnapshotError
from ..facts.kconfig import KernelConfig
from .procfs import CHUNK_PAGES, ENTRY, KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS, read_chunks
from .topology import MEMORY_BLOCKS, ZONEINFO, MemoryBlock, Zone, parse_zoneinfo, read_memory_blocks

FORMAT = "kpageflags.snapshot/1"
MANIFEST = "manifest.json"
PAGE_FILES = {"kpageflags": KPAGEFLAGS, "kpagecount": KPAGECOUNT, "kpagecgroup": KPAGECGROUP}
CONFIG = "/proc/config.gz"


class _Compressor:
    """A gzip stream built in memory; the page files compress to a few MB."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.stream = gzip.GzipFile(fileobj=self.buffer, mode="wb", compresslevel=1, mtime=0)
        self.entries = 0

    def add(self, data: bytes) -> None:
        self.stream.write(data)
        self.entries += len(data) // ENTRY

    def finish(self) -> bytes:
        self.stream.close()
        return self.buffer.getvalue()


def take_snapshot(
    output: str,
    *,
    sources: dict[str, str] | None = None,
    zoneinfo: str = ZONEINFO,
    memory_blocks: str = MEMORY_BLOCKS,
    config: str = CONFIG,
    kernel: str | None = None,
    cgroup_root: str | None = None,
    buddyinfo: str = "/proc/buddyinfo",
    pids: Sequence[int] = (),
    threads: int = 2,
    chunk: int = CHUNK_PAGES,
) -> dict[str, Any]:
    """Writes a snapshot of this machine (or of the ``sources`` given) to ``output``.

    ``sources`` maps kpageflags, kpagecount and kpagecgroup to paths; a page file that
    cannot be opened is left out and the manifest says why. kpageflags itself is required.
    ``cgroup_root`` is the memory cgroup hierarchy to name cgroups from (found from the
    mounts when None; ``""`` records no names). Returns the manifest.
    """
    paths = dict(PAGE_FILES if sources is None else sources)
    processes, missing_processes = _capture_processes(pids)
    readers: dict[str, Iterator[tuple[int, bytes]]] = {}
    missing: dict[str, str] = {}
    for name, path in paths.items():
        try:
            readers[name] = iter(read_chunks(path, threads=threads, chunk=chunk))
            first = next(readers[name], None)
        except KpageflagsError as error:
            if name == "kpageflags":
                raise
            missing[name] = str(error)
            del readers[name]
            continue
        readers[name] = _prepend(first, readers[name])
    started = time.time()
    compressed = {name: _Compressor() for name in readers}
    # Round-robin over the files, one chunk each, so the three views of a PFN range are close in time.
    active = dict(readers)
    while active:
        for name in list(active):
            item = next(active[name], None)
            if item is None:
                del active[name]
                continue
            compressed[name].add(item[1])
    elapsed = time.time() - started
    page_size = os.sysconf("SC_PAGE_SIZE")
    extras: dict[str, bytes] = {}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "taken": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "read_seconds": round(elapsed, 3),
        "kernel": kernel or platform.release(),
        "machine": platform.machine(),
        "page_size": page_size,
        "files": {
            name: {"member": f"{name}.gz", "entries": c.entries, "source": paths[name]}
            for name, c in compressed.items()
        },
        "missing": missing,
        "processes": {
            str(pid): {"maps": f"processes/{pid}/maps.txt", "pagemap": f"processes/{pid}/pagemap.gz", "comm": comm}
            for pid, (comm, _, _) in processes.items()
        },
    }
    missing.update(missing_processes)
    for pid, (_, maps_text, entries) in processes.items():
        extras[f"processes/{pid}/maps.txt"] = maps_text.encode()
        extras[f"processes/{pid}/pagemap.gz"] = gzip.compress(entries, compresslevel=1, mtime=0)
    buddy_text = _read_text(buddyinfo)
    if buddy_text is not None:
        extras["buddyinfo.txt"] = buddy_text.encode()
        manifest["buddyinfo"] = "buddyinfo.txt"
    zone_text = _read_text(zoneinfo)
    if zone_text is not None:
        extras["zoneinfo.txt"] = zone_text.encode()
        manifest["zoneinfo"] = "zoneinfo.txt"
    try:
        blocks = read_memory_blocks(memory_blocks, page_size)
        manifest["memory_blocks"] = [[b.number, b.pages, b.node, b.online] for b in blocks]
    except KpageflagsError as error:
        missing["memory_blocks"] = str(error)
    config_data = _read_bytes(config)
    if config_data is not None:
        extras["config.gz"] = config_data
        manifest["config"] = "config.gz"
    manifest["btf_enums"] = _btf_enums(missing)
    from .cgroups import cgroup_paths

    manifest["cgroups"] = (
        {str(inode): path for inode, path in sorted(cgroup_paths(cgroup_root).items())} if cgroup_root != "" else {}
    )
    try:
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1), compress_type=zipfile.ZIP_DEFLATED)
            for name, compressor in compressed.items():
                archive.writestr(f"{name}.gz", compressor.finish(), compress_type=zipfile.ZIP_STORED)
            for member, data in extras.items():
                archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    except OSError as error:
        raise SnapshotError(f"{output}: cannot write the snapshot: {error.strerror or error}") from None
    return manifest


def _capture_processes(pids: Sequence[int]) -> tuple[dict[int, tuple[str, str, bytes]], dict[str, str]]:
    """Maps and pagemap of each process, taken before the page files so their frames are in them."""
    from ..analysis.processmem import capture

    captured: dict[int, tuple[str, str, bytes]] = {}
    missing: dict[str, str] = {}
    for pid in pids:
        try:
            comm = (_read_text(f"/proc/{pid}/comm") or "").strip()
            maps_text, entries = capture(pid)
        except (OSError, KpageflagsError) as error:
            missing[f"process {pid}"] = getattr(error, "strerror", None) or str(error)
            continue
        captured[pid] = (comm, maps_text, entries)
    return captured, missing


def _prepend(first: tuple[int, bytes] | None, rest: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    if first is not None:
        yield first
        yield from rest


def _read_text(path: str) -> str | None:
    data = _read_bytes(path)
    return None if data is None else data.decode("ascii", errors="replace")


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _btf_enums(missing: dict[str, str]) -> dict[str, list[list[Any]]]:
    from ..facts.btf import read_vmlinux_enums

    try:
        enums = read_vmlinux_enums(("pageflags", "pagetype"))
    except KpageflagsError as error:
        missing["btf"] = str(error)
        return {}
    return {name: [[member, value] for member, value in enum.members] for name, enum in enums.items()}


class Snapshot:
    """An opened snapshot file. Use as a context manager, or call ``close``."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.archive = zipfile.ZipFile(path)
            self.manifest: dict[str, Any] = json.loads(self.archive.read(MANIFEST))
        except FileNotFoundError:
            raise SnapshotError(f"{path}: no such file") from None
        except OSError as error:
            raise SnapshotError(f"{path}: {error.strerror or error}") from None
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error) as error:
            raise SnapshotError(f"{path}: not a kpageflags snapshot, or a damaged one ({error})") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            found = self.manifest.get("format") if isinstance(self.manifest, dict) else None
            raise SnapshotError(f"{path}: snapshot format {found!r} is not {FORMAT!r}")

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()

    @property
    def kernel(self) -> str:
        return str(self.manifest["kernel"])

    @property
    def page_size(self) -> int:
        return int(self.manifest["page_size"])

    def has(self, name: str) -> bool:
        return name in self.manifest.get("files", {})

    def entries(self, name: str) -> int:
        return int(self._file(name)["entries"])

    def _file(self, name: str) -> dict[str, Any]:
        try:
            return dict(self.manifest["files"][name])
        except KeyError:
            why = self.manifest.get("missing", {}).get(name, "it was not captured")
            raise SnapshotError(f"{self.path}: holds no {name} ({why})") from None

    def chunks(self, name: str, chunk: int = CHUNK_PAGES) -> Iterator[tuple[int, bytes]]:
        """``(first_index, data)`` of a page file, as :func:`kpageflags.sources.procfs.read_chunks` gives."""
        info = self._file(name)
        expected = int(info["entries"])
        index = 0
        try:
            with self.archive.open(str(info["member"])) as member:
                stream = gzip.GzipFile(fileobj=member)
                while True:
                    data = stream.read(chunk * ENTRY)
                    if not data:
                        break
                    if len(data) % ENTRY:
                        raise SnapshotError(f"{self.path}: {name} ends in the middle of an entry")
                    yield index, data
                    index += len(data) // ENTRY
        except (zipfile.BadZipFile, EOFError, zlib.error, gzip.BadGzipFile, KeyError) as error:
            raise SnapshotError(f"{self.path}: {name} is damaged ({error})") from None
        if index != expected:
            raise SnapshotError(f"{self.path}: {name} holds {index} entries, the manifest says {expected}")

    def zones(self) -> list[Zone]:
        member = self.manifest.get("zoneinfo")
        if not member:
            raise SnapshotError(f"{self.path}: holds no zoneinfo")
        return parse_zoneinfo(self.archive.read(str(member)).decode("ascii", errors="replace"), f"{self.path}:{member}")

    def buddyinfo(self) -> str | None:
        """The text of /proc/buddyinfo taken just after the page files, if it was recorded."""
        member = self.manifest.get("buddyinfo")
        return self.archive.read(str(member)).decode("ascii", errors="replace") if member else None

    def config(self) -> KernelConfig:
        """The kernel config the snapshot recorded (from /proc/config.gz)."""
        from ..facts.kconfig import config_from_text

        member = self.manifest.get("config")
        if not member:
            raise SnapshotError(f"{self.path}: holds no kernel config (the kernel had no /proc/config.gz)")
        try:
            data = self.archive.read(str(member))
            # /proc/config.gz is gzip; a config given as a plain file is kept as it was.
            text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")
        except (OSError, EOFError, zlib.error, UnicodeDecodeError, KeyError) as error:
            raise SnapshotError(f"{self.path}: the kernel config is damaged ({error})") from None
        return config_from_text(text, f"{self.path}:{member}")

    def processes(self) -> dict[int, str]:
        """The processes captured, as pid -> command name."""
        return {int(pid): str(info.get("comm", "")) for pid, info in (self.manifest.get("processes") or {}).items()}

    def process(self, pid: int) -> tuple[str, bytes]:
        """A captured process's maps text and the pagemap entries of its mappings."""
        info = (self.manifest.get("processes") or {}).get(str(pid))
        if info is None:
            why = self.manifest.get("missing", {}).get(
                f"process {pid}", "it was not captured: take the snapshot with -p PID"
            )
            raise SnapshotError(f"{self.path}: holds no process {pid} ({why})")
        try:
            maps_text = self.archive.read(str(info["maps"])).decode("utf-8", errors="replace")
            entries = gzip.decompress(self.archive.read(str(info["pagemap"])))
        except (KeyError, zipfile.BadZipFile, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise SnapshotError(f"{self.path}: process {pid} is damaged ({error})") from None
        return maps_text, entries

    def frames(self, pfns: Sequence[int]) -> dict[int, tuple[int, int]]:
        """(flags, map count) of the frames asked for, from one pass over kpageflags and kpagecount."""
        wanted = sorted(set(pfns))
        flags = self._pick("kpageflags", wanted)
        counts = self._pick("kpagecount", wanted) if self.has("kpagecount") else {}
        return {pfn: (flags[pfn], counts.get(pfn, 1)) for pfn in wanted if pfn in flags}

    def _pick(self, name: str, wanted: Sequence[int]) -> dict[int, int]:
        import bisect

        found: dict[int, int] = {}
        for first, data in self.chunks(name):
            values = memoryview(data).cast("Q")
            low = bisect.bisect_left(wanted, first)
            high = bisect.bisect_left(wanted, first + len(values))
            for pfn in wanted[low:high]:
                found[pfn] = values[pfn - first]
        return found

    def cgroup_paths(self) -> dict[int, str]:
        """Memory cgroup inode to path, as the snapshot recorded them."""
        recorded: dict[str, str] = self.manifest.get("cgroups") or {}
        return {int(inode): str(path) for inode, path in recorded.items()}

    def memory_blocks(self) -> list[MemoryBlock]:
        listed: Sequence[Sequence[Any]] = self.manifest.get("memory_blocks") or []
        if not listed:
            raise SnapshotError(f"{self.path}: holds no memory blocks")
        return [
            MemoryBlock(int(n), int(p), None if node is None else int(node), online) for n, p, node, online in listed
        ]
