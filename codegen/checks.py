"""Checks that span entries and files: overlapping bits, dangling names, renames."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Callable, TypeVar

from .diagnostics import Diagnostics
from .reader import Placed, Spec

T = TypeVar("T")


def _span(spec: Spec, since: str, until: str | None) -> range:
    end = spec.release_index(until) if until else len(spec.releases)
    return range(spec.release_index(since), end)


def _first_shared(a: range, b: range) -> int | None:
    start = max(a.start, b.start)
    return start if start < min(a.stop, b.stop) else None


def _check_bit_overlaps(
    spec: Spec,
    diagnostics: Diagnostics,
    entries: Iterable[Placed[T]],
    bit_of: Callable[[T], int],
    name_of: Callable[[T], str],
    span_of: Callable[[T], range],
    what: str,
) -> None:
    by_bit: dict[int, list[Placed[T]]] = {}
    for entry in entries:
        by_bit.setdefault(bit_of(entry.value), []).append(entry)
    for bit, group in by_bit.items():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                shared = _first_shared(span_of(first.value), span_of(second.value))
                if shared is None:
                    continue
                earlier, later = sorted((first, second), key=lambda p: span_of(p.value).start)
                diagnostics.error(
                    later.at("bit"),
                    f"{what} bit {bit} is used by '{name_of(earlier.value)}' and "
                    f"'{name_of(later.value)}' in {spec.releases[shared]}; "
                    f"give '{name_of(earlier.value)}' an until:",
                )


def cross_check(spec: Spec, diagnostics: Diagnostics) -> None:
    check_pageflags(spec, diagnostics)
    check_categories(spec, diagnostics)
    kpf_names: dict[str, Placed] = {}  # type: ignore[type-arg]
    for flag_entry in spec.kpf_flags:
        flag = flag_entry.value
        if flag.name in kpf_names:
            diagnostics.error(
                flag_entry.at("name"),
                f"flag '{flag.name}' is defined twice (first at line {kpf_names[flag.name].mapping.location.line})",
            )
        kpf_names.setdefault(flag.name, flag_entry)
    _check_bit_overlaps(
        spec,
        diagnostics,
        spec.kpf_flags,
        lambda f: f.bit,
        lambda f: f.name,
        lambda f: _span(spec, f.since, f.until),
        "kpageflags",
    )

    for flag_entry in spec.kpf_flags:
        flag = flag_entry.value
        for key, other_name in (("renamed_to", flag.renamed_to), ("renamed_from", flag.renamed_from)):
            if other_name is None:
                continue
            other = kpf_names.get(other_name)
            if other is None:
                diagnostics.error(
                    flag_entry.at(key),
                    f"flag '{flag.name}': '{key}' names '{other_name}', which is not a flag in kpageflags.yaml",
                )
                continue
            if other.value.bit != flag.bit:
                diagnostics.error(
                    flag_entry.at(key),
                    f"flag '{flag.name}': '{key}' names '{other_name}', "
                    f"which is bit {other.value.bit}, not bit {flag.bit}",
                )
            joint = flag.until == other.value.since if key == "renamed_to" else other.value.until == flag.since
            if not joint:
                diagnostics.error(
                    flag_entry.at(key),
                    f"flag '{flag.name}': '{key}' '{other_name}' must take "
                    "over in the release where the other name ends (until == since)",
                )

    _check_bit_overlaps(
        spec,
        diagnostics,
        spec.page_types_names,
        lambda n: n.bit,
        lambda n: n.name,
        lambda n: _span(spec, n.since, n.until),
        "page-types",
    )

    def tool_name_at(bit: int, release_index: int) -> str | None:
        for entry in spec.page_types_names:
            if entry.value.bit == bit and release_index in _span(spec, entry.value.since, entry.value.until):
                return entry.value.name
        return None

    def kpf_flag_at(bit: int, release_index: int) -> str | None:
        for entry in spec.kpf_flags:
            if entry.value.bit == bit and release_index in _span(spec, entry.value.since, entry.value.until):
                return entry.value.name
        return None

    for rule_entry in spec.overloads:
        rule = rule_entry.value
        for key, names in (("when_set", rule.when_set), ("when_clear", rule.when_clear)):
            for name in names:
                if name not in kpf_names:
                    diagnostics.error(
                        rule_entry.at(key),
                        f"overload '{rule.name}': '{key}' names '{name}', which is not a flag in kpageflags.yaml",
                    )
        first = rule.kernel_since or rule.tool_since
        if first and kpf_flag_at(rule.bit, spec.release_index(first)) is None:
            diagnostics.error(
                rule_entry.at("bit"), f"overload '{rule.name}': no kpageflags flag has bit {rule.bit} in {first}"
            )
        if rule.tool_since is None or rule.target_bit is None:
            continue
        target = tool_name_at(rule.target_bit, spec.release_index(rule.tool_since))
        if target != rule.name:
            diagnostics.error(
                rule_entry.at("target_bit"),
                f"overload '{rule.name}': page-types names bit "
                f"{rule.target_bit} '{target}' in {rule.tool_since}, not '{rule.name}'",
            )

    layouts = {p.value.name for p in spec.pagemap_layouts}
    field_names = set()
    for field_entry in spec.pagemap_fields:
        pm_field = field_entry.value
        field_names.add(pm_field.name)
        for layout in pm_field.layouts:
            if layout not in layouts:
                diagnostics.error(
                    field_entry.at("layouts"), f"pagemap field '{pm_field.name}': layout '{layout}' is not in 'layouts'"
                )
    for derived_entry in spec.pagemap_derived:
        derived = derived_entry.value
        if derived.field not in field_names:
            diagnostics.error(
                derived_entry.at("field"),
                f"pagemap-derived bit {derived.bit}: '{derived.field}' is not a pagemap field",
            )
        if tool_name_at(derived.bit, spec.release_index(derived.since)) is None:
            diagnostics.error(
                derived_entry.at("bit"),
                f"pagemap-derived bit {derived.bit}: page-types has no name for it in {derived.since}",
            )

    for bug_entry in spec.bugs:
        bug = bug_entry.value
        for name in bug.flags:
            if name not in kpf_names:
                diagnostics.error(
                    bug_entry.at("flags"),
                    f"bug '{bug.id}': 'flags' names '{name}', which is not a flag in kpageflags.yaml",
                )
        affected = _span(spec, bug.since, bug.until)
        for point in bug.fixed_in:
            series = point.rsplit(".", 1)[0]
            if spec.release_index(series) not in affected:
                diagnostics.error(
                    bug_entry.at("fixed_in"),
                    f"bug '{bug.id}': fix \"{point}\" is in a "
                    f"release the bug does not affect ({bug.since} to {bug.until or 'now'})",
                )


def check_categories(spec: Spec, diagnostics: Diagnostics) -> None:
    """Names must resolve, ids be unique, and exactly the last category catch every page."""
    kpf_names = {p.value.name for p in spec.kpf_flags}
    bug_ids = {p.value.id for p in spec.bugs}
    seen: dict[str, int] = {}
    for position, entry in enumerate(spec.categories):
        category = entry.value
        if category.id in seen:
            diagnostics.error(
                entry.at("id"), f"category '{category.id}' is defined twice (first at line {seen[category.id]})"
            )
        seen.setdefault(category.id, entry.mapping.location.line)
        for key, names in (
            ("all_set", category.all_set),
            ("any_set", category.any_set),
            ("none_set", category.none_set),
        ):
            for name in names:
                if name not in kpf_names:
                    diagnostics.error(
                        entry.at(key),
                        f"category '{category.id}': '{key}' names '{name}', which is not a flag in kpageflags.yaml",
                    )
        if category.skip_when_bug is not None and category.skip_when_bug not in bug_ids:
            diagnostics.error(
                entry.at("skip_when_bug"),
                f"category '{category.id}': '{category.skip_when_bug}' is not a bug id in bugs.yaml",
            )
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


def check_pageflags(spec: Spec, diagnostics: Diagnostics) -> None:
    flag_names = {p.value.name for p in spec.pg_flags}
    context_names = {p.value.name for p in spec.pg_contexts}
    enums = sorted(spec.pg_enums, key=lambda p: spec.release_index(p.value.since))
    for previous, current in zip(enums, enums[1:]):
        if previous.value.until != current.value.since:
            diagnostics.error(
                current.at("since"),
                f"enum of {current.value.since}: the enum before it "
                f'(from {previous.value.since}) must end here (until: "{current.value.since}")',
            )
    for enum_entry in enums:
        enum = enum_entry.value
        seen: set[str] = set()
        for member in enum.members:
            if member.name not in flag_names:
                diagnostics.error(
                    enum_entry.at("members"), f"enum of {enum.since}: member '{member.name}' has no entry in 'flags'"
                )
            if member.name in seen and member.condition is None:
                diagnostics.error(
                    enum_entry.at("members"), f"enum of {enum.since}: member '{member.name}' is listed twice"
                )
            seen.add(member.name)

    eras = sorted(spec.fields_eras, key=lambda p: spec.release_index(p.value.since))
    for previous_era, current_era in zip(eras, eras[1:]):
        if previous_era.value.until != current_era.value.since:
            diagnostics.error(
                current_era.at("since"),
                f"fields era of {current_era.value.since}: the era before "
                f'it must end here (until: "{current_era.value.since}")',
            )

    def members_at(index: int) -> set[str]:
        for enum_entry in enums:
            if index in _span(spec, enum_entry.value.since, enum_entry.value.until):
                return {m.name for m in enum_entry.value.members}
        return set()

    for alias_entry in spec.pg_aliases:
        alias = alias_entry.value
        for index in _span(spec, alias.since, alias.until):
            if alias.of not in members_at(index):
                diagnostics.error(
                    alias_entry.at("of"),
                    f"alias '{alias.name}': '{alias.of}' is not a member of enum pageflags in {spec.releases[index]}",
                )
                break
        for name in alias.context:
            if name not in context_names:
                diagnostics.error(
                    alias_entry.at("context"), f"alias '{alias.name}': context '{name}' is not in 'contexts'"
                )
        for name in alias.requires:
            if name not in flag_names:
                diagnostics.error(
                    alias_entry.at("requires"), f"alias '{alias.name}': '{name}' is not a PG flag in 'flags'"
                )
