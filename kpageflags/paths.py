"""Paths as users give them: the one check every path argument passes before it is opened."""

from __future__ import annotations

from .errors import UsageError, quoted


def checked_path(text: str, what: str) -> str:
    """The path as given, unless it holds a NUL byte, which no path can (the system calls would
    refuse it with a ValueError rather than an error a user can read).

    >>> checked_path("/proc/kpageflags", "-F")
    '/proc/kpageflags'
    >>> checked_path("a\\x00b", "-F")
    Traceback (most recent call last):
    ...
    kpageflags.errors.UsageError: -F 'a\\x00b' holds a NUL byte, which no path can
    """
    if "\x00" in text:
        raise UsageError(f"{what} {quoted(text)} holds a NUL byte, which no path can")
    return text
