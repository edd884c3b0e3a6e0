"""The page_owner lines dump_page prints after a page's dump, read into a ``DumpOwner``.

With ``CONFIG_PAGE_OWNER`` and ``page_owner=on``, ``dump_page()`` ends with
``dump_page_owner()`` (``__dump_page_owner`` in ``mm/page_owner.c``, since 4.6), after the
``page dumped because:`` line. What it prints, per release (``%pGg`` is the GFP names joined by
``|``; each stack is one frame a line, `` [<%p>] %pS`` up to 4.9, `` %pS`` after)::

  4.6   page allocated via order %u, migratetype %s, gfp_mask %#x(%pGg)
        <allocation stack>
        [page has been migrated, last migrate reason: %s]
        or, with no owner recorded: page_owner info is not active (free page?)
  4.9   the same; "There is not page extension available." when the page has no page_ext
  5.4   page_owner tracks the page as allocated|freed
        page last allocated via order %u, migratetype %s, gfp_mask %#x(%pGg)
        <allocation stack>, or page_owner allocation stack trace missing
        page last free stack trace: <free stack>, or page_owner free stack trace missing
        [page has been migrated, last migrate reason: %s]
        or, with no owner recorded: page_owner info is not present (never set?)
  5.11  the allocation line ends ", pid %d, ts %llu"
  5.13  ... ", pid %d, ts %llu, free_ts %llu"
  5.18  ... ", pid %d, tgid %d (%s), ts %llu, free_ts %llu"   (%s: the task's comm)
  6.8   page last free pid %d tgid %d stack trace:

Unlike the debugfs file, ``free_ts`` stays after 6.7 and the times have no " ns".

Evidence (``mm/page_owner.c`` ``__dump_page_owner``, ``mm/debug.c`` ``dump_page``,
``kernel/stacktrace.c``; each copy's release read from its Makefile): 4.6.2
(xing393939/linux-4.6.2: the first form, frames through ``print_ip_sym``), 4.9.0 and 4.20.0
(pengdonglin137/linux-4.9, a4913994/linux-4.20: the page_ext line; `` %pS`` frames from 4.10,
as in 4.10.17, pengdonglin137/linux-4.10.17),
5.3.1 (github-lvbing/linux-5.3.1: still the 4.6 text), 5.4.0 (MrJu/linux-5.4: tracks, last,
free stack), 5.7.14 (a5221985/linux-5.7.14), 5.11.0 (CompressionDuck/linux-5.11: pid, ts),
5.12.9 (zhangyinjun/linux-5.12.9: no free_ts), 5.14-rc5 (lsk-legends/linux-5.14: free_ts),
5.16.10 and 5.17-rc5 (DFAUS-git/ps4-linux-kernel-5.16.10-belize, dunli/linux-5.17: no tgid),
5.19.0 (yishangzhang/linux-5.19: tgid, comm), 6.1.129, 6.4.6 and 6.6.9 (FreshlyCutWax/
Linux-Kernel-KTMM-6.1, lewisevans2007/linux-6.4, mihaelbh/adding-new-sched-policy-to-linux-6.6.9:
"page last free stack trace:"), 6.8.0, 6.9.0, 6.18.2, 6.19.0 and 7.1.5 (vivo50kff/linux-6.8,
ec-jt/linux-6.9.0, gfunkmonk/linux-6.18.2, matankalina/linux-6.19.10-fork,
danayer/linux-7.1.5: the free pid and tgid). The free pid came with Barry Song's "mm/page_owner:
record and dump free_pid and free_tgid", in Andrew Morton's "[GIT PULL] MM updates for
6.8-rc1" (2024-01-08, Message-Id 20240108155039.fd2798712a2a93a108b710ce@linux-foundation.org).
The 5.13 and 5.18 boundaries lie between the copies named, as in the debugfs grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..errors import BadValue, UnknownRelease
from ..facts.gfp import GFP_MASK_LIMIT, decode_gfp
from ..facts.releases import Release, parse_release

_ALLOCATED = re.compile(
    r"page (last )?allocated via order (\d+), migratetype (\S+), gfp_mask (0x[0-9a-f]+|0)\(([^)]*)\)"
    r"(?:, pid (-?\d+)(?:, tgid (-?\d+) \((.*)\))?, ts (\d+)(?:, free_ts (\d+))?)?"
)
_TRACKED = re.compile(r"page_owner tracks the page as (allocated|freed)")
_FREE_STACK = re.compile(r"page last free (?:pid (-?\d+) tgid (-?\d+) )?stack trace:")
_MIGRATED = "page has been migrated, last migrate reason: "
# A stack line without its leading space (log prefixes are taken off with it): an optional
# [<address>] (up to 4.9), the symbol with its offset and size (or a bare address), a module,
# and the source line a symbolizing log writer (syzbot) appends, "[inline]" for inlined calls.
_FRAME = re.compile(
    r"(?:\[<[0-9a-fA-F]+>\] ?)?(?:[A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+/0x[0-9a-f]+)?|0x[0-9a-f]+)"
    r"(?: \[[^\]\s]+(?: [0-9a-f]+)?\])?(?: \S+:-?\d+)?(?: \[inline\])?"
)
NOT_TRACKED = (
    "page_owner info is not active (free page?)",
    "page_owner info is not present (never set?)",
    "There is not page extension available.",
)
STACK_MISSING = ("page_owner allocation stack trace missing", "page_owner free stack trace missing")
_FROM_5_4 = frozenset({NOT_TRACKED[1], *STACK_MISSING})
_STARTS = ("page_owner ", "page allocated via order ", "page last allocated via order ", NOT_TRACKED[2])
# The lines dump_page may print between the flags line and page_owner's: page_type, raw and head
# lines, memcg, "page dumped because", wrapped pieces of them.
OWNER_LEAD = 16
# Lines a wrapped allocation line (a mail client's) may have been cut into.
_WRAPPED = 3


class DumpOwner(NamedTuple):
    """What page_owner said of a dumped page: values as printed (None where its release does
    not print them), each stack's lines as printed, and the lines it prints instead of an owner
    or a stack (``messages``). ``era`` is the first release that prints this shape."""

    line: int
    era: str | None
    tracked: str | None
    order: int | None
    migratetype: str | None
    gfp_mask: int | None
    gfp_printed: str | None
    pid: int | None
    tgid: int | None
    comm: str | None
    ts: int | None
    free_ts: int | None
    free_pid: int | None
    free_tgid: int | None
    alloc_stack: tuple[str, ...]
    free_stack: tuple[str, ...]
    migrate_reason: str | None
    messages: tuple[str, ...]


def starts_owner(line: str) -> bool:
    """Whether a line of a dump opens page_owner's part."""
    return line.startswith(_STARTS) and (
        line in NOT_TRACKED or _TRACKED.fullmatch(line) is not None or "allocated via order " in line
    )


