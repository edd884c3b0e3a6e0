"""kpageflags page-owner-sort against the outputs of the C tool of each release."""

from __future__ import annotations

import gzip
import io
import json
import shlex
import sys
from pathlib import Path

import pytest
from conftest import modules_imported_by

from kpageflags.cli.main import main
from kpageflags.pageownersort.tool import tool_for

FIXTURES = Path(__file__).parent / "fixtures" / "page_owner_sort"
CASES = json.loads((FIXTURES / "cases.json").read_text())


def run(tmp_path: Path, *words: str) -> tuple[int, bytes]:
    output = tmp_path / "out.txt"
    code = main(["page-owner-sort", *words, str(output)])
    return code, output.read_bytes() if output.exists() else b""


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['kernel']}:{c['dump']}:{c['options'] or 'default'}")
def test_output_is_the_c_tools(case: dict[str, str], tmp_path: Path) -> None:
    words = ["--kernel", case["kernel"], *shlex.split(case["options"]), str(FIXTURES / case["dump"])]
    code, written = run(tmp_path, *words)
    assert code == 0
    assert written == (FIXTURES / case["expected"]).read_bytes()


def test_releases_on_both_sides_of_each_switch() -> None:
    assert tool_for("6.6").has("free_ts_options") and not tool_for("6.7").has("free_ts_options")
    assert tool_for("6.0").has("free_filter_drops_every_freed") and not tool_for("6.1").has(
        "free_filter_drops_every_freed"
    )
    assert tool_for("6.3").has("tgid_column_prints_pid") and not tool_for("6.4").has("tgid_column_prints_pid")
    assert tool_for("6.18").has("ts_compare_never_equal") and not tool_for("6.19").has("ts_compare_never_equal")
    assert not tool_for("6.18").has("help_option") and tool_for("6.19").has("help_option")
    assert tool_for("5.16").has("memory_sort_only") and tool_for("5.17").has("memory_sort_only")
    assert not tool_for("5.19").has("memory_sort_only") and tool_for("5.19").has("free_ts_options")
    assert tool_for("5.16").has("merge_repeated_neighbour") and not tool_for("5.16").has("free_ts_options")
    assert tool_for("5.17").has("memory_sort_only") and not tool_for("5.18").has("memory_sort_only")
    for switch in ("free_ts_options", "last_sort_option_wins", "ts_needs_comma", "tgid_column_prints_pid"):
        assert not tool_for("5.17").has(switch) and tool_for("5.18").has(switch)
    for switch in ("sort_option", "allocator_label", "selection_lists", "unsorted_by_default"):
        assert not tool_for("5.18").has(switch) and tool_for("5.19").has(switch)
    assert tool_for("6.6").has("unsorted_by_default") and not tool_for("6.7").has("unsorted_by_default")


