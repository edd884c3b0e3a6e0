"""page-types' ``-b`` bit-filter language, with its exact semantics.

One expression is one filter; a page passes when it passes every filter given:

- ``a,b``      any of the bits is set;
- ``a,~b``     ``a`` set and ``b`` clear (mask a|b must equal a);
- ``=a,b``     exactly these bits set, nothing else;
- ``a,b=a``    of the bits a and b, exactly a is set.

A token is a page-types flag name of the release or any prefix of one (the first in bit
order wins: ``a`` is ``active``), any prefix of ``compound`` (head or tail), a number
(a bit mask, in C notation: ``0x1000``, ``4096``, ``010``), or one of kpageflags' own
flag names. Unlike page-types, a token with trailing junk (``12abc``) is an error too.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BadBitsExpression, quoted
from ..numbers import is_number, read_number
from .kpf import U64, KpfTable, table_for
from .releases import Release

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._namedtuple import NamedTuple

ALL_BITS = U64
_COMPOUND = "compound"
_INT64_MAX = (1 << 63) - 1
_INT64_MIN = -(1 << 63)


class BitsFilter(NamedTuple):
    """One parsed ``-b`` expression: ``mask`` and the ``bits`` the masked value must equal.

    ``bits == ALL_BITS`` means "any bit of ``mask`` is set", as in page-types.

    >>> f = parse_bits('=anon,mmap', kernel='6.18')
    >>> hex(f.bits), f.matches(0x1800), f.matches(0x1820)
    ('0x1800', True, False)
    """

    expression: str
    mask: int
    bits: int

    def matches(self, flags: int) -> bool:
        if self.bits == ALL_BITS:
            return flags & self.mask != 0
        return flags & self.mask == self.bits


def matches_all(filters: Iterable[BitsFilter], flags: int) -> bool:
    """page-types combines several ``-b`` options with AND.

    >>> filters = parse_bits_list(['anon', '~mmap,lru'], kernel='6.18')
    >>> matches_all(filters, 0x1020), matches_all(filters, 0x1820)
    (True, False)
    """
    return all(f.matches(flags) for f in filters)


def _number(token: str, expression: str) -> int | None:
    """A whole token in C's strtoll notation with base 0, or None when it is not a number."""
    if not is_number(token):
        return None
    number = read_number(token, f"bits expression {quoted(expression)}: number", bounds=None, error=BadBitsExpression)
    # strtoll saturates at the signed limits, then page-types stores it unsigned.
    return max(_INT64_MIN, min(number, _INT64_MAX)) & U64


def _flag_mask(token: str, table: KpfTable, expression: str) -> int:
    if not token:
        return 0
    if len(token) <= len(_COMPOUND) and _COMPOUND.startswith(token):
        return table.encode(["compound_head", "compound_tail"])
    for bit, entry in table.page_types_names.items():
        if entry.name.startswith(token):
            return 1 << bit
    for flag in table.flags.values():
        if flag.name == token:
            return 1 << flag.bit
    number = _number(token, expression)
    if number is None:
        raise BadBitsExpression(
            f"bits expression {quoted(expression)}: {quoted(token)} is neither a flag name of {table.label} "
            "nor a number"
        )
    return number


def _names_mask(part: str, table: KpfTable, expression: str, include_negated: bool) -> int:
    mask = 0
    for token in part.split(","):
        if token.startswith("~"):
            if include_negated:
                mask |= _flag_mask(token[1:], table, expression)
            continue
        mask |= _flag_mask(token, table, expression)
    return mask


def parse_bits(expression: str, kernel: str | Release | None = None, *, table: KpfTable | None = None) -> BitsFilter:
    """Parses one ``-b`` expression against a release's flag names (default: the running
    kernel's), or an explicit ``table=``'s.

    >>> f = parse_bits("anon,~mmap", kernel="6.18")
    >>> f.matches(0x1000), f.matches(0x1800)
    (True, False)
    """
    table = table_for(kernel, table)
    if not expression:
        raise BadBitsExpression("bits expression is empty")
    before, equals, after = expression.partition("=")
    if equals and not before:
        mask, bits = ALL_BITS, _names_mask(after, table, expression, False)
    elif equals:
        mask = _names_mask(before, table, expression, False)
        bits = _names_mask(after.split("=", 1)[0], table, expression, False)
    elif "~" in expression:
        mask = _names_mask(expression, table, expression, True)
        bits = _names_mask(expression, table, expression, False)
    else:
        mask, bits = _names_mask(expression, table, expression, False), ALL_BITS
    return BitsFilter(expression, mask, bits)


def parse_bits_list(
    expressions: Iterable[str], kernel: str | Release | None = None, *, table: KpfTable | None = None
) -> tuple[BitsFilter, ...]:
    """Several ``-b`` expressions (page-types ANDs them).

    >>> [hex(f.mask) for f in parse_bits_list(['anon', 'lru'], kernel='6.18')]
    ['0x1000', '0x20']
    """
    return tuple(parse_bits(e, kernel, table=table) for e in expressions)
