"""Numbers as users write them (arguments, values on stdin, tokens of expressions), read with
bounds.

Every reader looks at the length of the text before converting it, so no input reaches
Python's limit on converting long digit strings (a ValueError, not an input error), accepts
ASCII digits only (``int`` would take other scripts' digits), and quotes at most a short
prefix of the text in its message.
"""

from __future__ import annotations

from .errors import BadValue, InputError, quoted

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import Literal

U64_MAX = (1 << 64) - 1
PID_MAX = (1 << 31) - 1
"""The largest pid_t."""
MAX_LENGTH = 64
"""The longest number read: a 64-bit value takes at most 22 octal digits; the rest leaves room
for a sign, a prefix and leading zeros."""
PAGE_SIZE_MIN = 1 << 10
PAGE_SIZE_MAX = 1 << 20

if TYPE_CHECKING:
    # c: hex (0x...), octal (0...) or decimal, as C's strtoul with base 0; decimal: decimal only.
    Notation = Literal["c", "decimal"]

_DIGITS = {8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
_WHITESPACE = " \t\n\r\f\v"


def _parts(text: str, notation: Notation) -> tuple[bool, int, str] | None:
    """(negative, base, digits) of a number's text, or None when it is not one."""
    body = text.strip(_WHITESPACE)
    negative = body[:1] == "-"
    if body[:1] in ("-", "+"):
        body = body[1:]
    if notation == "c" and body[:2] in ("0x", "0X"):
        base, digits = 16, body[2:]
    elif notation == "c" and body[:1] == "0":
        base, digits = 8, body
    else:
        base, digits = 10, body
    if not digits or any(char not in _DIGITS[base] for char in digits):
        return None
    return negative, base, digits


def is_number(text: str, notation: Notation = "c") -> bool:
    """Whether the text is written as a number at all, whatever its length or size.

    >>> is_number("0x1f"), is_number("010"), is_number("08"), is_number("12abc"), is_number("١٢")
    (True, True, False, False, False)
    """
    return _parts(text, notation) is not None


def read_number(
    text: str,
    what: str,
    *,
    bounds: tuple[int, int] | None = (0, U64_MAX),
    notation: Notation = "c",
    error: type[InputError] = BadValue,
) -> int:
    """The number the text writes, within ``bounds`` (lowest, highest; None: any); ``what``
    names it in the message of ``error``, raised for text that is not such a number.

    >>> read_number("0x1000", "value"), read_number(" 010 ", "value"), read_number("-5", "delta", bounds=None)
    (4096, 8, -5)
    >>> read_number("0", "--threads", bounds=(1, 64))
    Traceback (most recent call last):
    ...
    kpageflags.errors.BadValue: --threads '0' is out of range; it must be from 1 to 64
    """
    if len(text.strip(_WHITESPACE)) > MAX_LENGTH:
        raise error(f"{what} {quoted(text)} is too long to be a number (the limit is {MAX_LENGTH} characters)")
    parts = _parts(text, notation)
    if parts is None:
        written = "hex (0x...), octal (0...) or decimal" if notation == "c" else "decimal digits"
        raise error(f"{what} {quoted(text)} is not a number; write it in {written}")
    negative, base, digits = parts
    value = -int(digits, base) if negative else int(digits, base)
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        if bounds == (0, U64_MAX):
            raise error(f"{what} {quoted(text)} does not fit in 64 bits")
        raise error(f"{what} {quoted(text)} is out of range; it must be from {bounds[0]} to {bounds[1]}")
    return value


def check_page_size(size: int, what: str = "page size") -> int:
    """A page size: a power of two from 1 KiB to 1 MiB, which every Linux page size is.

    >>> check_page_size(4096), check_page_size(65536)
    (4096, 65536)
    >>> check_page_size(3000)
    Traceback (most recent call last):
    ...
    kpageflags.errors.BadValue: page size 3000 is not a power of two from 1024 to 1048576 bytes (1 KiB to 1 MiB)
    """
    if not PAGE_SIZE_MIN <= size <= PAGE_SIZE_MAX or size & (size - 1):
        raise BadValue(
            f"{what} {size} is not a power of two from {PAGE_SIZE_MIN} to {PAGE_SIZE_MAX} bytes (1 KiB to 1 MiB)"
        )
    return size


def read_page_size(text: str, what: str = "page size") -> int:
    """A page size in bytes as the user wrote it, checked by :func:`check_page_size`.

    >>> read_page_size("16384")
    16384
    """
    return check_page_size(read_number(text, what, bounds=None), what)
