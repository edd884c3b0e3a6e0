# Generated from spec/kpageflags.yaml by "python -m codegen"; do not edit.
(
    'The bits of /proc/kpageflags: one u64 per page frame, a stable translation of the '
    "kernel's page state. Bits 0-26 are the documented ABI "
    '(include/uapi/linux/kernel-page-flags.h); bits 32 and up are kernel-hacking bits '
    '(include/linux/kernel-page-flags.h) that may change. The values are computed in '
    'fs/proc/page.c (fs/proc/proc_misc.c before 2.6.28).'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.flagmodel import KpfFlag

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

KPF_FLAGS: Final[Tuple[KpfFlag, ...]] = (
    KpfFlag(
        name='locked',
        symbol='KPF_LOCKED',
        bit=0,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            'The page is locked for exclusive access, typically while I/O on it is in flight '
            'or while its mapping is being changed.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='error',
        symbol='KPF_ERROR',
        bit=1,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            'An I/O error happened on the page. The kernel stopped setting it when PG_error '
            'was removed; the bit stays defined but reads 0.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
            Evidence(
                kind='commit',
                release='6.12',
                commit='09022bc196d2',
                subject='mm: remove PG_error',
                note='from 6.12 fs/proc/page.c no longer sets the bit; the define stays',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='referenced',
        symbol='KPF_REFERENCED',
        bit=2,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            'The page was accessed since it was last put on, or moved within, an LRU list; '
            'reclaim uses it to spot pages worth keeping.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='uptodate',
        symbol='KPF_UPTODATE',
        bit=3,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            "The page's contents are valid: a read from backing storage finished, or the page "
            'was filled in memory.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='dirty',
        symbol='KPF_DIRTY',
        bit=4,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            'The page was written to and holds data newer than its backing storage, so it '
            'must be written back before it can be reclaimed.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='lru',
        symbol='KPF_LRU',
        bit=5,
        since='2.6.25',
        until=None,
        abi='stable',
        doc='The page is on one of the LRU lists that reclaim scans.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='active',
        symbol='KPF_ACTIVE',
        bit=6,
        since='2.6.25',
        until=None,
        abi='stable',
        doc='The page is on an active LRU list (recently used), as opposed to an inactive one.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='slab',
        symbol='KPF_SLAB',
        bit=7,
        since='2.6.25',
        until=None,
        abi='stable',
        doc='The page belongs to the slab allocator (SLAB, SLUB or SLOB) and holds kernel objects.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='writeback',
        symbol='KPF_WRITEBACK',
        bit=8,
        since='2.6.25',
        until=None,
        abi='stable',
        doc='The page is being written back to its backing storage right now.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='reclaim',
        symbol='KPF_RECLAIM',
        bit=9,
        since='2.6.25',
        until=None,
        abi='stable',
        doc=(
            'The page is to be reclaimed as soon as its writeback finishes. The kernel reuses '
            'the same page bit as a readahead marker on pages that are not under writeback.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='buddy',
        symbol='KPF_BUDDY',
        bit=10,
        since='2.6.25',
        until=None,
        abi='stable',
        doc='The page is free, part of a block held by the buddy allocator.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/proc_misc.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its "Linux 2.6.25" commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.25',
                commit='304daa8132a9',
                subject='maps4: add /proc/kpageflags interface',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='mmap',
        symbol='KPF_MMAP',
        bit=11,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='The page is mapped into the page tables of at least one process.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='anon',
        symbol='KPF_ANON',
        bit=12,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='The page is anonymous memory (heap, stack, private copies), not part of a file.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='swapcache',
        symbol='KPF_SWAPCACHE',
        bit=13,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='The page is in the swap cache: it has a slot in swap space assigned.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='swapbacked',
        symbol='KPF_SWAPBACKED',
        bit=14,
        since='2.6.31',
        until=None,
        abi='stable',
        doc=(
            'The page is backed by swap or RAM rather than by a file (anonymous memory, shmem '
            'and tmpfs).'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='compound_head',
        symbol='KPF_COMPOUND_HEAD',
        bit=15,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='The first page of a compound page (a huge page, a large folio, a multi-page slab).',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='compound_tail',
        symbol='KPF_COMPOUND_TAIL',
        bit=16,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='A page of a compound page other than its first.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='huge',
        symbol='KPF_HUGE',
        bit=17,
        since='2.6.31',
        until=None,
        abi='stable',
        doc='The page is part of a HugeTLB page (hugetlbfs or MAP_HUGETLB), not a transparent one.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='unevictable',
        symbol='KPF_UNEVICTABLE',
        bit=18,
        since='2.6.31',
        until=None,
        abi='stable',
        doc=(
            'The page is on the unevictable list: reclaim may not evict it (mlocked memory, '
            'ramfs, SHM_LOCKed segments).'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='hwpoison',
        symbol='KPF_HWPOISON',
        bit=19,
        since='2.6.32',
        until=None,
        abi='stable',
        doc=(
            "Hardware reported the page's memory as corrupt and memory-failure handling "
            'isolated it. Only kernels built with memory-failure support set it.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='set from PG_hwpoison with CONFIG_MEMORY_FAILURE; 2.6.31 has no bit 19 at all',
            ),
            Evidence(
                kind='commit',
                release='2.6.32',
                commit='253fb02d6257',
                subject='pagemap: export KPF_HWPOISON',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='nopage',
        symbol='KPF_NOPAGE',
        bit=20,
        since='2.6.31',
        until=None,
        abi='stable',
        doc=(
            'No struct page exists for this page frame number (a hole, or memory that is not '
            'online).'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='ksm',
        symbol='KPF_KSM',
        bit=21,
        since='2.6.32',
        until=None,
        abi='stable',
        doc=(
            'The page is a KSM page: identical anonymous pages of one or more processes were '
            'merged into it by kernel samepage merging.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
            ),
            Evidence(
                kind='commit',
                release='2.6.32',
                commit='9a840895147b',
                subject='ksm: identify PageKsm pages',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='thp',
        symbol='KPF_THP',
        bit=22,
        since='3.4',
        until=None,
        abi='stable',
        doc=(
            'The page is part of a transparent huge page; in later releases, of any large '
            'folio that can be mapped into user space, whatever its order.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='3.4.2',
                path='include/linux/kernel-page-flags.h',
                tree='461911662/linux-3.4.2',
            ),
            Evidence(
                kind='source',
                release='3.3.8',
                path='include/linux/kernel-page-flags.h',
                tree='ciminaghi/linux-3.3.8',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='balloon',
        symbol='KPF_BALLOON',
        bit=23,
        since='3.18',
        until='5.1',
        abi='stable',
        doc='The page was taken by a memory balloon driver and given back to the hypervisor.',
        renamed_from=None,
        renamed_to='offline',
        evidence=(
            Evidence(
                kind='source',
                release='3.18.30',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='jockyw2001/linux-3.18',
            ),
            Evidence(
                kind='source',
                release='3.17.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='lexi6725/linux-3.17.0',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='5.0.1',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='VVvector/linux-5.0.1',
                note='still KPF_BALLOON; fs/proc/page.c still tests PageBalloon',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='offline',
        symbol='KPF_OFFLINE',
        bit=23,
        since='5.1',
        until=None,
        abi='stable',
        doc=(
            'The page is logically offline: inflated into a balloon, or part of an online '
            'memory section that was never itself onlined. The kernel must not touch its '
            'contents.'
        ),
        renamed_from='balloon',
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='5.2.1',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='wangliang-cs/linux-5.2.1',
                note='KPF_OFFLINE; no 5.1 tree was available',
            ),
            Evidence(
                kind='patch',
                subject='mm: convert PG_balloon to PG_offline',
                date='2018-11',
                note='posted for the 5.1 merge window; its mainline commit id was not found',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='zero_page',
        symbol='KPF_ZERO_PAGE',
        bit=24,
        since='4.0',
        until=None,
        abi='stable',
        doc=(
            'The shared zero page (or the huge zero page) that backs reads of untouched '
            'anonymous memory.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.0.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='AndrewGBelcher/4kopen-linux-4.0',
            ),
            Evidence(
                kind='source',
                release='3.19.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='monkeygq/linux-3.19',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='idle',
        symbol='KPF_IDLE',
        bit=25,
        since='4.3',
        until=None,
        abi='stable',
        doc=(
            'The page was not accessed since it was marked idle through the idle page '
            'tracking interface.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='a fork of an early 4.3; 4.4.0 (xiaojimmychen/linux-4.4) has it too',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='mlpzaq9998/linux-4.2',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='pgtable',
        symbol='KPF_PGTABLE',
        bit=26,
        since='4.18',
        until=None,
        abi='stable',
        doc='The page holds a page table.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.18.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='zzwd/linux-4.18-rt',
            ),
            Evidence(
                kind='source',
                release='4.17.0',
                path='include/uapi/linux/kernel-page-flags.h',
                tree='SaumyaSachdev/linux-4.17',
                note='not yet',
            ),
            Evidence(
                kind='commit',
                release='4.18',
                commit='1d40a5ea01d5',
                subject='mm: mark pages in use for page tables',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='reserved',
        symbol='KPF_RESERVED',
        bit=32,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc=(
            'The page is reserved: the kernel image, firmware areas, the memory map itself, '
            'or pages a driver pinned outside the page allocator.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='mlocked',
        symbol='KPF_MLOCKED',
        bit=33,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc='The page is locked in memory by mlock() or MAP_LOCKED.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='mappedtodisk',
        symbol='KPF_MAPPEDTODISK',
        bit=34,
        since='2.6.31',
        until='6.12',
        abi='unstable',
        doc=(
            'On a file page, every block of the page has a mapping on disk. On an anonymous '
            'page from 5.19 the same bit means the page is exclusive to one process '
            '(anon_exclusive).'
        ),
        renamed_from=None,
        renamed_to='owner_2',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='include/linux/kernel-page-flags.h',
                tree='segzix/linux-6.11.11',
                note='still KPF_MAPPEDTODISK',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='owner_2',
        symbol='KPF_OWNER_2',
        bit=34,
        since='6.12',
        until=None,
        abi='unstable',
        doc=(
            "A page bit whose meaning belongs to the page's owner: on file pages the "
            "filesystem's (mapped to disk, for those that use it), on anonymous pages "
            'anon_exclusive.'
        ),
        renamed_from='mappedtodisk',
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/kernel-page-flags.h',
                tree='shilei-massclouds/linux-6.12',
            ),
            Evidence(
                kind='commit',
                release='6.12',
                commit='02e1960aafac',
                subject='mm: rename PG_mappedtodisk to PG_owner_2',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='private',
        symbol='KPF_PRIVATE',
        bit=35,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc='The page has private data attached by its owner, such as filesystem buffer heads.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='private_2',
        symbol='KPF_PRIVATE_2',
        bit=36,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc=(
            'A second owner-private bit, used by filesystems for caching (fscache writing the '
            'page to the local cache).'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='owner_private',
        symbol='KPF_OWNER_PRIVATE',
        bit=37,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc=(
            "The owner's private bit (PG_owner_priv_1): PG_checked for filesystems, and the "
            'swap cache marker on swap-backed pages in later releases.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='arch',
        symbol='KPF_ARCH',
        bit=38,
        since='2.6.31',
        until=None,
        abi='unstable',
        doc=(
            'Architecture-specific page state (PG_arch_1), e.g. instruction cache clean on '
            'some architectures, or part of the PAT memory type on x86.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='uncached',
        symbol='KPF_UNCACHED',
        bit=39,
        since='2.6.31',
        until='6.12',
        abi='unstable',
        doc=(
            "The page is mapped uncached (PG_uncached: ia64's uncached allocator, and the x86 "
            'PAT memory type UC-).'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the tree at its 2.6.31 release commit',
            ),
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='177975495914',
                subject='proc: export more page flags in /proc/kpageflags',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='include/linux/kernel-page-flags.h',
                tree='segzix/linux-6.11.11',
                note='last release with bit 39',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/kernel-page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note='bit 39 is gone',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='softdirty',
        symbol='KPF_SOFTDIRTY',
        bit=40,
        since='3.13',
        until=None,
        abi='unstable',
        doc=(
            'Defined for page-types, which fills it from the soft-dirty bit of '
            '/proc/PID/pagemap; the kernel itself never sets it in /proc/kpageflags.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='3.13.10',
                path='include/linux/kernel-page-flags.h',
                tree='yifengyou/linux-3.13.0',
            ),
            Evidence(
                kind='source',
                release='3.12.24',
                path='include/linux/kernel-page-flags.h',
                tree='ychoijy/linux-3.12.24-custom',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='arch_2',
        symbol='KPF_ARCH_2',
        bit=41,
        since='5.10',
        until=None,
        abi='unstable',
        doc=(
            'A second architecture-specific page bit (PG_arch_2): arm64 uses it for MTE tags, '
            'x86 for part of the PAT memory type.'
        ),
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='5.10.0',
                path='include/linux/kernel-page-flags.h',
                tree='wqhot/linux-5.10',
                note=(
                    'copied from PG_arch_2 under CONFIG_64BIT; ARCH_USES_PG_ARCH_X from 6.2, '
                    'ARCH_USES_PG_ARCH_2 from 6.12'
                ),
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='include/linux/kernel-page-flags.h',
                tree='ach84/linux-5.9.1',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    KpfFlag(
        name='arch_3',
        symbol='KPF_ARCH_3',
        bit=42,
        since='6.2',
        until=None,
        abi='unstable',
        doc='A third architecture-specific page bit (PG_arch_3), used by arm64 MTE as a tag lock.',
        renamed_from=None,
        renamed_to=None,
        evidence=(
            Evidence(
                kind='source',
                release='6.2.1',
                path='include/linux/kernel-page-flags.h',
                tree='daniellucs2002/linux-6.2.1-customized',
            ),
            Evidence(
                kind='source',
                release='6.1.0-rc3',
                path='include/linux/kernel-page-flags.h',
                tree='Rtoax/linux-5.10.13',
                note='despite its name the tree is 6.1.0-rc3, without bit 42; 6.1 final was not read',
            ),
        ),
        unverified=None,
    ),
)
