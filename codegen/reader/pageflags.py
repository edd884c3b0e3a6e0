"""spec/pageflags.yaml: enum pageflags and its aliases, the zones, page->flags fields and page_type."""

from __future__ import annotations

import re

from kpageflags.facts.model import (
    DumpPageFeature,
    DumpPageFeatureName,
    FieldsEra,
    FieldsEraCpuBits,
    FieldsEraLast,
    PageTypeScheme,
    PageTypeSchemeKind,
    PgAlias,
    PgContext,
    PgEnum,
    PgFlag,
    PgMember,
    PgZone,
)

from ..diagnostics import Location
from ..fields import Fields, is_identifier
from ..yamlload import LocatedMap
from .base import FileReader

ZONE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")
# FieldsEra's fields from sections_with_vmemmap to printed_fields, in its order: the ones an era must give.
EraLayout = tuple[bool, int, FieldsEraLast, bool, int, int, bool, bool, FieldsEraCpuBits, bool]


class PageflagsReader(FileReader):
    name = "pageflags.yaml"
    list_key = "enums"

    def read(self, top: Fields) -> None:
        top.mapped("contexts", self._context)
        top.mapped("flags", self._flag)
        top.mapped("enums", self._enum)
        top.mapped("aliases", self._alias)
        top.mapped("zones", self._zone)
        top.mapped("fields_eras", self._fields_era)
        top.mapped("page_types", self._page_type_scheme)
        top.mapped("dump_page", self._dump_page_feature, required=False)

    def _context(self, mapping: LocatedMap) -> PgContext | None:
        f = self._fields(mapping, "context")
        name = f.identifier("name")
        doc = f.text("doc")
        f.finish()
        if not name or not doc:
            return None
        return self._place(self.spec.pg_contexts, mapping, PgContext(name, doc))

    def _flag(self, mapping: LocatedMap) -> PgFlag | None:
        f = self._fields(mapping, "PG flag")
        name = f.identifier("name")
        doc = f.text("doc")
        f.finish()
        if not name or not doc:
            return None
        return self._place(self.spec.pg_flags, mapping, PgFlag(name, doc))

    def _enum(self, mapping: LocatedMap) -> PgEnum | None:
        f = self._fields(mapping, "enum")
        since, until = self._range(f)
        explicit_bits = f.boolean("explicit_bits", required=False) is True
        members = tuple(
            member
            for member in (self._member(item, location, explicit_bits) for item, location in f.items("members"))
            if member is not None
        )
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or not members:
            return None
        return self._place(self.spec.pg_enums, mapping, PgEnum(since, until, members, evidence, unverified))

    def _member(self, item: object, location: Location, explicit_bits: bool) -> PgMember | None:
        """A member is a bare name, or a mapping when it has a condition or its own bit."""
        if isinstance(item, str):
            if explicit_bits:
                self.diagnostics.error(location, f"enum member '{item}': this list gives each member its 'bit'")
                return None
            if not is_identifier(item):
                self.diagnostics.error(location, f"enum member {item!r} is not a valid name")
                return None
            return PgMember(item)
        if not isinstance(item, LocatedMap):
            self.diagnostics.error(location, "an enum member is a name or a mapping with 'name'")
            return None
        f = self._fields(item, "enum member")
        name = f.identifier("name")
        condition = self._condition(f, "if")
        bit = f.integer("bit", 0, 63, required=explicit_bits)
        f.finish()
        return PgMember(name, condition, bit) if name else None

    def _alias(self, mapping: LocatedMap) -> PgAlias | None:
        f = self._fields(mapping, "alias")
        name = f.identifier("name")
        if name:
            f.what = f"alias '{name}'"
        of = f.identifier("of")
        contexts = f.names("context")
        requires = f.names("requires")
        condition = self._condition(f, "if")
        since, until = self._range(f)
        enum_since = self._endpoint(f, "enum_since", False)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not of or not since or not doc:
            return None
        alias = PgAlias(name, of, contexts, requires, condition, since, until, doc, evidence, unverified, enum_since)
        return self._place(self.spec.pg_aliases, mapping, alias)

    def _zone(self, mapping: LocatedMap) -> PgZone | None:
        f = self._fields(mapping, "zone")
        name = f.text("name", pattern=ZONE, hint=" (a zone name)")
        condition = self._condition(f, "if")
        since, until = self._range(f)
        f.finish()
        if not name or not since:
            return None
        return self._place(self.spec.pg_zones, mapping, PgZone(name, condition, since, until))

    def _fields_era(self, mapping: LocatedMap) -> FieldsEra | None:
        f = self._fields(mapping, "fields era")
        since, until = self._range(f)
        reserved = f.integer("reserved_bits", 1, 64, required=False)
        layout = self._era_layout(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or layout is None:
            return None
        return self._place(
            self.spec.fields_eras, mapping, FieldsEra(since, until, reserved, *layout, evidence, unverified)
        )

    def _era_layout(self, f: Fields) -> EraLayout | None:
        """The fields an era must give, or None if one is missing or wrong (reported)."""
        vmemmap = f.boolean("sections_with_vmemmap")
        zones_shift = f.integer("max_zones_shift", 1, 3)
        last = f.choice("last", FieldsEraLast)
        last_test_node = f.boolean("last_test_uses_node_width")
        kasan_sw = f.integer("kasan_sw_width", 0, 8)
        kasan_hw = f.integer("kasan_hw_width", 0, 8)
        kasan_in_last = f.boolean("kasan_in_last_test")
        lru_gen = f.boolean("lru_gen")
        cpu_bits = f.choice("cpu_bits", FieldsEraCpuBits)
        printed = f.boolean("printed_fields")
        if (
            vmemmap is None
            or zones_shift is None
            or last is None
            or last_test_node is None
            or kasan_sw is None
            or kasan_hw is None
            or kasan_in_last is None
            or lru_gen is None
            or cpu_bits is None
            or printed is None
        ):
            return None
        return vmemmap, zones_shift, last, last_test_node, kasan_sw, kasan_hw, kasan_in_last, lru_gen, cpu_bits, printed

    def _page_type_scheme(self, mapping: LocatedMap) -> PageTypeScheme | None:
        f = self._fields(mapping, "page_type scheme")
        since, until = self._range(f)
        kind = f.choice("kind", PageTypeSchemeKind)
        base = f.integer("base", 0, 0xFFFFFFFF, required=kind == "inverted")
        types = self._page_types(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or not kind:
            return None
        scheme = PageTypeScheme(since, until, kind, base, types, evidence, unverified)
        return self._place(self.spec.page_type_schemes, mapping, scheme)

    def _dump_page_feature(self, mapping: LocatedMap) -> DumpPageFeature | None:
        return self._named_behaviour(
            mapping,
            "dump_page feature",
            DumpPageFeatureName,
            "a dump_page feature the dump reader knows",
            DumpPageFeature,
            self.spec.dump_page_features,
        )

    def _page_types(self, f: Fields) -> tuple[tuple[str, int], ...]:
        """The scheme's type names and their numbers, as the kernel writes them (signed or not)."""
        types_map = f.raw("types", required=False)
        if not isinstance(types_map, LocatedMap):
            if types_map is not None:
                f.error("types", "must be a mapping of type names to numbers")
            return ()
        types: list[tuple[str, int]] = []
        for name, value in types_map.items():
            where = types_map.key_location(name)
            if not is_identifier(name):
                self.diagnostics.error(where, f"page_type scheme: {name!r} is not a valid type name")
            elif isinstance(value, bool) or not isinstance(value, int) or not -(1 << 31) <= value < 1 << 32:
                self.diagnostics.error(where, f"page_type scheme: type '{name}' needs a 32-bit number")
            else:
                types.append((name, value))
        return tuple(types)
