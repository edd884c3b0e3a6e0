"""Where page frames live: NUMA nodes and zones from /proc/zoneinfo, memory blocks from sysfs.

Both sources are plain text, so a copy taken on one machine can be read on another.

>>> zones = parse_zoneinfo('''Node 0, zone      DMA
...         spanned  4095
...         present  3998
...   start_pfn:           1
... Node 0, zone   Normal
...         spanned  1024
...         present  1024
...   start_pfn:           4096
... Node 0, zone  Movable
...         spanned  0
...         present  0
... ''')
>>> [(z.node, z.name, z.start_pfn, z.end_pfn) for z in zones]
[(0, 'DMA', 1, 4096), (0, 'Normal', 4096, 5120)]
"""

from __future__ import annotations

import os
import re

from ..errors import TopologyError, unreadable_file

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ..facts._namedtuple import NamedTuple

ZONEINFO = "/proc/zoneinfo"
MEMORY_BLOCKS = "/sys/devices/system/memory"

_ZONE_HEADER = re.compile(r"^Node\s+(\d+),\s+zone\s+(\S+)\s*$")
_FIELD = re.compile(r"^\s+(spanned|present|managed|start_pfn:)\s+(\d+)\s*$")


class Zone(NamedTuple):
    """One zone of one node: PFNs ``start_pfn`` <= pfn < ``end_pfn`` (holes included)."""

    node: int
    name: str
    start_pfn: int
    spanned: int
    present: int

    @property
    def end_pfn(self) -> int:
        return self.start_pfn + self.spanned

    @property
    def label(self) -> str:
        return f"node{self.node}/{self.name}"


class MemoryBlock(NamedTuple):
    """A hot-pluggable memory block: ``pages`` PFNs from ``number * pages``."""

    number: int
    pages: int
    node: int | None
    online: bool | None

    @property
    def start_pfn(self) -> int:
        return self.number * self.pages

    @property
    def end_pfn(self) -> int:
        return self.start_pfn + self.pages

    @property
    def label(self) -> str:
        return f"memory{self.number}"


def parse_zoneinfo(text: str, source: str = ZONEINFO) -> list[Zone]:
    """The zones that span at least one PFN, in the order the file lists them."""
    zones: list[Zone] = []
    current: dict[str, int] | None = None
    header: tuple[int, str] | None = None

    def close() -> None:
        if header is None or current is None:
            return
        if current.get("spanned", 0) == 0:
            return  # an empty zone has no start_pfn line and owns no PFN
        if "start_pfn:" not in current:
            raise TopologyError(f"{source}: zone {header[1]} of node {header[0]} has no start_pfn line")
        zones.append(
            Zone(
                header[0],
                header[1],
                current["start_pfn:"],
                current["spanned"],
                current.get("present", current["spanned"]),
            )
        )

    for line in text.splitlines():
        match = _ZONE_HEADER.match(line)
        if match:
            close()
            header, current = (int(match.group(1)), match.group(2)), {}
            continue
        field = _FIELD.match(line)
        if field and current is not None:
            current.setdefault(field.group(1), int(field.group(2)))
    close()
    if not zones:
        raise TopologyError(f"{source}: no zone with pages found; is this a /proc/zoneinfo file?")
    return zones


def read_zoneinfo(path: str = ZONEINFO) -> list[Zone]:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            text = handle.read()
    except OSError as error:
        raise unreadable_file(path, error, f"{path}: {error.strerror or error}", TopologyError) from None
    return parse_zoneinfo(text, path)


def read_memory_blocks(directory: str = MEMORY_BLOCKS, page_size: int | None = None) -> list[MemoryBlock]:
    """The memory blocks sysfs lists, with their node and online state where it says."""
    size = page_size or os.sysconf("SC_PAGE_SIZE")
    try:
        with open(os.path.join(directory, "block_size_bytes"), encoding="ascii") as handle:
            block_bytes = int(handle.read().strip(), 16)
        names = os.listdir(directory)
    except OSError as error:
        message = f"{directory}: cannot read memory blocks ({error.strerror or error})"
        raise unreadable_file(directory, error, message, TopologyError) from None
    except ValueError as error:
        raise TopologyError(f"{directory}: cannot read memory blocks ({error})") from None
    pages = block_bytes // size
    if pages <= 0:
        raise TopologyError(f"{directory}: block size {block_bytes:#x} is smaller than a page")
    blocks = []
    for name in names:
        if not re.fullmatch(r"memory\d+", name):
            continue
        entries = _listdir(os.path.join(directory, name))
        nodes = [int(entry[4:]) for entry in entries if re.fullmatch(r"node\d+", entry)]
        blocks.append(
            MemoryBlock(
                int(name[6:]), pages, nodes[0] if nodes else None, _online(os.path.join(directory, name, "online"))
            )
        )
    if not blocks:
        raise TopologyError(f"{directory}: no memoryN entries")
    return sorted(blocks)


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _online(path: str) -> bool | None:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip() == "1"
    except OSError:
        return None
