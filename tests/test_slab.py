"""The slab library: a tree read into a model, its figures, reconciliation, sampling and growth."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kpageflags.errors import BadValue, MissingPart, NotPermitted, SnapshotError, UnreadableFile
from kpageflags.slab.figures import all_figures, figures
from kpageflags.slab.growth import growth, moments
from kpageflags.slab.procfiles import meminfo_bytes, slabinfo_caches
from kpageflags.slab.reconcile import reconcile
from kpageflags.slab.sampling import COLUMNS, SAMPLE_SCHEMA, Sampler, SampleRow, SampleWriter, take_samples
from kpageflags.slab.tree import build_tree, read_tree, snapshot_tree
from kpageflags.sources import slabfiles
from kpageflags.sources.slabfiles import read_slab_files, slab_files_from_json

PAGE = 4096
KMALLOC_64 = {
    "object_size": "64",
    "slab_size": "64",
    "objs_per_slab": "64",
    "order": "0",
    "align": "64",
    "aliases": "0",
    "objects": "3000 N0=2000 N1=1000",
    "total_objects": "3200 N0=2112 N1=1088",
    "slabs": "50 N0=33 N1=17",
    "partial": "10 N0=6 N1=4",
    "cpu_slabs": "4 N0=2 N1=2",
    "objects_partial": "300 N0=200 N1=100",
    "slabs_cpu_partial": "96(3) C0=32(1) C1=64(2)",
    "alloc_fastpath": "123456 C0=100000 C1=23456",
    "reclaim_account": "0",
    "poison": "1",
    "red_zone": "1",
    "ctor": "",
    "sheaf_capacity": "0",
}
DENTRY = {
    **KMALLOC_64,
    "object_size": "192",
    "slab_size": "192",
    "objs_per_slab": "21",
    "order": "1",
    "objects": "2100 N0=2100",
    "total_objects": "2100 N0=2100",
    "slabs": "100 N0=100",
    "partial": "0",
    "cpu_slabs": "1 N0=1",
    "objects_partial": "0",
    "reclaim_account": "1",
    "poison": "0",
    "red_zone": "0",
}


def make_tree(root: Path, caches: dict[str, dict[str, str]], aliases: dict[str, str] | None = None) -> Path:
    """A directory laid out as /sys/kernel/slab: one directory per cache, symlinks for aliases."""
    root.mkdir(parents=True, exist_ok=True)
    for name, attributes in caches.items():
        (root / name).mkdir()
        for attribute, text in attributes.items():
            (root / name / attribute).write_text(text + "\n")
        (root / name / "shrink").write_text("")
    for alias, target in (aliases or {}).items():
        (root / alias).symlink_to(target)
    return root


@pytest.fixture
def tree_dir(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "slab",
        {"kmalloc-64": KMALLOC_64, ":a-0000192": DENTRY},
        {"dentry": ":a-0000192", "ext4_fc": ":a-0000192"},
    )


def test_a_tree_becomes_caches_with_every_attribute_per_node_and_aliases(tree_dir: Path) -> None:
    tree = read_tree(str(tree_dir), PAGE)
    assert [cache.name for cache in tree.caches] == [":a-0000192", "kmalloc-64"]
    merged = tree.cache("dentry")
    assert merged is not None and merged.aliases == ("dentry", "ext4_fc")
    kmalloc = figures(tree, tree.caches[1])
    assert kmalloc.memory_bytes == 50 * PAGE and kmalloc.used_bytes == 3000 * 64
    assert kmalloc.loss_bytes == 50 * PAGE - 3000 * 64
    assert kmalloc.partial_percent == 20.0 and kmalloc.free_objects == 200 and kmalloc.free_percent == 6.2
    assert kmalloc.flags == ("poison", "red_zone") and not kmalloc.reclaimable
    assert [(n.node, n.slabs, n.memory_bytes) for n in kmalloc.nodes] == [(0, 33, 33 * PAGE), (1, 17, 17 * PAGE)]
    # Unknown attributes are kept as text, per-CPU breakdowns with them.
    assert kmalloc.attributes["alloc_fastpath"] == "123456 C0=100000 C1=23456"
    assert tree.caches[1].numbers["slabs_cpu_partial"].cpus == {0: 32, 1: 64}
    dentry = figures(tree, merged)
    assert dentry.memory_bytes == 100 * (PAGE << 1) and dentry.reclaimable


def test_shrink_and_validate_are_never_opened(tree_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = os.open

    def recording(path: str, *rest: int) -> int:
        opened.append(path)
        return real_open(path, *rest)

    monkeypatch.setattr(os, "open", recording)
    read_slab_files(str(tree_dir))
    assert opened and not any(path.endswith(("/shrink", "/validate")) for path in opened)


def test_garbage_values_become_notes_not_figures(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "slab", {"bad": {**KMALLOC_64, "order": "99999999999", "objects": "lots", "slabs": "9" * 30}}
    )
    (cache,) = read_tree(str(root), PAGE).caches
    assert len(cache.notes) == 3 and any("order reads 99999999999" in note for note in cache.notes)
    shown = figures(read_tree(str(root), PAGE), cache)
    assert shown.memory_bytes is None and shown.objects is None and shown.total_objects == 3200


def test_a_cache_that_goes_away_mid_read_is_a_note(tree_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = slabfiles.read_attribute

    def vanish(path: str, notes: list[str]) -> str | None:
        if "kmalloc-64" in path:
            shutil.rmtree(tree_dir / "kmalloc-64", ignore_errors=True)
        return real(path, notes)

    monkeypatch.setattr(slabfiles, "read_attribute", vanish)
    tree = read_tree(str(tree_dir), PAGE)
    assert [cache.name for cache in tree.caches] == [":a-0000192"]
    assert tree.notes == ("kmalloc-64: the cache went away while the tree was read; left out",)


def test_an_unreadable_copied_tree_is_one_line_naming_the_file_not_root(
    tree_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root is not the cure on a copy (root reads any file mode): the line says what is true."""

    def refuse(path: str, *rest: object) -> int:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(os, "geteuid", lambda: 65534)
    with pytest.raises(NotPermitted, match=r"^\S+/\S+: not readable: permission denied$"):
        read_tree(str(tree_dir), PAGE)


