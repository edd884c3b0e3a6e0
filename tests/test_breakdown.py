"""Memory categories from spec/categories.yaml, zone/block topology and the breakdown command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import KernelCounters, kpageflags_entries, needs_kpageflags

from kpageflags.analysis.breakdown import breakdown, zone_segments
from kpageflags.errors import BadValue, MissingPart, TopologyError
from kpageflags.facts.categories import categories, category, category_rules
from kpageflags.sources.counting import numpy_available
from kpageflags.sources.files import LiveSource, SavedFiles
from kpageflags.sources.topology import parse_zoneinfo, read_zoneinfo

BUDDY, SLAB, LRU, MMAP, ANON, SWAPBACKED = 1 << 10, 1 << 7, 1 << 5, 1 << 11, 1 << 12, 1 << 14
KSM, THP, PGTABLE, RESERVED = 1 << 21, 1 << 22, 1 << 26, 1 << 32

ZONEINFO = """Node 0, zone      DMA
  pages free     3
        spanned  15
        present  15
  start_pfn:           1
Node 0, zone   Normal
        spanned  84
        present  80
  start_pfn:           16
Node 0, zone  Movable
        spanned  20
        present  20
  start_pfn:           80
Node 1, zone   Normal
        spanned  50
        present  50
  start_pfn:           100
Node 1, zone  Movable
        spanned  0
        present  0
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=60, check=False
    )


def write_values(path: Path, values: list[int]) -> Path:
    path.write_bytes(array("Q", values).tobytes())
    return path


def test_the_rules_are_the_specs_and_the_last_takes_everything() -> None:
    ids = [c.id for c in categories()]
    assert ids[-1] == "kernel_other" and len(ids) == len(set(ids))
    assert category("free").all_set == ("buddy",)
    with pytest.raises(BadValue, match="unknown category 'nope'"):
        category("nope")


@pytest.mark.parametrize(
    ("kernel", "flags", "expected"),
    [
        ("6.18.44", BUDDY, "free"),
        ("6.18.44", ANON | KSM | LRU | MMAP, "ksm"),
        ("6.12", ANON | KSM | LRU | MMAP, "anon"),  # KSM set on every anon page 6.10-6.18.43
        ("6.18.44", SLAB | ANON | KSM, "slab"),  # slab pages that also show anon and ksm
        ("6.18.44", ANON | THP | LRU | MMAP, "anon_thp"),
        ("6.18.44", SWAPBACKED | LRU, "shmem"),
        ("6.18.44", THP | LRU, "file_thp"),
        ("6.18.44", LRU, "page_cache"),
        ("6.18.44", RESERVED, "reserved"),
        ("6.18.44", 0, "kernel_other"),
        ("6.18", PGTABLE, "page_table"),
        ("4.17", PGTABLE, "kernel_other"),  # bit 26 means nothing before 4.18
        ("2.6.28", BUDDY, "kernel_other"),  # buddy misreported before 2.6.29
        ("2.6.29", BUDDY, "free"),
    ],
)
def test_a_value_falls_in_the_first_category_whose_rule_holds(kernel: str, flags: int, expected: str) -> None:
    assert category_rules(kernel).category_of(flags) == expected


def test_tally_keeps_every_page() -> None:
    counts = {BUDDY: 10, LRU: 5, 0: 7, ANON | LRU | MMAP: 3, 1 << 63: 2}
    tally = category_rules("6.18").tally(counts)
    assert sum(tally.values()) == sum(counts.values())
    assert list(tally) == [c.id for c in categories()]
    assert tally["kernel_other"] == 9  # the unknown bit 63 is kept, in the catch-all


def test_zoneinfo_parsing_skips_empty_zones_and_keeps_order() -> None:
    zones = parse_zoneinfo(ZONEINFO)
    assert [(z.label, z.start_pfn, z.end_pfn, z.present) for z in zones] == [
        ("node0/DMA", 1, 16, 15),
        ("node0/Normal", 16, 100, 80),
        ("node0/Movable", 80, 100, 20),
        ("node1/Normal", 100, 150, 50),
    ]


def test_overlapping_spans_go_to_the_zone_that_starts_last() -> None:
    segments = zone_segments(parse_zoneinfo(ZONEINFO), "zone")
    assert [(s.start, s.end, s.label) for s in segments] == [
        (1, 16, "node0/DMA"),
        (16, 80, "node0/Normal"),
        (80, 100, "node0/Movable"),
        (100, 150, "node1/Normal"),
    ]
    nodes = zone_segments(parse_zoneinfo(ZONEINFO), "node")
    assert [(s.start, s.end, s.label) for s in nodes] == [(1, 100, "node0"), (100, 150, "node1")]


def test_a_file_that_is_not_zoneinfo_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TopologyError, match="no zone with pages"):
        parse_zoneinfo("MemTotal: 1 kB\n", "meminfo")
    with pytest.raises(TopologyError, match="no start_pfn line"):
        parse_zoneinfo("Node 0, zone DMA\n        spanned  4\n")
    with pytest.raises(TopologyError, match="missing"):
        read_zoneinfo(str(tmp_path / "missing"))


