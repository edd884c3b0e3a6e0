"""GFP masks, migratetypes and migrate reasons as a given kernel names them.

``gfp_layout("6.18", config)`` numbers the ``___GFP_`` bits as that kernel does;
``decode_gfp(mask, ...)`` splits a mask into the names ``%pGg`` prints, in its order, and
``format_gfp`` gives the whole ``%#x(%pGg)`` text page_owner writes.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from .._generated.gfp import GFP_LAYOUTS, GFP_NAME_TABLES, NAME_LISTS
from ..errors import BadValue, UnknownRelease
from .kconfig import KernelConfig
from .model import GfpLayout, GfpName, GfpNameTable, NameList, NameListKind
from .pglayout import config_at, resolve_config
from .releases import Release, as_release, release_in

GFP_MASK_LIMIT = 1 << 32
"""gfp_t is an unsigned int: page_owner prints it with %#x."""

E = TypeVar("E", GfpLayout, GfpNameTable)

SPEC_PART = "pageflags"
"""The GFP facts follow a vendor overlay as page->flags does: both come from mm/."""


class GfpLayout32(NamedTuple):
    """The ``___GFP_`` bits of one kernel build, and the ``%pGg`` names as masks in table order."""

    release: str
    config: str
    bits: tuple[tuple[str, int], ...]
    names: tuple[tuple[str, int], ...]

    def bit_of(self, flag: str) -> int | None:
        return dict(self.bits).get(flag)


class DecodedGfp(NamedTuple):
    """A mask as ``%pGg`` reads it: the names it prints, and the bits no name covered."""

    mask: int
    names: tuple[str, ...]
    unknown: int

    def pgg(self) -> str:
        """The text of ``%pGg``: names joined by ``|``, leftover bits last as hex."""
        parts = list(self.names)
        if self.unknown:
            parts.append(f"{self.unknown:#x}")
        return "|".join(parts)


def gfp_layout(kernel: str | Release, config: KernelConfig | str | None = None) -> GfpLayout32:
    """The GFP bits and names of a release for a config (a ``KernelConfig``, preset name or
    ``.config`` path; default: the ``x86_64`` preset, where LOCKDEP, KASAN_HW_TAGS and
    SLAB_OBJ_EXT are off).

    >>> gfp_layout('6.18').bit_of('NOLOCKDEP') is None
    True
    """
    release = as_release(kernel)
    position = release.position_of(SPEC_PART)
    resolved = config_at(resolve_config(config), position)
    return _layout(release, resolved.label, tuple(sorted(resolved.values.items())))


@lru_cache(maxsize=256)
def _layout(release: Release, label: str, values: tuple[tuple[str, str], ...]) -> GfpLayout32:
    config = KernelConfig(label, MappingProxyType(dict(values)))
    layout = _entry_at(release, GFP_LAYOUTS, "GFP bit layout")
    bits = _numbered(layout, config)
    names = tuple((name.name, _mask(name.flags, bits)) for name in _table_names(release) if config.test(name.condition))
    return GfpLayout32(release.name, label, tuple(sorted(bits.items(), key=lambda item: item[1])), names)


def _table_names(release: Release) -> tuple[GfpName, ...]:
    """The gfpflag_names of a release; none before the first table, as the kernel had no %pGg."""
    if release.position_of(SPEC_PART) < as_release(_first_table()).position:
        return ()
    return _entry_at(release, GFP_NAME_TABLES, "gfpflag_names table").names


def _numbered(layout: GfpLayout, config: KernelConfig) -> dict[str, int]:
    bits: dict[str, int] = {}
    position = 0
    for member in layout.members:
        if not config.test(member.condition):
            continue
        bits[member.name] = member.bit if member.bit is not None else position
        position += 1
    return bits


def _mask(flags: tuple[str, ...], bits: dict[str, int]) -> int:
    """A name's mask; a flag the config leaves out is 0 in the kernel, and so here."""
    return sum(1 << bits[flag] for flag in set(flags) if flag in bits)


def _first_table() -> str:
    return min(GFP_NAME_TABLES, key=lambda table: as_release(table.since).position).since


