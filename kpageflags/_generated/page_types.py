# Generated from spec/page_types.yaml by "python -m codegen"; do not edit.
(
    "The flag table of the kernel's page-types tool (Documentation/vm/page-types.c from "
    '2.6.31, tools/vm/ from 3.4, tools/mm/ from 6.3): the letter and long name it prints for '
    'each bit, the bits it makes up itself (47 and up), the overload rules of its raw mode '
    '(-r) and the bits it copies from /proc/PID/pagemap. The releases are those of the kernel '
    'tree the tool shipped in, which can differ from when the kernel started reporting a bit: '
    'the 4.3 tool has no name for the idle bit its kernel reports, and no tool names bit 42.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.flagmodel import OverloadRule, PagemapDerivedBit, PageTypesName
from ..facts.toolmodel import PageTypesOption, PageTypesSwitch

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

HACKERS_BITS: Final[int] = 0x0000ffff00000000
"""Bits page-types hides unless -r (raw) is given."""

OVERLOADED_BITS: Final[int] = 0xffff000000000000
"""Bits page-types itself makes up (overloads and pagemap-derived bits)."""

MASK_EVIDENCE: Final[Tuple[Evidence, ...]] = (
    Evidence(
        kind='source',
        release='2.6.31',
        path='Documentation/vm/page-types.c',
        tree='comio/linux-2.6.25-cf547x',
        note='KPF_HACKERS_BITS covers bits 32-47',
    ),
    Evidence(
        kind='source',
        release='6.18.2',
        path='tools/mm/page-types.c',
        tree='gfunkmonk/linux-6.18.2',
        note='unchanged',
    ),
    Evidence(
        kind='source',
        release='2.6.31',
        path='Documentation/vm/page-types.c',
        tree='comio/linux-2.6.25-cf547x',
        note='KPF_OVERLOADED_BITS covers bits 48-63',
    ),
    Evidence(
        kind='source',
        release='6.18.2',
        path='tools/mm/page-types.c',
        tree='gfunkmonk/linux-6.18.2',
        note='unchanged',
    ),
)

PAGE_TYPES_NAMES: Final[Tuple[PageTypesName, ...]] = (
    PageTypesName(
        bit=0,
        letter='L',
        name='locked',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=1,
        letter='E',
        name='error',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=2,
        letter='R',
        name='referenced',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=3,
        letter='U',
        name='uptodate',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=4,
        letter='D',
        name='dirty',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=5,
        letter='l',
        name='lru',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=6,
        letter='A',
        name='active',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=7,
        letter='S',
        name='slab',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=8,
        letter='W',
        name='writeback',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=9,
        letter='I',
        name='reclaim',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=10,
        letter='B',
        name='buddy',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=11,
        letter='M',
        name='mmap',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=12,
        letter='a',
        name='anonymous',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=13,
        letter='s',
        name='swapcache',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=14,
        letter='b',
        name='swapbacked',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=15,
        letter='H',
        name='compound_head',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=16,
        letter='T',
        name='compound_tail',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=17,
        letter='G',
        name='huge',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=18,
        letter='u',
        name='unevictable',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=19,
        letter='X',
        name='hwpoison',
        since='2.6.32',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=20,
        letter='n',
        name='nopage',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=21,
        letter='x',
        name='ksm',
        since='2.6.32',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=22,
        letter='t',
        name='thp',
        since='3.4',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=23,
        letter='o',
        name='balloon',
        since='3.18',
        until='5.1',
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
        unverified=None,
    ),
    PageTypesName(
        bit=23,
        letter='o',
        name='offline',
        since='5.1',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=24,
        letter='z',
        name='zero_page',
        since='4.0',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=25,
        letter='i',
        name='idle_page',
        since='4.4',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=26,
        letter='g',
        name='pgtable',
        since='4.18',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=32,
        letter='r',
        name='reserved',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=33,
        letter='m',
        name='mlocked',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=34,
        letter='d',
        name='mappedtodisk',
        since='2.6.31',
        until='6.12',
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
        unverified=None,
    ),
    PageTypesName(
        bit=34,
        letter='d',
        name='owner_2',
        since='6.12',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=35,
        letter='P',
        name='private',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=36,
        letter='p',
        name='private_2',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=37,
        letter='O',
        name='owner_private',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=38,
        letter='h',
        name='arch',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=39,
        letter='c',
        name='uncached',
        since='2.6.31',
        until='6.12',
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
        unverified=None,
    ),
    PageTypesName(
        bit=40,
        letter='f',
        name='softdirty',
        since='3.13',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=41,
        letter='H',
        name='arch_2',
        since='5.10',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=47,
        letter='d',
        name='anon_exclusive',
        since='5.19',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=48,
        letter='I',
        name='readahead',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=49,
        letter='P',
        name='slob_free',
        since='2.6.31',
        until='6.4',
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
        unverified=None,
    ),
    PageTypesName(
        bit=50,
        letter='A',
        name='slub_frozen',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=51,
        letter='E',
        name='slub_debug',
        since='2.6.31',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='in the first page-types table',
            ),
        ),
        unverified=None,
    ),
    PageTypesName(
        bit=62,
        letter='F',
        name='file',
        since='4.3',
        until='4.6',
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
        unverified=None,
    ),
    PageTypesName(
        bit=61,
        letter='F',
        name='file',
        since='4.6',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=62,
        letter='w',
        name='swap',
        since='4.6',
        until=None,
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
        unverified=None,
    ),
    PageTypesName(
        bit=63,
        letter='1',
        name='mmap_exclusive',
        since='4.3',
        until=None,
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
        unverified=None,
    ),
)

