"""The order in which sysfs lists the entries of a directory such as ``/sys/kernel/slab``.

kernfs keeps a directory's children in a red-black tree ordered by a hash of the name, then by
the name (fs/kernfs/dir.c: kernfs_name_hash, kernfs_sd_compare), and readdir walks that tree.
The hash is the dcache's partial_name_hash over the bytes, finished by end_name_hash
(include/linux/stringhash.h: hash_long(hash, 32), the 64-bit golden-ratio multiply on 64-bit
kernels), masked to 31 bits, with 0, 1 and INT_MAX kept for "." and "..". Tools that print in
readdir order (slabinfo) give the same output from a captured tree in any filesystem when the
entries are put in this order.
"""

from __future__ import annotations

from collections.abc import Iterable

_WORD = (1 << 64) - 1
_GOLDEN_RATIO_64 = 0x61C8864680B583EB
_INT_MAX = 0x7FFFFFFF


def kernfs_name_hash(name: str) -> int:
    """The hash kernfs files ``name`` under (no namespace), as a 64-bit kernel computes it for an
    ASCII name (cache names are; the kernel hashes plain chars, signed on x86, which this does not
    follow for bytes over 0x7f)."""
    value = 0
    for byte in name.encode("utf-8", "surrogateescape"):
        value = (value + (byte << 4) + (byte >> 4)) * 11
    # Reduced once, not per byte: sums and products taken mod 2^64 at the end are the same.
    value = ((value * _GOLDEN_RATIO_64) & _WORD) >> 32
    value &= _INT_MAX
    if value < 2:
        value += 2
    return min(value, _INT_MAX - 1)


def kernfs_order(names: Iterable[str]) -> list[str]:
    """``names`` in the order readdir returns them from a kernfs directory."""
    return sorted(names, key=lambda name: (kernfs_name_hash(name), name.encode("utf-8", "surrogateescape")))