def test_foreign_missing_and_huge_trees_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "foreign" / "x").mkdir(parents=True)
    with pytest.raises(BadValue, match="not a copy of /sys/kernel/slab"):
        read_tree(str(tmp_path / "foreign"), PAGE)
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadValue, match=r"empty: no cache directory .*; not a copy of /sys/kernel/slab"):
        read_tree(str(tmp_path / "empty"), PAGE)
    with pytest.raises(UnreadableFile, match=r"cannot read .*absent: No such file or directory"):
        read_tree(str(tmp_path / "absent"), PAGE)
    (tmp_path / "file").write_text("")
    with pytest.raises(UnreadableFile, match="not a directory"):
        read_tree(str(tmp_path / "file"), PAGE)
    many = make_tree(tmp_path / "many", {f"cache-{i}": KMALLOC_64 for i in range(5)})
    monkeypatch.setattr(slabfiles, "MAX_ENTRIES", 4)
    with pytest.raises(BadValue, match="more than 4 entries"):
        read_tree(str(many), PAGE)


def test_thousands_of_caches_are_read(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "slab", {f"cache-{i:04}": {"object_size": "8", "slabs": "1", "objects": "1"} for i in range(2100)}
    )
    assert len(read_tree(str(root), PAGE).caches) == 2100


def test_a_recorded_tree_is_checked() -> None:
    with pytest.raises(SnapshotError, match="damaged"):
        slab_files_from_json('{"caches": {"a": {"objects": 5}}, "aliases": {}}', "snap:slab.json")
    with pytest.raises(SnapshotError, match="not JSON"):
        slab_files_from_json("{", "snap:slab.json")


def test_reconciliation_explains_large_kmalloc(tree_dir: Path) -> None:
    caches = all_figures(read_tree(str(tree_dir), PAGE))
    slabinfo = slabinfo_caches(
        "slabinfo - version: 2.1\n# name\n"
        "kmalloc-64 3000 3200 64 64 1 : tunables 0 0 0 : slabdata 50 50 0\n"
        "dentry 2100 2100 192 21 2 : tunables 0 0 0 : slabdata 100 100 0\n"
    )
    large_kmalloc = 40 * PAGE
    unreclaimable, reclaimable = 50 * PAGE, 200 * PAGE
    meminfo = meminfo_bytes(
        f"Slab: {(unreclaimable + reclaimable + large_kmalloc) // 1024} kB\n"
        f"SReclaimable: {reclaimable // 1024} kB\nSUnreclaim: {(unreclaimable + large_kmalloc) // 1024} kB\n"
    )
    found = {row.figure: row.bytes for row in reconcile(caches, PAGE, slabinfo, meminfo, 250)}
    assert found["caches"] == found["slabinfo"] == 250 * PAGE
    assert found["SUnreclaim - caches unreclaimable"] == found["Slab - slab pages"] == large_kmalloc
    assert found["SReclaimable - caches reclaimable"] == 0 == found["caches - slabinfo"]
    missing = {row.figure: row.bytes for row in reconcile(caches, PAGE, None, None, None)}
    assert missing["slabinfo"] is None and missing["Slab - slab pages"] is None


def test_slabinfo_garbage_is_one_line() -> None:
    with pytest.raises(BadValue, match="not /proc/slabinfo version 2"):
        slabinfo_caches("hello\n")
    with pytest.raises(BadValue, match="line 3: not a cache line"):
        slabinfo_caches("slabinfo - version: 2.1\n# x\nkmalloc-64 1 2\n")


