"""The figures slabinfo derives from a cache's attributes, with its C types' wrap-around."""

from __future__ import annotations

from .cnum import U32, U64, signed
from .reading import Cache


class Figures:
    """Sizes as slabinfo computes them on a machine with ``page_size`` pages. ``no_overfull_loss``
    (the fixed tool): a cache read with more objects in use than its slabs hold (its counters
    are read one file at a time while the cache changes) has no loss, where the C tool's
    unsigned subtraction wraps to some 18 EB and sorts that cache first by loss."""

    def __init__(self, page_size: int, no_overfull_loss: bool = False) -> None:
        self.page_size = page_size
        self.no_overfull_loss = no_overfull_loss

    def slab_bytes(self, cache: Cache) -> int:
        """page_size << order: an int in C."""
        return signed(self.page_size << max(cache["order"], 0), 32)

    def size(self, cache: Cache) -> int:
        """slab_size(): every slab at the cache's current order (not read for a cache with no
        slabs: sorting by size would read it for every empty cache)."""
        slabs = cache["slabs"]
        return (slabs * self.slab_bytes(cache)) & U64 if slabs else 0

    def used(self, cache: Cache) -> int:
        return (cache["objects"] * cache["object_size"]) & U64

    def waste(self, cache: Cache) -> int:
        """slab_waste(): what the slabs hold beyond the objects in use."""
        size, used = self.size(cache), self.used(cache)
        if used > size and self.no_overfull_loss:
            return 0
        return (size - used) & U64

    def activity(self, cache: Cache) -> int:
        total = cache["alloc_fastpath"] + cache["free_fastpath"] + cache["alloc_slowpath"] + cache["free_slowpath"]
        return total & U64

    def object_loss(self, cache: Cache) -> int:
        """slab_size - object_size: unsigned int arithmetic."""
        return (cache["slab_size"] - cache["object_size"]) & U32

    def padding(self, cache: Cache) -> int:
        """Lpadd: what each slab leaves after its objects, times the slabs (an int minus an
        unsigned int is unsigned int in C)."""
        per_slab = (self.slab_bytes(cache) - cache["objs_per_slab"] * cache["slab_size"]) & U32
        return (per_slab * cache["slabs"]) & U64


def store_size(value: int, show_bytes: bool) -> str:
    """slabinfo's store_size: decimal K/M/G with one decimal (truncated), or plain bytes."""
    value &= U64
    divisor, trailer = 1, ""
    if not show_bytes:
        if value > 1_000_000_000:
            divisor, trailer = 100_000_000, "G"
        elif value > 1_000_000:
            divisor, trailer = 100_000, "M"
        elif value > 1000:
            divisor, trailer = 100, "K"
    text = "%d" % signed(value // divisor) + trailer
    if divisor != 1:
        text = text[:-2] + "." + text[-2:]
    return text


def ratio(part: int, whole: int) -> int:
    """part * 100 / whole in unsigned long arithmetic (0 where C would divide by zero)."""
    return ((part * 100) & U64) // whole if whole else 0
