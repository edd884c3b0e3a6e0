"""The kernel-internal page->flags word: ``PG_`` bit layouts per release and config, and decoding.

``pg_layout("6.18", config)`` numbers the members of ``enum pageflags`` as that kernel does;
``decode_page_flags(word, ...)`` names the set bits, picking the aliases that apply to the
kind of page the caller says it has (``context``), and reads the fields in the upper bits.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple, SupportsIndex

from .._generated.pageflags import (
    DUMP_PAGE_FEATURES,
    FIELDS_ERAS,
    PAGE_TYPE_SCHEMES,
    PG_ALIASES,
    PG_CONTEXTS,
    PG_ENUMS,
    PG_ZONES,
)
from .._generated.presets import ARCH_ALIASES, CONFIG_NUMBERS, CONFIG_PRESETS
from ..errors import BadConfig, EnvironmentProblem, KpageflagsError, UnknownFlag, UnknownPreset
from .kconfig import KernelConfig, read_config
from .kpf import as_u64
from .model import DumpPageFeature, DumpPageFeatureName, FieldsEra, PageTypeScheme, PgAlias, PgEnum, PgZone
from .release_names import ReleaseKey
from .releases import Release, as_release, release_in, release_or_running


class PgBit(NamedTuple):
    """One bit of the flags area: the enum member on it and the aliases it may carry."""

    bit: int
    name: str
    aliases: tuple[PgAlias, ...]


class FlagsField(NamedTuple):
    """A field in the upper bits of page->flags: ``(word >> shift) & ((1 << width) - 1)``."""

    name: str
    shift: int
    width: int

    def read(self, word: int) -> int:
        return (word >> self.shift) & ((1 << self.width) - 1)


class PgLayout(NamedTuple):
    """The layout of one kernel's page->flags: which member is on which bit, ``__NR_PAGEFLAGS``,
    the fields in the upper bits, the zone names, and notes on what could not be worked out.

    >>> layout = pg_layout('4.19', 'x86_64')
    >>> layout.bit_of('slab'), [f.name for f in layout.fields]
    (8, ['node', 'zone', 'last_cpupid'])
    """

    kernel: str
    config: str
    bits: tuple[PgBit, ...]
    nr_pageflags: int
    bits_per_long: int
    fields: tuple[FlagsField, ...]
    zones: tuple[str, ...]
    printed_fields: bool
    page_type: PageTypeScheme
    notes: tuple[str, ...]
    release: Release

    def page_type_of(self, value: int) -> str | None:
        """The type a page_type word (or, in ``mapcount`` releases, a _mapcount) gives, if any."""
        scheme = self.page_type
        value &= 0xFFFFFFFF
        if scheme.kind == "mapcount":
            signed = value - (1 << 32) if value >= 1 << 31 else value
            return next((name for name, mark in scheme.types if mark == signed), None)
        if scheme.kind == "inverted" and scheme.base is not None:
            found = [name for name, bit in scheme.types if value & (scheme.base | bit) == scheme.base]
            return "|".join(found) or None
        if scheme.kind == "top_byte":
            # The highest listed value is the kernel's boundary: at or above it there is no type.
            boundary = max(mark for _, mark in scheme.types)
            top = value >> 24
            return next((name for name, mark in scheme.types if mark == top and top < boundary), None)
        return None

    def bit_of(self, name: str) -> int:
        """The bit of a member or of an alias; raises ``UnknownFlag``."""
        for entry in self.bits:
            if entry.name == name or any(alias.name == name for alias in entry.aliases):
                return entry.bit
        raise UnknownFlag(f"PG_{name} is not a page flag of {self.kernel} with config {self.config}")

    def member(self, bit: int) -> PgBit | None:
        for entry in self.bits:
            if entry.bit == bit:
                return entry
        return None

    def in_enum(self, alias: PgAlias) -> bool:
        """Whether an alias of this layout is itself a member of the release's ``enum pageflags``
        (``PG_readahead = PG_reclaim``) rather than a name only the accessors use.

        >>> layout = pg_layout('5.16')
        >>> [layout.in_enum(a) for a in layout.member(layout.bit_of('reclaim')).aliases][:1]
        [True]
        """
        return release_in(self.release.position_of("pageflags"), alias.enum_since or alias.since, None)

    def enum_pageflags(self) -> tuple[tuple[str, int], ...]:
        """``enum pageflags`` as BTF shows it: the members by bit, ``__NR_PAGEFLAGS``, then the
        aliases that are members, each with its value. The kernel's order of the aliases is not
        recorded, so they come by the bit they share.

        >>> pg_layout('6.18').enum_pageflags()[:2]
        (('PG_locked', 0), ('PG_writeback', 1))
        """
        members = tuple((f"PG_{b.name}", b.bit) for b in self.bits)
        aliases = tuple((f"PG_{a.name}", b.bit) for b in self.bits for a in b.aliases if self.in_enum(a))
        return (*members, ("__NR_PAGEFLAGS", self.nr_pageflags), *aliases)

    def to_dict(self) -> dict[str, object]:
        return {
            "kernel": self.kernel,
            "config": self.config,
            "nr_pageflags": self.nr_pageflags,
            "bits_per_long": self.bits_per_long,
            "fields": [{"name": f.name, "shift": f.shift, "width": f.width} for f in self.fields],
            "zones": list(self.zones),
            "page_type": {
                "kind": self.page_type.kind,
                "base": self.page_type.base,
                "types": dict(self.page_type.types),
            },
            "notes": list(self.notes),
            "flags": [
                {
                    "bit": b.bit,
                    "name": b.name,
                    "aliases": [
                        {
                            "name": a.name,
                            "context": list(a.context),
                            "requires": list(a.requires),
                            "since": a.since,
                            "until": a.until,
                            "enum_member": self.in_enum(a),
                            "enum_value": b.bit if self.in_enum(a) else None,
                        }
                        for a in b.aliases
                    ],
                }
                for b in self.bits
            ],
        }


def presets() -> tuple[str, ...]:
    """The names of the config presets, one per architecture.

    >>> presets()[:4]
    ('x86_64', 'arm64', 'i386', 'arm')
    """
    return tuple(p.name for p in CONFIG_PRESETS)


def arch_aliases() -> Mapping[str, str]:
    """The other names of each preset as users type them (``uname -m`` and distribution
    spellings), to the preset's name.

    >>> arch_aliases()['aarch64'], arch_aliases()['ppc64el']
    ('arm64', 'ppc64le')
    """
    return MappingProxyType({alias.name: alias.preset for alias in ARCH_ALIASES})


def arch_preset(name: str) -> str:
    """The preset an architecture name picks: a preset's own name or an alias, in any case.

    >>> arch_preset('AArch64'), arch_preset('s390x')
    ('arm64', 's390x')
    """
    wanted = name.strip().lower()
    if wanted in presets():
        return wanted
    preset = arch_aliases().get(wanted)
    if preset is None:
        known = known_arches()
        raise UnknownPreset(f"'{name}' is not a config preset or another name of one; the presets are: {known}")
    return preset


def known_arches() -> str:
    """Each preset with its other names, in one line: ``x86_64 (amd64, x86-64), arm64 (aarch64)...``"""
    spellings: dict[str, list[str]] = {name: [] for name in presets()}
    for alias, preset in arch_aliases().items():
        spellings[preset].append(alias)
    return ", ".join(f"{name} ({', '.join(others)})" if others else name for name, others in spellings.items())


def preset_config(name: str) -> KernelConfig:
    """The config of a preset, by its name or an alias (``aarch64``, ``ppc64el``...)."""
    preset = arch_preset(name)
    found = next(p for p in CONFIG_PRESETS if p.name == preset)
    values = dict(found.values)
    # ``values`` is the newest release's config; pg_layout applies the ranges at its release.
    values.update((entry.symbol, entry.value) for entry in found.by_release if entry.until is None)
    ranges = tuple((entry.symbol, entry.value, entry.since, entry.until) for entry in found.by_release)
    return KernelConfig(f"preset {preset}", MappingProxyType(values), ranges)


def config_at(config: KernelConfig, position: ReleaseKey) -> KernelConfig:
    """The config of the release at ``position``: each symbol a config gives by release takes
    the value of the range holding that release, and is off outside them all."""
    if not config.by_release:
        return config
    ranged = {symbol for symbol, _, _, _ in config.by_release}
    values = {symbol: value for symbol, value in config.values.items() if symbol not in ranged}
    for symbol, value, since, until in config.by_release:
        if release_in(position, since, until):
            values[symbol] = value
    return KernelConfig(config.label, MappingProxyType(values))


def contexts() -> tuple[str, ...]:
    """The page contexts an alias can depend on (``anon``, ``file``, ``xen``...)."""
    return tuple(c.name for c in PG_CONTEXTS)


def _enum_at(release: Release) -> PgEnum:
    for enum in PG_ENUMS:
        if release_in(release.position_of("pageflags"), enum.since, enum.until):
            return enum
    raise KpageflagsError(f"the spec has no enum pageflags for {release}")


def pg_layout(kernel: str | Release, config: KernelConfig | str | None = None) -> PgLayout:
    """The ``PG_`` layout of a release for a config (a ``KernelConfig``, a preset name, or a
    path to a ``.config``/``config.gz``; default: the ``x86_64`` preset).

    >>> pg_layout('6.18', 'x86_64').nr_pageflags
    25
    """
    release = as_release(kernel)
    resolved = config_at(resolve_config(config), release.position_of("pageflags"))
    return _layout(release, resolved.label, tuple(sorted(resolved.values.items())))


def resolve_config(config: KernelConfig | str | None) -> KernelConfig:
    if config is None:
        return preset_config("x86_64")
    if isinstance(config, KernelConfig):
        return config
    if "/" in config or config.startswith("."):
        return read_config(config)
    return preset_config(config)


@lru_cache(maxsize=4096)
def _layout(release: Release, label: str, values: tuple[tuple[str, str], ...]) -> PgLayout:
    config = KernelConfig(label, MappingProxyType(dict(values)))
    enum = _enum_at(release)
    numbered: list[tuple[int, str]] = []
    position = 0
    for member in enum.members:
        if not config.test(member.condition):
            continue
        if member.bit is not None:
            numbered.append((member.bit, member.name))
        else:
            numbered.append((position, member.name))
            position += 1
    count = position if all(m.bit is None for m in enum.members) else max(b for b, _ in numbered) + 1
    aliases: dict[str, list[PgAlias]] = {}
    for alias in PG_ALIASES:
        if release_in(release.position_of("pageflags"), alias.since, alias.until) and config.test(alias.condition):
            aliases.setdefault(alias.of, []).append(alias)
    bits = tuple(PgBit(bit, name, tuple(aliases.get(name, ()))) for bit, name in sorted(numbered))
    basis = fields_basis(release, count)
    fields, notes = fields_of(basis, config)
    scheme = next(p for p in PAGE_TYPE_SCHEMES if release_in(release.position_of("page_type"), p.since, p.until))
    return PgLayout(
        release.name,
        config.label,
        bits,
        count,
        _bits_per_long(config),
        fields,
        basis.zones_with(config),
        basis.era.printed_fields,
        scheme,
        notes,
        release,
    )


class FieldsBasis(NamedTuple):
    """What the fields of a release's page->flags follow besides the config: the era's rules,
    the zones the release can have, and how many flag bits lie below them. Releases with one
    basis lay out their fields alike for every config."""

    era: FieldsEra
    zones: tuple[PgZone, ...]
    nr_pageflags: int

    def zones_with(self, config: KernelConfig) -> tuple[str, ...]:
        return tuple(zone.name for zone in self.zones if config.test(zone.condition))


def fields_basis(release: Release, nr_pageflags: int) -> FieldsBasis:
    position = release.position_of("fields")
    zones = tuple(zone for zone in PG_ZONES if release_in(position, zone.since, zone.until))
    return FieldsBasis(_era_at(release), zones, nr_pageflags)


def fields_of(basis: FieldsBasis, config: KernelConfig) -> tuple[tuple[FlagsField, ...], tuple[str, ...]]:
    """The fields above the flags for a config, and notes on what does not fit."""
    zone_count = len(basis.zones_with(config))
    return _fields(basis.era, config, basis.nr_pageflags, zone_count, _bits_per_long(config))


def _bits_per_long(config: KernelConfig) -> int:
    return 64 if config.enabled("64BIT") else 32


def dump_page_feature(name: DumpPageFeatureName) -> DumpPageFeature:
    """The releases in which dump_page prints a page as ``name`` says (spec/pageflags.yaml).

    >>> dump_page_feature("device_marker").since
    '6.19'
    """
    for feature in DUMP_PAGE_FEATURES:
        if feature.name == name:
            return feature
    raise KpageflagsError(f"the spec does not say when dump_page prints {name}")


def _era_at(release: Release) -> FieldsEra:
    for era in FIELDS_ERAS:
        if release_in(release.position_of("fields"), era.since, era.until):
            return era
    raise KpageflagsError(f"the spec has no page->flags field layout for {release}")


_NUMBER_BOUNDS = {number.symbol: number for number in CONFIG_NUMBERS}


def _number(config: KernelConfig, symbol: str, default: int) -> int:
    """A numeric option (``default`` when the config leaves it out); ``BadConfig`` when it lies
    outside what a kernel can be built with, as spec/presets.yaml gives it."""
    value = config.number(symbol, default)
    if symbol in config.values:
        bounds = _NUMBER_BOUNDS[symbol]
        if not bounds.low <= value <= bounds.high:
            raise BadConfig(
                f"{config.label}: CONFIG_{symbol}={config.values[symbol]} is out of range: "
                f"kernels are built with {bounds.low} to {bounds.high}"
            )
    return value


def _zones_shift(count: int) -> int:
    return 0 if count < 2 else 1 if count <= 2 else 2 if count <= 4 else 3


def _cpu_bits(era: FieldsEra, cpus: int) -> int:
    if cpus <= 1:
        return 0
    floor_log = cpus.bit_length() - 1
    if era.cpu_bits == "bits_per":
        return cpus.bit_length()
    if era.cpu_bits == "ilog2" or cpus == 1 << floor_log:
        return floor_log
    return floor_log + 1


def _fields(
    era: FieldsEra, config: KernelConfig, nr_pageflags: int, zone_count: int, bits_per_long: int
) -> tuple[tuple[FlagsField, ...], tuple[str, ...]]:
    """Shares out the bits above the flags the way include/linux/page-flags-layout.h does."""
    notes: list[str] = []
    budget = era.reserved_bits if era.reserved_bits and bits_per_long == 64 else bits_per_long - nr_pageflags
    zones = _zones_shift(zone_count)
    if zones > era.max_zones_shift:
        notes.append(f"{zone_count} zones do not fit this release's zone field (a kernel would not build)")
    sections = 0
    if config.enabled("SPARSEMEM") and (era.sections_with_vmemmap or not config.enabled("SPARSEMEM_VMEMMAP")):
        physical = _number(config, "ARCH_MAX_PHYSMEM_BITS", 0)
        section_size = _number(config, "ARCH_SECTION_SIZE_BITS", 0)
        if section_size > physical > 0:
            raise BadConfig(
                f"{config.label}: ARCH_SECTION_SIZE_BITS={section_size} exceeds ARCH_MAX_PHYSMEM_BITS={physical}"
            )
        if physical and section_size:
            sections = physical - section_size
        else:
            notes.append(
                "classic SPARSEMEM keeps a section number in page->flags, but its width depends on the "
                "architecture (ARCH_MAX_PHYSMEM_BITS, ARCH_SECTION_SIZE_BITS); it is left out"
            )
    node_shift = _number(config, "NODES_SHIFT", 0) if config.enabled("NUMA") else 0
    lru_gen = 3 if era.lru_gen and config.enabled("LRU_GEN") else 0
    node = node_shift if sections + zones + lru_gen + node_shift <= budget else 0
    if node_shift and not node:
        notes.append("the node number does not fit in page->flags; the kernel keeps it elsewhere")
    kasan = 0
    if config.enabled("KASAN_SW_TAGS"):
        kasan = era.kasan_sw_width
    elif config.enabled("KASAN_HW_TAGS"):
        kasan = era.kasan_hw_width
    last_shift = 0
    if era.last == "last_nid" and config.enabled("NUMA_BALANCING"):
        last_shift = node_shift
    elif era.last == "last_cpupid" and config.enabled("NUMA_BALANCING"):
        last_shift = 8 + _cpu_bits(era, _number(config, "NR_CPUS", 1))
    counted_node = node if era.last_test_uses_node_width else node_shift
    counted_kasan = kasan if era.kasan_in_last_test else 0
    fits = sections + zones + lru_gen + counted_node + counted_kasan + last_shift <= budget
    last = last_shift if fits else 0
    if last_shift and not last:
        notes.append(f"{era.last} does not fit in page->flags; the kernel keeps it in struct page")
    used = sections + node + zones + last + kasan + lru_gen
    refs = max(0, min(2, budget - used)) if lru_gen else 0
    fields: list[FlagsField] = []
    top = bits_per_long
    for name, width in (
        ("section", sections),
        ("node", node),
        ("zone", zones),
        (era.last, last),
        ("kasantag", kasan),
        ("lru_gen", lru_gen),
        ("lru_refs", refs),
    ):
        top -= width
        if width:
            fields.append(FlagsField(name, top, width))
    if top < nr_pageflags:
        notes.append("the fields overlap the flags: a kernel with this config would not build")
    return tuple(fields), tuple(notes)


class PageFlagBit(NamedTuple):
    """A set bit of a decoded page->flags word: the member, and the aliases that apply."""

    bit: int
    name: str
    applies: tuple[str, ...]
    possible: tuple[str, ...]

    @property
    def meaning(self) -> str:
        """The alias that applies, if exactly one does, else the member's own name."""
        return self.applies[0] if len(self.applies) == 1 else self.name


