"""Snapshots: round trip, damaged files, and analysis of a live snapshot as a user without root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from array import array
from pathlib import Path

import pytest
from conftest import (
    KernelCounters,
    needs_kpageflags,
    process_touching,
    readable_by_everyone,
    snapshot_of_files,
    while_frames_hold,
)

from kpageflags.analysis.breakdown import breakdown
from kpageflags.errors import MissingPart, SnapshotError
from kpageflags.sources.files import LiveSource, SavedFiles
from kpageflags.sources.snapshot import FORMAT, Snapshot
from kpageflags.sources.snapshot_writer import take_snapshot

ZONEINFO = """Node 0, zone   Normal
        spanned  200000
        present  200000
  start_pfn:           0
"""


AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def python_for_nobody() -> str | None:
    """An interpreter an unprivileged user can start: ours, or else the system's."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        probe = subprocess.run(
            [*AS_NOBODY, candidate, "-I", "-c", "import sys; assert sys.version_info >= (3, 9)"],
            capture_output=True,
            timeout=60,
            check=False,
            cwd="/",
        )
        if probe.returncode == 0:
            return candidate
    return None


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=120, check=False
    )


def synthetic_snapshot(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    # More than one read chunk, with runs and scattered values, so chunk edges are exercised.
    flags = array("Q", ((1 << 10) if i % 7 else (1 << 5) | (i % 3 << 12) for i in range(150001))).tobytes()
    counts = array("Q", (i % 4 for i in range(150001))).tobytes()
    (tmp_path / "kpageflags").write_bytes(flags)
    (tmp_path / "kpagecount").write_bytes(counts)
    (tmp_path / "zoneinfo").write_text(ZONEINFO)
    output = snapshot_of_files(
        tmp_path / "snap.kpf",
        kernel="6.18.44",
        kpageflags=tmp_path / "kpageflags",
        kpagecount=tmp_path / "kpagecount",
        zoneinfo=tmp_path / "zoneinfo",
    )  # no kpagecgroup, memory blocks or config: the snapshot says they are missing
    return output, flags, counts


def test_round_trip_keeps_every_byte_and_says_what_is_missing(tmp_path: Path) -> None:
    output, flags, counts = synthetic_snapshot(tmp_path)
    with Snapshot(str(output)) as snapshot:
        assert snapshot.manifest["format"] == FORMAT and snapshot.kernel == "6.18.44"
        assert b"".join(c.flags for c in snapshot.read()) == flags
        assert b"".join(c.counts or b"" for c in snapshot.read(["kpageflags", "kpagecount"], chunk=1000)) == counts
        assert snapshot.entries("kpageflags") == len(flags) // 8
        assert not snapshot.has("kpagecgroup")
        assert "kpagecgroup" in snapshot.manifest["missing"] and "memory_blocks" in snapshot.manifest["missing"]
        with pytest.raises(MissingPart, match="holds no kpagecgroup"):
            list(snapshot.read(["kpageflags", "kpagecgroup"]))
        with pytest.raises(MissingPart, match="holds no memory blocks"):
            snapshot.memory_blocks()
        from_snapshot = breakdown(snapshot, "zone")
    saved = SavedFiles(
        {"kpageflags": str(tmp_path / "kpageflags"), "zoneinfo": str(tmp_path / "zoneinfo")},
        kernel="6.18.44",
        page_size=4096,
    )
    from_file = breakdown(saved, "zone")
    assert from_snapshot == from_file
    assert from_snapshot.total()["free"] == sum(1 for i in range(150001) if i % 7)


def test_the_cli_analyses_a_snapshot_with_its_own_kernel(tmp_path: Path) -> None:
    output, flags, _ = synthetic_snapshot(tmp_path)
    result = run("breakdown", "--snapshot", str(output), "--by", "zone", "--json")
    assert result.returncode == 0, result.stderr
    group = json.loads(result.stdout.splitlines()[0])
    assert group["kernel"] == "6.18.44" and group["group"] == "node0/Normal"
    assert group["pages"] == len(flags) // 8


def test_a_snapshot_is_read_with_the_rules_of_the_kernel_it_came_from(tmp_path: Path) -> None:
    # anon+ksm pages: KSM-merged on 6.18.44, but on 6.12 every anon page reports ksm.
    (tmp_path / "flags").write_bytes(array("Q", [(1 << 12) | (1 << 21) | (1 << 5)] * 10).tobytes())
    categories = {}
    for kernel in ("6.18.44", "6.12"):
        output = snapshot_of_files(tmp_path / f"{kernel}.kpf", kernel=kernel, kpageflags=tmp_path / "flags")
        result = run("breakdown", "--snapshot", str(output), "--json")
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        categories[found["kernel"]] = {k: v for k, v in found["categories"].items() if v}
    assert categories == {"6.18.44": {"ksm": 10}, "6.12": {"anon": 10}}


def damaged_copies(tmp_path: Path, output: Path) -> dict[str, Path]:
    data = output.read_bytes()
    truncated = tmp_path / "truncated.kpf"
    truncated.write_bytes(data[: len(data) // 2])
    garbage = tmp_path / "garbage.kpf"
    garbage.write_bytes(b"not a snapshot at all\n" * 10)
    other = tmp_path / "other-format.kpf"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something/9"}))
    bad_member = tmp_path / "bad-member.kpf"
    with zipfile.ZipFile(output) as source, zipfile.ZipFile(bad_member, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "kpageflags.gz":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    return {
        "truncated": truncated,
        "garbage": garbage,
        "other": other,
        "bad_member": bad_member,
        "missing": tmp_path / "nowhere.kpf",
    }


def test_damaged_snapshots_give_a_clear_error(tmp_path: Path) -> None:
    output, _, _ = synthetic_snapshot(tmp_path)
    copies = damaged_copies(tmp_path, output)
    for name in ("truncated", "garbage", "missing"):
        with pytest.raises(SnapshotError, match=r"damaged|no such file"):
            Snapshot(str(copies[name]))
    with pytest.raises(SnapshotError, match="format 'something/9'"):
        Snapshot(str(copies["other"]))
    with Snapshot(str(copies["bad_member"])) as snapshot, pytest.raises(SnapshotError, match="kpageflags is damaged"):
        list(snapshot.read())
    for path in copies.values():
        result = run("breakdown", "--snapshot", str(path))
        assert result.returncode == 2, (path, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr


@needs_kpageflags
@pytest.mark.slow
def test_a_live_snapshot_is_small_and_analysed_without_root(tmp_path: Path) -> None:
    output = tmp_path / "live.kpf"
    before = KernelCounters.read()
    result = run("snapshot", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.stat().st_mode & 0o777 == 0o600
    with Snapshot(str(output)) as snapshot:
        entries = snapshot.entries("kpageflags")
        assert snapshot.manifest["zoneinfo"] and snapshot.manifest["memory_blocks"]
        if Path("/proc/kpagecount").exists():
            assert snapshot.entries("kpagecount") == entries
    assert output.stat().st_size < 64 * 1024 * 1024
    with Snapshot(str(output)) as snapshot:
        saved = breakdown(snapshot, "zone")
    live = breakdown(LiveSource(kernel=saved.kernel), "zone")
    after = KernelCounters.read()
    assert [g.name for g in saved.groups] == [g.name for g in live.groups]
    for then, now in zip(saved.groups, live.groups):
        assert then.pages == now.pages
        # The snapshot and the second read are moments apart; free pages differ by what the
        # allocator did meanwhile (see KernelCounters), and not at all in a zone nobody touched.
        if then.name in after.zones:
            moved = after.free_pages_moved_since(before, then.name)
            assert abs(then.categories["free"] - now.categories["free"]) <= moved, (then.name, moved)
    with Snapshot(str(output)) as snapshot:
        recorded_caches = len(json.loads(snapshot.recorded_text("slab"))["caches"])
        assert recorded_caches and "SUnreclaim" in snapshot.recorded_text("meminfo")
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("dropping root to check non-root analysis needs root and setpriv")
    python = python_for_nobody()
    if python is None:
        pytest.skip("no Python 3.9+ that user nobody can run (this one lives in a root-only directory)")
    with readable_by_everyone(output) as shared:
        unprivileged = subprocess.run(
            [
                *AS_NOBODY,
                python,
                "-I",
                "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); from kpageflags.cli.main import main; "
                "sys.exit(main(sys.argv[2:]))",
                str(shared),
                "breakdown",
                "--snapshot",
                str(shared / "live.kpf"),
                "--by",
                "zone",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=shared,
        )
        assert unprivileged.returncode == 0, unprivileged.stderr
        groups = [json.loads(line) for line in unprivileged.stdout.splitlines()]
        assert sum(g["pages"] + g["holes"] for g in groups) == entries
        check_slab_offline(shared, python, recorded_caches)


def check_slab_offline(shared: Path, python: str, caches: int) -> None:
    """The slab caches a live snapshot recorded, listed and reconciled by user nobody."""
    for view in (["--json"], ["--reconcile", "--json"]):
        result = subprocess.run(
            [*AS_NOBODY, python, "-I", "-c",
             "import sys; sys.path.insert(0, sys.argv[1]); from kpageflags.cli.main import main; "
             "sys.exit(main(sys.argv[2:]))",
             str(shared), "slab", "--snapshot", str(shared / "live.kpf"), *view],
            capture_output=True, text=True, timeout=120, check=False, cwd=shared,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        records = [json.loads(line) for line in result.stdout.splitlines()]
        if view == ["--json"]:
            assert len(records) == caches
        else:
            figures = {record["figure"]: record["bytes"] for record in records}
            assert None not in figures.values() and figures["caches"] > 0


@pytest.mark.slow
def test_page_types_reads_a_snapshot_as_it_reads_the_file(tmp_path: Path) -> None:
    output, _, _ = synthetic_snapshot(tmp_path)
    for extra in ([], ["-l"], ["-b", "buddy"]):
        from_snapshot = run("page-types", "--snapshot", str(output), *extra)
        from_file = run("page-types", "-F", str(tmp_path / "kpageflags"), "--kernel", "6.18.44", *extra)
        assert from_snapshot.returncode == 0, from_snapshot.stderr
        assert from_snapshot.stdout == from_file.stdout and from_snapshot.stdout
    refused = run("page-types", "--snapshot", str(output), "-p", "1")
    assert refused.returncode == 2 and "-p cannot be combined with --snapshot" in refused.stderr


@needs_kpageflags
@pytest.mark.slow
def test_a_captured_process_reads_back_as_it_was(tmp_path: Path) -> None:
    from kpageflags.analysis.processmem import VmaMemory, process_memory

    output = tmp_path / "p.kpf"

    def snapshot_then_live_read(pid: int) -> list[VmaMemory]:
        take_snapshot(str(output), LiveSource(), pids=[pid])
        return process_memory(LiveSource(), pid)

    # The child rests, so its mappings, its resident pages and their anon bits and map counts
    # stay as they are; only the flags the kernel flips by itself (idle, referenced, LRU lists)
    # may differ between the snapshot and the live read, and none of those is compared.
    with process_touching(8) as pid:
        live = while_frames_hold(pid, lambda: snapshot_then_live_read(pid))
    with Snapshot(str(output)) as snapshot:
        assert pid in snapshot.processes()
        saved = process_memory(snapshot, pid)
        with pytest.raises(MissingPart, match="holds no process 999999999"):
            snapshot.process(999999999)
    assert [m.vma for m in saved] == [m.vma for m in live]
    biggest = max(range(len(saved)), key=lambda i: saved[i].rss)
    assert saved[biggest].rss == live[biggest].rss >= (8 << 20) // os.sysconf("SC_PAGE_SIZE")
    assert saved[biggest].anon == live[biggest].anon and saved[biggest].uss == live[biggest].uss
    result = run("process", "--snapshot", str(output), str(pid), "--json")
    assert result.returncode == 0, result.stderr
    assert sum(json.loads(line)["rss"] for line in result.stdout.splitlines()) == sum(m.rss for m in saved)


def test_layout_uses_the_config_a_snapshot_recorded(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text(
        "CONFIG_64BIT=y\nCONFIG_MMU=y\nCONFIG_SWAP=y\nCONFIG_MEMORY_FAILURE=y\n"
        "CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_NUMA=y\nCONFIG_NODES_SHIFT=6\n"
    )
    (tmp_path / "flags").write_bytes(bytes(8 * 16))
    output = snapshot_of_files(tmp_path / "c.kpf", kernel="6.1.20", kpageflags=tmp_path / "flags", config=config)
    from_snapshot = run("layout", "--snapshot", str(output), "--json")
    from_file = run("layout", "--kernel", "6.1.20", "--config", str(config), "--json")
    assert from_snapshot.returncode == 0, from_snapshot.stderr
    ours, theirs = json.loads(from_snapshot.stdout), json.loads(from_file.stdout)
    for key in ("flags", "fields", "nr_pageflags"):
        assert ours[key] == theirs[key], key
    assert ours["kernel"] == "6.1.20" and ours["config"].endswith("c.kpf:config.gz")
    without = snapshot_of_files(tmp_path / "n.kpf", kernel="6.1.20", kpageflags=tmp_path / "flags")
    refused = run("layout", "--snapshot", str(without))
    assert refused.returncode == 2 and "holds no kernel config" in refused.stderr
