"""page-types -p and -f hand on runs of like pages: their output is the page-by-page walk's,
byte for byte, on frozen input (a made-up process's pagemap and page files) that breaks runs
in every way: gaps in virtual pages and frames, flags, cgroups and map counts that change,
pagemap bits, swap entries, a frame mapped twice, frames past the end of the files."""

from __future__ import annotations

import ctypes.util
import errno
import io
import os
import random
import subprocess
import sys
import time
from array import array
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import needs_kpageflags

from kpageflags._generated.constants import (
    KPF_REFERENCED,
    PM_EXCLUSIVE,
    PM_PFN_MASK,
    PM_PRESENT,
    PM_SOFT_DIRTY,
    PM_SWAPPED,
)
from kpageflags.cli.main import main
from kpageflags.errors import EnvironmentProblem
from kpageflags.pagetypes import lists, runsink
from kpageflags.pagetypes import run as page_types
from kpageflags.pagetypes.options import parse
from kpageflags.sources import ahead, filewalk, pageruns, walk
from kpageflags.sources.fileruns import file_runs
from kpageflags.sources.files import LiveSource
from kpageflags.sources.pageruns import PageRuns, split_runs
from kpageflags.sources.procfs import U64File
from kpageflags.sources.source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS

FRAMES = 2000
LRU, ANON, ACTIVE, REFERENCED = 1 << 5, 1 << 12, 1 << 6, 1 << 2
# Two mappings with unmapped pages between them; the walk reads them in chunks of CHUNK pages.
MAPPINGS = [(0x1000, 0x1000 + 700), (0x5000, 0x5000 + 300)]
CHUNK = 64
# A bit no release names: page-types stops at the first page that has it.
UNNAMED = 1 << 57

# Every kind of walk's size past which it imports numpy.
NUMPY_THRESHOLDS = (
    "NUMPY_AFTER_FRAMES",
    "NUMPY_AFTER_FRAMES_EACH",
    "NUMPY_AFTER_PROCESS_SUMMARY_PAGES",
    "NUMPY_AFTER_PROCESS_PAGES",
    "NUMPY_AFTER_PROCESS_PAGES_EACH",
    "NUMPY_AFTER_FILE_PAGES",
    "NUMPY_AFTER_FILE_PAGES_EACH",
)


