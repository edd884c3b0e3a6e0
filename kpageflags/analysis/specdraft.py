"""Drafting the spec change that a new kernel's BTF and config imply, for a person to complete.

``draft_spec_change`` compares the kernel's ``enum pageflags``, ``enum pagetype`` and
``enum zone_type`` with the spec's newest release and writes each difference as a YAML snippet
in the spec's own syntax. Every drafted fact says it is unverified: BTF shows what one build of
the kernel has, not which config option a new member depends on, nor what it means.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from typing import NamedTuple

from .._generated.pageflags import PG_ENUMS, PG_FLAGS, PG_ZONES
from ..errors import BadBtf, BadValue
from ..facts.btf import VMLINUX_BTF, BtfEnum, read_vmlinux_enums
from ..facts.kconfig import KernelConfig
from ..facts.model import PgAlias, PgEnum, PgMember
from ..facts.pglayout import PgLayout, pg_layout, running_config_or_preset
from ..facts.releases import Release, parse_release, release_in, releases

_MAINLINE = re.compile(r"^(2\.6\.\d+|[3-9]\.\d+|[1-9]\d+\.\d+)(?![\d])")


class SpecDraft(NamedTuple):
    """What a kernel's BTF changes relative to the spec's newest release, as YAML snippets."""

    kernel: str
    since: str
    base: str
    config: str
    btf: str
    changes: list[str]
    snippets: list[str]
    notes: list[str]

    @property
    def unchanged(self) -> bool:
        return not self.changes

    def lines(self) -> list[str]:
        if self.unchanged:
            head = [
                f"# no change: the BTF of {self.kernel} agrees with the spec's newest release, {self.base} "
                f"(config {self.config})"
            ]
        else:
            head = [
                f"# the BTF of {self.kernel} against the spec's newest release, {self.base} (config {self.config}):"
            ]
            head += [f"# - {change}" for change in self.changes]
            head.append("# Paste each snippet where it says, replace every 'unverified' with evidence, then run")
            head.append("# python -m codegen and python -m pytest.")
        head += [f"# note: {note}" for note in self.notes]
        body = [line for snippet in self.snippets for line in ("", *snippet.splitlines())]
        return head + body

    def to_dict(self) -> dict[str, object]:
        return {
            "kernel": self.kernel,
            "since": self.since,
            "base": self.base,
            "config": self.config,
            "btf": self.btf,
            "unchanged": self.unchanged,
            "changes": self.changes,
            "notes": self.notes,
            "yaml": "\n".join(self.snippets),
        }


class _Part(NamedTuple):
    changes: list[str]
    snippets: list[str]


def mainline_of(kernel: str) -> str:
    """The spec's key for a release string (``6.19.0-rc3-amd64`` is ``6.19``).

    >>> mainline_of('6.19.0-rc3-amd64'), mainline_of('2.6.32-5-amd64')
    ('6.19', '2.6.32')
    """
    match = _MAINLINE.match(kernel)
    if not match:
        raise BadValue(f"'{kernel}' does not start with a kernel version; give the release with --kernel")
    return match.group(1)


def draft_spec_change(
    kernel: str | None = None, config: KernelConfig | None = None, btf_path: str = VMLINUX_BTF
) -> SpecDraft:
    """Drafts the spec change for a kernel (by default the running one), from its BTF and config.

    Unreadable or invalid BTF raises as ``check_kernel`` does."""
    kernel = kernel or os.uname().release
    since = mainline_of(kernel)
    notes: list[str] = []
    if config is None:
        config, note = running_config_or_preset()
        if note:
            notes.append(note)
    base = parse_release(releases()[-1])
    layout = pg_layout(base, config)
    enums = read_vmlinux_enums(["pageflags", "pagetype", "zone_type"], btf_path)
    if "pageflags" not in enums:
        raise BadBtf(f"{btf_path} has no enum pageflags, so no spec change can be drafted")
    stub = f"drafted from the BTF of {kernel}; add evidence"
    kernel_members, kernel_aliases = _split_pageflags(enums["pageflags"])
    parts = [
        _members_part(layout, base, config, kernel_members, since, stub),
        _aliases_part(layout, kernel_members, kernel_aliases, since, kernel, stub),
        _page_types_part(layout, enums.get("pagetype"), since, stub, notes),
        _zones_part(layout, base, enums.get("zone_type"), since, notes),
    ]
    changes = [change for part in parts for change in part.changes]
    snippets = [snippet for part in parts for snippet in part.snippets]
    if since not in releases():
        snippets.insert(0, f'# spec/releases.yaml releases: append\n  - "{since}"')
    elif changes:
        notes.append(f"{since} is already in the spec: these are corrections to its entries, not a new release")
    return SpecDraft(kernel, since, base.name, config.label, btf_path, changes, snippets, notes)


def _split_pageflags(enum: BtfEnum) -> tuple[list[tuple[str, int]], dict[str, int]]:
    """The members before ``__NR_PAGEFLAGS`` by value, and the aliases after it (without ``PG_``)."""
    names = [name for name, _ in enum.members]
    cut = names.index("__NR_PAGEFLAGS") if "__NR_PAGEFLAGS" in names else len(names)
    members = sorted(((n[3:], v) for n, v in enum.members[:cut] if n.startswith("PG_")), key=lambda m: m[1])
    aliases = {n[3:]: v for n, v in enum.members[cut + 1 :] if n.startswith("PG_")}
    return members, aliases


def _enum_at(release: Release) -> PgEnum:
    position = release.position_of("pageflags")
    return next(e for e in PG_ENUMS if release_in(position, e.since, e.until))


def _members_part(
    layout: PgLayout, base: Release, config: KernelConfig, kernel: list[tuple[str, int]], since: str, stub: str
) -> _Part:
    ours = {b.name: b.bit for b in layout.bits}
    theirs = dict(kernel)
    if list(ours.items()) == kernel:
        return _Part([], [])
    previous = _enum_at(base)
    conditions = {member.name: member.condition for member in previous.members}
    changes = []
    moved = _reordered([n for n in ours if n in theirs], [n for n, _ in kernel if n in ours])
    for name, bit in kernel:
        if name not in ours and name in conditions:
            changes.append(
                f"PG_{name} is in the BTF at bit {bit}, but the config fails its condition {conditions[name]}"
            )
        elif name not in ours:
            changes.append(f"PG_{name} is new, at bit {bit}")
        elif name in moved:
            changes.append(f"PG_{name} moves from bit {ours[name]} to bit {bit}")
    changes += [f"PG_{name} is gone (it was bit {bit})" for name, bit in ours.items() if name not in theirs]
    members = _merge_members(previous.members, [name for name, _ in kernel], config)
    known = {flag.name for flag in PG_FLAGS}
    snippets = [
        f'# spec/pageflags.yaml flags: append\n  - name: {name}\n    doc: "a new flag: say what it means"'
        for name, _ in kernel
        if name not in known
    ]
    entry = [f'  - since: "{since}"', "    members:"]
    entry += [f"      - {_member_yaml(member)}" for member in members]
    entry.append(f'    unverified: "{stub}"')
    snippets.append(
        f'# spec/pageflags.yaml enums: end the entry since "{previous.since}" with until: "{since}", then append'
    )
    snippets[-1] += "\n" + "\n".join(entry)
    return _Part(changes, snippets)


def _reordered(ours: list[str], theirs: list[str]) -> set[str]:
    """The members whose order among the others changed; a member only pushed along by an
    insertion or removal is not one of them."""
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    kept = {name for block in matcher.get_matching_blocks() for name in ours[block.a : block.a + block.size]}
    return set(ours) - kept


def _merge_members(previous: tuple[PgMember, ...], kernel: list[str], config: KernelConfig) -> list[PgMember]:
    """The kernel's members in its order, keeping each one's condition from the spec, with the
    spec's members that this config leaves out put back after the member they followed."""
    conditions = {member.name: member.condition for member in previous}
    merged = [PgMember(name, conditions.get(name)) for name in kernel]
    for index, member in enumerate(previous):
        if member.name in kernel or config.test(member.condition):
            continue
        before = {m.name for m in previous[:index]}
        position = max((i + 1 for i, m in enumerate(merged) if m.name in before), default=0)
        merged.insert(position, PgMember(member.name, member.condition))
    return merged


