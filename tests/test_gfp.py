"""GFP masks, migratetypes and migrate reasons per release and config (spec/gfp.yaml)."""

from __future__ import annotations

import pytest

from kpageflags.errors import BadValue, UnknownRelease
from kpageflags.facts.gfp import decode_gfp, format_gfp, gfp_layout, migrate_reasons, migratetype_names
from kpageflags.facts.kconfig import KernelConfig


def config(*symbols: str) -> KernelConfig:
    return KernelConfig("test", {symbol: "y" for symbol in symbols})


@pytest.mark.parametrize(
    ("release", "symbols", "flag", "bit"),
    [
        ("5.12", ("LOCKDEP",), "NOLOCKDEP", 23),
        ("5.14", ("LOCKDEP",), "NOLOCKDEP", 25),
        ("5.18", (), "SKIP_KASAN_POISON", 24),
        ("5.19", ("KASAN_HW_TAGS",), "SKIP_KASAN_POISON", 26),
        ("5.19", ("LOCKDEP",), "NOLOCKDEP", 27),
        ("6.2", (), "ATOMIC", 9),
        ("6.3", (), "ATOMIC", None),
        ("6.3", ("LOCKDEP",), "NOLOCKDEP", 27),
        ("6.8", ("LOCKDEP",), "NOLOCKDEP", 26),
        ("6.8", (), "NOLOCKDEP", None),
        ("6.9", ("LOCKDEP",), "NOLOCKDEP", 24),
        ("6.9", ("LOCKDEP", "KASAN_HW_TAGS"), "NOLOCKDEP", 26),
        ("6.9", ("SLAB_OBJ_EXT",), "NO_OBJ_EXT", None),
        ("6.10", ("LOCKDEP", "SLAB_OBJ_EXT"), "NO_OBJ_EXT", 25),
        ("6.18", (), "NO_OBJ_EXT", None),
        ("6.19", (), "NO_OBJ_EXT", 24),
        ("7.1", ("LOCKDEP",), "NO_OBJ_EXT", 25),
    ],
)
def test_bits_move_with_release_and_config(release: str, symbols: tuple[str, ...], flag: str, bit: int | None) -> None:
    assert gfp_layout(release, config(*symbols)).bit_of(flag) == bit


# Masks as the kernel printed them in public syzbot reports (dump_page's page_owner lines).
# 0x100cca: a report with pid/ts/free_ts but no tgid (5.12 to 5.18), archived on Linux-NTFS-Dev
# (index id 14843007210); 5.14 to 5.17 would have printed 0x1100cca, SKIP_KASAN_POISON being
# unconditional in GFP_HIGHUSER_MOVABLE there, so it is read as 5.12.
# 0x140cca: 6.x reports with tgid (index ids 14358409943, 39787958726).
# syzbot kernels have LOCKDEP and generic KASAN, which leave these low bits alone.
@pytest.mark.parametrize(
    ("release", "mask", "text"),
    [
        ("5.12", 0x100CCA, "0x100cca(GFP_HIGHUSER_MOVABLE)"),
        ("6.8", 0x140CCA, "0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)"),
        ("6.18", 0x140CCA, "0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)"),
    ],
)
def test_format_reproduces_masks_printed_by_kernels(release: str, mask: int, text: str) -> None:
    assert format_gfp(mask, release, config("LOCKDEP", "KASAN")) == text


def test_highuser_movable_carried_skip_kasan_poison_from_5_14() -> None:
    assert format_gfp(0x1100CCA, "5.17") == "0x1100cca(GFP_HIGHUSER_MOVABLE)"
    assert format_gfp(0x100CCA, "5.17") == "0x100cca(GFP_HIGHUSER|__GFP_MOVABLE)"
    assert format_gfp(0x100CCA, "5.19") == "0x100cca(GFP_HIGHUSER_MOVABLE)"


def test_gfp_atomic_lost_its_own_bit_in_6_3() -> None:
    assert format_gfp(0xA20, "6.2") == "0xa20(GFP_ATOMIC)"
    assert format_gfp(0xA20, "6.3") == "0xa20(GFP_ATOMIC|0x200)"


def test_gfp_nowait_took_nowarn_in_6_8() -> None:
    assert decode_gfp(0x2800, "6.6").names == ("GFP_NOWAIT", "__GFP_NOWARN")
    assert decode_gfp(0x2800, "6.8").names == ("GFP_NOWAIT",)