def _entry_at(release: Release, entries: tuple[E, ...], what: str) -> E:
    position = release.position_of(SPEC_PART)
    for entry in entries:
        if release_in(position, entry.since, entry.until):
            return entry
    first = min(entries, key=lambda entry: as_release(entry.since).position).since
    raise UnknownRelease(f"no {what} is recorded for {release.name}: GFP facts start at {first}")


def decode_gfp(mask: int, kernel: str | Release, config: KernelConfig | str | None = None) -> DecodedGfp:
    """The names ``%pGg`` prints for ``mask``, in its order, and the bits left unnamed.

    >>> decode_gfp(0xcc0, '6.18').names
    ('GFP_KERNEL',)
    """
    if not 0 <= mask < GFP_MASK_LIMIT:
        raise BadValue(f"GFP mask {mask:#x} does not fit in 32 bits")
    layout = gfp_layout(kernel, config)
    if not layout.names:
        raise UnknownRelease(f"{layout.release} has no %pGg: the kernel names GFP masks from {_first_table()}")
    left = mask
    printed: list[str] = []
    # The kernel's format_flags(): a name matches when all its bits are still set; an entry
    # whose mask is 0 therefore always matches, as it does in the kernel.
    for name, bits in layout.names:
        if not left:
            break
        if left & bits == bits:
            printed.append(name)
            left &= ~bits
    return DecodedGfp(mask, tuple(printed), left)


def decode_gfp_bits(mask: int, kernel: str | Release, config: KernelConfig | str | None = None) -> DecodedGfp:
    """A mask split into its ``__GFP_`` bits as the release numbers them, lowest first, and the
    bits it has no flag on: the names for kernels that print the mask in hex only (page_owner
    before 4.6), where no ``%pGg`` table says how the kernel would have named it.

    >>> decode_gfp_bits(0x200D0, '4.4').pgg()
    '__GFP_RECLAIMABLE|__GFP_IO|__GFP_FS|__GFP_HARDWALL'
    >>> decode_gfp_bits(1 << 30, '4.4').pgg()
    '0x40000000'
    """
    if not 0 <= mask < GFP_MASK_LIMIT:
        raise BadValue(f"GFP mask {mask:#x} does not fit in 32 bits")
    bits = gfp_layout(kernel, config).bits
    names = tuple(f"__GFP_{name}" for name, bit in bits if mask >> bit & 1)
    covered = sum(1 << bit for _, bit in bits)
    return DecodedGfp(mask, names, mask & ~covered)


def format_gfp(mask: int, kernel: str | Release, config: KernelConfig | str | None = None) -> str:
    """The kernel's ``%#x(%pGg)`` text for ``mask``, as page_owner prints it.

    >>> format_gfp(0x100cca, '5.19')
    '0x100cca(GFP_HIGHUSER_MOVABLE)'
    """
    return f"{mask:#x}({decode_gfp(mask, kernel, config).pgg()})"


def migratetype_names(kernel: str | Release, config: KernelConfig | str | None = None) -> tuple[str, ...]:
    """``migratetype_names`` of a release, indexed by migratetype, for a config (CMA and
    MEMORY_ISOLATION decide the last two)."""
    release = as_release(kernel)
    resolved = config_at(resolve_config(config), release.position_of(SPEC_PART))
    return tuple(member.name for member in _names(release, "migratetype").names if resolved.test(member.condition))


def migrate_reasons(kernel: str | Release) -> tuple[str, ...]:
    """``migrate_reason_names`` of a release, indexed by ``enum migrate_reason``."""
    return tuple(member.name for member in _names(as_release(kernel), "migrate_reason").names)


def _names(release: Release, kind: NameListKind) -> NameList:
    position = release.position_of(SPEC_PART)
    lists = [names for names in NAME_LISTS if names.kind == kind]
    for names in lists:
        if release_in(position, names.since, names.until):
            return names
    first = min(lists, key=lambda names: as_release(names.since).position).since
    raise UnknownRelease(f"no {kind} names are recorded for {release.name}: they start at {first}")
