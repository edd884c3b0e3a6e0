"""Checks that span entries and files: overlapping bits, dangling names, renames.

Each check is a function named for what it makes sure of, and ``CHECKS`` lists them;
``cross_check`` runs them all once every file has been read without an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Callable, NamedTuple, Protocol, TypeVar

from kpageflags.facts.model import KpfFlag
from kpageflags.facts.release_names import ReleaseKey

from .diagnostics import Diagnostics
from .spec import Placed, Spec


class _Lifetime(Protocol):
    """An entry in the releases ``since`` <= r < ``until``."""

    @property
    def since(self) -> str: ...
    @property
    def until(self) -> str | None: ...


class _NamedBit(_Lifetime, Protocol):
    """A name a bit has in its releases: a kpageflags flag, or page-types' name for it."""

    @property
    def name(self) -> str: ...
    @property
    def bit(self) -> int: ...


B = TypeVar("B", bound=_NamedBit)
L = TypeVar("L", bound=_Lifetime)


class _Span(NamedTuple):
    """The releases ``start`` <= r < ``stop`` (None: no end) as keys."""

    start: ReleaseKey
    stop: ReleaseKey | None

    def holds(self, key: ReleaseKey) -> bool:
        return self.start <= key and (self.stop is None or key < self.stop)

    def overlap(self, other: _Span) -> ReleaseKey | None:
        """The first release both spans hold, or None."""
        start = max(self.start, other.start)
        return start if self.holds(start) and other.holds(start) else None


def _span(spec: Spec, entry: _Lifetime) -> _Span:
    """The releases ``entry`` is in."""
    return _Span(spec.release_key(entry.since), spec.release_key(entry.until) if entry.until else None)


def _by_since(spec: Spec, entries: Iterable[Placed[L]]) -> list[Placed[L]]:
    return sorted(entries, key=lambda entry: spec.release_key(entry.value.since))


def _name_at(spec: Spec, entries: Iterable[Placed[B]], bit: int, release: str) -> str | None:
    """The name ``bit`` has in ``release``, if it has one."""
    key = spec.release_key(release)
    return next((e.value.name for e in entries if e.value.bit == bit and _span(spec, e.value).holds(key)), None)


def _same_release(spec: Spec, first: str | None, second: str | None) -> bool:
    """Whether two endpoints name the same release ("6.6.30" and "6.6.30"), None only matching None."""
    if first is None or second is None:
        return first == second
    return spec.release_key(first) == spec.release_key(second)


def _kpf_flags_by_name(spec: Spec) -> dict[str, Placed[KpfFlag]]:
    """The first entry of each kpageflags name."""
    found: dict[str, Placed[KpfFlag]] = {}
    for entry in spec.kpf_flags:
        found.setdefault(entry.value.name, entry)
    return found


def _bits_do_not_overlap(spec: Spec, diagnostics: Diagnostics, entries: Iterable[Placed[B]], what: str) -> None:
    by_bit: dict[int, list[Placed[B]]] = {}
    for entry in entries:
        by_bit.setdefault(entry.value.bit, []).append(entry)
    for bit, group in by_bit.items():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if _span(spec, first.value).overlap(_span(spec, second.value)) is None:
                    continue
                first_key, second_key = spec.release_key(first.value.since), spec.release_key(second.value.since)
                earlier, later = (first, second) if first_key <= second_key else (second, first)
                diagnostics.error(
                    later.at("bit"),
                    f"{what} bit {bit} is used by '{earlier.value.name}' and "
                    f"'{later.value.name}' in {later.value.since}; "
                    f"give '{earlier.value.name}' an until:",
                )


# -- kpageflags.yaml ------------------------------------------------------------------------


def kpf_names_are_unique(spec: Spec, diagnostics: Diagnostics) -> None:
    first_line: dict[str, int] = {}
    for entry in spec.kpf_flags:
        name = entry.value.name
        if name in first_line:
            diagnostics.error(entry.at("name"), f"flag '{name}' is defined twice (first at line {first_line[name]})")
        first_line.setdefault(name, entry.mapping.location.line)


def kpf_bits_do_not_overlap(spec: Spec, diagnostics: Diagnostics) -> None:
    _bits_do_not_overlap(spec, diagnostics, spec.kpf_flags, "kpageflags")