OVERLOAD_RULES: Final[Tuple[OverloadRule, ...]] = (
    OverloadRule(
        name='anon_exclusive',
        bit=34,
        when_set=('anon',),
        when_clear=(),
        target_bit=47,
        tool_since='5.19',
        tool_until=None,
        kernel_since='5.19',
        kernel_until=None,
        doc=(
            'On an anonymous page the kernel reuses the mappedtodisk bit (owner_2 from 6.12) '
            'as PG_anon_exclusive: the page belongs to exactly one process, which may write '
            'to it without copying it first.'
        ),
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
        unverified=None,
    ),
    OverloadRule(
        name='readahead',
        bit=9,
        when_set=(),
        when_clear=('writeback',),
        target_bit=48,
        tool_since='2.6.31',
        tool_until=None,
        kernel_since='2.6.25',
        kernel_until=None,
        doc=(
            'The kernel shares one page bit between PG_reclaim and PG_readahead. On a page '
            'that is not under writeback the bit is the readahead marker: reading this page '
            'should start the next asynchronous readahead.'
        ),
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
        unverified=None,
    ),
    OverloadRule(
        name='slob_free',
        bit=35,
        when_set=('slab',),
        when_clear=(),
        target_bit=49,
        tool_since='2.6.31',
        tool_until='6.4',
        kernel_since='2.6.31',
        kernel_until='6.4',
        doc=(
            "On a SLOB slab page the private bit marked a page on one of SLOB's free lists. "
            'SLOB pages carried the slab bit only from 2.6.31, and SLOB was removed in 6.4.'
        ),
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
        unverified=None,
    ),
    OverloadRule(
        name='slub_frozen',
        bit=6,
        when_set=('slab',),
        when_clear=(),
        target_bit=50,
        tool_since='2.6.31',
        tool_until=None,
        kernel_since='2.6.25',
        kernel_until='3.1',
        doc=(
            'On a SLUB slab page the active bit marked a frozen slab, one owned by a CPU. '
            'From 3.1 SLUB keeps this in a field of struct page instead; page-types still '
            'uses the name.'
        ),
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
        unverified=None,
    ),
    OverloadRule(
        name='pfmemalloc',
        bit=6,
        when_set=('slab',),
        when_clear=(),
        target_bit=None,
        tool_since=None,
        tool_until=None,
        kernel_since='3.6',
        kernel_until=None,
        doc=(
            'On a slab page the active bit marks a slab allocated from the emergency reserves '
            '(pfmemalloc), whose objects only allocations allowed to use the reserves may '
            'get. page-types does not know this and calls the combination slub_frozen.'
        ),
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
        unverified=None,
    ),
    OverloadRule(
        name='slub_debug',
        bit=1,
        when_set=('slab',),
        when_clear=(),
        target_bit=51,
        tool_since='2.6.31',
        tool_until=None,
        kernel_since='2.6.25',
        kernel_until='2.6.36',
        doc=(
            'On a SLUB slab page the error bit marked a slab of a cache with debugging checks '
            "on. From 2.6.36 SLUB tells this from the cache's flags and nothing sets the bit "
            'on slabs.'
        ),
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
        unverified=None,
    ),
)