def synthetic(tmp_path: Path) -> tuple[Path, list[int]]:
    # PFN 0 and 150-159 lie outside every zone; node0 Movable holds anon, node1 slab.
    values = [RESERVED] + [BUDDY] * 15 + [LRU] * 64 + [ANON | LRU | MMAP] * 20 + [SLAB] * 50 + [0] * 10
    return write_values(tmp_path / "kpageflags", values), values


@pytest.mark.parametrize(
    "use_numpy",
    [False, pytest.param(True, marks=pytest.mark.skipif(not numpy_available(), reason="numpy is not installed"))],
)
def test_breakdown_by_zone_of_a_synthetic_file(tmp_path: Path, use_numpy: bool) -> None:
    path, values = synthetic(tmp_path)
    (tmp_path / "zoneinfo").write_text(ZONEINFO)
    saved = SavedFiles({"kpageflags": str(path), "zoneinfo": str(tmp_path / "zoneinfo")}, kernel="6.18")
    result = breakdown(saved, "zone", use_numpy=use_numpy)
    shown = {g.name: {k: v for k, v in g.categories.items() if v} for g in result.groups}
    assert shown == {
        "node0/DMA": {"free": 15},
        "node0/Normal": {"page_cache": 64},
        "node0/Movable": {"anon": 20},
        "node1/Normal": {"slab": 50},
        "outside": {"reserved": 1, "kernel_other": 10},
    }
    assert sum(g.pages for g in result.groups) == len(values)
    assert sum(result.total().values()) == len(values)


def memory_blocks(directory: Path, block_bytes: int, count: int) -> Path:
    """A copy of /sys/devices/system/memory with ``count`` online blocks of node 0."""
    directory.mkdir()
    (directory / "block_size_bytes").write_text(f"{block_bytes:x}\n")
    for number in range(count):
        (directory / f"memory{number}" / "node0").mkdir(parents=True)
        (directory / f"memory{number}" / "online").write_text("1\n")
    return directory


def test_breakdown_by_block_splits_at_block_edges(tmp_path: Path) -> None:
    path, _ = synthetic(tmp_path)
    blocks = memory_blocks(tmp_path / "memory", 64 * 4096, 3)
    saved = SavedFiles({"kpageflags": str(path), "memory_blocks": str(blocks)}, kernel="6.18", page_size=4096)
    result = breakdown(saved, "block")
    assert [(g.name, g.pages) for g in result.groups] == [("memory0", 64), ("memory1", 64), ("memory2", 32)]
    assert result.groups[0].categories["free"] == 15 and result.groups[0].categories["page_cache"] == 48


def test_saved_files_never_borrow_this_machines_topology(tmp_path: Path) -> None:
    path, _ = synthetic(tmp_path)
    saved = SavedFiles({"kpageflags": str(path)}, kernel="6.18")
    with pytest.raises(MissingPart, match=r"hold no zones .*give --zoneinfo FILE"):
        breakdown(saved, "zone")
    with pytest.raises(MissingPart, match=r"hold no memory blocks .*give --memory-blocks DIR"):
        breakdown(saved, "block")
    with pytest.raises(MissingPart, match=r"hold no kpagecgroup .*give --kpagecgroup FILE"):
        breakdown(saved, "cgroup")
    missing = saved.missing()
    assert {"zoneinfo", "memory_blocks", "config", "btf", "kpagecgroup", "processes"} <= set(missing)
    assert "give --config FILE" in missing["config"]
    result = run("breakdown", "-k", "6.18", "--kpageflags", str(path), "--by", "zone")
    assert result.returncode == 2 and "--zoneinfo" in result.stderr and len(result.stderr.splitlines()) == 1


def test_grouping_needs_a_known_grouping() -> None:
    with pytest.raises(BadValue, match="cannot group by 'socket'"):
        breakdown(SavedFiles({"kpageflags": "/dev/null"}, kernel="6.18"), "socket")


def test_cli_breakdown_json_csv_and_text(tmp_path: Path) -> None:
    path, values = synthetic(tmp_path)
    zoneinfo = tmp_path / "zoneinfo"
    zoneinfo.write_text(ZONEINFO)
    common = ["breakdown", "-k", "6.18", "--kpageflags", str(path), "--zoneinfo", str(zoneinfo), "--page-size", "4096"]
    result = run(*common, "--by", "node", "--json")
    assert result.returncode == 0, result.stderr
    groups = [json.loads(line) for line in result.stdout.splitlines()]
    assert [g["group"] for g in groups] == ["node0", "node1", "outside"]
    assert all(g["schema"] == "kpageflags.breakdown/2" and g["kernel"] == "6.18" for g in groups)
    assert sum(sum(g["categories"].values()) + g["holes"] for g in groups) == len(values)
    rows = list(csv.DictReader(io.StringIO(run(*common, "--by", "zone", "--csv").stdout)))
    movable = next(row for row in rows if row["group"] == "node0/Movable")
    assert (movable["kernel"], movable["page_size"], movable["categories.anon"]) == ("6.18", "4096", "20")
    assert sum(int(row["pages"]) + int(row["holes"]) for row in rows) == len(values)
    text = run(*common).stdout.splitlines()
    assert text[0].split() == ["group", "category", "pages", "size", "share"]
    assert any(line.split()[:3] == ["total", "free", "15"] for line in text)


