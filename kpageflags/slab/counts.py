"""The text of one slab attribute as numbers.

Counters are printed as a total and, on NUMA kernels, the nodes that hold any (``2308 N0=2308``);
with CONFIG_SLUB_STATS as a total and per CPU (``5 C0=3 C1=2``); ``slabs_cpu_partial`` as
objects with slabs in brackets (``96(3) C0=32(1) C1=64(2)``). Anything else in the text is kept
as it stands, never dropped.

>>> read_counts("2308 N0=2300 N1=8")
Counts(total=2308, nodes={0: 2300, 1: 8}, cpus={}, rest='')
>>> read_counts("96(3) C0=32(1) C1=64(2)")
Counts(total=96, nodes={}, cpus={0: 32, 1: 64}, rest='')
>>> read_counts("lots") is None, read_counts("9" * 5000) is None
(True, True)
"""

from __future__ import annotations

import re
from typing import NamedTuple

U64_LIMIT = (1 << 64) - 1
"""No counter the kernel prints is wider than an unsigned long."""
# Twenty digits hold any 64-bit number; longer runs are garbage, and Python refuses to convert
# runs of thousands of digits (a recorded tree's text has no length limit).
_TOTAL = re.compile(r"-?\d{1,20}")
_PART = re.compile(r"([NC])(\d{1,6})=(-?\d{1,20})(?:\(\d+\))?")


class Counts(NamedTuple):
    """A total, its per-node and per-CPU parts, and any words that were neither."""

    total: int
    nodes: dict[int, int]
    cpus: dict[int, int]
    rest: str


def read_counts(text: str) -> Counts | None:
    """The numbers in an attribute's text, or None when it does not start with one that fits
    in 64 bits."""
    words = text.split()
    if not words:
        return None
    head = words[0].split("(", 1)[0]
    if not _TOTAL.fullmatch(head) or abs(int(head)) > U64_LIMIT:
        return None
    nodes: dict[int, int] = {}
    cpus: dict[int, int] = {}
    rest: list[str] = []
    for word in words[1:]:
        part = _PART.fullmatch(word)
        if part is None or abs(int(part[3])) > U64_LIMIT:
            rest.append(word)
            continue
        (nodes if part[1] == "N" else cpus)[int(part[2])] = int(part[3])
    return Counts(int(head), nodes, cpus, " ".join(rest))