PAGEMAP_DERIVED_BITS: Final[Tuple[PagemapDerivedBit, ...]] = (
    PagemapDerivedBit(
        bit=40,
        field='soft_dirty',
        since='3.13',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='3.13.10',
                path='tools/vm/page-types.c',
                tree='yifengyou/linux-3.13.0',
                note='raw mode sets bit 40 from pagemap bit 55',
            ),
            Evidence(
                kind='source',
                release='3.12.24',
                path='tools/vm/page-types.c',
                tree='ychoijy/linux-3.12.24-custom',
                note='not yet',
            ),
        ),
        unverified=None,
    ),
    PagemapDerivedBit(
        bit=62,
        field='file_or_shared_anon',
        since='4.3',
        until='4.6',
        evidence=(
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='KPF_FILE is 62 in 4.3 to 4.5',
            ),
            Evidence(
                kind='source',
                release='4.5.0',
                path='tools/vm/page-types.c',
                tree='arthur-lucena/linux-4.5-hw-so',
            ),
        ),
        unverified=None,
    ),
    PagemapDerivedBit(
        bit=61,
        field='file_or_shared_anon',
        since='4.6',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
                note='KPF_FILE moved to 61 when KPF_SWAP took 62',
            ),
        ),
        unverified=None,
    ),
    PagemapDerivedBit(
        bit=62,
        field='swapped',
        since='4.6',
        until=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
            ),
        ),
        unverified=None,
    ),
    PagemapDerivedBit(
        bit=63,
        field='exclusive',
        since='4.3',
        until=None,
        evidence=(
            Evidence(
                kind='commit',
                release='4.3',
                commit='77bb499bb60f',
                subject='pagemap: add mmap-exclusive bit for marking pages mapped only here',
            ),
            Evidence(
                kind='source',
                release='4.3.0',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
            ),
        ),
        unverified=None,
    ),
)

