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
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

# Console decorations at the start of a line, in any number and order: mail quoting, syslog
# headers, printk levels, timestamps and caller ids.
_PREFIXES = re.compile(
    r"^(?:\s*>+ ?"
    r"|[A-Z][a-z]{2} +\d+ [\d:]{8} \S+ kernel: ?"
    r"|\s*kernel: ?"
    r"|\s*<\d>"
    r"|\s*\[\s*\d+\.\d+\]\s?"
    r"|\s*\[\s*[TC]\d+\]\s?)+"
)
_FLAGS = re.compile(r"^(?:(anon|ksm) )?(page )?flags: ?(0x[0-9a-fA-F]+)\((.*)$")
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
_ARCH_HINTS = (
    (("RIP",), re.compile(r"\bRIP: ?[0-9a-f]{4}:"), "x86_64"),
    (("EIP",), re.compile(r"\bEIP: ?[0-9a-f]{4}:|\bEIP is at"), "i386"),
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
    """One report as the kernel printed it.

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


def clean_line(line: str) -> str:
    """The line without console prefixes (timestamps, syslog headers, quote marks, levels)."""
    return _PREFIXES.sub("", line, count=1).strip()


def find_reports(text: str) -> list[DumpReport]:
    """Every dump_page report in ``text``, by its flags line; an empty list if there is none.

    >>> len(find_reports('no report in here'))
    0
    """
    lines = [clean_line(line) for line in text.splitlines()]
    found = _flags_lines(lines)
    if not found:
        return []
    flags_at = [index for index, _ in found]
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
        reports.append(_report(lines, index, match, start, end))
        start = end
    return reports


def _flags_lines(lines: Sequence[str]) -> list[tuple[int, re.Match[str]]]:
    found = []
    for index, line in enumerate(lines):
        if "flags:" not in line:
            continue
        match = _FLAGS.match(line)
        if match and int(match.group(3), 16) < 1 << 64:
            found.append((index, match))
    return found


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


def _report(lines: Sequence[str], index: int, match: re.Match[str], start: int, end: int) -> DumpReport:
    prefix, _, hex_value, rest = match.groups()
    # A wrapped line continues on the next ones until the closing parenthesis.
    joined = rest
    follow = index + 1
    while ")" not in joined and follow < end and follow <= index + 2:
        joined += lines[follow]
        follow += 1
    inside = joined.rsplit(")", 1)[0] if ")" in joined else joined
    raw_flags = int(hex_value, 16)
    names, fields, leftover = _parse_names(inside)
    nearby = _nearest_first(index, start, end)
    arch = _arch(lines, nearby)
    if raw_flags < 1 << 32 and arch in ("x86_64", "arm64") and index and _POINTER_32.search(lines[index - 1]):
        # A 32-bit page pointer: the 64-bit hint came from something else.
        arch = None
    return DumpReport(
        index + 1,
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
    )


def _device_private(lines: Sequence[str], flags_index: int, start: int) -> bool:
    """Whether the page line of the dump whose flags line is at ``flags_index`` says "device pfn:"."""
    for index in range(flags_index - 1, max(start, flags_index - _DUMP_LEAD) - 1, -1):
        match = _PAGE_LINE.match(lines[index])
        if match:
            return match.group(1) is not None
    return False


def _parse_names(inside: str) -> tuple[tuple[str, ...], dict[str, int], int]:
    names: list[str] = []
    fields: dict[str, int] = {}
    leftover = 0
    for part in inside.split("|"):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
            try:
                fields[key.strip()] = int(value.strip(), 0)
            except ValueError:
                continue
        elif part.startswith("0x"):
            try:
                leftover |= int(part, 16)
            except ValueError:
                continue
        else:
            names.append(part)
    return tuple(names), fields, leftover


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
