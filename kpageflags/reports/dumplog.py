"""Finding dump_page reports in kernel log text, each with the lines that belong to it alone.

A report is found by its flags line. The release, arch and page_type that go with it are
read only from the lines of its own stretch of the log, so a log holding reports of several
kernels (or several reports of one) judges each as if it stood alone. The stretches come
from one pass over the log, so finding is linear in its length, and only the last lines of
each printer are kept (``read_log``), so memory does not grow with it. A prefix learned from
a flags line is taken off the lines up to ``_LEARN_DELAY`` before it, not the whole log.

Where one report ends and the next begins: the kernel prints the CPU line that names the
release (``CPU: 3 PID: 1 Comm: x Not tainted 6.1.0 #1``) after the dump when the dump comes
first (Bad page state, VM_BUG_ON_PAGE), or before it when a report such as KASAN's dumps the
page last. A report whose own stretch before its dump holds a CPU line took its CPU line
first; any other report owns the first CPU line after its dump, and its stretch runs until
the next line that opens another report.
"""

from __future__ import annotations

import heapq
import re
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from .dumpowner import OWNER_LEAD, DumpOwner, read_owner, starts_owner

# A timestamp a log writer put before the kernel's text: a syslog/journald date (RFC 3164
# "Mar  3 10:11:12", with microseconds from journalctl -o short-precise), an ISO 8601 one
# (RFC 5424, rsyslog, journalctl -o short-iso, dmesg --time-format iso), journalctl -o short-full
# ("Mon 2025-03-03 10:11:12 CET"), dmesg -T ("[Mon Mar  3 10:11:12 2025]") or the printk time
# ("[  12.345678]", with "@cpu" on Amlogic kernels); any may be followed by the host and "kernel:".
_TIMESTAMP = (
    r"(?:[A-Z][a-z]{2}[ ]+\d+[ ][\d:]{8}(?:\.\d+)?"
    r"|(?:[A-Z][a-z]{2}[ ])?\d{4}-\d\d-\d\d[T ][\d:]{8}(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d|[ ][A-Z]{2,5}\b)?"
    r"|\[[A-Z][a-z]{2}[ ][A-Z][a-z]{2}[ ]+\d+[ ][\d:]{8}[ ]\d{4}\]"
    r"|\[[ ]*\d+\.\d+(?:@\d+)?\])"
    r"(?:[ ]+[\w.-]+[ ]+kernel(?:\[\d+\])?:)?"
)
# Console decorations at the start of a line, in any number and order: mail quoting, /dev/kmsg
# records ("6,1234,5678,-;"), syslog priorities and RFC 5424 headers, printk levels ("<4>",
# dmesg -r), dmesg -x facilities, timestamps, a bare "kernel:", and the ids of the task or CPU
# that printed the line: printk's caller id ("[  T123]", "[    C1]"), MediaTek's "(cpu)[pid:comm]"
# and Samsung's "[cpu: comm: pid]". The caller groups name the printer, whose lines belong together.
_PREFIXES = re.compile(
    r"^(?:[ \t]*(?:>+[ ]?"
    r"|\d+,\d+,\d+,[^;,]*(?:,caller=(?P<kmsg>[TC]\d+))?[^;]*;"
    r"|<\d{1,3}>1[ ]\S+[ ]\S+[ ]kernel[ ]\S+[ ]\S+[ ](?:-|(?:\[[^\]]*\])+)[ ]?"
    r"|<\d{1,3}>"
    r"|(?:kern|user|daemon|syslog)[ ]*:(?:emerg|alert|crit|err|warn|notice|info|debug)[ ]*:[ ]?"
    rf"|{_TIMESTAMP}"
    r"|kernel(?:\[\d+\])?:"
    r"|\[[ ]*(?P<printk>[TC]\d+)\]"
    r"|(?P<mtk>\(\d+\)\[\d+:[^\]]*\])"
    r"|(?P<samsung>\[[ ]*\d+:[^\]:]*:[ ]*\d+\])"
    r"))+[ \t]?"
)
_CALLER_GROUPS = ("printk", "kmsg", "mtk", "samsung")
# A flags line anywhere in a line: what comes before it, where no known decoration matched,
# is a prefix of a kind this module does not know, learned from the line.
_FLAGS_ANYWHERE = re.compile(r"(?:(?:anon|ksm) )?(?:page )?flags: ?0x[0-9a-fA-F]+\(")
# A learned prefix holds something a message's first words do not: a digit or a bracket.
_PREFIX_LIKE = re.compile(r"[\d\[\]()<>{}|@#]")
_LEARNED_MAX_LENGTH = 64
_LEARNED_MAX_KINDS = 16
_FLAGS = re.compile(r"^(?:(anon|ksm) )?(page )?flags: ?(0x[0-9a-fA-F]+)\((.*)$")
_FLAGS_START = re.compile(r"^(?:(?:anon|ksm) )?(?:page )?flags: ?0x")
_PAGE_TYPE = re.compile(r"^page_type: ?(?:0x)?([0-9a-fA-F]+)\(([^)]*)\)")
# dump_page's first line; from 6.19 "device " stands before pfn: for a device-private folio.
_PAGE_LINE = re.compile(r"^page:.*\bindex:\S+ (device )?pfn:")
# What follows the flags' closing parenthesis: " CMA" for a page in a CMA area.
_CMA_SUFFIX = re.compile(r"\)\s*CMA\s*$")
_TAINT = re.compile(r"Not tainted|Tainted:")
# 6.x explains the taint letters on a line of their own, which names no release.
_TAINT_LEGEND = re.compile(r"^Tainted: \[")
_RELEASE = re.compile(r"(?:Not tainted|Tainted:[^\n]*?)\s+(\d+\.\d+[^\s]*)")
_RELEASE_WRAPPED = re.compile(r"(?:Not tainted|Tainted:.*)$")
_RELEASE_START = re.compile(r"^(\d+\.\d+[^\s]*)")
# The first line of a dump: the bad-page header or dump_page's own "page:" line.
_DUMP_HEAD = re.compile(r"^(?:page:|BUG: Bad page (?:state|map))")
# Lines that start something new in a log: a dump, an oops, a warning.
_OPENER = re.compile(
    r"^(?:page:|BUG: |WARNING: |Oops|kernel BUG at |general protection fault|Unable to handle |-+\[ cut here \]-+)"
)
# The first characters of the lines _OPENER matches: a plain test
# that spares the patterns on most lines.
_OPENER_INITIALS = frozenset("pBWOkgU-")
_POINTER_32 = re.compile(r"page:[0-9a-f]{8} ")
# Lines that tell the arch, in order of trust: the words one of which such a line must hold
# (a cheap test that spares the pattern on the many lines without any), the pattern, the arch.
# Register dumps first, then the CPU line's release (a distribution's flavour or package arch),
# then the hardware name. PowerPC kernels print "LE"/"BE" with NR_CPUS after an oops; POWER
# machines (pSeries, PowerNV) run little-endian distributions today, and the ppc64 preset
# has the same values, so a POWER hint with no byte order picks ppc64le.
_ARCH_HINTS = (
    (("RIP",), re.compile(r"\bRIP: ?[0-9a-f]{4}:"), "x86_64"),
    (("EIP",), re.compile(r"\bEIP: ?[0-9a-f]{4}:|\bEIP is at"), "i386"),
    (("Krnl ", "s390"), re.compile(r"^Krnl (?:PSW|GPRS) ?:|[.-]s390x\b"), "s390x"),
    (
        ("MSR:", "LE "),
        re.compile(r"^LE (?:PAGE_SIZE=|SMP\b|NR_CPUS=)|^MSR: +[0-9a-f]{16} <[^>]*\bLE>"),
        "ppc64le",
    ),
    (("NIP", "MSR:", "BE "), re.compile(r"^NIP: +[0-9a-f]{8} |^MSR: +[0-9a-f]{8} <|^BE .*PowerMac$"), "powerpc"),
    (("MSR:", "BE "), re.compile(r"^MSR: +[0-9a-f]{16} <|^BE (?:PAGE_SIZE=|SMP\b)"), "ppc64"),
    (("NIP",), re.compile(r"^NIP: +[0-9a-f]{16} "), "ppc64le"),
    (("epc", "badaddr: "), re.compile(r"^s?epc ?: |\bbadaddr: [0-9a-f]{16}"), "riscv64"),
    (("epc", "Cause :"), re.compile(r"^epc {3}: [0-9a-f]{16}\b|\bepc == [0-9a-f]{16}\b"), "mips64"),
    (
        ("ERA", "CRMD", "PRID", "era == ", "pc "),
        re.compile(r"^ *(?:ERA|CRMD|PRID): |\bera == [0-9a-f]{16}\b|^pc [0-9a-f]{16} ra [0-9a-f]{16}"),
        "loongarch64",
    ),
    (
        ("pc", "pstate: ", "ELR_EL1", "aarch64"),
        re.compile(r"^pc ?: ?\[?<?[0-9a-f]{16}|\bpstate: |\bELR_EL1\b|aarch64"),
        "arm64",
    ),
    (
        ("PC is at", "LR is at", "pc : [<", "Hardware name: BCM2", "-v7"),
        re.compile(r"\bPC is at\b|\bLR is at\b|\bpc : \[<[0-9a-f]{8}>\]|Hardware name: BCM2\d+|-v7l?\+"),
        "arm",
    ),
    # powerpc's stack dump marks a frame whose return address it cannot trust; x86 prints "? ".
    (("(unreliable)",), re.compile(r"\+0x[0-9a-f]+/0x[0-9a-f]+ \(unreliable\)"), "ppc64le"),
    (("ppc64le", "powerpc64le"), re.compile(r"[.-]ppc64le\b|-powerpc64le\b"), "ppc64le"),
    (("ppc64", "powerpc64"), re.compile(r"[.-]ppc64\b|-powerpc64\b"), "ppc64"),
    (("-powerpc",), re.compile(r"-powerpc(?:-smp)?\b"), "powerpc"),
    (("riscv64",), re.compile(r"[.-]riscv64\b"), "riscv64"),
    (("loong",), re.compile(r"[.-]loong(?:arch)?64\b"), "loongarch64"),
    (("-loongson-3", "-octeon", "mips64"), re.compile(r"-loongson-3\b|-octeon\b|[.-]mips64"), "mips64"),
    (("-arm64",), re.compile(r"\d-arm64\b"), "arm64"),
    (("-armmp",), re.compile(r"\d-armmp(?:-lpae)?\b"), "arm"),
    (("-686",), re.compile(r"\d-686(?:-pae)?\b|\.i686\b"), "i386"),
    (("-amd64",), re.compile(r"\d-amd64\b"), "x86_64"),
    (
        ("Hardware name: ",),
        re.compile(r"Hardware name: (?:IBM,|IBM pSeries|IBM PowerNV|.*\b(?:pSeries|PowerNV)$)"),
        "ppc64le",
    ),
    (("Hardware name: IBM ",), re.compile(r"Hardware name: IBM \d{4} "), "s390x"),
    (
        ("Hardware name: ",),
        re.compile(r"Hardware name: (?:riscv-|SiFive |StarFive |.*\bRISC-V\b)"),
        "riscv64",
    ),
    (
        ("Hardware name: ",),
        re.compile(r"Hardware name: .*(?:Loongson-3A[56]000|Loongson-3C[56]000|LoongArch)"),
        "loongarch64",
    ),
    (("linux,dummy-virt", "(DT)", "-v8+"), re.compile(r"Hardware name: linux,dummy-virt|\(DT\)$|-v8\+"), "arm64"),
    (
        ("x86", "QEMU Standard PC", "Bochs", "Google Compute Engine", "PowerEdge", "ProLiant"),
        re.compile(r"x86_64|\bx86-64\b|\bQEMU Standard PC\b|\bBochs\b|Google Compute Engine|PowerEdge|ProLiant"),
        "x86_64",
    ),
)
# How far from its flags line a report's release, arch and page_type may be printed.
REPORT_SPAN = 60
# How many lines before its flags line a dump may start (page:, head:, memcg:, wrapped lines).
_DUMP_LEAD = 10


