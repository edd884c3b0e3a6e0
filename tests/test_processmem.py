"""A process's memory per mapping, against /proc/PID/smaps_rollup and on made-up entries."""

from __future__ import annotations

import json
import mmap
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_kpageflags, process_touching

from kpageflags._generated.constants import KPF_ANON as ANON_BIT
from kpageflags._generated.constants import KPF_COMPOUND_HEAD, KPF_COMPOUND_TAIL
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


def smaps_rollup(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, rest = line.split(":", 1)
        values[name] = int(rest.split()[0]) * 1024 // os.sysconf("SC_PAGE_SIZE")
    return values


@needs_kpageflags
def test_a_child_process_agrees_with_smaps_rollup() -> None:
    with process_touching(64, huge_pages=True) as pid:
        rows = process_memory(LiveSource(), pid)
        expected = smaps_rollup(pid)
    rss = sum(r.rss for r in rows)
    assert rss == pytest.approx(expected["Rss"], rel=0.01)
    assert sum(r.pss or 0 for r in rows) == pytest.approx(expected["Pss"], rel=0.03)
    assert sum(r.anon or 0 for r in rows) == pytest.approx(expected["Anonymous"], rel=0.02)
    assert sum(r.swapped for r in rows) == expected["Swap"]
    touched = max(rows, key=lambda r: r.rss)
    assert touched.rss >= (64 << 20) // mmap.PAGESIZE and touched.uss == touched.rss
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


def test_cli_process_json_and_errors() -> None:
    result = run("process", str(os.getpid()), "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["schema"] == "kpageflags.process/1" for r in rows)
    assert any(r["path"] == "[heap]" or r["path"].endswith("python3") or "python" in r["path"] for r in rows)
    gone = run("process", "999999999")
    assert gone.returncode == 5  # ProcessGone, as page-types -p and snapshot -p say it
    assert gone.stderr.strip() == "kpageflags: error: no such process 999999999 (/proc/999999999/maps does not exist)"
