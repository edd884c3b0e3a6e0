"""Exceptions raised for bad input; each message is one line meant for a user."""

from __future__ import annotations


class KpageflagsError(ValueError):
    """Base of every error kpageflags raises for bad input."""


class UnknownRelease(KpageflagsError):
    """A kernel release that is not a covered mainline release or a point release of one."""


class UnknownFlag(KpageflagsError):
    """A flag name that the release's tables do not define."""


class BadBitsExpression(KpageflagsError):
    """A page-types ``-b`` expression with a token that is neither a flag name nor a number."""


class BadValue(KpageflagsError):
    """A value that is not a 64-bit unsigned number."""


class PagemapFormatError(KpageflagsError):
    """A pagemap entry that cannot be read with the layout its release used."""
