# Generated from spec/*.yaml by "python -m codegen"; do not edit.
"""What changed in page flags, release by release, computed from the whole spec."""

from __future__ import annotations

from typing import Final, Tuple

from ..facts.model import Change, Evidence

CHANGES: Final[Tuple[Change, ...]] = (
    Change(
        release='2.6.25',
        kind='added',
        subject='active',
        summary='bit 6 active (KPF_ACTIVE) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='buddy',
        summary='bit 10 buddy (KPF_BUDDY) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='dirty',
        summary='bit 4 dirty (KPF_DIRTY) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='error',
        summary='bit 1 error (KPF_ERROR) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='locked',
        summary='bit 0 locked (KPF_LOCKED) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='lru',
        summary='bit 5 lru (KPF_LRU) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='reclaim',
        summary='bit 9 reclaim (KPF_RECLAIM) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='referenced',
        summary='bit 2 referenced (KPF_REFERENCED) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='slab',
        summary='bit 7 slab (KPF_SLAB) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='uptodate',
        summary='bit 3 uptodate (KPF_UPTODATE) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='added',
        subject='writeback',
        summary='bit 8 writeback (KPF_WRITEBACK) appears',
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
    ),
    Change(
        release='2.6.25',
        kind='meaning',
        subject='readahead',
        summary='bit 9 means readahead when not writeback',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.23',
                commit='fe3cba17c494',
                subject='mm: share PG_readahead and PG_reclaim',
                note='two releases before /proc/kpageflags existed',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
                note='PG_readahead is still PG_reclaim in enum pageflags',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='meaning',
        subject='slub_debug',
        summary='bit 1 means slub_debug when slab',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='include/linux/page-flags.h',
                tree='rivsidn/linux-2.6.35.6',
                note='PG_slub_debug is an alias of PG_error',
            ),
            Evidence(
                kind='source',
                release='2.6.36.4',
                path='include/linux/page-flags.h',
                tree='galeksandrp-keenetic/linux-2.6.36',
                note='the alias is gone',
            ),
            Evidence(
                kind='patch',
                subject='slub: Use kmem_cache flags to detect if slab is in debugging mode.',
                date='2010-08',
                note='in the slab pull request for 2.6.36',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='meaning',
        subject='slub_frozen',
        summary='bit 6 means slub_frozen when slab',
        evidence=(
            Evidence(
                kind='source',
                release='3.0.8',
                path='include/linux/page-flags.h',
                tree='cjheres/linux-3.0.8',
                note='PG_slub_frozen is an alias of PG_active',
            ),
            Evidence(
                kind='commit',
                release='3.1',
                commit='50d5c41cd151',
                subject='slub: Do not use frozen page flag but a bit in the page counters',
            ),
            Evidence(
                kind='source',
                release='3.1.3',
                path='include/linux/mm_types.h',
                tree='303750856/linux-3.1',
                note='a frozen bit field in struct page',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-layout',
        subject='page_shift',
        summary='pagemap entries use the page_shift layout',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
                note=(
                    'PM_PSHIFT fills bits 55-60 with PAGE_SHIFT, also for entries that are '
                    'not present'
                ),
            ),
            Evidence(
                kind='source',
                release='3.10.99',
                path='fs/proc/task_mmu.c',
                tree='harviswang/linux-3.10.99',
                note='still the page-shift format, no v2',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='page_shift',
        summary='pagemap bits 55-60: page_shift',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='commit',
                release='4.3',
                commit='deb945441b94',
                subject='pagemap: switch to the new format and do some cleanup',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='pfn',
        summary='pagemap bits 0-54: pfn',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
                note=(
                    'the PFN mask is (1<<55)-1, bits 0-54, though the comment of that release '
                    'says 0-55'
                ),
            ),
            Evidence(
                kind='commit',
                release='4.3',
                commit='1c90308e7a77',
                subject='pagemap: hide physical addresses from non-privileged users',
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note='a process running as uid 65534 reads its own present pages with PFN 0',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='present',
        summary='pagemap bit 63: present',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note='touched anonymous and file pages read bit 63; untouched pages read 0',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='swap_offset',
        summary='pagemap bits 5-54: swap_offset',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='fs/proc/task_mmu.c',
                tree='gfunkmonk/linux-6.18.2',
                note=(
                    'swp_offset_pfn is used for PFN-carrying entries; the release that began '
                    'this is not verified'
                ),
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='swap_type',
        summary='pagemap bits 0-4: swap_type',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
                note=(
                    'the swap frame is the type plus the offset shifted by '
                    'MAX_SWAPFILES_SHIFT, which is 5'
                ),
            ),
            Evidence(
                kind='commit',
                release='4.18',
                commit='ab6ecf247a93',
                subject='mm: /proc/pid/pagemap: hide swap entries from unprivileged users',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pagemap-field-added',
        subject='swapped',
        summary='pagemap bit 62: swapped',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pg-alias-added',
        subject='checked',
        summary='PG_checked names the bit of PG_owner_priv_1 (file)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pg-alias-added',
        subject='pinned',
        summary='PG_pinned names the bit of PG_owner_priv_1 (xen)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='pg-alias-added',
        subject='readahead',
        summary='PG_readahead names the bit of PG_reclaim (file)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='defined as PG_reclaim',
            ),
            Evidence(
                kind='source',
                release='5.17.0-rc5',
                path='include/linux/page-flags.h',
                tree='dunli/linux-5.17',
                note=(
                    'an enum alias of PG_reclaim from here (a 5.17.0-rc5 tree); 5.15.24 still '
                    'defines it elsewhere'
                ),
            ),
        ),
    ),
    Change(
        release='2.6.25',
        kind='bug-introduced',
        subject='misrouted_bits_before_2_6_29',
        summary=(
            'before 2.6.29 locked is never reported, and writeback, reclaim and buddy appear '
            "at the kernel's own PG_ bit positions instead of bits 8-10"
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the swapped macro and the garbled locked call are both still there',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='e07a4b9217d1',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='ad3bdefe877a',
                subject='proc: fix kflags to uflags copying in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.27.20',
                tree='caglar10ur/linux-2.6.27.y',
                commit='def2e1479712',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
                note='the stable backport, with 3ae64442d160 for the copying fix',
            ),
        ),
    ),
    Change(
        release='2.6.26',
        kind='pg-member-added',
        subject='compound',
        summary='PG_compound now depends on !(PAGEFLAGS_EXTENDED) (was nothing)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.26',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.26 tag, the first enum: head and tail under PAGEFLAGS_EXTENDED',
            ),
            Evidence(
                kind='source',
                release='2.6.27',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.27 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.26',
        kind='pg-member-added',
        subject='head',
        summary='enum pageflags gains PG_head (with PAGEFLAGS_EXTENDED)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.26',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.26 tag, the first enum: head and tail under PAGEFLAGS_EXTENDED',
            ),
            Evidence(
                kind='source',
                release='2.6.27',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.27 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.26',
        kind='pg-member-added',
        subject='tail',
        summary='enum pageflags gains PG_tail (with PAGEFLAGS_EXTENDED)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.26',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.26 tag, the first enum: head and tail under PAGEFLAGS_EXTENDED',
            ),
            Evidence(
                kind='source',
                release='2.6.27',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.27 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.26',
        kind='pg-member-added',
        subject='uncached',
        summary='PG_uncached now depends on IA64_UNCACHED_ALLOCATOR (was 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.26',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.26 tag, the first enum: head and tail under PAGEFLAGS_EXTENDED',
            ),
            Evidence(
                kind='source',
                release='2.6.27',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.27 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.27',
        kind='pg-alias-added',
        subject='savepinned',
        summary='PG_savepinned names the bit of PG_dirty (xen)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.27',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.27 tag, the first with enum aliases',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
            ),
        ),
    ),
    Change(
        release='2.6.27',
        kind='pg-alias-added',
        subject='slob_free',
        summary='PG_slob_free names the bit of PG_private (slob)',
        evidence=(
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='include/linux/page-flags.h',
                tree='lewisevans2007/linux-6.4',
                note='gone with SLOB',
            ),
        ),
    ),
    Change(
        release='2.6.27',
        kind='pg-alias-added',
        subject='slob_page',
        summary='PG_slob_page names the bit of PG_active (slob)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.30',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.27',
        kind='pg-alias-added',
        subject='slub_debug',
        summary='PG_slub_debug names the bit of PG_error (slub)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='include/linux/page-flags.h',
                tree='rivsidn/linux-2.6.35.6',
            ),
            Evidence(
                kind='source',
                release='2.6.36',
                path='include/linux/page-flags.h',
                tree='galeksandrp-keenetic/linux-2.6.36',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.27',
        kind='pg-alias-added',
        subject='slub_frozen',
        summary='PG_slub_frozen names the bit of PG_active (slub)',
        evidence=(
            Evidence(
                kind='source',
                release='3.0.8',
                path='include/linux/page-flags.h',
                tree='cjheres/linux-3.0.8',
            ),
            Evidence(
                kind='source',
                release='3.1.3',
                path='include/linux/page-flags.h',
                tree='303750856/linux-3.1',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.27.20',
        kind='bug-fixed',
        subject='misrouted_bits_before_2_6_29',
        summary=(
            'fixed in the 2.6.27 stable series: before 2.6.29 locked is never reported, and '
            "writeback, reclaim and buddy appear at the kernel's own PG_ bit positions "
            'instead of bits 8-10'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the swapped macro and the garbled locked call are both still there',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='e07a4b9217d1',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='ad3bdefe877a',
                subject='proc: fix kflags to uflags copying in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.27.20',
                tree='caglar10ur/linux-2.6.27.y',
                commit='def2e1479712',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
                note='the stable backport, with 3ae64442d160 for the copying fix',
            ),
        ),
    ),
    Change(
        release='2.6.28',
        kind='pg-member-added',
        subject='mlocked',
        summary='enum pageflags gains PG_mlocked (with UNEVICTABLE_LRU)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.28 tag: swapbacked, unevictable and mlocked arrive',
            ),
            Evidence(
                kind='source',
                release='2.6.29',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.29 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.28',
        kind='pg-member-added',
        subject='swapbacked',
        summary='enum pageflags gains PG_swapbacked',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.28 tag: swapbacked, unevictable and mlocked arrive',
            ),
            Evidence(
                kind='source',
                release='2.6.29',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.29 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.28',
        kind='pg-member-added',
        subject='unevictable',
        summary='enum pageflags gains PG_unevictable (with UNEVICTABLE_LRU)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.28 tag: swapbacked, unevictable and mlocked arrive',
            ),
            Evidence(
                kind='source',
                release='2.6.29',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.29 tag, the same members',
            ),
        ),
    ),
    Change(
        release='2.6.29',
        kind='bug-fixed',
        subject='misrouted_bits_before_2_6_29',
        summary=(
            'fixed: before 2.6.29 locked is never reported, and writeback, reclaim and buddy '
            "appear at the kernel's own PG_ bit positions instead of bits 8-10"
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.28',
                path='fs/proc/page.c',
                tree='dandel/linux-2.6.32.y',
                note='the swapped macro and the garbled locked call are both still there',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='e07a4b9217d1',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.29',
                commit='ad3bdefe877a',
                subject='proc: fix kflags to uflags copying in /proc/kpageflags',
            ),
            Evidence(
                kind='commit',
                release='2.6.27.20',
                tree='caglar10ur/linux-2.6.27.y',
                commit='def2e1479712',
                subject='proc: fix PG_locked reporting in /proc/kpageflags',
                note='the stable backport, with 3ae64442d160 for the copying fix',
            ),
        ),
    ),
    Change(
        release='2.6.30',
        kind='pg-member-added',
        subject='mlocked',
        summary='PG_mlocked now depends on HAVE_MLOCKED_PAGE_BIT (was UNEVICTABLE_LRU)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.30',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.30 tag: private_2 arrives; mlocked under HAVE_MLOCKED_PAGE_BIT',
            ),
        ),
    ),
    Change(
        release='2.6.30',
        kind='pg-member-added',
        subject='private_2',
        summary='enum pageflags gains PG_private_2',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.30',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.30 tag: private_2 arrives; mlocked under HAVE_MLOCKED_PAGE_BIT',
            ),
        ),
    ),
    Change(
        release='2.6.30',
        kind='pg-alias-added',
        subject='fscache',
        summary='PG_fscache names the bit of PG_private_2 (file)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.30',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='anon',
        summary='bit 12 anon (KPF_ANON) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='arch',
        summary='bit 38 arch (KPF_ARCH) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='compound_head',
        summary='bit 15 compound_head (KPF_COMPOUND_HEAD) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='compound_tail',
        summary='bit 16 compound_tail (KPF_COMPOUND_TAIL) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='huge',
        summary='bit 17 huge (KPF_HUGE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='mappedtodisk',
        summary='bit 34 mappedtodisk (KPF_MAPPEDTODISK) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='mlocked',
        summary='bit 33 mlocked (KPF_MLOCKED) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='mmap',
        summary='bit 11 mmap (KPF_MMAP) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='nopage',
        summary='bit 20 nopage (KPF_NOPAGE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='owner_private',
        summary='bit 37 owner_private (KPF_OWNER_PRIVATE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='private',
        summary='bit 35 private (KPF_PRIVATE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='private_2',
        summary='bit 36 private_2 (KPF_PRIVATE_2) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='reserved',
        summary='bit 32 reserved (KPF_RESERVED) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='swapbacked',
        summary='bit 14 swapbacked (KPF_SWAPBACKED) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='swapcache',
        summary='bit 13 swapcache (KPF_SWAPCACHE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='uncached',
        summary='bit 39 uncached (KPF_UNCACHED) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='added',
        subject='unevictable',
        summary='bit 18 unevictable (KPF_UNEVICTABLE) appears',
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
    ),
    Change(
        release='2.6.31',
        kind='meaning',
        subject='slob_free',
        summary='bit 35 means slob_free when slab',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='7303f240981',
                subject='slob: use PG_slab for identifying SLOB pages',
            ),
            Evidence(
                kind='commit',
                release='6.4',
                commit='c4ba69f00c18',
                subject='mm, page_flags: remove PG_slob_free',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='PG_slob_free is still PG_private',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='no slob_free any more',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='active',
        summary="page-types names bit 6 'A:active'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='anonymous',
        summary="page-types names bit 12 'a:anonymous'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='arch',
        summary="page-types names bit 38 'h:arch'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='buddy',
        summary="page-types names bit 10 'B:buddy'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='compound_head',
        summary="page-types names bit 15 'H:compound_head'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='compound_tail',
        summary="page-types names bit 16 'T:compound_tail'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='dirty',
        summary="page-types names bit 4 'D:dirty'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='error',
        summary="page-types names bit 1 'E:error'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='huge',
        summary="page-types names bit 17 'G:huge'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='locked',
        summary="page-types names bit 0 'L:locked'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='lru',
        summary="page-types names bit 5 'l:lru'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='mappedtodisk',
        summary="page-types names bit 34 'd:mappedtodisk'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='tools/mm/page-types.c',
                tree='segzix/linux-6.11.11',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='tools/mm/page-types.c',
                tree='shilei-massclouds/linux-6.12',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='mlocked',
        summary="page-types names bit 33 'm:mlocked'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='mmap',
        summary="page-types names bit 11 'M:mmap'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='nopage',
        summary="page-types names bit 20 'n:nopage'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='owner_private',
        summary="page-types names bit 37 'O:owner_private'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='private',
        summary="page-types names bit 35 'P:private'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='private_2',
        summary="page-types names bit 36 'p:private_2'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='readahead',
        summary="page-types names bit 48 'I:readahead'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='reclaim',
        summary="page-types names bit 9 'I:reclaim'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='referenced',
        summary="page-types names bit 2 'R:referenced'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='reserved',
        summary="page-types names bit 32 'r:reserved'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='slab',
        summary="page-types names bit 7 'S:slab'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='slob_free',
        summary="page-types names bit 49 'P:slob_free'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='tools/mm/page-types.c',
                tree='SToPire/linux-6.3.8',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='slub_debug',
        summary="page-types names bit 51 'E:slub_debug'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='slub_frozen',
        summary="page-types names bit 50 'A:slub_frozen'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='swapbacked',
        summary="page-types names bit 14 'b:swapbacked'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='swapcache',
        summary="page-types names bit 13 's:swapcache'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='uncached',
        summary="page-types names bit 39 'c:uncached'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='tools/mm/page-types.c',
                tree='segzix/linux-6.11.11',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='tools/mm/page-types.c',
                tree='shilei-massclouds/linux-6.12',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='unevictable',
        summary="page-types names bit 18 'u:unevictable'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='uptodate',
        summary="page-types names bit 3 'U:uptodate'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='page-types-name-added',
        subject='writeback',
        summary="page-types names bit 8 'W:writeback'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='overload-added',
        subject='readahead',
        summary='page-types -r moves bit 9 to 48 (readahead) when not writeback',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.23',
                commit='fe3cba17c494',
                subject='mm: share PG_readahead and PG_reclaim',
                note='two releases before /proc/kpageflags existed',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
                note='PG_readahead is still PG_reclaim in enum pageflags',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='overload-added',
        subject='slob_free',
        summary='page-types -r moves bit 35 to 49 (slob_free) when slab',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='7303f240981',
                subject='slob: use PG_slab for identifying SLOB pages',
            ),
            Evidence(
                kind='commit',
                release='6.4',
                commit='c4ba69f00c18',
                subject='mm, page_flags: remove PG_slob_free',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='PG_slob_free is still PG_private',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='no slob_free any more',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='overload-added',
        subject='slub_debug',
        summary='page-types -r moves bit 1 to 51 (slub_debug) when slab',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='include/linux/page-flags.h',
                tree='rivsidn/linux-2.6.35.6',
                note='PG_slub_debug is an alias of PG_error',
            ),
            Evidence(
                kind='source',
                release='2.6.36.4',
                path='include/linux/page-flags.h',
                tree='galeksandrp-keenetic/linux-2.6.36',
                note='the alias is gone',
            ),
            Evidence(
                kind='patch',
                subject='slub: Use kmem_cache flags to detect if slab is in debugging mode.',
                date='2010-08',
                note='in the slab pull request for 2.6.36',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='overload-added',
        subject='slub_frozen',
        summary='page-types -r moves bit 6 to 50 (slub_frozen) when slab',
        evidence=(
            Evidence(
                kind='source',
                release='3.0.8',
                path='include/linux/page-flags.h',
                tree='cjheres/linux-3.0.8',
                note='PG_slub_frozen is an alias of PG_active',
            ),
            Evidence(
                kind='commit',
                release='3.1',
                commit='50d5c41cd151',
                subject='slub: Do not use frozen page flag but a bit in the page counters',
            ),
            Evidence(
                kind='source',
                release='3.1.3',
                path='include/linux/mm_types.h',
                tree='303750856/linux-3.1',
                note='a frozen bit field in struct page',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='pg-member-added',
        subject='unevictable',
        summary='PG_unevictable now depends on nothing (was UNEVICTABLE_LRU)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.31 tag: unevictable without a condition',
            ),
        ),
    ),
    Change(
        release='2.6.31',
        kind='pg-alias-removed',
        subject='slob_page',
        summary="PG_slob_page no longer names PG_active's bit",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.30',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.32',
        kind='added',
        subject='hwpoison',
        summary='bit 19 hwpoison (KPF_HWPOISON) appears',
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
    ),
    Change(
        release='2.6.32',
        kind='added',
        subject='ksm',
        summary='bit 21 ksm (KPF_KSM) appears',
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
    ),
    Change(
        release='2.6.32',
        kind='page-types-name-added',
        subject='hwpoison',
        summary="page-types names bit 19 'X:hwpoison'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='not yet',
            ),
            Evidence(
                kind='commit',
                release='2.6.32',
                commit='253fb02d6257',
                subject='pagemap: export KPF_HWPOISON',
            ),
        ),
    ),
    Change(
        release='2.6.32',
        kind='page-types-name-added',
        subject='ksm',
        summary="page-types names bit 21 'x:ksm'",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='not yet',
            ),
            Evidence(
                kind='commit',
                release='2.6.32',
                commit='a1bbb5ec3904',
                subject='pagemap: document KPF_KSM and show it in page-types',
            ),
        ),
    ),
    Change(
        release='2.6.32',
        kind='pg-member-added',
        subject='hwpoison',
        summary='enum pageflags gains PG_hwpoison (with MEMORY_FAILURE)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.32 tag: hwpoison arrives; uncached under ARCH_USES_PG_UNCACHED',
            ),
        ),
    ),
    Change(
        release='2.6.32',
        kind='pg-member-added',
        subject='uncached',
        summary='PG_uncached now depends on ARCH_USES_PG_UNCACHED (was IA64_UNCACHED_ALLOCATOR)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.32 tag: hwpoison arrives; uncached under ARCH_USES_PG_UNCACHED',
            ),
        ),
    ),
    Change(
        release='2.6.33',
        kind='pg-member-added',
        subject='mlocked',
        summary='PG_mlocked now depends on MMU (was HAVE_MLOCKED_PAGE_BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.33',
                path='include/linux/page-flags.h',
                tree='comio/linux-2.6.25-cf547x',
                note='the v2.6.33 tag: mlocked under MMU',
            ),
            Evidence(
                kind='source',
                release='2.6.37',
                path='include/linux/page-flags.h',
                tree='srinugnt2000/linux-2.6.37',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='2.6.36',
        kind='meaning',
        subject='slub_debug',
        summary='bit 1 no longer means slub_debug when slab',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='include/linux/page-flags.h',
                tree='rivsidn/linux-2.6.35.6',
                note='PG_slub_debug is an alias of PG_error',
            ),
            Evidence(
                kind='source',
                release='2.6.36.4',
                path='include/linux/page-flags.h',
                tree='galeksandrp-keenetic/linux-2.6.36',
                note='the alias is gone',
            ),
            Evidence(
                kind='patch',
                subject='slub: Use kmem_cache flags to detect if slab is in debugging mode.',
                date='2010-08',
                note='in the slab pull request for 2.6.36',
            ),
        ),
    ),
    Change(
        release='2.6.36',
        kind='pg-alias-removed',
        subject='slub_debug',
        summary="PG_slub_debug no longer names PG_error's bit",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='include/linux/page-flags.h',
                tree='rivsidn/linux-2.6.35.6',
            ),
            Evidence(
                kind='source',
                release='2.6.36',
                path='include/linux/page-flags.h',
                tree='galeksandrp-keenetic/linux-2.6.36',
                note='gone',
            ),
        ),
    ),
    Change(
        release='2.6.38',
        kind='pg-member-added',
        subject='compound_lock',
        summary='enum pageflags gains PG_compound_lock (with TRANSPARENT_HUGEPAGE)',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.38',
                path='include/linux/page-flags.h',
                tree='zekezang/linux-2.6.38',
                note='buddy is gone; compound_lock arrives',
            ),
            Evidence(
                kind='source',
                release='3.19.0',
                path='include/linux/page-flags.h',
                tree='monkeygq/linux-3.19',
                note='the same members',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='include/linux/page-flags.h',
                tree='mlpzaq9998/linux-4.2',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='2.6.38',
        kind='pg-member-removed',
        subject='buddy',
        summary='enum pageflags loses PG_buddy',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.38',
                path='include/linux/page-flags.h',
                tree='zekezang/linux-2.6.38',
                note='buddy is gone; compound_lock arrives',
            ),
            Evidence(
                kind='source',
                release='3.19.0',
                path='include/linux/page-flags.h',
                tree='monkeygq/linux-3.19',
                note='the same members',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='include/linux/page-flags.h',
                tree='mlpzaq9998/linux-4.2',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='3.1',
        kind='meaning',
        subject='slub_frozen',
        summary='bit 6 no longer means slub_frozen when slab',
        evidence=(
            Evidence(
                kind='source',
                release='3.0.8',
                path='include/linux/page-flags.h',
                tree='cjheres/linux-3.0.8',
                note='PG_slub_frozen is an alias of PG_active',
            ),
            Evidence(
                kind='commit',
                release='3.1',
                commit='50d5c41cd151',
                subject='slub: Do not use frozen page flag but a bit in the page counters',
            ),
            Evidence(
                kind='source',
                release='3.1.3',
                path='include/linux/mm_types.h',
                tree='303750856/linux-3.1',
                note='a frozen bit field in struct page',
            ),
        ),
    ),
    Change(
        release='3.1',
        kind='pg-alias-removed',
        subject='slub_frozen',
        summary="PG_slub_frozen no longer names PG_active's bit",
        evidence=(
            Evidence(
                kind='source',
                release='3.0.8',
                path='include/linux/page-flags.h',
                tree='cjheres/linux-3.0.8',
            ),
            Evidence(
                kind='source',
                release='3.1.3',
                path='include/linux/page-flags.h',
                tree='303750856/linux-3.1',
                note='gone',
            ),
        ),
    ),
    Change(
        release='3.4',
        kind='added',
        subject='thp',
        summary='bit 22 thp (KPF_THP) appears',
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
    ),
    Change(
        release='3.4',
        kind='page-types-name-added',
        subject='thp',
        summary="page-types names bit 22 't:thp'",
        evidence=(
            Evidence(
                kind='source',
                release='3.4.2',
                path='tools/vm/page-types.c',
                tree='461911662/linux-3.4.2',
            ),
            Evidence(
                kind='source',
                release='3.3.8',
                path='Documentation/vm/page-types.c',
                tree='ciminaghi/linux-3.3.8',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='3.5',
        kind='pagemap-field-added',
        subject='file_or_shared_anon',
        summary='pagemap bit 61: file_or_shared_anon',
        evidence=(
            Evidence(
                kind='commit',
                release='3.5',
                commit='052fb0d635df',
                subject='proc: report file/anon bit in /proc/pid/pagemap',
            ),
            Evidence(
                kind='source',
                release='3.4.108',
                path='fs/proc/task_mmu.c',
                tree='gq213/linux-3.4.108',
                note='bit 61 still reserved',
            ),
            Evidence(
                kind='source',
                release='3.5',
                path='fs/proc/task_mmu.c',
                tree='12thmantec/linux-3.5',
            ),
        ),
    ),
    Change(
        release='3.6',
        kind='meaning',
        subject='pfmemalloc',
        summary='bit 6 means pfmemalloc when slab',
        evidence=(
            Evidence(
                kind='commit',
                release='3.6',
                commit='072bb0aa5e06',
                subject='mm: sl[au]b: add knowledge of PFMEMALLOC reserve pages',
            ),
            Evidence(
                kind='source',
                release='3.6.5',
                path='include/linux/page-flags.h',
                tree='yuhc/linux-3.6.5',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='mm/slub.c',
                tree='gfunkmonk/linux-6.18.2',
                note='SL_pfmemalloc is PG_active',
            ),
        ),
    ),
    Change(
        release='3.11',
        kind='pagemap-layout',
        subject='v1',
        summary='pagemap entries use the v1 layout',
        evidence=(
            Evidence(
                kind='commit',
                release='3.11',
                commit='541c237c0923',
                subject='pagemap: prepare to reuse constant bits with page-shift',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='fs/proc/task_mmu.c',
                tree='mlpzaq9998/linux-4.2',
                note='PM_STATUS2 and the soft_dirty_cleared switch are still there',
            ),
        ),
    ),
    Change(
        release='3.11',
        kind='pagemap-layout',
        subject='v2',
        summary='pagemap entries use the v2 layout',
        evidence=(
            Evidence(
                kind='source',
                release='3.11',
                path='fs/proc/task_mmu.c',
                tree='PKUCloud/samsara-linux-3.11',
                note='a single static soft_dirty_cleared selects v2 for all readers',
            ),
            Evidence(
                kind='source',
                release='4.1.3',
                path='fs/proc/task_mmu.c',
                note='the same kernel-wide switch',
            ),
        ),
    ),
    Change(
        release='3.11',
        kind='pagemap-field-added',
        subject='soft_dirty',
        summary='pagemap bit 55: soft_dirty',
        evidence=(
            Evidence(
                kind='source',
                release='3.11',
                path='fs/proc/task_mmu.c',
                tree='PKUCloud/samsara-linux-3.11',
            ),
            Evidence(
                kind='commit',
                release='3.11',
                commit='541c237c0923',
                subject='pagemap: prepare to reuse constant bits with page-shift',
            ),
        ),
    ),
    Change(
        release='3.13',
        kind='added',
        subject='softdirty',
        summary='bit 40 softdirty (KPF_SOFTDIRTY) appears',
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
    ),
    Change(
        release='3.13',
        kind='page-types-name-added',
        subject='softdirty',
        summary="page-types names bit 40 'f:softdirty'",
        evidence=(
            Evidence(
                kind='source',
                release='3.13.10',
                path='tools/vm/page-types.c',
                tree='yifengyou/linux-3.13.0',
            ),
            Evidence(
                kind='source',
                release='3.12.24',
                path='tools/vm/page-types.c',
                tree='ychoijy/linux-3.12.24-custom',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='3.18',
        kind='added',
        subject='balloon',
        summary='bit 23 balloon (KPF_BALLOON) appears',
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
    ),
    Change(
        release='3.18',
        kind='page-types-name-added',
        subject='balloon',
        summary="page-types names bit 23 'o:balloon'",
        evidence=(
            Evidence(
                kind='source',
                release='3.18.30',
                path='tools/vm/page-types.c',
                tree='jockyw2001/linux-3.18',
            ),
            Evidence(
                kind='source',
                release='3.17.0',
                path='tools/vm/page-types.c',
                tree='lexi6725/linux-3.17.0',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='4.0',
        kind='added',
        subject='zero_page',
        summary='bit 24 zero_page (KPF_ZERO_PAGE) appears',
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
    ),
    Change(
        release='4.0',
        kind='page-types-name-added',
        subject='zero_page',
        summary="page-types names bit 24 'z:zero_page'",
        evidence=(
            Evidence(
                kind='source',
                release='4.0.0',
                path='tools/vm/page-types.c',
                tree='AndrewGBelcher/4kopen-linux-4.0',
            ),
            Evidence(
                kind='source',
                release='3.19.8',
                path='tools/vm/page-types.c',
                tree='yuanguohuo/linux-3.19.8',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='4.0',
        kind='pg-alias-added',
        subject='foreign',
        summary='PG_foreign names the bit of PG_owner_priv_1 (xen)',
        evidence=(
            Evidence(
                kind='source',
                release='4.0.0',
                path='include/linux/page-flags.h',
                tree='AndrewGBelcher/4kopen-linux-4.0',
            ),
            Evidence(
                kind='source',
                release='3.19.8',
                path='include/linux/page-flags.h',
                tree='yuanguohuo/linux-3.19.8',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='added',
        subject='idle',
        summary='bit 25 idle (KPF_IDLE) appears',
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
    ),
    Change(
        release='4.3',
        kind='page-types-name-added',
        subject='file',
        summary="page-types names bit 62 'F:file'",
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='tools/vm/page-types.c',
                tree='mlpzaq9998/linux-4.2',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='4.5.0',
                path='tools/vm/page-types.c',
                tree='arthur-lucena/linux-4.5-hw-so',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
                note='gone',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='page-types-name-added',
        subject='mmap_exclusive',
        summary="page-types names bit 63 '1:mmap_exclusive'",
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='tools/vm/page-types.c',
                tree='mlpzaq9998/linux-4.2',
                note='not yet',
            ),
            Evidence(
                kind='commit',
                release='4.3',
                commit='77bb499bb60f',
                subject='pagemap: add mmap-exclusive bit for marking pages mapped only here',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='pagemap-layout',
        subject='fixed',
        summary='pagemap entries use the fixed layout',
        evidence=(
            Evidence(
                kind='commit',
                release='4.3',
                commit='deb945441b94',
                subject='pagemap: switch to the new format and do some cleanup',
            ),
            Evidence(
                kind='source',
                release='4.3',
                path='fs/proc/task_mmu.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='PM_PFRAME_BITS 55 and fixed status bits; the fork does not touch this file',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='pagemap-field-added',
        subject='exclusive',
        summary='pagemap bit 56: exclusive',
        evidence=(
            Evidence(
                kind='commit',
                release='4.3',
                commit='77bb499bb60f',
                subject='pagemap: add mmap-exclusive bit for marking pages mapped only here',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='fs/proc/task_mmu.c',
                tree='mlpzaq9998/linux-4.2',
                note='no bit 56 yet',
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'a written anonymous page reads bits 63 and 56; a privately mapped file '
                    'page also mapped elsewhere lacks 56'
                ),
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='pagemap-field-removed',
        subject='page_shift',
        summary='pagemap bits 55-60 no longer carry page_shift',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='commit',
                release='4.3',
                commit='deb945441b94',
                subject='pagemap: switch to the new format and do some cleanup',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='pg-member-added',
        subject='idle',
        summary='enum pageflags gains PG_idle (with IDLE_PAGE_TRACKING && 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='include/linux/page-flags.h',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='a fork of an early 4.3: young and idle arrive',
            ),
        ),
    ),
    Change(
        release='4.3',
        kind='pg-member-added',
        subject='young',
        summary='enum pageflags gains PG_young (with IDLE_PAGE_TRACKING && 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='include/linux/page-flags.h',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='a fork of an early 4.3: young and idle arrive',
            ),
        ),
    ),
    Change(
        release='4.4',
        kind='page-types-name-added',
        subject='idle_page',
        summary="page-types names bit 25 'i:idle_page'",
        evidence=(
            Evidence(
                kind='source',
                release='4.4.0',
                path='tools/vm/page-types.c',
                tree='xiaojimmychen/linux-4.4',
            ),
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='4.3',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='the 4.3 tool has no idle_page although the 4.3 header defines KPF_IDLE',
            ),
        ),
    ),
    Change(
        release='4.4',
        kind='pg-member-added',
        subject='head',
        summary='PG_head now depends on nothing (was PAGEFLAGS_EXTENDED)',
        evidence=(
            Evidence(
                kind='source',
                release='4.4.0',
                path='include/linux/page-flags.h',
                tree='xiaojimmychen/linux-4.4',
                note='head without a condition; tail and compound are gone',
            ),
        ),
    ),
    Change(
        release='4.4',
        kind='pg-member-removed',
        subject='compound',
        summary='enum pageflags loses PG_compound',
        evidence=(
            Evidence(
                kind='source',
                release='4.4.0',
                path='include/linux/page-flags.h',
                tree='xiaojimmychen/linux-4.4',
                note='head without a condition; tail and compound are gone',
            ),
        ),
    ),
    Change(
        release='4.4',
        kind='pg-member-removed',
        subject='tail',
        summary='enum pageflags loses PG_tail',
        evidence=(
            Evidence(
                kind='source',
                release='4.4.0',
                path='include/linux/page-flags.h',
                tree='xiaojimmychen/linux-4.4',
                note='head without a condition; tail and compound are gone',
            ),
        ),
    ),
    Change(
        release='4.5',
        kind='pg-member-removed',
        subject='compound_lock',
        summary='enum pageflags loses PG_compound_lock',
        evidence=(
            Evidence(
                kind='source',
                release='4.5.0',
                path='include/linux/page-flags.h',
                tree='arthur-lucena/linux-4.5-hw-so',
                note='compound_lock is gone',
            ),
            Evidence(
                kind='source',
                release='4.9.0',
                path='include/linux/page-flags.h',
                tree='pengdonglin137/linux-4.9',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='4.5',
        kind='pg-alias-added',
        subject='double_map',
        summary='PG_double_map names the bit of PG_private_2 (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='4.5.0',
                path='include/linux/page-flags.h',
                tree='arthur-lucena/linux-4.5-hw-so',
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='include/linux/page-flags.h',
                tree='ach84/linux-5.9.1',
            ),
        ),
    ),
    Change(
        release='4.6',
        kind='page-types-name-added',
        subject='file',
        summary="page-types names bit 61 'F:file'",
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
            ),
            Evidence(
                kind='source',
                release='4.5.0',
                path='tools/vm/page-types.c',
                tree='arthur-lucena/linux-4.5-hw-so',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='4.6',
        kind='page-types-name-added',
        subject='swap',
        summary="page-types names bit 62 'w:swap'",
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
            ),
            Evidence(
                kind='source',
                release='4.5.0',
                path='tools/vm/page-types.c',
                tree='arthur-lucena/linux-4.5-hw-so',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='4.6',
        kind='page-types-name-removed',
        subject='file',
        summary="page-types drops the name of bit 62 ('F:file')",
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='tools/vm/page-types.c',
                tree='mlpzaq9998/linux-4.2',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='4.5.0',
                path='tools/vm/page-types.c',
                tree='arthur-lucena/linux-4.5-hw-so',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
                note='gone',
            ),
        ),
    ),
    Change(
        release='4.8',
        kind='pg-alias-added',
        subject='isolated',
        summary='PG_isolated names the bit of PG_reclaim (movable_ops)',
        evidence=(
            Evidence(
                kind='source',
                release='4.8.15',
                path='include/linux/page-flags.h',
                tree='squirrel20/linux-4.8.15',
            ),
            Evidence(
                kind='source',
                release='4.7.4',
                path='include/linux/page-flags.h',
                tree='calebwilliamsd/linux-4.7.4-casio',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='6.14',
                path='include/linux/page-flags.h',
                tree='perishh/linux-6.14',
            ),
            Evidence(
                kind='source',
                release='6.17.0',
                path='include/linux/page-flags.h',
                tree='busysteve/linux-6.17.0-rust-ported-c',
                note='replaced by movable_ops_isolated',
            ),
        ),
    ),
    Change(
        release='4.10',
        kind='pg-member-added',
        subject='waiters',
        summary='enum pageflags gains PG_waiters',
        evidence=(
            Evidence(
                kind='source',
                release='4.10.17',
                path='include/linux/page-flags.h',
                tree='pengdonglin137/linux-4.10.17',
                note='waiters arrives; swapcache becomes an alias',
            ),
            Evidence(
                kind='source',
                release='4.19.1',
                path='include/linux/page-flags.h',
                tree='chens37/linux-4.19.1',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='4.10',
        kind='pg-member-removed',
        subject='swapcache',
        summary='enum pageflags loses PG_swapcache',
        evidence=(
            Evidence(
                kind='source',
                release='4.10.17',
                path='include/linux/page-flags.h',
                tree='pengdonglin137/linux-4.10.17',
                note='waiters arrives; swapcache becomes an alias',
            ),
            Evidence(
                kind='source',
                release='4.19.1',
                path='include/linux/page-flags.h',
                tree='chens37/linux-4.19.1',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='4.10',
        kind='pg-alias-added',
        subject='swapcache',
        summary='PG_swapcache names the bit of PG_owner_priv_1 (any page)',
        evidence=(
            Evidence(
                kind='source',
                release='4.10.17',
                path='include/linux/page-flags.h',
                tree='pengdonglin137/linux-4.10.17',
            ),
            Evidence(
                kind='source',
                release='4.6.2',
                path='include/linux/page-flags.h',
                tree='xing393939/linux-4.6.2',
                note='still a bit of its own',
            ),
        ),
    ),
    Change(
        release='4.18',
        kind='added',
        subject='pgtable',
        summary='bit 26 pgtable (KPF_PGTABLE) appears',
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
    ),
    Change(
        release='4.18',
        kind='page-types-name-added',
        subject='pgtable',
        summary="page-types names bit 26 'g:pgtable'",
        evidence=(
            Evidence(
                kind='source',
                release='4.18.0',
                path='tools/vm/page-types.c',
                tree='zzwd/linux-4.18-rt',
            ),
            Evidence(
                kind='source',
                release='4.17.0',
                path='tools/vm/page-types.c',
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
    ),
    Change(
        release='4.20',
        kind='pg-member-added',
        subject='workingset',
        summary='enum pageflags gains PG_workingset',
        evidence=(
            Evidence(
                kind='source',
                release='4.20.0',
                path='include/linux/page-flags.h',
                tree='a4913994/linux-4.20',
                note='workingset at 6, waiters at 7, error at 8',
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='include/linux/page-flags.h',
                tree='ach84/linux-5.9.1',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='4.20',
        kind='pg-members-moved',
        subject='enum pageflags',
        summary=(
            'enum pageflags is reordered: locked, referenced, uptodate, dirty, lru, active, '
            'waiters, error, slab, owner_priv_1, arch_1, reserved ...'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='4.20.0',
                path='include/linux/page-flags.h',
                tree='a4913994/linux-4.20',
                note='workingset at 6, waiters at 7, error at 8',
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='include/linux/page-flags.h',
                tree='ach84/linux-5.9.1',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='5.1',
        kind='renamed',
        subject='offline',
        summary='bit 23 balloon is renamed offline (KPF_OFFLINE)',
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
    ),
    Change(
        release='5.1',
        kind='page-types-name-added',
        subject='offline',
        summary="page-types names bit 23 'o:offline'",
        evidence=(
            Evidence(
                kind='source',
                release='5.2.1',
                path='tools/vm/page-types.c',
                tree='wangliang-cs/linux-5.2.1',
                note='first tree seen with the offline name; no 5.1 tree was available',
            ),
            Evidence(
                kind='source',
                release='5.0.1',
                path='tools/vm/page-types.c',
                tree='VVvector/linux-5.0.1',
                note='still balloon',
            ),
            Evidence(
                kind='patch',
                subject='mm: convert PG_balloon to PG_offline',
                date='2018-11',
                note='posted for the 5.1 merge window; its mainline commit id was not found',
            ),
        ),
    ),
    Change(
        release='5.1',
        kind='page-types-name-removed',
        subject='balloon',
        summary="page-types drops the name of bit 23 ('o:balloon')",
        evidence=(
            Evidence(
                kind='source',
                release='3.18.30',
                path='tools/vm/page-types.c',
                tree='jockyw2001/linux-3.18',
            ),
            Evidence(
                kind='source',
                release='3.17.0',
                path='tools/vm/page-types.c',
                tree='lexi6725/linux-3.17.0',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='5.3',
        kind='pg-alias-added',
        subject='xen_remapped',
        summary='PG_xen_remapped names the bit of PG_owner_priv_1 (xen)',
        evidence=(
            Evidence(
                kind='source',
                release='5.3.1',
                path='include/linux/page-flags.h',
                tree='github-lvbing/linux-5.3.1',
            ),
            Evidence(
                kind='source',
                release='5.2.1',
                path='include/linux/page-flags.h',
                tree='wangliang-cs/linux-5.2.1',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='5.8',
        kind='pg-alias-added',
        subject='reported',
        summary='PG_reported names the bit of PG_uptodate (free)',
        evidence=(
            Evidence(
                kind='source',
                release='5.8.1',
                path='include/linux/page-flags.h',
                tree='infuq/linux-5.8.1',
            ),
            Evidence(
                kind='source',
                release='5.6.4',
                path='include/linux/page-flags.h',
                tree='shmily1012/linux-5.6.4',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='5.10',
        kind='added',
        subject='arch_2',
        summary='bit 41 arch_2 (KPF_ARCH_2) appears',
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
    ),
    Change(
        release='5.10',
        kind='page-types-name-added',
        subject='arch_2',
        summary="page-types names bit 41 'H:arch_2'",
        evidence=(
            Evidence(
                kind='source',
                release='5.10.0',
                path='tools/vm/page-types.c',
                tree='wqhot/linux-5.10',
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='tools/vm/page-types.c',
                tree='ach84/linux-5.9.1',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='5.10',
        kind='pg-member-added',
        subject='arch_2',
        summary='enum pageflags gains PG_arch_2 (with 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='5.10.0',
                path='include/linux/page-flags.h',
                tree='wqhot/linux-5.10',
                note='arch_2 under 64BIT',
            ),
            Evidence(
                kind='source',
                release='5.12.9',
                path='include/linux/page-flags.h',
                tree='zhangyinjun/linux-5.12.9',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='5.10',
        kind='pg-alias-added',
        subject='double_map',
        summary='PG_double_map names the bit of PG_workingset (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='5.10.0',
                path='include/linux/page-flags.h',
                tree='wqhot/linux-5.10',
            ),
            Evidence(
                kind='source',
                release='6.2.1',
                path='include/linux/page-flags.h',
                tree='daniellucs2002/linux-6.2.1-customized',
                note='gone',
            ),
        ),
    ),
    Change(
        release='5.10',
        kind='pg-alias-removed',
        subject='double_map',
        summary="PG_double_map no longer names PG_private_2's bit",
        evidence=(
            Evidence(
                kind='source',
                release='4.5.0',
                path='include/linux/page-flags.h',
                tree='arthur-lucena/linux-4.5-hw-so',
            ),
            Evidence(
                kind='source',
                release='5.9.1',
                path='include/linux/page-flags.h',
                tree='ach84/linux-5.9.1',
            ),
        ),
    ),
    Change(
        release='5.14',
        kind='pagemap-field-added',
        subject='uffd_wp',
        summary='pagemap bit 57: uffd_wp',
        evidence=(
            Evidence(
                kind='commit',
                release='5.14',
                commit='fb8e37f35a2f',
                subject='mm/pagemap: export uffd-wp protection information',
            ),
            Evidence(
                kind='source',
                release='5.14.0-rc5',
                path='fs/proc/task_mmu.c',
                tree='lsk-legends/linux-5.14',
                note='a 5.14.0-rc5 tree has PM_UFFD_WP',
            ),
        ),
    ),
    Change(
        release='5.14',
        kind='pg-member-added',
        subject='skip_kasan_poison',
        summary='enum pageflags gains PG_skip_kasan_poison (with KASAN_HW_TAGS)',
        evidence=(
            Evidence(
                kind='source',
                release='5.14.0-rc5',
                path='include/linux/page-flags.h',
                tree='lsk-legends/linux-5.14',
                note=(
                    'a vendor 5.14-rc5 tree; it also has a PG_prefetch after idle that '
                    'mainline never had, left out here'
                ),
            ),
        ),
    ),
    Change(
        release='5.15',
        kind='pg-member-added',
        subject='idle',
        summary='PG_idle now depends on PAGE_IDLE_FLAG && 64BIT (was IDLE_PAGE_TRACKING && 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='include/linux/page-flags.h',
                tree='yhuan416/linux-5.15.24',
                note='skip_kasan_poison; young and idle under PAGE_IDLE_FLAG',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
                note='the same members',
            ),
            Evidence(
                kind='source',
                release='6.1.192',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.1.0-56-common',
                note="Debian's linux-headers-6.1.0-56-common package, the same members",
            ),
        ),
    ),
    Change(
        release='5.15',
        kind='pg-member-added',
        subject='young',
        summary='PG_young now depends on PAGE_IDLE_FLAG && 64BIT (was IDLE_PAGE_TRACKING && 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='include/linux/page-flags.h',
                tree='yhuan416/linux-5.15.24',
                note='skip_kasan_poison; young and idle under PAGE_IDLE_FLAG',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
                note='the same members',
            ),
            Evidence(
                kind='source',
                release='6.1.192',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.1.0-56-common',
                note="Debian's linux-headers-6.1.0-56-common package, the same members",
            ),
        ),
    ),
    Change(
        release='5.15',
        kind='pg-alias-added',
        subject='has_hwpoisoned',
        summary='PG_has_hwpoisoned names the bit of PG_mappedtodisk (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='include/linux/page-flags.h',
                tree='yhuan416/linux-5.15.24',
            ),
            Evidence(
                kind='source',
                release='5.14.0-rc5',
                path='include/linux/page-flags.h',
                tree='lsk-legends/linux-5.14',
                note='not yet, in a 5.14-rc5 tree',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='meaning',
        subject='anon_exclusive',
        summary='bit 34 means anon_exclusive when anon',
        evidence=(
            Evidence(
                kind='commit',
                release='5.19',
                commit='78fbe906cc90',
                subject='mm/page-flags: reuse PG_mappedtodisk as PG_anon_exclusive for PageAnon() pages',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='tools/vm/page-types.c',
                tree='yishangzhang/linux-5.19',
                note='page-types moves the bit to 47 in raw mode; a 5.17.0-rc5 tree does not yet',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='page-types-name-added',
        subject='anon_exclusive',
        summary="page-types names bit 47 'd:anon_exclusive'",
        evidence=(
            Evidence(
                kind='source',
                release='5.19.0',
                path='tools/vm/page-types.c',
                tree='yishangzhang/linux-5.19',
            ),
            Evidence(
                kind='source',
                release='5.17.0-rc5',
                path='tools/vm/page-types.c',
                tree='dunli/linux-5.17',
                note='not yet; the tree is 5.17.0-rc5',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='overload-added',
        subject='anon_exclusive',
        summary='page-types -r moves bit 34 to 47 (anon_exclusive) when anon',
        evidence=(
            Evidence(
                kind='commit',
                release='5.19',
                commit='78fbe906cc90',
                subject='mm/page-flags: reuse PG_mappedtodisk as PG_anon_exclusive for PageAnon() pages',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='tools/vm/page-types.c',
                tree='yishangzhang/linux-5.19',
                note='page-types moves the bit to 47 in raw mode; a 5.17.0-rc5 tree does not yet',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='pg-alias-added',
        subject='anon_exclusive',
        summary='PG_anon_exclusive names the bit of PG_mappedtodisk (anon)',
        evidence=(
            Evidence(
                kind='commit',
                release='5.19',
                commit='78fbe906cc90',
                subject='mm/page-flags: reuse PG_mappedtodisk as PG_anon_exclusive for PageAnon() pages',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='pg-alias-added',
        subject='has_hwpoisoned',
        summary='PG_has_hwpoisoned names the bit of PG_error (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
            Evidence(
                kind='source',
                release='6.5.0',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.5',
                note='still under MEMORY_FAILURE',
            ),
        ),
    ),
    Change(
        release='5.19',
        kind='pg-alias-removed',
        subject='has_hwpoisoned',
        summary="PG_has_hwpoisoned no longer names PG_mappedtodisk's bit",
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='include/linux/page-flags.h',
                tree='yhuan416/linux-5.15.24',
            ),
            Evidence(
                kind='source',
                release='5.14.0-rc5',
                path='include/linux/page-flags.h',
                tree='lsk-legends/linux-5.14',
                note='not yet, in a 5.14-rc5 tree',
            ),
        ),
    ),
    Change(
        release='6.0',
        kind='pg-alias-added',
        subject='vmemmap_self_hosted',
        summary='PG_vmemmap_self_hosted names the bit of PG_owner_priv_1 (memmap)',
        evidence=(
            Evidence(
                kind='source',
                release='6.0.1',
                path='include/linux/page-flags.h',
                tree='HHRhr/linux-6.0.1',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='6.2',
        kind='added',
        subject='arch_3',
        summary='bit 42 arch_3 (KPF_ARCH_3) appears',
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
    ),
    Change(
        release='6.2',
        kind='pg-member-added',
        subject='arch_2',
        summary='PG_arch_2 now depends on ARCH_USES_PG_ARCH_X (was 64BIT)',
        evidence=(
            Evidence(
                kind='source',
                release='6.2.1',
                path='include/linux/page-flags.h',
                tree='daniellucs2002/linux-6.2.1-customized',
                note='arch_2 and arch_3 under ARCH_USES_PG_ARCH_X',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.2',
        kind='pg-member-added',
        subject='arch_3',
        summary='enum pageflags gains PG_arch_3 (with ARCH_USES_PG_ARCH_X)',
        evidence=(
            Evidence(
                kind='source',
                release='6.2.1',
                path='include/linux/page-flags.h',
                tree='daniellucs2002/linux-6.2.1-customized',
                note='arch_2 and arch_3 under ARCH_USES_PG_ARCH_X',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.2',
        kind='pg-alias-removed',
        subject='double_map',
        summary="PG_double_map no longer names PG_workingset's bit",
        evidence=(
            Evidence(
                kind='source',
                release='5.10.0',
                path='include/linux/page-flags.h',
                tree='wqhot/linux-5.10',
            ),
            Evidence(
                kind='source',
                release='6.2.1',
                path='include/linux/page-flags.h',
                tree='daniellucs2002/linux-6.2.1-customized',
                note='gone',
            ),
        ),
    ),
    Change(
        release='6.4',
        kind='meaning',
        subject='slob_free',
        summary='bit 35 no longer means slob_free when slab',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='7303f240981',
                subject='slob: use PG_slab for identifying SLOB pages',
            ),
            Evidence(
                kind='commit',
                release='6.4',
                commit='c4ba69f00c18',
                subject='mm, page_flags: remove PG_slob_free',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='PG_slob_free is still PG_private',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='no slob_free any more',
            ),
        ),
    ),
    Change(
        release='6.4',
        kind='page-types-name-removed',
        subject='slob_free',
        summary="page-types drops the name of bit 49 ('P:slob_free')",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='tools/mm/page-types.c',
                tree='SToPire/linux-6.3.8',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='gone',
            ),
        ),
    ),
    Change(
        release='6.4',
        kind='overload-removed',
        subject='slob_free',
        summary='page-types no longer makes slob_free from bit 35',
        evidence=(
            Evidence(
                kind='commit',
                release='2.6.31',
                commit='7303f240981',
                subject='slob: use PG_slab for identifying SLOB pages',
            ),
            Evidence(
                kind='commit',
                release='6.4',
                commit='c4ba69f00c18',
                subject='mm, page_flags: remove PG_slob_free',
            ),
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
                note='PG_slob_free is still PG_private',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='tools/mm/page-types.c',
                tree='lewisevans2007/linux-6.4',
                note='no slob_free any more',
            ),
        ),
    ),
    Change(
        release='6.4',
        kind='pg-member-removed',
        subject='skip_kasan_poison',
        summary='enum pageflags loses PG_skip_kasan_poison',
        evidence=(
            Evidence(
                kind='source',
                release='6.4.6',
                path='include/linux/page-flags.h',
                tree='lewisevans2007/linux-6.4',
                note='skip_kasan_poison is gone',
            ),
            Evidence(
                kind='source',
                release='6.5.0',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.5',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.4',
        kind='pg-alias-removed',
        subject='slob_free',
        summary="PG_slob_free no longer names PG_private's bit",
        evidence=(
            Evidence(
                kind='source',
                release='6.3.8',
                path='include/linux/page-flags.h',
                tree='SToPire/linux-6.3.8',
            ),
            Evidence(
                kind='source',
                release='6.4.6',
                path='include/linux/page-flags.h',
                tree='lewisevans2007/linux-6.4',
                note='gone with SLOB',
            ),
        ),
    ),
    Change(
        release='6.6',
        kind='pg-members-moved',
        subject='enum pageflags',
        summary=(
            'enum pageflags is reordered: locked, writeback, referenced, uptodate, dirty, '
            'lru, head, waiters, active, workingset, error, slab ...'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='6.6.9',
                path='include/linux/page-flags.h',
                tree='mihaelbh/adding-new-sched-policy-to-linux-6.6.9',
                note='writeback at 1, head at 6',
            ),
            Evidence(
                kind='source',
                release='6.9.0',
                path='include/linux/page-flags.h',
                tree='ec-jt/linux-6.9.0',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.6',
        kind='pg-alias-added',
        subject='has_hwpoisoned',
        summary='PG_has_hwpoisoned names the bit of PG_error (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='6.6.9',
                path='include/linux/page-flags.h',
                tree='mihaelbh/adding-new-sched-policy-to-linux-6.6.9',
                note='no longer under a config option',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='include/linux/page-flags.h',
                tree='segzix/linux-6.11.11',
            ),
        ),
    ),
    Change(
        release='6.6',
        kind='pg-alias-added',
        subject='hugetlb',
        summary='PG_hugetlb names the bit of PG_active (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='6.6.9',
                path='include/linux/page-flags.h',
                tree='mihaelbh/adding-new-sched-policy-to-linux-6.6.9',
            ),
            Evidence(
                kind='source',
                release='6.8.1',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.8',
            ),
            Evidence(
                kind='source',
                release='6.9.0',
                path='include/linux/page-flags.h',
                tree='ec-jt/linux-6.9.0',
                note='gone; hugetlb became a page type',
            ),
        ),
    ),
    Change(
        release='6.6',
        kind='pg-alias-added',
        subject='large_rmappable',
        summary='PG_large_rmappable names the bit of PG_workingset (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='6.6.47',
                path='include/linux/page-flags.h',
                tree='Salpadding/linux-6.6-strip',
            ),
            Evidence(
                kind='source',
                release='6.5.0',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.5',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='6.6',
        kind='pg-alias-removed',
        subject='has_hwpoisoned',
        summary="PG_has_hwpoisoned no longer names PG_error's bit",
        evidence=(
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
            Evidence(
                kind='source',
                release='6.5.0',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.5',
                note='still under MEMORY_FAILURE',
            ),
        ),
    ),
    Change(
        release='6.9',
        kind='pg-alias-removed',
        subject='hugetlb',
        summary="PG_hugetlb no longer names PG_active's bit",
        evidence=(
            Evidence(
                kind='source',
                release='6.6.9',
                path='include/linux/page-flags.h',
                tree='mihaelbh/adding-new-sched-policy-to-linux-6.6.9',
            ),
            Evidence(
                kind='source',
                release='6.8.1',
                path='include/linux/page-flags.h',
                tree='sndrzt/linux-6.8',
            ),
            Evidence(
                kind='source',
                release='6.9.0',
                path='include/linux/page-flags.h',
                tree='ec-jt/linux-6.9.0',
                note='gone; hugetlb became a page type',
            ),
        ),
    ),
    Change(
        release='6.10',
        kind='pg-member-removed',
        subject='slab',
        summary='enum pageflags loses PG_slab',
        evidence=(
            Evidence(
                kind='source',
                release='6.10.0',
                path='include/linux/page-flags.h',
                tree='msgeden/cryptocap-arm64-linux-6.10',
                note='slab is gone',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='include/linux/page-flags.h',
                tree='segzix/linux-6.11.11',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.10',
        kind='bug-introduced',
        subject='ksm_on_every_anonymous_page',
        summary='KPF_KSM is set on every anonymous page, not only on KSM pages',
        evidence=(
            Evidence(
                kind='patch',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                date='2026-06-22',
                note=(
                    'carries "Fixes dee3d0bef2b0 (proc rewrite stable_page_flags())" and a Cc '
                    'to stable; mainline commit 81401cebfc15, 6.18.y backport 8e0d940c6295'
                ),
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'with KSM not running, no page that is not a slab page shows ksm, so the '
                    'fix is in'
                ),
            ),
            Evidence(
                kind='source',
                release='6.8.1',
                path='fs/proc/page.c',
                tree='sndrzt/linux-6.8',
                note='still tests PageKsm, which is right',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='fs/proc/page.c',
                tree='segzix/linux-6.11.11',
                note='tests the mapping against the KSM mask, which every anonymous folio matches',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='renamed',
        subject='owner_2',
        summary='bit 34 mappedtodisk is renamed owner_2 (KPF_OWNER_2)',
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
    ),
    Change(
        release='6.12',
        kind='removed',
        subject='uncached',
        summary='bit 39 uncached is no longer defined',
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
    ),
    Change(
        release='6.12',
        kind='page-types-name-added',
        subject='owner_2',
        summary="page-types names bit 34 'd:owner_2'",
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='tools/mm/page-types.c',
                tree='shilei-massclouds/linux-6.12',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='tools/mm/page-types.c',
                tree='segzix/linux-6.11.11',
                note='not yet',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='page-types-name-removed',
        subject='mappedtodisk',
        summary="page-types drops the name of bit 34 ('d:mappedtodisk')",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='tools/mm/page-types.c',
                tree='segzix/linux-6.11.11',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='tools/mm/page-types.c',
                tree='shilei-massclouds/linux-6.12',
                note='gone',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='page-types-name-removed',
        subject='uncached',
        summary="page-types drops the name of bit 39 ('c:uncached')",
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='tools/mm/page-types.c',
                tree='segzix/linux-6.11.11',
                note='last release with it',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='tools/mm/page-types.c',
                tree='shilei-massclouds/linux-6.12',
                note='gone',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-added',
        subject='arch_2',
        summary='PG_arch_2 now depends on ARCH_USES_PG_ARCH_2 (was ARCH_USES_PG_ARCH_X)',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-added',
        subject='arch_3',
        summary='PG_arch_3 now depends on ARCH_USES_PG_ARCH_3 (was ARCH_USES_PG_ARCH_X)',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-added',
        subject='owner_2',
        summary='enum pageflags gains PG_owner_2',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-removed',
        subject='error',
        summary='enum pageflags loses PG_error',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-removed',
        subject='mappedtodisk',
        summary='enum pageflags loses PG_mappedtodisk',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-member-removed',
        subject='uncached',
        summary='enum pageflags loses PG_uncached',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
                note=(
                    'error and uncached gone; owner_2 at 11; arch_2 and arch_3 each under '
                    'their own option'
                ),
            ),
            Evidence(
                kind='source',
                release='6.12.117',
                path='include/linux/page-flags.h',
                tree='debian/linux-headers-6.12.117-common',
                note="Debian's linux-headers-6.12.117+deb12-common package, the same members",
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-added',
        subject='anon_exclusive',
        summary='PG_anon_exclusive names the bit of PG_owner_2 (anon)',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-added',
        subject='has_hwpoisoned',
        summary='PG_has_hwpoisoned names the bit of PG_active (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-added',
        subject='mappedtodisk',
        summary='PG_mappedtodisk names the bit of PG_owner_2 (file)',
        evidence=(
            Evidence(
                kind='commit',
                release='6.12',
                commit='02e1960aafac',
                subject='mm: rename PG_mappedtodisk to PG_owner_2',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-added',
        subject='partially_mapped',
        summary='PG_partially_mapped names the bit of PG_reclaim (second_page)',
        evidence=(
            Evidence(
                kind='source',
                release='6.12.0',
                path='include/linux/page-flags.h',
                tree='shilei-massclouds/linux-6.12',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-removed',
        subject='anon_exclusive',
        summary="PG_anon_exclusive no longer names PG_mappedtodisk's bit",
        evidence=(
            Evidence(
                kind='commit',
                release='5.19',
                commit='78fbe906cc90',
                subject='mm/page-flags: reuse PG_mappedtodisk as PG_anon_exclusive for PageAnon() pages',
            ),
            Evidence(
                kind='source',
                release='5.19.0',
                path='include/linux/page-flags.h',
                tree='yishangzhang/linux-5.19',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='pg-alias-removed',
        subject='has_hwpoisoned',
        summary="PG_has_hwpoisoned no longer names PG_error's bit",
        evidence=(
            Evidence(
                kind='source',
                release='6.6.9',
                path='include/linux/page-flags.h',
                tree='mihaelbh/adding-new-sched-policy-to-linux-6.6.9',
                note='no longer under a config option',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='include/linux/page-flags.h',
                tree='segzix/linux-6.11.11',
            ),
        ),
    ),
    Change(
        release='6.12',
        kind='bug-introduced',
        subject='error_never_set',
        summary='KPF_ERROR is never set, because the kernel no longer has PG_error',
        evidence=(
            Evidence(
                kind='commit',
                release='6.12',
                commit='09022bc196d2',
                subject='mm: remove PG_error',
            ),
            Evidence(
                kind='source',
                release='6.12.0',
                path='fs/proc/page.c',
                tree='shilei-massclouds/linux-6.12',
                note='no longer copies an error bit; 6.11.11 (segzix/linux-6.11.11) still does',
            ),
        ),
    ),
    Change(
        release='6.14',
        kind='pg-member-added',
        subject='dropbehind',
        summary='enum pageflags gains PG_dropbehind',
        evidence=(
            Evidence(
                kind='source',
                release='6.14.0',
                path='include/linux/page-flags.h',
                tree='perishh/linux-6.14',
                note='dropbehind after unevictable',
            ),
            Evidence(
                kind='source',
                release='6.17.0',
                path='include/linux/page-flags.h',
                tree='busysteve/linux-6.17.0-rust-ported-c',
                note='the same members',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
                note='the same members',
            ),
        ),
    ),
    Change(
        release='6.15',
        kind='pagemap-field-added',
        subject='guard',
        summary='pagemap bit 58: guard',
        evidence=(
            Evidence(
                kind='commit',
                release='6.15',
                commit='8e2f2aeb8b48',
                subject='fs/proc/task_mmu: add guard region bit to pagemap',
            ),
            Evidence(
                kind='source',
                release='6.14',
                path='fs/proc/task_mmu.c',
                tree='perishh/linux-6.14',
                note='no guard bit yet',
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'a guard page reads 0x440000000000009f as root (bits 62 and 58, swap type '
                    '31, offset 4)'
                ),
            ),
        ),
    ),
    Change(
        release='6.17',
        kind='pg-alias-added',
        subject='movable_ops',
        summary='PG_movable_ops names the bit of PG_uptodate (movable_ops)',
        evidence=(
            Evidence(
                kind='source',
                release='6.17.0',
                path='include/linux/page-flags.h',
                tree='busysteve/linux-6.17.0-rust-ported-c',
            ),
        ),
    ),
    Change(
        release='6.17',
        kind='pg-alias-added',
        subject='movable_ops_isolated',
        summary='PG_movable_ops_isolated names the bit of PG_reclaim (movable_ops)',
        evidence=(
            Evidence(
                kind='source',
                release='6.17.0',
                path='include/linux/page-flags.h',
                tree='busysteve/linux-6.17.0-rust-ported-c',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/page-flags.h',
                tree='gfunkmonk/linux-6.18.2',
            ),
        ),
    ),
    Change(
        release='6.17',
        kind='pg-alias-removed',
        subject='isolated',
        summary="PG_isolated no longer names PG_reclaim's bit",
        evidence=(
            Evidence(
                kind='source',
                release='4.8.15',
                path='include/linux/page-flags.h',
                tree='squirrel20/linux-4.8.15',
            ),
            Evidence(
                kind='source',
                release='4.7.4',
                path='include/linux/page-flags.h',
                tree='calebwilliamsd/linux-4.7.4-casio',
                note='not yet',
            ),
            Evidence(
                kind='source',
                release='6.14',
                path='include/linux/page-flags.h',
                tree='perishh/linux-6.14',
            ),
            Evidence(
                kind='source',
                release='6.17.0',
                path='include/linux/page-flags.h',
                tree='busysteve/linux-6.17.0-rust-ported-c',
                note='replaced by movable_ops_isolated',
            ),
        ),
    ),
    Change(
        release='6.18',
        kind='bug-introduced',
        subject='nopage_never_set',
        summary='KPF_NOPAGE is no longer reported; page frames without a struct page read as 0',
        evidence=(
            Evidence(
                kind='source',
                release='6.14',
                path='fs/proc/page.c',
                tree='perishh/linux-6.14',
                note='still reports nopage',
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='fs/proc/page.c',
                tree='gfunkmonk/linux-6.18.2',
                note='writes 0 for missing pages',
            ),
            Evidence(
                kind='patch',
                subject='fs/proc/page: Refactoring to reduce code duplication',
                date='2025-03-18',
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note='the 3-4 GiB hole, which has no memory blocks, reads 0 rather than nopage',
            ),
        ),
    ),
    Change(
        release='6.18',
        kind='bug-introduced',
        subject='slab_pages_report_anon',
        summary=(
            'on slab pages, anon (and ksm) come from slab allocator fields that share the '
            "page's mapping word, not from anonymous memory"
        ),
        evidence=(
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    '3311 slab pages report anon and 1161 of them also ksm, while no page '
                    'outside slab reports ksm'
                ),
            ),
        ),
    ),
    Change(
        release='6.18.44',
        kind='bug-fixed',
        subject='ksm_on_every_anonymous_page',
        summary=(
            'fixed in the 6.18 stable series: KPF_KSM is set on every anonymous page, not '
            'only on KSM pages'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                date='2026-06-22',
                note=(
                    'carries "Fixes dee3d0bef2b0 (proc rewrite stable_page_flags())" and a Cc '
                    'to stable; mainline commit 81401cebfc15, 6.18.y backport 8e0d940c6295'
                ),
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'with KSM not running, no page that is not a slab page shows ksm, so the '
                    'fix is in'
                ),
            ),
            Evidence(
                kind='source',
                release='6.8.1',
                path='fs/proc/page.c',
                tree='sndrzt/linux-6.8',
                note='still tests PageKsm, which is right',
            ),
            Evidence(
                kind='source',
                release='6.11.11',
                path='fs/proc/page.c',
                tree='segzix/linux-6.11.11',
                note='tests the mapping against the KSM mask, which every anonymous folio matches',
            ),
        ),
    ),
)
