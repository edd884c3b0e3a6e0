# Generated from spec/categories.yaml by "python -m codegen"; do not edit.
(
    'Memory categories: how one /proc/kpageflags value is sorted into the kind of memory it '
    'is (free, anonymous, page cache, slab, ...). The rules are tried in order and the first '
    'that holds wins; a rule holds when every flag in all_set is set, at least one flag of '
    'any_set is set (when any_set is given) and no flag of none_set is set. Flags are named '
    'as in kpageflags.yaml; a flag the release does not define is never set. A rule may be '
    'limited to releases (since, until) and may step aside where a known bug makes its flag '
    'untrustworthy (skip_when_bug). The last category has no conditions and takes every page '
    'left over.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.model import MemoryCategory

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

MEMORY_CATEGORIES: Final[Tuple[MemoryCategory, ...]] = (
    MemoryCategory(
        id='no_page',
        title='no page frame',
        all_set=('nopage',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'No struct page backs this frame number: a hole in the physical address space or '
            'a memory section that is offline. Holes are not memory: breakdown, map and '
            'report count them apart from the other categories, never in a total of memory. '
            'Later kernels report such frames as 0 instead of setting nopage '
            '(nopage_never_set); there a frame that reads 0 outside every online memory block '
            'is counted as a hole too, and one inside an online block (or where no list of '
            'memory blocks was read) lands in kernel_other.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='hwpoison',
        title='hardware-poisoned',
        all_set=('hwpoison',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc='Memory the kernel took out of use after a hardware error (or an injected one).',
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='offline',
        title='offline or ballooned',
        all_set=(),
        any_set=('offline', 'balloon'),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Logically offline pages, handed back to the hypervisor by a balloon or '
            'virtio-mem driver or taken out by memory offlining; the bit was called balloon '
            'before 5.1.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='free',
        title='free',
        all_set=('buddy',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug='misrouted_bits_before_2_6_29',
        doc=(
            'Free pages held by the buddy allocator. On the kernels checked every page of a '
            'free block carries buddy, so the count equals the free pages in /proc/buddyinfo; '
            'pages on per-CPU free lists are not in the buddy allocator and show as '
            'kernel_other instead.'
        ),
        evidence=(
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'pages with buddy set in the DMA and DMA32 zones equal the pages of '
                    '/proc/buddyinfo for those zones exactly (3,840 and 772,808); Normal '
                    'agrees within the churn of a live system'
                ),
            ),
        ),
        unverified=(
            'the release from which every page of a free block, not only its first, reports '
            'buddy (our research notes say 4.6) was not confirmed in kernel source; on '
            'earlier kernels the rest of a free block reads 0 and lands in kernel_other'
        ),
    ),
    MemoryCategory(
        id='hugetlb',
        title='HugeTLB',
        all_set=('huge',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc='Pages of HugeTLB huge pages (the hugetlbfs pool), free or in use.',
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='slab',
        title='slab',
        all_set=('slab',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            "Pages of the slab allocator's caches (the kmem caches, kmalloc's smaller sizes "
            'among them). Tried before anon and ksm because on 6.18.44 slab pages also show '
            'anon and ksm. kmalloc allocations larger than two pages bypass the caches: '
            '/proc/meminfo counts them in Slab (SUnreclaim), but their pages do not report '
            'slab and land in kernel_other, so slab can fall short of Slab by that much.'
        ),
        evidence=(
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'of 61,259 pages with slab set, 6,777 also show anon and 2,401 ksm, '
                    'although KSM is not running and no page without slab shows ksm'
                ),
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='mm/slub.c',
                tree='gfunkmonk/linux-6.18.2',
                note=(
                    '___kmalloc_large_node adds the folio to NR_SLAB_UNRECLAIMABLE_B and '
                    'marks it large_kmalloc, while fs/proc/page.c sets KPF_SLAB only where '
                    'folio_test_slab holds'
                ),
            ),
            Evidence(
                kind='source',
                release='6.18.2',
                path='include/linux/slab.h',
                tree='gfunkmonk/linux-6.18.2',
                note=(
                    'KMALLOC_SHIFT_HIGH is PAGE_SHIFT + 1 and KMALLOC_MAX_CACHE_SIZE is 1 << '
                    'KMALLOC_SHIFT_HIGH, so a kmalloc of more than two pages takes the large '
                    '(page allocator) path'
                ),
            ),
            Evidence(
                kind='machine',
                release='6.18.44',
                note=(
                    'slab 10,711 pages against Slab 12,357 (SReclaimable 6,631) after many '
                    'large processes had come and gone; the pages in between are large '
                    'kmalloc allocations'
                ),
            ),
        ),
        unverified=None,
    ),
    MemoryCategory(
        id='page_table',
        title='page tables',
        all_set=('pgtable',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Pages holding page tables (reported since 4.18); earlier kernels show them as '
            'kernel_other.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='zero_page',
        title='zero page',
        all_set=('zero_page',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc='The shared zero page (or huge zero page) that reads of untouched anonymous memory map.',
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='ksm',
        title='KSM-merged',
        all_set=('ksm',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug='ksm_on_every_anonymous_page',
        doc=(
            'Anonymous pages merged by kernel samepage merging. Skipped at releases where ksm '
            'is set on every anonymous page, so those pages count as anon there.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='anon_thp',
        title='anonymous, transparent huge',
        all_set=('anon', 'thp'),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Anonymous memory in transparent huge pages; since the folio rework thp means any '
            'large folio, so multi-size THP (mTHP) counts here too.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='anon',
        title='anonymous',
        all_set=('anon',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Anonymous memory of processes (heap, stacks, private writes), mapped or in the '
            'swap cache.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='shmem',
        title='shared memory and tmpfs',
        all_set=('swapbacked',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Pages backed by swap that are not anonymous: tmpfs, shared anonymous mappings '
            'and System V shared memory, which /proc/meminfo counts under Shmem and Cached.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='file_thp',
        title='page cache, huge',
        all_set=('thp',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc='File pages in large folios (read-only file THP or large page-cache folios).',
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='page_cache',
        title='page cache',
        all_set=(),
        any_set=('lru', 'unevictable', 'mmap'),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc='File pages on the LRU lists or mapped: the page cache and buffers.',
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='reserved',
        title='reserved',
        all_set=('reserved',),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Reserved pages: the kernel image, the memory map and firmware areas the '
            'allocator never manages.'
        ),
        evidence=(),
        unverified=None,
    ),
    MemoryCategory(
        id='kernel_other',
        title='other kernel memory',
        all_set=(),
        any_set=(),
        none_set=(),
        since=None,
        until=None,
        skip_when_bug=None,
        doc=(
            'Everything else: pages allocated by the kernel that are on no LRU list and carry '
            'no page type (vmalloc, drivers, network buffers, per-CPU free lists), and frames '
            'of online memory reported as 0.'
        ),
        evidence=(),
        unverified=None,
    ),
)
