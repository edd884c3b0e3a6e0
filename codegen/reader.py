"""Reads and validates every spec file into the typed model, collecting all errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from kpageflags.errors import BadConfig
from kpageflags.facts.kconfig import parse_condition
from kpageflags.facts.model import (
    LAYOUT_NUMBERS,
    BugTrigger,
    ConfigNumber,
    ConfigPreset,
    Evidence,
    FieldsEra,
    KernelOverlay,
    KnownBug,
    KpfFlag,
    MemoryCategory,
    OverloadRule,
    PagemapApplies,
    PagemapDerivedBit,
    PagemapField,
    PagemapLayout,
    PageTypeScheme,
    PageTypesName,
    PageTypesOption,
    PageTypesSwitch,
    PgAlias,
    PgContext,
    PgEnum,
    PgFlag,
    PgMember,
    PgZone,
)

from .diagnostics import Diagnostics, Location, SpecInvalid
from .fields import BUILD_RELEASE, POINT_RELEASE, RELEASE_NAME, Fields, is_identifier
from .yamlload import LocatedMap, load_yaml

T = TypeVar("T")

SPEC_FILES = (
    "releases.yaml",
    "kpageflags.yaml",
    "page_types.yaml",
    "pagemap.yaml",
    "bugs.yaml",
    "pageflags.yaml",
    "presets.yaml",
    "overlays.yaml",
    "categories.yaml",
)
OVERLAY_PARTS = ("pageflags", "fields", "page_type", "kpageflags", "page_types", "pagemap")
CONFIG_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
CONFIG_VALUE = re.compile(r"^(y|m|n|-?[0-9]+|0x[0-9a-fA-F]+)$")
SYMBOL = re.compile(r"^KPF_[A-Z][A-Z0-9_]{0,40}$")
LETTER = re.compile(r"^[A-Za-z0-9]$")
COMMIT = re.compile(r"^[0-9a-f]{10,40}$")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
TREE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
PATH = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./+-]*$")


def _byte_location(shown: str, data: bytes, offset: int) -> Location:
    """The line and column of a byte, counting columns in characters as the YAML errors do."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8")) + 1
    return Location(shown, data.count(b"\n", 0, offset) + 1, column)


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
    config_numbers: list[Placed[ConfigNumber]] = field(default_factory=list)
    pg_zones: list[Placed[PgZone]] = field(default_factory=list)
    fields_eras: list[Placed[FieldsEra]] = field(default_factory=list)
    page_type_schemes: list[Placed[PageTypeScheme]] = field(default_factory=list)
    overlays: list[Placed[KernelOverlay]] = field(default_factory=list)
    tool_switches: list[Placed[PageTypesSwitch]] = field(default_factory=list)
    tool_options: list[Placed[PageTypesOption]] = field(default_factory=list)
    docs: dict[str, str] = field(default_factory=dict)

    def release_index(self, name: str) -> int:
        return self.releases.index(name)


