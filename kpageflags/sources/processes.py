"""A live process's mappings and pagemap, and a process captured from them.

Every command that reads a process (process, page-types -p, snapshot -p, breakdown --by
process) opens it here, so one situation (a process that is gone, another user's process)
gives one message and one exit status whichever command met it.
"""

from __future__ import annotations

import errno
import os

from .._generated.constants import PM_PFN_MASK, PM_PRESENT
from ..errors import BadMaps, EnvironmentProblem, NotPermitted, ProcessGone, environment_problem
from ..output.progress import SILENT, Progress
from .procfs import ENTRY, U64File

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ..facts._namedtuple import NamedTuple

RUN = 1 << 16


class Vma(NamedTuple):
    """A mapping of a process, from /proc/PID/maps (addresses in bytes)."""

    start: int
    end: int
    perms: str
    offset: int
    device: str
    inode: int
    path: str

    def pages(self, page_size: int) -> int:
        return (self.end - self.start) // page_size

    @property
    def captured(self) -> bool:
        """Inaccessible mappings are address-space reservations (a JVM's or a sanitizer's can
        span terabytes) that hold no pages, so a capture stores no entries for them."""
        return not self.perms.startswith("---")


def parse_maps(text: str, where: str = "maps") -> list[Vma]:
    """The mappings listed in the text of a /proc/PID/maps file; a line that is not one is an error."""
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split(maxsplit=5)
        low, dash, high = fields[0].partition("-")
        if not dash:
            raise BadMaps(f"{where}: line {number} has no address range low-high: {line[:80]!r}")
        try:
            vma = Vma(
                int(low, 16),
                int(high, 16),
                fields[1],
                int(fields[2], 16),
                fields[3],
                int(fields[4]),
                fields[5].strip() if len(fields) > 5 else "",
            )
        except (IndexError, ValueError):
            raise BadMaps(f"{where}: line {number} is not a mapping: {line[:80]!r}") from None
        if vma.end < vma.start:
            raise BadMaps(f"{where}: line {number} ends before it starts: {line[:80]!r}")
        result.append(vma)
    return result


def maps_text(pid: int) -> str:
    """The text of /proc/PID/maps, or a one-line error saying why not."""
    path = f"/proc/{pid}/maps"
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError as error:
        raise _process_error(pid, path, error) from None


def _process_error(pid: int, path: str, error: OSError) -> EnvironmentProblem:
    if error.errno == errno.ENOENT:
        return ProcessGone(f"no such process {pid} ({path} does not exist)", error.errno)
    if error.errno == errno.ESRCH:
        return ProcessGone(f"process {pid} exited while {path} was read", error.errno)
    if error.errno in (errno.EACCES, errno.EPERM):
        return NotPermitted(
            f"{path}: permission denied; walking another user's process needs root (or the right to ptrace it)",
            error.errno,
        )
    return environment_problem(f"{path}: {error.strerror}", error.errno)


def open_pagemap(pid: int) -> U64File:
    """/proc/PID/pagemap, or a one-line error saying why not."""
    path = f"/proc/{pid}/pagemap"
    try:
        return U64File(path)
    except EnvironmentProblem as error:
        if error.errno not in (errno.ENOENT, errno.ESRCH):
            raise
        if error.errno == errno.ESRCH and os.path.exists(f"/proc/{pid}"):
            # The kernel answers ESRCH for a process without user memory.
            raise ProcessGone(
                f"{path}: process {pid} has no user address space to walk (a kernel thread, or a process exiting)"
            ) from None
        raise ProcessGone(f"{path}: no such process {pid}") from None


def command_name(pid: int) -> str:
    """The process's command name, or "" once it is gone."""
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def live_pids() -> list[int]:
    return sorted(int(name) for name in os.listdir("/proc") if name.isdigit())


class CapturedProcess(NamedTuple):
    """A process's mappings and the pagemap entries of each captured mapping, in maps order."""

    pid: int
    comm: str
    maps_text: str
    vmas: list[Vma]
    entries: bytes

    def present_frames(self) -> list[int]:
        """Frame numbers of the present pages (hidden ones, read as 0 without root, left out)."""
        return [e & PM_PFN_MASK for e in memoryview(self.entries).cast("Q") if e & PM_PRESENT and e & PM_PFN_MASK]


def captured_pages(vmas: list[Vma], page_size: int) -> int:
    """How many pagemap entries a capture of these mappings holds."""
    return sum(vma.pages(page_size) for vma in vmas if vma.captured)


def capture(pid: int, page_size: int, progress: Progress = SILENT) -> CapturedProcess:
    """Reads a live process's maps and the pagemap entries of its captured mappings."""
    text = maps_text(pid)
    vmas = parse_maps(text, f"/proc/{pid}/maps")
    pagemap = open_pagemap(pid)
    meter = progress.meter("pages", captured_pages(vmas, page_size))
    try:
        parts: list[bytes] = []
        done = 0
        for vma in vmas:
            if not vma.captured:
                continue
            first, last = vma.start // page_size, vma.end // page_size
            entries = b"".join(pagemap.read(index, min(RUN, last - index)) for index in range(first, last, RUN))
            # A mapping that went away mid-read leaves zeros, keeping every later mapping in place.
            parts.append(entries.ljust((last - first) * ENTRY, b"\0"))
            done += last - first
            meter.update(done)
    finally:
        meter.close()
        pagemap.close()
    return CapturedProcess(pid, command_name(pid), text, vmas, b"".join(parts))
