"""kpageflags page-types against real page-types output of ten releases, and on this machine."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import (
    PAGE,
    REPO,
    kpageflags_entries,
    mappings,
    modules_imported_by,
    needs_kpageflags,
    present_frames,
    process_touching,
    readable_by_everyone,
    save_kpageflags,
    snapshot_of_files,
    while_frames_hold,
)

from kpageflags._generated.page_types import PAGE_TYPES_SWITCHES
from kpageflags.errors import ProcessGone, UnknownRelease, UsageError
from kpageflags.facts.releases import parse_release
from kpageflags.pagetypes.run import main
from kpageflags.sources import filewalk
from kpageflags.sources.files import LiveSource
from kpageflags.sources.processes import open_pagemap
from kpageflags.sources.procfs import U64File
from kpageflags.sources.topology import read_zoneinfo

SAMPLE = REPO / "tests" / "fixtures" / "page-types-sample"
ERAS = REPO / "tests" / "fixtures" / "page-types-eras.tar.gz"


def run(argv: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(["--no-progress", *argv], out=out, err=err)
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


SAMPLE_CASES = list(csv.DictReader((SAMPLE / "index.tsv").open(), delimiter="\t"))


@pytest.mark.parametrize("case", SAMPLE_CASES, ids=[f"{c['case']}-{c['mode']}" for c in SAMPLE_CASES])
def test_byte_identical_to_page_types_6_18_sample(case: dict[str, str]) -> None:
    code, out, _ = run(["--kernel", "6.18", *shlex.split(case["args"])], cwd=SAMPLE)
    assert code == int(case["exit_code"])
    assert out == (SAMPLE / case["stdout_file"]).read_text()


@pytest.fixture(scope="module")
def eras(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("eras")
    with tarfile.open(ERAS) as archive:
        archive.extractall(directory)  # our own fixture archive
    return directory


def era_cases() -> list[dict[str, str]]:
    with tarfile.open(ERAS) as archive:
        member = archive.extractfile("index.tsv")
        assert member is not None
        return list(csv.DictReader(io.TextIOWrapper(member), delimiter="\t"))


ERA_CASES = era_cases()
RELEASES = sorted({c["release"] for c in ERA_CASES}, key=lambda r: tuple(int(p) for p in r.split(".")))


@pytest.mark.parametrize("release", RELEASES)
def test_byte_identical_to_real_page_types_of_each_release(release: str, eras: Path) -> None:
    series = ".".join(release.split(".")[:2])
    cases = [c for c in ERA_CASES if c["release"] == release]
    assert len(cases) >= 10  # 4.19's own page-count bug kills most of its runs, which are left out
    wrong = []
    for case in cases:
        argv = ["--kernel", series, "-F", str(eras / "inputs" / case["input"]), *shlex.split(case["args"])]
        code, out, _ = run(argv)
        expected = (eras / case["stdout_file"]).read_text()
        if out != expected or code != int(case["exit_code"]):
            wrong.append(f"{case['input']} {case['args']}")
    assert wrong == []


def test_era_fixtures_cover_the_flag_table_eras() -> None:
    # 3.12: overloads in normal mode; 4.4: idle_page; 5.10: arch_2, slob_free, mappedtodisk;
    # 6.1/6.6: anon_exclusive; 6.18: owner_2 and no slob_free.
    assert {"3.12.24", "4.4.0", "5.10.44", "6.1.20", "6.18.2"} <= set(RELEASES)


OLD_ERAS = REPO / "tests" / "fixtures" / "page-types-old-eras.tar.gz"


def old_era_cases() -> list[dict[str, str]]:
    with tarfile.open(OLD_ERAS) as archive:
        member = archive.extractfile("index.tsv")
        assert member is not None
        return list(csv.DictReader(io.TextIOWrapper(member), delimiter="\t"))


OLD_ERA_CASES = old_era_cases()


@pytest.fixture(scope="module")
def old_eras(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("old-eras")
    with tarfile.open(OLD_ERAS) as archive:
        archive.extractall(directory)  # our own fixture archive
    return directory


@pytest.mark.parametrize("release", sorted({c["release"] for c in OLD_ERA_CASES}))
def test_unnamed_bits_as_the_real_page_types_of_each_era(release: str, old_eras: Path) -> None:
    # Where the tool stopped ("unkown"/"unknown flag bit N", exit 1), what it printed until then
    # and its message; where a bit was past its table's end, the same silence on stdout.
    wrong = []
    for case in (c for c in OLD_ERA_CASES if c["release"] == release):
        argv = ["--kernel", case["kernel"], "-F", str(old_eras / "inputs" / case["input"]), *shlex.split(case["args"])]
        code, out, err = run(argv)
        stopped = case["stderr"]
        if (
            out != (old_eras / case["stdout_file"]).read_text()
            or code != int(case["exit_code"])
            or (stopped and err != stopped.replace("|", "\n") + "\n")
        ):
            wrong.append(f"{case['input']} {case['args']!r}")
    assert wrong == []


def test_old_era_fixtures_cover_both_sides_of_each_change() -> None:
    kernels = {parse_release(c["kernel"]) for c in OLD_ERA_CASES}
    for switch in ("misspelt_unknown_bit_message", "silent_past_table_end"):
        (entry,) = [s for s in PAGE_TYPES_SWITCHES if s.name == switch]
        assert entry.until is not None
        assert parse_release(entry.since) in kernels
        assert any(parse_release(entry.since) < k < parse_release(entry.until) for k in kernels)
        assert parse_release(entry.until) in kernels


def test_bits_past_the_old_table_are_said_on_stderr_only(tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes((1 << 55 | 1 << 12).to_bytes(8, "little") * 3 + (1 << 63).to_bytes(8, "little"))
    code, out, err = run(["--kernel", "4.2", "-F", str(data)])
    assert code == 0
    assert "0x0080000000001000\t         3        0  ____________a_________________________\tanonymous\n" in out
    assert err == (
        "kpageflags: note: page-types of 4.2 prints no letter or name for a bit past the end of its name "
        "table (bit 51): bit 55 on 3 pages, bit 63 on 1 pages\n"
    )
    code, _, err = run(["--kernel", "4.3", "-F", str(data)])
    assert (code, err) == (1, "unknown flag bit 55\n")


def test_describe_names_a_bit_past_the_old_table_on_stderr() -> None:
    code, out, err = run(["--kernel", "2.6.33", "-d", "0x80000000001000"])
    assert (code, out) == (0, "0x0080000000001000\t____________a_____________________\tanonymous\n")
    assert err.endswith("(bit 51): bit 55\n")


def test_json_keeps_the_bits_page_types_would_stop_at(tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes((1 << 42 | 1 << 12).to_bytes(8, "little") * 3)
    code, out, err = run(["--kernel", "6.18", "-F", str(data), "-r", "--json"])
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["long"], row["unknown_bits"], row["short"].count("?")) == (["anonymous", "bit42"], [42], 1)
    assert "no name for bit(s) 42" in err
    code, out, err = run(["--kernel", "6.18", "-F", str(data), "-r"])
    assert (code, err) == (1, "unknown flag bit 42\n")


def test_without_kernel_a_bit_the_tool_cannot_name_is_shown_not_a_stop(tmp_path: Path) -> None:
    # Only --kernel asks for a release's tool with its stop; the default loses nothing.
    data = tmp_path / "kpf.bin"
    data.write_bytes((1 << 42 | 1 << 12).to_bytes(8, "little") * 3)
    code, out, err = run(["-F", str(data), "-r"])
    assert code == 0
    assert re.search(r"^0x0000040000001000\t +3 +0  _+a_+\?\tanonymous,bit42$", out, re.M), out
    assert "has no name for bit(s) 42; they are shown as '?' and bitN" in err


def test_truncated_file_is_one_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "odd.bin"
    data.write_bytes(b"\x00" * 12)
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "-F", str(data), "--kernel", "6.18"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kpageflags: error: {data}: 12 bytes is not a whole number of 8-byte entries (truncated or not a page file)"
    )


# Documentation/vm/page-types.c came with Wu Fengguang's "export more page flags in
# /proc/kpageflags" series (take 5 added it; take 6 was posted on 2009-05-08, lore
# 20090508105320.316173813@intel.com), merged for 2.6.31; the spec's first options are 2.6.31's.
@pytest.mark.parametrize("release", ["2.6.25", "2.6.28", "2.6.30", "2.6.30.10"])
@pytest.mark.parametrize("words", [["-d", "0x1"], ["-h"], ["-r", "-F", "FILE"]], ids=" ".join)
def test_page_types_before_2_6_31_is_one_line_naming_its_first_release(
    release: str, words: list[str], tmp_path: Path
) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes(bytes(8) + (1 << 32).to_bytes(8, "little"))
    argv = ["--kernel", release, *(str(data) if word == "FILE" else word for word in words)]
    with pytest.raises(UnknownRelease) as refused:
        run(argv)
    assert str(refused.value) == (
        f"page-types first appeared in 2.6.31, so kernel {release} has none to emulate; "
        "kpageflags decode and breakdown cover 2.6.25 to 2.6.30"
    )
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", *argv], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"kpageflags: error: {refused.value}\n")


@pytest.mark.parametrize("release", ["2.6.31-rc1", "2.6.31"])
def test_page_types_of_2_6_31_is_emulated(release: str, tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes((1).to_bytes(8, "little"))
    code, out, _ = run(["--kernel", release, "-F", str(data)])
    assert (code, out.splitlines()[1]) == (0, "0x0000000000000001\t         1        0  L" + "_" * 31 + "\tlocked")


def test_a_2_6_28_snapshot_reads_everywhere_but_in_page_types(tmp_path: Path) -> None:
    flags, zoneinfo = tmp_path / "kpageflags", tmp_path / "zoneinfo"
    flags.write_bytes(bytes(8) * 4)
    zoneinfo.write_text("Node 0, zone Normal\n spanned 4\n present 4\n start_pfn: 0\n")
    snapshot = snapshot_of_files(tmp_path / "old.kpf", kernel="2.6.28", kpageflags=flags, zoneinfo=zoneinfo)
    with pytest.raises(
        UnknownRelease, match=re.escape("page-types first appeared in 2.6.31, so kernel 2.6.28 has none")
    ):
        run(["--snapshot", str(snapshot)])
    for command in (["breakdown", "--snapshot"], ["free-blocks", "--snapshot"], ["metrics", "--snapshot"]):
        result = subprocess.run(
            [sys.executable, "-m", "kpageflags", *command, str(snapshot)], capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stderr) == (0, ""), command


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "999999999"], "no such process 999999999"),
        (["-b", "nonsense"], "'nonsense' is neither a flag name"),
        (["-a", "10,5"], "invalid range: 10,5"),
        (["-Z"], "invalid option -- 'Z'"),
        (["--kernel", "1.0"], "is not covered"),
        (["-f", "/no/such/file"], "stat failed: /no/such/file: No such file or directory"),
        (["-f", "/etc/hostname/x"], "stat failed: /etc/hostname/x: Not a directory"),
        (["-f", "/dev/null"], "unhandled file type: /dev/null"),
        (["-c", "/etc/hostname"], "cgroup supposed to be a directory"),
    ],
)
def test_bad_input_is_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    # A saved page file, so that no case reads this machine's frames (page-types starts
    # reading them before it has looked at every option).
    data = tmp_path / "kpf.bin"
    data.write_bytes(bytes(8))
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "--kernel", "6.18", "-F", str(data), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert result.stdout == ""


def test_json_and_csv(tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes(b"".join(v.to_bytes(8, "little") for v in [0x1000, 0x1000, 0x20, 0]))
    code, out, _ = run(["--kernel", "6.18", "-F", str(data), "--json", "--sort", "pages"])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {row["schema"] for row in rows} == {"kpageflags.page-types/2"} and sum(row["pages"] for row in rows) == 4
    assert rows[0]["long"] == ["anonymous"] and rows[0]["pages"] == 2 and rows[0]["kernel"] == "6.18"
    _, out, _ = run(["--kernel", "6.18", "-F", str(data), "--csv"])
    lines = out.splitlines()
    assert lines[0] == "kernel,page_size,raw,flags,pages,bytes,mb,size,short,long,unknown_bits"
    assert len(lines) == 4 and "anonymous" in lines[1] + lines[2] + lines[3]
    _, spelled_out, _ = run(["--kernel", "6.18", "-F", str(data), "--format", "json", "--sort", "pages"])
    assert [json.loads(line) for line in spelled_out.splitlines()] == rows


def test_describe_as_json_and_csv_wherever_the_format_stands() -> None:
    code, out, _ = run(["--kernel", "6.18", "--json", "-d", "0x28"])
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "schema": "kpageflags.page-types-describe/1",
            "kernel": "6.18",
            "flags": "0x0000000000000028",
            "short": "___U_l_____________________________________",
            "long": ["uptodate", "lru"],
            "unknown_bits": [],
        }
    ]
    # page-types stops reading at -d, but the format is kpageflags' own choice, as --kernel is.
    code, out, _ = run(["--kernel", "6.18", "-d", "uptodate,lru", "--csv"])
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["kernel", "flags", "short", "long", "unknown_bits"],
        ["6.18", "0x0000000000000028", "___U_l_____________________________________", '["uptodate", "lru"]', "[]"],
    ]
    with pytest.raises(UsageError, match="cannot be combined"):
        run(["-d", "0x28", "--json", "--csv"])


def test_describe_as_json_keeps_the_bit_page_types_stops_at() -> None:
    code, out, err = run(["--kernel", "4.5", "--json", "-d", "0x40000000000000"])
    assert code == 0 and err == ""
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["unknown_bits"] == [54] and record["long"] == ["bit54"]
    assert run(["--kernel", "4.5", "-d", "0x40000000000000"])[0] == 1


ROOT = os.geteuid() == 0


@needs_kpageflags
def test_live_summary_counts_every_page_frame() -> None:
    code, out, _ = run(["--json"])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    # What each frame holds moves; how many frames there are changes only when memory is
    # hot-added past the highest one.
    assert sum(row["pages"] for row in rows) == kpageflags_entries()


@needs_kpageflags
def test_process_walk_finds_touched_anonymous_memory() -> None:
    with process_touching(32) as pid:
        code, out, _ = run(["-p", str(pid), "-b", "anon", "--json"])
        assert code == 0
        pages = sum(json.loads(line)["pages"] for line in out.splitlines())
        assert pages >= (32 << 20) // os.sysconf("SC_PAGE_SIZE")
        code, out, _ = run(["-p", str(pid), "-l", "-N", "-b", "anon"])
        assert out.startswith("voffset\toffset\tlen\tflags\n")


@pytest.fixture(scope="module")
def resting_child() -> Iterator[int]:
    with process_touching(48, huge_pages=True) as pid:
        yield pid


@needs_kpageflags
@pytest.mark.parametrize("raw", [False, True], ids=["summary", "raw"])
@pytest.mark.parametrize("small_batches", [False, True], ids=["one-batch", "many-batches"])
@pytest.mark.parametrize("ending_early", [False, True], ids=["saved-flags", "saved-flags-ending-early"])
def test_bulk_process_summary_equals_the_page_by_page_walk(
    raw: bool,
    small_batches: bool,
    ending_early: bool,
    resting_child: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The -p summary counted in bulk (with numpy if installed, and without) gives what the
    page-by-page walk of -l and -c gives.

    All three walks read one saved copy of kpageflags: the child rests, but the kernel flips
    flags of its pages by itself (idle and referenced as DAMON or reclaim samples them, LRU
    lists), so two live reads of the same pages need not agree. The pagemap is read live, and
    -r shows its bits, one of which says whether another process maps the page too: other
    processes map and unmap the libraries the child uses at any moment, so with -r the walks
    cover only the child's private anonymous mappings, which no other process can map."""
    import kpageflags.sources.counting
    from kpageflags.pagetypes import run as page_types_run
    from kpageflags.pagetypes.options import Options
    from kpageflags.sources import processwalk as processcount

    if small_batches:
        # Batches and kpageflags reads cut small, so that runs span their boundaries.
        monkeypatch.setattr(processcount, "BATCH_PAGES", 3000)
        monkeypatch.setattr(processcount, "CHUNK_PAGES", 700)
    pid = resting_child

    walked_ranges = mappings(pid, private_anonymous=raw)

    def three_walks() -> tuple[str, str, str]:
        frames = sorted(present_frames(pid, walked_ranges))
        # Either every frame the walks meet, or a copy that ends in the middle of them: pages
        # past its end are not counted, by any walk.
        saved = save_kpageflags(tmp_path / "kpageflags", frames[len(frames) // 2] if ending_early else frames[-1] + 1)
        argv = ["-p", str(pid), "-F", str(saved)]
        if raw:
            argv.append("-r")
            for first, end in walked_ranges:
                argv += ["-a", f"{first},{end}"]
        with monkeypatch.context() as long_enough:
            # The child is too small otherwise.
            long_enough.setattr(page_types_run, "NUMPY_AFTER_PROCESS_SUMMARY_PAGES", 0)
            _, bulk, _ = run(argv)
        with monkeypatch.context() as without_numpy:
            without_numpy.setattr(kpageflags.sources.counting, "numpy_available", lambda: False)
            _, plain, _ = run(argv)
        with monkeypatch.context() as page_by_page:
            page_by_page.setattr(Options, "process_summary_only", property(lambda self: False))
            _, walked, _ = run(argv)
        return bulk, plain, walked

    bulk, plain, walked = while_frames_hold(pid, three_walks)
    assert bulk == walked
    assert plain == walked
    pages = int(walked.splitlines()[-1].split()[1])
    if ending_early:
        assert 0 < pages < (48 << 20) // os.sysconf("SC_PAGE_SIZE")
    else:
        assert pages >= (48 << 20) // os.sysconf("SC_PAGE_SIZE")


@needs_kpageflags
@pytest.mark.parametrize("with_numpy", [True, False], ids=["numpy", "plain"])
def test_process_gone_between_batches_keeps_the_pages_read(with_numpy: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.sources import processwalk as processcount
    from kpageflags.sources.counting import FlagCounter, numpy_available

    if with_numpy and not numpy_available():
        pytest.skip("numpy is not installed")
    monkeypatch.setattr(processcount, "BATCH_PAGES", 1024)
    with process_touching(16) as pid:
        walk = processcount.ProcessSummary(pid, LiveSource(), [])
        # The first batch's pagemap is being read already; the child then exits.
        walk._reading.wait()  # type: ignore[union-attr]
    try:
        counter = FlagCounter(with_numpy)
        warning = walk.count(False, counter.add, use_numpy=with_numpy)
    finally:
        walk.close()
    assert warning is not None and f"process {pid} " in warning and "walked so far are counted" in warning
    assert 0 < sum(counter.items().values()) <= 1024


@needs_kpageflags
def test_process_summary_reports_progress_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.output import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)  # the walk of a small process is shorter than the usual second
    with process_touching(8) as pid:
        out, err = io.StringIO(), io.StringIO()
        assert main(["--progress", "-p", str(pid)], out=out, err=err) == 0
    shown = err.getvalue()
    assert shown.startswith("\r") and " pages (" in shown and "%)" in shown and shown.endswith(progress.ERASE)
    assert out.getvalue().splitlines()[-1].startswith("             total")


# Modules a short walk's start-up does without: typing costs a tenth of a one-frame walk's CPU,
# the whole fact model (facts.model) and threading (with reader threads to start) as much
# together, argparse and dataclasses more; topology only sizes the machine for numpy's switch.
SHORT_WALK_SPARES = (
    "typing",
    "kpageflags.facts.model",
    "threading",
    "argparse",
    "dataclasses",
    "numpy",
    "kpageflags.facts.bitsexpr",
    "kpageflags.sources.topology",
)


@pytest.mark.parametrize("walk", [["-a", "0x100,0x101", "-N", "-l"], ["-a", "0x100,0x140", "-L"], ["-r"]], ids=" ".join)
def test_a_short_walk_starts_without_the_modules_it_does_not_need(tmp_path: Path, walk: list[str]) -> None:
    saved = tmp_path / "kpageflags"
    saved.write_bytes(array("Q", [0x800 * (pfn % 3) | 0x20 for pfn in range(0x200)]).tobytes())
    # The running release's name is read with re's patterns, so re may load; nothing else watched.
    assert set(modules_imported_by(["page-types", "-F", str(saved), *walk], SHORT_WALK_SPARES)) <= {"re"}


@needs_kpageflags
def test_a_walk_of_a_small_file_starts_without_the_modules_it_does_not_need(tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.write_bytes(b"x" * 65536)
    # Finding libc by ctypes.util runs ldconfig through subprocess; platform only named the machine.
    spares = (*SHORT_WALK_SPARES, "ctypes.util", "subprocess", "platform")
    assert set(modules_imported_by(["page-types", "-f", str(small)], spares)) <= {"re"}


@needs_kpageflags
def test_a_walk_of_a_file_of_several_chunks_starts_without_typing(tmp_path: Path) -> None:
    """Its chunks are mapped a step ahead in a thread (threading loads), without typing."""
    from kpageflags.sources.filewalk import FILE_CHUNK_PAGES

    large = tmp_path / "large"
    large.write_bytes(b"x" * (os.sysconf("SC_PAGE_SIZE") * (FILE_CHUNK_PAGES + 10)))
    spares = (*SHORT_WALK_SPARES, "ctypes.util", "subprocess", "platform")
    loaded = modules_imported_by(["page-types", "-f", str(large), "-l"], spares)
    assert set(loaded) <= {"re", "threading"} and "threading" in loaded


@needs_kpageflags
def test_a_walk_of_a_small_process_starts_without_typing_or_the_fact_model() -> None:
    # Its pagemap is read in threads (threading may load); numpy is not worth importing.
    spares = tuple(name for name in SHORT_WALK_SPARES if name != "threading")
    with process_touching(8) as pid:
        for walk in (["-p", str(pid)], ["-p", str(pid), "-L"]):
            assert set(modules_imported_by(["page-types", *walk], spares)) <= {"re"}, walk


@needs_kpageflags
def test_a_short_process_summary_does_not_import_numpy() -> None:
    """Importing numpy takes longer than the whole run walk of a small process."""
    pytest.importorskip("numpy")
    script = (
        "import sys\n"
        "from kpageflags.pagetypes.run import main\n"
        "code = main(['--no-progress', '-p', sys.argv[1]])\n"
        "sys.exit(3 if 'numpy' in sys.modules else code)\n"
    )
    with process_touching(8) as pid:
        result = subprocess.run([sys.executable, "-c", script, str(pid)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("             total")


@needs_kpageflags
@pytest.mark.parametrize("with_numpy", [True, False], ids=["numpy", "plain"])
def test_a_long_process_summary_is_counted_in_bulk_only_by_numpy(
    with_numpy: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without numpy the bulk count builds a dict of frames, slower than the run walk."""
    from kpageflags.pagetypes import run as page_types_run
    from kpageflags.pagetypes.options import parse
    from kpageflags.sources import counting

    if with_numpy:
        pytest.importorskip("numpy")
    else:
        monkeypatch.setattr(counting, "numpy_available", lambda: False)
    monkeypatch.setattr(page_types_run, "NUMPY_AFTER_PROCESS_SUMMARY_PAGES", 0)
    with process_touching(8) as pid:
        source = LiveSource()
        try:
            bulk = page_types_run.counted_in_bulk(parse(["--no-progress", "-p", str(pid)]), source)
            assert (bulk is not None) == with_numpy
            if bulk is not None:
                bulk.close()
        finally:
            source.close()


def kernel_thread() -> int | None:
    """A kernel thread's pid (PF_KTHREAD in the flags of /proc/PID/stat), if any is visible."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[6]) & 0x00200000:
                return int(entry.name)
    return None


@pytest.mark.live
def test_kernel_thread_is_one_line() -> None:
    pid = kernel_thread()
    if pid is None:
        pytest.skip("no kernel thread is visible in this PID namespace")
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "-p", str(pid)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 5  # ProcessGone: no user address space
    assert result.stderr == (
        f"kpageflags: error: /proc/{pid}/pagemap: process {pid} has no user address space to "
        "walk (a kernel thread, or a process exiting)\n"
    )
    # The page-by-page walk (without numpy) opens the pagemap the same way.
    with pytest.raises(ProcessGone, match="has no user address space"):
        open_pagemap(pid)


@needs_kpageflags
@pytest.mark.parametrize("in_bulk", [True, False], ids=["bulk", "runs"])
def test_process_that_exits_mid_walk_still_reports(in_bulk: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.pagetypes import run as page_types_run
    from kpageflags.sources import processwalk, walk
    from kpageflags.sources.counting import numpy_available

    if in_bulk:
        if not numpy_available():
            pytest.skip("the bulk count is numpy's")
        monkeypatch.setattr(page_types_run, "NUMPY_AFTER_PROCESS_SUMMARY_PAGES", 0)

    child = subprocess.Popen(
        [sys.executable, "-c", "print('ready', flush=True); input()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def open_then_end_the_child(pid: int) -> U64File:
        # The walk has read the child's mappings; the child is gone before any pagemap read.
        pagemap = open_pagemap(pid)
        child.kill()
        child.wait()
        return pagemap

    monkeypatch.setattr(processwalk if in_bulk else walk, "open_pagemap", open_then_end_the_child)
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        code, out, err = run(["-p", str(child.pid)])
    finally:
        child.kill()
        child.wait()
    assert code == 0
    assert out.splitlines()[-1].startswith("             total")
    assert f"process {child.pid} exited during the walk" in err


@needs_kpageflags
def test_file_walk_counts_cached_pages(tmp_path: Path) -> None:
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(1 << 20))
    target.read_bytes()
    code, out, _ = run(["-f", str(target), "--kernel", "6.18"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{target}\tInode: ") and "Size: 1048576 (256 pages)" in lines[0]
    assert lines[1].startswith("Modify: ") and lines[2].startswith("Access: ")
    total = int(lines[-1].split()[1])
    assert 0 < total <= 256


@needs_kpageflags
@pytest.mark.parametrize("listed", [["-L", "-N"], []], ids=["list", "summary"])
def test_a_pid_beside_a_file_walks_the_file(listed: list[str], tmp_path: Path) -> None:
    """page-types given -p and -f walks the file (walk_page_cache reopens its own pagemap):
    the process only adds a voffset column, of the file's offsets, to the list."""
    target = tmp_path / "cached.bin"
    target.write_bytes(os.urandom(64 * PAGE))
    target.read_bytes()
    code, out, err = run(["--kernel", "6.18", "-p", str(os.getpid()), "-f", str(target), *listed])
    assert code == 0, err
    lines = out.splitlines()
    if not listed:
        assert lines[0].startswith(f"{target}\tInode: ") and 0 < int(lines[-1].split()[1]) <= 64
        return
    # Since 5.16 the file's header comes with the summary alone, which -N leaves out.
    assert lines[0] == "voffset\tfoffset\toffset\tflags"
    pages = [line.split("\t") for line in lines[1:]]
    assert pages and all(voffset == foffset and int(voffset, 16) < 64 for voffset, foffset, *_ in pages)


@pytest.mark.live
def test_a_pid_beside_a_file_must_name_a_process(tmp_path: Path) -> None:
    """page-types opens the process's pagemap for -p though -f walks the file: a pid that names
    no process is an error, before anything is walked."""
    target = tmp_path / "some.bin"
    target.write_bytes(bytes(PAGE))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    out = io.StringIO()
    with pytest.raises(ProcessGone, match=rf"^no such process {gone.pid} \(/proc/{gone.pid}/maps does not exist\)$"):
        main(["--no-progress", "--kernel", "6.18", "-p", str(gone.pid), "-f", str(target), "-L"], out=out)
    assert out.getvalue() == ""


@needs_kpageflags
@pytest.mark.parametrize("listed", [[], ["-l"]], ids=["summary", "list"])
@pytest.mark.parametrize(
    ("kernel", "ranges", "chunks"),
    [
        # Before 5.16, -a is ignored with -f and the partly filled last page is walked.
        ("5.15", [], [(0, 4)]),
        ("5.15", ["-a", "1"], [(0, 4)]),
        ("5.16", [], [(0, 3)]),
        ("5.16", ["-a", "1"], [(1, 1)]),
        ("6.18", ["-a", "2,9"], [(2, 2)]),
        # Byte offsets past 2**64 wrap in page-types' unsigned long arithmetic...
        ("6.18", ["-a", f"{(1 << 64) // filewalk.PAGE_SIZE + 1}+2"], [(1, 2)]),
        ("6.18", ["-a", f"0+{(1 << 64) // filewalk.PAGE_SIZE}"], []),
    ],
)
def test_a_file_walk_covers_the_pages_page_types_of_its_release_walks(
    kernel: str,
    ranges: list[str],
    chunks: list[tuple[int, int]],
    listed: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "three-and-a-half-pages.bin"
    target.write_bytes(bytes(3 * filewalk.PAGE_SIZE + filewalk.PAGE_SIZE // 2))
    walked = []

    def record(name: str, source: object, file_ranges: list[tuple[int, int]], *rest: object, **options: object) -> None:
        walked.append(filewalk._chunks(file_ranges, os.path.getsize(name)))

    monkeypatch.setattr(filewalk, "walk_file", record)
    monkeypatch.setattr(filewalk, "count_file", record)
    code, _, err = run(["--kernel", kernel, "-f", str(target), *ranges, *listed])
    assert (code, walked) == (0, [chunks]), err


@needs_kpageflags
@pytest.mark.parametrize("listed", [[], ["-l"]], ids=["summary", "list"])
@pytest.mark.parametrize(
    ("kernel", "order", "chunks"),
    [
        # Before 5.16, every page each file reaches.
        ("5.15", ["short", "long", "tiny"], [[(0, 2)], [(0, 5)], [(0, 1)]]),
        # From 5.16, the first file's whole pages, kept for every later file.
        ("5.16", ["short", "long", "tiny"], [[(0, 1)], [(0, 1)], [(0, 1)]]),
        ("6.18", ["long", "short", "tiny"], [[(0, 5)], [(0, 2)], [(0, 1)]]),
        ("6.18", ["tiny", "long", "short"], [[], [], []]),
    ],
)
def test_a_directory_walk_covers_the_pages_page_types_of_its_release_walks(
    kernel: str,
    order: list[str],
    chunks: list[list[tuple[int, int]]],
    listed: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, walked, err = _chunks_walked_in(tmp_path, order, ["--kernel", kernel, *listed], monkeypatch)
    assert (code, walked) == (0, chunks), err


@needs_kpageflags
@pytest.mark.parametrize(
    ("order", "ranges", "chunks"),
    [
        (["tiny", "long", "short"], [], [[], [(0, 5)], [(0, 1)]]),
        (["long"], ["-a", f"{(1 << 64) // filewalk.PAGE_SIZE + 1}+2"], [[]]),
        (["long"], ["-a", f"0+{(1 << 64) // filewalk.PAGE_SIZE}"], [[(0, 5)]]),
    ],
)
def test_kpageflags_own_output_walks_what_page_types_meant_to(
    order: list[str],
    ranges: list[str],
    chunks: list[list[tuple[int, int]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where page-types' own output is not mimicked (JSON here), neither the first file's range
    kept for later files nor the offsets wrapped past 2**64 bytes: each file whole, or as asked."""
    code, walked, err = _chunks_walked_in(tmp_path, order, ["--kernel", "6.18", "--json", *ranges], monkeypatch)
    assert (code, walked) == (0, chunks), err


def _chunks_walked_in(
    directory: Path, order: list[str], argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[list[tuple[int, int]]], str]:
    """-f of a directory of three files (short: a page and a half, long: 5 pages, tiny: 100
    bytes), met in ``order`` (nftw's order is the directory's): each file's chunks walked."""
    page = filewalk.PAGE_SIZE
    for name, size in {"short": page + page // 2, "long": 5 * page, "tiny": 100}.items():
        (directory / name).write_bytes(bytes(size))
    walked = []

    def record(name: str, source: object, file_ranges: list[tuple[int, int]], *rest: object, **options: object) -> None:
        walked.append(filewalk._chunks(file_ranges, os.path.getsize(name)))

    monkeypatch.setattr(filewalk, "files_under", lambda top: iter([str(directory / name) for name in order]))
    monkeypatch.setattr(filewalk, "walk_file", record)
    monkeypatch.setattr(filewalk, "count_file", record)
    code, _, err = run([*argv, "-f", str(directory)])
    return code, walked, err


def _walk_visiting(runs_of: Callable[[str, list[tuple[int, int]]], Sequence[object]]) -> Callable[..., None]:
    """A stand-in for filewalk.walk_file that hands ``visit`` the runs ``runs_of`` makes up for
    a file and its ranges."""

    def walk(
        name: str,
        source: object,
        file_ranges: list[tuple[int, int]],
        visit: Callable[..., None],
        *_: object,
        **__: object,
    ) -> None:
        for runs in runs_of(name, file_ranges):
            visit(runs)

    return walk


@needs_kpageflags
@pytest.mark.parametrize(
    ("listed", "order", "kept"),
    [
        # The range held open is not printed, as page-types exits without ending it.
        ("-l", ["readable", "unreadable"], "foffset\toffset\tlen\tflags\n0\t1000\t2\t{letters}\n"),
        (
            "-L",
            ["readable", "unreadable"],
            "foffset\toffset\tflags\n0\t1000\t{letters}\n1\t1001\t{letters}\n3\t2000\t{letters}\n",
        ),
        # Nothing listed yet: not even the heading, as for an error found before the walk.
        ("-L", ["unreadable", "readable"], ""),
    ],
)
def test_a_walk_that_fails_keeps_what_it_listed_before(
    listed: str, order: list[str], kept: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpageflags.errors import NotPermitted
    from kpageflags.sources.pageruns import PageRuns

    for name in ("readable", "unreadable"):
        (tmp_path / name).write_bytes(bytes(4 * filewalk.PAGE_SIZE))

    def runs_of(name: str, file_ranges: list[tuple[int, int]]) -> list[PageRuns]:
        if name.endswith("unreadable"):
            raise NotPermitted(f"{name}: permission denied")
        return [PageRuns([0, 3], [0x1000, 0x2000], [2, 1], [0x28, 0x28], [0, 0], [0, 0], [0, 0])]

    monkeypatch.setattr(filewalk, "files_under", lambda top: iter([str(tmp_path / name) for name in order]))
    monkeypatch.setattr(filewalk, "walk_file", _walk_visiting(runs_of))
    out = io.StringIO()
    with pytest.raises(NotPermitted):
        main(["--no-progress", "--kernel", "6.18", "-f", str(tmp_path), listed], out=out, err=io.StringIO())
    letters = run(["--kernel", "6.18", "-d", "0x28"])[1].split("\t")[1]
    assert out.getvalue() == kept.format(letters=letters)


@needs_kpageflags
@pytest.mark.parametrize(
    ("argv", "noatime_only"),
    [
        (["--kernel", "6.18", "-l"], True),
        (["--kernel", "6.18"], True),
        (["--kernel", "6.18", "--json"], False),
        (["-l"], False),
    ],
)
def test_only_a_mimicked_walk_stops_at_a_file_it_may_not_open_without_atime(
    argv: list[str], noatime_only: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """page-types opens each file with O_NOATIME, which another user's file refuses without
    CAP_FOWNER; kpageflags' own walk opens it anyway."""
    target = tmp_path / "file"
    target.write_bytes(bytes(filewalk.PAGE_SIZE))
    asked = []

    def record(*args: object, noatime_only: bool) -> None:
        asked.append(noatime_only)

    monkeypatch.setattr(filewalk, "walk_file", record)
    monkeypatch.setattr(filewalk, "count_file", record)
    code, _, err = run([*argv, "-f", str(target)])
    assert (code, asked) == (0, [noatime_only]), err


@needs_kpageflags
@pytest.mark.parametrize("kernel", ["5.16", "6.18"])
def test_a_range_of_a_file_walk_starts_a_list_line_of_its_own(
    kernel: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """page-types ends the range it holds at the first cached page of each range of each file
    it walks: consecutive ranges of consecutive frames with the same flags are two lines."""
    from kpageflags.sources.pageruns import PageRuns

    target = tmp_path / "eight-pages.bin"
    target.write_bytes(bytes(8 * filewalk.PAGE_SIZE))

    def runs_of(name: str, file_ranges: list[tuple[int, int]]) -> list[PageRuns]:
        return [PageRuns([start], [0x1000 + start], [count], [0x28], [0], [0], [0]) for start, count in file_ranges]

    monkeypatch.setattr(filewalk, "walk_file", _walk_visiting(runs_of))
    code, out, err = run(["--kernel", kernel, "-f", str(target), "-l", "-N", "-a", "0+4", "-a", "4+4"])
    letters = run(["--kernel", kernel, "-d", "0x28"])[1].split("\t")[1]
    assert (code, out) == (0, f"foffset\toffset\tlen\tflags\n0\t1000\t4\t{letters}\n4\t1004\t4\t{letters}\n"), err


@needs_kpageflags
@pytest.mark.slow
def test_scan_under_churn_finishes() -> None:
    # Processes come and go, allocating and freeing, for as long as both scans run.
    churn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys\nwhile True:\n subprocess.run([sys.executable, '-c', 'x = bytearray(8 << 20)'])",
        ]
    )
    # The listing goes frame by frame in Python, some seconds a GiB, so it walks 1 GiB of the
    # zone holding most memory, where allocations land first; the summary walks every frame.
    zone = max(read_zoneinfo(), key=lambda zone: zone.present)
    window = f"{zone.start_pfn},{min(zone.end_pfn, zone.start_pfn + (1 << 30) // PAGE)}"
    try:
        code, out, _ = run(["-l", "-N", "-b", "anon", "-a", window])
        assert code == 0 and out.startswith("offset\tlen\tflags\n")
        code, out, _ = run([])
        assert code == 0 and "total" in out
    finally:
        churn.kill()
        churn.wait()


NEEDS_ROOT = (
    "kpageflags: error: /proc/kpageflags: permission denied; reading page frame data needs root (CAP_SYS_ADMIN)"
)


@pytest.mark.live
@pytest.mark.skipif(not ROOT, reason="needs root to drop to an unprivileged user")
@pytest.mark.parametrize(
    ("walk", "message"),
    [
        ([], NEEDS_ROOT),
        (["-p", "{own}"], NEEDS_ROOT),
        (
            ["-p", "{root}"],
            "kpageflags: error: /proc/{root}/maps: permission denied; walking another user's process "
            "needs root (or the right to ptrace it)",
        ),
    ],
    ids=["machine", "own-process", "root-process"],
)
def test_unprivileged_user_gets_one_line(walk: list[str], message: str) -> None:
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    fill = {"own": "$$", "root": str(os.getpid())}
    # sh -c so that "$$" is the unprivileged shell that execs Python: its own process.
    command = " ".join(shlex.quote(word.format(**fill)) if "{own}" not in word else "$$" for word in walk)
    with readable_by_everyone() as shared:
        result = subprocess.run(
            ["sh", "-c", f"exec {python} -m kpageflags page-types {command}"],
            capture_output=True,
            text=True,
            check=False,
            user=65534,
            env={"PYTHONPATH": str(shared), "PATH": "/usr/bin:/bin"},
            cwd="/",
        )
    assert result.returncode == 3  # NotPermitted
    assert result.stderr.strip() == message.format(**fill)


@pytest.mark.live
@pytest.mark.parametrize(
    ("option", "control", "messages"),
    [
        ("-i", "/sys/kernel/mm/page_idle/bitmap", ("CONFIG_IDLE_PAGE_TRACKING", "nothing was marked")),
        ("-X", "/sys/kernel/debug/hwpoison", ("nothing was poisoned",)),
    ],
    ids=["idle", "hwpoison"],
)
def test_writing_options_say_when_the_kernel_lacks_them(
    option: str, control: str, messages: tuple[str, ...], tmp_path: Path
) -> None:
    if Path(control).exists():
        pytest.skip(f"this kernel has {control}, so {option} would write to it")
    data = tmp_path / "kpf.bin"
    data.write_bytes(b"\x00" * 8)
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "-F", str(data), option, "--kernel", "6.18"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 4  # NotAvailable
    assert all(message in result.stderr for message in messages), result.stderr


@pytest.mark.parametrize(
    ("text", "offset", "size"),
    [
        # C's strtoll: a negative number is taken unsigned, a larger one saturates at 2**63 - 1,
        # and add_addr_range cuts the size to what fits below 2**64.
        ("0,-1", 0, (1 << 64) - 1),
        ("1+-1", 1, (1 << 64) - 2),
        ("0x10,-5", 0x10, (1 << 64) - 5 - 0x10),
        ("1,99999999999999999999", 1, (1 << 63) - 2),
        ("1+99999999999999999999", 1, (1 << 63) - 1),
        ("-1", (1 << 64) - 1, 0),
        ("-1,", (1 << 64) - 1, 0),
        (" 5", 5, 1),
    ],
)
def test_a_range_reads_numbers_as_page_types_does(text: str, offset: int, size: int) -> None:
    from kpageflags.pagetypes.options import address_range

    assert address_range(text) == (offset, size)


def test_cgroup_inode_0_filters_nothing_as_in_page_types() -> None:
    from kpageflags.pagetypes.options import parse

    assert parse(["-c", "@0"]).cgroup is None
    assert parse(["-c", "@-1"]).cgroup == (1 << 64) - 1


def test_a_pipe_as_the_saved_file_is_one_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    # No writer ever comes: a blocking open would wait for one for ever.
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", "--kernel", "6.18", "-F", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr
        == f"kpageflags: error: {fifo}: a pipe cannot be read at an entry's offset; save it to a file first\n"
    )


def page_types_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", "page-types", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "0x1000000000000000"], "index overflow: 1152921504606846976 (a page offset must be below 2^60"),
        # strtoll saturates at 2**63 - 1, as page-types reads it.
        (["-a", "0xffffffffffffffff,"], "index overflow: 9223372036854775807"),
        (["-a", "-0"], "invalid name or number: -0"),
        (["-a", "1, 0"], "invalid name or number:  0"),
        (["-c", "@-0"], "invalid name or number: -0"),
        (["-a", "0x" + "f" * 5000 + ",1"], "-a offset '0xffffffffffffffffffffff...' (5002 characters) is too long"),
        (["-a", "1+0x" + "f" * 5000], "-a count '0xffffffffffffffffffffff...' (5002 characters) is too long"),
        (["-p", "9" * 5000], "-p pid '999999999999999999999999...' (5000 characters) is too long"),
        (["-p", "0"], "-p pid '0' is out of range; it must be from 1 to 2147483647"),
        (["-c", "@" + "9" * 5000], "-c inode '999999999999999999999999...' (5000 characters) is too long"),
        (["-b", "9" * 5000], "number '999999999999999999999999...' (5000 characters) is too long"),
        (["--kernel", "6.18." + "1" * 5000], "point release '111111111111111111111111...' (5000"),
        (["--threads", "0"], "--threads '0' is out of range; it must be from 1 to 64"),
        (["--threads", "-1"], "--threads '-1' is out of range; it must be from 1 to 64"),
        (["--threads", "99999"], "--threads '99999' is out of range; it must be from 1 to 64"),
        (["--threads", "100000000"], "--threads '100000000' is out of range; it must be from 1 to 64"),
        (["--json", "--csv"], "--json and --csv cannot be combined"),
        (["--csv", "--json"], "--json and --csv cannot be combined"),
    ],
)
def test_bad_numbers_and_combinations_are_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes(b"\x00" * 64)
    result = page_types_command("-F", str(data), *(["--kernel", "6.18"] if "--kernel" not in args else []), *args)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kpageflags: error: ") and message in lines[0], result.stderr
    assert len(lines[0]) < 300


def test_threads_within_the_bounds_are_taken(tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes((0x1000).to_bytes(8, "little") * 5)
    expected = run(["--kernel", "6.18", "-F", str(data)])
    assert run(["--kernel", "6.18", "-F", str(data), "--threads", "1"]) == expected
    assert run(["--kernel", "6.18", "-F", str(data), "--threads", "64"]) == expected


@pytest.mark.parametrize("option", ["-c", "-f", "-F", "--kpageflags", "--snapshot", "--file", "--cgroup"])
def test_a_path_with_a_nul_byte_is_a_usage_error(option: str) -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    with pytest.raises(UsageError, match=r"'a\\x00' holds a NUL byte, which no path can"):
        parse(["--kernel", "7.2", option, "a\x00"])  # --kpageflags has its argument from 7.2


def test_a_path_with_a_nul_byte_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from kpageflags.cli.main import main as kpageflags_main

    assert kpageflags_main(["page-types", "--kernel", "6.18", "-F", "/tmp/a\x00b"]) == 2
    assert capsys.readouterr().err == "kpageflags: error: -F '/tmp/a\\x00b' holds a NUL byte, which no path can\n"


def test_k_is_the_kernel_option_as_in_every_other_command() -> None:
    expected = run(["--kernel", "5.0", "-d", "balloon"])
    assert expected[0] == 0 and "balloon" in expected[1]
    assert run(["-k", "5.0", "-d", "balloon"]) == expected
    assert run(["-k5.0", "-d", "balloon"]) == expected
    assert run(["-rk", "5.0", "-d", "balloon"]) == expected


@pytest.mark.parametrize(
    ("kernel", "argv", "message"),
    [
        ("2.6.32", ["-d", "0x10"], "invalid option -- 'd': page-types of 2.6.32 has no -d (it came in 2.6.33)"),
        ("2.6.31", ["-p", "1"], "invalid option -- 'p': page-types of 2.6.31 has no -p (it came in 2.6.32)"),
        ("3.14", ["-a", "0", "-f", "/"], "invalid option -- 'f': page-types of 3.14 has no -f (it came in 3.15)"),
        ("3.14", ["-NL", "-f/"], "invalid option -- 'f': page-types of 3.14 has no -f (it came in 3.15)"),
        # getopt_long names a long option as it was given, perhaps shortened.
        (
            "4.5",
            ["--cgroup", "@1"],
            "unrecognized option '--cgroup': page-types of 4.5 has no --cgroup (it came in 4.6)",
        ),
        (
            "4.18",
            ["-l", "--list-map"],
            "unrecognized option '--list-map': page-types of 4.18 has no --list-mapcnt (it came in 4.19)",
        ),
    ],
)
def test_an_option_the_named_release_lacks_is_refused_as_its_getopt_did(
    kernel: str, argv: list[str], message: str
) -> None:
    from kpageflags.errors import UsageError

    with pytest.raises(UsageError) as refused:
        main(["--no-progress", "--kernel", kernel, *argv], out=io.StringIO())
    assert str(refused.value) == message


def test_the_release_named_after_d_is_the_one_d_describes_with() -> None:
    """page-types reads no option after -d, but --kernel chooses which page-types reads the
    command line, wherever it stands."""
    assert run(["-d", "0x400000000", "--kernel", "2.6.33"])[1].endswith("\tmappedtodisk\n")
    from kpageflags.errors import UsageError

    with pytest.raises(UsageError, match=r"^invalid option -- 'd': page-types of 2\.6\.32 has no -d"):
        main(["--no-progress", "-d", "0x10", "--kernel", "2.6.32"], out=io.StringIO())


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        # Refused where getopt meets it: before its argument is looked at, or a later option's.
        (["--kernel", "4.18", "-M", "-c", "/nonexistent"], "invalid option -- 'M'"),
        (["--kernel", "4.5", "-c", "/nonexistent"], "invalid option -- 'c'"),
        (["--kernel", "2.6.31", "-p", "abc"], "invalid option -- 'p'"),
        # An option before it is read first, and fails first.
        (["--kernel", "3.14", "-a", "garbage", "-f", "/etc/passwd"], "-a"),
    ],
)
def test_an_absent_option_is_refused_in_its_place_among_the_others(argv: list[str], error: str) -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    with pytest.raises(UsageError) as refused:
        parse(argv)
    assert str(refused.value).startswith(error) or f" {error} " in str(refused.value), refused.value


@pytest.mark.parametrize(
    "argv",
    [["-d", "0x28", "--bogus"], ["-d", "0x28", "-a"], ["-d", "0x28", "--kernel"], ["-h", "-Q"], ["--help", "--bogus"]],
    ids=" ".join,
)
def test_d_and_h_act_before_any_later_word_is_read(argv: list[str]) -> None:
    code, out, err = run(argv)
    assert (code, err) == (0, "") and out


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        # The refused option ends the reading: no later word's error comes first.
        (["--kernel", "2.6.31", "-f", "x", "--bogus"], "invalid option -- 'f'"),
        (["--kernel", "2.6.31", "-f", "x", "-a"], "invalid option -- 'f'"),
        # Refused before its missing argument is noticed.
        (["--kernel", "2.6.31", "-f"], "invalid option -- 'f'"),
        (["--kernel", "3.14", "-lf"], "invalid option -- 'f'"),
        (["--kernel", "2.6.31", "--file"], "unrecognized option '--file'"),
        (["--kernel", "2.6.31", "--pid=1"], "unrecognized option '--pid=1'"),
        # Unknown to every release: getopt's own words, the option as typed.
        (["--bogus=1"], "unrecognized option '--bogus=1'"),
        (["--kernel", "2.6.31", "-Q"], "invalid option -- 'Q'"),
    ],
)
def test_getopt_errors_come_in_the_order_of_the_words(argv: list[str], error: str) -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    with pytest.raises(UsageError) as refused:
        parse(argv)
    assert str(refused.value).startswith(error), refused.value


@pytest.mark.parametrize(
    ("kernel", "word", "key"),
    [("2.6.32", "--list-", "L"), ("2.6.31", "--h", "help"), ("4.19", "--list-m", "M")],
)
def test_a_shortened_long_option_is_read_among_the_named_release_s_options(kernel: str, word: str, key: str) -> None:
    """A release's getopt_long knew its own long options only, and none of kpageflags'."""
    from kpageflags.facts.releases import parse_release
    from kpageflags.pagetypes.options import split

    assert split([word], release=parse_release(kernel))[0][0] == key


def test_a_shortening_that_fits_several_options_is_getopts_error() -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    with pytest.raises(
        UsageError, match=r"^option '--list-' is ambiguous; possibilities: '--list-each' '--list-cgroup'"
    ):
        parse(["--list-"])


def test_format_csv_after_json_is_refused_as_csv_after_json_is() -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    for argv in (["--json", "--format", "csv"], ["--format", "csv", "--json"], ["--csv", "--json"]):
        with pytest.raises(UsageError, match=r"^--json and --csv cannot be combined"):
            parse(argv)


def test_a_release_before_page_types_is_refused_before_any_option_is_acted_on() -> None:
    from kpageflags.pagetypes.options import parse

    with pytest.raises(UnknownRelease, match=r"^page-types first appeared in 2\.6\.31, so kernel 2\.6\.30 has none"):
        parse(["--kernel", "2.6.30", "-p", "999999", "-F", "/dev/null"])


def test_long_kpageflags_gives_its_file_to_a_release_before_f() -> None:
    """The releases from 4.16 to 7.1 declared --kpageflags without an argument; those before
    4.16 had neither it nor -F, so, as -F, it gives them the file."""
    from kpageflags.pagetypes.options import parse

    for kernel in ("2.6.31", "4.15"):
        options = parse(["--kernel", kernel, "--kpageflags", "/tmp/kpf"])
        assert (options.kpageflags, options.notes) == ("/tmp/kpf", [])
    assert parse(["--kernel", "4.16", "--kpageflags", "/tmp/kpf"]).kpageflags is None


def test_a_saved_file_is_given_to_a_release_before_f_with_f(tmp_path: Path) -> None:
    """-F is kpageflags' way to give any release a saved file, where the real tool of a release
    before 4.16 had it bind-mounted over /proc/kpageflags."""
    data = tmp_path / "kpf.bin"
    data.write_bytes((0x28).to_bytes(8, "little") * 3)
    code, out, _ = run(["--kernel", "3.12", "-F", str(data), "-N", "-L"])
    assert (code, out.splitlines()[1][:8]) == (0, "0\t___U_l")


def test_the_options_a_release_has_come_from_the_spec_and_bind_only_a_named_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --kernel nothing is refused (nothing is lost on a machine whose release lacks an
    option); with it, the spec's ``since`` of each option decides."""
    from kpageflags._generated.page_types import PAGE_TYPES_OPTIONS
    from kpageflags.errors import UsageError
    from kpageflags.facts.releases import releases
    from kpageflags.pagetypes import options

    data = tmp_path / "kpf.bin"
    data.write_bytes((0x28).to_bytes(8, "little") * 3)
    code, out, _ = run(["--kernel", "6.18", "-F", str(data), "-L", "-N"])
    assert (code, out.splitlines()[:2]) == (0, ["offset\tflags", "0\t___U_l" + "_" * 37])
    newest = releases()[-1]
    later = tuple(o._replace(since=newest) if o.letter == "L" else o for o in PAGE_TYPES_OPTIONS)
    monkeypatch.setattr(options, "PAGE_TYPES_OPTIONS", later)
    refused = rf"^invalid option -- 'L': page-types of 6\.18 has no -L \(it came in {newest}\)$"
    with pytest.raises(UsageError, match=refused):
        main(["--no-progress", "--kernel", "6.18", "-F", str(data), "-L", "-N"], out=io.StringIO())
    code, out, _ = run(["-F", str(data), "-L", "-N"])
    assert (code, out.splitlines()[:2]) == (0, ["offset\tflags", "0\t___U_l" + "_" * 37])


def test_kpageflags_short_options_are_no_letter_of_any_page_types() -> None:
    from kpageflags._generated.page_types import PAGE_TYPES_OPTIONS
    from kpageflags.pagetypes.options import OWN_SHORT, SHORT_FLAGS, SHORT_WITH_ARGUMENT

    page_types_letters = {option.letter for option in PAGE_TYPES_OPTIONS}
    assert set(OWN_SHORT) <= SHORT_WITH_ARGUMENT | SHORT_FLAGS
    assert not set(OWN_SHORT) & page_types_letters


def test_help_lists_kpageflags_options_after_page_types_own_usage() -> None:
    from kpageflags.pagetypes.options import LONG

    code, usage, _ = run(["--kernel", "6.18", "-h"])
    assert code == 0 and "--json" not in usage
    code, help_text, _ = run(["--kernel", "6.18", "--help"])
    assert code == 0 and help_text.startswith(usage)
    section = help_text[len(usage) :]
    assert section.startswith("\nkpageflags options")
    own = [name for name, (key, _) in LONG.items() if key == name]
    assert len(own) >= 9
    for name in own:
        assert f"--{name}" in section, name
    assert "-k|--kernel" in section and "1 to 64" in section


def test_human_sizes_have_a_size_header(tmp_path: Path) -> None:
    data = tmp_path / "kpf.bin"
    data.write_bytes((0x1000).to_bytes(8, "little") * 300)
    _, plain, _ = run(["--kernel", "6.18", "-F", str(data)])
    _, human, _ = run(["--kernel", "6.18", "-F", str(data), "--human"])
    assert plain.splitlines()[0] == "             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags"
    assert human.splitlines()[0] == "             flags\tpage-count     size  symbolic-flags\t\t\tlong-symbolic-flags"
    from kpageflags.output.units import human as human_size

    assert human.splitlines()[1].split("\t")[1].split()[:2] == ["300", human_size(300 * os.sysconf("SC_PAGE_SIZE"))]


@pytest.mark.parametrize(("kernel", "read"), [("7.1", None), ("7.1.9", None), ("7.2", "/tmp/kpf"), ("7.3", "/tmp/kpf")])
def test_long_kpageflags_takes_its_argument_from_7_2(kernel: str, read: str | None) -> None:
    from kpageflags.pagetypes.options import parse

    options = parse(["--kpageflags", "/tmp/kpf", "--kernel", kernel])
    assert options.kpageflags == read
    assert bool(options.notes) is (read is None)


def test_long_kpageflags_without_kernel_reads_the_file_it_names(tmp_path: Path) -> None:
    """On a machine whose page-types would ignore FILE, a user who names no release means FILE."""
    from kpageflags.pagetypes.options import parse

    options = parse(["--kpageflags", "/tmp/kpf"])
    assert (options.kpageflags, options.notes) == ("/tmp/kpf", [])
    flags = tmp_path / "kpf.bin"
    flags.write_bytes((0x1000).to_bytes(8, "little") * 3)
    assert run(["--kpageflags", str(flags)]) == run(["-F", str(flags)])


def test_the_release_of_the_long_kpageflags_fix_comes_from_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags._generated.page_types import PAGE_TYPES_OPTIONS
    from kpageflags.pagetypes import options

    (option,) = (o for o in PAGE_TYPES_OPTIONS if o.letter == "F")
    assert option.long_argument_since == "7.2"
    assert any(e.commit == "3fb355431eb8" and e.release == "7.2" for e in option.evidence)
    later = tuple(o._replace(long_argument_since="7.3") if o.letter == "F" else o for o in PAGE_TYPES_OPTIONS)
    monkeypatch.setattr(options, "PAGE_TYPES_OPTIONS", later)
    parsed = options.parse(["--kernel", "7.2", "--kpageflags", "/tmp/kpf"])
    assert parsed.kpageflags is None
    assert "(fixed in 7.3)" in parsed.notes[0]


def test_long_kpageflags_with_equals_before_7_2_is_getopts_error() -> None:
    from kpageflags.errors import UsageError
    from kpageflags.pagetypes.options import parse

    with pytest.raises(UsageError, match="option '--kpageflags' doesn't allow an argument"):
        parse(["--kernel", "7.1", "--kpageflags=/tmp/kpf"])
    assert parse(["--kernel", "7.2", "--kpageflags=/tmp/kpf"]).kpageflags == "/tmp/kpf"


def test_the_last_of_f_and_long_kpageflags_wins_before_7_2() -> None:
    from kpageflags.pagetypes.options import parse

    assert parse(["-k", "7.1", "--kpageflags", "-F", "/tmp/kpf"]).kpageflags == "/tmp/kpf"
    assert parse(["-k", "7.1", "-F", "/tmp/kpf", "--kpageflags"]).kpageflags is None


def test_long_kpageflags_before_7_2_reads_what_it_would_without_the_file(tmp_path: Path) -> None:
    """The word after --kpageflags is ignored, so a snapshot is read with a note; from 7.2 it is
    the saved file, which cannot be combined with a snapshot."""
    from kpageflags.errors import KpageflagsError

    flags = tmp_path / "kpf.bin"
    flags.write_bytes((0x1000).to_bytes(8, "little") * 4)
    snapshot = snapshot_of_files(tmp_path / "s.kpf", kernel="7.1.3", kpageflags=flags)
    code, out, err = run(["--kernel", "7.1", "--kpageflags", str(flags), "--snapshot", str(snapshot)])
    assert code == 0 and "anonymous" in out
    assert "kpageflags: note: page-types of 7.1 takes no argument for --kpageflags" in err
    with pytest.raises(KpageflagsError, match="-F cannot be combined with --snapshot"):
        run(["--kernel", "7.2", "--kpageflags", str(flags), "--snapshot", str(snapshot)])


def test_no_note_of_what_long_kpageflags_reads_when_nothing_is_read() -> None:
    code, out, err = run(["--kernel", "7.1", "--kpageflags", "ignored", "-d", "0x28"])
    assert (code, err) == (0, "") and out.startswith("0x0000000000000028\t")
