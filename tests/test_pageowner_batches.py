"""The page_owner parser reads whole blocks between empty lines and each distinct tail (the
lines after a PFN line) once; that must give the items of the line-by-line reading on any
input: records of every shape, stray text, runs of empty lines, records with no empty line
between them, text past the stray-text limit, and every cut of the input into batches."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpageflags.pageowner import records

LINES = [
    "Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 1, tgid 1 (init), ts 5 ns",
    "Page allocated via order 3, mask 0x52cc0(GFP_KERNEL|__GFP_COMP), pid 9, ts 7 ns, free_ts 0 ns",
    "Page allocated via order 0, mask 0x200da",
    "Page allocated via order x, not a header",
    "PFN 0x10 type Unmovable Block 0 type Unmovable Flags 0x0()",
    "PFN 4096 type Movable Block 8 type Movable Flags 0x2fffff80000020(lru|node=0|zone=2)",
    "PFN 262144 Block 512 type 2          Flags    U L     ",
    "PFN garbage",
    " get_page_from_freelist+0x1/0x2",
    " xfs_file_buffered_read+0xe6/0x1d0 [xfs]",
    " [<ffffffff81164e9a>] __alloc_pages_nodemask+0x15a/0xa30",
    "Page has been migrated, last migrate reason: compaction",
    "Slab cache page",
    "Charged (via objcg) to memcg /system.slice",
    "handle: 42",
    "some stray text",
    "Page allocated via order 1, mask 0x1(GFP_",
    "",
    "",
]


@settings(max_examples=400, deadline=None)
# A record's header right after another record's stack, with no empty line between them.
@example([0, 4, 8, 0, 4, 16], 7, 9)
# A header cut off as the last line, after as many stray lines as fill whole stray texts.
@example([15, 15, 16], 7, 2)
@given(
    st.lists(st.sampled_from(range(len(LINES))), max_size=60),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=2, max_value=9),
)
def test_batches_give_the_items_of_the_line_by_line_reading(picks: list[int], batch: int, carry: int) -> None:
    lines = [LINES[pick] for pick in picks]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(records, "STRAY_LIMIT", 3)
        expected = list(records._parse_last_lines(lines, 1))
        patched.setattr(records, "BATCH_LINES", batch)
        patched.setattr(records, "CARRY_LINES", carry)
        assert list(records.parse_records(lines)) == expected
