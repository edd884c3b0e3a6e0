"""Free memory contiguity from kpageflags, against brute force and the kernel's /proc/buddyinfo."""

from __future__ import annotations

import json
import operator
import random
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import KernelCounters, needs_kpageflags, snapshot_of_files
from hypothesis import given, settings
from hypothesis import strategies as st

from kpageflags._generated.constants import KPF_BUDDY
from kpageflags.analysis.breakdown import zone_segments
from kpageflags.analysis.freeblocks import blocks_of_run, free_blocks, max_order_of, parse_buddyinfo
from kpageflags.sources.counting import numpy_available
from kpageflags.sources.files import LiveSource
from kpageflags.sources.topology import parse_zoneinfo, read_zoneinfo

BUDDY = 1 << 10
NUMPY = [False, pytest.param(True, marks=pytest.mark.skipif(not numpy_available(), reason="numpy is not installed"))]


def brute_force(flags: list[int], max_order: int, offset: int = 0) -> list[int]:
    counts = [0] * (max_order + 1)
    start = None
    for index, value in enumerate([*flags, 0]):
        if value & BUDDY and start is None:
            start = index
        elif not value & BUDDY and start is not None:
            for order, n in enumerate(blocks_of_run(offset + start, offset + index, max_order)):
                counts[order] += n
            start = None
    return counts


def chunked(flags: list[int], size: int, offset: int = 0) -> list[tuple[int, bytes]]:
    return chunked_bytes(array("Q", flags).tobytes(), size, offset)


def chunked_bytes(data: bytes, size: int, offset: int = 0) -> list[tuple[int, bytes]]:
    return [(offset + i // 8, data[i : i + size * 8]) for i in range(0, len(data), size * 8)]


def test_a_run_is_cut_into_aligned_blocks() -> None:
    assert blocks_of_run(0, 1024, 10) == [0] * 10 + [1]
    assert blocks_of_run(0, 2048, 10) == [0] * 10 + [2]
    assert blocks_of_run(1, 4, 3) == [1, 1, 0, 0]  # 1, then 2-3
    assert blocks_of_run(6, 6, 3) == [0, 0, 0, 0]
    assert sum(n << o for o, n in enumerate(blocks_of_run(3, 1000, 10))) == 997


@pytest.mark.parametrize("use_numpy", NUMPY)
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), size=st.integers(1, 300), chunk=st.integers(1, 64))
def test_runs_that_cross_chunks_count_once(seed: int, size: int, chunk: int, use_numpy: bool) -> None:
    rng = random.Random(seed)
    flags: list[int] = []
    while len(flags) < size:
        flags += [rng.choice([0, BUDDY, 1 << 5])] * rng.randint(1, 40)
    result = free_blocks(chunked(flags, chunk), max_order=5, use_numpy=use_numpy)
    expected = brute_force(flags, 5)
    assert result.get("total", [0] * 6) == expected


def test_zones_cut_runs_at_their_edges() -> None:
    zones = parse_zoneinfo(
        "Node 0, zone DMA\n spanned 16\n present 16\n start_pfn: 0\n"
        "Node 0, zone Normal\n spanned 48\n present 48\n start_pfn: 16\n"
    )
    flags = [BUDDY] * 64  # one run across the zone boundary: the allocator never merges across zones
    result = free_blocks(chunked(flags, 10), zone_segments(zones, "zone"), max_order=10)
    assert result == {"node0/DMA": [0, 0, 0, 0, 1] + [0] * 6, "node0/Normal": [0, 0, 0, 0, 1, 1] + [0] * 5}


def test_buddyinfo_parsing() -> None:
    info = parse_buddyinfo("Node 0, zone      DMA      0      1      2\nNode 1, zone   Normal  5 6 7\n")
    assert info == {"node0/DMA": [0, 1, 2], "node1/Normal": [5, 6, 7]}
    assert max_order_of(info) == 2 and max_order_of({}) == 10


