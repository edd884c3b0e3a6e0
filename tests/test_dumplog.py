"""Finding dump_page reports in kernel logs as people paste them: behind any line prefix, with
carriage returns, and interleaved with other CPUs' messages."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO

from kpageflags.facts.kconfig import read_config
from kpageflags.reports.dumplog import DumpReport, find_reports, read_log, scan_log
from kpageflags.reports.dumppage import analyse

LOGS = REPO / "tests" / "fixtures" / "dumplog"
INDEX = list(csv.DictReader((LOGS / "index.tsv").open(), delimiter="\t"))
ANDROID = (LOGS / "101-dmesg-r-levels-4.14.256-arm64.txt").read_text()


def _report_lines(text: str) -> list[str]:
    """The lines of a fixture without their prefixes, as the kernel printed them."""
    return [line.split("] ", 1)[1] for line in text.splitlines()]


# The Android report's own lines (BUG line to Hardware name) and a release the spec covers.
REPORT = _report_lines(ANDROID)[2:]
PLAIN = find_reports("\n".join(REPORT))[0]


def _same_report(found: DumpReport, line: int = 3) -> None:
    assert (found.line, found.raw_flags, found.printed) == (line, PLAIN.raw_flags, PLAIN.printed)
    assert (found.release_text, found.arch) == (PLAIN.release_text, PLAIN.arch)


def test_android_report_behind_dmesg_r_levels_is_found() -> None:
    (report,) = find_reports(ANDROID)
    assert report.line == 5
    assert report.printed == ("uptodate",)
    assert report.release_text == "4.14.256-QuicksilveR-ginkgo-v2.5/fb61b32e"
    assert report.arch == "arm64"


PREFIXES: dict[str, Callable[[int], str]] = {
    "dmesg -r": lambda n: f"<4>[  {n}.000{n:03}] ",
    "syslog priority of two digits": lambda n: f"<12>[  {n}.5] ",
    "dmesg -T": lambda n: f"[Mon Mar  3 10:11:{n:02} 2025] ",
    "dmesg -x": lambda n: f"kern  :warn  : [  {n}.5] ",
    "dmesg --time-format iso": lambda n: f"2025-03-03T10:11:{n:02},123456+00:00 ",
    "journalctl short": lambda n: f"Mar 03 10:11:{n:02} host kernel: ",
    "journalctl short-precise": lambda n: f"Mar 03 10:11:{n:02}.123456 host-1.example.org kernel: ",
    "journalctl short-iso": lambda n: f"2025-03-03T10:11:{n:02}+0100 host kernel: ",
    "journalctl short-full": lambda n: f"Mon 2025-03-03 10:11:{n:02} CET host kernel: ",
    "journalctl short-monotonic": lambda n: f"[  {n}.123456] host kernel: ",
    "RFC 3164 with priority": lambda n: f"<4>Mar  3 10:11:{n:02} host kernel: ",
    "RFC 5424": lambda n: f"<4>1 2025-03-03T10:11:{n:02}.123456+00:00 host kernel - - - ",
    "RFC 5424 with structured data": lambda n: f'<4>1 2025-03-03T10:11:{n:02}Z host kernel - - [meta seq="{n}"] ',
    "rsyslog file with printk time": lambda n: f"2025-03-03T10:11:{n:02}.123456+00:00 host kernel: [  {n}.5] ",
    "kmsg record": lambda n: f"4,{1000 + n},{5678 + n},-;",
    "kmsg record with caller": lambda n: f"4,{1000 + n},{5678 + n},-,caller=T17330;",
    "printk caller id of a task": lambda n: f"[  {n}.000001][ T17330] ",
    "printk caller id of a CPU": lambda n: f"[  {n}.000001][    C2] ",
    "MediaTek caller": lambda n: f"<4>[  {n}.000001]  (2)[17330:wpa_supplicant]",
    "Samsung caller": lambda n: f"<4>[  {n}.000001]  [2:  wpa_supplicant:17330] ",
    "Amlogic printk time with CPU": lambda n: f"[  {n}.000001@2] ",
    "mail quoting": lambda n: "> > ",
    "unknown, learned from the flags line": lambda n: f"2022-05-16 17:18:{n:02} --> [  {n}.5] ",
    "unknown, no digits in its constant part": lambda n: f"{{{n}}} |node-a| ",
}


@pytest.mark.parametrize("form", list(PREFIXES))
def test_report_is_found_behind_every_prefix_form(form: str) -> None:
    prefix = PREFIXES[form]
    (found,) = find_reports("\n".join(prefix(n) + line for n, line in enumerate(REPORT)))
    _same_report(found)


def test_prefixes_learned_from_a_flags_line_do_not_catch_message_words() -> None:
    # "bad because of flags:" is the kernel's own line, not a prefix before one.
    (found,) = find_reports("\n".join(REPORT))
    assert found.printed == ("uptodate",)


@pytest.mark.parametrize("ending", ["\r\n", "\r\r\n", "\n\r"])
def test_serial_console_carriage_returns(ending: str) -> None:
    text = "".join(f"[  {n}.5] {line}{ending}" for n, line in enumerate(REPORT))
    (found,) = find_reports(text)
    _same_report(found)


def test_a_carriage_return_inside_a_line_starts_a_line_but_not_a_line_number() -> None:
    # A console line overwritten by the next one: both are read, numbered as the editor shows them.
    lines = [f"[  1.5] {line}" for line in REPORT]
    lines[2] = "[  1.4] usb 1-1: new high-speed USB device\r" + lines[2]
    (found,) = find_reports("\n".join(lines))
    _same_report(found)


def test_interleaved_reports_are_told_apart_by_caller_id() -> None:
    # Two CPUs dump a page at once, line for line, from kernels the spec decodes differently;
    # a third prints unrelated lines between them.
    other = [line.replace("4.14.256-QuicksilveR-ginkgo-v2.5/fb61b32e", "3.10.0") for line in REPORT]
    other = [line.replace("0x4000000000000004(uptodate)", "0x8(uptodate)") for line in other]
    lines = []
    for mine, theirs in zip(REPORT, other):
        lines += [f"[  1.5][ T17330] {mine}", f"[  1.5][   T999] {theirs}", "[  1.5][    C3] eth0: link up"]
    first, second = find_reports("\n".join(lines))
    assert (first.line, first.release_text, first.raw_flags) == (7, PLAIN.release_text, PLAIN.raw_flags)
    assert (second.line, second.release_text, second.raw_flags) == (8, "3.10.0", 0x8)
    assert analyse(second).agrees


def test_a_wrapped_line_stays_with_its_caller() -> None:
    lines = [f"[  1.5][ T17330] {line}" for line in REPORT]
    cpu = lines[-2].rsplit(" 4.14.256", 1)
    lines[-2:-1] = [cpu[0], "4.14.256" + cpu[1], "[  1.5][    C3] eth0: link up"]
    (found,) = find_reports("\n".join(lines))
    _same_report(found)


def test_unrelated_lines_inside_a_report_without_caller_ids() -> None:
    lines = []
    for line in REPORT:
        lines += [f"<4>[  1.5] {line}", "<6>[  1.5] binder: 2970:2982 ioctl c0306201 returned -14"]
    (found,) = find_reports("\n".join(lines))
    _same_report(found, line=5)


def test_report_lines_that_cannot_be_read_are_shown() -> None:
    text = (
        "<0>[ 1.0] page:ffffffbf2e50d340 is uninitialized and poisoned\n"
        "<0>[ 1.0] raw: ffffffffffffffff ffffffffffffffff\n"
        "<0>[ 2.0] page:ffffffbf2e50d380 count:0 mapcount:0 mapping:          (null) index:0x1\n"
        "<0>[ 2.0] flags: 0x4000000000000004\n"
    )
    scan = scan_log(text)
    assert scan.reports == []
    assert [number for number, _ in scan.unread] == [1, 3, 4]
    assert scan.unread[2][1] == "flags: 0x4000000000000004"


def test_flags_parts_that_cannot_be_read_are_noted() -> None:
    (found,) = find_reports("flags: 0x200(slab|node=x|0xzz)\nCPU: 0 PID: 1 Comm: x Not tainted 4.19.0 #1")
    assert found.unread == ("node=x", "0xzz")
    notes = analyse(found).notes
    assert "the kernel printed 'node=x' in its flags, which could not be read" in notes


def test_a_flag_printed_for_another_bit_is_explained() -> None:
    result = analyse(find_reports(ANDROID)[0])
    assert not result.agrees
    assert result.differences[0] == (
        "the kernel printed uptodate (bit 3 in 4.14.256), which 0x4000000000000004 does not set: this kernel "
        "numbers its flags unlike mainline 4.14.256 (a vendor or backported change), or it is not that release"
    )


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], input=stdin, capture_output=True, text=True, check=False
    )


def test_cli_on_a_log_without_reports() -> None:
    result = _cli("dump-page", stdin="<6>[ 1.0] Booting Linux\r\n<6>[ 1.1] flags: none here\r\n")
    assert result.returncode == 1
    assert result.stderr == "kpageflags: no dump_page report found in standard input\n"


def test_cli_shows_the_lines_it_could_not_read() -> None:
    result = _cli("dump-page", stdin="<0>[ 1.0] page:ffffffbf2e50d340 is uninitialized and poisoned\n")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "kpageflags: line 1 looks like part of a dump_page report but was not read: "
        "page:ffffffbf2e50d340 is uninitialized and poisoned",
        "kpageflags: no dump_page report found in standard input",
    ]


@pytest.mark.parametrize("source", ["file", "standard input"])
def test_cli_numbers_lines_as_editors_do_from_a_file_and_standard_input(tmp_path: Path, source: str) -> None:
    # A line a console overwrote (a carriage return inside it), a byte that is not UTF-8.
    log = tmp_path / "console.log"
    log.write_bytes(b"flags: 0x8(uptodate)\xff\r\npage:x\rflags: 0x100(slab)\n")
    with log.open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "kpageflags", "dump-page", "-k", "4.19", *([str(log)] if source == "file" else [])],
            stdin=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("line ")] == [
        "line 1: flags 0x8 printed (uptodate)",
        "line 2: flags 0x100 printed (slab)",
    ]


def test_reports_come_in_line_order_across_printers() -> None:
    # The CPU that starts its report first finishes it last: it is still given out first.
    first = [f"[  1.5][ T1] {line}" for line in REPORT]
    second = [f"[  1.5][ T2] {line}" for line in REPORT]
    found = list(read_log(["\n".join(first[:4] + second + first[4:]) + "\n"]))
    assert [item.line for item in found] == [3, 7]


@pytest.mark.parametrize("row", INDEX, ids=[row["file"][:30] for row in INDEX])
def test_collected_logs(row: dict[str, str]) -> None:
    (report,) = find_reports((LOGS / row["file"]).read_text())
    config = None if row["config"] == "-" else read_config(str(LOGS / row["config"]))
    result = analyse(report, row["kernel"] or None, row["arch"], config)
    if row["expect"] == "agrees":
        assert result.agrees, result.differences
    elif row["expect"] == "no release":
        assert result.differences == ("the report names no covered release; give --kernel",)
        assert result.consistent
    else:
        assert not result.agrees
        assert "unlike mainline" in result.differences[0]


def test_the_config_replaces_the_preset() -> None:
    (report,) = find_reports((LOGS / "106-riscv64-fpga-buildroot.txt").read_text())
    config = read_config(str(LOGS / "configs" / "riscv64.config"))
    result = analyse(report, "6.12", "riscv64", config)
    assert result.agrees
    assert (result.arch, result.config) == ("riscv64", config.label)
    # The config has no NUMA, so no node field; x86_64's preset has one.
    assert "node" not in result.fields
    assert "node" in analyse(report, "6.12", "x86_64").fields


def _write_large_log(path: Path, megabytes: int) -> int:
    """A log of ``megabytes`` of boot noise with one report per megabyte; the number of reports."""
    noise = "".join(f"<6>[  {n}.000000] usb 1-{n % 8}: new high-speed USB device number {n}\n" for n in range(200))
    report = "".join(f"<0>[  9.000000] {line}\n" for line in REPORT)
    block = (noise * (1 + (1 << 20) // len(noise)))[: (1 << 20) - len(report)] + report
    with path.open("w") as handle:
        for _ in range(megabytes):
            handle.write(block)
    return megabytes


# Runs dump-page on a log whose name (or "-" for standard input) is argv[1], after a first run on
# a log of one report has imported and cached all it needs, and prints how far the peak resident
# set grew in the second run, in KiB.
_PEAK_GROWTH = """
import contextlib, io, os, sys
from kpageflags.cli.main import main

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

