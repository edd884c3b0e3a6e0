"""Opening a page_owner dump: a saved file, ``-`` (standard input), a gzip file (found by its
magic bytes, whatever its name), or the live ``/sys/kernel/debug/page_owner``.

``open_dump(source)`` checks the input once, on its first ``PROBE`` bytes: a directory, binary
data, or text with no record in it is a one-line ``BadPageOwnerDump`` (exit status 2), before
any record is read. Lines then come in chunks of ``CHUNK`` bytes, each split at once, so memory
stays flat whatever the file's size; a line longer than ``MAX_LINE`` (the kernel prints none
near it) or binary data later on is the same one-line error, never an unbounded read.

The debugfs file reads as size 0 and is root-only; when it is missing the error says how to
get it (``CONFIG_PAGE_OWNER=y``, ``page_owner=on`` on the kernel command line, debugfs
mounted).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import TracebackType

from ..errors import BadPageOwnerDump, KpageflagsError, environment_problem, quoted, unreadable_file
from .header import HEADER_START

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import BinaryIO, Literal, Protocol

    from .records import PageOwnerRecord, StackCount, StrayText

    Kind = Literal["page_owner", "stacks"]
    Wanted = Literal["page_owner", "stacks", "either"]

    class Readable(Protocol):
        def read(self, size: int = -1, /) -> bytes: ...

        def close(self) -> None: ...


LIVE = "/sys/kernel/debug/page_owner"
STACKS_DIR = "/sys/kernel/debug/page_owner_stacks"
DEBUGFS = "/sys/kernel/debug"
PROBE = 1 << 16
CHUNK = 1 << 20
MAX_LINE = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
STACKS_STARTS = ("handle: ", "nr_base_pages: ", "stack_count: ")
ENABLE_HINT = (
    "page_owner needs a kernel built with CONFIG_PAGE_OWNER=y, booted with page_owner=on, "
    "and debugfs mounted (mount -t debugfs none /sys/kernel/debug)"
)


class Dump:
    """An opened dump: ``lines()`` yields its lines without newlines, once."""

    def __init__(self, name: str, stream: Readable, first: bytes, opened: BinaryIO | None, kind: Kind) -> None:
        self.name = name
        self._stream = stream
        self._first = first
        self._opened = opened
        self.kind = kind
        """What the dump is: a page_owner file, or one of page_owner_stacks/."""
        self.cut_short = False
        """Whether, once read, its last line turned out to end without a newline: the kernel
        ends every line with one, so the copy was cut short."""

    @property
    def prints_stacks(self) -> bool:
        """Whether its first lines hold a stack (``show_handles`` prints none)."""
        return any(line[:1] == b" " for line in self._first.split(b"\n"))

    def __enter__(self) -> Dump:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stream.close()
        if self._opened is not None:
            self._opened.close()

    def raw(self) -> Readable:
        """Its bytes from the start (uncompressed), for a reader of its own; or ``lines()``."""
        return _Prepended(self._first, _Checked(self.name, self._stream))

    def lines(self) -> Iterator[str]:
        for batch in self.line_batches():
            yield from batch

    def line_batches(self) -> Iterator[list[str]]:
        """Its lines without their newlines, in lists of those read at once."""
        rest = b""
        number = 0
        for chunk in self._chunks():
            if b"\0" in chunk:
                raise BadPageOwnerDump(f"{self.name}: binary data after line {number}: not a page_owner dump")
            data = rest + chunk if rest else chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                self._check_length(len(rest), number + 1)
                continue
            lines = data[:cut].decode("utf-8", "surrogateescape").split("\n")
            rest = data[cut + 1 :]
            longest = max(map(len, lines))
            if longest > MAX_LINE:
                at = number + 1 + next(i for i, line in enumerate(lines) if len(line) == longest)
                self._check_length(longest, at)
            self._check_length(len(rest), number + len(lines) + 1)
            number += len(lines)
            yield lines
        if rest:
            self.cut_short = True
            yield [rest.decode("utf-8", "surrogateescape")]

    def _check_length(self, length: int, line: int) -> None:
        if length > MAX_LINE:
            raise BadPageOwnerDump(
                f"{self.name}: line {line} is longer than {MAX_LINE} bytes, which no page_owner line is: "
                "the dump is damaged or not one"
            )

    def _chunks(self) -> Iterator[bytes]:
        if self._first:
            yield self._first
        stream = _Checked(self.name, self._stream)
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            yield chunk


class _Checked:
    """A dump's stream whose read errors are one-line errors: a .gz corrupt or cut short is
    bad input, a failed read of the file the machine's problem."""

    def __init__(self, name: str, stream: Readable) -> None:
        self.name, self._stream = name, stream

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._stream.read(size)
        except OSError as error:
            raise environment_problem(f"{self.name}: {error.strerror or error}", error.errno) from None

    def close(self) -> None:
        self._stream.close()