class DecodedPageFlags(NamedTuple):
    """A page->flags word decoded for one kernel: flag bits, upper fields and unknown bits.

    ``name in decoded`` asks whether a set bit is that member, or carries that alias where it
    applies; the other tuple operations are those of the named tuple.

    >>> decoded = decode_page_flags(0x17ffffc0010200, '5.15', 'x86_64')
    >>> decoded.names, decoded.fields['zone'], 'slab' in decoded
    (('slab', 'head'), 2, True)
    """

    value: int
    kernel: str
    config: str
    flags: tuple[PageFlagBit, ...]
    unknown_bits: tuple[int, ...]
    fields: Mapping[str, int]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.flags)

    @property
    def meanings(self) -> tuple[str, ...]:
        return tuple(f.meaning for f in self.flags)

    def __contains__(self, name: object) -> bool:
        """Whether a set bit is the member ``name`` or carries an alias ``name`` that applies."""
        return any(name == f.name or name in f.applies for f in self.flags)

    def to_dict(self) -> dict[str, object]:
        return {
            "value": f"0x{self.value:016x}",
            "kernel": self.kernel,
            "config": self.config,
            "flags": list(self.names),
            "meanings": list(self.meanings),
            "bits": [
                {"bit": f.bit, "name": f.name, "applies": list(f.applies), "possible": list(f.possible)}
                for f in self.flags
            ],
            "unknown_bits": list(self.unknown_bits),
            "fields": dict(self.fields),
        }


