"""Page sources: what each holds and where each part comes from, and the CLI building one."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import snapshot_of_files

from kpageflags.errors import MissingPart, UsageError
from kpageflags.sources import files
from kpageflags.sources.files import LiveSource, SavedFiles
from kpageflags.sources.snapshot import Snapshot

ZONEINFO = "Node 0, zone   Normal\n        spanned  3000\n        present  3000\n  start_pfn:           0\n"


def saved_files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "kpageflags").write_bytes(array("Q", range(3000)).tobytes())
    (tmp_path / "kpagecount").write_bytes(array("Q", [1] * 2000).tobytes())
    (tmp_path / "zoneinfo").write_text(ZONEINFO)
    return {part: str(tmp_path / part) for part in ("kpageflags", "kpagecount", "zoneinfo")}


def test_saved_files_say_what_they_lack_and_which_option_gives_it(tmp_path: Path) -> None:
    saved = SavedFiles(saved_files(tmp_path))
    described = {part.name: part for part in saved.describe()}
    assert described["kpageflags"].origin == str(tmp_path / "kpageflags")
    assert "assumed: the running kernel" in str(described["release"].origin)
    assert "assumed: this machine's" in str(described["page_size"].origin)
    missing = saved.missing()
    assert missing["memory_blocks"].endswith("(give --memory-blocks DIR; this machine's is not used for foreign files)")
    assert "take a snapshot" in missing["processes"]
    assert "zoneinfo" not in missing and "kpagecount" not in missing
    with pytest.raises(MissingPart, match="give --config FILE"):
        saved.config()
    with pytest.raises(MissingPart, match="no processes"):
        saved.process(1)
    assert saved.buddyinfo() is None and saved.cgroup_names() == {}


def test_page_files_are_read_in_step_and_a_shorter_one_is_padded(tmp_path: Path) -> None:
    saved = SavedFiles(saved_files(tmp_path))
    with saved.read(["kpageflags", "kpagecount"], 100, 2900, chunk=1000) as reader:
        chunks = list(reader)
    assert [(c.first, len(c.flags) // 8) for c in chunks] == [(100, 1000), (1100, 1000), (2100, 800)]
    assert all(c.counts is not None and len(c.counts) == len(c.flags) and c.cgroups is None for c in chunks)
    last = chunks[-1].counts
    assert last is not None and array("Q", last)[:3].tolist() == [0, 0, 0]  # kpagecount ends at frame 2000
    assert array("Q", chunks[0].flags)[0] == 100


def test_a_window_of_one_chunk_is_read_without_threads_as_the_threads_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = saved_files(tmp_path)

    def read(window: tuple[int, int | None], chunk: int) -> tuple[list[int], bytes, bytes]:
        start, end = window
        with SavedFiles(paths).read(["kpageflags", "kpagecount"], start, end, chunk=chunk) as reader:
            chunks = list(reader)
        flags, counts = (b"".join(getattr(c, part) or b"" for c in chunks) for part in ("flags", "counts"))
        return [c.first for c in chunks[:1]], flags, counts

    windows = ((100, 600), (0, 700), (1950, 2100), (2999, None), (2950, 3600), (5000, 5300))
    by_threads = {window: read(window, chunk=90) for window in windows}

    def no_threads(*args: object) -> None:
        raise AssertionError("a window of one chunk started reader threads")

    monkeypatch.setattr(files, "Prefetcher", no_threads)
    for window in windows:
        assert read(window, chunk=700) == by_threads[window], window
    assert by_threads[(1950, 2100)][2] == array("Q", [1] * 50 + [0] * 100).tobytes()  # kpagecount ends at 2000


def test_a_snapshot_reads_the_same_windows_as_the_files(tmp_path: Path) -> None:
    paths = saved_files(tmp_path)
    with Snapshot(str(snapshot_of_files(tmp_path / "s.kpf", **paths))) as snapshot:
        described = {part.name: part for part in snapshot.describe()}
        assert described["release"].origin == f"6.18.44 (recorded in snapshot {tmp_path / 's.kpf'})"
        assert "memory blocks" in str(described["memory_blocks"].missing)
        for start, end in ((0, None), (100, 2900), (1500, 1700), (2999, None), (5000, None)):
            with snapshot.read(["kpageflags", "kpagecount"], start, end, chunk=700) as ours:
                from_snapshot = [(c.first, c.flags, c.counts) for c in ours]
            with SavedFiles(paths).read(["kpageflags", "kpagecount"], start, end, chunk=700) as theirs:
                from_files = [(c.first, c.flags, c.counts) for c in theirs]
            assert from_snapshot == from_files, (start, end)


def test_this_machine_names_its_own_files() -> None:
    live = LiveSource(overrides={"zoneinfo": "/elsewhere/zoneinfo"})
    described = {part.name: part.origin for part in live.describe()}
    assert described["kpageflags"] == "/proc/kpageflags" and described["zoneinfo"] == "/elsewhere/zoneinfo"
    assert described["processes"] == "/proc" and "the running kernel" in str(described["release"])


def namespace(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**given)


def test_the_command_line_builds_one_source(tmp_path: Path) -> None:
    from kpageflags.cli.sources import source_from_args

    paths = saved_files(tmp_path)
    assert isinstance(source_from_args(namespace(kpageflags=paths["kpageflags"])), SavedFiles)
    assert isinstance(source_from_args(namespace(zoneinfo=paths["zoneinfo"])), LiveSource)
    with pytest.raises(UsageError, match="--snapshot cannot be combined with --kpageflags"):
        source_from_args(namespace(snapshot="s.kpf", kpageflags=paths["kpageflags"]))
    with pytest.raises(UsageError, match="--kpagecgroup needs --kpageflags"):
        source_from_args(namespace(kpagecgroup=paths["kpagecount"]))
    with pytest.raises(UsageError, match="--page-size must be a positive"):
        source_from_args(namespace(kpageflags=paths["kpageflags"], page_size=0))


def test_page_types_reads_a_snapshot_without_unpacking_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from kpageflags.pagetypes.run import main

    def no_temporary_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("page-types --snapshot wrote a temporary file")

    snapshot = snapshot_of_files(tmp_path / "s.kpf", **saved_files(tmp_path))
    for name in ("NamedTemporaryFile", "TemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_temporary_files)
    for extra in ([], ["-L", "-M"], ["-a", "100,2500", "-l"]):
        out = io.StringIO()
        assert main(["--snapshot", str(snapshot), *extra], out=out, err=io.StringIO()) == 0
        assert out.getvalue()
    # -M lists map counts from the snapshot's kpagecount (which ends at frame 2000), not this machine's.
    listed = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "--snapshot", str(snapshot), "-L", "-M", "-N"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    assert listed[0] == "map-cnt\toffset\tflags"
    assert listed[1].split("\t")[:2] == ["1", "0"] and listed[2001].split("\t")[:2] == ["0", "7d0"]


def test_page_types_of_saved_files_refuses_this_machines_map_counts_before_printing(tmp_path: Path) -> None:
    from kpageflags.pagetypes.run import main

    paths = saved_files(tmp_path)
    out = io.StringIO()
    with pytest.raises(MissingPart, match=r"hold no kpagecount .*--snapshot"):
        main(["--kernel", "6.18", "-F", paths["kpageflags"], "-L", "-M"], out=out, err=io.StringIO())
    with pytest.raises(MissingPart, match="hold no kpagecgroup"):
        main(["--kernel", "6.18", "-F", paths["kpageflags"], "-l", "-C"], out=out, err=io.StringIO())
    assert out.getvalue() == ""
