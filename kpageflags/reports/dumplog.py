"""Finding dump_page reports in kernel log text, each with the lines that belong to it alone.

A report is found by its flags line. The release, arch and page_type that go with it are
read only from the lines of its own stretch of the log, so a log holding reports of several
kernels (or several reports of one) judges each as if it stood alone. The stretches come
from one pass over the log, so finding is linear in its length.

Where one report ends and the next begins: the kernel prints the CPU line that names the
release (``CPU: 3 PID: 1 Comm: x Not tainted 6.1.0 #1``) after the dump when the dump comes
first (Bad page state, VM_BUG_ON_PAGE), or before it when a report such as KASAN's dumps the
page last. A report whose own stretch before its dump holds a CPU line took its CPU line
first; any other report owns the first CPU line after its dump, and its stretch runs until
the next line that opens another report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

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


class LogScan(NamedTuple):
    """What a log holds: its reports, and the lines that look like part of a report but could
    not be read (a flags line cut short, a ``page:`` line with no flags line after it), each
    with its line number."""

    reports: list[DumpReport]
    unread: list[tuple[int, str]]


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
    [(1, 'page:ffffffbf2e50d340 count:0'), (2, 'flags: 0x40')]
    """
    numbers: list[int] = []
    callers: list[str | None] = []
    bodies: list[str] = []
    learned: dict[str, None] = {}
    for number, line in _log_lines(text):
        caller, body = _split_prefix(line)
        numbers.append(number)
        callers.append(caller)
        bodies.append(body)
        if "flags:" in body and len(learned) < _LEARNED_MAX_KINDS:
            _learn_prefix(body, learned)
    if learned:
        _strip_learned(learned, callers, bodies)
    reports: list[DumpReport] = []
    unread: list[tuple[int, str]] = []
    for indices in _by_caller(callers):
        found, lost = _scan_stream([bodies[i] for i in indices], [numbers[i] for i in indices])
        reports.extend(found)
        unread.extend(lost)
    reports.sort(key=lambda report: report.line)
    unread.sort()
    return LogScan(reports, unread)


def _log_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with its number; the pieces of a line that carriage returns split each keep
    the number of the line."""
    start = 0
    number = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        number += 1
        start = end + 1
        if "\r" not in line:
            yield number, line
            continue
        pieces = [piece for piece in line.split("\r") if piece.strip()]
        for piece in pieces or [""]:
            yield number, piece


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


def _strip_learned(learned: Mapping[str, None], callers: list[str | None], bodies: list[str]) -> None:
    shapes = re.compile("|".join(f"(?:{shape})" for shape in learned))
    for index, body in enumerate(bodies):
        match = shapes.match(body)
        if match:
            caller, bodies[index] = _split_prefix(body[match.end() :])
            callers[index] = callers[index] or caller


def _by_caller(callers: Sequence[str | None]) -> list[list[int]]:
    """The line indices of each printer, in the order of their first line. A line naming no
    printer goes with the line before it: a long line wrapped when it was pasted."""
    groups: dict[str | None, list[int]] = {}
    current = None
    for index, caller in enumerate(callers):
        current = caller or current
        group = groups.get(current)
        if group is None:
            group = groups[current] = []
        group.append(index)
    return list(groups.values())


def _scan_stream(lines: Sequence[str], numbers: Sequence[int]) -> tuple[list[DumpReport], list[tuple[int, str]]]:
    """The reports of one printer's lines, and its report lines that could not be read."""
    found, unread = _flags_lines(lines)
    flags_at = [index for index, _ in found]
    unread.extend(_heads_without_flags(lines, flags_at))
    heads = [_dump_head(lines, index, previous) for index, previous in zip(flags_at, [-1, *flags_at])]
    reports = []
    start = 0
    for position, (index, match) in enumerate(found):
        head = heads[position]
        header_first = any(_is_taint(line) for line in lines[max(start, head - REPORT_SPAN) : head])
        if position + 1 == len(found):
            end = len(lines)
        else:
            end = _stretch_end(lines, index, heads[position + 1], header_first)
        reports.append(_report(lines, numbers, index, match, start, end))
        start = end
    return reports, [(numbers[index], lines[index]) for index in sorted(unread)]


def _flags_lines(lines: Sequence[str]) -> tuple[list[tuple[int, re.Match[str]]], list[int]]:
    """The flags lines that could be read, and the indices of those that could not."""
    found = []
    unread = []
    for index, line in enumerate(lines):
        if "flags:" not in line:
            continue
        match = _FLAGS.match(line)
        if match and int(match.group(3), 16) < 1 << 64:
            found.append((index, match))
        elif _FLAGS_START.match(line):
            unread.append(index)
    return found, unread


def _heads_without_flags(lines: Sequence[str], flags_at: Sequence[int]) -> list[int]:
    """The ``page:`` lines no flags line follows within a dump's lead (a poisoned page's dump
    prints none; a log cut short loses it)."""
    covered = {index for flags in flags_at for index in range(flags - _DUMP_LEAD, flags)}
    return [index for index, line in enumerate(lines) if line.startswith("page:") and index not in covered]


def _is_taint(line: str) -> bool:
    return _TAINT.search(line) is not None and not _TAINT_LEGEND.match(line)


def _dump_head(lines: Sequence[str], flags_index: int, previous_flags: int) -> int:
    """The first line of the dump whose flags line is at ``flags_index``."""
    head = flags_index
    for index in range(flags_index - 1, max(previous_flags, flags_index - _DUMP_LEAD - 1), -1):
        if _DUMP_HEAD.match(lines[index]):
            head = index
    return head


def _stretch_end(lines: Sequence[str], flags_index: int, next_head: int, header_first: bool) -> int:
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


def _report(
    lines: Sequence[str], numbers: Sequence[int], index: int, match: re.Match[str], start: int, end: int
) -> DumpReport:
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
        numbers[index],
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
    )


def _device_private(lines: Sequence[str], flags_index: int, start: int) -> bool:
    """Whether the page line of the dump whose flags line is at ``flags_index`` says "device pfn:"."""
    for index in range(flags_index - 1, max(start, flags_index - _DUMP_LEAD) - 1, -1):
        match = _PAGE_LINE.match(lines[index])
        if match:
            return match.group(1) is not None
    return False


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


def _page_type(lines: Sequence[str], flags_index: int, end: int) -> tuple[int, str] | None:
    """dump_page prints page_type after the flags."""
    for index in range(flags_index + 1, min(end, flags_index + REPORT_SPAN)):
        match = _PAGE_TYPE.match(lines[index])
        if match:
            return int(match.group(1), 16), match.group(2)
    return None


def _release(lines: Sequence[str], nearby: Sequence[int], end: int) -> str | None:
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


def _arch(lines: Sequence[str], nearby: Sequence[int]) -> str | None:
    for index in nearby:
        line = lines[index]
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
