# Generated from spec/page_owner_sort.yaml by "python -m codegen"; do not edit.
(
    "The kernel's page_owner_sort: how each release reads, groups, sorts and prints the "
    'records of /sys/kernel/debug/page_owner.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.toolmodel import PageOwnerSortSwitch

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

PAGE_OWNER_SORT_SWITCHES: Final[Tuple[PageOwnerSortSwitch, ...]] = (
    PageOwnerSortSwitch(
        name='counts_only_tool',
        since='3.19',
        until='5.16',
        doc=(
            'The first tool: no options, blocks grouped by their whole text (PFN lines left '
            'out) and printed as "N times:" by count, descending.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.10',
                path='tools/vm/page_owner_sort.c',
                tree='torvalds/linux',
                note=(
                    'the copy indexed at commit 05909cd9a0c8 (its Makefile was not read; the '
                    'notes tie this text to 3.19-5.15)'
                ),
            ),
            Evidence(
                kind='source',
                release='5.15.16',
                path='tools/vm/page_owner_sort.c',
                tree='yashlala/fastswap-linux-5.16.16',
                note=(
                    'the same text (blob 0e75f22c9475, as in 5.14-rc5, '
                    'lsk-legends/linux-5.14), in a fork named 5.16.16'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='memory_sort_only',
        since='5.16',
        until='5.18',
        doc=(
            'The tool takes -m alone (getopt "m"; anything else prints the usage and exits '
            '1). Blocks are grouped by their whole text (PFN lines left out), sorted by '
            'count, or with -m by pages, descending, and printed as "N times, P pages:". An '
            'order of more than two digits counts 0 pages (get_page_num gives up past '
            '"max_order should not exceed 2 digits").'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.16.10',
                path='tools/vm/page_owner_sort.c',
                tree='DFAUS-git/ps4-linux-kernel-5.16.10-belize',
                note='blob 9ebb84a9c731',
            ),
            Evidence(
                kind='source',
                release='5.17.0-rc5',
                path='tools/vm/page_owner_sort.c',
                tree='dunli/linux-5.17',
                note='the same blob 9ebb84a9c731',
            ),
        ),
        unverified=(
            '5.17 itself was read at rc5 only; 5.18.12 has the option tool (free_ts_options), '
            'so the end at 5.18 holds unless the change came in a 5.17 point release'
        ),
    ),
    PageOwnerSortSwitch(
        name='free_ts_options',
        since='5.18',
        until='6.7',
        doc=(
            'The free timestamp is parsed (free_ts ... ns) and usable: -r sorts by it, -f '
            'filters, --cull free groups by it (printing "(RELEASED)" for a zero free_ts and '
            '"(UNRELEASED)" otherwise, the wrong way round), and from 5.19 --sort free_ts/ft; '
            'the option string is afmnprstP in 5.18, adfmnprstP from 5.19 (sort_option).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note=(
                    'blob 7d98e76c2291, under common/ in a copy whose Makefile says 5.18.12 '
                    '(its one commit touching the file, 678ce3b6bee6, imports the whole tree)'
                ),
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
                note=(
                    'the file with the TGID fix undone hashes to blob ce860ab94162, the '
                    'post-image of the "fix -f option" patch (mail of 2022-08-12), so this is '
                    "mainline 6.1's text"
                ),
            ),
            Evidence(
                kind='patch',
                subject='[PATCH] tools/vm/page_owner_sort: fix -f option',
                date='2022-08-12',
                note='its pre-image blob ec2e67c85b84 is our 6.1 text with the -f fix undone',
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='ts_needs_comma',
        since='5.18',
        until='6.7',
        doc=(
            'The allocation timestamp is read with "ts\\s*([0-9]*)\\s*ns," (a comma after '
            'ns), so dumps of 6.7 and later, whose header ends at "ns", give every block the '
            'timestamp 2^64-1.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='merge_repeated_neighbour',
        since='3.19',
        until='6.7',
        doc=(
            'A block whose text equals the last block kept is counted into it at once, before '
            'the filters and the record-count limit.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='3.19.8',
                path='tools/vm/page_owner_sort.c',
                tree='yuanguohuo/linux-3.19.8',
                note='add_list() counts a repeat of the last block into it, from the first tool on',
            ),
            Evidence(
                kind='source',
                release='5.16.10',
                path='tools/vm/page_owner_sort.c',
                tree='DFAUS-git/ps4-linux-kernel-5.16.10-belize',
                note='and its pages too, from the -m tool on',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
            Evidence(
                kind='source',
                release='6.12.118+deb12',
                path='tools/mm/page_owner_sort.c',
                tree='debian/linux-source-6.12',
                note='gone here',
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='free_filter_drops_every_freed',
        since='5.18',
        until='6.1',
        doc=(
            '-f drops every block whose free_ts is not 0 (a missing free_ts reads as 2^64-1, '
            'so on 6.7+ dumps every block), not only those freed after their allocation.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='is_need() tests get_free_ts_nsec(buf) != 0 only',
            ),
            Evidence(
                kind='patch',
                subject='[PATCH] tools/vm/page_owner_sort: fix -f option',
                date='2022-08-12',
                note='the pre-image tested get_free_ts_nsec(buf) != 0 only',
            ),
            Evidence(
                kind='source',
                release='5.19',
                path='tools/vm/page_owner_sort.c',
                tree='yishangzhang/linux-5.19',
                note=(
                    'blob c149427eb1c9 in a tree whose Makefile says 5.19.0: the v5.19 file '
                    '(the blob the "avoid repeated judgments" patch writes and mainline\'s '
                    '6.0 doc-path change starts from); built and checked against our output '
                    'on dumps of ten record eras'
                ),
            ),
            Evidence(
                kind='patch',
                subject='[PATCH AUTOSEL 6.0 09/32] tools/vm/page_owner_sort: fix -f option',
                date='2022-10-17',
                note=(
                    'the fix (upstream 57eb60c04d2c, pre-image ec2e67c85b84) offered to 6.0 '
                    'stable: it is not in v6.0, so 6.1 is its first release'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='tgid_column_prints_pid',
        since='5.18',
        until='6.4',
        doc='With --cull tgid (or --tgid) the ", TGID %d" column prints the pid.',
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
            ),
            Evidence(
                kind='patch',
                subject='[PATCH] tools/mm/page_owner_sort.c: fix TGID output when cull=tg is used',
                date='2023-04-11',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
                note='carries the fix as a stable backport (point release not identified)',
            ),
        ),
        unverified='the release 6.4 is inferred from the mail date (6.4 merge window)',
    ),
    PageOwnerSortSwitch(
        name='last_sort_option_wins',
        since='5.18',
        until='6.7',
        doc=(
            'Each of -a -m -n -p -P -r -s -t replaces the sort order (as --sort does from '
            '5.19); with none of them the order is by count, descending (but see '
            'unsorted_by_default).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='one comparison function, compare_num until an option replaces it',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='unsorted_by_default',
        since='5.19',
        until='6.7',
        doc=(
            'With no sort option and no --cull the final sort keeps the order of the grouping '
            'sort (by text), whatever the usage says; --cull sets "by count, descending" only '
            'when no order was set before it.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
                note='the sort conditions start empty and only parse_cull_args() fills them in',
            ),
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='not yet; main() starts from compare_num',
            ),
            Evidence(
                kind='source',
                release='5.19',
                path='tools/vm/page_owner_sort.c',
                tree='yishangzhang/linux-5.19',
                note=(
                    'blob c149427eb1c9 in a tree whose Makefile says 5.19.0: the v5.19 file '
                    '(the blob the "avoid repeated judgments" patch writes and mainline\'s '
                    '6.0 doc-path change starts from); built and checked against our output '
                    'on dumps of ten record eras'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='sort_option',
        since='5.19',
        until=None,
        doc=(
            '--sort [+|-]key[,...] and -d (debug messages to standard error) exist; in 5.18 '
            'both are unknown options (the usage, exit 1).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='absent here (getopt string afmnprstP, long options pid, tgid, name, cull)',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
            Evidence(
                kind='patch',
                subject='[GIT PULL] MM updates for 5.19-rc1',
                date='2022-05-25',
                note=(
                    'lists the 5.19 page_owner_sort commits: multi-value selection, sorting '
                    'by multiple keys, the debug log (-d) and allocator labelling'
                ),
            ),
            Evidence(
                kind='source',
                release='5.19',
                path='tools/vm/page_owner_sort.c',
                tree='yishangzhang/linux-5.19',
                note=(
                    'blob c149427eb1c9 in a tree whose Makefile says 5.19.0: the v5.19 file '
                    '(the blob the "avoid repeated judgments" patch writes and mainline\'s '
                    '6.0 doc-path change starts from); built and checked against our output '
                    'on dumps of ten record eras'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='allocator_label',
        since='5.19',
        until=None,
        doc=(
            'Each block is labelled with its allocator (CMA, SLAB, VMALLOC or OTHERS, from '
            'the PFN line and the stack): ", allocated by ..." follows the page count of an '
            'unculled line, and --cull/--sort take allocator (ator); before, the line is "N '
            'times, P pages:".'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='absent here; the PFN line is skipped unread',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
            Evidence(
                kind='patch',
                subject='[GIT PULL] MM updates for 5.19-rc1',
                date='2022-05-25',
                note=(
                    'lists the 5.19 page_owner_sort commits: multi-value selection, sorting '
                    'by multiple keys, the debug log (-d) and allocator labelling'
                ),
            ),
            Evidence(
                kind='source',
                release='5.19',
                path='tools/vm/page_owner_sort.c',
                tree='yishangzhang/linux-5.19',
                note=(
                    'blob c149427eb1c9 in a tree whose Makefile says 5.19.0: the v5.19 file '
                    '(the blob the "avoid repeated judgments" patch writes and mainline\'s '
                    '6.0 doc-path change starts from); built and checked against our output '
                    'on dumps of ten record eras'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='selection_lists',
        since='5.19',
        until=None,
        doc=(
            '--pid, --tgid and --name take comma-separated lists. In 5.18 each takes one '
            'value: a comma makes --pid/--tgid invalid, and --name keeps only the first 15 '
            'bytes (a TASK_COMM_LEN buffer) and selects the blocks whose name is exactly '
            'that.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='one strtol() per --pid/--tgid, strncpy() into a 16-byte comm for --name',
            ),
            Evidence(
                kind='source',
                release='6.1.192+deb12',
                path='tools/vm/page_owner_sort.c',
                tree='debian/linux-source-6.1',
            ),
            Evidence(
                kind='patch',
                subject='[GIT PULL] MM updates for 5.19-rc1',
                date='2022-05-25',
                note=(
                    'lists the 5.19 page_owner_sort commits: multi-value selection, sorting '
                    'by multiple keys, the debug log (-d) and allocator labelling'
                ),
            ),
            Evidence(
                kind='source',
                release='5.19',
                path='tools/vm/page_owner_sort.c',
                tree='yishangzhang/linux-5.19',
                note=(
                    'blob c149427eb1c9 in a tree whose Makefile says 5.19.0: the v5.19 file '
                    '(the blob the "avoid repeated judgments" patch writes and mainline\'s '
                    '6.0 doc-path change starts from); built and checked against our output '
                    'on dumps of ten record eras'
                ),
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='one_sort_option',
        since='6.7',
        until=None,
        doc=(
            'At most one of -a -m -n -p -P -s -t (two are a usage error, exit 1); none means '
            '-t; the chosen one then replaces any --sort, which is parsed and checked but '
            'never used.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='6.12.118+deb12',
                path='tools/mm/page_owner_sort.c',
                tree='debian/linux-source-6.12',
            ),
        ),
        unverified=(
            "the start at 6.7 comes from the notes (Audra Mitchell's series in the 6.7-rc1 MM "
            'pull); the fix "fix --sort option being silently ignored" was only seen queued '
            '(mm-new, 2026), not in a release'
        ),
    ),
    PageOwnerSortSwitch(
        name='strip_ts_digits',
        since='6.7',
        until=None,
        doc=(
            'Unless sorting by allocation time (-a), the digits of the first "ts ... ns" are '
            "cut out of each block's text, so blocks differing only in time group together "
            '(the header then reads "ts  ns").'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='6.12.118+deb12',
                path='tools/mm/page_owner_sort.c',
                tree='debian/linux-source-6.12',
            ),
        ),
        unverified=None,
    ),
    PageOwnerSortSwitch(
        name='ts_compare_never_equal',
        since='5.18',
        until='6.19',
        doc=(
            'The allocation-time comparison (and, while it exists, the free-time one) never '
            'says "equal", so blocks with the same timestamp come out of glibc\'s merge sort '
            'in the reverse of their earlier order when sorting ascending, and later --sort '
            'keys never decide.'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='5.18.12',
                path='tools/vm/page_owner_sort.c',
                tree='esuoyanyu/kernel-5.18',
                note='compare_ts() and compare_free_ts() as in 5.19',
            ),
            Evidence(
                kind='source',
                release='6.12.118+deb12',
                path='tools/mm/page_owner_sort.c',
                tree='debian/linux-source-6.12',
                note='carries the fix (returns 0 for equal timestamps) as a stable backport',
            ),
        ),
        unverified=(
            'the fix (a December 2025 mail) is placed in 6.19 from its date; not seen in a '
            '6.19 tree'
        ),
    ),
    PageOwnerSortSwitch(
        name='help_option',
        since='6.19',
        until=None,
        doc='-h and --help print the usage and exit 0 (before, -h was an unknown option).',
        evidence=(
            Evidence(
                kind='patch',
                subject='[PATCH] tools/mm/page_owner_sort: add help option support',
                date='2025-10-16',
            ),
        ),
        unverified='the release comes from the notes (6.19, from push logs); no 6.19 tree was read',
    ),
    PageOwnerSortSwitch(
        name='unreadable_comm_stops',
        since='7.3',
        until=None,
        doc=(
            'A block without a task name the tool can read (no "tgid N (name), ts" in its '
            'header, as in every dump older than 5.18, or a name of more than 15 bytes) ends '
            'the run: "Out of memory" on standard error, nothing written to OUTPUT, exit '
            'status 0. Before, such a block got an empty name (and a longer name overran its '
            '16-byte buffer).'
        ),
        evidence=(
            Evidence(
                kind='source',
                release='7.3-rc',
                path='tools/mm/page_owner_sort.c',
                tree='linux-mm/linux-mm',
                note=(
                    'the copy at commit 397c0577423f: get_comm() returns NULL when '
                    'search_pattern() finds no name or one that does not fit TASK_COMM_LEN, '
                    'and add_list() then prints "Out of memory" and main() leaves before '
                    'writing; built and run on dumps of 3.19, 4.19, 5.11 and 5.15'
                ),
            ),
            Evidence(
                kind='patch',
                subject='post-receive: pub/scm/linux/kernel/git/torvalds/linux (refs/heads/master)',
                date='2026-08-21',
                note=(
                    "mainline's push in the 7.3 merge window lists "
                    '"tools/mm/page_owner_sort: return explicit filter results", "free '
                    'per-record allocations" and "bound pattern output copies" (v7.2 was '
                    'tagged 2026-08-16, v7.3-rc1 2026-08-30)'
                ),
            ),
        ),
        unverified=(
            'no 7.3 tree was read: the text is the linux-mm copy, which also carries "fix '
            '--sort option being silently ignored" (still only in akpm\'s mm-everything on '
            '2026-09-30, so a 7.4 candidate); the 7.3 oracle is that copy with the --sort fix '
            'taken out'
        ),
    ),
)