def decode_page_flags(
    value: SupportsIndex,
    kernel: str | Release | None = None,
    config: KernelConfig | str | None = None,
    *,
    layout: PgLayout | None = None,
    context: Iterable[str] = (),
) -> DecodedPageFlags:
    """Decodes a page->flags word (any integer but a bool, see ``kpf.as_u64``) with an explicit
    ``layout=``, or with the layout of ``kernel`` and ``config`` (see ``pg_layout``). Without a
    kernel the word is the running kernel's, laid out by its own config unless one is given; if
    no config of it is readable, the preset of this machine's architecture stands in, with a
    ``UserWarning``.

    ``context`` names what the caller knows about the page (``anon``, ``file``, ``xen``,
    ``second_page``...); an alias applies when its contexts are all known and the flags it
    requires are set in the word.

    >>> decode_page_flags(0x20024, "6.18", "x86_64", context=["anon"]).meanings
    ('referenced', 'lru', 'swapbacked')
    """
    value = as_u64(value, "page->flags word")
    layout = _layout_for(kernel, config, layout)
    known = set(contexts())
    given = tuple(context)
    for name in given:
        if name not in known:
            raise BadConfig(f"'{name}' is not a page context; the contexts are: {', '.join(sorted(known))}")
    by_bit = {b.bit: b for b in layout.bits}
    field_area = 0
    for field in layout.fields:
        field_area |= ((1 << field.width) - 1) << field.shift
    flags: list[PageFlagBit] = []
    unknown: list[int] = []
    for bit in range(64):
        if not value >> bit & 1 or field_area >> bit & 1:
            continue
        entry = by_bit.get(bit)
        if entry is None:
            unknown.append(bit)
            continue
        applies = tuple(
            a.name
            for a in entry.aliases
            if set(a.context) <= set(given) and all(_is_set(value, layout, r) for r in a.requires)
        )
        flags.append(PageFlagBit(bit, entry.name, applies, tuple(a.name for a in entry.aliases)))
    fields = {f.name: f.read(value) for f in layout.fields}
    return DecodedPageFlags(value, layout.kernel, layout.config, tuple(flags), tuple(unknown), fields)