def test_samples_have_the_fixed_columns_and_read_only_counters_again(
    tree_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sampler = Sampler(str(tree_dir), PAGE)
    first = sampler.sample(0, datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc))
    assert COLUMNS == (
        "time", "sample", "cache", "object_size", "slab_size", "objects", "total_objects", "slabs", "partial",
        "cpu_slabs", "order", "memory_bytes", "loss_bytes", "reclaimable", "release", "directory",
    )  # fmt: skip
    # A copy of a tree may come from any kernel: it records no release, where a live one does.
    assert first[0].release == "" and Sampler().release == os.uname().release
    row = first[1]
    assert row.time == "2026-01-02T03:04:05.000006Z" and row.cache == "kmalloc-64" and row.memory_bytes == 50 * PAGE
    assert row.loss_bytes == 50 * PAGE - 3000 * 64 and first[0].reclaimable == 1
    read: list[str] = []
    real_open = os.open

    def recording(path: str, *rest: int, **options: int) -> int:
        read.append(path)
        return real_open(path, *rest, **options)

    monkeypatch.setattr(os, "open", recording)
    (tree_dir / "kmalloc-64" / "slabs").write_text("60 N0=40 N1=20\n")
    (tree_dir / "kmalloc-64" / "objects").write_text("garbage\n")
    again = sampler.sample(1, datetime.now(timezone.utc))
    monkeypatch.undo()
    assert sorted({os.path.basename(path) for path in read}) == sorted(
        ["objects", "total_objects", "slabs", "partial", "cpu_slabs"]
    )
    assert again[1].memory_bytes == 60 * PAGE and again[1].sample == 1
    # What cannot be read is missing, not 0, and so is the loss worked out from it.
    assert again[1].objects is None and again[1].loss_bytes is None
    assert sampler.take_notes() == ["kmalloc-64: objects reads 'garbage'; recorded as missing"] and not sampler.notes
    shutil.rmtree(tree_dir / "kmalloc-64")
    # A merged cache is shown under an alias; its directory (SLUB's unique id) is kept beside it.
    (merged,) = sampler.sample(2, datetime.now(timezone.utc))
    assert (merged.cache, merged.directory) == ("dentry", ":a-0000192")


