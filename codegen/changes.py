"""Computes, release by release, what changed in the spec's facts."""

from __future__ import annotations

from kpageflags.facts.model import Change, ChangeKind, Evidence

from .reader import Spec

_KIND_ORDER: tuple[ChangeKind, ...] = (
    "added",
    "renamed",
    "removed",
    "meaning",
    "page-types-name-added",
    "page-types-name-removed",
    "overload-added",
    "overload-removed",
    "pagemap-layout",
    "pagemap-field-added",
    "pagemap-field-removed",
    "pg-member-added",
    "pg-member-removed",
    "pg-members-moved",
    "pg-alias-added",
    "pg-alias-removed",
    "bug-introduced",
    "bug-fixed",
)


def _series(release: str) -> str:
    parts = release.split(".")
    return ".".join(parts[:3] if parts[0] == "2" else parts[:2])


def compute_changes(spec: Spec) -> tuple[Change, ...]:
    changes: list[Change] = []

    def add(release: str, kind: ChangeKind, subject: str, summary: str, evidence: tuple[Evidence, ...]) -> None:
        changes.append(Change(release, kind, subject, summary, evidence))

    for flag_entry in spec.kpf_flags:
        flag = flag_entry.value
        if flag.renamed_from:
            add(
                flag.since,
                "renamed",
                flag.name,
                f"bit {flag.bit} {flag.renamed_from} is renamed {flag.name} ({flag.symbol})",
                flag.evidence,
            )
        else:
            add(flag.since, "added", flag.name, f"bit {flag.bit} {flag.name} ({flag.symbol}) appears", flag.evidence)
        if flag.until and not flag.renamed_to:
            add(flag.until, "removed", flag.name, f"bit {flag.bit} {flag.name} is no longer defined", flag.evidence)
    for name_entry in spec.page_types_names:
        entry = name_entry.value
        add(
            entry.since,
            "page-types-name-added",
            entry.name,
            f"page-types names bit {entry.bit} '{entry.letter}:{entry.name}'",
            entry.evidence,
        )
        if entry.until:
            add(
                entry.until,
                "page-types-name-removed",
                entry.name,
                f"page-types drops the name of bit {entry.bit} ('{entry.letter}:{entry.name}')",
                entry.evidence,
            )
    for rule_entry in spec.overloads:
        rule = rule_entry.value
        condition = " and ".join([*rule.when_set, *(f"not {n}" for n in rule.when_clear)])
        if rule.tool_since:
            add(
                rule.tool_since,
                "overload-added",
                rule.name,
                f"page-types -r moves bit {rule.bit} to {rule.target_bit} ({rule.name}) when {condition}",
                rule.evidence,
            )
        if rule.tool_until:
            add(
                rule.tool_until,
                "overload-removed",
                rule.name,
                f"page-types no longer makes {rule.name} from bit {rule.bit}",
                rule.evidence,
            )
        if rule.kernel_since:
            add(
                rule.kernel_since,
                "meaning",
                rule.name,
                f"bit {rule.bit} means {rule.name} when {condition}",
                rule.evidence,
            )
        if rule.kernel_until:
            add(
                rule.kernel_until,
                "meaning",
                rule.name,
                f"bit {rule.bit} no longer means {rule.name} when {condition}",
                rule.evidence,
            )
    for layout_entry in spec.pagemap_layouts:
        layout = layout_entry.value
        add(
            layout.since,
            "pagemap-layout",
            layout.name,
            f"pagemap entries use the {layout.name} layout",
            layout.evidence,
        )
    for field_entry in spec.pagemap_fields:
        pm_field = field_entry.value
        bits = f"bit {pm_field.low}" if pm_field.low == pm_field.high else f"bits {pm_field.low}-{pm_field.high}"
        add(pm_field.since, "pagemap-field-added", pm_field.name, f"pagemap {bits}: {pm_field.name}", pm_field.evidence)
        if pm_field.until:
            add(
                pm_field.until,
                "pagemap-field-removed",
                pm_field.name,
                f"pagemap {bits} no longer carry {pm_field.name}",
                pm_field.evidence,
            )
    for bug_entry in spec.bugs:
        bug = bug_entry.value
        add(bug.since, "bug-introduced", bug.id, bug.title, bug.evidence)
        if bug.until:
            add(bug.until, "bug-fixed", bug.id, f"fixed: {bug.title}", bug.evidence)
        for point in bug.fixed_in:
            add(point, "bug-fixed", bug.id, f"fixed in the {_series(point)} stable series: {bug.title}", bug.evidence)

    enums = sorted((p.value for p in spec.pg_enums), key=lambda e: spec.release_index(e.since))
    for previous, current in zip(enums, enums[1:]):
        before = {m.name: m.condition for m in previous.members}
        after = {m.name: m.condition for m in current.members}
        for name in after:
            if name not in before:
                condition = f" (with {after[name]})" if after[name] else ""
                add(
                    current.since,
                    "pg-member-added",
                    name,
                    f"enum pageflags gains PG_{name}{condition}",
                    current.evidence,
                )
            elif before[name] != after[name]:
                add(
                    current.since,
                    "pg-member-added",
                    name,
                    f"PG_{name} now depends on {after[name] or 'nothing'} (was {before[name] or 'nothing'})",
                    current.evidence,
                )
        for name in before:
            if name not in after:
                add(current.since, "pg-member-removed", name, f"enum pageflags loses PG_{name}", current.evidence)
        kept_before = [m.name for m in previous.members if m.name in after]
        kept_after = [m.name for m in current.members if m.name in before]
        if kept_before != kept_after:
            add(
                current.since,
                "pg-members-moved",
                "enum pageflags",
                "enum pageflags is reordered: " + ", ".join(kept_after[:12]) + (" ..." if len(kept_after) > 12 else ""),
                current.evidence,
            )
    for alias_entry in spec.pg_aliases:
        alias = alias_entry.value
        where = ", ".join(alias.context) or "any page"
        add(
            alias.since,
            "pg-alias-added",
            alias.name,
            f"PG_{alias.name} names the bit of PG_{alias.of} ({where})",
            alias.evidence,
        )
        if alias.until:
            add(
                alias.until,
                "pg-alias-removed",
                alias.name,
                f"PG_{alias.name} no longer names PG_{alias.of}'s bit",
                alias.evidence,
            )

    def order(change: Change) -> tuple[tuple[int, ...], int, str, str]:
        version = tuple(int(p) for p in change.release.split("."))
        return version, _KIND_ORDER.index(change.kind), change.subject, change.summary

    return tuple(sorted(changes, key=order))
