# Generated from spec/*.yaml by "python -m codegen"; do not edit.
"""Named bits, so code never types a mask by hand.

``KPF_*`` are bit numbers of /proc/kpageflags values, as in the kernel's
``include/uapi/linux/kernel-page-flags.h``; a bit renamed between releases has a constant per
name. ``PM_*`` are masks of /proc/PID/pagemap entries, one per field of the spec (single-bit
fields as a mask, wider fields as ``PM_<FIELD>_MASK`` with ``PM_<FIELD>_SHIFT``); which layout
and release a field belongs to is in the tables, not here.
"""

from __future__ import annotations

# typing is not imported: a command reading these constants starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

KPF_LOCKED: Final = 0
KPF_ERROR: Final = 1
KPF_REFERENCED: Final = 2
KPF_UPTODATE: Final = 3
KPF_DIRTY: Final = 4
KPF_LRU: Final = 5
KPF_ACTIVE: Final = 6
KPF_SLAB: Final = 7
KPF_WRITEBACK: Final = 8
KPF_RECLAIM: Final = 9
KPF_BUDDY: Final = 10
KPF_MMAP: Final = 11
KPF_ANON: Final = 12
KPF_SWAPCACHE: Final = 13
KPF_SWAPBACKED: Final = 14
KPF_COMPOUND_HEAD: Final = 15
KPF_COMPOUND_TAIL: Final = 16
KPF_HUGE: Final = 17
KPF_UNEVICTABLE: Final = 18
KPF_HWPOISON: Final = 19
KPF_NOPAGE: Final = 20
KPF_KSM: Final = 21
KPF_THP: Final = 22
KPF_BALLOON: Final = 23
KPF_OFFLINE: Final = 23
KPF_ZERO_PAGE: Final = 24
KPF_IDLE: Final = 25
KPF_PGTABLE: Final = 26
KPF_RESERVED: Final = 32
KPF_MLOCKED: Final = 33
KPF_MAPPEDTODISK: Final = 34
KPF_OWNER_2: Final = 34
KPF_PRIVATE: Final = 35
KPF_PRIVATE_2: Final = 36
KPF_OWNER_PRIVATE: Final = 37
KPF_ARCH: Final = 38
KPF_UNCACHED: Final = 39
KPF_SOFTDIRTY: Final = 40
KPF_ARCH_2: Final = 41
KPF_ARCH_3: Final = 42

PM_PFN_SHIFT: Final = 0
PM_PFN_MASK: Final = ((1 << 55) - 1) << 0
PM_SWAP_TYPE_SHIFT: Final = 0
PM_SWAP_TYPE_MASK: Final = ((1 << 5) - 1) << 0
PM_SWAP_OFFSET_SHIFT: Final = 5
PM_SWAP_OFFSET_MASK: Final = ((1 << 50) - 1) << 5
PM_PAGE_SHIFT_SHIFT: Final = 55
PM_PAGE_SHIFT_MASK: Final = ((1 << 6) - 1) << 55
PM_SOFT_DIRTY: Final = 1 << 55
PM_EXCLUSIVE: Final = 1 << 56
PM_UFFD_WP: Final = 1 << 57
PM_GUARD: Final = 1 << 58
PM_FILE_OR_SHARED_ANON: Final = 1 << 61
PM_SWAPPED: Final = 1 << 62
PM_PRESENT: Final = 1 << 63
