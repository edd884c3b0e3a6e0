"""A process's memory per mapping, against /proc/PID/smaps_rollup and on made-up entries."""

from __future__ import annotations

import json
import mmap
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_kpageflags, while_frames_hold

from kpageflags._generated.constants import KPF_ANON as ANON_BIT
from kpageflags._generated.constants import KPF_COMPOUND_HEAD, KPF_COMPOUND_TAIL, KPF_ZERO_PAGE
from kpageflags._generated.constants import KPF_THP as THP_BIT
from kpageflags._generated.constants import PM_FILE_OR_SHARED_ANON as FILE_OR_SHARED
from kpageflags._generated.constants import PM_PRESENT as PRESENT
from kpageflags._generated.constants import PM_SWAPPED as SWAPPED
from kpageflags.analysis.processmem import (
    process_memory,
    vma_memory,
)
from kpageflags.sources.files import LiveSource
from kpageflags.sources.processes import Vma
from kpageflags.sources.scan import process_pages

# The constants are bit numbers, as in the kernel's header; the tests build values from masks.
KPF_ANON, KPF_THP = 1 << ANON_BIT, 1 << THP_BIT
KPF_HEAD, KPF_TAIL = 1 << KPF_COMPOUND_HEAD, 1 << KPF_COMPOUND_TAIL

VMA = Vma(0x1000, 0x9000, "rw-p", 0, "00:00", 0, "")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_counts_from_entries_and_frames() -> None:
    entries = [PRESENT | 100, PRESENT | 101, PRESENT | FILE_OR_SHARED | 200, SWAPPED | 5, 0, PRESENT | 102]
    frames = {
        100: (KPF_ANON | KPF_THP | KPF_HEAD, 1),
        101: (KPF_ANON | KPF_THP | KPF_TAIL, 1),
        102: (KPF_ANON, 2),
        200: (0, 4),
    }
    memory = vma_memory(VMA, entries, lambda pfns: {p: frames[p] for p in pfns})
    assert (memory.rss, memory.swapped, memory.file, memory.anon, memory.thp, memory.uss) == (4, 1, 1, 3, 2, 2)
    assert memory.pss == pytest.approx(1 + 1 + 0.25 + 0.5)
    assert memory.thp_share == 0.5
    assert memory.thp_folios == {2: 1}


def test_huge_folios_are_sized_by_head_and_following_tails() -> None:
    thp = KPF_ANON | KPF_THP
    # Two 4-page folios back to back, a 2-page folio, a tail whose head is elsewhere, a plain page.
    layout = [
        (10, KPF_HEAD),
        (11, KPF_TAIL),
        (12, KPF_TAIL),
        (13, KPF_TAIL),
        (14, KPF_HEAD),
        (15, KPF_TAIL),
        (16, KPF_TAIL),
        (17, KPF_TAIL),
        (40, KPF_HEAD),
        (41, KPF_TAIL),
        (77, KPF_TAIL),
        (90, 0),
    ]
    frames = {pfn: ((thp | kind) if kind else KPF_ANON, 1) for pfn, kind in layout}
    memory = vma_memory(VMA, [PRESENT | pfn for pfn, _ in layout], lambda pfns: {p: frames[p] for p in pfns})
    assert memory.thp_folios == {4: 2, 2: 1, 1: 1}
    assert memory.thp == 11


def test_hidden_frames_leave_what_needs_them_unknown() -> None:
    # Without CAP_SYS_ADMIN present entries carry PFN 0.
    memory = vma_memory(VMA, [PRESENT, PRESENT | FILE_OR_SHARED, SWAPPED], lambda pfns: {})
    assert (memory.rss, memory.file, memory.swapped) == (2, 1, 1)
    assert memory.pss is None and memory.uss is None and memory.anon is None and memory.thp is None


def zero_page_mappings(pid: int) -> int:
    return sum(1 for page in process_pages(pid) if page.flags is not None and page.flags >> KPF_ZERO_PAGE & 1)


