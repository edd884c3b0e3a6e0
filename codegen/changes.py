"""Computes, release by release, what changed in the spec's facts."""

from __future__ import annotations

from kpageflags.model import Change, ChangeKind, Evidence

from .reader import Spec

_KIND_ORDER: tuple[ChangeKind, ...] = (
    "added", "renamed", "removed", "meaning", "page-types-name-added", "page-types-name-removed",
    "overload-added", "overload-removed", "pagemap-layout", "pagemap-field-added",
    "pagemap-field-removed", "bug-introduced", "bug-fixed",
)


def _series(release: str) -> str:
    parts = release.split(".")
    return ".".join(parts[:3] if parts[0] == "2" else parts[:2])


def compute_changes(spec: Spec) -> tuple[Change, ...]:
    changes: list[Change] = []

    def add(release: str, kind: ChangeKind, subject: str, summary: str,
            evidence: tuple[Evidence, ...]) -> None:
        changes.append(Change(release, kind, subject, summary, evidence))

    for flag_entry in spec.kpf_flags:
        flag = flag_entry.value
        if flag.renamed_from:
            add(flag.since, "renamed", flag.name,
                f"bit {flag.bit} {flag.renamed_from} is renamed {flag.name} ({flag.symbol})", flag.evidence)
        else:
            add(flag.since, "added", flag.name, f"bit {flag.bit} {flag.name} ({flag.symbol}) appears",
                flag.evidence)
        if flag.until and not flag.renamed_to:
            add(flag.until, "removed", flag.name, f"bit {flag.bit} {flag.name} is no longer defined",
                flag.evidence)
    for name_entry in spec.page_types_names:
        entry = name_entry.value
        add(entry.since, "page-types-name-added", entry.name,
            f"page-types names bit {entry.bit} '{entry.letter}:{entry.name}'", entry.evidence)
        if entry.until:
            add(entry.until, "page-types-name-removed", entry.name,
                f"page-types drops the name of bit {entry.bit} ('{entry.letter}:{entry.name}')",
                entry.evidence)
    for rule_entry in spec.overloads:
        rule = rule_entry.value
        condition = " and ".join([*rule.when_set, *(f"not {n}" for n in rule.when_clear)])
        if rule.tool_since:
            add(rule.tool_since, "overload-added", rule.name,
                f"page-types -r moves bit {rule.bit} to {rule.target_bit} ({rule.name}) when {condition}",
                rule.evidence)
        if rule.tool_until:
            add(rule.tool_until, "overload-removed", rule.name,
                f"page-types no longer makes {rule.name} from bit {rule.bit}", rule.evidence)
        if rule.kernel_since:
            add(rule.kernel_since, "meaning", rule.name,
                f"bit {rule.bit} means {rule.name} when {condition}", rule.evidence)
        if rule.kernel_until:
            add(rule.kernel_until, "meaning", rule.name,
                f"bit {rule.bit} no longer means {rule.name} when {condition}", rule.evidence)
    for layout_entry in spec.pagemap_layouts:
        layout = layout_entry.value
        add(layout.since, "pagemap-layout", layout.name, f"pagemap entries use the {layout.name} layout",
            layout.evidence)
    for field_entry in spec.pagemap_fields:
        pm_field = field_entry.value
        bits = f"bit {pm_field.low}" if pm_field.low == pm_field.high else \
            f"bits {pm_field.low}-{pm_field.high}"
        add(pm_field.since, "pagemap-field-added", pm_field.name, f"pagemap {bits}: {pm_field.name}",
            pm_field.evidence)
        if pm_field.until:
            add(pm_field.until, "pagemap-field-removed", pm_field.name,
                f"pagemap {bits} no longer carry {pm_field.name}", pm_field.evidence)
    for bug_entry in spec.bugs:
        bug = bug_entry.value
        add(bug.since, "bug-introduced", bug.id, bug.title, bug.evidence)
        if bug.until:
            add(bug.until, "bug-fixed", bug.id, f"fixed: {bug.title}", bug.evidence)
        for point in bug.fixed_in:
            add(point, "bug-fixed", bug.id, f"fixed in the {_series(point)} stable series: {bug.title}",
                bug.evidence)

    def order(change: Change) -> tuple[tuple[int, ...], int, str, str]:
        version = tuple(int(p) for p in change.release.split("."))
        return version, _KIND_ORDER.index(change.kind), change.subject, change.summary

    return tuple(sorted(changes, key=order))
