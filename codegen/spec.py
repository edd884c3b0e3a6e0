"""The validated spec: the model records of every file, each with the YAML mapping it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kpageflags.facts.model import (
    ArchAlias,
    ConfigNumber,
    ConfigPreset,
    DumpPageFeature,
    Evidence,
    FieldsEra,
    GfpLayout,
    GfpNameTable,
    KernelOverlay,
    KnownBug,
    KpfFlag,
    MemoryCategory,
    NameList,
    OverloadRule,
    PagemapDerivedBit,
    PagemapField,
    PagemapLayout,
    PageOwnerSortSwitch,
    PageTypeScheme,
    PageTypesName,
    PageTypesOption,
    PageTypesSwitch,
    PgAlias,
    PgContext,
    PgEnum,
    PgFlag,
    PgZone,
    RecordedRelease,
    SlabinfoSwitch,
)
from kpageflags.facts.release_names import ReleaseKey, endpoint_key, split_release_name

from .diagnostics import Location
from .yamlload import LocatedMap

T = TypeVar("T")


@dataclass(frozen=True)
class Placed(Generic[T]):
    """A model object and the YAML mapping it came from, for cross-file error locations."""

    value: T
    mapping: LocatedMap

    def at(self, key: str) -> Location:
        return self.mapping.value_location(key) if key in self.mapping else self.mapping.location


@dataclass
class Spec:
    """The whole validated spec, as the generator and the docs consume it."""

    releases: tuple[str, ...] = ()
    recorded_releases: list[Placed[RecordedRelease]] = field(default_factory=list)
    kpf_flags: list[Placed[KpfFlag]] = field(default_factory=list)
    page_types_names: list[Placed[PageTypesName]] = field(default_factory=list)
    overloads: list[Placed[OverloadRule]] = field(default_factory=list)
    pagemap_derived: list[Placed[PagemapDerivedBit]] = field(default_factory=list)
    pagemap_layouts: list[Placed[PagemapLayout]] = field(default_factory=list)
    pagemap_fields: list[Placed[PagemapField]] = field(default_factory=list)
    bugs: list[Placed[KnownBug]] = field(default_factory=list)
    categories: list[Placed[MemoryCategory]] = field(default_factory=list)
    page_types_masks: dict[str, tuple[int, tuple[Evidence, ...]]] = field(default_factory=dict)
    pg_contexts: list[Placed[PgContext]] = field(default_factory=list)
    pg_flags: list[Placed[PgFlag]] = field(default_factory=list)
    pg_enums: list[Placed[PgEnum]] = field(default_factory=list)
    pg_aliases: list[Placed[PgAlias]] = field(default_factory=list)
    presets: list[Placed[ConfigPreset]] = field(default_factory=list)
    arch_aliases: list[Placed[ArchAlias]] = field(default_factory=list)
    config_numbers: list[Placed[ConfigNumber]] = field(default_factory=list)
    pg_zones: list[Placed[PgZone]] = field(default_factory=list)
    fields_eras: list[Placed[FieldsEra]] = field(default_factory=list)
    page_type_schemes: list[Placed[PageTypeScheme]] = field(default_factory=list)
    dump_page_features: list[Placed[DumpPageFeature]] = field(default_factory=list)
    overlays: list[Placed[KernelOverlay]] = field(default_factory=list)
    tool_switches: list[Placed[PageTypesSwitch]] = field(default_factory=list)
    tool_options: list[Placed[PageTypesOption]] = field(default_factory=list)
    gfp_layouts: list[Placed[GfpLayout]] = field(default_factory=list)
    gfp_name_tables: list[Placed[GfpNameTable]] = field(default_factory=list)
    name_lists: list[Placed[NameList]] = field(default_factory=list)
    page_owner_sort_switches: list[Placed[PageOwnerSortSwitch]] = field(default_factory=list)
    slabinfo_switches: list[Placed[SlabinfoSwitch]] = field(default_factory=list)
    docs: dict[str, str] = field(default_factory=dict)

    def release_key(self, endpoint: str) -> ReleaseKey:
        """Where a validated range endpoint ("6.6", "6.6.30", "6.7-rc1") lies among the releases."""
        name = split_release_name(endpoint)
        if name is None:
            raise ValueError(f"{endpoint!r} was not validated as a release")
        return endpoint_key(name, self.releases)
