"""The library's calling conventions: which values and arguments it takes, and what it says otherwise."""

from __future__ import annotations

import os
from typing import Any, Callable

import pytest

from kpageflags import decode, decode_page_flags, decode_pagemap, encode, kpf_table, parse_bits, pg_layout
from kpageflags.errors import BadValue, UnknownRelease
from kpageflags.sources.counting import numpy_available

DECODERS: list[Callable[[Any], object]] = [
    lambda value: decode(value, "6.18"),
    lambda value: decode_pagemap(value, "6.18"),
    lambda value: decode_page_flags(value, "6.18", "x86_64"),
]


class Index:
    """An integer-like value that is not an int, as numpy's are: it has ``__index__``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


INTEGER_TYPES: list[Callable[[int], Any]] = [int, Index]
if numpy_available():  # the pure-Python run has no numpy: its own integer-like type stands in
    import numpy

    INTEGER_TYPES += [numpy.uint64, numpy.int64, numpy.uint32, numpy.uint8]


@pytest.mark.parametrize("decoder", DECODERS, ids=["decode", "decode_pagemap", "decode_page_flags"])
@pytest.mark.parametrize("integer", INTEGER_TYPES)
def test_any_integer_type_is_a_value(decoder: Callable[[Any], object], integer: Callable[[int], Any]) -> None:
    assert decoder(integer(0x84)) == decoder(0x84)


@pytest.mark.parametrize("decoder", DECODERS, ids=["decode", "decode_pagemap", "decode_page_flags"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "True is a bool, not a"),
        (132.0, "132.0 is not a"),
        ("0x84", "'0x84' is not a"),
        (Index(-1), "-1 is not a 64-bit unsigned"),
    ],
)
def test_other_values_are_bad_values(decoder: Callable[[Any], object], value: object, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        decoder(value)


def test_in_asks_for_a_flag_name() -> None:
    page = decode(0x400001000, "6.18")
    assert "anon" in page and "anon_exclusive" in page and "owner_2" in page
    assert "lru" not in page and "value" not in page and 0x1000 not in page
    word = decode_page_flags(0x20024, "6.18", "x86_64", context=["anon"])
    assert "lru" in word and "swapbacked" in word
    assert "slab" not in word and "kernel" not in word


def _pretend_running(monkeypatch: pytest.MonkeyPatch, release: str) -> None:
    real = os.uname()
    fake = os.uname_result((real.sysname, real.nodename, release, real.version, real.machine))
    monkeypatch.setattr(os, "uname", lambda: fake)


def test_without_a_kernel_the_running_one_is_meant(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_running(monkeypatch, "5.18.0-3-amd64")
    assert decode(0x400001000).names == ("anon", "mappedtodisk")
    assert decode(0x400001000).kernel == "5.18.0"
    assert encode(["anon", "mappedtodisk"]) == 0x400001000
    assert kpf_table().label == "5.18.0"
    assert parse_bits("anon").mask == 0x1000
    assert decode_pagemap(0x8100000000012345).pfn == 0x12345
    assert decode_page_flags(0x4, config="x86_64").kernel == "5.18.0"


def test_a_running_kernel_that_is_not_covered_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_running(monkeypatch, "2.4.37")
    for call in (lambda: decode(1), lambda: decode_pagemap(1), lambda: decode_page_flags(1, config="x86_64")):
        with pytest.raises(UnknownRelease, match=r"the running kernel 2\.4\.37 is not covered .*kernel='6\.18'"):
            call()


def test_a_table_given_where_the_kernel_goes_is_named_as_such() -> None:
    table = kpf_table("6.18")
    for call in (lambda: decode(1, table), lambda: encode(["anon"], table), lambda: parse_bits("anon", table)):  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"KpfTable\('6\.18'\) was given where a kernel release goes; .*table="):
            call()
    with pytest.raises(TypeError, match="not both"):
        decode(1, "6.18", table=table)
    with pytest.raises(TypeError, match="table= takes a KpfTable, not str"):
        decode(1, table="6.18")  # type: ignore[arg-type]
    assert decode(0x1000, table=table) == decode(0x1000, "6.18")


def test_a_layout_given_where_the_kernel_goes_is_named_as_such() -> None:
    layout = pg_layout("6.18", "x86_64")
    with pytest.raises(TypeError, match="where a kernel release goes; pass it as layout="):
        decode_page_flags(1, layout)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not both"):
        decode_page_flags(1, "6.18", layout=layout)
    assert decode_page_flags(0x4, layout=layout) == decode_page_flags(0x4, "6.18", "x86_64")