def _member_yaml(member: PgMember) -> str:
    return f'{{name: {member.name}, if: "{member.condition}"}}' if member.condition else member.name


def _aliases_part(
    layout: PgLayout,
    kernel_members: list[tuple[str, int]],
    kernel_aliases: Mapping[str, int],
    since: str,
    kernel: str,
    stub: str,
) -> _Part:
    member_at = {value: name for name, value in kernel_members}
    ours = {a.name: (a, b.bit) for b in layout.bits for a in b.aliases if layout.in_enum(a)}
    changes: list[str] = []
    snippets: list[str] = []
    for name, value in kernel_aliases.items():
        if name in dict(kernel_members):
            continue
        of = member_at.get(value, f"bit_{value}")
        if name not in ours:
            changes.append(f"PG_{name} is a new alias of PG_{of}")
            doc = "a new alias: say what it means and on which pages (context)"
            snippets.append(_alias_yaml(name, of, (), (), None, since, doc, stub))
        elif ours[name][1] != value:
            old, bit = ours[name]
            changes.append(f"PG_{name} is now an alias of PG_{of} (bit {value}), not of PG_{old.of} (bit {bit})")
            snippets.append(_alias_until(old, since))
            snippets.append(_alias_yaml(name, of, old.context, old.requires, old.condition, since, old.doc, stub))
    for name, (alias, bit) in ours.items():
        if name not in kernel_aliases:
            changes.append(f"PG_{name} (an alias of PG_{alias.of}, bit {bit}) is gone")
            snippets.append(_alias_until(alias, since))
    return _Part(changes, snippets)


