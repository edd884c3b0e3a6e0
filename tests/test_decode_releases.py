"""Decoding the same value at releases on both sides of each change in the spec."""

from __future__ import annotations

import pytest

from kpageflags import decode, encode, kpf_table

ANON = 1 << 12
BIT23 = 1 << 23
BIT34 = 1 << 34
SLAB = 1 << 7


def names(value: int, kernel: str) -> tuple[str, ...]:
    return decode(value, kernel).names


def unknown(value: int, kernel: str) -> tuple[int, ...]:
    return decode(value, kernel).unknown_bits


def test_issue_example_at_6_18() -> None:
    assert names(0x40000086C, "6.18") == ("referenced", "uptodate", "lru", "active", "mmap", "owner_2")


@pytest.mark.parametrize(
    ("kernel", "expected", "unknown_bits"),
    [
        ("3.17", (), (23,)),
        ("3.18", ("balloon",), ()),
        ("5.0", ("balloon",), ()),
        ("5.1", ("offline",), ()),
        ("6.18", ("offline",), ()),
    ],
)
def test_bit_23_balloon_then_offline(kernel: str, expected: tuple[str, ...], unknown_bits: tuple[int, ...]) -> None:
    assert names(BIT23, kernel) == expected
    assert unknown(BIT23, kernel) == unknown_bits


@pytest.mark.parametrize(
    ("kernel", "expected"),
    [
        ("2.6.31", ("anon", "mappedtodisk")),
        ("5.18", ("anon", "mappedtodisk")),
        ("5.19", ("anon", "anon_exclusive")),
        ("6.11", ("anon", "anon_exclusive")),
        ("6.12", ("anon", "anon_exclusive")),
        ("6.18", ("anon", "anon_exclusive")),
    ],
)
def test_bit_34_on_anonymous_pages(kernel: str, expected: tuple[str, ...]) -> None:
    assert names(ANON | BIT34, kernel) == expected


@pytest.mark.parametrize(("kernel", "expected"), [("6.11", "mappedtodisk"), ("6.12", "owner_2")])
def test_bit_34_on_file_pages_is_renamed_owner_2(kernel: str, expected: str) -> None:
    assert names(BIT34, kernel) == (expected,)


def test_overloaded_bit_keeps_its_own_name_as_flag() -> None:
    bit = decode(ANON | BIT34, "6.18").flags[1]
    assert (bit.bit, bit.name, bit.flag, bit.overload, bit.symbol) == (
        34,
        "anon_exclusive",
        "owner_2",
        "anon_exclusive",
        "KPF_OWNER_2",
    )


@pytest.mark.parametrize(
    ("bit", "last_without", "first_with", "name"),
    [
        (21, "2.6.31", "2.6.32", "ksm"),
        (22, "3.3", "3.4", "thp"),
        (24, "3.19", "4.0", "zero_page"),
        (25, "4.2", "4.3", "idle"),
        (26, "4.17", "4.18", "pgtable"),
        (11, "2.6.30", "2.6.31", "mmap"),
        (41, "5.9", "5.10", "arch_2"),
    ],
)
def test_bits_are_unknown_before_their_release(bit: int, last_without: str, first_with: str, name: str) -> None:
    assert unknown(1 << bit, last_without) == (bit,)
    assert names(1 << bit, last_without) == ()
    assert names(1 << bit, first_with) == (name,)


def test_removed_bit_becomes_unknown() -> None:
    assert names(1 << 39, "6.11") == ("uncached",)
    assert unknown(1 << 39, "6.12") == (39,)


@pytest.mark.parametrize(
    ("kernel", "expected"),
    [
        ("2.6.35", ("slub_debug", "slab")),
        ("2.6.36", ("error", "slab")),
    ],
)
def test_slab_error_is_slub_debug_until_2_6_36(kernel: str, expected: tuple[str, ...]) -> None:
    assert names(SLAB | 0x2, kernel) == expected


@pytest.mark.parametrize(
    ("kernel", "expected"),
    [
        ("3.0", "slub_frozen"),
        ("3.1", "active"),
        ("3.5", "active"),
        ("3.6", "pfmemalloc"),
        ("6.18", "pfmemalloc"),
    ],
)
def test_slab_active_meaning_by_release(kernel: str, expected: str) -> None:
    assert names(SLAB | 0x40, kernel) == (expected, "slab")


@pytest.mark.parametrize(
    ("kernel", "expected"),
    [
        ("2.6.31", ("slab", "slob_free")),
        ("6.3", ("slab", "slob_free")),
        ("6.4", ("slab", "private")),
    ],
)
def test_slab_private_is_slob_free_while_slob_had_the_slab_bit(kernel: str, expected: tuple[str, ...]) -> None:
    assert names(SLAB | 1 << 35, kernel) == expected