class DumpReport(NamedTuple):
    """One report as the kernel printed it; ``unread`` holds the parts of its flags list that
    could not be read, such as a field with no number.

    >>> report, = find_reports('[  5.1] flags: 0x200(slab|node=0|zone=1)')
    >>> report.raw_flags, report.printed, dict(report.printed_fields)
    (512, ('slab',), {'node': 0, 'zone': 1})
    """

    line: int
    raw_flags: int
    printed: tuple[str, ...]
    printed_fields: Mapping[str, int]
    leftover: int
    prefix: str | None
    page_type: tuple[int, str] | None
    release_text: str | None
    arch: str | None
    device_private: bool = False
    """The page line marks the folio as device-private ("device pfn:")."""
    cma: bool = False
    """The flags line ends in " CMA"."""
    unread: tuple[str, ...] = ()
    quoted_printable: bool = False
    """Lines near the flags hold ``=3D`` or end in a soft line break ``=``: the report was
    pasted from a mail still in its quoted-printable transfer encoding."""
    owner: DumpOwner | None = None
    """The page_owner lines dump_page printed after the dump (``CONFIG_PAGE_OWNER``)."""


class UnreadLine(NamedTuple):
    """A line that looks like part of a report but could not be read, without its prefix."""

    line: int
    text: str


