"""page-owner-sort cuts its input at empty lines a megabyte at a time; that must give the
blocks, PFN lines and losses of fgets() line by line (the C tool's read_block) on any input:
runs of empty lines, NUL bytes, lines and blocks past the buffer, a last block without an
empty line, and every cut of the input into chunks."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpageflags.pageownersort import reading
from kpageflags.pageownersort.reading import ReadReport, read_blocks

LINES = [
    b"Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 1, tgid 1 (init), ts 5 ns\n",
    b"PFN 0x10 type Unmovable Block 0 type Unmovable Flags 0x0()\n",
    b"PFN 0x20 type Movable Block 0 type Movable Flags 0x0()\n",
    b" get_page_from_freelist+0x1/0x2\n",
    b"\n",
    b"\n",
    b" with a \0 NUL inside\n",
    b"x" * 700 + b"\n",
    b"PFN" + b"y" * 700 + b"\n",
    b"no newline at the end",
    b"\r carriage return\n",
]


def line_by_line(data: bytes, faithful: bool) -> tuple[list[reading.Block], ReadReport]:
    report = ReadReport()
    blocks = list(reading._LineReader(faithful, report).blocks(io.BytesIO(data), last=True))
    return blocks, report


# The buffer made small, so that lines and blocks past it are small too.
SMALL_BUFFER = {"BUF_SIZE": 1024, "SMALL_BLOCK": 1022, "LONG_BLOCK": 4096}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(LINES))), max_size=40),
    st.booleans(),
    st.integers(min_value=1, max_value=300),
)
def test_chunked_reading_gives_the_blocks_of_fgets(picks: list[int], faithful: bool, chunk: int) -> None:
    data = b"".join(LINES[pick] if LINES[pick].endswith(b"\n") or pick == picks[-1] else b"" for pick in picks)
    report = ReadReport()
    with pytest.MonkeyPatch.context() as patched:
        for name, value in SMALL_BUFFER.items():
            patched.setattr(reading, name, value)
        expected, expected_report = line_by_line(data, faithful)
        patched.setattr(reading, "CHUNK", chunk)
        assert list(read_blocks(io.BytesIO(data), faithful, report)) == expected
    assert vars(report) == vars(expected_report)
