"""The records of ``/sys/kernel/debug/page_owner`` and of ``page_owner_stacks/``, read as
printed, in every grammar the kernel has used.

``parse_records(lines)`` turns the lines of a dump (without their newlines) into
``PageOwnerRecord`` items, one per allocated block, streaming: it holds one record at a time
(and bounded caches of frames it has seen). A stretch of text outside any record comes as one
``StrayText`` item, so nothing is dropped; a header cut off mid-line as the input's last line
(a dump copied while it was written) is one too, marked ``cut_header``. ``parse_stacks(lines)`` reads ``show_stacks``,
``show_handles`` and ``show_stacks_handles``. Values are kept as printed: the GFP names and
the flag names stay text (``decoding`` reads them through a release's tables).

Grammar per era. The header line is ``Page allocated via order N, mask`` then::

  3.19  0x%x
  4.6   %#x(%pGg)
  5.11  %#x(%pGg), pid %d, ts %llu ns
  5.13  %#x(%pGg), pid %d, ts %llu ns, free_ts %llu ns
  5.18  %#x(%pGg), pid %d, tgid %d (%s), ts %llu ns, free_ts %llu ns   (%s: the task's comm)
  6.7   %#x(%pGg), pid %d, tgid %d (%s), ts %llu ns

``%pGg`` is the GFP names joined by ``|`` (unknown bits as ``0x..``; empty for 0). The PFN
line::

  3.19  PFN %lu Block %lu type %d %s Flags %s    (%s: "Fallback" or 8 spaces; the flags as
        12 columns, one letter each when set, a space when clear: KERUDLASWCBM)
  4.6   PFN %lu type %s Block %lu type %s Flags %#lx(%pGp)   (migratetype names)
  5.13  same; %pGp appends |node=N|zone=N|lastcpupid=0x.. (and section=, kasantag= by config)
  5.16  PFN %lu type %s Block %lu type %s Flags %pGp   (%pGp prints the 0x..( itself: same text)
  6.5   PFN 0x%lx type %s Block %lu type %s Flags %pGp
  6.10  same text; slab is a page type from here, so no longer among the flag names

Then the stack, one frame a line: `` [<%p>] %pS`` up to 5.1 (addresses hashed from 4.15),
`` %pS`` from 5.2 (``func+0xOFF/0xSIZE``, `` [module]`` or `` [module build_id]`` after a
module's symbol, a bare address when there is no symbol). Then, each optional:
``Page has been migrated, last migrate reason: %s`` (4.6), ``Slab cache page`` and
``Charged [(via objcg) ]to [offline ]memcg %s`` (5.18), then a blank line. The 2026 mm queue
(about 7.3, not in 7.1.5) adds ``handle: %u`` after the stack; it is read where it appears.

``page_owner_stacks/show_stacks`` (6.9): the stack, ``nr_base_pages: %d``, a blank line (the
6.9 release candidates before Oscar Salvador's fixes of March 2024 printed ``stack_count: %d``
there, read alike).
``show_handles`` (6.19): ``handle: %d``, ``nr_base_pages: %d``, blank. ``show_stacks_handles``
(6.19): the stack, ``handle: %d``, blank (every stack, whatever its page count).

Evidence (``mm/page_owner.c`` print_page_owner, ``lib/vsprintf.c`` format_page_flags, each
copy's release taken from its Makefile): 3.19.8 (yuanguohuo/linux-3.19.8), 4.3 (YoungjaeLee/
linux-4.3-cxlbdev), 4.6.2 (xing393939/linux-4.6.2), 5.7.14 (a5221985/linux-5.7.14), 5.11
(CompressionDuck/linux-5.11), 5.12.9 (zhangyinjun/linux-5.12.9: no free_ts, no node= in
%pGp), 5.14-rc5 (lsk-legends/linux-5.14: free_ts, node=), 5.16.10 (DFAUS-git/ps4-linux-kernel-
5.16.10-belize: ``Flags %pGp``), 5.17-rc5 (dunli/linux-5.17: no tgid), 5.19 (yishangzhang/
linux-5.19: tgid, comm, memcg), 6.4.6 (lewisevans2007/linux-6.4: decimal PFN, free_ts), 6.8
(vivo50kff/linux-6.8: hex PFN, no free_ts), 6.12, 6.13.7, 6.18.2 (gfunkmonk/linux-6.18.2),
6.19 and 7.1.5 (matankalina/linux-6.19.10-fork, danayer/linux-7.1.5: show_handles and
show_stacks_handles). The releases of 5.13, 5.18, 6.5 and 6.7 lie between the copies named;
the era names follow the mailing-list posting dates and are not yet seen at those tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import compress, count, islice
from operator import not_
from typing import NamedTuple

from .header import HEADER_START

# A decimal number: Python reads none of 4300 digits or more, and no kernel prints one, so a
# longer one makes the line fit no grammar (kept as such) instead of a traceback.
_D = r"\d{1,4000}"
_HEADER = re.compile(
    rf"Page allocated via order ({_D}), mask (0x[0-9a-f]+|0)(?:\(([^)]*)\))?"
    rf"(?:, pid (-?{_D})(?:, tgid (-?{_D}) \((.*)\))?, ts ({_D}) ns(?:, free_ts ({_D}) ns)?)?"
)
_PFN = re.compile(rf"PFN (0x[0-9a-f]+|{_D}) type (\S+) Block ({_D}) type (\S+) Flags (0x[0-9a-f]+|0)\((.*)\)")
# 3.19-4.5: no page migratetype, the block's as a number, and one column per flag.
_PFN_OLD = re.compile(rf"PFN ({_D}) Block ({_D}) type (-?{_D}) (Fallback| {{8}}) Flags (.{{0,12}})")
_FRAME = re.compile(
    r"\s*(?:\[<([0-9a-fA-F]+|\s*\(null\))>\] ?)?(.*?)"
    r"(?:\+(0x[0-9a-f]+)/(0x[0-9a-f]+))?(?: \[(\S+)(?: (\S+))?\])?"
)
_MIGRATED = "Page has been migrated, last migrate reason: "
_CHARGED = re.compile(r"Charged (\(via objcg\) )?to (offline )?memcg (.*)")
_HANDLE = re.compile(rf"handle: (-?{_D})")
_NR_BASE_PAGES = re.compile(rf"(?:nr_base_pages|stack_count): (-?{_D})")

OLD_FLAG_COLUMNS = "KERUDLASWCBM"
"""The 3.19-4.5 PFN line's flag columns, in order (a space when clear)."""
OLD_FLAG_NAMES = (
    "locked",
    "error",
    "referenced",
    "uptodate",
    "dirty",
    "lru",
    "active",
    "slab",
    "writeback",
    "compound",
    "swapcache",
    "mappedtodisk",
)
"""What each column tells: the PageXxx() test that prints its letter (compound: a head or a
tail page)."""


