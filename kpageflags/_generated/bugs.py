# Generated from spec/bugs.yaml by "python -m codegen"; do not edit.
(
    'Known bugs in what the kernel reports through /proc/kpageflags, with the releases they '
    "affect. A decode at an affected release carries a warning: when one of the bug's flags "
    'is set (trigger "set"), or always (trigger "always") where the bug makes every value '
    'suspect.'
)

from __future__ import annotations

from typing import Final, Tuple

from ..model import KnownBug

KNOWN_BUGS: Final[Tuple[KnownBug, ...]] = (
    KnownBug(
        id='misrouted_bits_before_2_6_29',
        title=(
            'before 2.6.29 locked, writeback, reclaim and buddy were misreported (locked '
            "always 0 before 2.6.28; the other three at the kernel's own PG_ bit positions)"
        ),
        flags=('locked', 'writeback', 'reclaim', 'buddy'),
        since='2.6.25',
        until='2.6.29',
        fixed_in=(),
        trigger='always',
        doc=(
            'The helper that copied page bits into the kpageflags value was called with its '
            'arguments swapped. Bits 1-7 came out right because the kernel and user-space '
            'numbers happen to agree; locked read 0 until 2.6.28, and writeback, reclaim and '
            "buddy appeared at the bit positions of the kernel's own page flags."
        ),
        evidence=(),
        unverified='pending',
    ),
    KnownBug(
        id='ksm_on_every_anon_page',
        title='KPF_KSM is set on every anonymous page, not only on KSM pages',
        flags=('ksm',),
        since='6.10',
        until=None,
        fixed_in=('6.18.44',),
        trigger='set',
        doc=(
            "The rewrite of stable_page_flags() tested the folio's mapping against a mask "
            'that every anonymous folio matches, so ksm appears on all anonymous pages.'
        ),
        evidence=(),
        unverified='pending',
    ),
    KnownBug(
        id='error_never_set',
        title='KPF_ERROR is never set, because the kernel no longer has PG_error',
        flags=('error',),
        since='6.12',
        until=None,
        fixed_in=(),
        trigger='set',
        doc=(
            'The error bit stayed in the ABI header after PG_error was removed, but nothing '
            'sets it; a value with it set did not come from this release.'
        ),
        evidence=(),
        unverified='pending',
    ),
)
