"""page-types' -b language: the forms, name prefixes, numbers and errors."""

from __future__ import annotations

import pytest

from kpageflags import ALL_BITS, BadBitsExpression, matches_all, parse_bits, parse_bits_list

ANON, MMAP, LRU = 1 << 12, 1 << 11, 1 << 5
HEAD, TAIL = 1 << 15, 1 << 16


def test_any_of() -> None:
    f = parse_bits("anon,mmap", "6.18")
    assert (f.mask, f.bits) == (ANON | MMAP, ALL_BITS)
    assert f.matches(ANON) and f.matches(MMAP | LRU) and not f.matches(LRU)


def test_negation_requires_clear() -> None:
    f = parse_bits("anon,~mmap", "6.18")
    assert (f.mask, f.bits) == (ANON | MMAP, ANON)
    assert f.matches(ANON | LRU) and not f.matches(ANON | MMAP)


def test_exact_form() -> None:
    f = parse_bits("=anon,mmap", "6.18")
    assert (f.mask, f.bits) == (ALL_BITS, ANON | MMAP)
    assert f.matches(ANON | MMAP) and not f.matches(ANON | MMAP | LRU)


def test_masked_exact_form() -> None:
    f = parse_bits("anon,mmap=anon", "6.18")
    assert (f.mask, f.bits) == (ANON | MMAP, ANON)
    assert f.matches(ANON | LRU) and not f.matches(MMAP)


def test_negated_tokens_are_ignored_in_the_equals_forms() -> None:
    # page-types only reads '~' names when the expression has no '='.
    assert parse_bits("anon,~mmap=anon", "6.18").mask == ANON


@pytest.mark.parametrize(
    ("token", "mask"),
    [
        ("a", 1 << 6),  # the first name in bit order starting with 'a' is active
        ("an", ANON),
        ("anonymous", ANON),
        ("c", HEAD | TAIL),  # any prefix of 'compound' means head or tail
        ("compound", HEAD | TAIL),
        ("compound_head", HEAD),
        ("0x1000", ANON),
        ("4096", ANON),
        ("010", 8),
        ("0", 0),
        ("idle", 1 << 25),  # a kpageflags name that page-types spells idle_page
        ("owner_2", 1 << 34),
    ],
)
def test_tokens(token: str, mask: int) -> None:
    assert parse_bits(token, "6.18").mask == mask


def test_names_follow_the_release() -> None:
    assert parse_bits("offline", "5.1").mask == 1 << 23
    with pytest.raises(BadBitsExpression):
        parse_bits("offline", "4.20")
    assert parse_bits("balloon", "4.20").mask == 1 << 23


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("garbage", "bits expression 'garbage': 'garbage' is neither a flag name of 6.18 nor a number"),
        ("anon,12abc", "bits expression 'anon,12abc': '12abc' is neither a flag name of 6.18 nor a number"),
        ("anon,~bogus", "bits expression 'anon,~bogus': 'bogus' is neither a flag name of 6.18 nor a number"),
        ("", "bits expression is empty"),
    ],
)
def test_bad_tokens_are_named(expression: str, message: str) -> None:
    with pytest.raises(BadBitsExpression) as error:
        parse_bits(expression, "6.18")
    assert str(error.value) == message


def test_several_filters_combine_with_and() -> None:
    filters = parse_bits_list(["anon", "~mmap,lru"], "6.18")
    assert matches_all(filters, ANON | LRU)
    assert not matches_all(filters, ANON | LRU | MMAP)
