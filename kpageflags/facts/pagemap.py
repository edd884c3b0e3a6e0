"""Decoding /proc/PID/pagemap entries with the layout their kernel release used."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple, SupportsIndex

from .._generated.pagemap import PAGEMAP_FIELDS, PAGEMAP_LAYOUTS
from ..errors import PagemapFormatError
from .kpf import affecting_bugs, as_u64, bug_warning
from .model import PagemapField, PagemapLayout
from .releases import Release, as_release, release_in, release_or_running

PRESENT_FIELD = "present"
SWAPPED_FIELD = "swapped"
PAGE_SHIFT_FIELD = "page_shift"
# Linux has no page smaller than 4 KiB, so a layout with a page-shift field that reads
# below 12 did not write the entry (in v2, bits 55-60 are soft-dirty and zeros).
MIN_PAGE_SHIFT = 12


class PagemapEntry(NamedTuple):
    """One decoded pagemap entry. ``fields`` holds every field the release's layout defines
    for this kind of entry (present, swapped, or neither); ``unknown_bits`` are set bits
    that no such field explains.

    >>> entry = decode_pagemap(0x440000000000009f, '6.18')
    >>> entry.swapped, entry.guard, entry.swap_type, entry.swap_offset
    (True, True, 31, 4)
    """

    value: int
    kernel: str
    layout: str
    fields: Mapping[str, int]
    unknown_bits: tuple[int, ...]
    since: Mapping[str, str]
    """The mainline release each field first appeared in."""
    warnings: tuple[str, ...] = ()
    """Known kernel bugs that may make this entry's fields wrong at its release."""

    def _flag(self, name: str) -> bool | None:
        return bool(self.fields[name]) if name in self.fields else None

    @property
    def present(self) -> bool:
        return bool(self.fields.get(PRESENT_FIELD, 0))

    @property
    def swapped(self) -> bool:
        return bool(self.fields.get(SWAPPED_FIELD, 0))

    @property
    def pfn(self) -> int | None:
        return self.fields.get("pfn")

    @property
    def swap_type(self) -> int | None:
        return self.fields.get("swap_type")

    @property
    def swap_offset(self) -> int | None:
        return self.fields.get("swap_offset")

    @property
    def page_shift(self) -> int | None:
        return self.fields.get(PAGE_SHIFT_FIELD)

    @property
    def soft_dirty(self) -> bool | None:
        return self._flag("soft_dirty")

    @property
    def exclusive(self) -> bool | None:
        return self._flag("exclusive")

    @property
    def uffd_wp(self) -> bool | None:
        return self._flag("uffd_wp")

    @property
    def guard(self) -> bool | None:
        return self._flag("guard")

    @property
    def file_or_shared_anon(self) -> bool | None:
        return self._flag("file_or_shared_anon")

    @property
    def hex(self) -> str:
        return f"0x{self.value:016x}"

    def to_dict(self) -> dict[str, object]:
        """The JSON object of ``kpageflags pagemap --json`` (schema in docs/json.md)."""
        return {
            "value": self.hex,
            "kernel": self.kernel,
            "layout": self.layout,
            "fields": dict(self.fields),
            "unknown_bits": list(self.unknown_bits),
            "since": dict(self.since),
            "warnings": list(self.warnings),
        }


def layouts_at(kernel: str | Release) -> tuple[PagemapLayout, ...]:
    """The pagemap layouts a release can produce (two in 3.11-4.2: v1 and v2).

    >>> [layout.name for layout in layouts_at('4.0')]
    ['v1', 'v2']
    """
    index = as_release(kernel).position_of("pagemap")
    return tuple(layout for layout in PAGEMAP_LAYOUTS if release_in(index, layout.since, layout.until))


