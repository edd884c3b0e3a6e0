# Generated from spec/slabinfo.yaml by "python -m codegen"; do not edit.
(
    "The kernel's slabinfo: how each release reads /sys/kernel/slab, sorts the caches and "
    'prints them.'
)

from __future__ import annotations

from typing import Final, Tuple

from ..facts.model import Evidence, SlabinfoSwitch

SLABINFO_SWITCHES: Final[Tuple[SlabinfoSwitch, ...]] = (
    SlabinfoSwitch(
        name='ties_keep_directory_order',
        since='5.19',
        until='6.0',
        doc=(
            'The size, activity, loss and partial sorts compare only their number, so caches '
            'with equal numbers stay where the swap sort leaves them (starting from directory '
            'order) instead of being ordered by name.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='[PATCH] tools/vm/slabinfo: use alphabetic order when two values are equal',
                date='2022-05-28',
                note=(
                    'its pre-image is blob 9b68658b6bb8, the file the seed notes give for 5.6 '
                    'to 5.19'
                ),
            ),
            Evidence(
                kind='source',
                release='5.10.13',
                path='tools/vm/slabinfo.c',
                tree='Rtoax/linux-5.10.13',
                note='no tie-break; the same text as our 5.19 oracle apart from one added comment',
            ),
        ),
        unverified=(
            '6.0 is inferred: the patch was posted after the 5.19 MM pull; no 5.19 or 6.0 '
            'tree was read'
        ),
    ),
    SlabinfoSwitch(
        name='help_partial_line_tabs',
        since='5.19',
        until='6.0',
        doc='The -h text lines up "-P|--partial" with two tabs where every other line has spaces.',
        evidence=(
            Evidence(
                kind='patch',
                subject='[PATCH] tools/vm/slabinfo: use alphabetic order when two values are equal',
                date='2022-05-28',
            ),
        ),
        unverified='6.0 is inferred from the patch date, as for ties_keep_directory_order',
    ),
    SlabinfoSwitch(
        name='traces_in_debugfs',
        since='6.0',
        until=None,
        doc=(
            '-t and -r read the call sites from /sys/kernel/debug/slab/CACHE/alloc_traces and '
            'free_traces first, then from the sysfs alloc_calls and free_calls that 5.14 '
            'removed.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='[PATCH] tools/vm/slabinfo: Handle files in debugfs',
                date='2022-06-01',
                note='pre-image blob 9b68658b6bb8',
            ),
            Evidence(
                kind='source',
                release='7.3.0-rc5',
                path='tools/mm/slabinfo.c',
                tree='linux-mm/linux-mm',
                note=(
                    "read_debug_slab_obj; the copy's Makefile (7.3-rc5) was read at another "
                    'commit of the mm tree'
                ),
            ),
        ),
        unverified='6.0 is inferred from the patch date (the 5.19 merge window had closed)',
    ),
    SlabinfoSwitch(
        name='permission_error_fatal',
        since='6.2',
        until=None,
        doc=(
            'An attribute that cannot be opened for lack of permission stops the tool with '
            '"Permission denied, Try using superuser"; before, it read as 0 and the tool '
            'printed zeros.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='7.3.0-rc5',
                path='tools/mm/slabinfo.c',
                tree='linux-mm/linux-mm',
            ),
        ),
        unverified='the 6.2 start comes from the notes (slab for-6.2 tree); the patch was not read',
    ),
    SlabinfoSwitch(
        name='caches_past_limit_corrupt',
        since='5.19',
        until='6.13',
        doc=(
            'Room for 500 caches and 500 aliases, checked only after the directory is read: '
            'more corrupt memory (kpageflags stops with an error instead of printing what the '
            'C tool might).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.10.13',
                path='tools/vm/slabinfo.c',
                tree='Rtoax/linux-5.10.13',
            ),
        ),
        unverified='the 6.13 fix (2000 caches, checked per entry) comes from the notes (Oct 2024 patch)',
    ),
    SlabinfoSwitch(
        name='cache_limit_checked',
        since='6.13',
        until=None,
        doc=(
            'Room for 2000 caches and 500 aliases, checked as each entry is read: one more '
            'stops the tool with "Too many slabs" or "Too many aliases".'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='7.3.0-rc5',
                path='tools/mm/slabinfo.c',
                tree='linux-mm/linux-mm',
            ),
        ),
        unverified='the 6.13 start comes from the notes (Oct 2024 patch), not from a tree',
    ),
    SlabinfoSwitch(
        name='partial_long_option_broken',
        since='5.19',
        until='7.1',
        doc=(
            '--partial is declared with the letter p, which the option switch does not know, '
            'so it stops the tool with "Invalid option" instead of sorting by partial slabs.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.10.13',
                path='tools/vm/slabinfo.c',
                tree='Rtoax/linux-5.10.13',
            ),
            Evidence(
                kind='source',
                release='7.3.0-rc5',
                path='tools/mm/slabinfo.c',
                tree='linux-mm/linux-mm',
                note='declared with P',
            ),
        ),
        unverified=(
            '7.1 comes from the notes ("fix --partial long option mapping" in the 7.1 MM '
            'batch); the commit was not read'
        ),
    ),
    SlabinfoSwitch(
        name='objects_total_attribute',
        since='5.19',
        until='7.1.4',
        doc=(
            'Reads the attribute objects_total, which SLUB never had (it is total_objects); '
            'the value is never printed, so the output does not change.'
        ),
        evidence=(
            Evidence(
                kind='commit',
                release='7.2',
                commit='892a78647307',
                subject='tools/mm/slabinfo: fix total_objects attribute name',
                note="in Linus's tree by 2026-07-14 (stable mail asking for a 6.1 backport)",
            ),
            Evidence(
                kind='commit',
                release='7.1.4',
                commit='493f261c0772',
                subject='tools/mm/slabinfo: fix total_objects attribute name',
                note='the linux-7.1.y push of 2026-07-18 that ends with "Linux 7.1.4"',
            ),
        ),
        unverified=(
            'the 7.2 release candidate that first has it was not identified (7.2-rc1 to rc3 '
            'may lack it)'
        ),
    ),
    SlabinfoSwitch(
        name='trace_off_writes_one',
        since='5.19',
        until='7.1.4',
        doc=(
            '-d without t on a cache whose tracing is on writes 1 to its trace attribute '
            '(turning it on) instead of 0.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.10.13',
                path='tools/vm/slabinfo.c',
                tree='Rtoax/linux-5.10.13',
            ),
            Evidence(
                kind='commit',
                release='7.1.4',
                commit='27c83f667575',
                subject='tools/mm/slabinfo: Fix trace disable logic inversion',
                note='the linux-7.1.y push of 2026-07-18 that ends with "Linux 7.1.4"',
            ),
        ),
        unverified='the mainline commit and its 7.2 release candidate were not read',
    ),
)