def made_up_process(tmp_path: Path, unnamed_at: int | None = None) -> Path:
    """Page files of FRAMES frames and a pagemap of MAPPINGS, as files; with ``unnamed_at``,
    that frame has a bit no release names."""
    flags = array("Q", [LRU | ANON | (ACTIVE if pfn % 7 < 3 else 0) for pfn in range(FRAMES)])
    flags[300:340] = array("Q", [LRU | ANON | REFERENCED] * 40)
    if unnamed_at is not None:
        flags[unnamed_at] |= UNNAMED
    cgroups = array("Q", [10 + pfn // 150 for pfn in range(FRAMES)])
    counts = array("Q", [1 + (pfn // 45) % 3 for pfn in range(FRAMES)])
    for name, column in ((KPAGEFLAGS, flags), (KPAGECGROUP, cgroups), (KPAGECOUNT, counts)):
        (tmp_path / name).write_bytes(column.tobytes())
    entries: list[int] = []
    pfn = 100
    for page in range(1000):
        if page % 97 == 5:
            entries.append(0)  # not present
        elif page % 113 == 40:
            entries.append(0)  # not present, over a frame the run around it skips
            pfn += 1
        elif page % 89 == 7:
            entries.append(PM_SWAPPED | (page << 5) | 3)
        elif page % 211 == 11:
            entries.append(PM_PRESENT | PM_SWAPPED | pfn)  # both bits, as page-types reads them
        elif page % 131 == 13:
            entries.append(PM_PRESENT | 0)  # no frame number, as an unprivileged reader sees
        elif page % 150 == 20:
            entries.append(PM_PRESENT | entries[-1] & ((1 << 55) - 1) if entries[-1] else 0)  # a frame mapped twice
        else:
            if page % 60 == 0:
                pfn += 17  # a gap in frames
            bits = PM_SOFT_DIRTY if page % 50 < 20 else 0
            bits |= PM_EXCLUSIVE if page % 33 < 30 else 0
            entries.append(PM_PRESENT | bits | (pfn if page < 900 else pfn + FRAMES - 120))  # some past the end
            pfn += 1
    pagemap = tmp_path / "pagemap"
    with pagemap.open("wb") as out:
        done = 0
        for low, high in MAPPINGS:
            out.seek(low * 8)
            out.write(array("Q", entries[done : done + high - low]).tobytes())
            done += high - low
    return pagemap


AddPage = Callable[[int, int, int, int, int, int], None]


def old_walk_process(
    pagemap_path: Path,
    pid: int,
    frames: Callable[[], walk.PfnSource],
    ranges: list[tuple[int, int]],
    add_page: AddPage,
    add_swap: Callable[[int, int], None],
) -> None:
    """The page-by-page walk that runs replaced: each present page's entries read one by one."""
    source = frames()
    pagemap = U64File(str(pagemap_path))
    try:
        for start, size in ranges or [(0, (1 << 64) - 1)]:
            for low, high in walk.vmas(pid):
                for index in range(max(low, start), min(high, start + size)):
                    entry = pagemap.read(index, 1)
                    value = int.from_bytes(entry, "little") if entry else 0
                    pfn = value & ((1 << 55) - 1) if value & PM_PRESENT else 0
                    read = [f.read(pfn, 1) if f is not None else bytes(8) for f in source.files]
                    if pfn and read[0]:
                        raw, cgroup, mapcnt = (int.from_bytes(r or bytes(8), "little") for r in read)
                        add_page(index, pfn, raw, cgroup, mapcnt, value)
                    if value & PM_SWAPPED:
                        add_swap(index, value)
    finally:
        pagemap.close()
        source.close()


def page_by_page(tool: page_types.PageTypes) -> AddPage:
    """page-types' add_page as it was before runs: transformed, filtered, listed, counted."""

    def add_page(voffset: int, pfn: int, raw: int, cgroup: int, mapcnt: int, entry: int) -> None:
        flags = tool.tool.transform(raw, tool.options.raw, entry)
        if tool.filters and not all(f.matches(flags) for f in tool.filters):
            return
        if tool.options.cgroup is not None and cgroup != tool.options.cgroup:
            return
        if tool.lister is not None:
            tool.lister.run(voffset, pfn, 1, flags, cgroup, mapcnt)
        tool.summary.add(flags)

    return add_page


def walk_made_up(
    tmp_path: Path,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    old: bool,
    vectorised: bool = False,
    unnamed_at: int | None = None,
) -> str:
    """page-types' output for the made-up process (see ``made_up_process``): by runs, found
    with numpy (and the list's lines built with it) when ``vectorised``, or by the page-by-page
    walk when ``old``. With ``unnamed_at`` the walk stops there, its error after the output."""
    pagemap = made_up_process(tmp_path, unnamed_at)
    monkeypatch.setattr(walk, "vmas", lambda pid: MAPPINGS)
    monkeypatch.setattr(walk, "open_pagemap", lambda pid: U64File(str(pagemap)))
    monkeypatch.setattr(walk, "BATCH_PAGES", CHUNK)
    overrides = {name: str(tmp_path / name) for name in (KPAGEFLAGS, KPAGECGROUP, KPAGECOUNT)}
    options = parse(["--no-progress", "-k", "6.18", "-p", str(os.getpid()), *argv])
    out = io.StringIO()
    with monkeypatch.context() as patched:
        if vectorised:
            pytest.importorskip("numpy")
            for threshold in NUMPY_THRESHOLDS:
                patched.setattr(page_types, threshold, 0)
            patched.setattr(lists, "MATRIX_LINES", 1)
            patched.setattr(runsink, "VECTOR_RUNS", 1)
        if old:
            made = page_types.PageTypes.__init__

            def with_old_walk(self: page_types.PageTypes, *args: object, **kwargs: object) -> None:
                made(self, *args, **kwargs)  # type: ignore[arg-type]
                patched.setattr(walk, "walk_process", _old_with(pagemap, page_by_page(self)))

            patched.setattr(page_types.PageTypes, "__init__", with_old_walk)
        err = io.StringIO()
        code = page_types.run_with_readers(options, LiveSource(overrides=overrides), out, err)
    assert code == (0 if unnamed_at is None else 1)
    return out.getvalue() + err.getvalue()


def _old_with(pagemap: Path, add_page: AddPage) -> Callable[..., None]:
    def walk_process(
        pid: int,
        frames: Callable[[], walk.PfnSource],
        ranges: list[tuple[int, int]],
        visit: object,
        visit_swap: Callable[[int, int], None],
        progress: object,
        numpy_for: object,
    ) -> None:
        old_walk_process(pagemap, pid, frames, ranges, add_page, visit_swap)

    return walk_process


@pytest.mark.parametrize(
    "argv",
    [
        ["-l"],
        ["-L"],
        ["-l", "-r"],
        ["-L", "-r"],
        ["-l", "-b", "active"],
        ["-L", "-b", "~referenced"],
        ["-l", "-C"],
        ["-L", "-C", "-M"],
        ["-l", "-M", "-r"],
        ["-l", "-C", "-M", "-r"],
        ["-l", "-c", "@11"],
        ["-L", "-N", "-c", "@12"],
        ["-l", "-a", "0x1100,0x5050"],
        ["-l", "-k", "3.14"],
    ],
    ids=lambda argv: " ".join(argv),
)
@pytest.mark.parametrize("vectorised", [False, True], ids=["plain", "numpy"])
def test_process_runs_list_as_the_page_by_page_walk(
    argv: list[str], vectorised: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_runs = walk_made_up(tmp_path, argv, monkeypatch, old=False, vectorised=vectorised)
    assert by_runs == walk_made_up(tmp_path, argv, monkeypatch, old=True)
    assert len(by_runs.splitlines()) > 40  # the made-up process has pages of many kinds


@pytest.mark.parametrize("unnamed_at", [320, 117], ids=["mid-batch", "first-page"])
@pytest.mark.parametrize("argv", [["-l"], ["-L"], ["-L", "-C", "-M"]], ids=" ".join)
@pytest.mark.parametrize("vectorised", [False, True], ids=["plain", "numpy"])
def test_process_runs_list_up_to_a_bit_no_release_names(
    argv: list[str], vectorised: bool, unnamed_at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """page-types stops at the first page with a bit it cannot name: the runs' lines end where
    the page-by-page walk's do, in the middle of a batch of runs or before the first line (frame
    117 is the made-up process's first page)."""
    by_runs = walk_made_up(tmp_path, argv, monkeypatch, old=False, vectorised=vectorised, unnamed_at=unnamed_at)
    assert by_runs == walk_made_up(tmp_path, argv, monkeypatch, old=True, unnamed_at=unnamed_at)
    assert "unknown flag bit 57" in by_runs.splitlines()[-1]


@pytest.mark.parametrize("vectorised", [False, True], ids=["plain", "numpy"])
def test_runs_cover_each_present_page_once(vectorised: bool, tmp_path: Path) -> None:
    """split_runs against a page-by-page cut of the same pagemap batch: every present page with
    a frame inside the files, once, in order, with its own entries."""
    np = pytest.importorskip("numpy") if vectorised else None
    pagemap = made_up_process(tmp_path)
    low, high = MAPPINGS[0]
    data = pagemap.read_bytes()[low * 8 : high * 8]
    files = [U64File(str(tmp_path / name)) for name in (KPAGEFLAGS, KPAGECGROUP, KPAGECOUNT)]
    try:
        runs = split_runs(low, data, list(files), np)
        expected = []
        for index, entry in enumerate(array("Q", data)):
            pfn = entry & ((1 << 55) - 1)
            if entry & PM_PRESENT and 0 < pfn < FRAMES:
                columns = [int.from_bytes(f.read(pfn, 1), "little") for f in files]
                expected.append((low + index, pfn, *columns))
    finally:
        for page_file in files:
            page_file.close()
    pages = [
        (voffset + k, pfn + k, raw, cgroup, mapcnt)
        for voffset, pfn, count, raw, cgroup, mapcnt, _ in zip(*runs)
        for k in range(count)
    ]
    assert pages == expected
    assert len(runs.counts) < len(pages) // 2  # and they are runs, not single pages


@pytest.mark.parametrize("given", [(True, True, True), (True, False, False), (True, False, True)], ids=str)
@pytest.mark.parametrize("short_cgroups", [False, True], ids=["", "short-kpagecgroup"])
def test_file_runs_are_the_runs_split_runs_cuts(given: tuple[bool, ...], short_cgroups: bool, tmp_path: Path) -> None:
    """A file's runs, read in walk order, against split_runs' (read by frame): the same runs,
    over frames past the ends of the files and entries that change inside runs."""
    pagemap = made_up_process(tmp_path)
    if short_cgroups:  # kpagecgroup ends before kpageflags: its entries past its end are 0
        with (tmp_path / KPAGECGROUP).open("r+b") as cgroups:
            cgroups.truncate(1200 * 8)  # inside the frames of the second mapping
    names = (KPAGEFLAGS, KPAGECGROUP, KPAGECOUNT)
    files = [U64File(str(tmp_path / name)) if wanted else None for name, wanted in zip(names, given)]
    try:
        for low, high in MAPPINGS:
            data = pagemap.read_bytes()[low * 8 : high * 8]
            for first in range(0, len(data), 8 * CHUNK):
                batch = data[first : first + 8 * CHUNK]
                expected = split_runs(low, batch, files)
                assert file_runs(low, batch, files) == expected
            runs = file_runs(low, data, files)
            assert runs == split_runs(low, data, files)
            assert 40 < len(runs.counts) < sum(runs.counts)  # runs of several pages, cut often
    finally:
        for page_file in files:
            if page_file is not None:
                page_file.close()


@pytest.mark.parametrize("vectorised", [False, True], ids=["plain", "numpy"])
def test_a_process_walk_hands_on_a_batch_of_pages_at_a_time(
    vectorised: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runs of fragmented memory are a Python int or more a page: each batch handed on
    covers at most walk.BATCH_PAGES pages, so what the walk holds does not grow with the
    process, with numpy or without."""
    np = pytest.importorskip("numpy") if vectorised else None
    frames, pages = 1 << 16, 3 * walk.BATCH_PAGES + 100
    flags = tmp_path / KPAGEFLAGS
    flags.write_bytes(array("Q", [LRU | ANON] * frames).tobytes())
    pagemap = tmp_path / "pagemap"
    # Each page at a frame far from its neighbour's: a run a page.
    pagemap.write_bytes(array("Q", [PM_PRESENT | (page * 7919) % frames for page in range(pages)]).tobytes())
    monkeypatch.setattr(walk, "vmas", lambda pid: [(0, pages)])
    monkeypatch.setattr(walk, "open_pagemap", lambda pid: U64File(str(pagemap)))
    handed: list[int] = []
    walk.walk_process(
        os.getpid(),
        lambda: walk.PfnSource(U64File(str(flags)), None, None),
        [],
        lambda runs: handed.append(sum(runs.counts)),
        lambda voffset, entry: None,
        numpy_for=lambda walked: np,
    )
    assert sum(handed) == pages - 1  # page 0 is at frame 0, which page-types skips
    assert max(handed) <= walk.BATCH_PAGES and len(handed) == 4


def test_a_page_both_present_and_swapped_comes_between_its_run_halves() -> None:
    seen: list[object] = []
    runs = PageRuns([10, 20], [100, 200], [5, 3], [1, 2], [0, 0], [0, 0], [7, 8])
    # Page 8 is swapped only; page 12, inside the first run, is present and swapped.
    walk._interleave(runs, [(8, 99), (12, 98)], seen.append, lambda voffset, entry: seen.append((voffset, entry)))
    assert seen == [
        (8, 99),
        PageRuns([10], [100], [3], [1], [0], [0], [7]),
        (12, 98),
        PageRuns([13, 20], [103, 200], [2, 3], [1, 2], [0, 0], [0, 0], [10, 8]),
    ]


def test_many_reads_give_what_each_read_gives(tmp_path: Path) -> None:
    saved = tmp_path / "kpageflags"
    saved.write_bytes(array("Q", range(100)).tobytes())
    firsts, counts = [0, 10, 97, 120, 50], [3, 1, 5, 2, 0]  # the last two past and at no length
    with U64File(str(saved)) as page_file:
        assert page_file.read_spans(firsts, counts) == list(map(page_file.read, firsts, counts))
        assert page_file.read_spans(firsts, counts)[2] == array("Q", [97, 98, 99]).tobytes()
        assert page_file.read_spans([], []) == []


def test_many_reads_fail_as_the_read_that_fails(tmp_path: Path) -> None:
    saved = tmp_path / "kpageflags"
    saved.write_bytes(bytes(8 * 10))
    with U64File(str(saved)) as page_file:
        with saved.open("ab") as growing:  # the file grows by half an entry after it was opened
            growing.write(bytes(4))
        with pytest.raises(EnvironmentProblem, match="a read at entry 9 returned 12 bytes"):
            page_file.read_spans([0, 9], [2, 2])


def test_cached_spans_are_the_odd_bytes_of_the_vector() -> None:
    spans = pageruns.stretches(filewalk._cached(bytes([1, 1, 0, 3, 2, 1, 0, 0, 5])))
    assert spans == [(0, 2), (3, 4), (5, 6), (8, 9)]
    assert pageruns.stretches(filewalk._cached(bytes(4))) == []


def _runs_page_by_page(entries: list[int]) -> tuple[list[int], list[int]]:
    """pagemap_runs' definition, a page at a time: present pages with a frame, each run's
    entries one apart."""
    starts: list[int] = []
    lengths: list[int] = []
    for index, entry in enumerate(entries):
        if not entry & PM_PRESENT or not entry & PM_PFN_MASK:
            continue
        if starts and starts[-1] + lengths[-1] == index and entries[index - 1] + 1 == entry:
            lengths[-1] += 1
        else:
            starts.append(index)
            lengths.append(1)
    return starts, lengths


@pytest.mark.parametrize("present_share", [0.02, 0.15, 0.3, 0.9])
def test_pagemap_runs_are_the_page_by_page_runs_among_few_or_many_present_pages(present_share: float) -> None:
    """Batches where fewer than one page in pageruns.SPARSE is present are cut among their
    present pages alone: runs still end where a stretch of present pages does, even where the
    next stretch's frame would continue the last one's (as after an unmapped page of a file)."""
    chance = random.Random(present_share)
    entries = []
    for _ in range(4096):
        if chance.random() >= present_share:
            entries.append(PM_SWAPPED | 0x55 if chance.random() < 0.1 else 0)
            continue
        follows = entries and entries[-1] & PM_PRESENT and chance.random() < 0.7
        pfn = (entries[-1] & PM_PFN_MASK) + 1 if follows else chance.choice([0, chance.randrange(1, 1 << 40)])
        entries.append(PM_PRESENT | (PM_SOFT_DIRTY if chance.random() < 0.05 else 0) | pfn)
    # A present page two after another, at the frame two after its: one run only without the gap.
    entries[100:103] = [PM_PRESENT | 5000, 0, PM_PRESENT | 5002]
    data = array("Q", entries).tobytes()
    expected = _runs_page_by_page(entries)
    assert pageruns.pagemap_runs(data) == expected
    starts, lengths = expected
    assert lengths[starts.index(100)] == 1 and 102 in starts
    # Both ways of cutting are tried.
    present = sum(1 for entry in entries if entry & PM_PRESENT)
    assert (present * pageruns.SPARSE < len(entries)) == (present_share < 1 / pageruns.SPARSE)


def test_changes_find_every_differing_entry() -> None:
    one = array("Q", [1, 1, 2, 2, 2, 3, 1, 1]).tobytes()
    other = array("Q", [5, 6, 6, 6, 6, 6, 6, 7]).tobytes()
    assert pageruns.changes([one]) == [2, 5, 6]
    assert pageruns.changes([one, other]) == [1, 2, 5, 6, 7]


@needs_kpageflags
@pytest.mark.parametrize("vectorised", [False, True], ids=["plain", "numpy"])
def test_file_walk_runs_are_its_cached_pages_page_by_page(
    vectorised: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached file's walk, its pagemap read once and frozen: the pages of its runs against a
    page-by-page cut of the same entries."""
    np = pytest.importorskip("numpy") if vectorised else None
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(3 << 20))
    target.read_bytes()
    frozen: list[tuple[int, bytes]] = []
    cut = file_runs

    def freezing(index: int, data: bytes, files: list[U64File | None], np: Any) -> PageRuns:
        frozen.append((index, data))
        return cut(index, data, files, np)

    monkeypatch.setattr(filewalk, "file_runs", freezing)
    monkeypatch.setattr(filewalk, "FILE_CHUNK_PAGES", 64)  # chunks mapped in a thread, ahead
    source = walk.PfnSource.of(LiveSource(), cgroups=True, counts=True)
    walked: list[PageRuns] = []
    try:
        filewalk.walk_file(str(target), source, [], walked.append, np)
        assert [index for index, _ in frozen] == list(range(0, 768, 64))  # every chunk, in order
        single = [_page_by_page(index, data, source.files) for index, data in frozen]
        assert [page for runs in walked for page in _pages(runs)] == [page for runs in single for page in _pages(runs)]
    finally:
        source.close()


def _page_by_page(index: int, data: bytes, files: list[U64File | None]) -> PageRuns:
    columns: list[list[int]] = [[] for _ in range(7)]
    for offset, entry in enumerate(array("Q", data)):
        pfn = entry & ((1 << 55) - 1)
        if entry & PM_PRESENT and pfn:
            read = [int.from_bytes(f.read(pfn, 1), "little") if f is not None else 0 for f in files]
            for column, value in zip(columns, [index + offset, pfn, 1, *read, entry]):
                column.append(value)
    return PageRuns(*columns)


def _pages(runs: PageRuns) -> list[tuple[int, int]]:
    return [
        (voffset + k, pfn + k)
        for voffset, pfn, count in zip(runs.voffsets, runs.pfns, runs.counts)
        for k in range(count)
    ]


@needs_kpageflags
def test_file_walk_maps_cached_pages_without_marking_them_accessed(tmp_path: Path) -> None:
    """Pages read ahead (posix_fadvise WILLNEED) are cached without being marked accessed. The
    walk maps them by reading a byte of each, as page-types does, which leaves them so: none is
    shown referenced. madvise(MADV_POPULATE_READ) would mark each one accessed."""
    pages = 256
    size = pages * filewalk.PAGE_SIZE
    target = tmp_path / "read-ahead.bin"
    with open(target, "wb") as handle:
        handle.write(os.urandom(size))
        handle.flush()
        os.fsync(handle.fileno())
    fd = os.open(target, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        if _cached_pages(fd, size):
            pytest.skip("this file system keeps the file's pages cached (tmpfs)")
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        # Read-ahead is asynchronous: wait for it, within a busy machine's disk latency.
        for _ in range(200):
            if _cached_pages(fd, size) == pages:
                break
            time.sleep(0.05)
    finally:
        os.close(fd)
    source = walk.PfnSource.of(LiveSource(), cgroups=False, counts=False)
    walked: list[PageRuns] = []
    try:
        filewalk.walk_file(str(target), source, [], walked.append)
    finally:
        source.close()
    flags = [raw for runs in walked for raw, count in zip(runs.raws, runs.counts) for _ in range(count)]
    assert flags, "no page of the file was cached"
    assert [raw for raw in flags if raw >> KPF_REFERENCED & 1] == []


def _cached_pages(fd: int, size: int) -> int:
    """How many pages of the open file mincore says are cached; the file is mapped, not read."""
    libc = filewalk._libc().lib
    address = libc.mmap(None, size, filewalk.PROT_READ, filewalk.MAP_SHARED, fd, 0)
    assert address not in (None, filewalk.MAP_FAILED)
    try:
        vector = ctypes.create_string_buffer(size // filewalk.PAGE_SIZE)
        assert libc.mincore(address, size, vector) == 0
        return sum(byte & 1 for byte in vector.raw)
    finally:
        libc.munmap(address, size)


@needs_kpageflags
@pytest.mark.parametrize("window", [filewalk.FAULT_AROUND_PAGES, 1 << 20], ids=["fault-around", "pages-left-unmapped"])
def test_file_walk_maps_every_cached_page(window: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte of a page in each fault-around window is read, which maps the window's cached
    pages; where that leaves pages unmapped (here, a window larger than the kernel's), each
    cached page is read, so that every one is walked, as page-types reads every one."""
    pages = 300
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(pages * filewalk.PAGE_SIZE))
    monkeypatch.setattr(filewalk, "FAULT_AROUND_PAGES", window)
    libc = filewalk._libc().lib
    source = walk.PfnSource.of(LiveSource(), cgroups=False, counts=False)
    walked: list[PageRuns] = []
    # Locked in memory by this process, every page stays cached through the walk.
    size = pages * filewalk.PAGE_SIZE
    fd = os.open(target, os.O_RDONLY)
    address = libc.mmap(None, size, filewalk.PROT_READ, filewalk.MAP_SHARED, fd, 0)
    try:
        assert libc.mlock(ctypes.c_void_p(address), ctypes.c_size_t(size)) == 0
        filewalk.walk_file(str(target), source, [], walked.append)
    finally:
        source.close()
        libc.munmap(address, size)
        os.close(fd)
    assert sorted(page for runs in walked for page, _ in _pages(runs)) == list(range(pages))


@needs_kpageflags
@pytest.mark.parametrize("listing", [[], ["-l"]], ids=["summary", "list"])
def test_a_chunk_that_fails_to_map_in_the_worker_is_one_line_after_the_chunks_before(
    listing: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chunks are mapped in a thread ahead of the walk: an error there ends the walk where that
    chunk would come, as one line, after the chunks before it were walked in their order (by
    runs for a list, by a count of flags for a summary alone)."""
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(12 * filewalk.PAGE_SIZE))
    target.read_bytes()
    libc = filewalk._Libc()
    real_mmap = libc.lib.mmap
    offsets: list[int] = []

    def mmap(address: object, length: int, prot: int, flags: int, fd: int, offset: int) -> int | None:
        offsets.append(offset)
        if offset == 8 * filewalk.PAGE_SIZE:
            ctypes.set_errno(errno.ENOMEM)
            return filewalk.MAP_FAILED
        return int(real_mmap(address, length, prot, flags, fd, offset))

    monkeypatch.setattr(libc.lib, "mmap", mmap)
    monkeypatch.setattr(filewalk, "_libc", lambda: libc)
    monkeypatch.setattr(filewalk, "FILE_CHUNK_PAGES", 4)
    walked: list[int] = []
    handle_chunks = filewalk._handle_chunks

    def watched(mapped: Any, handle: Callable[[int, bytes], None]) -> None:
        def watched_handle(first: int, entries: bytes) -> None:
            walked.append(first)
            handle(first, entries)

        handle_chunks(mapped, watched_handle)

    monkeypatch.setattr(filewalk, "_handle_chunks", watched)
    assert main(["page-types", "--no-progress", "-f", str(target), *listing]) != 0
    assert walked == [0, 4] and offsets == [0, 4 * filewalk.PAGE_SIZE, 8 * filewalk.PAGE_SIZE]
    assert capsys.readouterr().err.splitlines()[-1:] == [
        f"kpageflags: error: mmap failed: {target}: {os.strerror(errno.ENOMEM)}"
    ]


@needs_kpageflags
def test_file_walk_keeps_resident_memory_small(tmp_path: Path) -> None:
    """The cached pages a file walk touches are resident while mapped: it maps a few at a time."""
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(160 << 20))
    target.read_bytes()
    # The peak of the child's own memory (ru_maxrss would start from this process's, at fork).
    script = (
        "import sys\n"
        "from kpageflags.pagetypes.run import main\n"
        "main(['--no-progress', '-N', '-l', '-f', sys.argv[1]])\n"
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True)
    assert int(result.stdout.splitlines()[-1]) < 64 << 10  # KiB


@pytest.mark.live
@needs_kpageflags
def test_a_directory_walk_loads_libc_once_without_a_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ctypes' find_library runs ldconfig each time (once per file made -f over 50,000 files take
    minutes) and imports subprocess: libc's functions are the process's own symbols, set up once."""
    for index in range(3):
        (tmp_path / f"file{index}").write_bytes(b"x" * 8192)
    looked_up: list[str] = []
    loaded: list[object] = []
    original = ctypes.CDLL

    def counted(name: str | None, *args: Any, **kwargs: Any) -> ctypes.CDLL:
        loaded.append(name)
        return original(name, *args, **kwargs)

    filewalk._libc.cache_clear()
    monkeypatch.setattr(ctypes.util, "find_library", looked_up.append)
    monkeypatch.setattr(ctypes, "CDLL", counted)
    out, err = io.StringIO(), io.StringIO()
    assert page_types.main(["--no-progress", "-f", str(tmp_path)], out=out, err=err) == 0
    assert looked_up == [] and loaded == [None]


@needs_kpageflags
def test_files_cachestat_skips_are_those_mincore_finds_uncached(tmp_path: Path) -> None:
    """cachestat(2) lets a directory walk skip files with no cached page without mapping them:
    the pages walked are those of the mincore walk, file by file, with some files evicted (the
    others, just written, stay cached for the second this takes on a machine with GiBs free)."""
    names = []
    for index in range(6):
        path = tmp_path / f"file{index}"
        with path.open("wb") as out:
            out.write(os.urandom(5 * 4096 + 100))
            out.flush()
            os.fsync(out.fileno())
            if index % 2:
                # Clean pages, once written back, can be dropped from the cache.
                os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        names.append(str(path))
    libc = filewalk._libc()
    if libc.cachestat is None:
        pytest.skip("no cachestat(2) here (before 6.5, or another architecture)")
    source = walk.PfnSource.of(LiveSource(), cgroups=False, counts=False)
    skipped = [_nothing_cached(libc, name) for name in names]
    number = libc.cachestat
    try:
        by_cachestat = [_walked_pages(name, source) for name in names]
        libc.cachestat = None
        by_mincore = [_walked_pages(name, source) for name in names]
    finally:
        libc.cachestat = number
        source.close()
    assert by_cachestat == by_mincore
    assert [not pages for pages in by_mincore] == skipped
    assert any(skipped) and not all(skipped)


def _nothing_cached(libc: filewalk._Libc, name: str) -> bool:
    fd = os.open(name, os.O_RDONLY)
    try:
        return libc.nothing_cached(fd, os.fstat(fd).st_dev)
    finally:
        os.close(fd)


def _walked_pages(name: str, source: walk.PfnSource) -> list[int]:
    walked: list[PageRuns] = []
    filewalk.walk_file(name, source, [], walked.append)
    return [voffset for runs in walked for voffset, _ in _pages(runs)]


def test_cachestat_is_not_trusted_on_file_systems_outside_the_known_list() -> None:
    """On overlayfs (containers) cachestat sees none of the pages mincore finds through the
    mapping: only file systems known to keep a file's pages in its own cache skip by it."""
    assert 0x794C7630 not in filewalk.OWN_PAGE_CACHE  # overlayfs
    assert not _nothing_cached(filewalk._libc(), "/proc/self/status")  # procfs: not in the list


PROCESS_PAGES = sum(high - low for low, high in MAPPINGS)
FILE_PAGES = 300


class _CountedInBulk:
    """A -p summary counted in bulk, made only to find numpy missing and closed unused."""

    def __init__(self, *args: object) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.mark.parametrize("longer", [True, False], ids=["longer", "not-longer"])
@pytest.mark.parametrize(
    ("threshold", "argv", "pages"),
    [
        ("NUMPY_AFTER_FRAMES", ["-a", f"0,{FRAMES}", "-l"], FRAMES),
        ("NUMPY_AFTER_FRAMES", ["-a", f"0,{FRAMES}", "-c", "@10"], FRAMES),
        ("NUMPY_AFTER_FRAMES_EACH", ["-a", f"0,{FRAMES}", "-L"], FRAMES),
        ("NUMPY_AFTER_PROCESS_SUMMARY_PAGES", ["-p", "{pid}"], PROCESS_PAGES),
        ("NUMPY_AFTER_PROCESS_PAGES", ["-p", "{pid}", "-l"], PROCESS_PAGES),
        ("NUMPY_AFTER_PROCESS_PAGES_EACH", ["-p", "{pid}", "-L"], PROCESS_PAGES),
        ("NUMPY_AFTER_FILE_PAGES", ["-f", "{file}", "-l"], FILE_PAGES),
        ("NUMPY_AFTER_FILE_PAGES_EACH", ["-f", "{file}", "-L"], FILE_PAGES),
    ],
    ids=[
        "frames-list",
        "frames-cgroup",
        "frames-each",
        "process-summary",
        "process-list",
        "process-each",
        "file-list",
        "file-each",
    ],
)
def test_each_kind_of_walk_imports_numpy_only_past_its_own_threshold(
    threshold: str, argv: list[str], pages: int, longer: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other kinds' thresholds are 0: a walk that looked at one of them would ask for numpy."""
    from kpageflags.sources import counting, processwalk

    pagemap = made_up_process(tmp_path)
    monkeypatch.setattr(walk, "vmas", lambda pid: MAPPINGS)
    monkeypatch.setattr(walk, "open_pagemap", lambda pid: U64File(str(pagemap)))
    monkeypatch.setattr(processwalk, "walked_pages", lambda pid, ranges: PROCESS_PAGES)
    monkeypatch.setattr(processwalk, "ProcessSummary", _CountedInBulk)
    monkeypatch.setattr(filewalk, "walk_file", lambda *args, **options: None)  # the choice comes before it
    cached = tmp_path / "cached"
    cached.write_bytes(bytes(FILE_PAGES * os.sysconf("SC_PAGE_SIZE")))
    for name in NUMPY_THRESHOLDS:
        monkeypatch.setattr(page_types, name, 0)
    monkeypatch.setattr(page_types, threshold, pages - 1 if longer else pages)
    asked: list[str] = []

    # Asked for, numpy is not there: every walk goes on without it.
    def numpy_available() -> bool:
        asked.append("numpy")
        return False

    def numpy_module() -> None:
        numpy_available()

    monkeypatch.setattr(counting, "numpy_available", numpy_available)
    monkeypatch.setattr(counting, "numpy_module", numpy_module)
    overrides = {name: str(tmp_path / name) for name in (KPAGEFLAGS, KPAGECGROUP, KPAGECOUNT)}
    filled = [a.format(pid=os.getpid(), file=cached) for a in argv]
    options = parse(["--no-progress", "-k", "6.18", *filled])
    code = page_types.run_with_readers(options, LiveSource(overrides=overrides), io.StringIO(), io.StringIO())
    assert code == 0
    assert bool(asked) == longer, asked


@needs_kpageflags
@pytest.mark.parametrize("options", [[], ["-b", "lru,~active"]], ids=["summary", "filtered"])
def test_a_file_summary_counted_from_flags_alone_equals_the_one_its_runs_give(
    options: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary alone counts the flags of a file's cached pages without building runs; with a
    list, runs are built and counted. Both summaries agree. The flags come from a saved copy of
    every frame whose values change page by page (a bit no release names among them), so that
    only the file's frames are read from this machine, its pages locked in memory meanwhile."""
    frames = LiveSource().frame_total()
    assert frames
    pattern = array("Q", [0x28, 0x2C, 0x6C, 0x400, 0x868, 0x28 | 1 << 58, 0x20]).tobytes()
    saved = tmp_path / "kpageflags"
    saved.write_bytes(pattern * (frames // 7 + 1))
    size = 2 << 20
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(size))
    counted: list[str] = []
    count_file = filewalk.count_file

    def watched(name: str, *arguments: Any, **options: Any) -> None:
        counted.append(name)
        count_file(name, *arguments, **options)

    monkeypatch.setattr(filewalk, "count_file", watched)
    libc = filewalk._libc().lib
    fd = os.open(target, os.O_RDONLY)
    address = libc.mmap(None, size, filewalk.PROT_READ, filewalk.MAP_SHARED, fd, 0)
    summaries = []
    try:
        assert libc.mlock(ctypes.c_void_p(address), ctypes.c_size_t(size)) == 0
        for listing in ([], ["-l"]):
            out, err = io.StringIO(), io.StringIO()
            argv = ["--no-progress", "-F", str(saved), "-f", str(target), *options, *listing]
            assert page_types.main(argv, out=out, err=err) == 0, err.getvalue()
            lines = out.getvalue().splitlines()
            summaries.append(lines[max(i for i, line in enumerate(lines) if line.lstrip().startswith("flags\t")) :])
    finally:
        libc.munmap(address, size)
        os.close(fd)
    assert counted == [str(target)]
    alone, with_list = summaries
    assert alone == with_list
    # Every locked page counted, each of the pattern's values on a line; the filter keeps the
    # four of them with lru but not active.
    total, pages = int(alone[-1].split()[1]), size // filewalk.PAGE_SIZE
    assert (total, len(alone)) == (pages, 2 + 7) if not options else 0 < total < pages and len(alone) == 2 + 4


@needs_kpageflags
def test_a_page_that_cannot_be_read_is_skipped_and_the_rest_are_read(tmp_path: Path) -> None:
    """A page of the mapping that cannot be read (here, past the end of a file cut short after
    it was mapped) is left unmapped, and the pages after it are read: the kernel's read of it
    fails where page-types' own read would have killed it with SIGBUS. The pages read are
    more than a fault-around window apart, so that each is mapped by its own read."""
    pages, kept = 64, 40
    target = tmp_path / "cut-short.bin"
    target.write_bytes(os.urandom(pages * filewalk.PAGE_SIZE))
    libc = filewalk._libc().lib
    fd = os.open(target, os.O_RDWR)
    size = pages * filewalk.PAGE_SIZE
    address = libc.mmap(None, size, filewalk.PROT_READ, filewalk.MAP_SHARED, fd, 0)
    toucher = filewalk._Toucher(libc)
    try:
        os.ftruncate(fd, kept * filewalk.PAGE_SIZE)
        base = address // filewalk.PAGE_SIZE
        toucher.touch([base, base + 50, base + 20, base + 60, base + 36])
        with open("/proc/self/pagemap", "rb") as pagemap:
            pagemap.seek(base * 8)
            present = [entry >> 63 for entry in array("Q", pagemap.read(pages * 8))]
        assert (present[0], present[20], present[36]) == (1, 1, 1)
        assert present[kept:] == [0] * (pages - kept)
    finally:
        toucher.close()
        libc.munmap(address, size)
        os.close(fd)


@needs_kpageflags
def test_reading_pages_is_retried_when_a_signal_interrupts_it(tmp_path: Path) -> None:
    """writev(2) called through ctypes is not retried after EINTR, as os' calls are: the
    toucher retries it, and every page is read."""
    pages = 4
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(pages * filewalk.PAGE_SIZE))
    libc = filewalk._libc().lib
    calls: list[int] = []

    class Interrupted:
        def writev(self, fd: int, vectors: int, count: int) -> int:
            calls.append(count)
            if len(calls) == 1:
                ctypes.set_errno(errno.EINTR)
                return -1
            return int(libc.writev(fd, vectors, count))

    fd = os.open(target, os.O_RDONLY)
    size = pages * filewalk.PAGE_SIZE
    address = libc.mmap(None, size, filewalk.PROT_READ, filewalk.MAP_SHARED, fd, 0)
    toucher = filewalk._Toucher(Interrupted())
    try:
        base = address // filewalk.PAGE_SIZE
        toucher.touch(list(range(base, base + pages)))
        with open("/proc/self/pagemap", "rb") as pagemap:
            pagemap.seek(base * 8)
            present = [entry >> 63 for entry in array("Q", pagemap.read(pages * 8))]
        assert calls == [pages, pages] and present == [1] * pages
    finally:
        toucher.close()
        libc.munmap(address, size)
        os.close(fd)


def test_files_under_a_symbolic_link_to_a_directory_are_none_as_nftw_gives(tmp_path: Path) -> None:
    top = tmp_path / "directory"
    top.mkdir()
    (top / "a.bin").write_bytes(b"x")
    link = tmp_path / "link"
    link.symlink_to(top)
    assert list(filewalk.files_under(str(top))) == [str(top / "a.bin")]
    assert list(filewalk.files_under(str(link))) == []
    assert list(filewalk.files_under(f"{link}/")) == []


@needs_kpageflags
@pytest.mark.parametrize(
    ("ranges", "mapped_ahead"),
    [
        ([], True),
        ([(0, 9)], True),
        ([(0, 2), (4, 2)], True),
        ([(1, 8)], False),  # a folio may cross from one chunk into the next
        ([(0, 2), (0, 2)], False),  # the same pages twice
        ([(4, 2), (0, 2)], False),
    ],
)
def test_a_chunk_is_mapped_ahead_only_where_no_folio_belongs_to_two_chunks(
    ranges: list[tuple[int, int]], mapped_ahead: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filewalk, "FILE_CHUNK_PAGES", 4)
    target = tmp_path / "twelve-pages.bin"
    target.write_bytes(bytes(12 * filewalk.PAGE_SIZE))
    started = []
    thread_ahead = ahead.Ahead

    def watched(*args: Any) -> Any:
        started.append(args)
        return thread_ahead(*args)

    monkeypatch.setattr(ahead, "Ahead", watched)
    chunks = []
    filewalk._each_chunk(str(target), ranges, lambda first, entries: chunks.append(first), False)
    assert bool(started) == mapped_ahead


@pytest.mark.parametrize(
    ("refused", "noatime_only", "opened"),
    [
        # Not readable: refused with and without O_NOATIME.
        ({"noatime", "plain"}, False, None),
        # Another user's file, without CAP_FOWNER: O_NOATIME alone is refused, page-types stops...
        ({"noatime"}, True, None),
        # ... and kpageflags' own walk opens it as it is.
        ({"noatime"}, False, "plain"),
    ],
)
def test_a_file_the_walk_may_not_open_is_its_own_one_line_error(
    refused: set[str], noatime_only: bool, opened: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused open is the walk's error (so that the lines listed before it are kept), not a
    bare OSError."""
    from kpageflags.errors import EnvironmentProblem
    from kpageflags.sources import filewalk

    secret = tmp_path / "secret"
    secret.write_bytes(b"x")
    real_open = os.open
    opens = []

    def refuse(path: str, flags: int, *rest: int) -> int:
        if path == str(secret):
            kind = "noatime" if flags & filewalk._NOATIME else "plain"
            if kind in refused:
                code = errno.EPERM if kind == "noatime" and "plain" not in refused else errno.EACCES
                raise PermissionError(code, os.strerror(code), path)
            opens.append(kind)
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", refuse)
    if opened is None:
        with pytest.raises(EnvironmentProblem, match=f"^{secret}: (Permission denied|Operation not permitted)$"):
            filewalk._open(str(secret), noatime_only)
    else:
        os.close(filewalk._open(str(secret), noatime_only))
        assert opens == [opened]