class Frame(NamedTuple):
    """One stack line: ``text`` as printed (leading spaces included), and its parts where it has
    them: the symbol, offset and size, module and build id, and the ``[<address>]`` of 3.19-5.1."""

    text: str
    function: str
    offset: int | None
    size: int | None
    module: str | None
    build_id: str | None
    address: str | None


class Memcg(NamedTuple):
    """``Charged [(via objcg) ]to [offline ]memcg NAME``."""

    name: str
    via_objcg: bool
    offline: bool


class PageOwnerRecord(NamedTuple):
    """One block of the page_owner file. ``line`` is the number of its header line (1-based);
    values are as printed (None where the era does not print them); ``era`` is the first
    release whose grammar prints this record's header and PFN line so, or None when no
    release's does; ``unknown`` keeps every line that fits no grammar with its number;
    ``complete`` is False when the input ended before the record's blank line."""

    line: int
    era: str | None
    order: int
    gfp_mask: int
    gfp_text: str | None
    pid: int | None
    tgid: int | None
    comm: str | None
    ts: int | None
    free_ts: int | None
    pfn: int | None
    pfn_hex: bool
    page_migratetype: str | None
    block_pfn: int | None
    block_migratetype: str | None
    fallback: bool | None
    flags_word: int | None
    flags_text: str | None
    stack: tuple[Frame, ...]
    migrate_reason: str | None
    slab_cache: bool
    memcg: Memcg | None
    handle: int | None
    unknown: tuple[tuple[int, str], ...]
    complete: bool
    flags_line: int | None = None
    """The number of the PFN line, which prints the flags (None where there is none)."""


