"""Exceptions raised for bad input; each message is one line meant for a user."""

from __future__ import annotations


class KpageflagsError(ValueError):
    """Base of every error kpageflags raises for bad input.

    >>> from kpageflags import decode
    >>> try:
    ...     decode(1, kernel='9.9')
    ... except KpageflagsError as error:
    ...     print(type(error).__name__)
    UnknownRelease
    """


class UnknownRelease(KpageflagsError):
    """A kernel release that is not a covered mainline release or a point release of one.

    >>> from kpageflags import parse_release
    >>> try:
    ...     parse_release('2.4.37')
    ... except UnknownRelease as error:
    ...     print(str(error)[:39])
    kernel release '2.4.37' is not covered;
    """


class UnknownFlag(KpageflagsError):
    """A flag name that the release's tables do not define.

    >>> from kpageflags import kpf_table
    >>> try:
    ...     kpf_table('6.18').bit_of('frozen')
    ... except UnknownFlag as error:
    ...     print(error)
    'frozen' is not a flag in 6.18
    """


class BadBitsExpression(KpageflagsError):
    """A page-types ``-b`` expression with a token that is neither a flag name nor a number.

    >>> from kpageflags import parse_bits
    >>> try:
    ...     parse_bits('anon,blue', kernel='6.18')
    ... except BadBitsExpression as error:
    ...     print(error)
    bits expression 'anon,blue': 'blue' is neither a flag name of 6.18 nor a number
    """


class BadValue(KpageflagsError):
    """A value that is not a 64-bit unsigned number.

    >>> from kpageflags import decode
    >>> try:
    ...     decode(1 << 64, kernel='6.18')
    ... except BadValue as error:
    ...     print(error)
    18446744073709551616 is not a 64-bit unsigned value
    """


class PagemapFormatError(KpageflagsError):
    """A pagemap entry that cannot be read with the layout its release used.

    >>> from kpageflags import decode_pagemap
    >>> try:
    ...     decode_pagemap(1 << 63, '3.0')
    ... except PagemapFormatError as error:
    ...     print(str(error)[:53])
    pagemap entry 0x8000000000000000 has no page shift in
    """