def whole_blocks(data: bytes, start: int, end: int, max_order: int) -> list[int]:
    """Per order, the free blocks among frames ``start`` <= pfn < ``end`` of a kpageflags read
    that begins at PFN 0, worked out without cutting runs: an aligned block is whole when both
    its halves are, and it is a block of its order when its parent is not whole."""
    base, top = start >> max_order << max_order, -(-end >> max_order) << max_order
    level = bytearray(top - base)  # frames outside [start, end) stay 0: not free here
    buddy_byte, buddy_shift = divmod(KPF_BUDDY, 8)
    level[start - base : end - base] = data[start * 8 + buddy_byte : end * 8 : 8].translate(
        bytes(byte >> buddy_shift & 1 for byte in range(256))
    )
    whole = []
    for _ in range(max_order + 1):
        whole.append(level.count(1))
        level = bytearray(map(operator.and_, level[0::2], level[1::2]))
    return [whole[order] - 2 * whole[order + 1] for order in range(max_order)] + [whole[max_order]]


@needs_kpageflags
def test_live_free_blocks_of_one_read_are_its_aligned_whole_blocks() -> None:
    # One read, kept, on both sides: the machine's frames as a large realistic input.
    with LiveSource().read() as reader:
        data = b"".join(chunk.flags for chunk in reader)
    max_order = max_order_of(parse_buddyinfo(Path("/proc/buddyinfo").read_text()))
    segments = zone_segments(read_zoneinfo(), "zone")
    expected: dict[str, list[int]] = {}
    for segment in segments:
        counts = whole_blocks(data, segment.start, min(segment.end, len(data) // 8), max_order)
        expected[segment.label] = [a + b for a, b in zip(expected.get(segment.label, [0] * len(counts)), counts)]
    # Pieces of an odd size, so that runs cross their edges at every alignment.
    found = free_blocks(chunked_bytes(data, 65537), segments, max_order)
    assert {zone: found.get(zone, [0] * (max_order + 1)) for zone in expected} == expected


@needs_kpageflags
def test_live_free_blocks_match_buddyinfo() -> None:
    buddyinfo = Path("/proc/buddyinfo")
    if not buddyinfo.exists():
        pytest.skip("/proc/buddyinfo is absent")
    before = KernelCounters.read()
    reported = parse_buddyinfo(buddyinfo.read_text())
    with LiveSource().read() as reader:
        found = free_blocks(
            ((c.first, c.flags) for c in reader), zone_segments(read_zoneinfo(), "zone"), max_order_of(reported)
        )
    after = KernelCounters.read()
    compared = []
    for zone, counts in found.items():
        if zone not in reported:
            continue
        # A page that enters or leaves the buddy allocator completes or breaks one aligned block
        # of each order at most, so each order's count can be off by the pages that moved
        # while the scan ran. A zone nothing touched must agree exactly.
        moved = after.free_pages_moved_since(before, zone)
        if moved >= max(reported[zone]):
            continue  # so busy that even an empty answer would be within the bound
        for order, (ours, theirs) in enumerate(zip(counts, reported[zone])):
            assert abs(ours - theirs) <= moved, (zone, order, counts, reported[zone], moved)
        compared.append(zone)
    if not compared:
        pytest.skip("every zone allocated or freed too many pages during the scan to compare its blocks")


def test_cli_free_blocks_from_a_snapshot(tmp_path: Path) -> None:
    flags = [BUDDY] * 1024 + [0] * 3 + [BUDDY] * 5
    (tmp_path / "flags").write_bytes(array("Q", flags).tobytes())
    (tmp_path / "zoneinfo").write_text("Node 0, zone Normal\n spanned 2000\n present 2000\n start_pfn: 0\n")
    (tmp_path / "buddyinfo").write_text("Node 0, zone   Normal 1 0 1 0 0 0 0 0 0 0 1\n")
    output = snapshot_of_files(
        tmp_path / "s.kpf",
        kpageflags=tmp_path / "flags",
        zoneinfo=tmp_path / "zoneinfo",
        buddyinfo=tmp_path / "buddyinfo",
    )
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "free-blocks", "--snapshot", str(output), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    zone = json.loads(result.stdout)
    # 1027-1031: 1027 alone, then 1028-1031 as a block of four.
    assert zone["blocks"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1] == zone["buddyinfo"]
    rows = subprocess.run(
        [sys.executable, "-m", "kpageflags", "free-blocks", "--snapshot", str(output), "--csv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout.splitlines()
    header = rows[0].split(",")
    assert header[:3] == ["zone", "page_size", "max_order"] and len(rows) == 2
    row = dict(zip(header, rows[1].split(",")))
    assert (row["zone"], row["blocks.2"], row["buddyinfo.2"], row["blocks.10"]) == ("node0/Normal", "1", "1", "1")
