"""Taking a snapshot (see :mod:`kpageflags.sources.snapshot` for what one holds).

The page files are read in step, chunk by chunk, so every PFN range of the three is read
within moments of the others. Processes are captured first, so their frames are in the page
files. A snapshot holds the frame numbers the kernel hides from users without
CAP_SYS_ADMIN, so the file is created readable by its owner only (0600); it is written to a
temporary file beside its name and renamed into place when whole, so a failure leaves nothing.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from ..errors import (
    KERNEL_INTERFACES,
    InputError,
    KpageflagsError,
    MissingPart,
    SnapshotError,
    UnknownRelease,
    environment_problem,
    unreadable_file,
)
from ..output.times import utc_second
from .files import FileSource, LiveSource
from .manifest import FORMAT, MANIFEST, SLAB_MEMBERS, TEXT_LIMIT
from .processes import CapturedProcess
from .slabfiles import read_slab_files
from .source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS


class _Compressor:
    """A gzip stream built in memory; the page files compress to a few MB."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.stream = gzip.GzipFile(fileobj=self.buffer, mode="wb", compresslevel=1, mtime=0)
        self.entries = 0

    def add(self, data: bytes) -> None:
        self.stream.write(data)
        self.entries += len(data) // 8

    def finish(self) -> bytes:
        self.stream.close()
        return self.buffer.getvalue()


class _PrivateOutput:
    """The snapshot's file, made before anything is read: a file only its owner can read,
    created beside ``path`` (so an unwritable place fails at once) and renamed to ``path``
    when it is whole."""

    def __init__(self, path: str) -> None:
        if path == "-":
            raise SnapshotError(
                "-o -: a snapshot is not written to standard output, where it would lose its 0600 "
                "protection; give a file name"
            )
        if os.path.isdir(path):
            raise SnapshotError(f"cannot write {path}: {os.strerror(errno.EISDIR)}")
        self.path = path
        try:
            # mkstemp creates the file with mode 0600 before a byte is written.
            fd, self.temporary = tempfile.mkstemp(
                prefix=".kpageflags-", suffix=".part", dir=os.path.dirname(os.path.abspath(path))
            )
        except OSError as error:
            raise _cannot_write(path, error) from None
        self.handle: IO[bytes] = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.handle.close()
        try:
            os.replace(self.temporary, self.path)
        except OSError as error:
            os.unlink(self.temporary)
            raise _cannot_write(self.path, error) from None

    def discard(self) -> None:
        self.handle.close()
        os.unlink(self.temporary)


def _cannot_write(path: str, error: OSError) -> KpageflagsError:
    where = os.path.dirname(os.path.abspath(path))
    if error.errno == errno.ENOENT:
        return SnapshotError(f"cannot write {path}: no directory {where}")
    if error.errno == errno.ENOTDIR:
        return SnapshotError(f"cannot write {path}: {where} is not a directory")
    return environment_problem(f"cannot write {path}: {error.strerror or error}", error.errno)


def take_snapshot(output: str, source: FileSource, pids: Sequence[int] = (), threads: int = 2) -> dict[str, Any]:
    """Writes a snapshot of ``source`` (this machine, or saved files) to ``output`` and returns
    its manifest. Each of ``pids`` must be readable (a process that is gone, or another user's
    without root, is an error and nothing is written). Parts the source lacks are left out,
    and the manifest's ``missing`` says why."""
    sink = _PrivateOutput(output)
    try:
        processes = [source.process(pid) for pid in pids]
        manifest, members = _capture(source, processes, threads)
        with zipfile.ZipFile(sink.handle, "w") as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1), compress_type=zipfile.ZIP_DEFLATED)
            for member, (data, kind) in members.items():
                archive.writestr(member, data, compress_type=kind)
    except OSError as error:
        sink.discard()
        raise _cannot_write(output, error) from None
    except BaseException:
        sink.discard()
        raise
    sink.commit()
    return manifest


