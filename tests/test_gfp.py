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
    with pytest.raises(UnknownRelease, match=r"start at 5\.7"):
        gfp_layout("5.6")
    with pytest.raises(UnknownRelease):
        migrate_reasons("4.5")


def test_migratetypes_depend_on_cma_and_isolation() -> None:
    assert migratetype_names("5.19", config()) == ("Unmovable", "Movable", "Reclaimable", "HighAtomic")
    assert migratetype_names("6.18", config("CMA", "MEMORY_ISOLATION"))[4:] == ("CMA", "Isolate")
    assert migratetype_names("4.6", config("MEMORY_ISOLATION"))[4:] == ("Isolate",)


@pytest.mark.parametrize(
    ("release", "last"),
    [
        ("4.6", "cma"),
        ("5.7", "contig_range"),
        ("5.14", "longterm_pin"),
        ("5.19", "demotion"),
        ("6.10", "demotion"),
        ("6.11", "damon"),
        ("7.3", "damon"),
    ],
)
def test_migrate_reasons_per_release(release: str, last: str) -> None:
    assert migrate_reasons(release)[-1] == last
    assert migrate_reasons(release)[0] == "compaction"
