"""C's integer conversions, as slabinfo's reads and printf formats apply them."""

from __future__ import annotations

import re

U32 = (1 << 32) - 1
U64 = (1 << 64) - 1
_LONG_MAX = (1 << 63) - 1
_NUMBER = re.compile(rb"[ \t\n\v\f\r]*([+-]?)([0-9]*)")


def signed(value: int, bits: int = 64) -> int:
    """``value`` seen through a signed type of ``bits`` (what %ld / %d print)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def strtoul(text: bytes) -> tuple[int, bytes]:
    """The number strtoul(text, &end, 10) returns and the text after it."""
    match = _NUMBER.match(text)
    assert match is not None  # the pattern matches the empty string
    sign, digits = match.groups()
    if not digits:
        return 0, text
    value = int(digits)
    rest = text[match.end() :]
    if value > U64:
        return U64, rest
    return (-value & U64 if sign == b"-" else value), rest


def atol(text: bytes) -> int:
    """atol(text), as an unsigned 64-bit pattern (strtol saturates at LONG_MIN/LONG_MAX)."""
    if text.isdigit():
        return min(int(text), _LONG_MAX)
    match = _NUMBER.match(text)
    assert match is not None
    sign, digits = match.groups()
    if not digits:
        return 0
    value = int(digits)
    if sign == b"-":
        return -min(value, _LONG_MAX + 1) & U64
    return min(value, _LONG_MAX)
