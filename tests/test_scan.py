"""The streaming readers of kpageflags.sources.scan, on fixtures and on this machine."""

from __future__ import annotations

import mmap
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, needs_kpageflags, present_frames, process_touching, save_kpageflags, while_frames_hold

from kpageflags.sources import scan
from kpageflags.sources.files import SavedFiles

SAMPLE = REPO / "tests" / "fixtures" / "page-types-sample" / "inputs" / "realistic-unique.bin"


def test_page_frames_of_a_saved_file() -> None:
    frames = list(scan.page_frames(source=SavedFiles({"kpageflags": str(SAMPLE)})))
    assert len(frames) == SAMPLE.stat().st_size // 8
    assert [f.pfn for f in frames] == list(range(len(frames)))
    assert frames[3].flags == int.from_bytes(SAMPLE.read_bytes()[24:32], "little")


def test_page_frames_of_a_range_and_summary() -> None:
    frames = list(scan.page_frames(10, 20, source=SavedFiles({"kpageflags": str(SAMPLE)})))
    assert [f.pfn for f in frames] == list(range(10, 20))
    counts = scan.summarise(source=SavedFiles({"kpageflags": str(SAMPLE)}))
    assert sum(counts.values()) == SAMPLE.stat().st_size // 8


def test_cgroup_inode_forms(tmp_path: Path) -> None:
    assert scan.cgroup_inode("@42") == 42
    assert scan.cgroup_inode(7) == 7
    assert scan.cgroup_inode(str(tmp_path)) == tmp_path.stat().st_ino


@needs_kpageflags
def test_process_pages_belong_to_their_mappings() -> None:
    area = mmap.mmap(-1, 1 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    area.write(b"y" * (1 << 20))
    pages = list(scan.process_pages(os.getpid()))
    assert pages
    for page in pages[:2000]:
        assert page.vma.start <= page.address < page.vma.end
    assert any(p.flags is not None and p.flags >> 12 & 1 for p in pages)  # some anonymous page


@needs_kpageflags
def test_cached_pages_of_a_file(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    target.write_bytes(os.urandom(256 << 10))
    target.read_bytes()
    pages = list(scan.cached_pages(str(target)))
    assert pages and all(p.path == str(target) for p in pages)
    assert {p.page for p in pages} <= set(range(64))


@needs_kpageflags
def test_cgroup_frames_of_this_process_cgroup() -> None:
    from kpageflags.sources.cgroups import memory_cgroup_root

    root = memory_cgroup_root()
    if root is None or not Path("/proc/kpagecgroup").exists():
        pytest.skip("no memory cgroup hierarchy or no /proc/kpagecgroup here")
    # The memory controller's line: "N:memory:/path" on cgroup v1, "0::/path" on v2.
    lines = [line.split(":", 2) for line in Path("/proc/self/cgroup").read_text().splitlines()]
    own = next(path for _, controllers, path in lines if "memory" in controllers.split(",") or controllers == "")
    directory = Path(root) / own.lstrip("/")
    # This process's own memory is charged to its cgroup, so there are frames to find.
    first = next(scan.cgroup_frames(str(directory)), None)
    assert first is not None and first.cgroup == directory.stat().st_ino


@needs_kpageflags
def test_process_pages_of_a_child_with_exit(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"])
    time.sleep(0.2)
    assert list(scan.process_pages(child.pid))
    child.kill()
    child.wait()


@needs_kpageflags
def test_process_summary_counts_what_the_page_walk_finds(tmp_path: Path) -> None:
    def both_walks(pid: int) -> tuple[dict[int, int], dict[int, int]]:
        # One saved read of the child's frames for both walks: the kernel flips some flags of
        # a resting process's pages by itself (idle, referenced, LRU lists).
        saved = SavedFiles({"kpageflags": str(save_kpageflags(tmp_path / "kpageflags", max(present_frames(pid)) + 1))})
        summary = scan.summarise_process(pid, source=saved)
        walked: dict[int, int] = {}
        for page in scan.process_pages(pid, source=saved):
            if page.flags is not None:
                walked[page.flags] = walked.get(page.flags, 0) + 1
        return summary, walked

    with process_touching(24) as pid:
        summary, walked = while_frames_hold(pid, lambda: both_walks(pid))
    assert summary == walked
    assert list(summary) == list(walked)  # first-seen order, walking the address space
    assert sum(summary.values()) >= (24 << 20) // mmap.PAGESIZE