def test_cli_breakdown_errors_are_one_line(tmp_path: Path) -> None:
    path, _ = synthetic(tmp_path)
    odd = tmp_path / "odd"
    odd.write_bytes(b"\0" * 12)
    not_zoneinfo = tmp_path / "meminfo"
    not_zoneinfo.write_text("MemTotal: 1 kB\n")
    for args in (
        ["--kpageflags", str(odd)],
        ["--kpageflags", str(path), "--by", "zone", "--zoneinfo", str(not_zoneinfo)],
        ["--by", "socket"],
    ):
        result = run("breakdown", "-k", "6.18", *args)
        assert result.returncode != 0
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_cli_categories_lists_the_rules_of_a_release() -> None:
    result = run("categories", "-k", "6.12")
    assert result.returncode == 0, result.stderr
    assert "skipped: known bug ksm_on_every_anonymous_page at 6.12" in result.stdout
    assert "skipped" not in run("categories", "-k", "6.18.44").stdout


def meminfo_pages() -> dict[str, int]:
    values = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        name, rest = line.split(":", 1)
        values[name] = int(rest.split()[0]) * 1024 // os.sysconf("SC_PAGE_SIZE")
    return values


@needs_kpageflags
def test_live_breakdown_agrees_with_the_kernels_own_counters() -> None:
    release = os.uname().release
    try:
        rules = category_rules(release)
    except ValueError:
        pytest.skip(f"the running kernel {release} is not a covered release")
    # The kernel's counters are read once, before the scan; what moves while it runs is bounded
    # by the allocations and frees counted around it (see KernelCounters).
    before = KernelCounters.read()
    meminfo = meminfo_pages()
    result = breakdown(LiveSource(kernel=rules.release.name), "zone")
    after = KernelCounters.read()
    # How many frames there are changes only when memory is hot-added past the highest one.
    assert sum(g.pages + g.holes for g in result.groups) == kpageflags_entries()
    for group in result.groups:
        if group.name in before.zones:
            moved = after.free_pages_moved_since(before, group.name)
            assert abs(group.categories["free"] - before.zones[group.name].free) <= moved, (group.name, moved)
    total = result.total()
    moved = after.pages_allocated_or_freed_since(before)
    # Slab also counts kmalloc allocations above two pages, which are not slab pages;
    # SReclaimable is slab pages only.
    assert meminfo["SReclaimable"] - moved <= total["slab"] <= meminfo["Slab"] + moved, moved
    cached = meminfo["Cached"] + meminfo["Buffers"]
    off_lru = after.file_pages_off_the_lru_since(before)
    assert -off_lru - moved <= total["page_cache"] + total["shmem"] + total["file_thp"] - cached <= moved, moved


def test_grouped_breakdown_ranks_and_sums_the_rest() -> None:
    from kpageflags.analysis.breakdown import grouped_breakdown

    counts = {"1 init": {LRU: 5}, "2 big": {ANON | LRU | MMAP: 50, LRU: 1}, "3 small": {BUDDY: 2}, "4 tiny": {0: 1}}
    result = grouped_breakdown("6.18", "process", counts, 4096, top=2)
    assert [(g.name, g.pages) for g in result.groups] == [("2 big", 51), ("1 init", 5), ("(other)", 3)]
    assert result.groups[0].categories["anon"] == 50 and result.groups[2].categories["free"] == 2


@needs_kpageflags
@pytest.mark.slow
def test_live_breakdown_by_process_finds_a_process_anonymous_memory(tmp_path: Path) -> None:
    from conftest import process_touching

    from kpageflags.sources.snapshot import Snapshot
    from kpageflags.sources.snapshot_writer import take_snapshot

    release = os.uname().release
    try:
        category_rules(release)
    except ValueError:
        pytest.skip(f"the running kernel {release} is not a covered release")
    pages = (16 << 20) // os.sysconf("SC_PAGE_SIZE")
    with process_touching(16) as pid:
        live = run("breakdown", "--by", "process", "--json")
        take_snapshot(str(tmp_path / "p.kpf"), LiveSource(), pids=[pid])
    assert live.returncode == 0, live.stderr
    groups = {g["group"].split()[0]: g for g in map(json.loads, live.stdout.splitlines())}
    assert groups[str(pid)]["categories"]["anon"] + groups[str(pid)]["categories"]["anon_thp"] >= pages
    saved = run("breakdown", "--by", "process", "--snapshot", str(tmp_path / "p.kpf"), "--json")
    assert saved.returncode == 0, saved.stderr
    [group] = [json.loads(line) for line in saved.stdout.splitlines()]
    assert group["group"].startswith(f"{pid} ")
    assert group["categories"]["anon"] + group["categories"]["anon_thp"] >= pages
    with Snapshot(str(tmp_path / "p.kpf")) as snapshot:
        assert pid in snapshot.processes()