@pytest.mark.parametrize("kernel", ["5.10", "5.15"])
def test_releases_not_reproduced_are_refused_in_one_line(
    kernel: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _ = run(tmp_path, "--kernel", kernel, str(FIXTURES / "dump-5.19.txt"))
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("option", ["--cull=pid", "-a", "-h", "--sort=pid"])
def test_the_5_16_tool_takes_m_alone(option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, written = run(tmp_path, "--kernel", "5.17", option, str(FIXTURES / "dump-5.19.txt"))
    assert (code, written) == (1, b"")  # the C tool's exit status
    assert "takes -m alone" in capsys.readouterr().err


def test_the_5_16_tool_counts_no_pages_for_an_order_of_three_digits(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    frame = b" " + b"x" * 200 + b"+0x1/0x2\n"  # the C tool keeps a block per 100 bytes of input
    dump.write_bytes(
        b"Page allocated via order 007, mask 0x0\n"
        + frame
        + b"\nPage allocated via order 65, mask 0x0\n"
        + frame
        + b"\n"
    )
    _, old = run(tmp_path, "--kernel", "5.16", str(dump))
    _, new = run(tmp_path, "--kernel", "5.19", str(dump))
    # 5.16: "007" is over two digits, 65 shifts by 65 & 31; 5.19: 7 is 128 pages, 65 is over 64.
    assert (
        b"1 times, 0 pages:\nPage allocated via order 007" in old
        and b"1 times, 2 pages:\nPage allocated via order 65" in old
    )
    assert b"1 times, 128 pages, " in new and b"1 times, 0 pages, " in new


def test_without_kernel_an_order_above_any_kernels_counts_no_pages(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    frame = b" " + b"x" * 200 + b"+0x1/0x2\n"  # the C tool keeps a block per 100 bytes of input
    dump.write_bytes(b"Page allocated via order 64, mask 0x0\n" + frame + b"\n")
    _, fixed = run(tmp_path, str(dump))
    _, faithful = run(tmp_path, "--kernel", "6.19", str(dump))
    # The C tool shifts a C int by 64 & 31: 1 page.
    assert b"1 times, 0 pages, " in fixed and b"1 times, 1 pages, " in faithful


@pytest.mark.parametrize("kernel", [[], ["--kernel", "6.19"]])
def test_numbers_longer_than_python_reads_are_too_large(kernel: list[str], tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    frame = b" " + b"x" * 200 + b"+0x1/0x2\n"
    huge = b"9" * 5000
    dump.write_bytes(b"Page allocated via order %s, mask 0x0, pid %s, ts %s ns\n%s\n" % (huge, huge, huge, frame))
    code, written = run(tmp_path, *kernel, "--pid", "-1", str(dump))
    assert code == 0 and written.startswith(b"1 times, 0 pages")


@pytest.mark.parametrize(
    "words",
    [
        ["-a", "-m"],
        ["-f"],
        ["--cull", "nonsense"],
        ["--sort", "free_ts"],
        ["--pid", "12x"],
        ["-x"],
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    words: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _ = run(tmp_path, *words, str(FIXTURES / "dump-6.7.txt"))
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("kpageflags: error: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("kernel", "words", "err"),
    [
        ("5.19", ["-x"], "./page_owner_sort: invalid option -- 'x'\n"),
        ("5.19", ["-h"], "./page_owner_sort: invalid option -- 'h'\n"),
        ("5.19", ["--h"], "./page_owner_sort: unrecognized option '--h'\n"),
        ("5.19", ["--bogus"], "./page_owner_sort: unrecognized option '--bogus'\n"),
        ("7.3", ["-f"], "./page_owner_sort: invalid option -- 'f'\n"),
        ("7.3", ["-a", "-m"], ""),
        ("7.3", ["-ax", "--cull", "nonsense"], "./page_owner_sort: invalid option -- 'x'\n"),
    ],
)
def test_a_refused_option_under_kernel_prints_the_releases_usage_and_exits_1(
    kernel: str, words: list[str], err: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, written = run(tmp_path, "--kernel", kernel, *words, str(FIXTURES / "dump-6.7.txt"))
    assert (code, written) == (1, b"")
    captured = capsys.readouterr()
    assert captured.err == err
    assert captured.out.startswith("Usage: ./page_owner_sort [OPTIONS] <input> <output>\n")
    assert ("-r\t\tSort by memory release time." in captured.out) == (kernel == "5.19")


@pytest.mark.parametrize(
    ("words", "err"),
    [
        (["--cull", "nonsense", "-x"], "wrong argument after --cull option:nonsense\n"),
        (["--pid", "12x"], "wrong/invalid pid in from the command line:12x\n"),
        (["--sort", "free_ts"], "wrong argument after --sort option:free_ts\n"),
    ],
)
def test_a_refused_argument_under_kernel_is_the_c_tools_line_and_exit_1(
    words: list[str], err: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _ = run(tmp_path, "--kernel", "7.3", *words, str(FIXTURES / "dump-6.7.txt"))
    assert code == 1
    assert capsys.readouterr() == ("", err)


@pytest.mark.parametrize("kernel", ["5.19", "7.3"])
def test_missing_files_under_kernel_print_the_usage_alone(kernel: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page-owner-sort", "--kernel", kernel, str(FIXTURES / "dump-6.7.txt")]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("Usage: ./page_owner_sort") and err == ""


def test_the_help_option_of_6_19_prints_the_c_tools_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page-owner-sort", "--kernel", "7.3", "-h", "-x"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Usage: ./page_owner_sort") and err == ""


def test_unreadable_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _ = run(tmp_path, str(tmp_path))
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_fixed_tool_keeps_a_last_record_without_empty_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, faithful = run(tmp_path, "--kernel", "6.19", "--cull", "pid", str(FIXTURES / "dump-6.7-unterminated.txt"))
    _, fixed = run(tmp_path, "--cull", "pid", str(FIXTURES / "dump-6.7-unterminated.txt"))
    assert b"1 times, 4 pages, PID 7\n" in faithful and b"2 times, 6 pages, PID 7\n" in fixed
    assert "it is kept" in capsys.readouterr().err


def test_the_fixed_tool_drops_a_header_cut_off_at_the_end_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    whole = (FIXTURES / "dump-6.7.txt").read_bytes()
    cut = tmp_path / "cut.txt"
    cut.write_bytes(whole + b"Page ")
    code, fixed = run(tmp_path, str(cut))
    err = capsys.readouterr().err
    assert b" 0 pages" not in fixed and fixed == run(tmp_path, str(FIXTURES / "dump-6.7.txt"))[1]
    assert code == 2 and err.count("\n") == 1 and "the header line it ends in ('Page ') is left out" in err
    # The C tool leaves out any last block without an empty line after it, this one too.
    _, faithful = run(tmp_path, "--kernel", "6.19", str(cut))
    assert faithful == run(tmp_path, "--kernel", "6.19", str(FIXTURES / "dump-6.7.txt"))[1]
    assert "cut short" not in capsys.readouterr().err


def test_the_fixed_tool_writes_a_dump_cut_inside_a_record_and_exits_2_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    whole = (FIXTURES / "dump-6.7.txt").read_bytes()
    last_pfn_line = whole.rindex(b"\nPFN ") + 1
    cut = tmp_path / "cut.txt"
    cut.write_bytes(whole[: last_pfn_line + 10])  # inside the last record's PFN line
    code, fixed = run(tmp_path, "--cull", "pid", str(cut))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"{cut} is cut short" in err and "its last record is kept as far as it goes" in err
    whole_count = _records_counted(run(tmp_path, "--cull", "pid", str(FIXTURES / "dump-6.7.txt"))[1])
    assert _records_counted(fixed) == whole_count
    # The C tool leaves the last block out without a word, and exits 0.
    code, faithful = run(tmp_path, "--kernel", "6.19", "--cull", "pid", str(cut))
    assert code == 0 and "cut short" not in capsys.readouterr().err
    assert _records_counted(faithful) == whole_count - 1


def _records_counted(output: bytes) -> int:
    """The records an output's groups count ("N times, ...")."""
    return sum(int(line.split(b" ", 1)[0]) for line in output.splitlines() if b" times, " in line)


def test_as_the_c_tool_a_file_that_is_no_dump_gives_an_empty_output_and_notes_say_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign.txt"
    foreign.write_bytes(b"hello world\nthis is not a dump\n")
    _, faithful = run(tmp_path, "--kernel", "6.19", str(foreign))
    err = capsys.readouterr().err
    assert faithful == b""
    assert "no page_owner record was read" in err and "the last record" not in err
    # Records that a filter leaves out were read: no such note.
    run(tmp_path, "--kernel", "6.19", "--pid", "999999", str(FIXTURES / "dump-6.7.txt"))
    assert "no page_owner record" not in capsys.readouterr().err


def test_the_fixed_tool_honours_sort(tmp_path: Path) -> None:
    dump = str(FIXTURES / "dump-6.7.txt")
    _, ignored = run(tmp_path, "--kernel", "6.19", "--cull", "pid", "--sort", "-p", dump)
    _, honoured = run(tmp_path, "--cull", "pid", "--sort", "-p", dump)
    pids = [int(line.split(b"PID ")[1]) for line in honoured.splitlines()]
    assert pids == sorted(pids, reverse=True)
    assert ignored != honoured


def test_a_record_over_128k_stops_the_c_tool_but_not_ours(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dump = tmp_path / "big.txt"
    big = b"Page allocated via order 0, mask 0x0(), pid 1, tgid 1 (init), ts 5 ns\n" + b" f+0x1/0x2\n" * 20000
    dump.write_bytes(big + b"\n" + (FIXTURES / "dump-6.7.txt").read_bytes())
    _, faithful = run(tmp_path, "--kernel", "6.19", str(dump))
    assert faithful == b""
    assert "128 KiB" in capsys.readouterr().err
    _, fixed = run(tmp_path, str(dump))
    groups = (FIXTURES / "expected" / "6.19--dump-6.7--default.out").read_bytes().count(b" times, ")
    assert fixed.count(b" times, ") == groups + 1


def test_the_fixed_tool_reads_gzip_and_standard_input_as_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = FIXTURES / "dump-6.7.txt"
    _, plain = run(tmp_path, "--cull", "pid", str(dump))
    packed = tmp_path / "dump.gz"
    packed.write_bytes(gzip.compress(dump.read_bytes()))
    _, from_gzip = run(tmp_path, "--cull", "pid", str(packed))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dump.read_bytes())))
    _, from_stdin = run(tmp_path, "--cull", "pid", "-")
    assert plain and from_gzip == plain and from_stdin == plain


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x7fELF\x02\x01\x01\0\0\0binary", "binary"),
        (b"Some other report\nwith lines\n\nof its own\n", "page_owner"),
    ],
    ids=["binary", "foreign text"],
)
def test_the_fixed_tool_refuses_what_is_no_dump_in_one_line(
    data: bytes, says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(data)
    code, _ = run(tmp_path, str(junk))
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and says in err


@pytest.mark.parametrize("kernel", [[], ["--kernel", "5.19"], ["--kernel", "6.19"]], ids=["fixed", "5.19", "6.19"])
def test_a_missing_debugfs_file_says_how_to_enable_page_owner(
    kernel: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _ = run(tmp_path, *kernel, "/sys/kernel/debug/page_owner_absent_on_purpose")
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "page_owner=on" in err


@pytest.mark.parametrize("kernel", [[], ["--kernel", "6.19"]], ids=["fixed", "6.19"])
def test_input_and_output_the_same_file_is_refused_and_the_dump_kept(
    kernel: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_bytes((FIXTURES / "dump-6.7.txt").read_bytes())
    code = main(["page-owner-sort", *kernel, str(dump), str(dump)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "same file" in err
    assert dump.read_bytes() == (FIXTURES / "dump-6.7.txt").read_bytes()


def test_a_cut_short_gzip_is_one_line_and_leaves_output_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    packed = gzip.compress((FIXTURES / "dump-6.7.txt").read_bytes() * 50)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    output = tmp_path / "out.txt"
    output.write_bytes(b"kept")
    code = main(["page-owner-sort", str(cut), str(output)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "cut short" in err
    assert output.read_bytes() == b"kept"


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for output in (tmp_path, tmp_path / "missing" / "out.txt"):
        code = main(["page-owner-sort", str(FIXTURES / "dump-6.7.txt"), str(output)])
        out, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1 and "cannot write" in err
        # Refused before the dump is read: a large one took minutes to sort only to be thrown away.
        assert out == ""


@pytest.mark.parametrize("option", ["-d", "--sort=pid", "--cull=allocator", "--cull=ator", "--pid=98,7", "--tgid=98,7"])
def test_the_5_18_tool_lacks_the_5_19_options(option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dump = str(FIXTURES / "dump-5.19.txt")
    code, written = run(tmp_path, "--kernel", "5.18", option, dump)
    assert (code, written) == (1, b"")  # the C tool's exit status
    err = capsys.readouterr().err
    assert err.startswith(("./page_owner_sort: ", "wrong")) and err.count("\n") <= 2
    assert run(tmp_path, "--kernel", "5.19", option, dump)[0] == 0


def test_the_5_18_tool_selects_by_the_first_15_bytes_of_a_name(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    frame = b" post_alloc_hook+0x1a8/0x1c0\n" + b" x" * 60 + b"\n"  # a block per 100 bytes of input
    for pid, comm in ((1, b"kworker/u16:1-ev"), (2, b"kworker/u16:1-e"), (3, b"short")):
        header = b"Page allocated via order 0, mask 0x0(), pid %d, tgid %d (%s), ts 5 ns, free_ts 0 ns\n" % (
            pid,
            pid,
            comm,
        )
        with dump.open("ab") as out:
            out.write(header + b"PFN 1 type Movable\n" + frame + b"\n")
    _, old = run(tmp_path, "--kernel", "5.18", "--name", "kworker/u16:1-events", str(dump))
    _, new = run(tmp_path, "--kernel", "5.19", "--name", "kworker/u16:1-events", str(dump))
    # As the C tools of 5.18.12 and 5.19 wrote: 5.18 keeps "kworker/u16:1-e" (pid 2), 5.19 nothing.
    assert old.startswith(b"1 times, 1 pages:\n") and b"pid 2," in old and old.count(b"times") == 1
    assert new == b""


# Modules a small sort's start-up does without: typing, the whole fact model, dataclasses and
# argparse; pickle and tempfile (with shutil and random) spill runs of a large sort only, gzip
# reads a gzip dump only, and the record parser (with its patterns) reads no block
# page_owner_sort sorts.
SMALL_SORT_SPARES = (
    "typing",
    "gzip",
    "kpageflags.facts.model",
    "dataclasses",
    "argparse",
    "contextlib",
    "pickle",
    "tempfile",
    "kpageflags.pageowner.records",
)


@pytest.mark.parametrize("options", [[], ["-m"], ["--cull", "stacktrace,pid", "--sort", "n,-p"]], ids=" ".join)
def test_a_small_sort_starts_without_the_modules_it_does_not_need(tmp_path: Path, options: list[str]) -> None:
    from kpageflags.pageowner.synthetic import write_dump

    dump = tmp_path / "page_owner.txt"
    with dump.open("w") as out:
        write_dump(out, "6.18", 20, seed=1)
    argv = ["page-owner-sort", *options, str(dump), str(tmp_path / "sorted.txt")]
    # re is the options' (a number as strtol reads it) and may load; nothing watched.
    assert set(modules_imported_by(argv, SMALL_SORT_SPARES)) <= {"re"}