PAGE_TYPES_SWITCHES: Final[Tuple[PageTypesSwitch, ...]] = (
    PageTypesSwitch(
        name='decimal_lists',
        since='2.6.31',
        until='2.6.32',
        doc='The -l list has the header "offset count flags" and prints its numbers in decimal.',
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='the header is "offset len flags" and the numbers hex from here',
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='expand_overloads_always',
        since='2.6.31',
        until='3.13',
        doc=(
            'Overloaded bits are expanded (readahead, slob_free, slub_frozen, slub_debug) in '
            'every mode, not only with -r, so the normal summary shows them too.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='3.12.24',
                path='tools/vm/page-types.c',
                tree='ychoijy/linux-3.12.24-custom',
            ),
            Evidence(
                kind='source',
                release='3.13.10',
                path='tools/vm/page-types.c',
                tree='yifengyou/linux-3.13.0',
                note='raw mode only from here',
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='list_ranges_break_at_batches',
        since='3.15',
        until=None,
        doc=(
            '-l ranges of page frames also break where page-types starts a new batch of 65536 '
            'frames, counted from the start of each -a range, because the virtual offset it '
            'compares restarts with every batch.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='3.15.5',
                path='tools/vm/page-types.c',
                tree='pradeep0605/CS736_Eager_paging_linux-3.15.5',
                note=(
                    'the merge test compares the virtual offset in every mode; 3.14.4 '
                    '(gotokernel/linux-3.14.4-qemu) only for -p'
                ),
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='decimal_file_offsets',
        since='3.15',
        until='5.16',
        doc='The foffset column of -f lists is printed in decimal.',
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='tools/vm/page-types.c',
                tree='yhuan416/linux-5.15.24',
            ),
            Evidence(
                kind='source',
                release='5.16.10',
                path='tools/vm/page-types.c',
                tree='DFAUS-git/ps4-linux-kernel-5.16.10-belize',
                note='hex from here',
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='file_header_before_summary_only',
        since='5.16',
        until=None,
        doc=(
            'With -f, the file header (name, inode, size, times) is printed once before the '
            'summary; earlier releases print it inside the list for every file.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.16.10',
                path='tools/vm/page-types.c',
                tree='DFAUS-git/ps4-linux-kernel-5.16.10-belize',
            ),
            Evidence(
                kind='source',
                release='5.15.24',
                path='tools/vm/page-types.c',
                tree='yhuan416/linux-5.15.24',
                note='still inline',
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='file_walk_honours_ranges',
        since='5.16',
        until=None,
        doc=(
            'With -f, each file is walked over the -a ranges. Without -a, the whole pages of '
            'the first file walked (a partly filled last page left out) become the range, '
            'kept for every later file of a directory: a longer file is walked only that far, '
            "and after a first file of less than a page no file at all. A range's byte "
            'offsets are page numbers times the page size in an unsigned long, which wrap '
            "past 2**64. The list's range held open ends at the first cached page of each "
            'range of each file. Earlier releases ignore -a with -f and walk every page each '
            'file reaches, its partly filled last page included.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.15.24',
                path='tools/vm/page-types.c',
                tree='yhuan416/linux-5.15.24',
                note=(
                    'walk_file maps (st_size + page_size - 1) / page_size pages from offset '
                    '0, and main() walks the page cache for -f where it would walk the -a '
                    'ranges; built and run here, it lists the cached last page of a '
                    '14,336-byte file and the same pages with -a 1'
                ),
            ),
            Evidence(
                kind='patch',
                subject=(
                    '[PATCH v1 1/3] tools/vm/page-types.c: make walk_file() aware of address '
                    'range option'
                ),
                date='2021-10-04',
                note='written against v5.15-rc3',
            ),
            Evidence(
                kind='source',
                release='5.16.10',
                path='tools/vm/page-types.c',
                tree='DFAUS-git/ps4-linux-kernel-5.16.10-belize',
                note=(
                    'walk_file adds the range 0 to st_size / page_size when no range is set '
                    'yet, and walks each range; the range it adds stays set for the next file '
                    'of the nftw walk. Built and run here on a directory whose first file had '
                    '3 whole pages: every later file was mapped 3 pages long (strace), and a '
                    "5-page file's fourth cached page went unlisted. walk_file passes "
                    'opt_offset[i] * page_size and (opt_offset[i] + opt_size[i]) * page_size '
                    '(unsigned long) to walk_file_range, which calls flush_page_range before '
                    'the first page it adds. All of it reads the same in the 7.x tools/mm '
                    'page-types built here as the oracle'
                ),
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='misspelt_unknown_bit_message',
        since='2.6.31',
        until='2.6.33',
        doc=(
            'A set bit with no name in the table stops page-types with "unkown flag bit N" '
            '(so spelt) on stderr and exit status 1; from 2.6.33 the message reads "unknown '
            'flag bit N".'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note=(
                    'page_flag_name() calls fatal() with the misspelt message; fatal() exits '
                    'with EXIT_FAILURE'
                ),
            ),
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='still misspelt',
            ),
            Evidence(
                kind='commit',
                release='2.6.33',
                commit='af901ca181d9',
                subject='tree-wide: fix assorted typos all over the place',
            ),
            Evidence(
                kind='source',
                release='2.6.33',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note='"unknown flag bit %d"; unchanged up to 6.18.2 (gfunkmonk/linux-6.18.2)',
            ),
        ),
        unverified=None,
    ),
    PageTypesSwitch(
        name='silent_past_table_end',
        since='2.6.31',
        until='4.3',
        doc=(
            "page-types' name table is an array that ends at its highest named bit, 51 "
            '(slub_debug) until 4.3. Its letters and names stop there, so a set bit 52-63 is '
            'printed with neither letter nor name and without an error (the hex value still '
            'shows it); only a set bit inside the table that has no name stops the tool. From '
            '4.3 mmap_exclusive (63) ends the table, and any set bit without a name stops it.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
                note=(
                    'page_flag_name() and page_flag_longname() loop over '
                    'ARRAY_SIZE(page_flag_names); the last entry is KPF_SLUB_DEBUG (51)'
                ),
            ),
            Evidence(
                kind='source',
                release='2.6.35.6',
                path='Documentation/vm/page-types.c',
                tree='rivsidn/linux-2.6.35.6',
                note=(
                    'the same table end; so in 2.6.36 (galeksandrp-keenetic/linux-2.6.36), '
                    '2.6.37 (srinugnt2000/linux-2.6.37), 2.6.39.3 '
                    '(gpl-releases/linux-2.6.39.3) and 3.0.8 (cjheres/linux-3.0.8)'
                ),
            ),
            Evidence(
                kind='source',
                release='3.4.2',
                path='tools/vm/page-types.c',
                tree='461911662/linux-3.4.2',
                note=(
                    'the same table end; so in 3.10.99 (harviswang/linux-3.10.99) and 3.18.30 '
                    '(jockyw2001/linux-3.18)'
                ),
            ),
            Evidence(
                kind='source',
                release='4.2.8',
                path='tools/vm/page-types.c',
                tree='mlpzaq9998/linux-4.2',
                note='last release whose table ends at 51',
            ),
            Evidence(
                kind='commit',
                release='4.3',
                commit='77bb499bb60f',
                subject='pagemap: add mmap-exclusive bit for marking pages mapped only here',
                note=(
                    'adds KPF_FILE (62) and KPF_MMAP_EXCLUSIVE (63) to the table, which then '
                    'covers every bit'
                ),
            ),
            Evidence(
                kind='source',
                release='4.3.0-cxlbdev-rc',
                path='tools/vm/page-types.c',
                tree='YoungjaeLee/linux-4.3-cxlbdev',
                note='the table ends at KPF_MMAP_EXCLUSIVE (63)',
            ),
        ),
        unverified=None,
    ),
)

PAGE_TYPES_OPTIONS: Final[Tuple[PageTypesOption, ...]] = (
    PageTypesOption(
        letter='r',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='a',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='b',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='l',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='L',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='N',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='h',
        since='2.6.31',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.31',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='p',
        since='2.6.32',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='X',
        since='2.6.32',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='x',
        since='2.6.32',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.32',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='d',
        since='2.6.33',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='2.6.33',
                path='Documentation/vm/page-types.c',
                tree='comio/linux-2.6.25-cf547x',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='f',
        since='3.15',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='3.15.5',
                path='tools/vm/page-types.c',
                tree='pradeep0605/CS736_Eager_paging_linux-3.15.5',
                note='3.14.4 has no -f',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='c',
        since='4.6',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
                note='4.5.0 has no -c',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='C',
        since='4.6',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.6.2',
                path='tools/vm/page-types.c',
                tree='xing393939/linux-4.6.2',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='F',
        since='4.16',
        until=None,
        long_argument_since='7.2',
        evidence=(
            Evidence(
                kind='source',
                release='4.16.13',
                path='tools/vm/page-types.c',
                tree='lizuobin/linux-4.16.13_tiny4412',
                note='4.14.5 has no -F',
            ),
            Evidence(
                kind='commit',
                release='7.2',
                commit='3fb355431eb8',
                subject='tools/mm/page-types: fix kpageflags option argument in getopt_long',
                note=(
                    'until it, the long form --kpageflags was declared with no argument, so '
                    'page-types read /proc/kpageflags and took the word after it for a '
                    'non-option word it ignores'
                ),
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='i',
        since='4.19',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.19.1',
                path='tools/vm/page-types.c',
                tree='chens37/linux-4.19.1',
                note='4.18.0 has no -i',
            ),
        ),
        unverified=None,
    ),
    PageTypesOption(
        letter='M',
        since='4.19',
        until=None,
        long_argument_since=None,
        evidence=(
            Evidence(
                kind='source',
                release='4.19.1',
                path='tools/vm/page-types.c',
                tree='chens37/linux-4.19.1',
            ),
        ),
        unverified=None,
    ),
)