def test_a_cache_that_goes_away_between_listing_and_sampling_is_a_note(
    tree_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sampler = Sampler(str(tree_dir), PAGE)
    sampler.sample(0, datetime.now(timezone.utc))
    listed = slabfiles.tree_entries(str(tree_dir))
    shutil.rmtree(tree_dir / "kmalloc-64")
    monkeypatch.setattr("kpageflags.slab.sampling.tree_entries", lambda root: listed)
    assert [row.cache for row in sampler.sample(1, datetime.now(timezone.utc))] == ["dentry"]
    assert sampler.take_notes() == ["kmalloc-64: the cache went away while the tree was read; left out"]


def test_samples_keep_their_pace_and_write_csv_or_json_lines(tree_dir: Path) -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    sampler = Sampler(str(tree_dir), PAGE)

    def sample(index: int, moment: datetime) -> list[SampleRow]:
        now[0] += 0.25  # reading takes a quarter of the interval
        return sampler.sample(index, moment)

    samples = list(take_samples(sample, 1.0, 3, sleep, lambda: now[0]))
    assert [rows[0].sample for rows in samples] == [0, 1, 2] and slept == [0.75, 0.75]
    text = io.StringIO()
    SampleWriter(text, json_lines=False).write(samples[0])
    lines = text.getvalue().splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 3
    text = io.StringIO()
    SampleWriter(text, json_lines=True).write(samples[0])
    record = json.loads(text.getvalue().splitlines()[0])
    assert list(record) == ["schema", *COLUMNS] and record["schema"] == SAMPLE_SCHEMA


def write_series(path: Path, rows: list[tuple[int, str, int, int]]) -> Path:
    lines = [",".join(COLUMNS)]
    for sample, cache, memory, objects in rows:
        lines.append(
            f"2026-01-01T00:{sample // 60:02d}:{sample % 60:02d}.000000Z,"
            f"{sample},{cache},64,64,{objects},0,0,0,0,0,{memory},0,0"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_slab_diff_names_the_caches_that_grew(tmp_path: Path, tree_dir: Path) -> None:
    series = write_series(
        tmp_path / "s.csv",
        [
            (0, "a", 4096, 10),
            (0, "b", 8192, 5),
            (0, "gone", 4096, 1),
            (1, "a", 12288, 30),
            (1, "b", 4096, 2),
            (1, "new", 4096, 3),
        ],
    )
    before, after = moments([str(series)], None)
    rows = growth(before, after)
    assert [(row.cache, row.memory_growth) for row in rows] == [
        ("a", 8192),
        ("new", 4096),
        ("gone", -4096),
        ("b", -4096),
    ]
    # A series against a tree copy: the series' last sample against the tree.
    before, after = moments([str(series), str(tree_dir)], PAGE)
    assert after.caches["kmalloc-64"] == (50 * PAGE, 3000, 50 * PAGE - 3000 * 64)


def test_slab_diff_refuses_garbage_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "binary").write_text(",".join(COLUMNS) + "\n2026,0,a\rb,1,1,1,1,1,1,1,1,1,1,1\n")
    with pytest.raises(BadValue, match=r"line 2: not a slab-sample/1 row \(time '2026' is not ISO 8601"):
        moments([str(tmp_path / "binary")], None)
    (tmp_path / "junk").write_text("hello,world\n1,2\n")
    with pytest.raises(BadValue, match="not a slab-sample/1 file: its header is not time,sample,cache"):
        moments([str(tmp_path / "junk")], None)
    bad = write_series(tmp_path / "bad.csv", [(0, "a", 1, 1), (1, "a", 2, 2)])
    bad.write_text(bad.read_text().replace(",2,0,0\n", ",x,0,0\n"))
    with pytest.raises(BadValue, match=r"line 3: not a slab-sample/1 row \('x' is not a whole number"):
        moments([str(bad)], None)
    (tmp_path / "one.jsonl").write_text(
        '{"schema": "slab-sample/1", "time": "2026-12-05T10:00:00.000000Z", "sample": 0, "cache": "a", '
        '"memory_bytes": 1, "objects": 1, "loss_bytes": 0}\n'
    )
    with pytest.raises(BadValue, match="one sample only"):
        moments([str(tmp_path / "one.jsonl")], None)
    (tmp_path / "bad.jsonl").write_text("{\n")
    with pytest.raises(BadValue, match="line 1: not JSON"):
        moments([str(tmp_path / "bad.jsonl"), str(tmp_path / "one.jsonl")], None)
    (tmp_path / "empty.csv").write_text(",".join(COLUMNS) + "\n")
    with pytest.raises(BadValue, match="no samples"):
        moments([str(tmp_path / "empty.csv"), str(tmp_path / "one.jsonl")], None)


@pytest.mark.parametrize(
    "cache, memory, message",
    # Python's csv before 3.11 refuses a NUL byte itself, with its own words.
    [("fo\0o", 1, r"line 2: (not a slab-sample/1 row \(cache 'fo\\x00o' has a control character|line contains NUL)"),
     ("fo\x01o", 1, r"line 2: not a slab-sample/1 row \(cache 'fo\\x01o' has a control character"),
     ("a", 10**32, r"line 3: not a slab-sample/1 row \(100000000000000000000000000000000 is past 64 bits")],
)  # fmt: skip
def test_slab_diff_refuses_control_characters_and_numbers_past_64_bits(
    tmp_path: Path, cache: str, memory: int, message: str
) -> None:
    series = write_series(tmp_path / "s.csv", [(0, cache, 1, 1), (1, "a", memory, 1)])
    result = cli("slab-diff", str(series))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "\0" not in result.stdout, result.stderr
    assert re.search(f"{series}: {message}", result.stderr), result.stderr


def test_slab_diff_says_what_one_moment_or_no_change_is(tmp_path: Path, tree_dir: Path) -> None:
    (tmp_path / "empty").mkdir()
    for alone, message in ((tree_dir, "a single snapshot or tree copy is one moment; give two inputs"),
                           (tmp_path / "empty", "not a copy of /sys/kernel/slab")):  # fmt: skip
        result = cli("slab-diff", str(alone))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    series = write_series(tmp_path / "s.csv", [(0, "a", 1, 1), (1, "a", 2, 2)])
    same = cli("slab-diff", str(series), str(series), "--all")
    assert same.returncode == 0 and same.stdout.splitlines()[-1] == "no cache changed", same.stdout
    assert cli("slab-diff", str(series), str(series)).stdout.splitlines()[-1] == "no cache grew"


def test_slab_diff_keeps_the_first_and_last_samples_of_a_long_series(tmp_path: Path) -> None:
    series = write_series(tmp_path / "long.csv", [(sample, "a", sample + 1, 10 * sample) for sample in range(50)])
    before, after = moments([str(series)], None)
    assert (before.caches["a"][:2], after.caches["a"][:2]) == ((1, 0), (50, 490))
    assert "sample 0 at" in before.label and "sample 49 at" in after.label


def test_slab_diff_shows_sample_times_in_utc_as_the_series_writes_them(tmp_path: Path) -> None:
    # Every other time kpageflags prints ends in Z; a +00:00 here made the two look unrelated.
    series = write_series(tmp_path / "s.csv", [(0, "a", 1, 1), (61, "a", 2, 2)])
    before, after = moments([str(series)], None)
    assert before.label.endswith("sample 0 at 2026-01-01T00:00:00.000000Z"), before.label
    assert after.label.endswith("sample 61 at 2026-01-01T00:01:01.000000Z"), after.label


def add_slab_to_snapshot(source: Path, output: Path, tree: Path) -> Path:
    """A copy of a snapshot with a slab tree recorded, as a live snapshot holds one."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(output, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        for item in old.infolist():
            if item.filename != "manifest.json":
                new.writestr(item, old.read(item.filename))
        new.writestr("slab.json", read_slab_files(str(tree)).to_json())
        manifest["slab"] = "slab.json"
        new.writestr("manifest.json", json.dumps(manifest))
    return output


def without_slab_notes(source: Path, output: Path) -> Path:
    """A copy of a snapshot as one written before snapshots recorded slab caches."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(output, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        for part in ("slab", "slabinfo", "meminfo"):
            del manifest["missing"][part]
        for item in old.infolist():
            if item.filename != "manifest.json":
                new.writestr(item, old.read(item.filename))
        new.writestr("manifest.json", json.dumps(manifest))
    return output


def test_snapshots_with_and_without_a_slab_tree(tmp_path: Path, tree_dir: Path) -> None:
    from test_snapshot import synthetic_snapshot

    old, _, _ = synthetic_snapshot(tmp_path)
    with pytest.raises(MissingPart, match=r"holds no slab \(the snapshot was taken from saved files"):
        snapshot_tree(str(old))
    with pytest.raises(MissingPart, match=r"holds no slab \(taken before it was recorded"):
        snapshot_tree(str(without_slab_notes(old, tmp_path / "older.kpf")))
    recorded = snapshot_tree(str(add_slab_to_snapshot(old, tmp_path / "slab.kpf", tree_dir)))
    assert all_figures(recorded) == all_figures(build_tree(read_slab_files(str(tree_dir)), PAGE))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_slabinfo_with_interval_samples_as_the_slab_command_does(tree_dir: Path, tmp_path: Path) -> None:
    series = tmp_path / "series.csv"
    words = ["--sysfs", str(tree_dir), "--page-size", "4096", "--count", "2", "-o", str(series)]
    result = cli("slabinfo", "--interval=0.01", *words)
    assert result.returncode == 0, result.stderr
    by_slab = tmp_path / "by-slab.csv"
    assert cli("slab", "--interval", "0.01", *words[:-1], str(by_slab)).returncode == 0
    rows = [line.split(",")[1:] for line in series.read_text().splitlines()]  # all but the time
    assert rows == [line.split(",")[1:] for line in by_slab.read_text().splitlines()] and len(rows) == 5
    # Without --interval, -o is slabinfo's own (the ops of each cache), not an output file.
    assert cli("slabinfo", "--sysfs", str(tree_dir), "-o").returncode == 0


def test_the_slab_command_on_a_tree_copy(tree_dir: Path, tmp_path: Path) -> None:
    result = cli("slab", "--sysfs", str(tree_dir), "--page-size", "4096", "--json", "--sort", "name")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["schema"] for r in records] == ["kpageflags.slab/1"] * 2
    assert [(r["name"], r["directory"]) for r in records] == [("dentry", ":a-0000192"), ("kmalloc-64", "kmalloc-64")]
    assert records[1]["nodes"][1] == {"node": 1, "objects": 1000, "total_objects": 1088, "slabs": 17, "partial": 4,
                                      "cpu_slabs": 2, "memory_bytes": 17 * 4096}  # fmt: skip
    text = cli("slab", "--sysfs", str(tree_dir), "--page-size", "4096", "dentry").stdout.splitlines()
    assert len(text) == 2 and text[1].startswith("dentry ") and text[1].endswith("dentry ext4_fc")
    series = tmp_path / "t.jsonl"
    result = cli("slab", "--sysfs", str(tree_dir), "--interval", "0.01", "--count", "2", "-o", str(series))
    assert result.returncode == 0, result.stderr
    assert series.stat().st_mode & 0o777 == 0o600 and len(series.read_text().splitlines()) == 4
    diff = cli("slab-diff", str(series), "--all", "--json")
    assert diff.returncode == 0 and diff.stdout == "", diff.stderr  # the copy did not change between samples
    series.chmod(0o644)
    cli("slab", "--sysfs", str(tree_dir), "--interval", "0.01", "--count", "1", "-o", str(series))
    assert series.stat().st_mode & 0o777 == 0o600  # a file that was there is made private too


