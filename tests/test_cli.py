"""The command line as a user runs it: output, JSON Lines, and one-line errors."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import unittest.mock
from pathlib import Path
from typing import Any, Callable

import pytest

from kpageflags import releases
from kpageflags.cli.main import main


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command line run through main() in this process, as `python -m kpageflags` runs it: a
    process for each of these cases took minutes of CI; the [a-real-process] cases start one."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    err = io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        unittest.mock.patch("sys.stdin", io.StringIO(stdin or "")),
    ):
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    assert isinstance(out.buffer, io.BytesIO)
    return subprocess.CompletedProcess(list(args), code, out.buffer.getvalue().decode(), err.getvalue())


def run_process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("runner", [run, run_process], ids=["in-process", "a-real-process"])
def test_decode_text(runner: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = runner("decode", "0x40000086c", "--kernel", "6.18")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "0x000000040000086c\treferenced,uptodate,lru,active,mmap,owner_2"


def test_decode_json_lines_schema() -> None:
    result = run("decode", "--json", "0x400001000", "0x1", "--kernel", "5.19")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2
    first = objects[0]
    assert {"value", "kernel", "flags", "unknown_bits", "warnings"} <= set(first)
    assert first["value"] == "0x0000000400001000"
    assert first["kernel"] == "5.19"
    assert first["flags"] == ["anon", "anon_exclusive"]
    assert first["unknown_bits"] == [] and first["warnings"] == []
    assert first["schema"] == "kpageflags.decode/1"


@pytest.mark.parametrize("runner", [run, run_process], ids=["in-process", "a-real-process"])
def test_decode_reads_stdin(runner: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = runner("decode", "--json", "--kernel", "4.19", stdin="0x800000\n0x1000 0x0\n")
    assert [json.loads(line)["flags"] for line in result.stdout.splitlines()] == [["balloon"], ["anon"], []]


@pytest.mark.parametrize(
    ("command", "what"),
    [(["decode"], "value"), (["pagemap"], "pagemap entry"), (["page-flags", "--arch", "x86_64"], "page->flags word")],
)
def test_a_bad_word_on_stdin_is_named_with_its_line(command: list[str], what: str) -> None:
    result = run(*command, "--kernel", "6.1", stdin="0x1\n\n0x2 zz 0x3\n0x4\n")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"kpageflags: error: standard input line 3: {what} 'zz' is not a number; "
        "write it in hex (0x...), octal (0...) or decimal"
    ]


def test_decode_shows_unknown_bits() -> None:
    result = run("decode", "0x1000000000000000", "--kernel", "3.0")
    assert "unknown bits\t60" in result.stdout


def test_releases_lists_every_release_with_its_date_then_how_newer_ones_are_read() -> None:
    lines = run("releases").stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == list(releases())
    assert "6.18" in lines and "6.19     2026-02-08" in lines
    newest = releases()[-1]
    assert lines[-1].startswith("newer releases (") and f"decode with {newest}'s facts" in lines[-1]


def test_releases_json_carries_the_evidence_the_spec_records() -> None:
    records = {r["release"]: r for r in map(json.loads, run("releases", "--json").stdout.splitlines())}
    assert list(records) == list(releases())
    assert (records["6.18"]["date"], records["6.18"]["evidence"], records["6.18"]["unchanged"]) == (None, [], None)
    recorded = records["6.19"]
    assert recorded["date"] == "2026-02-08" and "device" in recorded["unchanged"]
    assert [e["commit"] for e in recorded["evidence"]][:1] == ["e9ec05addd1a"]
    assert records["7.0"]["unverified"].startswith("no 7.0 source tree or BTF was read")


def test_flag_explains_history_and_evidence() -> None:
    result = run("flag", "anon_exclusive")
    assert result.returncode == 0
    assert "78fbe906cc90" in result.stdout
    assert "owner_2" in result.stdout and "mappedtodisk" in result.stdout


def test_changes_between_releases() -> None:
    result = run("changes", "5.18", "5.19")
    assert "bit 34 means anon_exclusive when anon" in result.stdout


def test_pagemap_command() -> None:
    result = run("pagemap", "--json", "0x440000000000009f", "--kernel", "6.18")
    entry = json.loads(result.stdout)
    assert entry["fields"]["guard"] == 1 and entry["fields"]["swap_type"] == 31


def test_bits_command_exit_status_follows_the_tests() -> None:
    assert run("bits", "anon,~mmap", "--kernel", "6.18", "--test", "0x1000").returncode == 0
    assert run("bits", "anon,~mmap", "--kernel", "6.18", "--test", "0x1800").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decode", "zz", "--kernel", "6.18"), "'zz' is not a number"),
        (("decode", "0x1", "--kernel", "4.21"), "kernel release '4.21' is not covered: there is no Linux 4.21"),
        (("decode", "0x10000000000000000", "--kernel", "6.18"), "does not fit in 64 bits"),
        (("bits", "anon,bogus", "--kernel", "6.18"), "'bogus' is neither a flag name"),
        (("flag", "nonsense"), "'nonsense' is not a kpageflags flag"),
        (("changes", "6.18", "5.0"), "must be an earlier release"),
        (("pagemap", "0x8000000000000000", "--kernel", "3.0"), "no page shift"),
        (("frobnicate",), "invalid choice"),
        (("decode", "--no-such-option"), "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kpageflags: error: ")
    assert message in lines[0]


def test_running_kernel_is_the_default() -> None:
    result = run("decode", "0x1000")
    uname = os.uname().release
    try:
        from kpageflags import parse_release

        parse_release(uname)
    except ValueError:
        assert result.returncode == 2 and "give --kernel" in result.stderr
    else:
        assert result.returncode == 0 and result.stdout.startswith("0x0000000000001000\tanon")


def test_layout_command_json() -> None:
    result = run("layout", "--kernel", "6.1", "--arch", "arm64", "--json")
    layout = json.loads(result.stdout)
    assert layout["nr_pageflags"] == 26
    assert {f["name"] for f in layout["fields"]} >= {"node", "zone"}
    assert layout["page_type"]["kind"] == "inverted"


def test_page_flags_command_decodes_the_issue_example() -> None:
    result = run("page-flags", "0x17ffffc0010200", "--kernel", "5.15", "--arch", "x86_64")
    assert result.stdout.strip() == "0x0017ffffc0010200\tslab|head|node=0|zone=2|last_cpupid=2097151"


def test_dump_page_command_on_a_fixture() -> None:
    from conftest import REPO

    fixture = REPO / "tests" / "fixtures" / "dumppage" / "026-6.10.11-x86_64.txt"
    result = run("dump-page", "--json", str(fixture))
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert {"kernel", "arch", "raw_flags", "printed", "decoded", "fields", "agrees", "differences"} <= set(report)
    assert report["agrees"] is True and report["printed"] == ["reserved"]
    assert report["fields"]["node"] == {"printed": 1, "decoded": None} or report["fields"]["node"]["printed"] == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("dump-page",), "no report here\n", "no dump_page report found"),
        (("dump-page", "/nonexistent"), None, "cannot read /nonexistent"),
        (("layout", "--arch", "sparc", "--kernel", "6.1"), None, "'sparc' is not a config preset"),
        (("layout", "--config", "/etc/hostname", "--kernel", "6.1"), None, "not a kernel config"),
        (("page-flags", "0x1ffffffffffffffff", "--kernel", "6.1"), None, "does not fit in 64 bits"),
        (("page-flags", "0x1", "--kernel", "6.1", "--context", "bogus"), None, "'bogus' is not a page context"),
    ],
)
def test_bad_layout_input_is_one_line(args: tuple[str, ...], stdin: str | None, message: str) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode in (1, 2)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


@pytest.mark.parametrize(
    "argument", ["a\nb", "x" * 5000, "\x1b[2J\r", "0x" + "f" * 4400], ids=["newline", "long", "escape", "digits"]
)
def test_an_error_is_one_bounded_line_whatever_the_argument(argument: str) -> None:
    result = run("decode", argument, "--kernel", "6.18")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kpageflags: error: ")
    assert len(lines[0]) <= 420 and "\x1b" not in lines[0] and "\r" not in lines[0]


@pytest.mark.parametrize("args", [("decode", "0x100"), ("page-types", "-d", "0x100")])
def test_a_closed_standard_output_is_one_line(args: tuple[str, ...]) -> None:
    # ">&-": the process starts without file descriptor 1, and Python's sys.stdout is None.
    result = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", sys.executable, "-m", "kpageflags", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "kpageflags: error: standard output is closed: there is nowhere to write the results\n"


def test_a_closed_standard_error_keeps_messages_out_of_standard_output() -> None:
    result = subprocess.run(
        ["sh", "-c", '"$@" 2>&-', "sh", sys.executable, "-m", "kpageflags", "page-types", "-b", "no-such-flag"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "")


def test_a_byte_of_a_name_that_is_not_utf8_is_shown_as_a_byte_in_an_error() -> None:
    result = run("page-types", "-f", os.fsdecode(b"/nonexistent/caf\xe9\x01"))
    assert result.returncode == 2
    assert result.stderr == "kpageflags: error: stat failed: /nonexistent/caf\\xe9\\x01: No such file or directory\n"


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    import kpageflags

    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"kpageflags {kpageflags.__version__}\n"
    assert kpageflags.__version__ == version("kpageflags")  # what pip installed comes from the same place


def _check_kernel_error(btf: str) -> tuple[int, str, list[str]]:
    result = run("check-kernel", "--kernel", "6.18", "--btf", btf)
    return result.returncode, result.stdout, result.stderr.splitlines()


# check-kernel reads the running kernel's config (/proc/config.gz) before the BTF.
@pytest.mark.live
def test_check_kernel_reports_a_missing_btf_of_the_kernel_as_not_available() -> None:
    # A BTF the user named that is missing is bad input (test_a_missing_file_the_user_named_...).
    assert _check_kernel_error("/sys/kernel/btf/nonexistent") == (
        4,
        "",
        ["kpageflags: error: cannot read BTF from /sys/kernel/btf/nonexistent: No such file or directory"],
    )


@pytest.mark.live
def test_check_kernel_reports_what_is_not_btf_as_bad_input(tmp_path: Path) -> None:
    zeros = tmp_path / "zeros.btf"
    zeros.write_bytes(bytes(64))
    assert _check_kernel_error(str(zeros)) == (2, "", [f"kpageflags: error: {zeros} is not BTF (magic 0x0000)"])
    assert _check_kernel_error("/") == (2, "", ["kpageflags: error: / is a directory, not a BTF file"])


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decode", HUGE, "--kernel", "6.18"), "value '999999999999999999999999...' (5000 characters) is too long"),
        (("decode", "0x1", "--kernel", "6.18." + "1" * 5000), "point release '111111111111111111111111...'"),
        (("decode", "\u0661\u0662", "--kernel", "6.18"), "is not a number"),
        (("pagemap", "0x" + "f" * 5000, "--kernel", "6.18"), "is too long to be a number"),
        (("page-flags", HUGE, "--kernel", "6.1"), "is too long to be a number"),
        (("bits", HUGE, "--kernel", "6.18"), "number '999999999999999999999999...' (5000 characters) is too long"),
        (("bits", "anon", "--kernel", "6.18", "--test", HUGE), "is too long to be a number"),
        (("breakdown", "--by", "cgroup", "--top", HUGE), "argument --top: count '999999999999999999999999...'"),
        (("breakdown", "--top", "-1"), "argument --top: count '-1' is out of range; it must be from 0 to 1000000"),
        (
            ("breakdown", "--kpageflags", "/dev/null", "--page-size", "0"),
            "page size 0 is not a power of two from 1024 to 1048576 bytes",
        ),
        (
            ("breakdown", "--kpageflags", "/dev/null", "--page-size", "3000"),
            "page size 3000 is not a power of two from 1024 to 1048576 bytes",
        ),
        (("breakdown", "--page-size", HUGE), "page size '999999999999999999999999...' (5000 characters) is too long"),
        (("free-blocks", "--max-order", "21"), "argument --max-order: count '21' is out of range"),
        (("diff", "a", "b", "--top", HUGE), "argument --top: count"),
        (("metrics", "--top", "\u00b2"), "argument --top: count '\u00b2' is not a number"),
        (("process", HUGE), "argument pid: pid '999999999999999999999999...' (5000 characters) is too long"),
        (("process", "0"), "pid '0' is out of range; it must be from 1 to 2147483647"),
        (("snapshot", "-o", "/nonexistent/x.kpf", "--kpageflags", "/dev/null", "-p", "-5"), "pid '-5' is out of range"),
        (("flag", HUGE), "bit '999999999999999999999999...' (5000 characters) is too long"),
        (("flag", "99"), "bit '99' is out of range; it must be from 0 to 63"),
    ],
)
def test_bad_numbers_are_one_short_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert len(lines[0]) < 400


def subcommands() -> dict[str, argparse.ArgumentParser]:
    from kpageflags.cli.main import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def path_options() -> list[tuple[str, str]]:
    """(command, option) for every argument that names a file or directory."""
    found = []
    for name, command in subcommands().items():
        for action in command._actions:
            if action.metavar in ("FILE", "DIR", "A", "B") or action.dest == "file":
                found.append((name, action.option_strings[0] if action.option_strings else action.dest))
    return found


def test_every_path_argument_refuses_nul_in_one_place() -> None:
    from kpageflags.cli import arguments

    options = path_options()
    assert len(options) >= 20
    for name, command in subcommands().items():
        for action in command._actions:
            if action.metavar in ("FILE", "DIR", "A", "B") or action.dest == "file":
                assert action.type is arguments.path, (name, action.dest)


@pytest.mark.parametrize(("command", "option"), path_options())
def test_a_path_with_a_nul_byte_is_one_line_and_exit_2(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpageflags.cli.main import main

    path = "a\x00"
    positional = {"file": [path], "before": [path, "b"], "after": ["a", path]}
    words = [command, *positional.get(option, [option, path])]
    with pytest.raises(SystemExit) as exit_status:
        main(words)
    assert exit_status.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "path 'a\\x00' holds a NUL byte, which no path can" in lines[0], lines


def test_json_and_csv_together_are_refused_by_every_command_that_has_both() -> None:
    both = [
        name
        for name, command in subcommands().items()
        if {"--json", "--csv"} <= {o for a in command._actions for o in a.option_strings}
    ]
    assert {"breakdown", "free-blocks", "process", "diff"} <= set(both)
    for name in both:
        words = [name, *(["a", "b"] if name == "diff" else ["1"] if name == "process" else []), "--json", "--csv"]
        result = run(*words)
        assert result.returncode == 2, (name, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "not allowed with argument --json" in lines[0], (name, result.stderr)


NOTE_7_4 = (
    f"kpageflags: note: kernel 7.4-rc5 is newer than the newest release kpageflags knows ({releases()[-1]}); "
    f"decoding with {releases()[-1]}'s facts"
)


@pytest.mark.parametrize(
    "args",
    [
        ("decode", "0x1", "--kernel", "7.4-rc5"),
        ("layout", "--kernel", "7.4-rc5"),
        ("bits", "lru", "--kernel", "7.4-rc5"),
        ("categories", "--kernel", "7.4-rc5"),
        ("page-flags", "0x1", "0x2", "--kernel", "7.4-rc5"),
        ("changes", "6.17", "7.4-rc5"),
    ],
)
def test_a_release_newer_than_the_spec_decodes_with_one_note(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [NOTE_7_4]
    assert result.stdout


@pytest.mark.parametrize(
    ("kernel", "message"),
    [
        ("2.6.10", "kpageflags: error: kernel release '2.6.10' is not covered: it is older than 2.6.25, "),
        ("abc", "kpageflags: error: 'abc' is not a kernel release (expected something like 6.18 or 5.10.200)"),
        ("4.21", "kpageflags: error: kernel release '4.21' is not covered: there is no Linux 4.21 "),
    ],
)
def test_a_release_that_is_not_one_is_an_error(kernel: str, message: str) -> None:
    result = run("decode", "0x1", "--kernel", kernel)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)
    assert result.stdout == ""


@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/kernel/btf/vmlinux").exists(), reason="this kernel publishes no BTF")
def test_check_kernel_names_the_release_it_assumed_for_a_newer_one() -> None:
    newest = releases()[-1]
    if not os.uname().release.startswith(newest + "."):
        pytest.skip(f"this machine does not run {newest}, the spec's newest release")
    result = run("check-kernel", "--kernel", "7.4-rc5")
    assert result.stderr.splitlines() == [NOTE_7_4]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("kernel 7.4-rc5, config ")
    assert f"note: assumed: {newest}'s facts, the newest kpageflags knows" in lines
    assert lines[-1] == "the spec agrees with this kernel"
    assert result.returncode == 0


MISSING = "/nonexistent/file"
KPF_FILE, ZONEINFO_FILE = "KPF", "ZONEINFO"
# Every option that names a file, with a missing one: bad input (2). The kernel's own files
# under /proc or /sys missing is this machine lacking a feature (4).
MISSING_FILES = [
    (("check-kernel", "--btf", MISSING), 2),
    (("check-kernel", "--config", MISSING), 2),
    (("check-kernel", "--btf", "/sys/kernel/btf/no-such-module"), 4),
    (("layout", "--kernel", "6.1", "--config", MISSING), 2),
    (("page-flags", "0x1", "--kernel", "6.1", "--config", MISSING), 2),
    (("layout", "--snapshot", MISSING), 2),
    (("dump-page", MISSING), 2),
    (("breakdown", "--kernel", "6.1", "--kpageflags", MISSING), 2),
    (("breakdown", "--kernel", "6.1", "--kpageflags", "/proc/no-such-kpageflags"), 4),
    (("breakdown", "--kernel", "6.1", "--kpageflags", KPF_FILE, "--zoneinfo", MISSING, "--by", "zone"), 2),
    (("breakdown", "--kernel", "6.1", "--kpageflags", KPF_FILE, "--memory-blocks", MISSING, "--by", "block"), 2),
    (
        (
            "free-blocks",
            "--kernel",
            "6.1",
            "--kpageflags",
            KPF_FILE,
            "--zoneinfo",
            ZONEINFO_FILE,
            "--buddyinfo",
            MISSING,
        ),
        2,
    ),
    (("page-types", "--kernel", "6.1", "-F", MISSING), 2),
    (("page-types", "--snapshot", MISSING), 2),
    (("diff", MISSING, MISSING), 2),
    *(
        (("snapshot", "-o", "OUTPUT", "--kernel", "6.1", "--kpageflags", KPF_FILE, option, MISSING), 2)
        for option in (
            "--kpagecount",
            "--kpagecgroup",
            "--zoneinfo",
            "--memory-blocks",
            "--buddyinfo",
            "--config",
            "--btf",
        )
    ),
    (("snapshot", "-o", "OUTPUT", "--kernel", "6.1", "--kpageflags", MISSING), 2),
]


def _missing_file_case(words: tuple[str, ...], status: int) -> Any:
    # check-kernel reads the running kernel's config (/proc/config.gz) before a BTF it is given.
    reads_the_running_config = words[0] == "check-kernel" and "--config" not in words
    return pytest.param(words, status, id=" ".join(words), marks=[pytest.mark.live] if reads_the_running_config else [])


@pytest.mark.parametrize(("words", "status"), [_missing_file_case(*case) for case in MISSING_FILES])
def test_a_missing_file_the_user_named_is_bad_input(words: tuple[str, ...], status: int, tmp_path: Path) -> None:
    made = {KPF_FILE: tmp_path / "kpageflags", ZONEINFO_FILE: tmp_path / "zoneinfo", "OUTPUT": tmp_path / "taken.kpf"}
    made[KPF_FILE].write_bytes(bytes(8) * 4)
    made[ZONEINFO_FILE].write_text("Node 0, zone Normal\n spanned 4\n present 4\n start_pfn: 0\n")
    result = run(*(str(made[word]) if word in made else word for word in words))
    lines = result.stderr.splitlines()
    assert (result.returncode, len(lines)) == (status, 1), result.stderr
    assert lines[0].startswith("kpageflags: error: ") and ("nonexistent" in lines[0] or "no-such" in lines[0])
    assert not made["OUTPUT"].exists()


def test_a_command_that_fails_before_drawing_leaves_no_import_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """report starts importing matplotlib for its charts before it reads its input; when the
    input is refused, the command waits for that import before it returns, so that nothing of
    it runs on into whatever the process does next (here a slow import, still running 0.3 s on)."""
    pytest.importorskip("matplotlib")
    import threading
    import time

    from kpageflags.plotting import backend

    monkeypatch.setattr(backend, "import_matplotlib", lambda missing: time.sleep(0.3))
    bad = tmp_path / "bad.kpf"
    bad.write_bytes(b"not a snapshot")
    assert main(["report", "--snapshot", str(bad), "-o", str(tmp_path / "r.html")]) != 0
    assert capsys.readouterr().err.count("\n") == 1
    assert [thread.name for thread in threading.enumerate() if thread.name.startswith("kpageflags-")] == []


def test_an_interrupt_while_background_imports_finish_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while a command that failed waits for its background imports: the command's
    error and an 'interrupted' line, no traceback, and its exit status stands."""
    pytest.importorskip("matplotlib")
    from kpageflags.plotting import backend

    finish = backend.finish_background

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(backend, "finish_background", interrupted)
    bad = tmp_path / "bad.kpf"
    bad.write_bytes(b"not a snapshot")
    try:
        code = main(["report", "--snapshot", str(bad), "-o", str(tmp_path / "r.html")])
    finally:
        finish()  # nothing of the command's imports runs on into the next test
    lines = capsys.readouterr().err.splitlines()
    assert code != 0 and len(lines) == 2 and lines[1] == "kpageflags: interrupted", lines