def renames_take_over_the_same_bit(spec: Spec, diagnostics: Diagnostics) -> None:
    """A renamed flag and its other name share the bit, and one ends where the other starts."""
    by_name = _kpf_flags_by_name(spec)
    for entry in spec.kpf_flags:
        flag = entry.value
        for key, other_name in (("renamed_to", flag.renamed_to), ("renamed_from", flag.renamed_from)):
            if other_name is None:
                continue
            other = by_name.get(other_name)
            if other is None:
                diagnostics.error(
                    entry.at(key),
                    f"flag '{flag.name}': '{key}' names '{other_name}', which is not a flag in kpageflags.yaml",
                )
                continue
            if other.value.bit != flag.bit:
                diagnostics.error(
                    entry.at(key),
                    f"flag '{flag.name}': '{key}' names '{other_name}', "
                    f"which is bit {other.value.bit}, not bit {flag.bit}",
                )
            joint = (
                _same_release(spec, flag.until, other.value.since)
                if key == "renamed_to"
                else _same_release(spec, other.value.until, flag.since)
            )
            if not joint:
                diagnostics.error(
                    entry.at(key),
                    f"flag '{flag.name}': '{key}' '{other_name}' must take "
                    "over in the release where the other name ends (until == since)",
                )


# -- page_types.yaml and pagemap.yaml -------------------------------------------------------


def page_types_bits_do_not_overlap(spec: Spec, diagnostics: Diagnostics) -> None:
    _bits_do_not_overlap(spec, diagnostics, spec.page_types_names, "page-types")


def overload_conditions_name_flags(spec: Spec, diagnostics: Diagnostics) -> None:
    names = {entry.value.name for entry in spec.kpf_flags}
    for entry in spec.overloads:
        rule = entry.value
        for key, conditions in (("when_set", rule.when_set), ("when_clear", rule.when_clear)):
            for name in conditions:
                if name not in names:
                    diagnostics.error(
                        entry.at(key),
                        f"overload '{rule.name}': '{key}' names '{name}', which is not a flag in kpageflags.yaml",
                    )


def overloads_are_on_flag_bits(spec: Spec, diagnostics: Diagnostics) -> None:
    """In the first release the rule applies to, the kernel or page-types, a flag has its bit."""
    for entry in spec.overloads:
        rule = entry.value
        first = rule.kernel_since or rule.tool_since
        if first and _name_at(spec, spec.kpf_flags, rule.bit, first) is None:
            diagnostics.error(
                entry.at("bit"), f"overload '{rule.name}': no kpageflags flag has bit {rule.bit} in {first}"
            )


def overload_targets_are_named_for_the_rule(spec: Spec, diagnostics: Diagnostics) -> None:
    """The bit page-types moves an overloaded bit to has the rule's name in page-types' table."""
    for entry in spec.overloads:
        rule = entry.value
        if rule.tool_since is None or rule.target_bit is None:
            continue
        target = _name_at(spec, spec.page_types_names, rule.target_bit, rule.tool_since)
        if target != rule.name:
            diagnostics.error(
                entry.at("target_bit"),
                f"overload '{rule.name}': page-types names bit "
                f"{rule.target_bit} '{target}' in {rule.tool_since}, not '{rule.name}'",
            )


def pagemap_fields_are_in_known_layouts(spec: Spec, diagnostics: Diagnostics) -> None:
    layouts = {entry.value.name for entry in spec.pagemap_layouts}
    for entry in spec.pagemap_fields:
        for layout in entry.value.layouts:
            if layout not in layouts:
                diagnostics.error(
                    entry.at("layouts"),
                    f"pagemap field '{entry.value.name}': layout '{layout}' is not in 'layouts'",
                )


def pagemap_bits_read_known_fields(spec: Spec, diagnostics: Diagnostics) -> None:
    fields = {entry.value.name for entry in spec.pagemap_fields}
    for entry in spec.pagemap_derived:
        derived = entry.value
        if derived.field not in fields:
            diagnostics.error(
                entry.at("field"), f"pagemap-derived bit {derived.bit}: '{derived.field}' is not a pagemap field"
            )


def pagemap_bits_have_page_types_names(spec: Spec, diagnostics: Diagnostics) -> None:
    for entry in spec.pagemap_derived:
        derived = entry.value
        if _name_at(spec, spec.page_types_names, derived.bit, derived.since) is None:
            diagnostics.error(
                entry.at("bit"), f"pagemap-derived bit {derived.bit}: page-types has no name for it in {derived.since}"
            )