def test_figures_that_need_an_unreadable_attribute_are_blank_not_wrong(tmp_path: Path) -> None:
    tree = make_tree(
        tmp_path / "slab",
        {"kmalloc-64": {**KMALLOC_64, "slabs": "abc"}, "dentry": {**DENTRY, "object_size": "9" * 23}},
    )
    result = cli("slab", "--sysfs", str(tree), "--page-size", "4096", "--json", "--sort", "name")
    records = {record["name"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert records["kmalloc-64"]["memory_bytes"] is None and records["kmalloc-64"]["loss_bytes"] is None
    assert records["kmalloc-64"]["partial_percent"] is None and records["kmalloc-64"]["objects"] == 3000
    assert records["dentry"]["object_size"] is None and records["dentry"]["loss_bytes"] is None
    assert records["dentry"]["memory_bytes"] == 100 * 8192
    text = cli("slab", "--sysfs", str(tree), "--page-size", "4096", "--sort", "name").stdout.splitlines()
    assert text[1].split() == ["dentry", "2100", "800.0K", "0.0", "0.0"], text
    assert text[2].split() == ["kmalloc-64", "3000", "64", "6.2"], text  # loss, memory and partial% blank
    assert [line.split()[:3] for line in text[3:5]] == [["node", "0", "2000"], ["node", "1", "1000"]], text


def test_sampling_what_is_not_a_slab_tree_leaves_no_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    series = tmp_path / "series.csv"
    result = cli("slab", "--sysfs", str(tmp_path / "empty"), "--interval", "0.01", "--count", "1", "-o", str(series))
    assert result.returncode == 2 and "not a copy of /sys/kernel/slab" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not series.exists()


@pytest.mark.parametrize(
    "name, option, first",
    [("x.csv", None, "time,"), ("x.json", None, "{"), ("x.JSONL", "--json", "{"), ("x.csv", "--format=csv", "time,"),
     ("x.csv", "--json", "its suffix makes the series CSV, not json"),
     ("x.json", "--csv", "its suffix makes the series JSON Lines, not csv")],
)  # fmt: skip
def test_the_series_file_suffix_decides_its_format(
    tree_dir: Path, tmp_path: Path, name: str, option: str | None, first: str
) -> None:
    series = tmp_path / name
    words = ["--sysfs", str(tree_dir), "--interval", "0.01", "--count", "1", "-o", str(series)]
    result = cli("slab", *words, *([option] if option else []))
    if first.startswith("its suffix"):
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and first in result.stderr, result.stderr
        assert not series.exists()
    else:
        assert result.returncode == 0 and series.read_text().startswith(first), result.stderr


def test_sorting_by_partial_or_free_follows_the_percentages_shown(tmp_path: Path) -> None:
    # "few" has fewer partial slabs and free objects than "many" but a larger share of each.
    few = {**DENTRY, "slabs": "2", "partial": "1", "total_objects": "42", "objects": "20"}
    many = {**DENTRY, "slabs": "100", "partial": "10", "total_objects": "2100", "objects": "2000"}
    tree = make_tree(tmp_path / "slab", {"few": few, "many": many})
    for key in ("partial", "free"):
        result = cli("slab", "--sysfs", str(tree), "--page-size", "4096", "--sort", key)
        assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["few", "many"], result.stdout
    assert "partial (partial%: partial slabs of all slabs)" in " ".join(cli("slab", "--help").stdout.split())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--count", "3"], "--count goes with --interval"),
        (["--reconcile"], "--reconcile needs this machine or a snapshot"),
        (["--interval", "0"], "--interval must be from 0.01"),
        (["--interval", "x"], "--interval takes seconds"),
        (["["], "REGEX '[': unterminated"),
        (["--reconcile", "--top", "3"], "--reconcile sums every cache; it takes no --top"),
    ],
)
def test_bad_slab_options_are_one_line(tree_dir: Path, args: list[str], message: str) -> None:
    result = cli("slab", *args, "--sysfs", str(tree_dir))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


