"""spec/presets.yaml: named kernel configs (x86_64, arm64...), the option values the spec tests,
and the other names users type for each architecture (aarch64, ppc64el...)."""

from __future__ import annotations

import re

from kpageflags.facts.model import (
    LAYOUT_NUMBERS,
    ArchAlias,
    ArchSpelling,
    ConfigNumber,
    ConfigPreset,
    PresetValueRange,
)

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")
CONFIG_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
CONFIG_VALUE = re.compile(r"^(y|m|n|-?[0-9]+|0x[0-9a-fA-F]+)$")


class PresetsReader(FileReader):
    name = "presets.yaml"
    list_key = "presets"

    def read(self, top: Fields) -> None:
        top.mapped("presets", self._preset)
        top.mapped("numbers", self._number)
        top.mapped("aliases", self._alias, required=False)
        self._check_preset_numbers(top)
        self._check_aliases()

    def _preset(self, mapping: LocatedMap) -> ConfigPreset | None:
        f = self._fields(mapping, "preset")
        name = f.text("name", pattern=NAME, hint=" (lower-case letters, digits, '-' and '_')")
        doc = f.text("doc")
        values = self._values(f)
        by_release = tuple(f.mapped("by_release", self._value_range, required=False))
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not doc:
            return None
        self._check_ranges(f, dict(values), by_release)
        preset = ConfigPreset(name, doc, values, evidence, unverified, by_release)
        return self._place(self.spec.presets, mapping, preset)

    def _value_range(self, mapping: LocatedMap) -> PresetValueRange | None:
        """A value that holds over a range of releases only."""
        f = self._fields(mapping, "by_release")
        symbol = f.text("symbol", pattern=CONFIG_SYMBOL, hint=" (upper case, without CONFIG_)")
        value = f.text("value", pattern=CONFIG_VALUE, hint=' (a value like "y" or "10")')
        since, until = self._range(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not symbol or not value or not since:
            return None
        return PresetValueRange(symbol, value, since, until, evidence, unverified)

    def _check_ranges(self, f: Fields, values: dict[str, str], ranges: tuple[PresetValueRange, ...]) -> None:
        """A symbol with ranges is not in ``values`` too, and its ranges do not overlap."""
        by_symbol: dict[str, list[PresetValueRange]] = {}
        for entry in ranges:
            by_symbol.setdefault(entry.symbol, []).append(entry)
        for symbol, entries in by_symbol.items():
            if symbol in values:
                f.error("by_release", f"{symbol} is in 'values' too; give it in one place")
            if not self.release_set:
                continue
            entries.sort(key=lambda entry: self.spec.release_key(entry.since))
            for earlier, later in zip(entries, entries[1:]):
                if earlier.until is None or self.spec.release_key(earlier.until) > self.spec.release_key(later.since):
                    overlap = f"{symbol}: the range from {earlier.since} overlaps the one from {later.since}"
                    f.error("by_release", overlap)

    def _values(self, f: Fields) -> tuple[tuple[str, str], ...]:
        """The config symbols and their values, sorted by symbol."""
        values_map = f.raw("values", required=True)
        if not isinstance(values_map, LocatedMap):
            if values_map is not None:
                f.error("values", "must be a mapping of config symbols to values")
            return ()
        values: list[tuple[str, str]] = []
        for symbol, value in values_map.items():
            where = values_map.key_location(symbol)
            if not CONFIG_SYMBOL.match(symbol):
                self.diagnostics.error(
                    where, f"preset: {symbol!r} is not a config symbol (upper case, without CONFIG_)"
                )
            elif not isinstance(value, str) or not CONFIG_VALUE.match(value):
                self.diagnostics.error(
                    where, f'preset: {symbol} must be a quoted value like "y" or "10", not {value!r}'
                )
            else:
                values.append((symbol, value))
        return tuple(sorted(values))

    def _alias(self, mapping: LocatedMap) -> ArchAlias | None:
        f = self._fields(mapping, "alias")
        name = f.text("name", pattern=NAME, hint=" (lower-case letters, digits, '-' and '_')")
        preset = f.text("preset")
        spelling = f.choice("spelling", ArchSpelling)
        f.finish()
        if not name or not preset or not spelling:
            return None
        return self._place(self.spec.arch_aliases, mapping, ArchAlias(name, preset, spelling))

    def _check_aliases(self) -> None:
        """Each alias names one preset that exists, and no preset's own name is an alias."""
        presets = {placed.value.name for placed in self.spec.presets}
        first: dict[str, ArchAlias] = {}
        for placed in self.spec.arch_aliases:
            alias = placed.value
            if alias.preset not in presets:
                self.diagnostics.error(
                    placed.at("preset"),
                    f"alias {alias.name}: '{alias.preset}' is not a preset ({', '.join(sorted(presets))})",
                )
            if alias.name in presets:
                self.diagnostics.error(placed.at("name"), f"alias {alias.name}: a preset already has this name")
            earlier = first.setdefault(alias.name, alias)
            if earlier is not alias:
                self.diagnostics.error(
                    placed.at("name"),
                    f"alias {alias.name}: listed twice, for '{earlier.preset}' and for '{alias.preset}'",
                )

    def _number(self, mapping: LocatedMap) -> ConfigNumber | None:
        """The range of a config option the layouts read as a number."""
        f = self._fields(mapping, "number")
        symbol = f.text("symbol", pattern=CONFIG_SYMBOL, hint=" (upper case, without CONFIG_)")
        low = f.integer("low", 0, 1 << 32)
        high = f.integer("high", 0, 1 << 32)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if low is not None and high is not None and low > high:
            f.error("high", f"must not be below 'low' ({low})")
            return None
        if not symbol or low is None or high is None or not doc:
            return None
        return self._place(
            self.spec.config_numbers, mapping, ConfigNumber(symbol, low, high, doc, evidence, unverified)
        )

    def _check_preset_numbers(self, top: Fields) -> None:
        """Every number the layouts read has a range, and each one a preset sets lies in it."""
        bounds = {p.value.symbol: p.value for p in self.spec.config_numbers}
        for symbol in LAYOUT_NUMBERS:
            if symbol not in bounds:
                top.error("numbers", f"must give the range of {symbol}, which the layouts read as a number")
        for placed in self.spec.presets:
            ranged = ((entry.symbol, entry.value) for entry in placed.value.by_release)
            for symbol, value in (*placed.value.values, *ranged):
                number = bounds.get(symbol)
                if number is None:
                    continue
                if not value.isdigit() or not number.low <= int(value) <= number.high:
                    self.diagnostics.error(
                        placed.at("values"),
                        f"preset {placed.value.name}: {symbol} is {value}, outside {number.low} to {number.high}",
                    )
