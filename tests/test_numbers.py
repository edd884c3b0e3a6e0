"""Numbers and paths as users write them: one reader, bounded, and only input errors escape."""

from __future__ import annotations

import argparse
from typing import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kpageflags.cli import arguments
from kpageflags.cli.output import parse_value
from kpageflags.errors import BadBitsExpression, BadValue, InputError, UnknownRelease, UsageError
from kpageflags.facts.bitsexpr import parse_bits
from kpageflags.facts.releases import parse_release
from kpageflags.numbers import MAX_LENGTH, check_page_size, read_number, read_page_size
from kpageflags.pagetypes import options

HUGE_DECIMAL = "9" * 5000
HUGE_HEX = "0x" + "f" * 5000
# Pieces that have broken number parsers: digit strings past Python's 4,300-digit int() limit,
# NUL bytes and newlines, other scripts' digits (which int() accepts), signs and separators.
PIECES = ["0", "1", "7", "9", "0x", "0X", "f", "g", "-", "+", " ", ",", "=", "~", ".", "@", "6.18", "anon"]
PIECES += ["\x00", "\n", "\t", "\u0661\u0662", "\u00b2", "\uff11", HUGE_DECIMAL, HUGE_HEX, ""]
user_text = st.one_of(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), st.text(max_size=40))
LONGEST_MESSAGE = 300


def only_input_errors(call: Callable[[], object]) -> None:
    """Runs ``call``; any error it raises must be an input error of one short line."""
    try:
        call()
    except InputError as error:
        message = str(error)
        assert "\n" not in message and "\x00" not in message, message
        assert len(message) <= LONGEST_MESSAGE, message


@pytest.mark.parametrize(
    ("text", "value"),
    [("0x1F", 31), ("010", 8), ("0", 0), ("4096", 4096), (" 12\n", 12), ("+5", 5), ("0xffffffffffffffff", 2**64 - 1)],
)
def test_c_notation(text: str, value: int) -> None:
    assert read_number(text, "value") == value


@pytest.mark.parametrize("text", ["", "0x", "08", "12abc", "1_000", "\u0661\u0662", "\u00b2", "1e3", "- 1"])
def test_what_int_would_take_or_misread_is_not_a_number(text: str) -> None:
    with pytest.raises(BadValue, match="is not a number"):
        read_number(text, "value")


def test_decimal_notation_reads_leading_zeros_as_decimal() -> None:
    assert read_number("010", "pid", notation="decimal") == 10
    with pytest.raises(BadValue, match="write it in decimal digits"):
        read_number("0x10", "pid", notation="decimal")


def test_length_is_checked_before_conversion() -> None:
    read_number("0" * MAX_LENGTH, "value")
    with pytest.raises(BadValue) as error:
        read_number(HUGE_DECIMAL, "value")
    assert str(error.value) == (
        "value '999999999999999999999999...' (5000 characters) is too long to be a number (the limit is 64 characters)"
    )


def test_bounds() -> None:
    assert read_number("64", "--threads", bounds=(1, 64)) == 64
    assert read_number("-70", "delta", bounds=None) == -70
    with pytest.raises(BadValue, match=r"^--threads '65' is out of range; it must be from 1 to 64$"):
        read_number("65", "--threads", bounds=(1, 64))
    with pytest.raises(BadValue, match=r"^value '0x10000000000000000' does not fit in 64 bits$"):
        read_number("0x10000000000000000", "value")


def test_the_callers_error_class_is_raised() -> None:
    with pytest.raises(UsageError):
        read_number("x", "-a offset", error=UsageError)


@pytest.mark.parametrize("size", [1024, 4096, 16384, 65536, 1 << 20])
def test_page_sizes(size: int) -> None:
    assert check_page_size(size) == size
    assert read_page_size(str(size)) == size


@pytest.mark.parametrize("text", ["0", "3000", "512", "2097152", "-4096", "4097"])
def test_a_page_size_is_a_power_of_two_from_1k_to_1m(text: str) -> None:
    with pytest.raises(BadValue, match="is not a power of two from 1024 to 1048576 bytes"):
        read_page_size(text)


@given(user_text, st.sampled_from(["c", "decimal"]))
@example(HUGE_DECIMAL, "c")
@example(HUGE_HEX, "c")
def test_read_number_raises_only_input_errors(text: str, notation: str) -> None:
    only_input_errors(lambda: read_number(text, "value", notation="c" if notation == "c" else "decimal"))


@given(user_text)
@example(HUGE_DECIMAL)
@example("\u0661\u0662\u0663")
def test_values_raise_only_input_errors(text: str) -> None:
    only_input_errors(lambda: parse_value(text))
    only_input_errors(lambda: read_page_size(text))


@given(user_text)
@example(HUGE_DECIMAL)
@example(f"anon,{HUGE_HEX}")
@example("=anon,\x00")
# Escapes of wide characters, quoted twice: a message of 302 characters before quotations
# were bounded by their width shown.
@example("0000000000000\x1f\x1f\x1f\x08\U0001019d\U0001342f\U0001342f\U000187f8\U00018d09\U00018d09\U0001f2030")
def test_bits_expressions_raise_only_input_errors(text: str) -> None:
    only_input_errors(lambda: parse_bits(text, "6.18"))


def test_a_huge_number_in_a_bits_expression_is_said_to_be_too_long() -> None:
    with pytest.raises(BadBitsExpression, match=r"number '9{24}\.\.\.' \(5000 characters\) is too long"):
        parse_bits(HUGE_DECIMAL, "6.18")


@given(user_text)
@example("6.18." + "1" * 5000)
@example("6.18.\u0661")
@example("6." + HUGE_DECIMAL)
def test_releases_raise_only_input_errors(text: str) -> None:
    only_input_errors(lambda: parse_release(text))


def test_a_huge_point_release_is_said_to_be_too_long() -> None:
    with pytest.raises(UnknownRelease, match=r"point release '1{24}\.\.\.' \(5000 characters\) is too long"):
        parse_release("6.18." + "1" * 5000)


@given(st.sampled_from(["-a", "-p", "--threads", "--sort"]), user_text)
@example("-a", HUGE_HEX + ",1")
@example("-a", "0x1000000000000000")
@example("-a", ",\x00")
@example("-p", HUGE_DECIMAL)
@example("--threads", "99999")
def test_page_types_options_raise_only_input_errors(option: str, text: str) -> None:
    only_input_errors(lambda: options.parse([option, text]))


@given(st.sampled_from(["-c", "-f", "-F", "--snapshot"]), user_text)
@example("-c", "@" + HUGE_DECIMAL)
@example("-c", "a\x00")
def test_page_types_path_options_raise_only_input_errors(option: str, text: str) -> None:
    # Not only_input_errors: a message about a path quotes all of it (the command line cuts it).
    try:
        options.parse([option, text])
    except InputError:
        return
    assert "\x00" not in text, "a path with a NUL byte was accepted"


ARGUMENT_TYPES = {
    "count": arguments.count(0, 1000),
    "pid": arguments.pid,
    "page size": arguments.page_size,
    "path": arguments.path,
}


@given(st.sampled_from(sorted(ARGUMENT_TYPES)), user_text)
@example("count", HUGE_DECIMAL)
@example("pid", "\u0661")
@example("path", "a\x00")
def test_argparse_types_raise_only_argparse_errors(name: str, text: str) -> None:
    try:
        ARGUMENT_TYPES[name](text)
    except argparse.ArgumentTypeError as error:
        assert "\n" not in str(error) and len(str(error)) <= LONGEST_MESSAGE