class LogScan(NamedTuple):
    """What a log holds: its reports, and the lines that look like part of a report but could
    not be read (a flags line cut short, a ``page:`` line with no flags line after it), each
    with its line number."""

    reports: list[DumpReport]
    unread: list[UnreadLine]


def clean_line(line: str) -> str:
    """The line without console prefixes (timestamps, syslog headers, quote marks, levels).

    >>> clean_line('<0>[42432.654378] flags: 0x4000000000000004(uptodate)')
    'flags: 0x4000000000000004(uptodate)'
    """
    return _split_prefix(line)[1]


def find_reports(text: str) -> list[DumpReport]:
    """Every dump_page report in ``text``, by its flags line; an empty list if there is none.

    >>> len(find_reports('no report in here'))
    0
    """
    return scan_log(text).reports


def scan_log(text: str) -> LogScan:
    r"""The reports in ``text`` and the report lines that could not be read.

    Lines are split at newlines; a carriage return (serial consoles print them) ends a line too,
    but the line numbers count newlines, as editors do. Where lines name the task or CPU that
    printed them, each printer's lines are searched apart, so a report interleaved with other
    CPUs' messages is read whole.

    >>> scan_log('<0>[ 1.0] page:ffffffbf2e50d340 count:0\n<0>[ 1.0] flags: 0x40\r\n').unread
    [UnreadLine(line=1, text='page:ffffffbf2e50d340 count:0'), UnreadLine(line=2, text='flags: 0x40')]
    """
    scan = LogScan([], [])
    for found in read_log([text]):
        if isinstance(found, DumpReport):
            scan.reports.append(found)
        else:
            scan.unread.append(found)
    return scan