# -- bugs.yaml and categories.yaml ----------------------------------------------------------


def bugs_name_flags(spec: Spec, diagnostics: Diagnostics) -> None:
    names = {entry.value.name for entry in spec.kpf_flags}
    for entry in spec.bugs:
        for name in entry.value.flags:
            if name not in names:
                diagnostics.error(
                    entry.at("flags"),
                    f"bug '{entry.value.id}': 'flags' names '{name}', which is not a flag in kpageflags.yaml",
                )


def bugs_name_pagemap_fields(spec: Spec, diagnostics: Diagnostics) -> None:
    names = {entry.value.name for entry in spec.pagemap_fields}
    for entry in spec.bugs:
        for name in entry.value.pagemap_fields:
            if name not in names:
                diagnostics.error(
                    entry.at("pagemap_fields"),
                    f"bug '{entry.value.id}': 'pagemap_fields' names '{name}', which is not a field in pagemap.yaml",
                )


def bug_fixes_are_in_affected_releases(spec: Spec, diagnostics: Diagnostics) -> None:
    for entry in spec.bugs:
        bug = entry.value
        affected = _span(spec, bug)
        for point in bug.fixed_in:
            if not affected.holds(spec.release_key(point)):
                diagnostics.error(
                    entry.at("fixed_in"),
                    f"bug '{bug.id}': fix \"{point}\" is in a "
                    f"release the bug does not affect ({bug.since} to {bug.until or 'now'})",
                )


def category_ids_are_unique(spec: Spec, diagnostics: Diagnostics) -> None:
    first_line: dict[str, int] = {}
    for entry in spec.categories:
        category_id = entry.value.id
        if category_id in first_line:
            diagnostics.error(
                entry.at("id"), f"category '{category_id}' is defined twice (first at line {first_line[category_id]})"
            )
        first_line.setdefault(category_id, entry.mapping.location.line)


def categories_name_flags_and_bugs(spec: Spec, diagnostics: Diagnostics) -> None:
    flags = {entry.value.name for entry in spec.kpf_flags}
    bugs = {entry.value.id for entry in spec.bugs}
    for entry in spec.categories:
        category = entry.value
        for key, names in (
            ("all_set", category.all_set),
            ("any_set", category.any_set),
            ("none_set", category.none_set),
        ):
            for name in names:
                if name not in flags:
                    diagnostics.error(
                        entry.at(key),
                        f"category '{category.id}': '{key}' names '{name}', which is not a flag in kpageflags.yaml",
                    )
        if category.skip_when_bug is not None and category.skip_when_bug not in bugs:
            diagnostics.error(
                entry.at("skip_when_bug"),
                f"category '{category.id}': '{category.skip_when_bug}' is not a bug id in bugs.yaml",
            )


def only_the_last_category_catches_every_page(spec: Spec, diagnostics: Diagnostics) -> None:
    """Categories are tried in order, so one without conditions must come last, and the last must be one."""
    for position, entry in enumerate(spec.categories):
        category = entry.value
        unconditional = not (
            category.all_set
            or category.any_set
            or category.none_set
            or category.since
            or category.until
            or category.skip_when_bug
        )
        last = position == len(spec.categories) - 1
        if last and not unconditional:
            diagnostics.error(
                entry.at("id"),
                f"category '{category.id}': the last category must have no "
                "conditions, so that every page has a category",
            )
        elif unconditional and not last:
            diagnostics.error(
                entry.at("id"),
                f"category '{category.id}' has no conditions, so the "
                "categories after it could never match; move it to the end",
            )


# -- pageflags.yaml -------------------------------------------------------------------------


def enums_follow_one_another(spec: Spec, diagnostics: Diagnostics) -> None:
    enums = _by_since(spec, spec.pg_enums)
    for previous, current in zip(enums, enums[1:]):
        if not _same_release(spec, previous.value.until, current.value.since):
            diagnostics.error(
                current.at("since"),
                f"enum of {current.value.since}: the enum before it "
                f'(from {previous.value.since}) must end here (until: "{current.value.since}")',
            )


