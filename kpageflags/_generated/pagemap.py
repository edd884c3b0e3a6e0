# Generated from spec/pagemap.yaml by "python -m codegen"; do not edit.
(
    'The 64-bit entries of /proc/PID/pagemap, one per virtual page of a process '
    '(fs/proc/task_mmu.c). A present page carries its page frame number, a swap-format entry '
    'its swap type and offset; the top bits say which. Bits 55-60 held the page shift until '
    '4.3, when the format became fixed. Who may read what changed too: from 4.0 to 4.2 '
    'opening the file needs CAP_SYS_ADMIN; from 4.3 anyone who may ptrace the process can '
    'open it, but the PFN reads 0 without CAP_SYS_ADMIN, and from 4.18 so do the swap type '
    'and offset.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.model import PagemapField, PagemapLayout

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

PAGEMAP_LAYOUTS: Final[Tuple[PagemapLayout, ...]] = (
    PagemapLayout(
        name='page_shift',
        since='2.6.25',
        until='3.11',
        doc=(
            'The original format: bits 55-60 hold the page shift (12 for 4 KiB pages) in '
            'every entry, present or not, so an unmapped entry is not zero.'
        ),
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
        unverified=None,
    ),
    PagemapLayout(
        name='v1',
        since='3.11',
        until='4.3',
        doc=(
            'The old format, kept as the default while the new one was phased in: the page '
            'shift in bits 55-60. The kernel writes it until anything writes 4 to a '
            'clear_refs file.'
        ),
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
        unverified=None,
    ),
    PagemapLayout(
        name='v2',
        since='3.11',
        until='4.3',
        doc=(
            'The transitional new format: bit 55 is soft-dirty and bits 56-60 are zero. '
            "Writing 4 to any process's clear_refs switches every later pagemap read, of "
            'every process, to it until the next boot: the switch is one kernel-wide '
            'variable, not per process.'
        ),
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
        unverified=None,
    ),
    PagemapLayout(
        name='fixed',
        since='4.3',
        until=None,
        doc=(
            'The format of today: no page shift; bit 55 soft-dirty, 56 exclusively mapped, 57 '
            'userfaultfd write-protected (5.14), 58 guard region (6.15), 59-60 zero.'
        ),
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
        unverified=None,
    ),
)

PAGEMAP_FIELDS: Final[Tuple[PagemapField, ...]] = (
    PagemapField(
        name='pfn',
        low=0,
        high=54,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='present',
        since='2.6.25',
        until=None,
        doc=(
            'The page frame number of a present page. From 4.3 it reads 0 unless the reader '
            'has CAP_SYS_ADMIN.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='swap_type',
        low=0,
        high=4,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='swapped',
        since='2.6.25',
        until=None,
        doc=(
            'The swap device (type) of a swapped-out page, or the kind of a special '
            'swap-format entry (migration, hardware poison, device-private, marker). From '
            '4.18 it reads 0 unless the reader has CAP_SYS_ADMIN.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='swap_offset',
        low=5,
        high=54,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='swapped',
        since='2.6.25',
        until=None,
        doc=(
            "The page's offset within its swap device; for entries that point at a page frame "
            '(migration, poison, device-private) newer kernels put the PFN here.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='page_shift',
        low=55,
        high=60,
        layouts=('page_shift', 'v1'),
        applies='always',
        since='2.6.25',
        until='4.3',
        doc='The base-2 logarithm of the page size, in every entry, present or not.',
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
        unverified=None,
    ),
    PagemapField(
        name='soft_dirty',
        low=55,
        high=55,
        layouts=('v2', 'fixed'),
        applies='always',
        since='3.11',
        until=None,
        doc=(
            'The page was written to since its soft-dirty bit was last cleared by writing 4 '
            'to clear_refs (kernels built with CONFIG_MEM_SOFT_DIRTY only). Also set for '
            'pages not present inside a soft-dirty mapping.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='exclusive',
        low=56,
        high=56,
        layouts=('fixed',),
        applies='present',
        since='4.3',
        until=None,
        doc=(
            'The page is mapped by exactly this one process. The kernel documentation says '
            '4.2, but the commit was merged after 4.2 was released.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='uffd_wp',
        low=57,
        high=57,
        layouts=('fixed',),
        applies='always',
        since='5.14',
        until=None,
        doc=(
            'The page is write-protected through userfaultfd. The kernel documentation says '
            '5.13, but the commit was merged after 5.13 was released.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='guard',
        low=58,
        high=58,
        layouts=('fixed',),
        applies='swapped',
        since='6.15',
        until=None,
        doc=(
            'The page is in a guard region installed with MADV_GUARD_INSTALL; touching it '
            'faults. Guard entries are marker entries, so the swapped bit is set too.'
        ),
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
        unverified=None,
    ),
    PagemapField(
        name='file_or_shared_anon',
        low=61,
        high=61,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='always',
        since='3.5',
        until=None,
        doc='The page belongs to a file mapping or is shared anonymous memory.',
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
        unverified=None,
    ),
    PagemapField(
        name='swapped',
        low=62,
        high=62,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='always',
        since='2.6.25',
        until=None,
        doc=(
            'The entry is in swap format: a swapped-out page, or a migration, poison, '
            'device-private or marker entry (guard regions, userfaultfd markers).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.25',
                path='fs/proc/task_mmu.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PagemapField(
        name='present',
        low=63,
        high=63,
        layouts=('page_shift', 'v1', 'v2', 'fixed'),
        applies='always',
        since='2.6.25',
        until=None,
        doc='The page is present in RAM.',
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
        unverified=None,
    ),
)
