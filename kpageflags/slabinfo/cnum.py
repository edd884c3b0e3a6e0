"""C's integer conversions, as slabinfo's reads and printf formats apply them."""

from __future__ import annotations

U32 = (1 << 32) - 1
U64 = (1 << 64) - 1
_LONG_MAX = (1 << 63) - 1
_SPACE = b" \t\n\v\f\r"
_DIGITS = b"0123456789"


def signed(value: int, bits: int = 64) -> int:
    """``value`` seen through a signed type of ``bits`` (what %ld / %d print)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def strtoul(text: bytes) -> tuple[int, bytes]:
    """The number strtoul(text, &end, 10) returns and the text after it."""
    sign, digits, end = _number(text)
    if not digits:
        return 0, text
    value = int(digits)
    rest = text[end:]
    if value > U64:
        return U64, rest
    return (-value & U64 if sign == b"-" else value), rest


def atol(text: bytes) -> int:
    """atol(text), as an unsigned 64-bit pattern (strtol saturates at LONG_MIN/LONG_MAX)."""
    if text.isdigit():
        return min(int(text), _LONG_MAX)
    sign, digits, _ = _number(text)
    if not digits:
        return 0
    value = int(digits)
    if sign == b"-":
        return -min(value, _LONG_MAX + 1) & U64
    return min(value, _LONG_MAX)


def _number(text: bytes) -> tuple[bytes, bytes, int]:
    """The sign, the digits and where they end, after leading white space as strtol skips it
    (by hand: the re module would add a tenth to slabinfo's start-up)."""
    start = len(text) - len(text.lstrip(_SPACE))
    sign = text[start : start + 1]
    if sign in (b"+", b"-"):
        start += 1
    else:
        sign = b""
    end = len(text) - len(text[start:].lstrip(_DIGITS))
    return sign, text[start:end], end