def test_hacking_bits_start_in_2_6_31() -> None:
    assert decode(SLAB | 1 << 35, "2.6.30").unknown_bits == (35,)


def test_reclaim_without_writeback_is_readahead() -> None:
    assert names(1 << 9, "6.18") == ("readahead",)
    assert names(1 << 9 | 1 << 8, "6.18") == ("writeback", "reclaim")


def test_page_types_strings_match_page_types_describe_fixture() -> None:
    # shared/fixtures/page-types-sample/outputs/describe-00.txt: page-types -d anon (6.12-6.18).
    decoded = decode(ANON, "6.18")
    line = f"{decoded.hex}\t{decoded.page_types_short}\t{decoded.page_types_long}\n"
    assert line == "0x0000000000001000\t____________a______________________________\tanonymous\n"


@pytest.mark.parametrize(
    ("kernel", "width"),
    [
        ("2.6.31", 32),
        ("2.6.32", 34),
        ("3.3", 34),
        ("3.4", 35),
        ("3.13", 36),
        ("3.18", 37),
        ("4.0", 38),
        ("4.3", 40),
        ("4.4", 41),
        ("4.6", 42),
        ("4.17", 42),
        ("4.18", 43),
        ("5.10", 44),
        ("5.19", 45),
        ("6.3", 45),
        ("6.4", 44),
        ("6.11", 44),
        ("6.12", 43),
        ("6.18", 43),
    ],
)
def test_page_types_symbolic_width_per_release(kernel: str, width: int) -> None:
    assert len(decode(0, kernel).page_types_short) == width


def test_page_types_had_no_idle_name_in_4_3() -> None:
    decoded = decode(1 << 25, "4.3")
    assert decoded.names == ("idle",)
    assert decoded.flags[0].letter is None
    assert decoded.page_types_long == ""


def test_unknown_bits_are_kept_never_dropped() -> None:
    value = ANON | 1 << 45 | 1 << 27
    decoded = decode(value, "6.18")
    assert decoded.unknown_bits == (27, 45)
    assert encode(decoded) == value


# Mainline fixed it in 7.2 (rc3); stable series fixed it at the point release that took the
# backport, and the series that had ended by then (6.19.y, 7.0.y) never did.
KSM_BUG_BRACKET = [
    ("6.9", False),
    ("6.10", True),
    ("6.12.80", True),
    ("6.17.13", True),
    ("6.18.39", True),
    ("6.18.40", False),
    ("6.19.10", True),
    ("7.0.20", True),
    ("7.1.4", True),
    ("7.1.5", False),
    ("7.2-rc1", True),
    ("7.2-rc2", True),
    ("7.2-rc3", False),
    ("7.2", False),
    ("7.3", False),
]


@pytest.mark.parametrize(("kernel", "warned"), KSM_BUG_BRACKET)
def test_ksm_bug_warning(kernel: str, warned: bool) -> None:
    warnings = decode(1 << 21 | ANON, kernel).warnings
    assert any("KPF_KSM" in w for w in warnings) is warned


def test_ksm_bug_without_point_release_says_maybe() -> None:
    (warning,) = decode(1 << 21, "6.18").warnings
    assert warning.startswith("may be affected: KPF_KSM")


def test_ksm_bug_only_warns_when_ksm_is_set() -> None:
    assert decode(ANON, "6.12").warnings == ()


def test_misreported_bits_before_2_6_29_warn_on_every_value() -> None:
    assert any("2.6.29" in w for w in decode(0, "2.6.28").warnings)
    assert decode(0, "2.6.29").warnings == ()


def test_error_bit_after_pg_error_removal_warns() -> None:
    assert any("PG_error" in w for w in decode(0x2, "6.12").warnings)
    assert decode(0x2, "6.11").warnings == ()


def test_encode_by_names() -> None:
    assert encode(["anon", "owner_2"], "6.18") == ANON | BIT34
    assert encode(["anonymous"], "6.18") == ANON
    assert encode(["anon_exclusive", "anon"], "6.18") == ANON | BIT34


def test_explicit_table_overrides_the_release() -> None:
    mainline = kpf_table("5.18")
    backported = kpf_table("5.19")
    assert decode(ANON | BIT34, table=mainline).names == ("anon", "mappedtodisk")
    assert decode(ANON | BIT34, table=backported).names == ("anon", "anon_exclusive")
