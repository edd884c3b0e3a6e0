"""What page_owner_sort -d writes on standard error: a message each time a field's regular
expression finds nothing, or finds what strtol/strtoull refuse, in the order the release's
add_list() reads the fields of a block.

The C tool prints the block as it holds it: its text without PFN lines, then the empty line
that ended it. Checked against the C tools of 5.19 and 7.3; the order of 6.1 to 6.6 (both
times read first) follows the "fix -f option" patch, that of 6.7 to 7.2 the 7.3 text before
its three changes (spec/page_owner_sort.yaml), neither built."""

from __future__ import annotations

import re

from . import fields
from .options import Options
from .tool import SortTool

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import TextIO

# 7.3's buffers: a field whose text does not fit is "too long" and reads as missing.
FIELD_BUFF = 25
TASK_COMM_LEN = 16


class DebugTrace:
    """The messages of one release's tool, block by block (``block``), for a tool with -d."""

    def __init__(self, options: Options, tool: SortTool, err: TextIO) -> None:
        self.options = options
        self.err = err
        self.merge_repeated = tool.has("merge_repeated_neighbour")
        self.free_ts = tool.has("free_ts_options")
        # 6.1 to 6.6 read both times of every block before any filter ("fix -f option").
        self.times_first = self.free_ts and not tool.has("free_filter_drops_every_freed")
        self.bounded = tool.has("unreadable_comm_stops")
        self.ts_pattern = fields.TS_WITH_COMMA if tool.has("ts_needs_comma") else fields.TS
        self.last: bytes | None = None

    def block(self, text: bytes) -> None:
        """The messages add_list() writes for a block (before the loader keeps or drops it)."""
        buf = text + b"\n"
        if self.merge_repeated and self.last == text:
            self._order(buf)
            return
        if not self._wanted(text, buf):
            return
        self._number(buf, fields.PID, "wrong/invalid pid", fields.LONG_MAX)
        self._number(buf, fields.TGID, "wrong/invalid tgid", fields.LONG_MAX)
        if not self._comm(buf):
            return  # 7.3 stops here
        self._order(buf)
        self._number(buf, self.ts_pattern, "wrong ts_nsec", fields.U64_MAX)
        if self.free_ts:
            self._number(buf, fields.FREE_TS, "wrong free_ts_nsec", fields.U64_MAX)
        if self.merge_repeated:
            self.last = text

    def _wanted(self, text: bytes, buf: bytes) -> bool:
        """is_need() (filter_record() from 7.3) with its messages; whether the block is kept."""
        options = self.options
        if self.times_first:
            self._number(buf, self.ts_pattern, "wrong ts_nsec", fields.U64_MAX)
            self._number(buf, fields.FREE_TS, "wrong free_ts_nsec", fields.U64_MAX)
        elif options.free_filter:
            self._number(buf, fields.FREE_TS, "wrong free_ts_nsec", fields.U64_MAX)
        if options.free_filter and not self.times_first and fields.timestamp(fields.FREE_TS, text) != 0:
            return False
        if options.free_filter and self.times_first:
            free_ts = fields.timestamp(fields.FREE_TS, text)
            if free_ts != 0 and fields.timestamp(self.ts_pattern, text) < free_ts:
                return False
        if options.pids is not None:
            self._number(buf, fields.PID, "wrong/invalid pid", fields.LONG_MAX)
            if fields.pid_like(fields.PID, text) not in [fields.wrap_int(pid) for pid in options.pids]:
                return False
        if options.tgids is not None:
            self._number(buf, fields.TGID, "wrong/invalid tgid", fields.LONG_MAX)
            if fields.pid_like(fields.TGID, text) not in [fields.wrap_int(tgid) for tgid in options.tgids]:
                return False
        if self.bounded and options.names is None:
            return True
        if not self._comm(buf):
            return False
        return options.names is None or fields.comm(text).decode("latin-1") in options.names

    def _comm(self, buf: bytes) -> bool:
        """get_comm(): whether a name was read (before 7.3 a missing one reads as empty)."""
        found = self._search(fields.COMM, buf, TASK_COMM_LEN)
        return found is not None or not self.bounded

    def _order(self, buf: bytes) -> None:
        digits = self._search(fields.ORDER, buf, FIELD_BUFF)
        if digits is None and self.bounded:
            return
        if not digits or fields.exceeds(digits, fields.LONG_MAX) or fields.wrap_int(int(digits)) > 64:
            self._say(b"wrong order in follow buf:\n", buf)

    def _number(self, buf: bytes, pattern: re.Pattern[bytes], what: str, limit: int) -> None:
        digits = self._search(pattern, buf, FIELD_BUFF)
        if digits is None and self.bounded:
            return
        if not digits or fields.exceeds(digits, limit):
            self._say(f"{what} in follow buf:\n".encode(), buf)

    def _search(self, pattern: re.Pattern[bytes], buf: bytes, size: int) -> bytes | None:
        """search_pattern(): the text matched, or None with its message."""
        match = pattern.search(buf)
        if match is None:
            self._say(b"no matching pattern in ", buf)
            return None
        if self.bounded and len(match.group(1)) >= size:
            self._say(b"pattern too long in ", buf)
            return None
        return match.group(1)

    def _say(self, words: bytes, buf: bytes) -> None:
        message = words + buf + b"\n"
        raw = getattr(self.err, "buffer", None)
        if raw is None:
            self.err.write(message.decode("utf-8", "replace"))
            return
        self.err.flush()  # the block's bytes as they are, after what was written as text
        raw.write(message)
