"""Arch presets and the names users type for them, against real kernels' BTF member lists."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REPO

from kpageflags.analysis.checkkernel import compare_enum, compare_page_types
from kpageflags.cli.main import main
from kpageflags.errors import BadConfig
from kpageflags.facts import pglayout
from kpageflags.facts.btf import BtfEnum
from kpageflags.facts.kconfig import KernelConfig
from kpageflags.facts.pglayout import (
    UnknownPreset,
    arch_preset,
    pg_layout,
    preset_config,
    running_config_or_preset,
)
from kpageflags.facts.releases import parse_release
from kpageflags.reports.dumppage import analyse, find_reports

FIXTURES = sorted((REPO / "tests" / "fixtures" / "presets").glob("*.txt"))
# The kernel's ZONE_ names as the spec spells its zones.
ZONE_NAMES = {"DMA": "DMA", "DMA32": "DMA32", "NORMAL": "Normal", "HIGHMEM": "HighMem", "MOVABLE": "Movable"}
ZONE_NAMES["DEVICE"] = "Device"


class MemberList:
    """A fixture: a real kernel's enums, the arch as a user would type it, and the options its
    config is known to set otherwise than the preset."""

    def __init__(self, path: Path) -> None:
        self.enums: dict[str, list[tuple[str, int]]] = {}
        self.header: dict[str, str] = {}
        current: list[tuple[str, int]] | None = None
        for line in path.read_text().splitlines():
            if line.startswith("# enum "):
                name, _, absent = line[len("# enum ") :].partition(":")
                current = None if absent else self.enums.setdefault(name, [])
            elif line.startswith("# ") and ": " in line:
                key, _, value = line[2:].partition(": ")
                self.header[key] = value
            elif current is not None and "=" in line:
                member, _, value = line.partition("=")
                current.append((member, int(value)))

    @property
    def differs(self) -> dict[str, str]:
        return dict(item.split("=") for item in self.header.get("differs", "").split())


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_preset_layout_matches_a_real_kernel(path: Path) -> None:
    real = MemberList(path)
    config = preset_config(real.header["arch"])
    if real.differs:
        config = config.with_values("preset with the kernel's own options", real.differs)
    layout = pg_layout(real.header["release"], config)
    assert compare_enum(layout, BtfEnum("pageflags", tuple(real.enums["pageflags"])))[0] == []
    if "pagetype" in real.enums:
        assert compare_page_types(layout, BtfEnum("pagetype", tuple(real.enums["pagetype"])))[0] == []
    zones = [ZONE_NAMES[name[len("ZONE_") :]] for name, _ in real.enums["zone_type"] if name.startswith("ZONE_")]
    assert list(layout.zones) == zones


DEBIAN_BUILDS = [p for p in FIXTURES if "differs" not in MemberList(p).header]


@pytest.mark.parametrize("path", DEBIAN_BUILDS, ids=[p.stem for p in DEBIAN_BUILDS])
def test_layout_command_with_the_arch_as_typed_gives_the_real_members(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = MemberList(path)
    assert main(["layout", "--kernel", real.header["release"], "--arch", real.header["arch"], "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    members = real.enums["pageflags"]
    count = dict(members)["__NR_PAGEFLAGS"]
    assert [(flag["name"], flag["bit"]) for flag in shown["flags"]] == [
        (name[len("PG_") :], bit) for name, bit in members[: [n for n, _ in members].index("__NR_PAGEFLAGS")]
    ]
    assert shown["nr_pageflags"] == count


def test_every_new_arch_has_a_real_member_list_but_the_unverified_ones() -> None:
    tested = {arch_preset(MemberList(p).header["arch"]) for p in FIXTURES}
    assert tested >= {"ppc64le", "ppc64", "powerpc", "s390x", "riscv64", "loongarch64"}


@pytest.mark.parametrize(
    ("typed", "preset"),
    [
        ("aarch64", "arm64"),
        ("amd64", "x86_64"),
        ("i686", "i386"),
        ("armv7l", "arm"),
        ("armhf", "arm"),
        ("ppc64el", "ppc64le"),
        ("ppc64le", "ppc64le"),
        ("ppc64", "ppc64"),
        ("ppc", "powerpc"),
        ("s390x", "s390x"),
        ("loong64", "loongarch64"),
        ("mips64el", "mips64"),
        ("PPC64LE", "ppc64le"),
    ],
)
def test_arch_spellings_pick_their_preset(typed: str, preset: str) -> None:
    assert arch_preset(typed) == preset
    assert preset_config(typed).label == f"preset {preset}"


def test_an_unknown_arch_is_one_line_naming_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownPreset, match=r"'sparc64' is not a config preset.*ppc64le \(ppc64el"):
        arch_preset("sparc64")
    assert main(["layout", "--kernel", "6.12", "--arch", "sparc64"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "aarch64" in error and "loongarch64" in error


def test_layout_help_lists_the_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["layout", "--help"])
    assert "ppc64el" in capsys.readouterr().out.replace("\n", " ")


@pytest.mark.parametrize(("machine", "preset"), [("ppc64le", "ppc64le"), ("aarch64", "arm64"), ("s390x", "s390x")])
def test_without_a_config_the_machine_picks_the_preset(
    machine: str, preset: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.uname()
    fake = os.uname_result((real.sysname, real.nodename, real.release, real.version, machine))
    monkeypatch.setattr(os, "uname", lambda: fake)
    monkeypatch.setattr(pglayout, "running_config", _no_config)
    config, note = running_config_or_preset()
    assert config.label == f"preset {preset}"
    assert note is not None and f"using the {preset} preset" in note


def test_an_unknown_machine_says_no_preset_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.uname()
    fake = os.uname_result((real.sysname, real.nodename, real.release, real.version, "sparc64"))
    monkeypatch.setattr(os, "uname", lambda: fake)
    monkeypatch.setattr(pglayout, "running_config", _no_config)
    config, note = running_config_or_preset()
    assert config.label == "preset x86_64"
    assert note is not None and "no preset is for this machine (sparc64)" in note


def _no_config() -> KernelConfig:
    raise BadConfig("no config of the running kernel")


# dump_page reports written as 6.12's mm/debug.c prints them (flags with %pGp: the word, the
# set flag names, then each field of non-zero width), their words built by hand from 6.12's
# page-flags-layout.h for each Debian config.
# ppc64le: 23 flags; node 8 bits at 56, zone 2 at 54, last_cpupid 8+11 at 35 (NR_CPUS 2048).
PPC64LE_REPORT = """\
page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x7fff72a0 pfn:0x20023760
head: order:5 mapcount:0 entire_mapcount:0 nr_pages_mapped:0 pincount:0
anon flags: 0x87ffff800020079(locked|uptodate|dirty|lru|head|swapbacked|node=8|zone=1|lastcpupid=0x7ffff)
raw: 087ffff800020079 5deadbeef0000100 5deadbeef0000122 c0002016ff5e0849
page dumped because: VM_BUG_ON_FOLIO(folio_test_lru(folio))
CPU: 44 UID: 0 PID: 23803 Comm: test Not tainted 6.12.0 #1
Hardware name: IBM PowerNV (emulated by qemu) POWER9 0x4e1202 opal:v7.0 PowerNV
"""
# s390x: 22 flags; no node and no last_cpupid (no NUMA); zone 2 bits at 62 (DMA, Normal, Movable).
S390X_REPORT = """\
page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x8a2c1
flags: 0x4000000000020028(uptodate|lru|swapbacked|zone=1)
raw: 4000000000020028 0000000000000000 0000000000000000 0000000000000000
page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set
CPU: 1 UID: 0 PID: 512 Comm: test Not tainted 6.12.0 #1
Hardware name: IBM 3931 A01 703 (KVM/Linux)
"""


@pytest.mark.parametrize(
    ("report", "typed", "preset", "fields"),
    [
        (PPC64LE_REPORT, "ppc64le", "ppc64le", {"node": 8, "zone": 1, "last_cpupid": 0x7FFFF}),
        (PPC64LE_REPORT, "ppc64el", "ppc64le", {"node": 8, "zone": 1, "last_cpupid": 0x7FFFF}),
        (S390X_REPORT, "s390x", "s390x", {"zone": 1}),
    ],
)
def test_dump_page_of_another_arch_decodes_with_its_preset(
    report: str, typed: str, preset: str, fields: dict[str, int]
) -> None:
    (found,) = find_reports(report)
    result = analyse(found, arch=arch_preset(typed))
    assert result.agrees, result.differences
    assert result.config == f"preset {preset}"
    assert {name: result.fields[name] for name in fields} == fields


def test_dump_page_command_takes_a_distribution_spelling(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "ppc.log"
    log.write_text(PPC64LE_REPORT)
    assert main(["dump-page", "--arch", "ppc64el", str(log)]) == 0
    out = capsys.readouterr().out
    assert "arch ppc64le, config: preset ppc64le" in out
    assert "agrees with what the kernel printed" in out


def _alias_names(layout: pglayout.PgLayout) -> set[str]:
    return {alias.name for bit in layout.bits for alias in bit.aliases}


@pytest.mark.parametrize(("kernel", "hotplug"), [("6.10", False), ("6.10.14", False), ("6.11", True), ("6.12", True)])
def test_riscv64_has_memory_hotplug_from_6_11(kernel: str, hotplug: bool) -> None:
    # arch/riscv/Kconfig selects ARCH_ENABLE_MEMORY_HOTPLUG from 6.11 (riscv-for-linus-6.11-mw1).
    layout = pg_layout(kernel, "riscv64")
    assert ("vmemmap_self_hosted" in _alias_names(layout)) is hotplug
    assert (
        pglayout.config_at(preset_config("riscv64"), parse_release(kernel).position).enabled("MEMORY_HOTPLUG")
        is hotplug
    )


def test_a_preset_names_its_newest_values_and_a_change_overrides_a_range() -> None:
    preset = preset_config("riscv64")
    assert preset.enabled("MEMORY_HOTPLUG")
    without = preset.with_values("riscv64 without hotplug", {"MEMORY_HOTPLUG": "n"})
    assert "vmemmap_self_hosted" not in _alias_names(pg_layout("6.12", without))
    forced = preset.with_values("riscv64 with hotplug", {"MEMORY_HOTPLUG": "y"})
    assert "vmemmap_self_hosted" in _alias_names(pg_layout("6.2", forced))


@pytest.mark.parametrize(("kernel", "device"), [("6.4", False), ("6.10.14", False), ("6.11", True), ("6.12", True)])
def test_riscv64_has_the_device_zone_from_6_11(kernel: str, device: bool) -> None:
    # ZONE_DEVICE depends on MEMORY_HOTPLUG, which riscv could not set before 6.11: pwru's
    # riscv 6.4 BTF has no ZONE_DEVICE.
    assert ("Device" in pg_layout(kernel, "riscv64").zones) is device


@pytest.mark.parametrize("command", [["layout", "--kernel", "6.12"], ["page-flags", "0x1", "--kernel", "6.12"]])
@pytest.mark.parametrize("typed", ["", "  "])
def test_an_empty_arch_is_refused_not_taken_as_x86_64(
    command: list[str], typed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--arch", typed]) == 2
    assert "is not a config preset" in capsys.readouterr().err


def test_dump_page_refuses_an_empty_arch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "report.txt"
    log.write_text("page flags: 0x4(referenced)\n")
    assert main(["dump-page", "--kernel", "3.10", "--arch", "", str(log)]) == 2
    assert "is not a config preset" in capsys.readouterr().err