def read_log(chunks: Iterable[str]) -> Iterator[DumpReport | UnreadLine]:
    r"""The reports and unreadable report lines of the log whose text comes in ``chunks``, in
    the order of their line numbers, as the log is read.

    Memory does not grow with the log: a line is kept only while a report near it may still
    need it (``_WINDOW`` lines of each printer, at most ``_MAX_PRINTERS`` printers, lines cut
    into pieces of ``_MAX_LINE`` characters), and a found item only until no earlier one can
    still be found (at most ``_MAX_HELD``).

    >>> [found.line for found in read_log(['flags: 0x8(upto', 'date)\npage:x\n'])]
    [1, 2]
    """
    log = _Log()
    for number, line in _log_lines(chunks):
        if log.add(number, line):
            yield from log.ready()
    log.close()
    yield from log.ready()


_MAX_LINE = 4096
"""A line is read in pieces of this many characters, all with its line number: a printk record
holds at most 1024, so only a line that is not the kernel's (a log with no newlines) is cut."""
_WINDOW = 2 * (REPORT_SPAN + _DUMP_LEAD + 1)
"""The lines of one printer kept: a report reads up to REPORT_SPAN lines on either side of its
flags line, and its stretch is known once REPORT_SPAN + _DUMP_LEAD lines follow it."""
_MAX_PRINTERS = 64
"""Printers whose lines are kept at once; the one heard from longest ago gives way."""
_MAX_HELD = 256
"""Found items held back until an earlier one may no longer be found; beyond it, the printer
that holds them back (a CPU gone quiet in the middle of a report) is read as if its lines ended."""
_LEARN_DELAY = REPORT_SPAN + _DUMP_LEAD + 1
"""Lines read before they are assigned to a printer, so that a prefix learned from a flags line
is taken off the lines of its report printed before it."""