def _capture(
    source: FileSource, processes: list[CapturedProcess], threads: int
) -> tuple[dict[str, Any], dict[str, tuple[bytes, int]]]:
    """The manifest and the members (data, zip compression) of a snapshot of ``source``."""
    missing: dict[str, str] = {}
    parts = [KPAGEFLAGS] + [part for part in (KPAGECOUNT, KPAGECGROUP) if _readable(source, part, missing)]
    started = time.time()
    compressed = {part: _Compressor() for part in parts}
    with source.read(parts, threads=threads) as reader:
        for chunk in reader:
            compressed[KPAGEFLAGS].add(chunk.flags)
            for part, data in ((KPAGECOUNT, chunk.counts), (KPAGECGROUP, chunk.cgroups)):
                if data is not None:
                    compressed[part].add(data)
    elapsed = time.time() - started
    members: dict[str, tuple[bytes, int]] = {
        f"{part}.gz": (compressor.finish(), zipfile.ZIP_STORED) for part, compressor in compressed.items()
    }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "taken": utc_second(started),
        "read_seconds": round(elapsed, 3),
        "kernel": source.kernel_text(),
        **_release_record(source),
        "machine": os.uname().machine,
        "page_size": source.page_size,
        "files": {
            part: {"member": f"{part}.gz", "entries": compressor.entries, "source": source.path(part)}
            for part, compressor in compressed.items()
        },
        "missing": missing,
        "processes": {},
    }
    for process in processes:
        manifest["processes"][str(process.pid)] = _add_process(process, members)
    for part, member in (("buddyinfo", "buddyinfo.txt"), ("zoneinfo", "zoneinfo.txt"), ("config", "config.gz")):
        data = _file_bytes(source, part, missing)
        if data is not None:
            members[member] = (data, zipfile.ZIP_DEFLATED)
            manifest[part] = member
    _add_slab(source, manifest, members, missing)
    manifest["memory_blocks"] = _blocks(source, missing)
    manifest["btf_enums"] = _enums(source, missing)
    manifest["cgroups"] = {str(inode): path for inode, path in sorted(source.cgroup_names().items())}
    if not source.has("cgroup_names"):
        missing["cgroup_names"] = str(source.describe_part("cgroup_names").missing)
    return manifest, members


def _add_slab(
    source: FileSource, manifest: dict[str, Any], members: dict[str, tuple[bytes, int]], missing: dict[str, str]
) -> None:
    """The slab caches as the machine shows them, so slab views work offline; saved files
    carry none, and a machine that cannot give them (no SLUB sysfs, no root) has them missing."""
    if not isinstance(source, LiveSource):
        for part in SLAB_MEMBERS:
            missing[part] = "the snapshot was taken from saved files, which hold no slab caches"
        return
    captured: dict[str, bytes] = {}
    try:
        captured["slab"] = read_slab_files().to_json().encode()
    except KpageflagsError as error:
        missing["slab"] = str(error)
    for part, path in (("slabinfo", "/proc/slabinfo"), ("meminfo", "/proc/meminfo")):
        try:
            with open(path, "rb") as handle:
                captured[part] = handle.read(TEXT_LIMIT)
        except OSError as error:
            missing[part] = f"{path}: {error.strerror or error}"
    for part, data in captured.items():
        member = "slab.json" if part == "slab" else f"{part}.txt"
        members[member] = (data, zipfile.ZIP_DEFLATED)
        manifest[part] = member


def _release_record(source: FileSource) -> dict[str, str]:
    """The upstream release the kernel text stands for, when it says more than the text: the
    point release Debian's ``6.1.0-13-amd64`` hides (6.1.55, from /proc/version) is lost
    once the snapshot is read elsewhere. A vendor kernel's text already names its overlay, and
    a kernel the spec does not cover has no release to record."""
    try:
        release = source.release
    except UnknownRelease:
        return {}
    return {} if release.overlay is not None else {"release": release.name}


def _readable(source: FileSource, part: str, missing: dict[str, str]) -> bool:
    try:
        source.page_file(part).close()
    except KpageflagsError as error:
        _note_missing(source, part, error, missing)
        return False
    return True


def _note_missing(source: FileSource, part: str, error: KpageflagsError, missing: dict[str, str]) -> None:
    """Records a part the machine cannot give as not captured; a file the user named that
    cannot be read or is not what it should be (bad input) stops the snapshot instead."""
    path = source.paths.get(part)
    if isinstance(error, InputError) and path is not None and not path.startswith(KERNEL_INTERFACES):
        raise error
    missing[part] = str(error)


def _add_process(process: CapturedProcess, members: dict[str, tuple[bytes, int]]) -> dict[str, str]:
    maps, pagemap = f"processes/{process.pid}/maps.txt", f"processes/{process.pid}/pagemap.gz"
    members[maps] = (process.maps_text.encode(), zipfile.ZIP_DEFLATED)
    members[pagemap] = (gzip.compress(process.entries, compresslevel=1, mtime=0), zipfile.ZIP_DEFLATED)
    return {"maps": maps, "pagemap": pagemap, "comm": process.comm}


def _file_bytes(source: FileSource, part: str, missing: dict[str, str]) -> bytes | None:
    try:
        path = source.path(part)
        with open(path, "rb") as handle:
            return handle.read()
    except MissingPart as error:
        missing[part] = str(error)
    except OSError as error:
        _note_missing(source, part, unreadable_file(path, error, f"{path}: {error.strerror or error}"), missing)
    return None


def _blocks(source: FileSource, missing: dict[str, str]) -> list[list[Any]]:
    try:
        return [[b.number, b.pages, b.node, b.online] for b in source.memory_blocks()]
    except KpageflagsError as error:
        _note_missing(source, "memory_blocks", error, missing)
        return []


def _enums(source: FileSource, missing: dict[str, str]) -> dict[str, list[list[Any]]]:
    try:
        enums = source.btf_enums()
    except KpageflagsError as error:
        _note_missing(source, "btf", error, missing)
        return {}
    return {name: [[member, value] for member, value in members] for name, members in enums.items()}
