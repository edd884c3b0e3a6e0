"""spec/gfp.yaml: the ___GFP_ bits, the gfpflag_names table %pGg prints from, migratetype and
migrate_reason names."""

from __future__ import annotations

import re

from kpageflags.facts.model import GfpLayout, GfpName, GfpNameTable, NameList, NameListKind, PgMember

from ..diagnostics import Location
from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader

FLAG = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
PRINTED = re.compile(r"^_{0,2}GFP_[A-Z0-9_]{1,40}$")
TABLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
SINGLE_PREFIX = "__GFP_"


class GfpReader(FileReader):
    name = "gfp.yaml"
    list_key = "layouts"

    def read(self, top: Fields) -> None:
        top.mapped("layouts", self._layout)
        top.mapped("name_tables", self._name_table)
        top.mapped("migratetypes", lambda mapping: self._name_list(mapping, "migratetype"))
        top.mapped("migrate_reasons", lambda mapping: self._name_list(mapping, "migrate_reason"))

    def _layout(self, mapping: LocatedMap) -> GfpLayout | None:
        f = self._fields(mapping, "GFP layout")
        since, until = self._range(f)
        explicit_bits = f.boolean("explicit_bits", required=False) is True
        members = self._members(f, "members", FLAG, explicit_bits)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or not members:
            return None
        return self._place(self.spec.gfp_layouts, mapping, GfpLayout(since, until, members, evidence, unverified))

    def _name_list(self, mapping: LocatedMap, kind: NameListKind) -> NameList | None:
        f = self._fields(mapping, f"{kind} list")
        since, until = self._range(f)
        names = self._members(f, "names", TABLE_NAME, explicit_bits=False)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or not names:
            return None
        return self._place(self.spec.name_lists, mapping, NameList(kind, since, until, names, evidence, unverified))

    def _members(self, f: Fields, key: str, pattern: re.Pattern[str], explicit_bits: bool) -> tuple[PgMember, ...]:
        found = (self._member(item, location, pattern, explicit_bits) for item, location in f.items(key))
        return tuple(member for member in found if member is not None)

    def _member(
        self, item: object, location: Location, pattern: re.Pattern[str], explicit_bits: bool
    ) -> PgMember | None:
        """A bare name, or a mapping when the member has a condition or its own bit."""
        if isinstance(item, str):
            if explicit_bits:
                self.diagnostics.error(location, f"member '{item}': this list gives each member its 'bit'")
                return None
            if not pattern.match(item):
                self.diagnostics.error(location, f"member {item!r} is not a valid name")
                return None
            return PgMember(item)
        if not isinstance(item, LocatedMap):
            self.diagnostics.error(location, "a member is a name or a mapping with 'name'")
            return None
        f = self._fields(item, "member")
        name = f.text("name", pattern=pattern, hint=" (a kernel name)")
        condition = self._condition(f, "if")
        bit = f.integer("bit", 0, 31, required=explicit_bits) if explicit_bits else None
        f.finish()
        return PgMember(name, condition, bit) if name else None

    def _name_table(self, mapping: LocatedMap) -> GfpNameTable | None:
        f = self._fields(mapping, "GFP name table")
        since, until = self._range(f)
        names = tuple(
            entry for entry in (self._gfp_name(item, location) for item, location in f.items("names")) if entry
        )
        evidence, unverified = self._evidence(f)
        f.finish()
        if not since or not names:
            return None
        table = GfpNameTable(since, until, names, evidence, unverified)
        return self._place(self.spec.gfp_name_tables, mapping, table)

    def _gfp_name(self, item: object, location: Location) -> GfpName | None:
        """``__GFP_X`` alone names the single bit X; a mask of several bits lists its ``flags``."""
        if isinstance(item, str):
            return self._single(item, location, None)
        if not isinstance(item, LocatedMap):
            self.diagnostics.error(location, "a GFP name is a name or a mapping with 'name'")
            return None
        f = self._fields(item, "GFP name")
        name = f.text("name", pattern=PRINTED, hint=" (a GFP_ or __GFP_ name)")
        condition = self._condition(f, "if")
        flags = tuple(self._flag(flag, where) for flag, where in f.items("flags", required=False))
        f.finish()
        if not name:
            return None
        if not flags:
            return self._single(name, item.location, condition)
        return GfpName(name, tuple(flag for flag in flags if flag), condition)

    def _single(self, name: str, location: Location, condition: str | None) -> GfpName | None:
        if not (PRINTED.match(name) and name.startswith(SINGLE_PREFIX)):
            self.diagnostics.error(location, f"GFP name {name!r}: a name other than __GFP_X lists its 'flags'")
            return None
        return GfpName(name, (name.removeprefix(SINGLE_PREFIX),), condition)

    def _flag(self, item: object, location: Location) -> str:
        if isinstance(item, str) and FLAG.match(item):
            return item
        self.diagnostics.error(location, f"flag {item!r} is not a ___GFP_ member name like DIRECT_RECLAIM")
        return ""