log, warm_up = sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):
    main(["dump-page", "--json", warm_up])
before = peak()
with open(os.devnull, "w") as out, contextlib.redirect_stdout(out):
    code = main(["dump-page", "--json", log])
print(code, peak() - before)
"""
MAX_PEAK_GROWTH_KIB = 64 * 1024
"""What reading a log may add to the peak: the lines kept (at most 64 printers' 142 lines of
4 KiB, 37 MiB, where one printer's 142 short lines are a few KiB), a read buffer of 64 KiB and
what Python's allocator keeps around them. It is far below the 100 MB of the log, so a reader
that holds the log, or a sizeable part of it, fails the test."""


@pytest.mark.slow
@pytest.mark.parametrize("source", ["file", "standard input"])
def test_a_100_mb_log_is_read_in_bounded_memory(tmp_path: Path, source: str) -> None:
    log, warm_up = tmp_path / "large.log", tmp_path / "one.log"
    _write_large_log(log, 100)
    warm_up.write_text("\n".join(REPORT))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with log.open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-c", _PEAK_GROWTH, str(log) if source == "file" else "-", str(warm_up)],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    code, growth_kib = result.stdout.split()
    assert int(code) == 1  # the reports are found and judged: the vendor kernel's numbering differs
    assert int(growth_kib) < MAX_PEAK_GROWTH_KIB


def _peak_reading(path: Path) -> tuple[int, int]:
    """The reports in the log at ``path`` and the peak of memory Python allocated reading it."""
    tracemalloc.start()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            found = sum(1 for item in read_log(iter(lambda: handle.read(1 << 16), "")) if isinstance(item, DumpReport))
        return found, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_log(tmp_path: Path) -> None:
    small, large = tmp_path / "small.log", tmp_path / "large.log"
    _write_large_log(small, 2)
    _write_large_log(large, 16)
    small_found, small_peak = _peak_reading(small)
    large_found, large_peak = _peak_reading(large)
    assert (small_found, large_found) == (2, 16)
    # Eight times the log, nearly the same peak; the reader held the log, the peak would be 8 times.
    assert large_peak < small_peak * 1.25


def test_finding_is_linear_in_the_log_size(tmp_path: Path) -> None:
    small, large = tmp_path / "small.log", tmp_path / "large.log"
    _write_large_log(small, 1)
    _write_large_log(large, 8)
    times = []
    for path in (small, small, large):
        text = path.read_text()
        start = time.process_time()
        find_reports(text)
        times.append(time.process_time() - start)
    assert times[2] < 8 * 3 * min(times[:2])


# A report as a mail's quoted-printable body carries it: '=' as '=3D', long lines broken with '='.
QUOTED_PRINTABLE = (
    "[ 1.1] flags: 0x17ffffc0000080(waiters|node=3D0|zone=3D2|lastcpu=\n"
    "pid=3D0x1fffff)\n"
    "[ 1.2] CPU: 1 UID: 0 PID: 20 Comm: sh Not tainte=\n"
    "d 7.0.0-070000rc1-generic #202602222250 PREEMPT(full)\n"
)
SOFT_BREAK_ONLY = "[ 1.1] flags: 0x80(waiters)\n[ 1.2] CPU: 1 PID: 20 Comm: sh Not tainte=\nd 6.12.1 #1\n"


@pytest.mark.parametrize("text", [QUOTED_PRINTABLE, SOFT_BREAK_ONLY], ids=["equals-3D", "soft-break"])
def test_a_quoted_printable_report_gets_a_note_to_decode_the_mail(text: str) -> None:
    (report,) = find_reports(text)
    assert report.quoted_printable
    notes = analyse(report).notes
    assert any("quoted-printable" in note and "quopri -d" in note for note in notes), notes


def test_the_decoded_mail_has_no_quoted_printable_note() -> None:
    import quopri

    decoded = quopri.decodestring(QUOTED_PRINTABLE.encode()).decode()
    (report,) = find_reports(decoded)
    assert not report.quoted_printable
    assert report.printed_fields == {"node": 0, "zone": 2, "lastcpupid": 0x1FFFFF}
    assert not any("quoted-printable" in note for note in analyse(report).notes)