class StrayText(NamedTuple):
    """Lines outside any record (before the first header, or a block without one); or, with
    ``cut_header``, the input's last line, a record's header cut off before its end."""

    line: int
    lines: tuple[str, ...]
    cut_header: bool = False


def is_cut_header(text: str) -> bool:
    """Whether a last line is the start of a header, cut short: the kernel writes no other line
    that begins so, and none that stops there.

    >>> is_cut_header("Page "), is_cut_header("Page allocated via order 0, mask 0x100cca(GFP_HIG")
    (True, True)
    >>> is_cut_header("Page allocated via order 0, mask 0xcc0(GFP_KERNEL)"), is_cut_header("PFN 1")
    (False, False)
    """
    if not text or not (HEADER_START.startswith(text) or text.startswith(HEADER_START)):
        return False
    return _HEADER.fullmatch(text) is None


class StackCount(NamedTuple):
    """One block of ``show_stacks`` / ``show_handles`` / ``show_stacks_handles``."""

    line: int
    stack: tuple[Frame, ...]
    handle: int | None
    nr_base_pages: int | None
    unknown: tuple[tuple[int, str], ...]
    complete: bool


CACHE_LIMIT = 1 << 16
"""Distinct frames (and stacks) remembered before the caches start over: dumps repeat a few
thousand stacks millions of times, and a bound keeps memory flat on dumps that do not."""


class _FrameCache:
    def __init__(self) -> None:
        self.frames: dict[str, Frame] = {}
        self.stacks: dict[tuple[str, ...], tuple[Frame, ...]] = {}

    def stack(self, lines: tuple[str, ...]) -> tuple[Frame, ...]:
        found = self.stacks.get(lines)
        if found is None:
            if len(self.stacks) >= CACHE_LIMIT:
                self.stacks.clear()
            found = self.stacks[lines] = tuple(self.frame(text) for text in lines)
        return found

    def frame(self, text: str) -> Frame:
        found = self.frames.get(text)
        if found is None:
            if len(self.frames) >= CACHE_LIMIT:
                self.frames.clear()
            found = self.frames[text] = parse_frame(text)
        return found


def parse_frame(text: str) -> Frame:
    """A stack line in either style.

    >>> parse_frame(" xfs_file_buffered_read+0xe6/0x1d0 [xfs]")[1:6]
    ('xfs_file_buffered_read', 230, 464, 'xfs', None)
    >>> parse_frame(" [<ffffffff81164e9a>] __alloc_pages_nodemask+0x15a/0xa30").address
    'ffffffff81164e9a'
    """
    match = _FRAME.fullmatch(text)
    assert match is not None  # every part is optional, so any line matches
    address, function, offset, size, module, build_id = match.groups()
    return Frame(
        text,
        function,
        int(offset, 16) if offset else None,
        int(size, 16) if size else None,
        module,
        build_id,
        address,
    )


class _Shape(NamedTuple):
    gfp_text: bool
    pid: bool
    tgid: bool
    free_ts: bool
    pfn_line: str  # "old", "decimal", "hex" or "" (none)


ERAS: tuple[tuple[str, _Shape], ...] = (
    ("3.19", _Shape(False, False, False, False, "old")),
    ("4.6", _Shape(True, False, False, False, "decimal")),
    ("5.11", _Shape(True, True, False, False, "decimal")),
    ("5.13", _Shape(True, True, False, True, "decimal")),
    ("5.18", _Shape(True, True, True, True, "decimal")),
    ("6.5", _Shape(True, True, True, True, "hex")),
    ("6.7", _Shape(True, True, True, False, "hex")),
)
"""Each era's first release and the shape of its header and PFN line."""

_ERA_OF_SHAPE: dict[tuple[bool, bool, bool, bool, str], str] = {shape: era for era, shape in ERAS}
_ERA_OF_HEADER: dict[tuple[bool, bool, bool, bool], str] = {}
for _era, _shape in reversed(ERAS):
    _ERA_OF_HEADER[_shape[:4]] = _era


