"""Property tests: decoding loses nothing, at any release, for any 64-bit value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpageflags import decode, encode, releases

values = st.integers(min_value=0, max_value=(1 << 64) - 1)
any_release = st.sampled_from(releases())


@given(values, any_release)
def test_decode_then_encode_is_lossless(value: int, kernel: str) -> None:
    decoded = decode(value, kernel)
    assert encode(decoded) == value
    assert decoded.value == value


@given(values, any_release)
def test_every_set_bit_is_named_or_unknown_exactly_once(value: int, kernel: str) -> None:
    decoded = decode(value, kernel)
    bits = [f.bit for f in decoded.flags] + list(decoded.unknown_bits)
    assert sorted(bits) == [b for b in range(64) if value >> b & 1]


@given(st.integers(min_value=0, max_value=(1 << 47) - 1), any_release)
def test_kernel_bits_round_trip_through_their_flag_names(value: int, kernel: str) -> None:
    decoded = decode(value, kernel)
    flag_names = [f.flag for f in decoded.flags]
    assert encode(flag_names, kernel, unknown_bits=decoded.unknown_bits) == value
