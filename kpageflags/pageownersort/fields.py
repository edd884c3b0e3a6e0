"""The numbers and names page_owner_sort pulls out of a block with its regular expressions.

The C tool uses POSIX extended expressions (REG_NEWLINE) and takes the first match; for these
patterns Python's leftmost search finds the same text. A failed match gives -1, as there."""

from __future__ import annotations

import re

from ..pageowner.header import MAX_ORDER

ORDER = re.compile(rb"order\s*([0-9]*),")
PID = re.compile(rb"pid\s*([0-9]*),")
TGID = re.compile(rb"tgid\s*([0-9]*) ")
COMM = re.compile(rb"tgid\s*[0-9]*\s*\((.*)\),\s*ts")
TS_WITH_COMMA = re.compile(rb"ts\s*([0-9]*)\s*ns,")
TS = re.compile(rb"ts\s*([0-9]*)\s*ns")
FREE_TS = re.compile(rb"free_ts\s*([0-9]*)\s*ns")

U64_MAX = (1 << 64) - 1
LONG_MAX = (1 << 63) - 1


def wrap_int(value: int) -> int:
    """A C int holding ``value`` (two's complement, 32 bits)."""
    return (value + (1 << 31)) % (1 << 32) - (1 << 31)


def _digits(pattern: re.Pattern[bytes], text: bytes) -> bytes:
    match = pattern.search(text)
    return match.group(1) if match else b""


def exceeds(digits: bytes, limit: int) -> bool:
    """Whether the decimal digits say more than ``limit``, read without int() when they are
    longer than it (Python refuses 4300 digits; strtol saturates)."""
    if len(digits) < 4000:
        return int(digits) > limit
    significant = digits.lstrip(b"0")
    return len(significant) > len(str(limit)) or int(digits) > limit


def pid_like(pattern: re.Pattern[bytes], text: bytes) -> int:
    """strtol into a pid_t: -1 when absent, empty or out of long's range."""
    digits = _digits(pattern, text)
    if not digits or exceeds(digits, LONG_MAX):
        return -1
    return wrap_int(int(digits))


def timestamp(pattern: re.Pattern[bytes], text: bytes) -> int:
    """strtoull: 2^64-1 (the C tool's -1) when absent, empty or too large."""
    match = pattern.search(text)
    digits = match.group(1) if match else b""
    if len(digits) < U64_DIGITS:  # below 2^64 whatever the digits: read once
        return int(digits) if digits else U64_MAX
    return U64_MAX if exceeds(digits, U64_MAX) else int(digits)


U64_DIGITS = len(str(U64_MAX))


def pages(digits: bytes, faithful: bool, two_digits: bool = False) -> int:
    """1 << the order whose ``digits`` a block gives, 0 when missing or over 64
    (``two_digits``, the -m tool of 5.16: printed with more than two digits); the C int shift
    keeps 5 bits. Unfaithful, 0 too for an order above any kernel's (a damaged record), not an
    absurd sum."""
    if not digits or (len(digits) > 2 if two_digits else exceeds(digits, 64)):
        return 0
    order = int(digits)
    if faithful:
        return wrap_int(1 << (order & 31))
    return 1 << order if order <= MAX_ORDER else 0


def comm(text: bytes) -> bytes:
    match = COMM.search(text)
    return match.group(1) if match else b""


# TASK_COMM_LEN less its terminating zero: the most the 7.3 tool copies out of a block.
COMM_BYTES = 15


def comm_fits(text: bytes) -> bool:
    """Whether the 7.3 tool reads a task name from the block: one is found, and it fits."""
    match = COMM.search(text)
    return match is not None and len(match.group(1)) <= COMM_BYTES


def remove_first_ts_digits(text: bytes) -> bytes:
    """The digits of the first "ts ... ns", cut out (6.7+ groups blocks across times)."""
    match = TS.search(text)
    if match is None:
        return text
    return text[: match.start(1)] + text[match.end(1) :]


ALLOCATOR_CMA = 1 << 1
ALLOCATOR_SLAB = 1 << 2
ALLOCATOR_VMALLOC = 1 << 3
ALLOCATOR_OTHERS = 1 << 4
ALLOCATOR_LABELS = ((ALLOCATOR_CMA, b"CMA "), (ALLOCATOR_SLAB, b"SLAB "), (ALLOCATOR_VMALLOC, b"VMALLOC "))


def allocator(text: bytes, pfn_line: bytes) -> int:
    """CMA/SLAB from the PFN line; VMALLOC when "alloc_pages" appears from the start of the line
    before the first "__vmalloc_node_range" up to that name; else OTHERS."""
    found = 0
    if b"CMA" in pfn_line:
        found |= ALLOCATOR_CMA
    if b"slab" in pfn_line:
        found |= ALLOCATOR_SLAB
    name_at = text.find(b"__vmalloc_node_range")
    if name_at >= 0:
        line_start = text.rfind(b"\n", 0, name_at)
        # The C tool walks back one more line; with no line before, it reads outside its
        # buffer: we start at the text's beginning instead.
        previous_start = text.rfind(b"\n", 0, line_start) + 1 if line_start > 0 else 0
        alloc_at = text.find(b"alloc_pages", previous_start)
        if 0 <= alloc_at < name_at:
            found |= ALLOCATOR_VMALLOC
    return found or ALLOCATOR_OTHERS