def test_single_flags_follow_the_enum_from_6_17() -> None:
    mask = 0x128  # __GFP_HIGH | __GFP_ZERO | __GFP_MOVABLE
    assert decode_gfp(mask, "6.14").names == ("__GFP_HIGH", "__GFP_ZERO", "__GFP_MOVABLE")
    assert decode_gfp(mask, "6.17").names == ("__GFP_MOVABLE", "__GFP_HIGH", "__GFP_ZERO")


def test_kasan_names_are_printed_only_where_gfpflag_names_has_them() -> None:
    kasan = config("KASAN_HW_TAGS")
    assert decode_gfp(0x1000000, "5.19", kasan).unknown == 0x1000000
    assert decode_gfp(0x1000000, "6.17", kasan).names == ("__GFP_SKIP_ZERO",)


def test_unknown_bits_are_kept_and_printed_last() -> None:
    decoded = decode_gfp(0x80000CC0, "6.18")
    assert decoded.names == ("GFP_KERNEL",)
    assert decoded.unknown == 0x80000000
    assert format_gfp(0x80000CC0, "6.18") == "0x80000cc0(GFP_KERNEL|0x80000000)"
    assert format_gfp(0, "6.18") == "0x0()"


def test_bad_masks_and_uncovered_releases_are_errors() -> None:
    with pytest.raises(BadValue):
        decode_gfp(1 << 32, "6.18")
    with pytest.raises(UnknownRelease, match=r"start at 3\.8"):
        migrate_reasons("3.7")
    with pytest.raises(UnknownRelease, match=r"4\.5 has no %pGg"):
        decode_gfp(0xD0, "4.5")


def test_migratetypes_depend_on_cma_and_isolation() -> None:
    assert migratetype_names("5.19", config()) == ("Unmovable", "Movable", "Reclaimable", "HighAtomic")
    assert migratetype_names("6.18", config("CMA", "MEMORY_ISOLATION"))[4:] == ("CMA", "Isolate")
    assert migratetype_names("4.6", config("MEMORY_ISOLATION"))[4:] == ("Isolate",)


@pytest.mark.parametrize(
    ("release", "last"),
    [
        ("3.8", "cma"),
        ("4.6", "cma"),
        ("5.7", "cma"),
        ("5.14", "cma"),
        ("5.16", "demotion"),
        ("5.19", "demotion"),
        ("6.10", "demotion"),
        ("6.11", "damon"),
        ("7.3", "damon"),
    ],
)
def test_migrate_reasons_per_release(release: str, last: str) -> None:
    assert migrate_reasons(release)[-1] == last
    assert migrate_reasons(release)[0] == "compaction"


@pytest.mark.parametrize(
    ("release", "symbols", "flag", "bit"),
    [
        ("2.6.30", (), "MOVABLE", 20),
        ("2.6.31", (), "MOVABLE", 3),
        ("2.6.30", ("KMEMCHECK",), "NOTRACK", None),
        ("2.6.31", ("KMEMCHECK",), "NOTRACK", 21),
        ("3.6", (), "NOTRACK", None),
        ("3.7", (), "NOTRACK", 21),
        ("2.6.37", (), "NO_KSWAPD", None),
        ("2.6.38", (), "OTHER_NODE", 23),
        ("3.2", (), "WRITE", None),
        ("3.3", (), "WRITE", 24),
        ("3.5", (), "MEMALLOC", None),
        ("3.6", (), "MEMALLOC", 13),
        ("3.7", (), "KMEMCG", None),
        ("3.8", (), "KMEMCG", 20),
        ("3.16", (), "KMEMCG", None),
        ("4.0", (), "NOACCOUNT", None),
        ("4.1", (), "NOACCOUNT", 20),
        ("4.3", (), "WAIT", 4),
        ("4.3", (), "RECLAIMABLE", 19),
        ("4.4", (), "WAIT", None),
        ("4.4", (), "RECLAIMABLE", 4),
        ("4.4", (), "KSWAPD_RECLAIM", 25),
        ("4.4", (), "ACCOUNT", None),
        ("4.5", (), "ACCOUNT", 20),
        ("4.9", (), "OTHER_NODE", 23),
        ("4.10", (), "OTHER_NODE", None),
        ("4.10", (), "KSWAPD_RECLAIM", 24),
        ("4.11", ("LOCKDEP",), "NOLOCKDEP", None),
        ("4.12", ("LOCKDEP",), "NOLOCKDEP", 25),
        ("4.12", (), "REPEAT", 10),
        ("4.13", (), "RETRY_MAYFAIL", 10),
        ("4.14", (), "COLD", 8),
        ("4.14", (), "NOTRACK", 21),
        ("4.15", (), "COLD", None),
        ("4.15", (), "NOTRACK", None),
        ("4.17", (), "WRITE", 23),
        ("4.18", (), "WRITE", 8),
        ("5.0", ("LOCKDEP",), "NOLOCKDEP", 23),
        ("5.0", (), "ZERO", 15),
        ("5.1", (), "ZERO", 8),
        ("5.6", (), "ATOMIC", 9),
    ],
)
def test_bits_before_5_7(release: str, symbols: tuple[str, ...], flag: str, bit: int | None) -> None:
    assert gfp_layout(release, config(*symbols)).bit_of(flag) == bit


