# Generated from spec/overlays.yaml by "python -m codegen"; do not edit.
(
    'Vendor kernels, each described by how it differs from the mainline release its Makefile '
    'names. A part of the spec (the PG_ enum and aliases, the page->flags fields, the '
    'page_type encoding, the /proc/kpageflags bits, the page-types table, the pagemap layout) '
    'that the vendor synchronised with a later mainline release is said to follow that '
    'release; the other parts are those of the base.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.model import KernelOverlay

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

OVERLAYS: Final[Tuple[KernelOverlay, ...]] = (
    KernelOverlay(
        name='rhel-9.6',
        doc=(
            'Red Hat Enterprise Linux 9.6 and its rebuilds (AlmaLinux, Rocky), kernel '
            '5.14.0-570.*.el9_6. Its Makefile says 5.14, but Red Hat re-synchronised the page '
            'flags with mainline: enum pageflags, stable_page_flags() and page-types are '
            'those of 6.9.'
        ),
        base='5.14',
        uname_contains='.el9_6',
        follows=(('pageflags', '6.9'), ('kpageflags', '6.9'), ('page_types', '6.9')),
        evidence=(
            Evidence(
                kind='source',
                release='5.14.0-570.32.1.el9_6',
                path='include/linux/page-flags.h',
                tree='mkuron/almalinux-kernel',
                note=(
                    'branch 9.6 at a29d65115b42 (kernel-5.14.0-570.32.1.el9_6): enum '
                    'pageflags identical to mainline 6.9.0 (writeback at 1, head at 6, arch_2 '
                    'and arch_3 under ARCH_USES_PG_ARCH_X)'
                ),
            ),
            Evidence(
                kind='source',
                release='5.14.0-570.32.1.el9_6',
                path='fs/proc/page.c',
                tree='mkuron/almalinux-kernel',
                note=(
                    'the same commit; stable_page_flags() is byte-identical to mainline '
                    '6.9.0, and include/linux/kernel-page-flags.h has KPF_ARCH_3'
                ),
            ),
            Evidence(
                kind='source',
                release='5.14.0-570.32.1.el9_6',
                path='tools/mm/page-types.c',
                tree='mkuron/almalinux-kernel',
                note=(
                    'the same commit; anon_exclusive at bit 47, no slob_free, as mainline 6.4 '
                    'to 6.11'
                ),
            ),
        ),
        unverified=(
            'the page->flags fields, the page_type encoding and the pagemap layout were not '
            'compared and are taken from the base release.'
        ),
    ),
)