def enum_members_are_flags_once(spec: Spec, diagnostics: Diagnostics) -> None:
    """Each member is a PG flag, listed once unless its entries have conditions."""
    flags = {entry.value.name for entry in spec.pg_flags}
    for entry in spec.pg_enums:
        enum = entry.value
        seen: set[str] = set()
        for member in enum.members:
            if member.name not in flags:
                diagnostics.error(
                    entry.at("members"), f"enum of {enum.since}: member '{member.name}' has no entry in 'flags'"
                )
            if member.name in seen and member.condition is None:
                diagnostics.error(entry.at("members"), f"enum of {enum.since}: member '{member.name}' is listed twice")
            seen.add(member.name)


def fields_eras_follow_one_another(spec: Spec, diagnostics: Diagnostics) -> None:
    eras = _by_since(spec, spec.fields_eras)
    for previous, current in zip(eras, eras[1:]):
        if not _same_release(spec, previous.value.until, current.value.since):
            diagnostics.error(
                current.at("since"),
                f"fields era of {current.value.since}: the era before "
                f'it must end here (until: "{current.value.since}")',
            )


def aliases_are_of_members(spec: Spec, diagnostics: Diagnostics) -> None:
    """An alias names a member of enum pageflags in every release the alias is in."""
    for entry in spec.pg_aliases:
        alias = entry.value
        span = _span(spec, alias)
        # The members change only where an enum starts or ends, so those releases are all to check.
        bounds = [bound for e in spec.pg_enums for bound in (e.value.since, e.value.until) if bound]
        checked = [alias.since, *(bound for bound in bounds if span.holds(spec.release_key(bound)))]
        missing = next((bound for bound in checked if alias.of not in _members_at(spec, bound)), None)
        if missing is not None:
            diagnostics.error(
                entry.at("of"),
                f"alias '{alias.name}': '{alias.of}' is not a member of enum pageflags in {missing}",
            )


def alias_contexts_and_flags_exist(spec: Spec, diagnostics: Diagnostics) -> None:
    contexts = {entry.value.name for entry in spec.pg_contexts}
    flags = {entry.value.name for entry in spec.pg_flags}
    for entry in spec.pg_aliases:
        alias = entry.value
        for name in alias.context:
            if name not in contexts:
                diagnostics.error(entry.at("context"), f"alias '{alias.name}': context '{name}' is not in 'contexts'")
        for name in alias.requires:
            if name not in flags:
                diagnostics.error(entry.at("requires"), f"alias '{alias.name}': '{name}' is not a PG flag in 'flags'")


def _members_at(spec: Spec, release: str) -> set[str]:
    """The members of enum pageflags in ``release``."""
    key = spec.release_key(release)
    for entry in spec.pg_enums:
        if _span(spec, entry.value).holds(key):
            return {member.name for member in entry.value.members}
    return set()


# -- gfp.yaml -------------------------------------------------------------------------------


def gfp_names_are_of_layout_bits(spec: Spec, diagnostics: Diagnostics) -> None:
    """Every flag a gfpflag_names entry needs is a ___GFP_ member in each release of the table."""
    for table in spec.gfp_name_tables:
        span = _span(spec, table.value)
        for layout in spec.gfp_layouts:
            start = span.overlap(_span(spec, layout.value))
            if start is None:
                continue
            members = {member.name for member in layout.value.members}
            for name in table.value.names:
                for flag in name.flags:
                    if flag not in members:
                        diagnostics.error(
                            table.at("names"),
                            f"GFP name {name.name}: flag {flag} is no ___GFP_ bit of the layout "
                            f"from {layout.value.since}",
                        )


Check = Callable[[Spec, Diagnostics], None]

CHECKS: tuple[Check, ...] = (
    kpf_names_are_unique,
    kpf_bits_do_not_overlap,
    renames_take_over_the_same_bit,
    page_types_bits_do_not_overlap,
    overload_conditions_name_flags,
    overloads_are_on_flag_bits,
    overload_targets_are_named_for_the_rule,
    pagemap_fields_are_in_known_layouts,
    pagemap_bits_read_known_fields,
    pagemap_bits_have_page_types_names,
    bugs_name_flags,
    bugs_name_pagemap_fields,
    bug_fixes_are_in_affected_releases,
    category_ids_are_unique,
    categories_name_flags_and_bugs,
    only_the_last_category_catches_every_page,
    enums_follow_one_another,
    enum_members_are_flags_once,
    fields_eras_follow_one_another,
    aliases_are_of_members,
    alias_contexts_and_flags_exist,
    gfp_names_are_of_layout_bits,
)


def cross_check(spec: Spec, diagnostics: Diagnostics) -> None:
    for check in CHECKS:
        check(spec, diagnostics)