def _alias_until(alias: PgAlias, since: str) -> str:
    return f'# spec/pageflags.yaml aliases: end the alias {alias.name} since "{alias.since}" with until: "{since}"'


def _alias_yaml(
    name: str,
    of: str,
    context: tuple[str, ...],
    requires: tuple[str, ...],
    condition: str | None,
    since: str,
    doc: str,
    stub: str,
) -> str:
    lines = ["# spec/pageflags.yaml aliases: append", f"  - name: {name}", f"    of: {of}"]
    lines.append(f"    context: [{', '.join(context)}]")
    if requires:
        lines.append(f"    requires: [{', '.join(requires)}]")
    if condition:
        lines.append(f'    if: "{condition}"')
    lines += [f'    since: "{since}"', f"    doc: {_quoted(doc)}", f'    unverified: "{stub}"']
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_types_part(layout: PgLayout, enum: BtfEnum | None, since: str, stub: str, notes: list[str]) -> _Part:
    if enum is None:
        if layout.page_type.kind == "top_byte":
            notes.append("the BTF has no enum pagetype, so page types were not compared")
        return _Part([], [])
    theirs = {name[len("PGTY_") :]: value for name, value in enum.members if name.startswith("PGTY_")}
    ours = dict(layout.page_type.types) if layout.page_type.kind == "top_byte" else {}
    if theirs == ours:
        return _Part([], [])
    changes = [f"PGTY_{n} is new, {v:#x}" for n, v in theirs.items() if n not in ours]
    changes += [f"PGTY_{n} is gone (it was {v:#x})" for n, v in ours.items() if n not in theirs]
    changes += [f"PGTY_{n} moves from {ours[n]:#x} to {v:#x}" for n, v in theirs.items() if n in ours and ours[n] != v]
    types = ", ".join(f"{name}: {value:#04x}" for name, value in theirs.items())
    snippet = (
        f'# spec/pageflags.yaml page_types: end the entry since "{layout.page_type.since}" with until: "{since}", '
        f'then append\n  - since: "{since}"\n    kind: top_byte\n    types: {{{types}}}\n    unverified: "{stub}"'
    )
    return _Part(changes, [snippet])


def _zones_part(layout: PgLayout, base: Release, enum: BtfEnum | None, since: str, notes: list[str]) -> _Part:
    if enum is None:
        notes.append("the BTF has no enum zone_type, so zones were not compared")
        return _Part([], [])
    position = base.position_of("fields")
    current = {zone.name.upper(): zone.name for zone in PG_ZONES if release_in(position, zone.since, zone.until)}
    ordered = sorted(enum.members, key=lambda member: member[1])
    theirs = [current.get(n[5:], n[5:]) for n, _ in ordered if n.startswith("ZONE_")]
    ours = list(layout.zones)
    unexpected = [name for name in theirs if name not in ours and name in current.values()]
    notes += [f"zone {name} is in the BTF, but its option is not set in the config" for name in unexpected]
    new = [name for name in theirs if name not in ours and name not in unexpected]
    changes = [f"zone {name} is new, number {theirs.index(name)}" for name in new]
    changes += [f"zone {name} is gone" for name in ours if name not in theirs]
    snippets = [f'# spec/pageflags.yaml zones: append\n  - {{name: {name}, since: "{since}"}}' for name in new]
    snippets += [
        f'# spec/pageflags.yaml zones: end the zone {name} with until: "{since}"' for name in ours if name not in theirs
    ]
    if new:
        notes.append("BTF does not show which config option a new zone needs: add its 'if:' by hand")
    return _Part(changes, snippets)