def open_dump(source: str, kind: Wanted = "page_owner") -> Dump:
    """Opens and checks a dump; ``source`` is a path, ``-`` for standard input, or the live
    debugfs file. ``kind`` is ``stacks`` for the page_owner_stacks files, ``either`` for
    whichever the text is (``Dump.kind`` says which)."""
    name = "standard input" if source == "-" else source
    opened = _open(source)
    try:
        stream, first = _probe(name, sys.stdin.buffer if opened is None else opened)
        found = _check(name, first, kind)
    except BaseException:
        if opened is not None:
            opened.close()
        raise
    if opened is None:
        return Dump(name, _Unclosed(stream), first, None, found)
    return Dump(name, stream, first, opened, found)


def read_records(source: str) -> Iterator[PageOwnerRecord | StrayText]:
    """The records of a page_owner dump (see ``open_dump`` and ``parse_records``)."""
    from .records import parse_line_batches  # here: opening a dump (page-owner-sort) parses no record

    with open_dump(source) as dump:
        yield from parse_line_batches(dump.line_batches())


def read_stacks(source: str) -> Iterator[StackCount]:
    """The blocks of a page_owner_stacks file (``show_stacks`` and the others)."""
    from .records import parse_stacks

    with open_dump(source, "stacks") as dump:
        yield from parse_stacks(dump.lines())


def _open(source: str) -> BinaryIO | None:
    """The file named, or None for standard input (which is not ours to close)."""
    if source == "-":
        return None
    try:
        return open(source, "rb")  # the Dump closes it
    except IsADirectoryError:
        raise BadPageOwnerDump(f"{quoted(source)} is a directory, not a page_owner dump") from None
    except OSError as error:
        raise open_error(source, error) from None
    except ValueError:
        # open() refuses a name with a NUL byte, which no file can have.
        raise BadPageOwnerDump(f"{quoted(source)}: no file is named with a NUL byte") from None


def open_error(source: str, error: OSError) -> KpageflagsError:
    """The one-line error for a dump that cannot be opened; for a debugfs file, what to do."""
    reason = error.strerror or str(error)
    # An unreadable debugfs file is the input given being unreadable: exit 2, as bad input, with
    # what to do about it (the page_owner issue asks it of every bad input).
    if source.startswith(DEBUGFS):
        if isinstance(error, FileNotFoundError):
            mounted = os.path.ismount(DEBUGFS)
            why = "page_owner is not enabled in this kernel" if mounted else "debugfs is not mounted"
            return BadPageOwnerDump(f"{source}: {why}; {ENABLE_HINT}")
        if isinstance(error, PermissionError):
            return BadPageOwnerDump(f"{source}: {reason}; the debugfs files of page_owner are root-only")
    return unreadable_file(source, error, f"cannot read {source}: {reason}")