def read_owner(line_at: Callable[[int], str], number_at: Callable[[int], int], first: int, end: int) -> DumpOwner:
    """The page_owner part whose first line is at ``first``, read up to ``end`` at most; lines
    are given without their log prefixes."""
    reader = _Reader(line_at, first, end)
    values: dict[str, object] = {"line": number_at(first)}
    messages: list[str] = []
    while reader.more():
        text = reader.peek()
        if text in NOT_TRACKED or text in STACK_MISSING:
            messages.append(reader.take())
        elif (tracked := _TRACKED.fullmatch(text)) and "tracked" not in values:
            values["tracked"] = tracked[1]
            reader.take()
        elif text.startswith(("page allocated via order ", "page last allocated via order ")) and "order" not in values:
            allocated = reader.allocation_line()
            if allocated is None:
                break
            values.update(_allocation_values(allocated))
            values["alloc_stack"] = reader.stack()
        elif (freed := _FREE_STACK.fullmatch(text)) and "free_stack" not in values:
            reader.take()
            values["free_pid"], values["free_tgid"] = _number(freed[1]), _number(freed[2])
            values["free_stack"] = reader.stack()
        elif text.startswith(_MIGRATED) and "migrate_reason" not in values:
            values["migrate_reason"] = reader.take()[len(_MIGRATED) :]
        else:
            break
    return _owner(values, tuple(messages))


class _Reader:
    def __init__(self, line_at: Callable[[int], str], at: int, end: int) -> None:
        self._line_at, self._at, self._end = line_at, at, end

    def more(self) -> bool:
        return self._at < self._end

    def peek(self) -> str:
        return self._line_at(self._at)

    def take(self) -> str:
        text = self._line_at(self._at)
        self._at += 1
        return text

    def allocation_line(self) -> re.Match[str] | None:
        """The allocation line, joined again where a mail client wrapped it at a space."""
        joined = self.take()
        for extra in range(_WRAPPED + 1):
            found = _ALLOCATED.fullmatch(joined)
            if found is not None or extra == _WRAPPED or not self.more():
                if found is None:
                    self._at -= extra + 1
                return found
            joined += " " + self.take()
        return None

    def stack(self) -> tuple[str, ...]:
        frames: list[str] = []
        while self.more():
            text = self.peek()
            if not text and self._at + 1 < self._end and self._line_at(self._at + 1).startswith("[<"):
                # 4.9 printed a frame's leading space with a printk of its own: a line of its own.
                self._at += 1
                continue
            if not text or text in STACK_MISSING or not _FRAME.fullmatch(text):
                break
            frames.append(self.take())
        return tuple(frames)


def _number(text: str | None) -> int | None:
    return None if text is None else int(text)


def _allocation_values(found: re.Match[str]) -> dict[str, object]:
    last, order, migratetype, mask, names, pid, tgid, comm, ts, free_ts = found.groups()
    return {
        "last": last is not None,
        "order": int(order),
        "migratetype": migratetype,
        "gfp_mask": int(mask, 16),
        "gfp_printed": names,
        "pid": _number(pid),
        "tgid": _number(tgid),
        "comm": comm,
        "ts": _number(ts),
        "free_ts": _number(free_ts),
    }


