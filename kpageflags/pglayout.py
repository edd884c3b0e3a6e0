"""The kernel-internal page->flags word: PG_ bit layouts per release and config, and decoding.

``pg_layout("6.18", config)`` numbers the members of ``enum pageflags`` as that kernel does;
``decode_page_flags(word, ...)`` names the set bits, picking the aliases that apply to the
kind of page the caller says it has (``context``), and reads the fields in the upper bits.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from ._generated.pageflags import PG_ALIASES, PG_CONTEXTS, PG_ENUMS
from ._generated.presets import CONFIG_PRESETS
from .errors import BadValue, KpageflagsError, UnknownFlag
from .kconfig import BadConfig, KernelConfig, read_config
from .kpf import U64
from .model import PgAlias, PgEnum
from .releases import Release, as_release, release_in


class UnknownPreset(KpageflagsError):
    """A config preset name the spec does not define."""


class PgBit(NamedTuple):
    """One bit of the flags area: the enum member on it and the aliases it may carry."""

    bit: int
    name: str
    aliases: Tuple[PgAlias, ...]


class PgLayout(NamedTuple):
    """The PG_ layout of one kernel: which member is on which bit, and ``__NR_PAGEFLAGS``."""

    kernel: str
    config: str
    bits: Tuple[PgBit, ...]
    nr_pageflags: int

    def bit_of(self, name: str) -> int:
        """The bit of a member or of an alias; raises ``UnknownFlag``."""
        for entry in self.bits:
            if entry.name == name or any(alias.name == name for alias in entry.aliases):
                return entry.bit
        raise UnknownFlag(f"PG_{name} is not a page flag of {self.kernel} with config {self.config}")

    def member(self, bit: int) -> Optional[PgBit]:
        for entry in self.bits:
            if entry.bit == bit:
                return entry
        return None

    def to_dict(self) -> Dict[str, object]:
        return {
            "kernel": self.kernel,
            "config": self.config,
            "nr_pageflags": self.nr_pageflags,
            "flags": [
                {"bit": b.bit, "name": b.name,
                 "aliases": [{"name": a.name, "context": list(a.context), "requires": list(a.requires),
                              "since": a.since, "until": a.until} for a in b.aliases]}
                for b in self.bits
            ],
        }


def presets() -> Tuple[str, ...]:
    """The names of the config presets (``x86_64``, ``arm64``)."""
    return tuple(p.name for p in CONFIG_PRESETS)


def preset_config(name: str) -> KernelConfig:
    for preset in CONFIG_PRESETS:
        if preset.name == name:
            from types import MappingProxyType

            return KernelConfig(f"preset {name}", MappingProxyType(dict(preset.values)))
    known = ", ".join(presets())
    raise UnknownPreset(f"'{name}' is not a config preset; the presets are: {known}")


def contexts() -> Tuple[str, ...]:
    """The page contexts an alias can depend on (``anon``, ``file``, ``xen``...)."""
    return tuple(c.name for c in PG_CONTEXTS)


def _enum_at(release: Release) -> PgEnum:
    for enum in PG_ENUMS:
        if release_in(release.position, enum.since, enum.until):
            return enum
    raise KpageflagsError(f"the spec has no enum pageflags for {release}")


def pg_layout(kernel: Union[str, Release], config: Union[KernelConfig, str, None] = None) -> PgLayout:
    """The PG_ layout of a release for a config (a ``KernelConfig``, a preset name, or a
    path to a ``.config``/``config.gz``; default: the ``x86_64`` preset)."""
    resolved = resolve_config(config)
    return _layout(as_release(kernel), resolved.label, tuple(sorted(resolved.values.items())))


def resolve_config(config: Union[KernelConfig, str, None]) -> KernelConfig:
    if config is None:
        return preset_config("x86_64")
    if isinstance(config, KernelConfig):
        return config
    if config in presets():
        return preset_config(config)
    if "/" in config or config.startswith("."):
        return read_config(config)
    raise UnknownPreset(f"'{config}' is neither a config preset ({', '.join(presets())}) nor a config file path")


@lru_cache(maxsize=256)
def _layout(release: Release, label: str, values: Tuple[Tuple[str, str], ...]) -> PgLayout:
    from types import MappingProxyType

    config = KernelConfig(label, MappingProxyType(dict(values)))
    enum = _enum_at(release)
    numbered: List[Tuple[int, str]] = []
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
    aliases: Dict[str, List[PgAlias]] = {}
    for alias in PG_ALIASES:
        if release_in(release.position, alias.since, alias.until) and config.test(alias.condition):
            aliases.setdefault(alias.of, []).append(alias)
    bits = tuple(PgBit(bit, name, tuple(aliases.get(name, ()))) for bit, name in sorted(numbered))
    return PgLayout(release.name, config.label, bits, count)


class PageFlagBit(NamedTuple):
    """A set bit of a decoded page->flags word: the member, and the aliases that apply."""

    bit: int
    name: str
    applies: Tuple[str, ...]
    possible: Tuple[str, ...]

    @property
    def meaning(self) -> str:
        """The alias that applies, if exactly one does, else the member's own name."""
        return self.applies[0] if len(self.applies) == 1 else self.name