@pytest.mark.live
def test_live_caches_add_up_to_slabinfo() -> None:
    if os.geteuid() != 0:
        pytest.skip("the live slab tree is root's to read")
    tree = read_tree()
    with open("/proc/slabinfo") as handle:
        listed = slabinfo_caches(handle.read())
    # The same caches under their kmem_cache names: a merged cache's sysfs id is an alias.
    names = {cache.name for cache in tree.caches} | {alias for cache in tree.caches for alias in cache.aliases}
    assert {line.name for line in listed} <= names and len(listed) == len(tree.caches)


@pytest.mark.live
def test_without_root_the_live_tree_is_one_line() -> None:
    from test_snapshot import AS_NOBODY, python_for_nobody

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("dropping root needs root and setpriv")
    python = python_for_nobody()
    if python is None:
        pytest.skip("no Python that user nobody can run")
    from conftest import readable_by_everyone

    with readable_by_everyone() as shared:
        result = subprocess.run(
            [*AS_NOBODY, python, "-I", "-c",
             "import sys; sys.path.insert(0, sys.argv[1]); from kpageflags.cli.main import main; "
             "sys.exit(main(['slab']))",
             str(shared)],
            capture_output=True, text=True, timeout=120, check=False, cwd="/",
        )  # fmt: skip
    assert result.returncode == 3 and result.stdout == "", result
    assert result.stderr.count("\n") == 1 and "readable by root only" in result.stderr