def fields_at(kernel: str | Release, layout: str) -> tuple[PagemapField, ...]:
    """The fields of a pagemap layout in a release.

    >>> [f.name for f in fields_at('6.18', 'fixed')][:4]
    ['pfn', 'swap_type', 'swap_offset', 'soft_dirty']
    """
    index = as_release(kernel).position_of("pagemap")
    return tuple(f for f in PAGEMAP_FIELDS if layout in f.layouts and release_in(index, f.since, f.until))


def _extract(value: int, field: PagemapField) -> int:
    return (value >> field.low) & ((1 << (field.high - field.low + 1)) - 1)


def _read(value: int, fields: tuple[PagemapField, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    flags = {f.name: _extract(value, f) for f in fields if f.applies == "always"}
    if flags.get(PRESENT_FIELD):
        kind = "present"
    elif flags.get(SWAPPED_FIELD):
        kind = "swapped"
    else:
        kind = None
    result: dict[str, int] = {}
    explained = 0
    for field in fields:
        if field.applies in ("always", kind):
            result[field.name] = _extract(value, field)
            explained |= ((1 << (field.high - field.low + 1)) - 1) << field.low
    unknown = tuple(bit for bit in range(64) if (value & ~explained) >> bit & 1)
    return result, unknown


def decode_pagemap(
    value: SupportsIndex, kernel: str | Release | None = None, *, layout: str | None = None
) -> PagemapEntry:
    """Decodes a pagemap entry as ``kernel`` wrote it (default: the running kernel). ``value`` is
    any integer but a bool (see ``kpf.as_u64``).

    In 3.11-4.2 the kernel wrote either the old layout (``v1``: the page shift in bits
    55-60) or the new one (``v2``); without ``layout`` the entry itself tells, since a
    page shift is never 0. Before 3.11 an entry without a page shift cannot have come
    from that kernel and is refused.

    >>> decode_pagemap(0x8100000000012345, "6.18").pfn
    74565
    """
    value = as_u64(value, "pagemap entry")
    release = release_or_running(kernel)
    candidates = layouts_at(release)
    if layout is not None:
        chosen = [c for c in candidates if c.name == layout]
        if not chosen:
            names = ", ".join(c.name for c in candidates)
            raise PagemapFormatError(f"pagemap layout '{layout}' was not used by {release}; it used: {names}")
        candidates = tuple(chosen)
    decoded: list[PagemapEntry] = []
    for candidate in candidates:
        fields = fields_at(release, candidate.name)
        values, unknown = _read(value, fields)
        since = MappingProxyType({f.name: f.since for f in fields if f.name in values})
        entry = PagemapEntry(value, release.name, candidate.name, MappingProxyType(values), unknown, since)
        if PAGE_SHIFT_FIELD in values and values[PAGE_SHIFT_FIELD] < MIN_PAGE_SHIFT:
            if len(candidates) == 1:
                raise PagemapFormatError(
                    f"pagemap entry {entry.hex} has no page shift in bits 55-60 (it reads "
                    f"{values[PAGE_SHIFT_FIELD]}), which every entry of the '{candidate.name}' layout of "
                    f"{release} carries; was it read from a later kernel?"
                )
            continue
        decoded.append(entry)
    if not decoded:
        raise PagemapFormatError(f"pagemap entry 0x{value:016x} fits none of the layouts of {release}")
    # Where two layouts read the entry, the one leaving fewer bits unexplained wrote it.
    entry = min(decoded, key=lambda d: len(d.unknown_bits))
    return entry._replace(warnings=_warnings(entry, release))


def _warnings(entry: PagemapEntry, release: Release) -> tuple[str, ...]:
    """The known pagemap bugs of the release that fire on this entry; they concern mapped
    pages, so an entry that is not present gets none."""
    if not entry.present:
        return ()
    found = []
    for bug, certain in affecting_bugs(release, "pagemap"):
        states = [bool(entry.fields[name]) for name in bug.pagemap_fields if name in entry.fields]
        warning = bug_warning(bug, certain, states)
        if warning is not None:
            found.append(warning)
    return tuple(found)
