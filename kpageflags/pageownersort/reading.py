"""Cutting the dump into blocks as page_owner_sort's read_block() does.

One small entry point, ``read_blocks``, so that the shared page_owner record reader can take
its place later."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

# read_block()'s buffer: a block that fills it ends the C tool's reading altogether.
BUF_SIZE = 128 * 1024


@dataclass
class Block:
    """A record's text without its PFN lines, and the PFN line the allocator test looks at
    (the C tool keeps the last one it saw, so a block without one inherits its predecessor's)."""

    text: bytes
    pfn_line: bytes


@dataclass
class ReadReport:
    """What the C tool would lose, for our note on stderr."""

    stopped_at_full_buffer: bool = False
    unterminated_last_block: bool = False
    notes: list[str] = field(default_factory=list)


def read_blocks(stream: BinaryIO, faithful: bool, report: ReadReport) -> Iterator[Block]:
    """Blocks end at an empty line. ``faithful``: as the C tool, stop at a block over
    BUF_SIZE and drop a last block with no empty line after it; otherwise keep both."""
    pfn_line = b""
    parts: list[bytes] = []
    used = 0
    for line in stream:
        for piece in _fgets_pieces(line, used, faithful):
            if piece.startswith(b"\n"):
                yield Block(b"".join(parts), pfn_line)
                parts, used = [], 0
                continue
            if piece.startswith(b"PFN"):
                pfn_line = piece.split(b"\0", 1)[0]
                continue
            kept = piece.split(b"\0", 1)[0]
            parts.append(kept)
            used += len(kept)
            if faithful and used >= BUF_SIZE - 1:
                report.stopped_at_full_buffer = True
                return
    if parts:
        report.unterminated_last_block = True
        if not faithful:
            yield Block(b"".join(parts), pfn_line)


def _fgets_pieces(line: bytes, used: int, faithful: bool) -> Iterator[bytes]:
    """The pieces fgets() returns for one line when ``used`` bytes of the buffer are taken:
    a line longer than the room left comes back in several pieces."""
    if not faithful:
        yield line
        return
    start = 0
    while start < len(line):
        room = BUF_SIZE - used - 1
        if room < 1:
            return
        piece = line[start : start + room]
        yield piece
        start += len(piece)
        used += len(piece.split(b"\0", 1)[0]) if not piece.startswith((b"\n", b"PFN")) else 0