def _log_lines(chunks: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Each line with its number; the pieces of a line that carriage returns (or ``_MAX_LINE``)
    split each keep the number of the line."""
    number = 1
    rest = ""
    for chunk in chunks:
        rest += chunk
        start = 0
        end = rest.find("\n")
        while end >= 0:
            line = rest[start:end]
            if "\r" in line or len(line) > _MAX_LINE:
                yield from _pieces(number, line)
            else:
                yield number, line
            number += 1
            start = end + 1
            end = rest.find("\n", start)
        rest = rest[start:]
        if len(rest) > _MAX_LINE:
            cut = len(rest) - len(rest) % _MAX_LINE
            yield from _pieces(number, rest[:cut])
            rest = rest[cut:]
    if rest:
        yield from _pieces(number, rest)


def _pieces(number: int, line: str) -> Iterator[tuple[int, str]]:
    for offset in range(0, max(len(line), 1), _MAX_LINE):
        piece = line[offset : offset + _MAX_LINE]
        if "\r" not in piece:
            yield number, piece
            continue
        parts = [part for part in piece.split("\r") if part.strip()]
        for part in parts or [""]:
            yield number, part


def _split_prefix(line: str) -> tuple[str | None, str]:
    """The caller id a line's prefix names (None if it names none), and the line without it."""
    match = _PREFIXES.match(line)
    if match is None:
        return None, line.strip()
    caller = match["printk"] or match["kmsg"] or match["mtk"] or match["samsung"]
    return caller, line[match.end() :].strip()


def _learn_prefix(body: str, learned: dict[str, None]) -> None:
    """Learns the shape of an unknown prefix from a flags line that follows one: its digits may
    change from line to line (a clock, a CPU), the rest stays."""
    if _FLAGS.match(body):
        return
    match = _FLAGS_ANYWHERE.search(body)
    if match is None or match.start() > _LEARNED_MAX_LENGTH:
        return
    prefix = body[: match.start()]
    if _PREFIX_LIKE.search(prefix):
        shape = "".join(
            r"\d+" if part[0].isdigit() else r"\s*" if part[0].isspace() else re.escape(part)
            for part in re.findall(r"\d+|\s+|.", prefix)
        )
        learned.setdefault(shape, None)


class _Log:
    """The state of reading one log: lines waiting for prefixes to be learned, each printer's
    recent lines, and found items waiting to be given out in line order."""

    def __init__(self) -> None:
        self._learned: dict[str, None] = {}
        self._shapes: re.Pattern[str] | None = None
        self._delayed: deque[tuple[int, str | None, str]] = deque()
        self._printers: OrderedDict[str | None, _Printer] = OrderedDict()
        self._current: str | None = None
        self._held: list[tuple[int, int, DumpReport | UnreadLine]] = []
        self._order = 0
        self._last_number = 0

    def add(self, number: int, line: str) -> bool:
        """Reads a line; whether found items can be given out."""
        self._last_number = number
        caller, body = _split_prefix(line)
        if "flags:" in body and len(self._learned) < _LEARNED_MAX_KINDS:
            known = len(self._learned)
            _learn_prefix(body, self._learned)
            if len(self._learned) > known:
                self._shapes = re.compile("|".join(f"(?:{shape})" for shape in self._learned))
        self._delayed.append((number, caller, body))
        if len(self._delayed) > _LEARN_DELAY:
            self._route(*self._delayed.popleft())
        return self._givable() if self._held else False

    def close(self) -> None:
        while self._delayed:
            self._route(*self._delayed.popleft())
        while self._printers:
            self._hold(self._printers.popitem(last=False)[1].close())

    def ready(self) -> Iterator[DumpReport | UnreadLine]:
        """The found items no earlier one can still come before."""
        if not self._held or not self._givable():
            return
        first = self._first_pending()
        # An item on the line of one still to come goes first: pieces of one line may be many.
        while self._held and self._held[0][0] <= first:
            yield heapq.heappop(self._held)[2]

    def _givable(self) -> bool:
        """Whether the first held item can be given out (so that most lines, which give out
        nothing, need no generator)."""
        while len(self._held) > _MAX_HELD and self._printers:
            self._close_oldest()
        return self._held[0][0] <= self._first_pending()

    def _route(self, number: int, caller: str | None, body: str) -> None:
        """Gives a line, without any learned prefix, to its printer: a line naming no printer
        goes with the line before it, a long line wrapped when it was pasted."""
        if self._shapes is not None:
            match = self._shapes.match(body)
            if match:
                named, body = _split_prefix(body[match.end() :])
                caller = caller or named
        self._current = caller or self._current
        printer = self._printers.get(self._current)
        if printer is None:
            printer = self._printers[self._current] = _Printer()
            if len(self._printers) > _MAX_PRINTERS:
                self._hold(self._printers.popitem(last=False)[1].close())
        else:
            self._printers.move_to_end(self._current)
        found = printer.add(number, body)
        if found:
            self._hold(found)

    def _hold(self, found: Sequence[DumpReport | UnreadLine]) -> None:
        for item in found:
            self._order += 1
            heapq.heappush(self._held, (item.line, self._order, item))

    def _first_pending(self) -> int:
        """The smallest line number an item still to be found may have."""
        first = self._delayed[0][0] if self._delayed else self._last_number
        for printer in self._printers.values():
            pending = printer.pending
            if pending is not None and pending < first:
                first = pending
        return first

    def _close_oldest(self) -> None:
        caller = min(self._printers, key=lambda name: self._printers[name].first_pending(self._last_number))
        self._hold(self._printers.pop(caller).close())


class _Ring:
    """The last ``size`` items of a sequence, by their index in the whole sequence."""

    def __init__(self, size: int) -> None:
        self._items: list[str] = [""] * size
        self._numbers: list[int] = [0] * size
        self._size = size
        self.count = 0

    def append(self, number: int, item: str) -> None:
        slot = self.count % self._size
        self._items[slot] = item
        self._numbers[slot] = number
        self.count += 1

    def __getitem__(self, index: int) -> str:
        return self._items[self._slot(index)]

    def number(self, index: int) -> int:
        return self._numbers[self._slot(index)]

    def _slot(self, index: int) -> int:
        if not self.count - self._size <= index < self.count:
            raise IndexError(f"line {index} is no longer kept")
        return index % self._size


class _Open:
    """The last report found in a printer's lines, and what its stretch's end depends on: the
    first CPU line after its flags line (``own``) and the first line after that one that
    opens something else (``after_own``)."""

    def __init__(self, index: int, match: re.Match[str], start: int, header_first: bool) -> None:
        self.index = index
        self.match = match
        self.start = start
        self.header_first = header_first
        self.own: int | None = None
        self.after_own: int | None = None
        self.given = False

    def follow(self, index: int, line: str) -> None:
        if self.own is None:
            if _is_taint(line):
                self.own = index
        elif self.after_own is None and (_is_taint(line) or _OPENER.match(line)):
            self.after_own = index

    def end(self, next_head: int) -> int:
        """Where its stretch ends if the next dump starts at ``next_head``: a report that printed
        its CPU line first ends at the next CPU line; any other owns the first CPU line after its
        flags and ends at the next line opening something else."""
        if self.own is None or self.own >= next_head:
            return next_head
        if self.header_first:
            return self.own
        if self.after_own is not None and self.after_own < next_head:
            return self.after_own
        return next_head


class _Printer:
    """The lines of one printer, read as they come: each report is given out once its stretch
    is known or no line still to come can change what is read of it."""

    def __init__(self) -> None:
        self._lines = _Ring(_WINDOW)
        self._open: _Open | None = None
        self._heads: deque[UnreadLine] = deque()
        self._head_indices: deque[int] = deque()
        self.pending: int | None = None
        """The line number of the earliest item this printer may still give out, if any."""

    def add(self, number: int, line: str) -> Sequence[DumpReport | UnreadLine]:
        index = self._lines.count
        self._lines.append(number, line)
        opened = self._open
        if (
            opened is not None
            and opened.after_own is None
            and ("ainted" in line or (opened.own is not None and line[:1] in _OPENER_INITIALS))
        ):
            opened.follow(index, line)
        if (
            not self._head_indices
            and (opened is None or opened.given or index < opened.index + REPORT_SPAN + _DUMP_LEAD)
            and "flags:" not in line
            and not line.startswith("page:")
        ):
            # Most lines: no dump starts here, and none waits on this line to be given out.
            return ()
        found: list[DumpReport | UnreadLine] = []
        if "flags:" in line:
            match = _FLAGS.match(line)
            if match and int(match.group(3), 16) < 1 << 64:
                self._flags_line(index, match, found)
            elif _FLAGS_START.match(line):
                found.append(UnreadLine(number, line))
        if line.startswith("page:"):
            self._heads.append(UnreadLine(number, line))
            self._head_indices.append(index)
        if self._head_indices:
            self._heads_past(index, found)
        opened = self._open
        if opened is not None and not opened.given and index >= opened.index + REPORT_SPAN + _DUMP_LEAD:
            # No dump still to come can start before where the report's reading stops.
            found.append(self._give(opened, opened.end(opened.index + _OWNER_REACH)))
        self.pending = self._pending()
        return found

    def close(self) -> list[DumpReport | UnreadLine]:
        """What is left when the printer's lines end."""
        found: list[DumpReport | UnreadLine] = list(self._heads)
        if self._open is not None and not self._open.given:
            found.append(self._give(self._open, self._lines.count))
        return found

    def first_pending(self, default: int) -> int:
        """The line number of the earliest item this printer may still give out."""
        return default if self.pending is None else min(self.pending, default)

    def _pending(self) -> int | None:
        first = self._heads[0].line if self._heads else None
        if self._open is not None and not self._open.given:
            opened = self._lines.number(self._open.index)
            first = opened if first is None else min(first, opened)
        return first

    def _flags_line(self, index: int, match: re.Match[str], found: list[DumpReport | UnreadLine]) -> None:
        # A page: line is read as this dump's head when it is within the dump's lead.
        self._heads.clear()
        self._head_indices.clear()
        previous = self._open
        head = _dump_head(self._lines, index, -1 if previous is None else previous.index)
        start = 0
        if previous is not None:
            start = previous.end(head)
            if not previous.given:
                found.append(self._give(previous, start))
        header_first = any(_is_taint(self._lines[at]) for at in range(max(start, head - REPORT_SPAN), head))
        self._open = _Open(index, match, start, header_first)

    def _heads_past(self, index: int, found: list[DumpReport | UnreadLine]) -> None:
        """The page: lines no flags line followed within a dump's lead (a poisoned page's dump
        prints none; a log cut short loses it)."""
        while self._head_indices and self._head_indices[0] + _DUMP_LEAD <= index:
            self._head_indices.popleft()
            found.append(self._heads.popleft())

    def _give(self, opened: _Open, end: int) -> DumpReport:
        opened.given = True
        lines, index = self._lines, opened.index
        return _report(lines, index, opened.match, opened.start, min(end, index + REPORT_SPAN + 1), end)


def _is_taint(line: str) -> bool:
    # Both spellings hold "ainted": a plain test spares the patterns on most lines.
    return "ainted" in line and _TAINT.search(line) is not None and not _TAINT_LEGEND.match(line)


def _dump_head(lines: _Ring, flags_index: int, previous_flags: int) -> int:
    """The first line of the dump whose flags line is at ``flags_index``."""
    head = flags_index
    for index in range(flags_index - 1, max(previous_flags, flags_index - _DUMP_LEAD - 1), -1):
        if _DUMP_HEAD.match(lines[index]):
            head = index
    return head


def _stretch_end(lines: _Ring, flags_index: int, next_head: int, header_first: bool) -> int:
    """Where the stretch of the report at ``flags_index`` ends, at the latest where the next dump
    starts (``next_head``): a report that printed its CPU line first ends at the next CPU line;
    any other owns the first CPU line after its flags and ends at the next line opening
    something else."""
    taints = (index for index in range(flags_index + 1, next_head) if _is_taint(lines[index]))
    own = next(taints, None)
    if own is None:
        return next_head
    if header_first:
        return own
    for index in range(own + 1, next_head):
        if _is_taint(lines[index]) or _OPENER.match(lines[index]):
            return index
    return next_head


def _nearest_first(flags_index: int, start: int, end: int) -> list[int]:
    """The line numbers of the stretch [start, end) near the flags line, nearest first."""
    order = [flags_index]
    for distance in range(1, REPORT_SPAN):
        before, after = flags_index - distance, flags_index + distance
        if before < start and after >= end:
            break
        if before >= start:
            order.append(before)
        if after < end:
            order.append(after)
    return order


_OWNER_REACH = REPORT_SPAN + _DUMP_LEAD + 1
"""Lines after its flags line a report's page_owner part may reach: all those still kept when the
report is given out (two stacks of 16 frames fit, with syzbot's inlined calls mostly)."""


def _report(lines: _Ring, index: int, match: re.Match[str], start: int, end: int, stretch_end: int) -> DumpReport:
    prefix, _, hex_value, rest = match.groups()
    # A wrapped line continues on the next ones until the closing parenthesis.
    joined = rest
    follow = index + 1
    while ")" not in joined and follow < end and follow <= index + 2:
        joined += lines[follow]
        follow += 1
    inside = joined.rsplit(")", 1)[0] if ")" in joined else joined
    raw_flags = int(hex_value, 16)
    names, fields, leftover, unread = _parse_names(inside)
    nearby = _nearest_first(index, start, end)
    arch = _arch(lines, nearby)
    if raw_flags < 1 << 32 and arch in ("x86_64", "arm64") and index and _POINTER_32.search(lines[index - 1]):
        # A 32-bit page pointer: the 64-bit hint came from something else.
        arch = None
    return DumpReport(
        lines.number(index),
        raw_flags,
        names,
        MappingProxyType(fields),
        leftover,
        prefix,
        _page_type(lines, index, end),
        _release(lines, nearby, end),
        arch,
        _device_private(lines, index, start),
        _CMA_SUFFIX.search(joined) is not None,
        unread,
        _quoted_printable(lines, nearby),
        _owner(lines, index, min(stretch_end, index + _OWNER_REACH)),
    )


def _owner(lines: _Ring, flags_index: int, end: int) -> DumpOwner | None:
    """The page_owner part of the dump whose flags line is at ``flags_index``, if it has one."""
    for index in range(flags_index + 1, min(end, flags_index + 1 + OWNER_LEAD)):
        if starts_owner(lines[index]):
            return read_owner(lines.__getitem__, lines.number, index, end)
    return None


def _quoted_printable(lines: _Ring, nearby: Sequence[int]) -> bool:
    """Whether the report's lines carry quoted-printable marks. A kernel prints neither ``=3D``
    nor a line that ends in ``=``; decoding them here could change what it did print."""
    for index in nearby:
        line = lines[index].rstrip()
        if "=3D" in line or line.endswith("="):
            return True
    return False


def _device_private(lines: _Ring, flags_index: int, start: int) -> bool:
    """Whether the page line of the dump whose flags line is at ``flags_index`` says "device pfn:"."""
    for index in range(flags_index - 1, max(start, flags_index - _DUMP_LEAD) - 1, -1):
        match = _PAGE_LINE.match(lines[index])
        if match:
            return match.group(1) is not None
    return False


def flags_report(line: int, raw_flags: int, inside: str) -> DumpReport:
    """A report of a flags word and the ``%pGp`` text printed inside its parentheses alone, as
    other printers of ``%pGp`` than dump_page (page_owner) give them: no release, arch or
    page_type with it.

    >>> flags_report(3, 0x200, "slab|node=0").printed_fields["node"]
    0
    """
    names, fields, leftover, unread = _parse_names(inside)
    return DumpReport(line, raw_flags, names, MappingProxyType(fields), leftover, None, None, None, None, unread=unread)


def _parse_names(inside: str) -> tuple[tuple[str, ...], dict[str, int], int, tuple[str, ...]]:
    names: list[str] = []
    fields: dict[str, int] = {}
    leftover = 0
    unread: list[str] = []
    for part in inside.split("|"):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
            try:
                fields[key.strip()] = int(value.strip(), 0)
            except ValueError:
                unread.append(part)
        elif part.startswith("0x"):
            try:
                leftover |= int(part, 16)
            except ValueError:
                unread.append(part)
        else:
            names.append(part)
    return tuple(names), fields, leftover, tuple(unread)


def _page_type(lines: _Ring, flags_index: int, end: int) -> tuple[int, str] | None:
    """dump_page prints page_type after the flags."""
    for index in range(flags_index + 1, min(end, flags_index + REPORT_SPAN)):
        match = _PAGE_TYPE.match(lines[index])
        if match:
            return int(match.group(1), 16), match.group(2)
    return None


def _release(lines: _Ring, nearby: Sequence[int], end: int) -> str | None:
    """The release on the report's CPU line (the nearest one), possibly wrapped onto the next line."""
    for index in nearby:
        line = lines[index]
        if not _is_taint(line):
            continue
        match = _RELEASE.search(line)
        if match:
            return match.group(1)
        if _RELEASE_WRAPPED.search(line) and index + 1 < end:
            wrapped = _RELEASE_START.match(lines[index + 1])
            return wrapped.group(1) if wrapped else None
        return None
    return None


def _arch(lines: _Ring, nearby: Sequence[int]) -> str | None:
    for index in nearby:
        name = _line_arch(lines[index])
        if name is not None:
            return name
    return None


@lru_cache(maxsize=4096)
def _line_arch(line: str) -> str | None:
    """The arch a line tells, by the most trusted hint it holds. Kept per line, as the lines near
    one report are near the next, and logs repeat lines once their prefixes are gone."""
    for words, pattern, name in _ARCH_HINTS:
        if _holds_any(line, words) and pattern.search(line):
            return name
    return None


def _holds_any(line: str, words: Sequence[str]) -> bool:
    # A plain loop: measured faster than any() over a generator or one regex of all the words.
    for word in words:  # noqa: SIM110
        if word in line:
            return True
    return False
