"""Property tests: decoding loses nothing, at any release, for any 64-bit value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpageflags import decode, encode, kpf_table, releases

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


@given(values, any_release)
def test_names_give_back_the_value_for_every_value_the_release_names(value: int, kernel: str) -> None:
    named = value & kpf_table(kernel).known_mask
    assert encode(decode(named, kernel).names, kernel) == named


@given(values, any_release)
def test_names_and_unknown_bit_numbers_give_back_any_value(value: int, kernel: str) -> None:
    decoded = decode(value, kernel)
    assert encode(decoded.names, kernel, unknown_bits=decoded.unknown_bits) == value


def test_a_name_page_types_shares_with_a_kernel_meaning_stays_with_its_bit() -> None:
    anon = 1 << 12
    for value in (1 << 48, anon | 1 << 47, anon | 1 << 34, anon | 1 << 34 | 1 << 47, 1 << 9, 1 << 50):
        assert encode(decode(value, "6.18").names, "6.18") == value
    assert decode(anon | 1 << 47, "6.18").names == ("anon", "anon_exclusive@47")
    assert decode(anon | 1 << 34, "6.18").names == ("anon", "anon_exclusive")


def test_counter_keeps_first_seen_order_and_exact_counts() -> None:
    from kpageflags.sources.counting import FlagCounter, numpy_available

    values = [9, 9, 3, 7, 3, 3, 1 << 40, 9, 0, 7]
    data = b"".join(v.to_bytes(8, "little") for v in values)
    for use_numpy in (False, True):
        if use_numpy and not numpy_available():
            continue
        counter = FlagCounter(use_numpy)
        counter.add(data[:32])
        counter.add(data[32:])
        assert counter.items() == {9: 3, 3: 3, 7: 2, 1 << 40: 1, 0: 1}
        assert list(counter.items()) == [9, 3, 7, 1 << 40, 0]
    if numpy_available():
        switching = FlagCounter(False, numpy_after_mixed=3)
        switching.add(data[:16])  # one value throughout: nothing counted one by one
        assert not switching.use_numpy
        switching.add(data[16:48])  # four mixed entries
        assert switching.use_numpy
        switching.add(data[48:])
        assert list(switching.items().items()) == [(9, 3), (3, 3), (7, 2), (1 << 40, 1), (0, 1)]


def test_a_counter_that_knows_its_total_switches_when_a_piece_foretells_enough_mixed_entries() -> None:
    from kpageflags.sources.counting import RUN_LEAF, FlagCounter, numpy_available

    if not numpy_available():
        return
    mixed = b"".join(v.to_bytes(8, "little") for v in range(RUN_LEAF))  # counted one by one
    # Without a total: RUN_LEAF mixed entries are not more than 2 * RUN_LEAF.
    unknown = FlagCounter(False, numpy_after_mixed=2 * RUN_LEAF)
    unknown.add(mixed)
    assert not unknown.use_numpy
    # All mixed, with 3 pieces' entries still to come: 3 * RUN_LEAF foretold.
    ahead = FlagCounter(False, numpy_after_mixed=2 * RUN_LEAF, entries_expected=4 * RUN_LEAF)
    ahead.add(mixed)
    assert ahead.use_numpy
    ahead.add(mixed)
    assert list(ahead.items().items()) == [(v, 2) for v in range(RUN_LEAF)]
    # Only one entry more than a piece to come: RUN_LEAF + 1 foretold.
    near_end = FlagCounter(False, numpy_after_mixed=2 * RUN_LEAF, entries_expected=2 * RUN_LEAF + 1)
    near_end.add(mixed)
    assert not near_end.use_numpy


@given(
    st.lists(st.integers(min_value=0, max_value=(1 << 64) - 1), min_size=1, max_size=300),
    st.integers(min_value=1, max_value=40),
)
def test_numpy_and_pure_counters_agree(values: list[int], cut: int) -> None:
    from kpageflags.sources.counting import FlagCounter, numpy_available

    data = b"".join(v.to_bytes(8, "little") for v in values)
    results = []
    for use_numpy in [False, True] if numpy_available() else [False]:
        counter = FlagCounter(use_numpy)
        for start in range(0, len(data), cut * 8):
            counter.add(data[start : start + cut * 8])
        results.append(list(counter.items().items()))
    # Starting without numpy and switching part-way (after the first mixed piece) as well.
    switching = FlagCounter(False, numpy_after_mixed=0)
    for start in range(0, len(data), cut * 8):
        switching.add(data[start : start + cut * 8])
    results.append(list(switching.items().items()))
    assert all(r == results[0] for r in results)