def era_of(shape: tuple[bool, bool, bool, bool, str]) -> str | None:
    """The era whose grammar prints a header and PFN line of this shape (a ``_Shape`` or its
    plain tuple); a record without a PFN line gets the first era whose header it has."""
    if not shape[4]:
        return _ERA_OF_HEADER.get(shape[:4])
    return _ERA_OF_SHAPE.get(shape)


class _Builder:
    """The record being read: its header's values and the lines that followed."""

    __slots__ = (
        "handle",
        "header",
        "line",
        "memcg",
        "pfn",
        "pfn_line",
        "pfn_old",
        "reason",
        "slab",
        "stack",
        "unknown",
    )

    def __init__(self, line: int, header: re.Match[str]) -> None:
        self.line = line
        self.header = header
        self.pfn: re.Match[str] | None = None
        self.pfn_line: int | None = None
        self.pfn_old: re.Match[str] | None = None
        self.stack: list[str] = []
        self.reason: str | None = None
        self.slab = False
        self.memcg: Memcg | None = None
        self.handle: int | None = None
        self.unknown: list[tuple[int, str]] = []

    def add(self, number: int, text: str) -> None:
        if text[:1] == " ":
            self.stack.append(text)
        elif text.startswith("PFN ") and self.pfn is None and self.pfn_old is None:
            self.pfn = _PFN.fullmatch(text)
            if self.pfn is None:
                self.pfn_old = _PFN_OLD.fullmatch(text)
                if self.pfn_old is None:
                    self.unknown.append((number, text))
            self.pfn_line = number
        elif text.startswith(_MIGRATED):
            self.reason = text[len(_MIGRATED) :]
        elif text == "Slab cache page":
            self.slab = True
        else:
            self._add_other(number, text)

    def _add_other(self, number: int, text: str) -> None:
        charged = _CHARGED.fullmatch(text) if text.startswith("Charged ") else None
        handle = _HANDLE.fullmatch(text) if text.startswith("handle: ") else None
        if charged:
            self.memcg = Memcg(charged[3], charged[1] is not None, charged[2] is not None)
        elif handle:
            self.handle = int(handle[1])
        else:
            self.unknown.append((number, text))

    def build(self, cache: _FrameCache, complete: bool) -> PageOwnerRecord:
        tail = _Tail(cache.stack(tuple(self.stack)), self.reason, self.slab, self.memcg, self.handle, ())
        flags_line = self.pfn_line if self.pfn or self.pfn_old else None
        return _record(self.line, self.header, self.pfn, self.pfn_old, tail, tuple(self.unknown), complete, flags_line)


class _Tail(NamedTuple):
    """What follows a record's PFN line, as read once for every record that repeats it."""

    stack: tuple[Frame, ...]
    reason: str | None
    slab: bool
    memcg: Memcg | None
    handle: int | None
    unknown: tuple[tuple[int, str], ...]  # numbered from the tail's first line, 0


def _record(
    line: int,
    header: re.Match[str],
    pfn: re.Match[str] | None,
    old: re.Match[str] | None,
    tail: _Tail,
    unknown: tuple[tuple[int, str], ...],
    complete: bool,
    flags_line: int | None,
) -> PageOwnerRecord:
    order, mask, gfp_text, pid, tgid, comm, ts, free_ts = header.groups()
    pfn_line = "hex" if pfn and pfn[1].startswith("0x") else "decimal" if pfn else "old" if old else ""
    # A plain tuple equals (and hashes as) the _Shape it stands for, and costs less to make.
    shape = (gfp_text is not None, pid is not None, tgid is not None, free_ts is not None, pfn_line)
    if pfn is not None:
        pfn_value, page_mt, block, block_mt, word, flags_text = pfn.groups()
        fallback = None
        flags_word: int | None = int(word, 16)
    elif old is not None:
        pfn_value, block, block_mt, spaces_or_fallback, flags_text = old.groups()
        page_mt, flags_word, fallback = None, None, spaces_or_fallback == "Fallback"
        flags_text = flags_text.ljust(len(OLD_FLAG_COLUMNS))
    else:
        pfn_value = page_mt = block = block_mt = flags_text = None
        fallback, flags_word = None, None
    return PageOwnerRecord(
        line,
        era_of(shape),
        int(order),
        int(mask, 16),
        gfp_text,
        int(pid) if pid is not None else None,
        int(tgid) if tgid is not None else None,
        comm,
        int(ts) if ts is not None else None,
        int(free_ts) if free_ts is not None else None,
        int(pfn_value, 0) if pfn_value is not None else None,
        pfn_line == "hex",
        page_mt,
        int(block) if block is not None else None,
        block_mt,
        fallback,
        flags_word,
        flags_text,
        tail.stack,
        tail.reason,
        tail.slab,
        tail.memcg,
        tail.handle,
        unknown,
        complete,
        flags_line,
    )