def _layout_for(kernel: str | Release | None, config: KernelConfig | str | None, layout: PgLayout | None) -> PgLayout:
    if isinstance(kernel, PgLayout):
        raise TypeError(f"the layout of {kernel.kernel} was given where a kernel release goes; pass it as layout=")
    if layout is not None:
        if kernel is not None or config is not None:
            raise TypeError("give a kernel release (and config) or a layout=, not both")
        return layout
    if kernel is not None:
        return pg_layout(kernel, config)
    if config is None:
        config, note = running_config_or_preset()
        if note:
            warnings.warn(note, stacklevel=3)
    return pg_layout(release_or_running(None), config)


def _is_set(value: int, layout: PgLayout, name: str) -> bool:
    try:
        return bool(value >> layout.bit_of(name) & 1)
    except UnknownFlag:
        return False


def running_config() -> KernelConfig:
    """The running kernel's config, from /proc/config.gz or /boot/config-RELEASE."""
    candidates = ["/proc/config.gz", f"/boot/config-{os.uname().release}"]
    for path in candidates:
        if os.path.exists(path):
            return read_config(path)
    raise BadConfig(f"no config of the running kernel: none of {', '.join(candidates)} exists")


def running_config_or_preset() -> tuple[KernelConfig, str | None]:
    """The running kernel's config; or, when none is readable, the preset of this machine's
    architecture and a note saying why it stands in.

    >>> config, note = running_config_or_preset()  # doctest: +SKIP
    >>> config.label, note  # doctest: +SKIP
    ('/proc/config.gz', None)
    """
    try:
        return running_config(), None
    except (BadConfig, EnvironmentProblem) as error:
        machine = os.uname().machine
        try:
            preset, unfit = arch_preset(machine), ""
        except UnknownPreset:
            preset, unfit = "x86_64", f"; no preset is for this machine ({machine})"
        note = f"{error}{unfit}; using the {preset} preset, so config-dependent bits may differ"
        return preset_config(preset), note


__all__ = [
    "DecodedPageFlags",
    "FieldsBasis",
    "FlagsField",
    "PageFlagBit",
    "PgBit",
    "PgLayout",
    "UnknownPreset",
    "arch_aliases",
    "arch_preset",
    "config_at",
    "contexts",
    "known_arches",
    "decode_page_flags",
    "fields_basis",
    "fields_of",
    "pg_layout",
    "preset_config",
    "presets",
    "resolve_config",
    "running_config",
    "running_config_or_preset",
]
_ = Mapping  # kept for the public type of DecodedPageFlags.fields
