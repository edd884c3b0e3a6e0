"""Output files that only their owner may read: pictures, pages, snapshots and series drawn
from per-page data, where memory sits being as private as the physical addresses it comes from."""

from __future__ import annotations

import errno
import os
from typing import IO

from ..errors import UsageError, unreadable_file

PRIVATE_MODE = 0o600


def private_binary(path: str) -> IO[bytes]:
    """``path`` opened to write bytes, emptied, and readable by its owner only."""
    return os.fdopen(_private_descriptor(path), "wb")


def private_text(path: str) -> IO[str]:
    """``path`` opened to write UTF-8 text, emptied, and readable by its owner only."""
    return os.fdopen(_private_descriptor(path), "w", encoding="utf-8")


def _private_descriptor(path: str) -> int:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    except OSError as error:
        raise unreadable_file(path, error, cannot_write(path, error)) from None
    # A file that was there keeps its mode through O_CREAT: it is made private all the same.
    os.fchmod(descriptor, PRIVATE_MODE)
    return descriptor


def cannot_write(path: str, error: OSError) -> str:
    """The one wording for an output file that could not be created or written."""
    return f"cannot write {path}: {error.strerror or error}"


def check_writable(path: str) -> None:
    """Refuses an output file that cannot be written before any data is read, in the words of
    ``cannot_write``: a name that is a directory, in a directory that does not exist, or in one
    this process may not write to."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"cannot write {path}: {os.strerror(errno.EISDIR)}")
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write {path}: no directory {directory}")
    if not os.access(directory, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: {os.strerror(errno.EACCES)}")