STRAY_LIMIT = 1024
"""Lines a ``StrayText`` holds at most, so that foreign text never piles up in memory."""


def parse_records(lines: Iterable[str], first_line: int = 1) -> Iterator[PageOwnerRecord | StrayText]:
    """The records (and stray text) of page_owner lines given without their newlines (see
    ``parse_line_batches``).

    Lines are taken a batch at a time and cut at empty lines. A block that is one record, its
    header then its PFN line, is read whole, and what follows its PFN line (the stack, mostly,
    which dumps repeat) is read once for all the records that repeat it; any other block goes
    line by line. Memory holds a batch and the lines since the last empty line."""
    lines_left = iter(lines)
    return parse_line_batches(iter(lambda: list(islice(lines_left, BATCH_LINES)), []), first_line)


def parse_line_batches(batches: Iterable[list[str]], first_line: int = 1) -> Iterator[PageOwnerRecord | StrayText]:
    """``parse_records`` for lines that come in lists (as a reader splits what it reads)."""
    cache = _FrameCache()
    tails: dict[str, _Tail] = {}
    carry: list[str] = []
    number = first_line  # the number of the first line of carry, then of each batch
    for batch in batches:
        batch = carry + batch if carry else batch
        start = 0
        for end in compress(count(), map(not_, batch)):
            if end > start:
                yield from _block(batch, start, end, number + start, cache, tails)
            start = end + 1
        carry, number = batch[start:], number + start
        if len(carry) > CARRY_LINES:
            done = _complete_part(carry)
            # Not followed by an empty line: a last record among them is incomplete.
            yield from _parse_lines(carry[:done], number)
            carry, number = carry[done:], number + done
    yield from _parse_last_lines(carry, number)


def _parse_last_lines(lines: list[str], first_line: int) -> Iterator[PageOwnerRecord | StrayText]:
    """The items of the input's last lines (after its last empty line): as any, but a last line
    that is a header cut short is one ``cut_header`` item rather than stray text."""
    if lines and is_cut_header(lines[-1]):
        yield from _parse_lines(lines[:-1], first_line)
        yield StrayText(first_line + len(lines) - 1, (lines[-1],), cut_header=True)
    else:
        yield from _parse_lines(lines, first_line)


# Lines taken at a time, and lines without an empty line after which those before the last
# header (or whole stray texts) are read: a bound on memory for input that has no empty lines.
BATCH_LINES = 1 << 14
CARRY_LINES = 4 * 1024


def _block(
    lines: list[str], start: int, end: int, number: int, cache: _FrameCache, tails: dict[str, _Tail]
) -> Iterator[PageOwnerRecord | StrayText]:
    """The items of ``lines[start:end]``, a block followed by an empty line; ``number`` is the
    line number of its first line."""
    first = lines[start]
    header = _HEADER.fullmatch(first) if first.startswith(HEADER_START) else None
    second = lines[start + 1] if end > start + 1 else ""
    pfn = pfn_old = None
    if header is not None and second.startswith("PFN "):
        pfn = _PFN.fullmatch(second)
        pfn_old = _PFN_OLD.fullmatch(second) if pfn is None else None
    rest = "\n".join(lines[start + 2 : end])
    if (pfn is None and pfn_old is None) or rest.startswith(HEADER_START) or _NEXT_HEADER in rest:
        yield from _parse_lines([*lines[start:end], ""], number)
        return
    assert header is not None
    tail = tails.get(rest)
    if tail is None:
        if len(tails) >= CACHE_LIMIT:
            tails.clear()
        tail = tails[rest] = _read_tail(lines[start + 2 : end], header, pfn, pfn_old, cache)
    unknown = tuple((number + 2 + offset, text) for offset, text in tail.unknown) if tail.unknown else ()
    yield _record(number, header, pfn, pfn_old, tail, unknown, True, number + 1)