class Reader:
    """Turns the YAML documents into ``Spec``; every problem is reported, none is fatal early."""

    def __init__(self, spec_dir: Path, display_root: Path) -> None:
        self.spec_dir = spec_dir
        self.display_root = display_root
        self.diagnostics = Diagnostics()
        self.spec = Spec()
        self.release_set: set[str] = set()
        self.releases_read = False

    # -- shared pieces -----------------------------------------------------------------

    def _display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.display_root))
        except ValueError:
            return str(path)

    def _document(self, name: str, list_key: str) -> Fields | None:
        path = self.spec_dir / name
        shown = self._display(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.diagnostics.error(Location(shown, 1, 1), f"cannot read: {exc.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.diagnostics.error(
                _byte_location(shown, data, exc.start),
                f"not UTF-8 (byte 0x{data[exc.start]:02x} here); save the file as UTF-8",
            )
            return None
        root = load_yaml(shown, text, self.diagnostics)
        if not isinstance(root, LocatedMap):
            if root is not None or not self.diagnostics.errors:
                self.diagnostics.error(Location(shown, 1, 1), f"must be a mapping with a '{list_key}' list")
            return None
        top = Fields(root, name, self.diagnostics)
        doc = top.text("doc")
        if doc:
            self.spec.docs[name] = doc
        return top

    def _release(self, fields: Fields, key: str, required: bool) -> str | None:
        value = fields.release_text(key, required)
        if value is None:
            return None
        if not self.releases_read:
            # Without a readable release list, membership errors would only be noise.
            return value if RELEASE_NAME.match(value) else None
        if value not in self.release_set:
            fields.error(key, f'"{value}" is not a release in spec/releases.yaml')
            return None
        return value

    def _range(
        self, fields: Fields, since_key: str = "since", until_key: str = "until", since_required: bool = True
    ) -> tuple[str | None, str | None]:
        since = self._release(fields, since_key, since_required)
        until = self._release(fields, until_key, False)
        if since and until and self.releases_read and self.spec.release_index(since) >= self.spec.release_index(until):
            fields.error(until_key, f'"{until}" must be a later release than {since_key} "{since}"')
            return since, None
        return since, until

    def _evidence_item(self, mapping: LocatedMap) -> Evidence | None:
        kinds = [k for k in ("seen", "commit", "patch", "machine", "doc") if k in mapping]
        fields = Fields(mapping, "evidence", self.diagnostics)
        if len(kinds) != 1:
            self.diagnostics.error(
                mapping.location, "evidence: give exactly one of 'seen', 'commit', 'patch', 'machine' or 'doc'"
            )
            return None
        kind = kinds[0]
        note = fields.text("note", required=False)
        tree = fields.text("tree", required=False, pattern=TREE, hint=" (owner/name)")
        if kind in ("seen", "doc"):
            path = fields.text(kind, pattern=PATH, hint=" (a path inside the kernel tree)")
            release = self._point_release(fields, "release", required=True)
            fields.finish()
            return Evidence("source" if kind == "seen" else "doc", release=release, path=path, tree=tree, note=note)
        if kind == "commit":
            commit: str | None = None
            if isinstance(mapping.get("commit"), int):
                fields.raw("commit", required=True)
                fields.error("commit", "must be quoted: YAML read this all-digit commit id as a number")
            else:
                commit = fields.text("commit", pattern=COMMIT, hint=" (10 to 40 lower-case hex digits)")
            subject = fields.text("subject")
            release = self._point_release(fields, "release", required=False)
            fields.finish()
            return Evidence("commit", release=release, commit=commit, subject=subject, tree=tree, note=note)
        if kind == "patch":
            subject = fields.text("patch")
            date = fields.text("date", pattern=DATE, hint=" (YYYY-MM or YYYY-MM-DD)")
            fields.finish()
            return Evidence("patch", subject=subject, date=date, note=note)
        fields.text("machine")
        release = self._point_release(fields, "release", required=True)
        fields.finish()
        return Evidence("machine", release=release, note=mapping.get("machine"))

    def _point_release(self, fields: Fields, key: str, required: bool) -> str | None:
        """A release named by evidence: any mainline, point, -rc or vendor release, covered or older."""
        value = fields.release_text(key, required)
        if value is None:
            return None
        if RELEASE_NAME.match(value) or POINT_RELEASE.match(value) or BUILD_RELEASE.match(value):
            return value
        fields.error(key, f'"{value}" is not a release name like "5.10", "6.18.44" or "6.1.0-rc3"')
        return None

    def _evidence(self, fields: Fields) -> tuple[tuple[Evidence, ...], str | None]:
        evidence = tuple(fields.mapped("evidence", self._evidence_item, required=False))
        unverified = fields.text("unverified", required=False)
        if not fields.has("evidence") and unverified is None:
            self.diagnostics.error(
                fields.location, f"{fields.what}: give 'evidence' for this fact, or say why it is 'unverified'"
            )
        return evidence, unverified

    # -- the files ---------------------------------------------------------------------

    def read(self) -> Spec:
        self._releases()
        self._kpageflags()
        self._page_types()
        self._pagemap()
        self._bugs()
        self._pageflags()
        self._presets()
        self._overlays()
        self._categories()
        if not self.diagnostics.errors:
            from .checks import cross_check

            cross_check(self.spec, self.diagnostics)
        if self.diagnostics.errors:
            raise SpecInvalid(self.diagnostics.sorted())
        return self.spec

    def _releases(self) -> None:
        top = self._document("releases.yaml", "releases")
        if top is None:
            return
        names: list[str] = []
        previous: tuple[int, ...] | None = None
        for item, location in top.items("releases"):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                self.diagnostics.error(
                    location,
                    f"releases.yaml: release {item!r} must be quoted "
                    f"(YAML read an unquoted release as the number {item!r})",
                )
                continue
            if not isinstance(item, str) or not RELEASE_NAME.match(item):
                self.diagnostics.error(location, f"releases.yaml: {item!r} is not a mainline release name")
                continue
            key = tuple(int(part) for part in item.split("."))
            if item in names:
                self.diagnostics.error(location, f'releases.yaml: release "{item}" is listed twice')
                continue
            if previous is not None and key <= previous:
                self.diagnostics.error(location, f'releases.yaml: "{item}" is out of order; list releases oldest first')
            previous = key
            names.append(item)
        top.finish()
        self.spec.releases = tuple(names)
        self.release_set = set(names)
        self.releases_read = bool(names)

    def _kpageflags(self) -> None:
        top = self._document("kpageflags.yaml", "flags")
        if top is None:
            return

        def parse(mapping: LocatedMap) -> KpfFlag | None:
            f = Fields(mapping, "flag", self.diagnostics)
            name = f.identifier("name")
            if name:
                f.what = f"flag '{name}'"
            symbol = f.text("symbol", pattern=SYMBOL, hint=" (KPF_ and upper-case letters)")
            bit = f.integer("bit", 0, 63)
            since, until = self._range(f)
            abi = f.text("abi")
            if abi is not None and abi not in ("stable", "unstable"):
                f.error("abi", f"must be 'stable' or 'unstable', not {abi!r}")
                abi = None
            doc = f.text("doc")
            renamed_from = f.identifier("renamed_from", required=False)
            renamed_to = f.identifier("renamed_to", required=False)
            evidence, unverified = self._evidence(f)
            f.finish()
            if None in (name, symbol, bit, since, abi, doc):
                return None
            assert name and symbol and since and doc and bit is not None
            result = KpfFlag(
                name,
                symbol,
                bit,
                since,
                until,
                "stable" if abi == "stable" else "unstable",
                doc,
                renamed_from,
                renamed_to,
                evidence,
                unverified,
            )
            self.spec.kpf_flags.append(Placed(result, mapping))
            return result

        top.mapped("flags", parse)
        top.finish()

    def _page_types(self) -> None:
        top = self._document("page_types.yaml", "names")
        if top is None:
            return

        def name_entry(mapping: LocatedMap) -> PageTypesName | None:
            f = Fields(mapping, "page-types name", self.diagnostics)
            bit = f.integer("bit", 0, 63)
            letter = f.text("letter", pattern=LETTER, hint=" (one letter or digit)")
            name = f.identifier("name")
            since, until = self._range(f)
            evidence, unverified = self._evidence(f)
            f.finish()
            if bit is None or not letter or not name or not since:
                return None
            result = PageTypesName(bit, letter, name, since, until, evidence, unverified)
            self.spec.page_types_names.append(Placed(result, mapping))
            return result

        def overload(mapping: LocatedMap) -> OverloadRule | None:
            f = Fields(mapping, "overload", self.diagnostics)
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
            result = OverloadRule(
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
            self.spec.overloads.append(Placed(result, mapping))
            return result

        def derived(mapping: LocatedMap) -> PagemapDerivedBit | None:
            f = Fields(mapping, "pagemap-derived bit", self.diagnostics)
            bit = f.integer("bit", 0, 63)
            field_name = f.identifier("field")
            since, until = self._range(f)
            evidence, unverified = self._evidence(f)
            f.finish()
            if bit is None or not field_name or not since:
                return None
            result = PagemapDerivedBit(bit, field_name, since, until, evidence, unverified)
            self.spec.pagemap_derived.append(Placed(result, mapping))
            return result

        def switch(mapping: LocatedMap) -> PageTypesSwitch | None:
            f = Fields(mapping, "page-types switch", self.diagnostics)
            name = f.text("name")
            known = (
                "expand_overloads_always",
                "list_ranges_break_at_batches",
                "decimal_lists",
                "decimal_file_offsets",
                "file_header_before_summary_only",
            )
            if name is not None and name not in known:
                f.error("name", f"{name!r} is not a page-types behaviour kpageflags knows ({', '.join(known)})")
                name = None
            since, until = self._range(f)
            doc = f.text("doc")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not name or not since or not doc:
                return None
            result = PageTypesSwitch(name, since, until, doc, evidence, unverified)  # type: ignore[arg-type]
            self.spec.tool_switches.append(Placed(result, mapping))
            return result

        def option(mapping: LocatedMap) -> PageTypesOption | None:
            f = Fields(mapping, "page-types option", self.diagnostics)
            letter = f.text("letter", pattern=re.compile(r"^[A-Za-z]$"), hint=" (one option letter)")
            since, until = self._range(f)
            evidence, unverified = self._evidence(f)
            f.finish()
            if not letter or not since:
                return None
            result = PageTypesOption(letter, since, until, evidence, unverified)
            self.spec.tool_options.append(Placed(result, mapping))
            return result

        top.mapped("names", name_entry)
        top.mapped("overloads", overload)
        top.mapped("pagemap_bits", derived)
        top.mapped("switches", switch, required=False)
        top.mapped("options", option, required=False)
        masks = top.raw("masks", required=True)
        if isinstance(masks, LocatedMap):
            mask_fields = Fields(masks, "masks", self.diagnostics)
            for key in ("hackers", "overloaded"):
                bounds = mask_fields.raw(key, required=True)
                if not isinstance(bounds, LocatedMap):
                    if bounds is not None:
                        mask_fields.error(key, "must be a mapping with 'low' and 'high'")
                    continue
                bound_fields = Fields(bounds, f"masks.{key}", self.diagnostics)
                low = bound_fields.integer("low", 0, 63)
                high = bound_fields.integer("high", 0, 63)
                evidence, _ = self._evidence(bound_fields)
                bound_fields.finish()
                if low is not None and high is not None:
                    if low > high:
                        bound_fields.error("high", f"must not be below 'low' ({low})")
                    else:
                        self.spec.page_types_masks[key] = ((1 << (high + 1)) - (1 << low), evidence)
            mask_fields.finish()
        elif masks is not None:
            top.error("masks", "must be a mapping")
        top.finish()

    def _pagemap(self) -> None:
        top = self._document("pagemap.yaml", "fields")
        if top is None:
            return

        def layout(mapping: LocatedMap) -> PagemapLayout | None:
            f = Fields(mapping, "pagemap layout", self.diagnostics)
            name = f.identifier("name")
            since, until = self._range(f)
            doc = f.text("doc")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not name or not since or not doc:
                return None
            result = PagemapLayout(name, since, until, doc, evidence, unverified)
            self.spec.pagemap_layouts.append(Placed(result, mapping))
            return result

        def pm_field(mapping: LocatedMap) -> PagemapField | None:
            f = Fields(mapping, "pagemap field", self.diagnostics)
            name = f.identifier("name")
            low = f.integer("low", 0, 63)
            high = f.integer("high", 0, 63)
            layouts = f.names("layouts", required=True)
            applies = f.text("applies")
            if applies is not None and applies not in ("always", "present", "swapped"):
                f.error("applies", f"must be 'always', 'present' or 'swapped', not {applies!r}")
                applies = None
            since, until = self._range(f)
            doc = f.text("doc")
            evidence, unverified = self._evidence(f)
            f.finish()
            if low is not None and high is not None and low > high:
                f.error("high", f"must not be below 'low' ({low})")
                return None
            if not name or low is None or high is None or not applies or not since or not doc:
                return None
            kind: PagemapApplies = (
                "present" if applies == "present" else "swapped" if applies == "swapped" else "always"
            )
            result = PagemapField(name, low, high, layouts, kind, since, until, doc, evidence, unverified)
            self.spec.pagemap_fields.append(Placed(result, mapping))
            return result

        top.mapped("layouts", layout)
        top.mapped("fields", pm_field)
        top.finish()

    def _bugs(self) -> None:
        top = self._document("bugs.yaml", "bugs")
        if top is None:
            return

        def bug(mapping: LocatedMap) -> KnownBug | None:
            f = Fields(mapping, "bug", self.diagnostics)
            bug_id = f.identifier("id")
            title = f.text("title")
            flags = f.names("flags", required=True)
            since, until = self._range(f)
            fixed_in: list[str] = []
            for item, location in f.items("fixed_in", required=False):
                point = POINT_RELEASE.match(item) if isinstance(item, str) else None
                if isinstance(item, str) and point is not None and point.group(1) in self.release_set:
                    fixed_in.append(item)
                else:
                    self.diagnostics.error(
                        location,
                        f"bug: 'fixed_in' item {item!r} must be a quoted "
                        'point release of a listed release, like "6.18.44"',
                    )
            trigger = f.text("trigger")
            triggers: dict[str, BugTrigger] = {"any_set": "any_set", "all_set": "all_set", "always": "always"}
            if trigger is not None and trigger not in triggers:
                f.error("trigger", f"must be 'any_set', 'all_set' or 'always', not {trigger!r}")
                trigger = None
            doc = f.text("doc")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not bug_id or not title or not since or not trigger or not doc:
                return None
            result = KnownBug(
                bug_id, title, flags, since, until, tuple(fixed_in), triggers[trigger], doc, evidence, unverified
            )
            self.spec.bugs.append(Placed(result, mapping))
            return result

        top.mapped("bugs", bug)
        top.finish()

    def _categories(self) -> None:
        top = self._document("categories.yaml", "categories")
        if top is None:
            return

        def category(mapping: LocatedMap) -> MemoryCategory | None:
            f = Fields(mapping, "category", self.diagnostics)
            category_id = f.identifier("id")
            title = f.text("title")
            all_set = f.names("all_set")
            any_set = f.names("any_set")
            none_set = f.names("none_set")
            since, until = self._range(f, since_required=False)
            skip_when_bug = f.identifier("skip_when_bug", required=False)
            doc = f.text("doc")
            # A category is a definition of ours; evidence is needed only where a rule leans on
            # a kernel fact, so neither 'evidence' nor 'unverified' is required here.
            evidence = tuple(f.mapped("evidence", self._evidence_item, required=False))
            unverified = f.text("unverified", required=False)
            f.finish()
            if not category_id or not title or not doc:
                return None
            result = MemoryCategory(
                category_id, title, all_set, any_set, none_set, since, until, skip_when_bug, doc, evidence, unverified
            )
            self.spec.categories.append(Placed(result, mapping))
            return result

        top.mapped("categories", category)
        top.finish()

    def _condition(self, fields: Fields, key: str) -> str | None:
        text = fields.text(key, required=False)
        if text is None:
            return None
        try:
            parse_condition(text)
        except BadConfig as error:
            fields.error(key, str(error))
            return None
        return text

    def _pageflags(self) -> None:
        top = self._document("pageflags.yaml", "enums")
        if top is None:
            return

        def context(mapping: LocatedMap) -> PgContext | None:
            f = Fields(mapping, "context", self.diagnostics)
            name = f.identifier("name")
            doc = f.text("doc")
            f.finish()
            if not name or not doc:
                return None
            result = PgContext(name, doc)
            self.spec.pg_contexts.append(Placed(result, mapping))
            return result

        def flag(mapping: LocatedMap) -> PgFlag | None:
            f = Fields(mapping, "PG flag", self.diagnostics)
            name = f.identifier("name")
            doc = f.text("doc")
            f.finish()
            if not name or not doc:
                return None
            result = PgFlag(name, doc)
            self.spec.pg_flags.append(Placed(result, mapping))
            return result

        def member(item: object, location: Location, explicit_bits: bool) -> PgMember | None:
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
            f = Fields(item, "enum member", self.diagnostics)
            name = f.identifier("name")
            condition = self._condition(f, "if")
            bit = f.integer("bit", 0, 63, required=explicit_bits)
            f.finish()
            if not name:
                return None
            return PgMember(name, condition, bit)

        def enum(mapping: LocatedMap) -> PgEnum | None:
            f = Fields(mapping, "enum", self.diagnostics)
            since, until = self._range(f)
            explicit = f.raw("explicit_bits", required=False)
            if explicit is not None and not isinstance(explicit, bool):
                f.error("explicit_bits", "must be true or false")
            members = tuple(
                m
                for m in (member(item, location, explicit is True) for item, location in f.items("members"))
                if m is not None
            )
            evidence, unverified = self._evidence(f)
            f.finish()
            if not since or not members:
                return None
            result = PgEnum(since, until, members, evidence, unverified)
            self.spec.pg_enums.append(Placed(result, mapping))
            return result

        def alias(mapping: LocatedMap) -> PgAlias | None:
            f = Fields(mapping, "alias", self.diagnostics)
            name = f.identifier("name")
            if name:
                f.what = f"alias '{name}'"
            of = f.identifier("of")
            contexts = f.names("context")
            requires = f.names("requires")
            condition = self._condition(f, "if")
            since, until = self._range(f)
            enum_since = self._release(f, "enum_since", False)
            doc = f.text("doc")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not name or not of or not since or not doc:
                return None
            result = PgAlias(
                name, of, contexts, requires, condition, since, until, doc, evidence, unverified, enum_since
            )
            self.spec.pg_aliases.append(Placed(result, mapping))
            return result

        def zone(mapping: LocatedMap) -> PgZone | None:
            f = Fields(mapping, "zone", self.diagnostics)
            name = f.text("name", pattern=re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$"), hint=" (a zone name)")
            condition = self._condition(f, "if")
            since, until = self._range(f)
            f.finish()
            if not name or not since:
                return None
            result = PgZone(name, condition, since, until)
            self.spec.pg_zones.append(Placed(result, mapping))
            return result

        def era(mapping: LocatedMap) -> FieldsEra | None:
            f = Fields(mapping, "fields era", self.diagnostics)
            since, until = self._range(f)
            reserved = f.integer("reserved_bits", 1, 64, required=False)
            flags_ok = True
            booleans: dict[str, bool] = {}
            for key in (
                "sections_with_vmemmap",
                "last_test_uses_node_width",
                "kasan_in_last_test",
                "lru_gen",
                "printed_fields",
            ):
                value = f.raw(key, required=True)
                if not isinstance(value, bool):
                    if value is not None:
                        f.error(key, "must be true or false")
                    flags_ok = False
                else:
                    booleans[key] = value
            zones_shift = f.integer("max_zones_shift", 1, 3)
            last = f.text("last")
            if last is not None and last not in ("none", "last_nid", "last_cpupid"):
                f.error("last", f"must be none, last_nid or last_cpupid, not {last!r}")
                last = None
            kasan_sw = f.integer("kasan_sw_width", 0, 8)
            kasan_hw = f.integer("kasan_hw_width", 0, 8)
            cpu_bits = f.text("cpu_bits")
            if cpu_bits is not None and cpu_bits not in ("ilog2", "order_base_2"):
                f.error("cpu_bits", f"must be ilog2 or order_base_2, not {cpu_bits!r}")
                cpu_bits = None
            evidence, unverified = self._evidence(f)
            f.finish()
            if (
                not since
                or not flags_ok
                or zones_shift is None
                or not last
                or kasan_sw is None
                or kasan_hw is None
                or not cpu_bits
            ):
                return None
            result = FieldsEra(
                since,
                until,
                reserved,
                booleans["sections_with_vmemmap"],
                zones_shift,
                "last_nid" if last == "last_nid" else "last_cpupid" if last == "last_cpupid" else "none",
                booleans["last_test_uses_node_width"],
                kasan_sw,
                kasan_hw,
                booleans["kasan_in_last_test"],
                booleans["lru_gen"],
                "ilog2" if cpu_bits == "ilog2" else "order_base_2",
                booleans["printed_fields"],
                evidence,
                unverified,
            )
            self.spec.fields_eras.append(Placed(result, mapping))
            return result

        top.mapped("contexts", context)
        top.mapped("flags", flag)
        top.mapped("enums", enum)
        top.mapped("aliases", alias)

        def scheme(mapping: LocatedMap) -> PageTypeScheme | None:
            f = Fields(mapping, "page_type scheme", self.diagnostics)
            since, until = self._range(f)
            kind = f.text("kind")
            if kind is not None and kind not in ("flag", "mapcount", "inverted", "top_byte"):
                f.error("kind", f"must be flag, mapcount, inverted or top_byte, not {kind!r}")
                kind = None
            base = f.integer("base", 0, 0xFFFFFFFF, required=kind == "inverted")
            types_map = f.raw("types", required=False)
            types: list[tuple[str, int]] = []
            if isinstance(types_map, LocatedMap):
                for name, value in types_map.items():
                    where = types_map.key_location(name)
                    if not is_identifier(name):
                        self.diagnostics.error(where, f"page_type scheme: {name!r} is not a valid type name")
                    elif isinstance(value, bool) or not isinstance(value, int) or not -(1 << 31) <= value < 1 << 32:
                        self.diagnostics.error(where, f"page_type scheme: type '{name}' needs a 32-bit number")
                    else:
                        types.append((name, value))
            elif types_map is not None:
                f.error("types", "must be a mapping of type names to numbers")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not since or not kind:
                return None
            result = PageTypeScheme(
                since,
                until,
                "flag"
                if kind == "flag"
                else "mapcount"
                if kind == "mapcount"
                else "inverted"
                if kind == "inverted"
                else "top_byte",
                base,
                tuple(types),
                evidence,
                unverified,
            )
            self.spec.page_type_schemes.append(Placed(result, mapping))
            return result

        top.mapped("zones", zone)
        top.mapped("fields_eras", era)
        top.mapped("page_types", scheme)
        top.finish()

    def _presets(self) -> None:
        top = self._document("presets.yaml", "presets")
        if top is None:
            return

        def preset(mapping: LocatedMap) -> ConfigPreset | None:
            f = Fields(mapping, "preset", self.diagnostics)
            name = f.text(
                "name",
                pattern=re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$"),
                hint=" (lower-case letters, digits, '-' and '_')",
            )
            doc = f.text("doc")
            values_map = f.raw("values", required=True)
            values: list[tuple[str, str]] = []
            if isinstance(values_map, LocatedMap):
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
            elif values_map is not None:
                f.error("values", "must be a mapping of config symbols to values")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not name or not doc:
                return None
            result = ConfigPreset(name, doc, tuple(sorted(values)), evidence, unverified)
            self.spec.presets.append(Placed(result, mapping))
            return result

        def number(mapping: LocatedMap) -> ConfigNumber | None:
            f = Fields(mapping, "number", self.diagnostics)
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
            result = ConfigNumber(symbol, low, high, doc, evidence, unverified)
            self.spec.config_numbers.append(Placed(result, mapping))
            return result

        top.mapped("presets", preset)
        top.mapped("numbers", number)
        top.finish()
        self._check_preset_numbers(top)

    def _check_preset_numbers(self, top: Fields) -> None:
        """Every number the layouts read has a range, and each one a preset sets lies in it."""
        bounds = {p.value.symbol: p.value for p in self.spec.config_numbers}
        for symbol in LAYOUT_NUMBERS:
            if symbol not in bounds:
                top.error("numbers", f"must give the range of {symbol}, which the layouts read as a number")
        for placed in self.spec.presets:
            for symbol, value in placed.value.values:
                number = bounds.get(symbol)
                if number is None:
                    continue
                if not value.isdigit() or not number.low <= int(value) <= number.high:
                    self.diagnostics.error(
                        placed.at("values"),
                        f"preset {placed.value.name}: {symbol} is {value}, outside {number.low} to {number.high}",
                    )

    def _overlays(self) -> None:
        top = self._document("overlays.yaml", "overlays")
        if top is None:
            return

        def overlay(mapping: LocatedMap) -> KernelOverlay | None:
            f = Fields(mapping, "overlay", self.diagnostics)
            name = f.text(
                "name",
                pattern=re.compile(r"^[a-z][a-z0-9.-]{1,40}$"),
                hint=" (lower-case letters, digits, '.' and '-', like rhel-9.6)",
            )
            doc = f.text("doc")
            base = self._release(f, "base", True)
            uname = f.text("uname_contains")
            follows_map = f.raw("follows", required=True)
            follows: list[tuple[str, str]] = []
            if isinstance(follows_map, LocatedMap):
                part_fields = Fields(follows_map, "overlay follows", self.diagnostics)
                for part in list(follows_map):
                    if part not in OVERLAY_PARTS:
                        self.diagnostics.error(
                            follows_map.key_location(part),
                            f"overlay: '{part}' is not a part of the spec ({', '.join(OVERLAY_PARTS)})",
                        )
                        part_fields.used.add(part)
                        continue
                    release = self._release(part_fields, part, True)
                    if release:
                        follows.append((part, release))
                part_fields.finish()
            elif follows_map is not None:
                f.error("follows", "must map parts of the spec to releases")
            evidence, unverified = self._evidence(f)
            f.finish()
            if not name or not doc or not base or not uname:
                return None
            result = KernelOverlay(name, doc, base, uname, tuple(follows), evidence, unverified)
            self.spec.overlays.append(Placed(result, mapping))
            return result

        top.mapped("overlays", overlay)
        top.finish()


def read_spec(spec_dir: Path, display_root: Path | None = None) -> Spec:
    """Loads and validates ``spec_dir``; raises ``SpecInvalid`` listing every error."""
    return Reader(spec_dir, display_root or spec_dir.parent).read()
