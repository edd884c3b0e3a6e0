"""spec/page_types.yaml: tools/mm/page-types, its names, overloaded bits, masks, switches and options."""

from __future__ import annotations

import re

from kpageflags.facts.model import (
    OverloadRule,
    PagemapDerivedBit,
    PageTypesName,
    PageTypesOption,
    PageTypesSwitch,
    PageTypesSwitchName,
)

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader

LETTER = re.compile(r"^[A-Za-z0-9]$")
OPTION = re.compile(r"^[A-Za-z]$")
MASKS = ("hackers", "overloaded")


class PageTypesReader(FileReader):
    name = "page_types.yaml"
    list_key = "names"

    def read(self, top: Fields) -> None:
        top.mapped("names", self._name)
        top.mapped("overloads", self._overload)
        top.mapped("pagemap_bits", self._pagemap_bit)
        top.mapped("switches", self._switch, required=False)
        top.mapped("options", self._option, required=False)
        masks = top.raw("masks", required=True)
        if isinstance(masks, LocatedMap):
            mask_fields = self._fields(masks, "masks")
            for key in MASKS:
                self._mask(mask_fields, key)
            mask_fields.finish()
        elif masks is not None:
            top.error("masks", "must be a mapping")

    def _name(self, mapping: LocatedMap) -> PageTypesName | None:
        f = self._fields(mapping, "page-types name")
        bit = f.integer("bit", 0, 63)
        letter = f.text("letter", pattern=LETTER, hint=" (one letter or digit)")
        name = f.identifier("name")
        since, until = self._range(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if bit is None or not letter or not name or not since:
            return None
        return self._place(
            self.spec.page_types_names, mapping, PageTypesName(bit, letter, name, since, until, evidence, unverified)
        )

    def _overload(self, mapping: LocatedMap) -> OverloadRule | None:
        f = self._fields(mapping, "overload")
        name = f.identifier("name")
        bit = f.integer("bit", 0, 63)
        when_set = f.names("when_set")
        when_clear = f.names("when_clear")
        target = f.integer("target_bit", 0, 63, required=False)
        tool_since, tool_until = self._range(f, "tool_since", "tool_until", since_required=False)
        if (target is None) != (tool_since is None):
            f.error(
                "target_bit",
                "and 'tool_since' go together: page-types either moves the bit "
                "(give both) or does not know the rule (give neither)",
            )
        kernel_since, kernel_until = self._range(f, "kernel_since", "kernel_until", since_required=False)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or bit is None or not doc:
            return None
        if not when_set and not when_clear:
            f.error("when_set", "or 'when_clear' must name at least one flag")
        rule = OverloadRule(
            name,
            bit,
            when_set,
            when_clear,
            target,
            tool_since,
            tool_until,
            kernel_since,
            kernel_until,
            doc,
            evidence,
            unverified,
        )
        return self._place(self.spec.overloads, mapping, rule)

    def _pagemap_bit(self, mapping: LocatedMap) -> PagemapDerivedBit | None:
        f = self._fields(mapping, "pagemap-derived bit")
        bit = f.integer("bit", 0, 63)
        field_name = f.identifier("field")
        since, until = self._range(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if bit is None or not field_name or not since:
            return None
        derived = PagemapDerivedBit(bit, field_name, since, until, evidence, unverified)
        return self._place(self.spec.pagemap_derived, mapping, derived)

    def _switch(self, mapping: LocatedMap) -> PageTypesSwitch | None:
        return self._named_behaviour(
            mapping,
            "page-types switch",
            PageTypesSwitchName,
            "a page-types behaviour kpageflags knows",
            PageTypesSwitch,
            self.spec.tool_switches,
        )

    def _option(self, mapping: LocatedMap) -> PageTypesOption | None:
        f = self._fields(mapping, "page-types option")
        letter = f.text("letter", pattern=OPTION, hint=" (one option letter)")
        since, until = self._range(f)
        long_argument_since = self._release(f, "long_argument_since", False)
        if since and long_argument_since and self.spec.release_key(long_argument_since) <= self.spec.release_key(since):
            f.error("long_argument_since", f'"{long_argument_since}" must be a later release than since "{since}"')
        evidence, unverified = self._evidence(f)
        f.finish()
        if not letter or not since:
            return None
        option = PageTypesOption(letter, since, until, long_argument_since, evidence, unverified)
        return self._place(self.spec.tool_options, mapping, option)

    def _mask(self, masks: Fields, key: str) -> None:
        """Bits ``low``..``high`` of a mask, kept as the number page-types tests against."""
        bounds = masks.raw(key, required=True)
        if not isinstance(bounds, LocatedMap):
            if bounds is not None:
                masks.error(key, "must be a mapping with 'low' and 'high'")
            return
        f = self._fields(bounds, f"masks.{key}")
        low = f.integer("low", 0, 63)
        high = f.integer("high", 0, 63)
        evidence, _ = self._evidence(f)
        f.finish()
        if low is None or high is None:
            return
        if low > high:
            f.error("high", f"must not be below 'low' ({low})")
        else:
            self.spec.page_types_masks[key] = ((1 << (high + 1)) - (1 << low), evidence)