_NEXT_HEADER = "\n" + HEADER_START


def _read_tail(
    lines: list[str], header: re.Match[str], pfn: re.Match[str] | None, old: re.Match[str] | None, cache: _FrameCache
) -> _Tail:
    """The lines after a PFN line, read as a record's (numbered from 0)."""
    builder = _Builder(0, header)
    builder.pfn, builder.pfn_old = pfn, old
    for offset, text in enumerate(lines):
        builder.add(offset, text)
    stack = cache.stack(tuple(builder.stack))
    return _Tail(stack, builder.reason, builder.slab, builder.memcg, builder.handle, tuple(builder.unknown))


def _complete_part(lines: list[str]) -> int:
    """How many of these lines (none empty, no empty line after them yet) can be read now:
    those before the last header, or whole stray texts of STRAY_LIMIT lines; never the last
    line, which may be the input's last, a header cut short."""
    for index in range(len(lines) - 1, 0, -1):
        if lines[index].startswith(HEADER_START) and _HEADER.fullmatch(lines[index]):
            return index
    if lines[0].startswith(HEADER_START) and _HEADER.fullmatch(lines[0]):
        return 0  # one long record: the line-by-line reader would hold it all the same
    before_last = len(lines) - 1
    return before_last - before_last % STRAY_LIMIT


def _parse_lines(lines: Iterable[str], first_line: int) -> Iterator[PageOwnerRecord | StrayText]:
    """The records (and stray text) of lines one by one: blocks that are not one plain record."""
    cache = _FrameCache()
    current: _Builder | None = None
    stray: list[str] = []
    stray_line = 0
    header_match = _HEADER.fullmatch
    for number, text in enumerate(lines, first_line):
        if current is not None:
            if not text:
                yield current.build(cache, True)
                current = None
            elif text.startswith(HEADER_START) and (header := header_match(text)):
                yield current.build(cache, False)
                current = _Builder(number, header)
            else:
                current.add(number, text)
            continue
        if text.startswith(HEADER_START) and (header := header_match(text)):
            if stray:
                yield StrayText(stray_line, tuple(stray))
                stray = []
            current = _Builder(number, header)
        elif text:
            if not stray:
                stray_line = number
            stray.append(text)
            if len(stray) >= STRAY_LIMIT:
                yield StrayText(stray_line, tuple(stray))
                stray = []
        elif stray:
            yield StrayText(stray_line, tuple(stray))
            stray = []
    if current is not None:
        yield current.build(cache, False)
    if stray:
        yield StrayText(stray_line, tuple(stray))


def parse_stacks(lines: Iterable[str], first_line: int = 1) -> Iterator[StackCount]:
    """The blocks of ``show_stacks``, ``show_handles`` or ``show_stacks_handles``."""
    cache = _FrameCache()
    start = 0
    stack: list[str] = []
    handle: int | None = None
    pages: int | None = None
    unknown: list[tuple[int, str]] = []
    for number, text in enumerate(lines, first_line):
        if not text:
            if start:
                yield StackCount(start, cache.stack(tuple(stack)), handle, pages, tuple(unknown), True)
                start, stack, handle, pages, unknown = 0, [], None, None, []
            continue
        start = start or number
        if text[:1] == " ":
            stack.append(text)
        elif (found := _NR_BASE_PAGES.fullmatch(text)) and pages is None:
            pages = int(found[1])
        elif (found := _HANDLE.fullmatch(text)) and handle is None:
            handle = int(found[1])
        else:
            unknown.append((number, text))
    if start:
        yield StackCount(start, cache.stack(tuple(stack)), handle, pages, tuple(unknown), False)
