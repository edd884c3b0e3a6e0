# Generated from spec/releases.yaml by "python -m codegen"; do not edit.
(
    'The mainline kernel releases kpageflags covers, oldest first: from 2.6.25, the first '
    'release with /proc/kpageflags, to 7.3. A stable point release (6.6.30) or a release '
    'candidate (7.1-rc3) is decoded with the facts as they stood at that point: ranges in the '
    'other files can start or end at one, so a stable backport or a change reverted before '
    'the release is seen there. To add a release, append it here, then record what changed in '
    'the other files. A release that changed nothing the spec records is written as a '
    'mapping, with the evidence that it exists and of what was checked for it.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.model import RecordedRelease

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

RECORDED_RELEASES: Final[Tuple[RecordedRelease, ...]] = (
    RecordedRelease(
        name='6.19',
        date='2026-02-08',
        unchanged=(
            'enum pageflags and the page types are those of 6.18 in the BTF of 6.19; no patch '
            'or push of the cycle touched the /proc/kpageflags bits, the pagemap bits or '
            'page-types\' flag table. dump_page gained a "device " marker before pfn: for '
            'device-private folios (spec: the dump reader knows it).'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='6.19',
                commit='e9ec05addd1a',
                subject='the v6.19 tag',
                note=(
                    'the tag object, pushed to linux-next-history with next-20260209 '
                    '(gitolite push log)'
                ),
            ),
            Evidence(
                kind='doc',
                release='6.19',
                path='include/x86_64/vmlinux_6.19.h',
                tree='libbpf/vmlinux.h',
                note=(
                    'BTF of 6.19; enum pageflags and enum pagetype (PGTY_buddy 0xf0 to '
                    'PGTY_large_kmalloc 0xf8, mapcount_underflow 0xff) as in 6.18'
                ),
            ),
            Evidence(
                kind='commit',
                release='6.19',
                commit='d245f9b4ab80',
                subject='mm/zone_device: support large zone device private folios',
                note=(
                    'adds the "device " marker to __dump_folio\'s page line and drops the CMA '
                    'suffix for device-private folios'
                ),
            ),
        ),
        unverified=None,
    ),
    RecordedRelease(
        name='7.0',
        date='2026-04-12',
        unchanged=(
            'No change to the /proc/kpageflags bits, stable_page_flags(), the pagemap bits, '
            'enum pageflags, the page types, dump_page or page-types was found in the mm '
            'pulls of the merge window (mm-stable-2026-02-11-19-22, '
            'mm-stable-2026-02-18-19-48) or in the rc fixes.'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='7.0',
                commit='3131ff5a1174',
                subject='the v7.0 tag',
                note=(
                    'the tag object, pushed with next-20260413 and as '
                    'renesas-devel-2026-04-13-v7.0 (gitolite push logs)'
                ),
            ),
        ),
        unverified=(
            'no 7.0 source tree or BTF was read; nothing changed is read from push logs and '
            'patch mails'
        ),
    ),
    RecordedRelease(
        name='7.1',
        date='2026-06-14',
        unchanged=(
            'The page types of 7.1 are those of 6.18: PGTY_netpp (0xf9) came in the merge '
            'window and was reverted before 7.1-rc6, and large_kmalloc keeps 0xf8 under a '
            'page-type declaration. No KPF, pagemap, enum pageflags, dump_page or page-types '
            'change was found.'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='7.1',
                commit='b3f94b2b3f3e',
                subject='the v7.1 tag',
                note=(
                    'the tag object, pushed with next-20260615 and as '
                    'renesas-devel-2026-06-15-v7.1 (gitolite push logs)'
                ),
            ),
            Evidence(
                kind='commit',
                release='7.1',
                commit='54cf41c969da',
                subject='Revert "mm: introduce a new page type for page pool in page type"',
                note=(
                    'merged through mm-hotfixes-stable-2026-05-25-16-22 between 7.1-rc5 and '
                    'rc6; db359fccf212 had added PGTY_netpp = 0xf9 in 7.1-rc1'
                ),
            ),
        ),
        unverified="no 7.1 source tree was read; the page types come from the revert's diff context",
    ),
    RecordedRelease(
        name='7.2',
        date='2026-08-16',
        unchanged=(
            'No KPF bit, pagemap bit, enum pageflags member, page type or dump_page format '
            'changed. stable_page_flags() got the KPF_KSM fix (spec/bugs.yaml) and page-types '
            'three fixes, one of which makes --kpageflags take its argument (the page-types '
            'emulation follows it).'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='7.2',
                commit='237a1c39e8df',
                subject='the v7.2 tag',
                note='the tag object, pushed with next-20260817 (gitolite push log)',
            ),
            Evidence(
                kind='commit',
                release='7.2',
                commit='81401cebfc15',
                subject='fs/proc: fix KPF_KSM reported for all anonymous pages',
            ),
            Evidence(
                kind='commit',
                release='7.2',
                commit='3fb355431eb8',
                subject='tools/mm/page-types: fix kpageflags option argument in getopt_long',
            ),
        ),
        unverified='no 7.2 source tree was read; the changes come from push logs and patch mails',
    ),
    RecordedRelease(
        name='7.3',
        date='2026-10-04',
        unchanged=(
            'Candidates queued for 7.3 (page_owner filters, PAGEMAP_SCAN PAGE_IS_ACCESSED) '
            'are not verified in it; no change to what the spec records was found. The date '
            'is that of 7.3-rc6, the newest tag seen.'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='7.3.0-rc6',
                commit='4eeccbed21e5',
                subject='the v7.3-rc6 tag',
                note=(
                    'the tag object, pushed with next-20261005 (gitolite push log); 7.3-rc1 '
                    '(e5e04726cdd0) was pushed with next-20260831'
                ),
            ),
        ),
        unverified=(
            'the 7.3 release itself is past every source read (the newest is next-20261009): '
            'a 7.3 kernel is decoded as 7.3-rc6 was, and any 7.4-rc as 7.3 would be only once '
            'it is added'
        ),
    ),
)