def test_slab_metrics_name_the_top_caches_and_sum_the_rest(tree_dir: Path) -> None:
    from kpageflags.slab.metrics import slab_samples

    caches = all_figures(read_tree(str(tree_dir), PAGE))
    found = slab_samples(caches, 1)
    memory = {s.labels["cache"]: s.value for s in found if s.metric == "kpageflags_slab_memory_bytes"}
    assert memory == {"dentry": 200 * PAGE, "(other)": 50 * PAGE}
    everything = slab_samples(caches, 10)
    assert {s.labels["cache"] for s in everything if s.metric == "kpageflags_slab_loss_bytes"} == {
        "dentry", "kmalloc-64", "(other)"
    }  # fmt: skip


def test_metrics_of_a_snapshot_include_its_slab_caches(tmp_path: Path, tree_dir: Path) -> None:
    from test_snapshot import synthetic_snapshot

    old, _, _ = synthetic_snapshot(tmp_path)
    recorded = add_slab_to_snapshot(old, tmp_path / "slab.kpf", tree_dir)
    result = cli("metrics", "--snapshot", str(recorded), "--slab-top", "1")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    slab_lines = [line for line in result.stdout.splitlines() if line.startswith("kpageflags_slab_memory_bytes")]
    assert slab_lines == [
        f'kpageflags_slab_memory_bytes{{cache="dentry"}} {200 * PAGE}',
        f'kpageflags_slab_memory_bytes{{cache="(other)"}} {50 * PAGE}',
    ]
    assert "kpageflags_slab" not in cli("metrics", "--snapshot", str(recorded), "--no-slab").stdout
    # A snapshot without slab caches has no slab families, and says nothing about it.
    plain = cli("metrics", "--snapshot", str(old))
    assert plain.returncode == 0 and plain.stderr == "" and "kpageflags_slab" not in plain.stdout


def test_a_missing_figure_is_an_empty_cell_or_null_and_stays_missing_for_the_readers(
    tmp_path: Path, tree_dir: Path
) -> None:
    from kpageflags.slab.samplefile import figures as sample_figures
    from kpageflags.slab.samplefile import history

    sampler = Sampler(str(tree_dir), PAGE)
    first = sampler.sample(0, datetime(2026, 1, 2, tzinfo=timezone.utc))
    (tree_dir / "kmalloc-64" / "slabs").write_text("garbage\n")
    (tree_dir / "kmalloc-64" / "objects").unlink()
    second = sampler.sample(1, datetime(2026, 1, 2, 0, 0, 1, tzinfo=timezone.utc))
    assert sampler.take_notes() == [
        "kmalloc-64: slabs reads 'garbage'; recorded as missing",
        "kmalloc-64: no objects file; recorded as missing",
    ]
    for name, json_lines in (("s.csv", False), ("s.jsonl", True)):
        with open(tmp_path / name, "w") as handle:
            writer = SampleWriter(handle, json_lines)
            writer.write(first)
            writer.write(second)
        last = (tmp_path / name).read_text().splitlines()[-1]
        assert (
            (",64,64,,3200,,10,4,0,,,0," in last)
            if not json_lines
            else ('"objects": null' in last and '"slabs": null' in last)
        )
        rows = list(sample_figures(tmp_path / name, ("objects", "memory_bytes", "loss_bytes")))
        assert rows[-1].cache == "kmalloc-64" and rows[-1].values == (None, None, None)
        before, after = moments([str(tmp_path / name)], None)
        (grown,) = [row for row in growth(before, after) if row.cache == "kmalloc-64"]
        assert grown.memory_before == 50 * PAGE and grown.memory_growth is None and grown.objects_growth is None
        charted = dict(history(tmp_path / name, "memory", 5).caches)["kmalloc-64"]
        assert charted[0] == 50 * PAGE and charted[1] != charted[1]  # NaN: a gap, not a drop to 0
    shown = cli("slab-diff", str(tmp_path / "s.csv"), "--all")
    assert shown.returncode == 0 and re.search(r"^kmalloc-64 *$", shown.stdout, re.MULTILINE), shown.stdout


@pytest.mark.parametrize(
    ("directory", "aliases", "shown"),
    [
        (":a-0000192", ("ext4_fc", "dentry"), "dentry"),  # the shortest
        (":0000064", ("fuse_request", "kmalloc-64", "lsm"), "kmalloc-64"),  # a kmalloc cache first
        (":0000024", ("zz", "ab"), "ab"),  # equal lengths: the first in byte order
        (":A-0000080", (), ":A-0000080"),  # no alias left: its id
        ("kmalloc-64", ("anything",), "kmalloc-64"),  # not merged: its own name
    ],
)
def test_a_merged_cache_is_shown_under_an_alias(directory: str, aliases: tuple[str, ...], shown: str) -> None:
    from kpageflags.slab.tree import shown_name

    assert shown_name(directory, aliases) == shown


