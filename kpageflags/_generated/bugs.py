# Generated from spec/bugs.yaml by "python -m codegen"; do not edit.
(
    "Known bugs in what the kernel reports through /proc/kpageflags (a bug names its 'flags') "
    "or in /proc/PID/pagemap entries (its 'pagemap_fields', checked on present entries only), "
    'with the releases they affect. A decode at an affected release carries a warning: when '
    "any of the bug's flags or fields is set (trigger any_set), when all of them are "
    '(all_set), when none is (none_set), or always, where the bug makes every value suspect.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.flagmodel import KnownBug

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

KNOWN_BUGS: Final[Tuple[KnownBug, ...]] = (
    KnownBug(
        id='misrouted_bits_before_2_6_29',
        title=(
            'before 2.6.29 locked is never reported, and writeback, reclaim and buddy appear '
            "at the kernel's own PG_ bit positions instead of bits 8-10"
        ),
        flags=('locked', 'writeback', 'reclaim', 'buddy'),
        pagemap_fields=(),
        since='2.6.25',
        until='2.6.29',
        fixed_in=('2.6.27.20',),
        trigger='always',
        doc=(
            'The helper that copies a page bit into the value was called with its source and '
            'destination swapped. Bits 1-7 came out right only because the kernel and user '
            'numbers agree there; the locked call was garbled into always 0, and the values '
            "of the kernel's bits 8-10 landed at user bits numbered like PG_writeback, "
            'PG_reclaim and PG_buddy. Both fixes were backported to 2.6.27.20; a 2.6.28.y '
            'backport was not checked.'
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
        unverified=None,
    ),
    KnownBug(
        id='ksm_on_every_anonymous_page',
        title='KPF_KSM is set on every anonymous page, not only on KSM pages',
        flags=('ksm',),
        pagemap_fields=(),
        since='6.10',
        until='7.2-rc3',
        fixed_in=('6.18.40', '7.1.5'),
        trigger='any_set',
        doc=(
            "The rewrite of stable_page_flags() tested the folio's mapping against a mask "
            'that every anonymous folio matches, so ksm shows on all anonymous pages. The fix '
            'reached mainline in 7.2-rc3 and stable in 6.18.40 and 7.1.5. The series that had '
            'ended by then (6.10.y to 6.17.y, 6.19.y, 7.0.y) never got it and stay affected; '
            'no 6.12.y backport was found, so 6.12.y is taken as affected too.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                date='2026-06-22',
                note=(
                    'carries "Fixes dee3d0bef2b0 (proc rewrite stable_page_flags())" and a Cc '
                    'to stable'
                ),
            ),
            Evidence(
                kind='commit',
                release='7.2',
                commit='81401cebfc15',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                note=(
                    'merged through mm-hotfixes-stable-2026-07-06-17-49 right after 7.2-rc2, '
                    "so it is in 7.2-rc3 and 7.2-rc1 and rc2 still have the bug; linux-next's "
                    'fs-current took the merge on 2026-07-07'
                ),
            ),
            Evidence(
                kind='commit',
                release='6.18.40',
                commit='07ed8b178548',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                note=(
                    'in the push of linux-rolling-lts that merged v6.18.40 (2026-07-24); the '
                    '6.18.40-rc1 and rc2 queues had it as c558fd19819e and 21dfa4f9c686'
                ),
            ),
            Evidence(
                kind='commit',
                release='7.1.5',
                commit='8e7709aaed66',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
                note=(
                    'in the stable push that ends with "Linux 7.1.5" (2026-07-24); 7.1.5-rc1 '
                    'had it as 7a95447728c7'
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
        unverified=(
            "6.10 as the first affected release comes from the fix's Fixes tag "
            '(dee3d0bef2b0); no 6.9 or 6.10 tree was read. No 6.12.y or 7.0.y push carrying '
            'the fix was found up to October 2026 (7.0.y may have ended before the fix); a '
            'later 6.12.y point release may have it.'
        ),
    ),
    KnownBug(
        id='error_never_set',
        title='KPF_ERROR is never set, because the kernel no longer has PG_error',
        flags=('error',),
        pagemap_fields=(),
        since='6.12',
        until=None,
        fixed_in=(),
        trigger='any_set',
        doc=(
            'The error bit stayed in the ABI header after PG_error was removed, but nothing '
            'sets it; a value with it set did not come from this release.'
        ),
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
        unverified=None,
    ),
    KnownBug(
        id='slab_pages_report_anon',
        title=(
            'on slab pages, anon (and ksm) come from slab allocator fields that share the '
            "page's mapping word, not from anonymous memory"
        ),
        flags=('slab', 'anon'),
        pagemap_fields=(),
        since='6.18',
        until=None,
        fixed_in=(),
        trigger='all_set',
        doc=(
            'stable_page_flags() reads the low bits of the mapping word of every page, but on '
            'a slab page that word belongs to the slab allocator, whose values can have those '
            'bits set. Seen on 6.18.44; earlier releases were not checked.'
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
        unverified='the first affected release is not known; 6.18 is only where it was seen',
    ),
    KnownBug(
        id='nopage_never_set',
        title='KPF_NOPAGE is no longer reported; page frames without a struct page read as 0',
        flags=('nopage',),
        pagemap_fields=(),
        since='6.18',
        until=None,
        fixed_in=(),
        trigger='any_set',
        doc=(
            'A refactoring of the /proc/kpageflags read loop writes 0 for page frames that '
            'have no online struct page instead of the nopage bit, so a hole and a page with '
            'no flags look the same. A value with nopage set did not come from this release.'
        ),
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
        unverified=(
            'the change landed in 6.15, 6.16 or 6.17 (it was in the mm tree by July 2025); no '
            'tree of those releases was read, so only 6.18 is marked affected.'
        ),
    ),
    KnownBug(
        id='pmd_mapped_file_thp_not_file',
        title=(
            'if this page is part of a PMD-mapped file or shmem THP, the kernel left its '
            'file_or_shared_anon bit clear'
        ),
        flags=(),
        pagemap_fields=('file_or_shared_anon',),
        since='4.8',
        until='6.11',
        fixed_in=('5.10.224', '5.15.165', '6.1.103', '6.6.44', '6.10.3'),
        trigger='none_set',
        doc=(
            'When a file or shmem transparent huge page was mapped by one PMD, the pagemap '
            'code for such entries never set the file bit, so its pages looked like private '
            'anonymous memory. A present entry without the bit may be one of them; an entry '
            'with it is right.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='[GIT PULL] MM updates for 6.11-rc1',
                date='2024-07-21',
                note=(
                    'lists "fs/proc/task_mmu: indicate PM_FILE for PMD-mapped file THP" '
                    '(upstream 3f9f022e975d, Fixes 800d8c63b2e9 "shmem: add huge pages '
                    'support" of 4.8)'
                ),
            ),
            Evidence(
                kind='patch',
                subject='Linux 6.1.103',
                date='2024-08-03',
                note='the release announcement lists the backport',
            ),
            Evidence(
                kind='patch',
                subject='Linux 6.6.44',
                date='2024-08-03',
                note=(
                    'the release announcement lists the backport with the two '
                    'PM_MMAP_EXCLUSIVE fixes'
                ),
            ),
            Evidence(
                kind='patch',
                subject=(
                    '[PATCH 5.10 120/352] fs/proc/task_mmu: indicate PM_FILE for PMD-mapped '
                    'file THP'
                ),
                date='2024-08-15',
                note=(
                    "queued for 5.10.224-rc1; its diff sets the file bit when the PMD's page "
                    'is not anonymous'
                ),
            ),
            Evidence(
                kind='patch',
                subject=(
                    '[PATCH 5.15 162/484] fs/proc/task_mmu: indicate PM_FILE for PMD-mapped '
                    'file THP'
                ),
                date='2024-08-15',
                note='queued for 5.15.165-rc1',
            ),
            Evidence(
                kind='patch',
                subject=(
                    '[PATCH 6.10 508/809] fs/proc/task_mmu: indicate PM_FILE for PMD-mapped '
                    'file THP'
                ),
                date='2024-07-30',
                note='queued for 6.10.3-rc1',
            ),
        ),
        unverified=(
            '5.10.224, 5.15.165 and 6.10.3 rest on stable review mails only (no release '
            'announcement or tree was read for them); 5.4.y was not found; 4.8 as the first '
            'affected release comes from the Fixes tag, no 4.8 tree was read.'
        ),
    ),
    KnownBug(
        id='pmd_mapped_thp_exclusive_from_head',
        title=(
            "if this page is part of a PMD-mapped THP, its exclusive bit is the head page's, "
            "which is wrong where some of the THP's pages are shared"
        ),
        flags=(),
        pagemap_fields=('exclusive',),
        since='4.5',
        until='6.11',
        fixed_in=('6.6.44',),
        trigger='always',
        doc=(
            'For an entry of a THP mapped by one PMD, the exclusive bit was taken from the '
            'mapcount of the head page for all its pages, so after a partial fork or split '
            "sharing it can be set or clear wrongly. The fix reads each page's own mapcount; "
            'a later fix (Fixes 2c1f057e5be6) corrects its flags on 32-bit kernels.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='[GIT PULL] MM updates for 6.11-rc1',
                date='2024-07-21',
                note=(
                    'lists "fs/proc/task_mmu: properly detect PM_MMAP_EXCLUSIVE per page of '
                    'PMD-mapped THPs" (upstream 2c1f057e5be6, Fixes 53f9263baba6 of 4.5)'
                ),
            ),
            Evidence(
                kind='patch',
                subject=(
                    '[PATCH 6.6 346/568] fs/proc/task_mmu: properly detect PM_MMAP_EXCLUSIVE '
                    'per page of PMD-mapped THPs'
                ),
                date='2024-07-30',
                note='queued for 6.6.44-rc1',
            ),
            Evidence(
                kind='patch',
                subject='Linux 6.6.44',
                date='2024-08-03',
                note='the release announcement lists the backport',
            ),
        ),
        unverified=(
            'backports to 5.10.y, 5.15.y, 6.1.y and 6.10.y were not found, so those series '
            'are taken as affected throughout; 4.5 as the first affected release comes from '
            'the Fixes tag.'
        ),
    ),
)
