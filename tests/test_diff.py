"""kpageflags diff: per-group changes and page frames that moved between two snapshots."""

from __future__ import annotations

import json
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from kpageflags.analysis.counting import numpy_available
from kpageflags.analysis.diff import moves
from kpageflags.facts.categories import category_rules
from kpageflags.sources.snapshot import Snapshot, take_snapshot

BUDDY, LRU, MMAP, ANON = 1 << 10, 1 << 5, 1 << 11, 1 << 12
ZONEINFO = "Node 0, zone   Normal\n        spanned  100000\n        present  100000\n  start_pfn:           0\n"


def snapshot(tmp_path: Path, name: str, flags: list[int]) -> Path:
    (tmp_path / f"{name}.flags").write_bytes(array("Q", flags).tobytes())
    (tmp_path / "zoneinfo").write_text(ZONEINFO)
    output = tmp_path / f"{name}.kpf"
    take_snapshot(
        str(output),
        sources={"kpageflags": str(tmp_path / f"{name}.flags")},
        zoneinfo=str(tmp_path / "zoneinfo"),
        buddyinfo=str(tmp_path / "none"),
        memory_blocks=str(tmp_path / "none"),
        config=str(tmp_path / "none"),
        kernel="6.18.44",
        cgroup_root="",
    )
    return output


def pair(tmp_path: Path) -> tuple[Path, Path]:
    # 70000 frames: 1000 free pages become page cache, 500 anon pages are freed, the rest stay.
    before = [BUDDY] * 60000 + [LRU] * 8500 + [ANON | LRU | MMAP] * 1500
    after = [BUDDY] * 59000 + [LRU] * 9500 + [ANON | LRU | MMAP] * 1000 + [BUDDY] * 500
    return snapshot(tmp_path, "a", before), snapshot(tmp_path, "b", after)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "use_numpy",
    [False, pytest.param(True, marks=pytest.mark.skipif(not numpy_available(), reason="numpy is not installed"))],
)
def test_moves_pair_each_frame_before_and_after(tmp_path: Path, use_numpy: bool) -> None:
    a, b = pair(tmp_path)
    rules = category_rules("6.18.44")
    with Snapshot(str(a)) as first, Snapshot(str(b)) as second:
        moved = moves(rules, rules, first.chunks("kpageflags"), second.chunks("kpageflags"), use_numpy)
    assert moved == {
        ("free", "free"): 59000,
        ("free", "page_cache"): 1000,
        ("page_cache", "page_cache"): 8500,
        ("anon", "anon"): 1000,
        ("anon", "free"): 500,
    }


def test_cli_diff_json(tmp_path: Path) -> None:
    a, b = pair(tmp_path)
    result = run("diff", str(a), str(b), "--json", "--by", "zone")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    groups = {(o["group"], o["category"]): o["change"] for o in objects if o["kind"] == "group"}
    assert groups == {
        ("node0/Normal", "free"): -500,
        ("node0/Normal", "page_cache"): 1000,
        ("node0/Normal", "anon"): -500,
    }
    moved = {(o["from"], o["to"]): o["pages"] for o in objects if o["kind"] == "move"}
    assert moved == {("free", "page_cache"): 1000, ("anon", "free"): 500}
    text = run("diff", str(a), str(b)).stdout
    assert "free           page_cache             1000" in text
    rows = run("diff", str(a), str(b), "--csv").stdout.splitlines()
    assert rows[0] == "kind,group_or_from,category_or_to,before,after,change"
    assert "move,free,page_cache,,,1000" in rows and "group,total,anon,1500,1000,-500" in rows


def test_cli_diff_refuses_snapshots_of_different_machines(tmp_path: Path) -> None:
    a, _ = pair(tmp_path)
    small = snapshot(tmp_path, "small", [BUDDY] * 10)
    result = run("diff", str(a), str(small))
    assert result.returncode == 2 and "not snapshots of the same machine" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
