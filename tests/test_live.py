"""Against this machine's real kernel: /proc/kpageflags and our own pagemap."""

from __future__ import annotations

import ctypes
import mmap
import os
from array import array

import pytest
from conftest import KPAGEFLAGS, needs_kpageflags

from kpageflags import decode_pagemap, kpf_table, parse_release

pytestmark = pytest.mark.live

CHUNK = 1 << 20


def running_or_skip() -> str:
    try:
        return parse_release(os.uname().release).name
    except ValueError:
        pytest.skip(f"the running kernel {os.uname().release} is not a covered release")


def distinct_kpageflags_values() -> set[int]:
    seen: set[int] = set()
    fd = os.open(KPAGEFLAGS, os.O_RDONLY)
    try:
        offset = 0
        while True:
            data = os.pread(fd, CHUNK, offset)
            if not data:
                break
            values = array("Q")
            values.frombytes(data[: len(data) - len(data) % 8])
            seen.update(values)
            offset += len(data)
    finally:
        os.close(fd)
    return seen


@needs_kpageflags
def test_every_live_value_decodes_without_unknown_bits() -> None:
    kernel = running_or_skip()
    table = kpf_table(kernel)
    values = distinct_kpageflags_values()
    assert len(values) > 10
    undecoded = {hex(v): table.decode(v).unknown_bits for v in values if table.decode(v).unknown_bits}
    assert undecoded == {}


@needs_kpageflags
def test_live_pages_decode_to_plausible_flags() -> None:
    kernel = running_or_skip()
    table = kpf_table(kernel)
    names: set[str] = set()
    for value in distinct_kpageflags_values():
        names.update(table.decode(value).names)
    # Any running Linux has page cache on the LRU and free pages in the buddy allocator.
    assert {"lru", "uptodate", "buddy"} <= names


def test_own_pagemap_entry_for_a_touched_anonymous_page() -> None:
    kernel = running_or_skip()
    page = mmap.PAGESIZE
    area = mmap.mmap(-1, page, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    area.write(b"x")
    start = ctypes.addressof(ctypes.c_char.from_buffer(area))
    try:
        fd = os.open("/proc/self/pagemap", os.O_RDONLY)
    except OSError as error:
        pytest.skip(f"/proc/self/pagemap cannot be opened here: {error.strerror}")
    try:
        raw = os.pread(fd, 8, start // page * 8)
    finally:
        os.close(fd)
    entry = decode_pagemap(int.from_bytes(raw, "little"), kernel)
    assert entry.present and not entry.swapped
    assert entry.exclusive is True
    assert entry.file_or_shared_anon is False
    assert entry.unknown_bits == ()
    if os.geteuid() == 0:
        assert entry.pfn
