"""The kernel-internal page->flags layouts against kernel source, real BTF, and this machine."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import REPO

from kpageflags import releases
from kpageflags.analysis.checkkernel import check_kernel, compare_enum
from kpageflags.cli.main import main
from kpageflags.errors import BadConfig, UnknownRelease
from kpageflags.facts import pglayout
from kpageflags.facts.btf import BtfEnum
from kpageflags.facts.kconfig import KernelConfig, config_from_text, parse_condition, read_config
from kpageflags.facts.pglayout import (
    UnknownPreset,
    decode_page_flags,
    pg_layout,
    preset_config,
    running_config,
)
from kpageflags.facts.releases import parse_release, release_in

SOURCE_LISTS = sorted((REPO / "tests" / "fixtures" / "pageflags").glob("*.txt"))
VMLINUX = REPO / "tests" / "fixtures" / "vmlinux" / "enums.txt"


def read_list(path: Path) -> dict[str, int]:
    values = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        values[name.strip()] = int(value)
    return values


@pytest.mark.parametrize("path", SOURCE_LISTS, ids=[p.stem for p in SOURCE_LISTS])
def test_layout_matches_the_enum_of_kernel_source(path: Path) -> None:
    release, preset = path.stem.rsplit("-", 1)
    expected = read_list(path)
    layout = pg_layout(release, preset)
    ours = {f"PG_{b.name}": b.bit for b in layout.bits}
    count = expected.pop("__NR_PAGEFLAGS")
    members = {
        name: bit
        for name, bit in expected.items()
        if name[3:] in {b.name for b in layout.bits} and list(expected).index(name) < count
    }
    assert ours == members
    assert layout.nr_pageflags == count
    position = parse_release(release).position
    our_aliases = {
        f"PG_{a.name}": b.bit
        for b in layout.bits
        for a in b.aliases
        if release_in(position, a.enum_since or a.since, None)
    }
    source_aliases = {name: bit for name, bit in expected.items() if name not in members}
    assert our_aliases == source_aliases


def vmlinux_entries() -> list[tuple[str, str, list[tuple[str, int]]]]:
    entries: list[tuple[str, str, list[tuple[str, int]]]] = []
    for block in VMLINUX.read_text().split("=== ")[1:]:
        header, *lines = block.strip().splitlines()
        release_field = header.split()[2]
        match = re.match(r"(\d+\.\d+)", release_field)
        members = [(n.strip(), int(v)) for n, _, v in (line.partition("=") for line in lines if "=" in line)]
        if match and members:
            entries.append((header, match.group(1), members))
    return entries


def infer_config(release: str, members: list[tuple[str, int]]) -> KernelConfig:
    """A config with exactly the options the enum shows: a conditional member present means its
    condition held."""
    from kpageflags._generated.pageflags import PG_ALIASES
    from kpageflags.facts.pglayout import _enum_at
    from kpageflags.facts.releases import release_in

    present = {name[3:] for name, _ in members}
    values = {"64BIT": "y"} if ("PG_young", 0) not in members else {}
    conditional = [(m.name, m.condition) for m in _enum_at(parse_release(release)).members if m.condition]
    index = parse_release(release).position
    conditional += [(a.name, a.condition) for a in PG_ALIASES if a.condition and release_in(index, a.since, a.until)]
    for name, condition in conditional:
        assert condition is not None
        tree = parse_condition(condition)
        symbols = [str(node[1]) for node in _symbols(tree)]
        if name in present:
            values.update({s: "y" for s in symbols if not condition.startswith("!")})
        elif symbols and symbols[0] not in values:
            values[symbols[0]] = "n"
    return KernelConfig("inferred", MappingProxyType(values))


def _symbols(node: tuple[object, ...]) -> list[tuple[object, ...]]:
    if node[0] == "sym":
        return [node]
    found = []
    for child in node[1:]:
        found += _symbols(child)  # type: ignore[arg-type]
    return found


# Dumps of releases past the newest the spec covers wait until the spec reaches them.
ENTRIES = [e for e in vmlinux_entries() if e[1] in releases()]
# These bcc headers are named for 5.14 and 5.18 but carry PG_anon_exclusive, which arrived in
# 5.19 (78fbe906cc90): they were regenerated from a newer kernel. Their content is checked
# against 5.19, and the test below proves the names wrong rather than trusting them.
RELABELLED = {"libbpf-tools/powerpc/vmlinux_514.h@1025b8ca": "5.19", "libbpf-tools/x86/vmlinux_518.h@6409ff82": "5.19"}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e[0].split()[1] for e in ENTRIES])
def test_layout_matches_real_btf_dumps(entry: tuple[str, str, list[tuple[str, int]]]) -> None:
    header, release, members = entry
    release = RELABELLED.get(header.split()[1], release)
    config = infer_config(release, members)
    layout = pg_layout(release, config)
    differences, _ = compare_enum(layout, BtfEnum("pageflags", tuple(members)))
    assert differences == [], header


@pytest.mark.parametrize("name", sorted(RELABELLED))
def test_relabelled_headers_cannot_come_from_their_named_release(name: str) -> None:
    _, release, members = next(e for e in ENTRIES if e[0].split()[1] == name)
    differences, _ = compare_enum(
        pg_layout(release, infer_config(release, members)), BtfEnum("pageflags", tuple(members))
    )
    assert any("anon_exclusive" in d for d in differences)


def test_at_least_twenty_btf_dumps_of_several_releases() -> None:
    assert len(ENTRIES) >= 20
    assert len({release for _, release, _ in ENTRIES}) >= 8


@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/kernel/btf/vmlinux").exists(), reason="this kernel publishes no BTF")
def test_spec_agrees_with_this_machine() -> None:
    try:
        parse_release(os.uname().release)
    except ValueError:
        pytest.skip(f"the running kernel {os.uname().release} is not covered")
    result = check_kernel()
    assert result.differences == []
    assert result.agrees


@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/kernel/btf/vmlinux").exists(), reason="this kernel publishes no BTF")
def test_check_kernel_reports_a_moved_bit() -> None:
    from kpageflags.facts.btf import read_vmlinux_enums

    real = read_vmlinux_enums(["pageflags"])["pageflags"]
    moved = BtfEnum("pageflags", tuple((n, v + 1 if n == "PG_lru" else v) for n, v in real.members))
    layout = pg_layout(os.uname().release, running_config())
    differences, _ = compare_enum(layout, moved)
    lru_bit = layout.bit_of("lru")
    assert differences == [f"PG_lru: the kernel has it at bit {lru_bit + 1}, the spec at bit {lru_bit}"]


def test_this_machine_has_no_hwpoison_so_later_bits_sit_lower() -> None:
    machine = config_from_text(
        "CONFIG_64BIT=y\nCONFIG_MMU=y\nCONFIG_PAGE_IDLE_FLAG=y\nCONFIG_ARCH_USES_PG_ARCH_2=y\n"
        "# CONFIG_MEMORY_FAILURE is not set\n",
        "test",
    )
    distro = machine.with_values("with memory failure", {"MEMORY_FAILURE": "y"})
    assert pg_layout("6.18", machine).bit_of("idle") == 22
    assert pg_layout("6.18", distro).bit_of("idle") == 23
    assert pg_layout("6.18", distro).bit_of("hwpoison") == 21


@pytest.mark.parametrize(
    ("alias", "before", "after"),
    [
        ("anon_exclusive", "5.18", "5.19"),
        ("swapcache", "4.9", "4.10"),
        ("foreign", "3.19", "4.0"),
        ("xen_remapped", "5.2", "5.3"),
        ("large_rmappable", "6.5", "6.6"),
        ("partially_mapped", "6.11", "6.12"),
        ("vmemmap_self_hosted", "5.19", "6.0"),
        ("isolated", "4.7", "4.8"),
        ("fscache", "2.6.29", "2.6.30"),
        ("savepinned", "2.6.26", "2.6.27"),
        ("reported", "5.6", "5.7"),
        ("has_hwpoisoned", "5.14.15", "5.14.16"),
    ],
)
def test_aliases_appear_with_their_release(alias: str, before: str, after: str) -> None:
    def names(release: str) -> set[str]:
        return {a.name for b in pg_layout(release).bits for a in b.aliases}

    assert alias not in names(before)
    assert alias in names(after)


@pytest.mark.parametrize(
    ("alias", "last", "gone"),
    [
        ("slub_frozen", "3.0", "3.1"),
        ("slub_debug", "2.6.35", "2.6.36"),
        ("slob_free", "6.3", "6.4"),
        ("double_map", "6.1", "6.2"),
        ("hugetlb", "6.8", "6.9"),
        ("isolated", "6.16", "6.17"),
    ],
)
def test_aliases_disappear_with_their_release(alias: str, last: str, gone: str) -> None:
    def names(release: str) -> set[str]:
        return {a.name for b in pg_layout(release).bits for a in b.aliases}

    assert alias in names(last)
    assert alias not in names(gone)


def test_alias_moves_with_the_bit_it_shares() -> None:
    assert pg_layout("5.14.16").bit_of("has_hwpoisoned") == pg_layout("5.14.16").bit_of("mappedtodisk")
    assert pg_layout("5.18").bit_of("has_hwpoisoned") == pg_layout("5.18").bit_of("mappedtodisk")
    assert pg_layout("5.19").bit_of("has_hwpoisoned") == pg_layout("5.19").bit_of("error")
    assert pg_layout("6.12").bit_of("has_hwpoisoned") == pg_layout("6.12").bit_of("active")


def test_aliases_apply_by_context_and_flags() -> None:
    layout = pg_layout("6.18", "x86_64")
    owner_priv_1 = 1 << layout.bit_of("owner_priv_1")
    swapbacked = 1 << layout.bit_of("swapbacked")
    assert decode_page_flags(owner_priv_1 | swapbacked, layout=layout).flags[0].applies == ("swapcache",)
    assert decode_page_flags(owner_priv_1, layout=layout).flags[0].applies == ()
    assert decode_page_flags(owner_priv_1, layout=layout, context=["file"]).flags[0].applies == ("checked",)
    owner_2 = 1 << layout.bit_of("owner_2")
    assert decode_page_flags(owner_2, layout=layout, context=["anon"]).meanings == ("anon_exclusive",)
    assert decode_page_flags(owner_2, layout=layout, context=["file"]).meanings == ("mappedtodisk",)
    with pytest.raises(BadConfig, match="'frob' is not a page context"):
        decode_page_flags(owner_2, layout=layout, context=["frob"])


def test_fields_of_this_machine_as_observed() -> None:
    config = config_from_text(
        "CONFIG_64BIT=y\nCONFIG_MMU=y\nCONFIG_PAGE_IDLE_FLAG=y\nCONFIG_ARCH_USES_PG_ARCH_2=y\n"
        "CONFIG_NUMA=y\nCONFIG_NODES_SHIFT=10\nCONFIG_NUMA_BALANCING=y\nCONFIG_NR_CPUS=256\n"
        "CONFIG_SPARSEMEM=y\nCONFIG_SPARSEMEM_VMEMMAP=y\nCONFIG_ZONE_DMA=y\n"
        "CONFIG_ZONE_DMA32=y\nCONFIG_ZONE_DEVICE=y\n",
        "like this machine",
    )
    layout = pg_layout("6.18", config)
    assert [(f.name, f.shift, f.width) for f in layout.fields] == [
        ("node", 54, 10),
        ("zone", 51, 3),
        ("last_cpupid", 35, 16),
    ]
    # A word sampled from this machine's page allocator: node 0, zone 2 (Normal), no cpupid yet.
    decoded = decode_page_flags(0x17FFF800000000, layout=layout)
    assert dict(decoded.fields) == {"node": 0, "zone": 2, "last_cpupid": 0xFFFF}
    assert layout.zones[decoded.fields["zone"]] == "Normal"


def test_issue_example_dump_line() -> None:
    decoded = decode_page_flags(0x17FFFFC0010200, "5.15", "x86_64")
    assert decoded.names == ("slab", "head")
    assert dict(decoded.fields) == {"node": 0, "zone": 2, "last_cpupid": 0x1FFFFF}


@pytest.mark.parametrize(
    ("release", "word", "expected"),
    [
        ("6.18", 0xF5000000, "slab"),
        ("6.18", 0xF8000000, "large_kmalloc"),
        ("6.14", 0xF8000000, None),
        ("6.15-rc1", 0xF8000000, "large_kmalloc"),
        ("6.15.5", 0xF8000000, "large_kmalloc"),
        ("6.16", 0xF8000000, "large_kmalloc"),
        ("6.18", 0xFFFFFFFF, None),
        ("6.18", 0x00000001, None),
        ("6.11", 0xBFFFFFFF, "buddy"),
        ("5.15", 0xFFFFFF7F, "buddy"),
        ("5.10", 0xFFFFFBFF, "table"),
        ("5.11", 0xFFFFFDFF, "table"),
        ("4.4", 0xFFFFFF80, "buddy"),
        ("2.6.30", 0xFFFFFF80, None),
    ],
)
def test_page_types_by_era(release: str, word: int, expected: str | None) -> None:
    assert pg_layout(release).page_type_of(word) == expected


# enum pagetype as the BTF of a 6.15.5 x86_64 build has it (inspektor-gadget's vmlinux.h).
PAGETYPE_6_15_5 = [
    *(
        (f"PGTY_{name}", value)
        for value, name in enumerate(
            ("buddy", "offline", "table", "guard", "hugetlb", "slab", "zsmalloc", "unaccepted", "large_kmalloc"), 0xF0
        )
    ),
    ("PGTY_mapcount_underflow", 0xFF),
]


@pytest.mark.parametrize(
    ("kernel", "differences"),
    [
        ("6.15.5", []),
        ("6.14", ["PGTY_large_kmalloc: the kernel has 0xf8; the spec has no such type"]),
    ],
)
def test_the_page_types_of_a_6_15_5_btf(tmp_path: Path, kernel: str, differences: list[str]) -> None:
    from btf_writer import write_btf

    layout = pg_layout(kernel, "x86_64")
    btf = write_btf(tmp_path / "vmlinux", {"pageflags": list(layout.enum_pageflags()), "pagetype": PAGETYPE_6_15_5})
    assert check_kernel(parse_release(kernel), preset_config("x86_64"), str(btf)).differences == differences


def test_page_type_kinds_by_release() -> None:
    assert pg_layout("2.6.37").page_type.kind == "flag"
    assert pg_layout("3.10").page_type.kind == "mapcount"
    assert pg_layout("4.18").page_type.kind == "inverted"
    assert pg_layout("6.12").page_type.kind == "top_byte"


@pytest.mark.live
def test_running_config_is_read() -> None:
    if not Path("/proc/config.gz").exists() and not Path(f"/boot/config-{os.uname().release}").exists():
        pytest.skip("the running kernel exposes no config")
    assert running_config().enabled("MMU")


def test_bad_configs(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello world\n")
    with pytest.raises(BadConfig, match="not a kernel config line"):
        read_config(str(text_file))
    empty = tmp_path / "empty"
    empty.write_text("# only a comment\n")
    with pytest.raises(BadConfig, match="has no CONFIG_ lines"):
        read_config(str(empty))
    broken = tmp_path / "config.gz"
    broken.write_bytes(b"\x1f\x8b" + b"garbage")
    with pytest.raises(BadConfig, match="not a readable gzip file"):
        read_config(str(broken))
    with pytest.raises(UnknownPreset, match="'sparc' is not a config preset"):
        preset_config("sparc")


def test_vendor_overlay_follows_a_later_mainline_release() -> None:
    rhel = pg_layout("rhel-9.6", "x86_64")
    assert [(b.bit, b.name) for b in rhel.bits] == [(b.bit, b.name) for b in pg_layout("6.9", "x86_64").bits]
    assert [(b.bit, b.name) for b in rhel.bits] != [(b.bit, b.name) for b in pg_layout("5.14", "x86_64").bits]
    assert rhel.fields == pg_layout("5.14", "x86_64").fields


def test_vendor_overlay_is_found_from_uname() -> None:
    release = parse_release("5.14.0-570.32.1.el9_6.x86_64")
    assert release.overlay == "rhel-9.6"
    assert parse_release("5.14.0-570.32.1").overlay is None


def test_vendor_overlay_decodes_kpageflags_as_its_kernel_reports() -> None:
    from kpageflags import decode

    assert decode(0x400001000, "rhel-9.6").names == ("anon", "anon_exclusive")
    assert decode(0x400001000, "5.14").names == ("anon", "mappedtodisk")
    assert decode(1 << 42, "rhel-9.6").names == ("arch_3",)
    assert decode(1 << 42, "5.14").unknown_bits == (42,)


def _running_kernel_with_config() -> tuple[str, KernelConfig]:
    try:
        release = parse_release(os.uname().release)
        config = running_config()
    except (BadConfig, UnknownRelease):
        pytest.skip("the running kernel is not covered or exposes no readable config")
    return release.name, config


def _cli(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[str, str]:
    assert main(list(words)) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.mark.live
def test_page_flags_of_the_running_kernel_follow_its_own_config(capsys: pytest.CaptureFixture[str]) -> None:
    release, config = _running_kernel_with_config()
    ours, preset = pg_layout(release, config), pg_layout(release, "x86_64")
    # A word with a bit the two configs name differently (on a kernel without MEMORY_FAILURE,
    # the preset's hwpoison bit), where the preset would mislead.
    differing = [b.bit for b in ours.bits if preset.member(b.bit) is None or preset.member(b.bit) != b]
    word = hex(1 << min(differing, default=0))
    out, err = _cli(capsys, "page-flags", word)
    assert out == _cli(capsys, "page-flags", word, "--kernel", release, "--config", config.label)[0]
    assert err == f"kpageflags: config: {config.label}, the running kernel\n"
    layout_out, layout_err = _cli(capsys, "layout")
    assert f"of {release} with {config.label}:" in layout_out.splitlines()[0]
    assert layout_err == err


def test_without_a_readable_config_the_running_kernel_gets_a_preset_and_a_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        parse_release(os.uname().release)
    except UnknownRelease:
        pytest.skip("the running kernel is not covered")

    def unreadable() -> KernelConfig:
        raise BadConfig("cannot read config /proc/config.gz: Permission denied")

    monkeypatch.setattr(pglayout, "running_config", unreadable)
    out, err = _cli(capsys, "layout")
    assert "with preset " in out.splitlines()[0]
    assert err.startswith("kpageflags: cannot read config /proc/config.gz: Permission denied; using the ")
    assert err.endswith(" preset, so config-dependent bits may differ\n")
    assert _cli(capsys, "page-flags", "0x1", "--kernel", "6.18")[1] == ""  # a release given: its preset, silently


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "CONFIG_NUMA=y\nCONFIG_NODES_SHIFT=-1",
            "CONFIG_NODES_SHIFT=-1 is out of range: kernels are built with 0 to 15",
        ),
        ("CONFIG_NUMA=y\nCONFIG_NODES_SHIFT=16", "CONFIG_NODES_SHIFT=16 is out of range"),
        (
            "CONFIG_NUMA_BALANCING=y\nCONFIG_NR_CPUS=0",
            "CONFIG_NR_CPUS=0 is out of range: kernels are built with 1 to 8192",
        ),
        ("CONFIG_NUMA_BALANCING=y\nCONFIG_NR_CPUS=-8", "CONFIG_NR_CPUS=-8 is out of range"),
        ("CONFIG_NUMA=y\nCONFIG_NODES_SHIFT=many", "CONFIG_NODES_SHIFT=many is not a number"),
        (
            "CONFIG_SPARSEMEM=y\nCONFIG_ARCH_MAX_PHYSMEM_BITS=40\nCONFIG_ARCH_SECTION_SIZE_BITS=46",
            "ARCH_SECTION_SIZE_BITS=46 exceeds ARCH_MAX_PHYSMEM_BITS=40",
        ),
    ],
)
def test_numbers_a_kernel_cannot_be_built_with_are_bad_configs(options: str, message: str) -> None:
    config = config_from_text(f"CONFIG_64BIT=y\nCONFIG_MMU=y\n{options}\n", "odd.config")
    with pytest.raises(BadConfig, match=re.escape(f"odd.config: {message}")):
        pg_layout("6.18", config)


def test_a_negative_node_shift_is_one_line_of_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "odd.config"
    config.write_text("CONFIG_64BIT=y\nCONFIG_NUMA=y\nCONFIG_NODES_SHIFT=-1\n")
    for words in (["layout"], ["page-flags", "0x1"]):
        assert main([*words, "-k", "6.18", "--config", str(config)]) == 2
        assert capsys.readouterr() == (
            "",
            f"kpageflags: error: {config}: CONFIG_NODES_SHIFT=-1 is out of range: kernels are built with 0 to 15\n",
        )


def layout_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["layout", *args, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert isinstance(record, dict)
    return record


def enum_from_layout_json(record: dict[str, object]) -> tuple[list[tuple[str, int]], int, dict[str, int]]:
    """enum pageflags rebuilt from ``layout --json`` alone: the members in order,
    ``__NR_PAGEFLAGS``, and the aliases that are members with their values."""
    flags = record["flags"]
    assert isinstance(flags, list)
    members = [(f"PG_{flag['name']}", flag["bit"]) for flag in sorted(flags, key=lambda f: f["bit"])]
    aliases = {
        f"PG_{alias['name']}": alias["enum_value"]
        for flag in flags
        for alias in flag["aliases"]
        if alias["enum_member"]
    }
    count = record["nr_pageflags"]
    assert isinstance(count, int)
    return members, count, aliases


def enum_of_btf(members: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int, dict[str, int]]:
    cut = [name for name, _ in members].index("__NR_PAGEFLAGS")
    return members[:cut], members[cut][1], dict(members[cut + 1 :])


@pytest.mark.parametrize(("release", "member"), [("5.15", False), ("5.16", True)])
def test_layout_json_says_when_readahead_joined_the_enum(
    release: str, member: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # d389a4a81155 ("mm: Add folio flag manipulation functions", 5.16) made it an enum member.
    record = layout_json(capsys, "--kernel", release, "--arch", "x86_64")
    _, _, aliases = enum_from_layout_json(record)
    assert ("PG_readahead" in aliases) is member
    reclaim = next(f for f in record["flags"] if f["name"] == "reclaim")  # type: ignore[attr-defined]
    readahead = next(a for a in reclaim["aliases"] if a["name"] == "readahead")
    assert (readahead["enum_member"], readahead["enum_value"]) == (member, reclaim["bit"] if member else None)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e[0].split()[1] for e in ENTRIES])
def test_layout_json_rebuilds_the_enum_of_real_btf(
    entry: tuple[str, str, list[tuple[str, int]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, release, members = entry
    release = RELABELLED.get(header.split()[1], release)
    config = tmp_path / "config"
    config.write_text("".join(f"CONFIG_{k}={v}\n" for k, v in infer_config(release, members).values.items()))
    record = layout_json(capsys, "--kernel", release, "--config", str(config))
    assert enum_from_layout_json(record) == enum_of_btf(members), header


@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/kernel/btf/vmlinux").exists(), reason="this kernel publishes no BTF")
def test_layout_json_rebuilds_the_enum_of_this_machine(capsys: pytest.CaptureFixture[str]) -> None:
    from kpageflags.facts.btf import read_vmlinux_enums

    try:
        parse_release(os.uname().release)
    except ValueError:
        pytest.skip(f"the running kernel {os.uname().release} is not covered")
    frozen = list(read_vmlinux_enums(["pageflags"])["pageflags"].members)
    record = layout_json(capsys, "--config", "/proc/config.gz")
    assert enum_from_layout_json(record) == enum_of_btf(frozen)


# The "mm: turn folio_test_hugetlb into a PageType" backport reached 6.6.30 and 6.8.9 (stable
# 39cd15b785c1 and 5c91c939221d): PG_hugetlb, an alias of PG_active on the folio's second page,
# gave way to the hugetlb page type there, as in 6.9 (d99e3140a4d3).
@pytest.mark.parametrize(
    ("kernel", "alias"),
    [
        ("6.6", True),
        ("6.6.29", True),
        ("6.6.30", False),
        ("6.6.54", False),
        ("6.7", True),
        ("6.8.8", True),
        ("6.8.9", False),
        ("6.9-rc1", False),
        ("6.9", False),
    ],
)
def test_hugetlb_is_a_page_flag_alias_or_a_page_type(kernel: str, alias: bool) -> None:
    layout = pg_layout(kernel, preset_config("x86_64"))
    aliases = {a.name: b.name for b in layout.bits for a in b.aliases}
    assert ("hugetlb" in aliases) is alias
    assert aliases.get("hugetlb", "active") == "active"
    assert ("hugetlb" in dict(layout.page_type.types)) is not alias
    if not alias:
        assert dict(layout.page_type.types)["hugetlb"] == 0x800


def test_layout_of_a_point_release_names_it() -> None:
    assert pg_layout("6.6.54", preset_config("x86_64")).kernel.startswith("6.6.54")


# Stable series took "bounds: support non-power-of-two CONFIG_NR_CPUS" (bits_per, one bit more than
# ilog2 for a power of two) before "bounds: Use the right number of bits for power-of-two
# CONFIG_NR_CPUS" (order_base_2) undid the extra bit; 6.7.y ended in between. With NR_CPUS 8192
# last_cpupid is 8 + 13 bits, or 8 + 14 in the releases between; in 6.1.y the wider field no
# longer fits and moves to struct page, freeing the bits for lru_refs.
@pytest.mark.parametrize(
    ("kernel", "last_cpupid", "lru_refs"),
    [
        ("5.4.273", (30, 21), None),
        ("5.4.274", (29, 22), None),
        ("5.4.275", (30, 21), None),
        ("5.10.214", (30, 21), None),
        ("5.10.215", (29, 22), None),
        ("5.10.216", (30, 21), None),
        ("5.15.153", (30, 21), None),
        ("5.15.157", (29, 22), None),
        ("5.15.158", (30, 21), None),
        ("6.1.83", (30, 21), None),
        ("6.1.84", None, (46, 2)),
        ("6.1.89", None, (46, 2)),
        ("6.1.90", (30, 21), None),
        ("6.6.23", (30, 21), (26, 1)),
        ("6.6.24", (29, 22), None),
        ("6.6.29", (29, 22), None),
        ("6.6.30", (30, 21), (26, 1)),
        ("6.7.11", (30, 21), (26, 1)),
        ("6.7.12", (29, 22), None),
        ("6.8.2", (30, 21), (26, 1)),
        ("6.8.3", (29, 22), None),
        ("6.8.9", (30, 21), (26, 1)),
        ("6.9", (30, 21), (26, 1)),
    ],
)
def test_last_cpupid_is_a_bit_wider_between_the_two_bounds_backports(
    kernel: str, last_cpupid: tuple[int, int] | None, lru_refs: tuple[int, int] | None
) -> None:
    fields = {f.name: (f.shift, f.width) for f in pg_layout(kernel, preset_config("x86_64")).fields}
    assert (fields.get("last_cpupid"), fields.get("lru_refs")) == (last_cpupid, lru_refs)


# For 24 CPUs ilog2 rounds down to 4 bits, while bits_per and order_base_2 both give 5: the first
# backport widened the field and the second kept it.
@pytest.mark.parametrize(("kernel", "width"), [("6.6.23", 12), ("6.6.24", 13), ("6.6.30", 13), ("6.9", 13)])
def test_a_non_power_of_two_nr_cpus_keeps_the_rounded_up_width(kernel: str, width: int) -> None:
    config = preset_config("x86_64").with_values("24 cpus", {"NR_CPUS": "24"})
    fields = {f.name: f.width for f in pg_layout(kernel, config).fields}
    assert fields["last_cpupid"] == width


# PGTY_netpp (0xf9, page_pool pages) came in the 7.1 merge window (db359fccf212) and was reverted
# between 7.1-rc5 and rc6 (54cf41c969da), so only the early 7.1 release candidates have it.
@pytest.mark.parametrize(
    ("kernel", "netpp"),
    [("6.18", None), ("7.1-rc1", 0xF9), ("7.1-rc3", 0xF9), ("7.1-rc5", 0xF9), ("7.1-rc6", None), ("7.1", None)],
)
def test_netpp_page_type_lived_only_in_the_first_7_1_release_candidates(
    kernel: str, netpp: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    types = layout_json(capsys, "--kernel", kernel)["page_type"]
    assert isinstance(types, dict)
    assert types["types"].get("netpp") == netpp
    assert types["types"]["large_kmalloc"] == 0xF8


def test_layout_text_shows_the_fields_and_page_types_that_change_at_a_point_release(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 6.6.30 took both the hugetlb page type and the bounds fix that narrowed last_cpupid back.
    texts = {}
    for kernel in ("6.6.29", "6.6.30"):
        assert main(["layout", "--kernel", kernel, "--arch", "x86_64"]) == 0
        texts[kernel] = capsys.readouterr().out.splitlines()
    assert (
        "# fields: node (bits 54-63), zone (bits 51-53), last_cpupid (bits 29-50), lru_gen (bits 26-28)"
        in (texts["6.6.29"])
    )
    assert (
        "# fields: node (bits 54-63), zone (bits 51-53), last_cpupid (bits 30-50), lru_gen (bits 27-29), "
        "lru_refs (bit 26)"
    ) in texts["6.6.30"]
    page_types = {
        kernel: next(line for line in text if line.startswith("# page types")) for kernel, text in texts.items()
    }
    assert page_types["6.6.29"].endswith("guard 0x400")
    assert page_types["6.6.30"].endswith("guard 0x400, hugetlb 0x800")
