"""Bytes written beneath a text output: lines built as ASCII bytes, and file names as the
file system spells them, go to its binary stream where its encoding lets them."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

_ASCII = "".join(map(chr, range(128)))


def ascii_beneath(out: TextIO) -> BinaryIO | None:
    """The binary stream beneath a text output, where its encoding writes ASCII as ASCII bytes
    (not, say, as UTF-16): bytes written there read as the text they spell. None where there is
    no such stream (io.StringIO, a UTF-16 output)."""
    binary = getattr(out, "buffer", None)
    try:
        passes = _ASCII.encode(getattr(out, "encoding", None) or "ascii") == _ASCII.encode("ascii")
    except LookupError:
        return None
    return binary if passes else None


def write_with_name(out: TextIO, name: str, after: str) -> None:
    """``name`` (a path) and then the ASCII text ``after``. The name goes out as the bytes the
    file system holds, as the kernel's tools print it, where the output's binary stream takes
    them; else as text the output can encode, with what it cannot as backslash escapes."""
    binary = ascii_beneath(out)
    if binary is not None:
        out.flush()
        binary.write(os.fsencode(name) + after.encode("ascii"))
        return
    encoding = getattr(out, "encoding", None)
    if encoding:
        readable = os.fsencode(name).decode("utf-8", "backslashreplace")
        name = readable.encode(encoding, "backslashreplace").decode(encoding)
    out.write(name + after)
