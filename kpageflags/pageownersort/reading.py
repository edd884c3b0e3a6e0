"""Cutting the dump into blocks as page_owner_sort's read_block() does.

One small entry point, ``read_blocks``, so that the shared page_owner record reader can take
its place later."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import repeat

from ..errors import BadPageOwnerDump

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from ..pageowner.reading import Readable

# read_block()'s buffer: a block that fills it ends the C tool's reading altogether.
BUF_SIZE = 128 * 1024


Block = tuple[bytes, bytes]
"""A record's text without its PFN lines, and the PFN line the allocator test looks at
(the C tool keeps the last one it saw, so a block without one inherits its predecessor's).
A plain tuple: a named one costs a Python call for each of millions of blocks."""


class ReadReport:
    """What the C tool would lose, for our note on stderr (a plain class, not a dataclass: the
    command starts faster without importing dataclasses)."""

    def __init__(self) -> None:
        self.stopped_at_full_buffer = False
        self.unterminated_last_block = False
        self.cut_header: str | None = None
        """The input's last line when it is a record's header cut short (the fixed tool drops it)."""
        self.cut_short = False
        """Whether the input's last line ends without a newline: the kernel ends every line with
        one, so the copy was cut short."""
        self.notes: list[str] = []


def read_blocks(stream: Readable, faithful: bool, report: ReadReport) -> Iterator[Block]:
    """Blocks end at an empty line. ``faithful``: as the C tool, stop at a block over
    BUF_SIZE and drop a last block with no empty line after it; otherwise keep both.

    The input is read a CHUNK at a time and cut at its empty lines. A block that is small and
    has no NUL byte (every block of a real dump) is then what fgets() would make of it; other
    blocks, and the end of the input, go through fgets() line by line (``_LineReader``)."""
    reader = _LineReader(faithful, report)
    carry = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        data = carry + chunk if carry else chunk
        cut = data.rfind(b"\n\n")
        if cut < 0:
            carry = data
            if len(carry) > LONG_BLOCK:
                # No empty line for long: line by line from here on.
                yield from reader.blocks(_stream_lines(carry, stream, faithful), last=True)
                return
            continue
        carry = data[cut + 2 :]
        whole = data[: cut + 2]
        blocks = _plain_blocks(whole)
        if blocks is not None:
            yield from reader.plain(blocks)
            continue
        for block in _cut(whole):
            if len(block) < SMALL_BLOCK and b"\0" not in block:
                yield reader.small(block)
            else:
                yield from reader.blocks(_stream_lines(block + b"\n", None, faithful))
            if reader.stopped:
                return
    yield from reader.blocks(_stream_lines(carry, None, faithful), last=True)


# Bytes read at a time.
CHUNK = 1 << 20
# A block shorter than this (its lines with their newlines) fits fgets()'s buffer whole.
SMALL_BLOCK = BUF_SIZE - 2
# Bytes without an empty line after which the rest is read line by line.
LONG_BLOCK = 4 * BUF_SIZE
# A record's text the fixed tool keeps at most: none is near it, so more is not a dump.
MAX_RECORD = 64 << 20


def _plain_blocks(data: bytes) -> list[bytes] | None:
    """The blocks of ``data`` (which ends with an empty line), each without its last newline,
    when each is small, has no NUL byte and is not empty, as in every chunk of a real dump;
    else None."""
    if b"\0" in data:
        return None
    blocks = data.split(b"\n\n")
    if blocks.pop():  # not empty after the last empty line: the data ends with three newlines
        return None
    # An empty block, or one that starts with a newline (after three in a row), sorts first
    # (or after those that start with a control character below the newline): whether the
    # smallest starts above the newline tells there are none, without a search for them.
    first = min(blocks)
    if not first or first[0] <= ord("\n") or max(map(len, blocks)) >= SMALL_BLOCK - 1:
        return None
    return blocks


def _cut(data: bytes) -> Iterator[bytes]:
    """The blocks of ``data``, which ends with an empty line: each with its lines' newlines.
    An empty line after another is an empty block, as read_block() returns for it; so is each
    empty line at the start (``data`` starts after an empty line or at the input's start)."""
    text = data.lstrip(b"\n")
    yield from repeat(b"", len(data) - len(text))
    start = 0
    for separator in _EMPTY_LINES.finditer(text):
        yield text[start : separator.start() + 1]
        # The run's first newline ends a line, its second ends the block: more are empty blocks.
        yield from repeat(b"", separator.end() - separator.start() - 2)
        start = separator.end()


_EMPTY_LINES = re.compile(rb"\n\n+")


def _stream_lines(head: bytes, stream: Readable | None, faithful: bool) -> Iterator[bytes]:
    """The lines, with their newlines, of ``head`` and then of what is left of ``stream``. A
    line that grows past BUF_SIZE ends a faithful reading (fgets() fills the buffer with it);
    past MAX_RECORD, it is no dump."""
    rest = head
    while True:
        lines = rest.split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line + b"\n"
        if faithful and len(rest) > BUF_SIZE:
            yield rest
            return
        if len(rest) > MAX_RECORD:
            raise BadPageOwnerDump(f"a line of over {MAX_RECORD >> 20} MiB: not a page_owner dump")
        chunk = stream.read(CHUNK) if stream is not None else b""
        if not chunk:
            break
        rest += chunk
    if rest:
        yield rest


class _LineReader:
    """read_block() as the C tool runs it, fgets() by fgets(). It keeps the PFN line last seen
    from block to block, and whether a faithful reading stopped."""

    def __init__(self, faithful: bool, report: ReadReport) -> None:
        self.faithful, self.report = faithful, report
        self.pfn_line = b""
        self.stopped = False

    def plain(self, blocks: list[bytes]) -> list[Block]:
        """Blocks that fit the buffer and have no NUL byte, each without its last newline. A
        block with one PFN line, neither first nor last (every block of a real dump), is cut
        here at once; the others go through small(). A list: a chunk's blocks are cut in one
        loop, not one generator step each."""
        cut: list[Block] = []
        append, small = cut.append, self.small
        pfn_line = self.pfn_line
        for block in blocks:
            at = block.find(b"\nPFN")
            end = block.find(b"\n", at + 1)
            if at < 0 or end < 0 or block.startswith(b"PFN") or block.find(b"\nPFN", end) >= 0:
                self.pfn_line = pfn_line  # a block without a PFN line takes the last one seen
                append(small(block + b"\n"))
                pfn_line = self.pfn_line
                continue
            pfn_line = block[at + 1 : end + 1]
            append((block[: at + 1] + block[end + 1 :] + b"\n", pfn_line))
        self.pfn_line = pfn_line
        return cut

    def small(self, block: bytes) -> Block:
        """A block that fits the buffer and has no NUL byte: its text without its PFN lines."""
        while block.startswith(b"PFN"):
            end = block.index(b"\n") + 1  # the block's last line has its newline
            self.pfn_line = block[:end]
            block = block[end:]
        at = block.find(b"\nPFN")
        while at >= 0:
            end = block.index(b"\n", at + 1)
            self.pfn_line = block[at + 1 : end + 1]
            block = block[: at + 1] + block[end + 1 :]
            at = block.find(b"\nPFN", at)
        return block, self.pfn_line

    def blocks(self, lines: Iterable[bytes], last: bool = False) -> Iterator[Block]:
        """The blocks of ``lines`` (with their newlines); ``last``: the input ends with them."""
        parts: list[bytes] = []
        used = 0
        line = b""
        for line in lines:
            for piece in _fgets_pieces(line, used, self.faithful):
                if piece.startswith(b"\n"):
                    yield b"".join(parts), self.pfn_line
                    parts, used = [], 0
                    continue
                if piece.startswith(b"PFN"):
                    self.pfn_line = piece.split(b"\0", 1)[0]
                    continue
                kept = piece.split(b"\0", 1)[0]
                parts.append(kept)
                used += len(kept)
                if self.faithful and used >= BUF_SIZE - 1:
                    self.report.stopped_at_full_buffer = True
                    self.stopped = True
                    return
                if used > MAX_RECORD:
                    raise BadPageOwnerDump(f"a record of over {MAX_RECORD >> 20} MiB: not a page_owner dump")
        if last and line and not line.endswith(b"\n"):
            self.report.cut_short = True
        if parts and last:
            from ..pageowner.records import is_cut_header  # here: only a cut input's last line needs the parser

            if not self.faithful and is_cut_header(parts[-1].rstrip(b"\n").decode("utf-8", "replace")):
                # A fragment such as "Page " would be a record of 0 pages with no stack.
                self.report.cut_header = parts.pop().rstrip(b"\n").decode("utf-8", "replace")
                if not parts:
                    return
            self.report.unterminated_last_block = True
            if not self.faithful:
                yield b"".join(parts), self.pfn_line


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
