"""/proc/slabinfo and the slab lines of /proc/meminfo, read from their text.

>>> line = "kmalloc-64 3947 4096 64 64 1 : tunables 0 0 0 : slabdata 64 64 0"
>>> slabinfo_caches("slabinfo - version: 2.1\\n# name ...\\n" + line)[0][1:]
(3947, 4096, 64, 64, 1, 64)
>>> meminfo_bytes("Slab:  1286316 kB\\nSReclaimable: 1207460 kB\\n")["SReclaimable"]
1236439040
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import BadValue

MAX_LINES = 200_000


class SlabinfoLine(NamedTuple):
    """One cache of /proc/slabinfo (version 2.1): its objects in use and in all, sizes and slabs."""

    name: str
    active_objects: int
    objects: int
    object_size: int
    per_slab: int
    pages_per_slab: int
    slabs: int


def slabinfo_caches(text: str, where: str = "/proc/slabinfo") -> list[SlabinfoLine]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("slabinfo - version: 2."):
        raise BadValue(
            f"{where}: not /proc/slabinfo version 2 (first line {lines[0][:60]!r})" if lines else f"{where}: empty"
        )
    if len(lines) > MAX_LINES:
        raise BadValue(f"{where}: more than {MAX_LINES} lines")
    found = []
    for number, line in enumerate(lines[1:], 2):
        if line.startswith("#") or not line.strip():
            continue
        words = line.split()
        try:
            # name active num objsize objperslab pagesperslab : tunables l b s : slabdata active num shared
            active, objects, size, per_slab, pages = (int(word) for word in words[1:6])
            found.append(SlabinfoLine(words[0], active, objects, size, per_slab, pages, int(words[14])))
        except (IndexError, ValueError):
            raise BadValue(f"{where} line {number}: not a cache line of /proc/slabinfo: {line[:60]!r}") from None
    return found


def meminfo_bytes(text: str) -> dict[str, int]:
    """Every ``Name: N kB`` line of /proc/meminfo, in bytes."""
    found = {}
    for line in text.splitlines()[:MAX_LINES]:
        name, colon, value = line.partition(":")
        words = value.split()
        if colon and words and words[0].isdigit():
            found[name.strip()] = int(words[0]) * (1024 if words[1:2] == ["kB"] else 1)
    return found