def _owner(values: dict[str, object], messages: tuple[str, ...]) -> DumpOwner:
    fields = {name: values.get(name) for name in DumpOwner._fields}
    fields["alloc_stack"] = values.get("alloc_stack", ())
    fields["free_stack"] = values.get("free_stack", ())
    fields["messages"] = messages
    fields["era"] = _era(values, messages)
    return DumpOwner(**fields)  # type: ignore[arg-type]


def _era(values: dict[str, object], messages: tuple[str, ...]) -> str | None:
    """The first release whose ``__dump_page_owner`` prints what was read."""
    if values.get("free_pid") is not None:
        return "6.8"
    if values.get("tgid") is not None:
        return "5.18"
    if values.get("free_ts") is not None:
        return "5.13"
    if values.get("pid") is not None:
        return "5.11"
    if values.get("last") or "tracked" in values or "free_stack" in values or _FROM_5_4.intersection(messages):
        return "5.4"
    if "order" in values or NOT_TRACKED[0] in messages:
        return "4.6"
    return None


def owner_notes(owner: DumpOwner, release: Release | None) -> list[str]:
    """Where the page_owner lines do not read as ``release``'s would: a shape newer than the
    release, GFP names other than the release's; a mask wider than any kernel's, release or not."""
    notes: list[str] = []
    if owner.gfp_mask is not None and owner.gfp_mask >= GFP_MASK_LIMIT:
        notes.append(
            f"page_owner's gfp_mask {owner.gfp_mask:#x} is wider than any kernel's gfp_t (32 bits): "
            "a damaged line, not decoded"
        )
    if release is None:
        return notes
    if owner.era is not None and parse_release(owner.era).position > release.position:
        notes.append(f"the page_owner lines have the form of {owner.era} and later, not of {release.name}")
    decoded = decoded_gfp(owner, release)
    if decoded is not None and owner.gfp_printed is not None and decoded != owner.gfp_printed:
        notes.append(
            f"page_owner's gfp_mask {owner.gfp_mask:#x}: the kernel printed ({owner.gfp_printed}), the spec "
            f"decodes ({decoded}) for {release.name} (a config such as LOCKDEP or KASAN_HW_TAGS moves the bits)"
        )
    return notes


def decoded_gfp(owner: DumpOwner, release: Release | None) -> str | None:
    """The ``%pGg`` text of the owner's mask as the release's default config names it; None
    without a mask, a release, or GFP names for it."""
    if owner.gfp_mask is None or release is None:
        return None
    try:
        return decode_gfp(owner.gfp_mask, release).pgg()
    except (UnknownRelease, BadValue):
        return None


def owner_dict(owner: DumpOwner, release: Release | None) -> dict[str, object]:
    """The owner as JSON: the mask in hex with its names as printed and as decoded."""
    data: dict[str, object] = {
        name: value for name, value in owner._asdict().items() if name not in ("gfp_mask", "gfp_printed")
    }
    decoded = decoded_gfp(owner, release)
    data["gfp"] = (
        None
        if owner.gfp_mask is None
        else {
            "mask": f"{owner.gfp_mask:#x}",
            "printed": _names(owner.gfp_printed),
            "decoded": None if decoded is None else _names(decoded),
        }
    )
    return data


def _names(pgg: str | None) -> list[str]:
    return pgg.split("|") if pgg else []


def owner_lines(owner: DumpOwner, release: Release | None) -> Iterator[str]:
    """The owner for people, indented under its report."""
    head = [f"page_owner (line {owner.line}, form of {owner.era or 'no known release'})"]
    if owner.tracked:
        head.append(f"tracks the page as {owner.tracked}")
    yield "  " + ", ".join(head)
    if owner.order is not None:
        decoded = decoded_gfp(owner, release)
        gfp = f"gfp_mask {owner.gfp_mask:#x} printed ({owner.gfp_printed})"
        if decoded is not None:
            gfp += f", decoded ({decoded})"
        yield f"    last allocated: order {owner.order}, migratetype {owner.migratetype}, {gfp}"
        who = _task(owner.pid, owner.tgid, owner.comm)
        if who or owner.ts is not None:
            times = f", ts {owner.ts}" if owner.ts is not None else ""
            freed = f", free_ts {owner.free_ts}" if owner.free_ts is not None else ""
            yield f"    by {who or 'a task not printed'}{times}{freed}"
    yield from _stack("allocation stack", owner.alloc_stack)
    if owner.free_stack or owner.free_pid is not None:
        freed_by = _task(owner.free_pid, owner.free_tgid, None)
        yield from _stack("free stack" + (f" (freed by {freed_by})" if freed_by else ""), owner.free_stack)
    if owner.migrate_reason is not None:
        yield f"    last migrate reason: {owner.migrate_reason}"
    yield from (f"    {message}" for message in owner.messages)


def _task(pid: int | None, tgid: int | None, comm: str | None) -> str:
    parts = [f"pid {pid}"] if pid is not None else []
    if tgid is not None:
        parts.append(f"tgid {tgid}")
    if comm is not None:
        parts.append(f"({comm})")
    return " ".join(parts)


def _stack(title: str, frames: tuple[str, ...]) -> Iterator[str]:
    if frames:
        yield f"    {title}:"
        yield from (f"      {frame}" for frame in frames)