def test_no_pgg_names_before_4_6() -> None:
    assert gfp_layout("4.5").names == ()
    assert gfp_layout("2.6.25").bit_of("MOVABLE") == 20
    assert decode_gfp(0x24201CA, "4.6").names == ("GFP_HIGHUSER_MOVABLE", "__GFP_COLD")


# Masks printed by %pGg in public linux-mm reports (the same format_flags() page_owner uses):
# a 4.9.24-coreos OOM report (index id 66556575566), and a 4.11.0-rc7 report with a
# MemAlloc watchdog line (index id 24766588730).
@pytest.mark.parametrize(
    ("release", "mask", "text"),
    [
        ("4.9.24", 0x24201CA, "0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD)"),
        ("4.11-rc7", 0x14201CA, "0x14201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD)"),
        (
            "4.11-rc7",
            0x142134A,
            "0x142134a(GFP_NOFS|__GFP_HIGHMEM|__GFP_COLD|__GFP_NOWARN|__GFP_NORETRY|__GFP_HARDWALL|__GFP_MOVABLE)",
        ),
    ],
)
def test_format_reproduces_4x_masks(release: str, mask: int, text: str) -> None:
    assert format_gfp(mask, release) == text


@pytest.mark.parametrize(
    ("release", "mask", "names"),
    [
        ("4.7", 0x2400000, ("GFP_NOIO",)),
        ("4.6", 0x352CA, ("GFP_TRANSHUGE",)),
        ("4.9", 0x352CA, ("GFP_TRANSHUGE_LIGHT", "__GFP_NORETRY")),
        ("4.9", 0x800000, ("__GFP_OTHER_NODE",)),
        ("4.10", 0x800000, ("__GFP_WRITE",)),
        ("4.12", 0x14000D0, ("GFP_TEMPORARY",)),
        ("4.12", 0x400, ("__GFP_REPEAT",)),
        ("4.13", 0x400, ("__GFP_RETRY_MAYFAIL",)),
        ("4.14", 0x14000D0, ("GFP_KERNEL", "__GFP_RECLAIMABLE")),
        ("4.14", 0x200100, ("__GFP_COLD", "__GFP_NOTRACK")),
        ("4.15", 0x200100, ()),
        ("5.0", 0x6000C0, ("GFP_KERNEL",)),
        ("5.1", 0xCC0, ("GFP_KERNEL",)),
    ],
)
def test_pgg_names_4_6_to_5_1(release: str, mask: int, names: tuple[str, ...]) -> None:
    assert decode_gfp(mask, release).names == names


@pytest.mark.parametrize(
    ("release", "symbols", "names"),
    [
        ("2.6.25", ("CMA",), ("Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate")),
        ("3.5", ("CMA",), ("Unmovable", "Reclaimable", "Movable", "Reserve", "CMA", "Isolate")),
        ("3.9", (), ("Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate")),
        ("3.10", (), ("Unmovable", "Reclaimable", "Movable", "Reserve")),
        ("4.3", ("MEMORY_ISOLATION",), ("Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate")),
        ("4.4", ("MEMORY_ISOLATION",), ("Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate")),
    ],
)
def test_migratetypes_before_4_6(release: str, symbols: tuple[str, ...], names: tuple[str, ...]) -> None:
    assert migratetype_names(release, config(*symbols)) == names