class DecodedPageFlags(NamedTuple):
    """A page->flags word decoded for one kernel: flag bits, upper fields and unknown bits."""

    value: int
    kernel: str
    config: str
    flags: Tuple[PageFlagBit, ...]
    unknown_bits: Tuple[int, ...]
    fields: Mapping[str, int]

    @property
    def names(self) -> Tuple[str, ...]:
        return tuple(f.name for f in self.flags)

    @property
    def meanings(self) -> Tuple[str, ...]:
        return tuple(f.meaning for f in self.flags)

    def to_dict(self) -> Dict[str, object]:
        return {
            "value": f"0x{self.value:016x}", "kernel": self.kernel, "config": self.config,
            "flags": list(self.names), "meanings": list(self.meanings),
            "bits": [{"bit": f.bit, "name": f.name, "applies": list(f.applies), "possible": list(f.possible)}
                     for f in self.flags],
            "unknown_bits": list(self.unknown_bits), "fields": dict(self.fields),
        }


def decode_page_flags(value: int, kernel: Union[str, Release, None] = None,
                      config: Union[KernelConfig, str, None] = None, *, layout: Optional[PgLayout] = None,
                      context: Iterable[str] = ()) -> DecodedPageFlags:
    """Decodes a page->flags word.

    ``context`` names what the caller knows about the page (``anon``, ``file``, ``xen``,
    ``second_page``...); an alias applies when its contexts are all known and the flags it
    requires are set in the word.

    >>> decode_page_flags(0x20024, "6.18", "x86_64", context=["anon"]).meanings
    ('referenced', 'lru', 'swapbacked')
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= U64:
        raise BadValue(f"{value!r} is not a 64-bit page->flags word")
    if layout is None:
        if kernel is None:
            raise TypeError("give the kernel release (kernel='6.18') or an explicit layout")
        layout = pg_layout(kernel, config)
    known = set(contexts())
    given = tuple(context)
    for name in given:
        if name not in known:
            raise BadConfig(f"'{name}' is not a page context; the contexts are: {', '.join(sorted(known))}")
    by_bit = {b.bit: b for b in layout.bits}
    flag_area = (1 << layout.nr_pageflags) - 1
    flags: List[PageFlagBit] = []
    unknown: List[int] = []
    for bit in range(64):
        if not value >> bit & 1 or not flag_area >> bit & 1:
            continue
        entry = by_bit.get(bit)
        if entry is None:
            unknown.append(bit)
            continue
        applies = tuple(a.name for a in entry.aliases
                        if set(a.context) <= set(given) and all(_is_set(value, layout, r) for r in a.requires))
        flags.append(PageFlagBit(bit, entry.name, applies, tuple(a.name for a in entry.aliases)))
    return DecodedPageFlags(value, layout.kernel, layout.config, tuple(flags), tuple(unknown), {})


def _is_set(value: int, layout: PgLayout, name: str) -> bool:
    try:
        return bool(value >> layout.bit_of(name) & 1)
    except UnknownFlag:
        return False


def running_config() -> KernelConfig:
    """The running kernel's config, from /proc/config.gz or /boot/config-RELEASE."""
    import os

    candidates = ["/proc/config.gz", f"/boot/config-{os.uname().release}"]
    for path in candidates:
        if os.path.exists(path):
            return read_config(path)
    raise BadConfig(f"no config of the running kernel: none of {', '.join(candidates)} exists")


__all__ = ["DecodedPageFlags", "PageFlagBit", "PgBit", "PgLayout", "UnknownPreset", "contexts",
           "decode_page_flags", "pg_layout", "preset_config", "presets", "resolve_config", "running_config"]
_ = Mapping  # kept for the public type of DecodedPageFlags.fields