def _probe(name: str, stream: Readable) -> tuple[Readable, bytes]:
    """The first bytes (of the uncompressed text for a gzip file) and the stream to go on with."""
    try:
        first = _read_some(stream, PROBE)
        if first[:2] == GZIP_MAGIC:
            stream = _Gunzipped(name, _Prepended(first, stream))
            first = _read_some(stream, PROBE)
    except IsADirectoryError:
        raise BadPageOwnerDump(f"{quoted(name)} is a directory, not a page_owner dump") from None
    except OSError as error:
        raise open_error(name, error) from None
    return stream, first


def _read_some(stream: Readable, size: int) -> bytes:
    """Up to ``size`` bytes: a pipe or debugfs gives less a read, so read until enough or EOF."""
    parts: list[bytes] = []
    have = 0
    while have < size:
        part = stream.read(size - have)
        if not part:
            break
        parts.append(part)
        have += len(part)
    return b"".join(parts)


def _check(name: str, first: bytes, kind: Wanted) -> Kind:
    """What the first bytes are, if they are what is wanted; else a one-line error."""
    if not first:
        raise BadPageOwnerDump(f"{name} is empty: no page_owner records")
    if b"\0" in first:
        raise BadPageOwnerDump(f"{name} holds binary data, not a page_owner dump")
    lines = first.decode("utf-8", "surrogateescape").split("\n")
    if len(first) == PROBE and len(lines) > 1:
        lines.pop()  # cut off mid-line
    if max(map(len, lines)) > MAX_LINE or (len(lines) == 1 and len(first) == PROBE):
        raise BadPageOwnerDump(f"{name}: its first line is longer than {MAX_LINE} bytes: not a page_owner dump")
    records = any(line.startswith(HEADER_START) for line in lines)
    if records and kind != "stacks":
        return "page_owner"
    if (
        not records
        and kind != "page_owner"
        and any(line[:1] == " " or line.startswith(STACKS_STARTS) for line in lines)
    ):
        return "stacks"
    if kind == "stacks":
        why = "it holds page_owner records" if records else "no stack, handle or nr_base_pages line"
        raise BadPageOwnerDump(f"{name} is not a page_owner_stacks file: {why}")
    also = " nor a page_owner_stacks file (no stack, handle or nr_base_pages line)" if kind == "either" else ""
    raise BadPageOwnerDump(
        f"{name} is not a page_owner dump: no 'Page allocated via order' line in its first {len(first)} bytes{also}"
    )


class _Unclosed:
    """Standard input, read through but left open for whoever else reads it."""

    def __init__(self, stream: Readable) -> None:
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        return None


class _Gunzipped:
    """The text of a gzip dump; data corrupt or cut short is bad input, in one line. (gzip is
    imported for a gzip dump only: it is a twentieth of a small page-owner-sort's start-up.)"""

    def __init__(self, name: str, stream: Readable) -> None:
        import gzip
        import zlib
        from typing import cast  # here too: typing is a tenth of a short command's start-up

        self.name = name
        self._file = gzip.GzipFile(fileobj=cast("BinaryIO", stream), mode="rb")
        self._corrupt = (EOFError, gzip.BadGzipFile, zlib.error)

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._file.read(size)
        except self._corrupt as error:
            raise BadPageOwnerDump(f"{self.name}: the gzip data is corrupt or cut short ({error})") from None

    def close(self) -> None:
        self._file.close()


class _Prepended:
    """A stream whose first bytes were already read: gzip needs to see them again."""

    def __init__(self, first: bytes, rest: Readable) -> None:
        self._first = first
        self._rest = rest

    def read(self, size: int = -1, /) -> bytes:
        if self._first:
            if size < 0 or size >= len(self._first):
                head, self._first = self._first, b""
                return head + (self._rest.read(size - len(head)) if size >= 0 else self._rest.read())
            head, self._first = self._first[:size], self._first[size:]
            return head
        return self._rest.read(size)

    def close(self) -> None:
        self._rest.close()
