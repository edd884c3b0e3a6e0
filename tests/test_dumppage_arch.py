"""dump-page finds a report's architecture in the lines real logs print near it.

Each log below is a short excerpt written for the test in the form of a real log (cited per
log); the report lines are dump_page's as 6.12 prints them, their words built by hand for the
arch's preset layout (see test_arch_presets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_arch_presets import PPC64LE_REPORT, S390X_REPORT

from kpageflags.cli.main import main
from kpageflags.reports.dumppage import analyse, find_reports

FLAGS = "flags: 0x4(referenced)\n"


def _without_hardware_line(report: str) -> str:
    return "".join(line for line in report.splitlines(keepends=True) if not line.startswith("Hardware name:"))


# The "LE ... NR_CPUS=2048 NUMA PowerNV" line after a powerpc oops, the register dump and the
# double-address call trace: open-power/skiboot issue 194 (a 4.x PowerNV kernel).
PPC64LE_OOPS = """\
kernel BUG at mm/swap.c:103!
Oops: Exception in kernel mode, sig: 5 [#1]
LE PAGE_SIZE=64K MMU=Radix SMP NR_CPUS=2048 NUMA PowerNV
NIP:  c0000000004a1f20 LR: c0000000004a1f1c CTR: 0000000000000000
MSR:  9000000000029033 <SF,HV,EE,ME,IR,DR,RI,LE>  CR: 24002824  XER: 00000000
"""
# Debian's flavour in the CPU line: linux-image-*-powerpc64le.
PPC64LE_UNAME = "CPU: 3 PID: 1 Comm: init Not tainted 6.12.0-2-powerpc64le #1 Debian 6.12.9-1\n"
# "Krnl PSW" and the kernel's package arch in the CPU line: Red Hat solution 4770781 (a
# RHEL 7 s390x guest of z/VM).
S390X_PSW = "Krnl PSW : 0704c00180000000 000000000039b0d6 (free_unref_page+0x46/0x110)\n"
S390X_UNAME = "CPU: 1 PID: 3323 Comm: test Not tainted 5.14.0-427.el9.s390x #1\n"


@pytest.mark.parametrize(
    ("context", "arch"),
    [
        (PPC64LE_OOPS, "ppc64le"),
        (PPC64LE_UNAME, "ppc64le"),
        ("Hardware name: IBM,9009-22A POWER9 (raw) 0x4e0202 0xf000005 of:IBM,FW940.00 hv:phyp pSeries\n", "ppc64le"),
        ("Hardware name: IBM pSeries (emulated by qemu) POWER10 (architected) 0x801200 0xf000006 pSeries\n", "ppc64le"),
        ("BE PAGE_SIZE=4K MMU=Hash SMP NR_CPUS=2048 NUMA pSeries\n", "ppc64"),
        ("MSR:  8000000000029032 <SF,EE,ME,IR,DR,RI>  CR: 24002824  XER: 00000000\n", "ppc64"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-powerpc64 #1 Debian 6.1.76-1\n", "ppc64"),
        ("NIP:  c01a3b5c LR: c01a3b58 CTR: 00000000\n", "powerpc"),
        ("BE PAGE_SIZE=4K MMU=Hash SMP NR_CPUS=4 PowerMac\n", "powerpc"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-powerpc-smp #1 Debian 6.1.76-1\n", "powerpc"),
        (S390X_PSW, "s390x"),
        (S390X_UNAME, "s390x"),
        ("Hardware name: IBM 3931 A01 703 (z/VM 7.3.0)\n", "s390x"),
        # powerpc's call trace marks a frame it cannot vouch for: mainline commit 3b8000ae185c
        # ("mm/vmalloc: huge vmalloc backing pages should be split rather than compound") quotes
        # a ppc64 Bad page state whose trace starts so; the hold-out report h07 is that one.
        ("Call Trace:\n  dump_stack_lvl+0x74/0xa8 (unreliable)\n  bad_page+0x12c/0x170\n", "ppc64le"),
        # google/syzkaller pull request 3013: a riscv64 QEMU oops (DT machine, "epc :").
        ("Hardware name: riscv-virtio,qemu (DT)\n", "riscv64"),
        ("epc : free_unref_page+0x5a/0x1f4\n", "riscv64"),
        # riscv-software-src/opensbi issue 35: the older "sepc:" register line.
        ("sepc: ffffffe0006d62a4 ra : ffffffe0006d689e sp : ffffffe1f7ac9a90\n", "riscv64"),
        ("status: 0000000200000120 badaddr: 0000000000000000 cause: 0000000000000003\n", "riscv64"),
        ("CPU: 2 PID: 90 Comm: test Not tainted 6.12.9-riscv64 #1 Debian 6.12.9-1\n", "riscv64"),
        # deepin-community/kernel pull request 1631: a LoongArch paging oops ("era ==", "pc ...
        # ra ...") with a "-loong64" kernel; loongson-community/discussions issue 34: a
        # Loongson-3A6000 hardware name.
        (
            "CPU 6 Unable to handle kernel paging request at virtual address ffff80000000802e, "
            "era == 900000000410645c, ra == 90000000041310b8\n",
            "loongarch64",
        ),
        ("pc 900000000410645c ra 90000000041310b8 tp 9000000100608000 sp 900000010060b4f0\n", "loongarch64"),
        ("CPU: 6 PID: 1 Comm: swapper/0 Not tainted 6.6.40-loong64-desktop-hwe #23.01.00.35\n", "loongarch64"),
        (
            "Hardware name: Loongson Loongson-3A6000-HV-7A2000-1w-V0.1-EVB/Loongson-3A6000-HV-7A2000-1w-EVB-V1.21\n",
            "loongarch64",
        ),
        ("  ERA: 900000000410645c free_unref_page+0x4c/0x1a0\n", "loongarch64"),
        # lede-project/source issue 129: a MIPS register dump ("epc   :"), here 64-bit.
        ("epc   : ffffffff80345678 free_unref_page+0x58/0x1b0\n", "mips64"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-loongson-3 #1 Debian 6.1.76-1\n", "mips64"),
        # dentproject/dentOS issue 155: an arm64 board's hardware name.
        ("Hardware name: Marvell Armada 7040 TX4810 (DT)\n", "arm64"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-arm64 #1 Debian 6.1.76-1\n", "arm64"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-armmp-lpae #1 Debian 6.1.76-1\n", "arm"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-686-pae #1 Debian 6.1.76-1\n", "i386"),
        ("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1\n", "x86_64"),
    ],
)
def test_the_lines_near_a_report_name_its_arch(context: str, arch: str) -> None:
    (report,) = find_reports(FLAGS + context)
    assert report.arch == arch


def test_the_nearest_hint_wins() -> None:
    (report,) = find_reports(PPC64LE_UNAME + FLAGS + "Hardware name: riscv-virtio,qemu (DT)\n")
    assert report.arch == "ppc64le"


@pytest.mark.parametrize(
    ("log", "arch", "fields"),
    [
        (_without_hardware_line(PPC64LE_REPORT) + PPC64LE_OOPS, "ppc64le", {"node": 8, "zone": 1}),
        (_without_hardware_line(PPC64LE_REPORT).replace("6.12.0 #1", "6.12.0-2-powerpc64le #1"), "ppc64le", {}),
        (_without_hardware_line(S390X_REPORT) + S390X_PSW, "s390x", {"zone": 1}),
        (S390X_REPORT, "s390x", {"zone": 1}),
    ],
)
def test_a_report_from_ppc64le_or_s390x_decodes_with_no_arch_given(log: str, arch: str, fields: dict[str, int]) -> None:
    (report,) = find_reports(log)
    result = analyse(report)
    assert (result.arch, result.agrees) == (arch, True), result.differences
    assert result.config == f"preset {arch}"
    assert not any("does not say its architecture" in note for note in result.notes)
    assert {name: result.fields[name] for name in fields} == fields


def test_dump_page_command_says_the_arch_it_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "s390.log"
    log.write_text(_without_hardware_line(S390X_REPORT) + S390X_PSW)
    assert main(["dump-page", str(log)]) == 0
    out = capsys.readouterr().out
    assert "arch s390x, config: preset s390x" in out
    assert "agrees with what the kernel printed" in out


@pytest.mark.parametrize(("report_text", "arch"), [(S390X_REPORT, "s390x"), (PPC64LE_REPORT, "ppc64le")])
def test_with_no_hint_every_preset_is_tried_and_the_assumed_arch_is_said(report_text: str, arch: str) -> None:
    # x86_64 reads both words too, but only with other NODES_SHIFT and NR_CPUS than its preset:
    # a preset that fits as it is wins.
    (report,) = find_reports(_without_hardware_line(report_text))
    assert report.arch is None
    result = analyse(report)
    assert (result.arch, result.config, result.agrees) == (arch, f"preset {arch}", True), result.differences
    assert f"the report does not say its architecture; {arch} fits best" in result.notes