def test_per_node_gives_each_cache_on_each_node_in_text_json_and_csv(tmp_path: Path) -> None:
    import csv

    import slabtrees

    tree = slabtrees.synthetic(tmp_path / "numa4", 12, nodes=4, stats=False)
    slabtrees.write_cache(tree / "flat", {"object_size": b"64\n", "slabs": b"3\n", "order": b"0\n"})
    words = ["slab", "--sysfs", str(tree), "--page-size", "4096", "--per-node"]
    records = [json.loads(line) for line in cli(*words, "--json").stdout.splitlines()]
    assert {record["schema"] for record in records} == {"kpageflags.slab-node/1"}
    totals = {row.directory: row for row in all_figures(read_tree(str(tree), PAGE))}
    nodes_seen = set()
    for name, row in totals.items():
        mine = [record for record in records if record["directory"] == name]
        assert mine, name
        if name == "flat":  # no per-node parts: its totals, on no node
            assert [(r["node"], r["slabs"], r["memory_bytes"]) for r in mine] == [(None, 3, 3 * PAGE)]
            continue
        nodes_seen |= {record["node"] for record in mine}
        assert sum(record["slabs"] for record in mine) == row.slabs
        assert sum(record["partial"] for record in mine) == row.partial
        assert sum(record["memory_bytes"] for record in mine) == row.memory_bytes
        assert {record["cache"] for record in mine} == {row.name}
    assert nodes_seen - {None} == {0, 1, 2, 3}  # None: an empty cache, whose counters name no node
    table = list(csv.DictReader(io.StringIO(cli(*words, "--csv").stdout)))
    shown = [(r["directory"], "" if r["node"] is None else str(r["node"])) for r in records]
    assert [(row["directory"], row["node"]) for row in table] == shown
    text = cli(*words).stdout.splitlines()
    assert text[0].split() == ["cache", "node", "objects", "slabs", "partial", "memory"]
    assert len(text) == 1 + len(records)
    refused = cli(*words, "--reconcile")
    assert refused.returncode == 2 and "--per-node is a view of the caches" in refused.stderr


def test_the_shared_diff_lists_the_slab_caches_that_grew_when_both_snapshots_hold_them(
    tmp_path: Path, tree_dir: Path
) -> None:
    from test_snapshot import synthetic_snapshot

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain, _, _ = synthetic_snapshot(tmp_path / "a")
    before = add_slab_to_snapshot(plain, tmp_path / "before.kpf", tree_dir)
    (tree_dir / "kmalloc-64" / "slabs").write_text("80 N0=50 N1=30\n")
    (tree_dir / "kmalloc-64" / "objects").write_text("5000 N0=3000 N1=2000\n")
    after = add_slab_to_snapshot(synthetic_snapshot(tmp_path / "b")[0], tmp_path / "after.kpf", tree_dir)
    records = [json.loads(line) for line in cli("diff", str(before), str(after), "--json").stdout.splitlines()]
    slab = [record for record in records if record["kind"] == "slab"]
    assert slab == [
        {"schema": slab[0]["schema"], "kind": "slab", "cache": "kmalloc-64", "memory_before": 50 * PAGE,
         "memory_after": 80 * PAGE, "memory_growth": 30 * PAGE, "objects_before": 3000, "objects_after": 5000,
         "objects_growth": 2000, "loss_growth": 30 * PAGE - 2000 * 64}
    ]  # fmt: skip
    assert "group" in {record["kind"] for record in records}  # the page diff is still there
    shown = cli("slab-diff", str(before), str(after)).stdout.splitlines()
    text = cli("diff", str(before), str(after)).stdout.splitlines()
    section = text.index("# slab caches that grew (kpageflags slab-diff A B)")
    assert text[section + 1 :] == shown[2:]  # slab-diff's table, under its own heading
    # Without slab trees in both, the page diff alone, as before.
    records = [json.loads(line) for line in cli("diff", str(plain), str(after), "--json").stdout.splitlines()]
    assert records and "slab" not in {record["kind"] for record in records}


def test_slab_diff_names_each_snapshot_and_tree_copy_with_its_time_in_utc(tmp_path: Path, tree_dir: Path) -> None:
    from test_snapshot import synthetic_snapshot

    (tmp_path / "a").mkdir()
    plain, _, _ = synthetic_snapshot(tmp_path / "a")
    snapshot = add_slab_to_snapshot(plain, tmp_path / "before.kpf", tree_dir)
    with zipfile.ZipFile(snapshot) as archive:
        taken = json.loads(archive.read("manifest.json"))["taken"]
    os.utime(tree_dir, (0, 86400 + 61))
    before, after = moments([str(snapshot), str(tree_dir)], PAGE)
    assert before.label == f"{snapshot} snapshot taken {taken}" and taken.endswith("Z")
    assert after.label == f"{tree_dir} copy saved 1970-01-02T00:01:01Z"
    shown = cli("slab-diff", str(snapshot), str(tree_dir)).stdout.splitlines()
    assert shown[:2] == [f"from {before.label}", f"to   {after.label}"]