def smaps_rollup(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, rest = line.split(":", 1)
        values[name] = int(rest.split()[0]) * 1024 // os.sysconf("SC_PAGE_SIZE")
    return values


# A child that maps 8 MiB of shared memory, forks a second process that maps all of it too,
# then touches 64 MiB of private memory in huge pages where it can; both then wait.
SHARING_CHILD = """
import mmap, os, sys
shared = mmap.mmap(-1, 8 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
shared.madvise(getattr(mmap, "MADV_NOHUGEPAGE", mmap.MADV_NORMAL))
for i in range(0, 8 << 20, mmap.PAGESIZE):
    shared[i] = 1
reader, writer = os.pipe()
if os.fork() == 0:
    sum(shared[i] for i in range(0, 8 << 20, mmap.PAGESIZE))
    os.write(writer, b"mapped")
    sys.stdin.read()
    os._exit(0)
os.read(reader, 6)
private = mmap.mmap(-1, 64 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
private.madvise(getattr(mmap, "MADV_HUGEPAGE", mmap.MADV_NORMAL))
for i in range(0, 64 << 20, mmap.PAGESIZE):
    private[i] = 1
print("ready", flush=True)
sys.stdin.read()
os.wait()
"""


@needs_kpageflags
def test_a_child_process_agrees_with_smaps_rollup() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", SHARING_CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        rows, expected, zero = while_frames_hold(
            child.pid,
            lambda: (process_memory(LiveSource(), child.pid), smaps_rollup(child.pid), zero_page_mappings(child.pid)),
        )
    finally:
        child.communicate("", timeout=30)
    # pagemap shows a page that maps the shared zero page as present; smaps leaves it out.
    assert sum(r.rss for r in rows) - zero == expected["Rss"]
    assert sum(r.anon or 0 for r in rows) == expected["Anonymous"]
    assert sum(r.swapped for r in rows) == expected["Swap"]
    touched = max(rows, key=lambda r: r.rss)
    assert touched.rss >= (64 << 20) // mmap.PAGESIZE and touched.uss == touched.rss
    # Exactly two processes map each page of the shared memory, so each counts half.
    [shared] = [r for r in rows if r.vma.perms == "rw-s" and r.vma.end - r.vma.start == 8 << 20]
    assert shared.rss == (8 << 20) // mmap.PAGESIZE and shared.pss == shared.rss / 2 and shared.uss == 0
    # Other processes map and unmap the library pages the child shares with them between our
    # read and the kernel's, and each such page's share 1/n may move anywhere below one page:
    # by at most 1 - 1/n for a page n processes mapped in our read, and under one page for a
    # page only the child mapped. The kernel rounds Pss down to a kB; a page is allowed for it.
    may_move = 1.0
    for row in rows:
        if row is not shared and row.pss is not None and row.uss is not None:
            may_move += row.rss - row.pss + row.uss - (row.anon or 0)
    assert abs(sum(r.pss or 0 for r in rows) - expected["Pss"]) <= may_move
    # THP coverage: every page in an anonymous huge page counts, so at least AnonHugePages.
    assert sum(r.thp or 0 for r in rows) >= expected["AnonHugePages"]
    pmd_pages = (2 << 20) // os.sysconf("SC_PAGE_SIZE")
    assert (
        sum(pages * n for r in rows for pages, n in (r.thp_folios or {}).items() if pages == pmd_pages)
        == expected["AnonHugePages"]
    )
    if (
        "[madvise]" in Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
        or "[always]" in Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    ):
        assert expected["AnonHugePages"] > 0 and touched.thp_share is not None and touched.thp_share > 0.5


@pytest.mark.live
def test_cli_process_json_and_errors() -> None:
    result = run("process", str(os.getpid()), "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["schema"] == "kpageflags.process/1" for r in rows)
    assert any(r["path"] == "[heap]" or r["path"].endswith("python3") or "python" in r["path"] for r in rows)
    gone = run("process", "999999999")
    assert gone.returncode == 5  # ProcessGone, as page-types -p and snapshot -p say it
    assert gone.stderr.strip() == "kpageflags: error: no such process 999999999 (/proc/999999999/maps does not exist)"
