"""Drafting the spec change that a new kernel's BTF and config imply, for a person to complete.

``draft_spec_change`` compares the kernel's ``enum pageflags``, ``enum pagetype`` and
``enum zone_type`` with the spec's facts at that kernel's release (the newest release's, for a
release newer than the spec) and writes each difference as a YAML snippet in the spec's own
syntax. Every drafted fact says it is unverified: BTF shows what one build of the kernel has,
not which config option a new member depends on, what it means, nor where it started.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from typing import NamedTuple

from .._generated.pageflags import PAGE_TYPE_SCHEMES, PG_ENUMS, PG_FLAGS, PG_ZONES
from ..errors import BadBtf, BadValue
from ..facts.btf import VMLINUX_BTF, BtfEnum, read_vmlinux_enums
from ..facts.kconfig import KernelConfig
from ..facts.model import PageTypeScheme, PgAlias, PgEnum, PgMember
from ..facts.pglayout import PgLayout, pg_layout, running_config_or_preset
from ..facts.release_names import ReleaseName, split_release_name
from ..facts.releases import Release, endpoint_key, parse_release, release_in, releases, running_release

_MAINLINE = re.compile(r"^(2\.6\.\d+|[3-9]\.\d+|[1-9]\d+\.\d+)(?![\d])")


class SpecDraft(NamedTuple):
    """What a kernel's BTF changes relative to the spec's facts at ``base``, as YAML snippets.

    ``base`` is the kernel's release when the spec covers it, else the spec's newest release."""

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
            head = [f"# no change: the BTF of {self.kernel} agrees with {self._against} (config {self.config})"]
        else:
            head = [f"# the BTF of {self.kernel} against {self._against} (config {self.config}):"]
            head += [f"# - {change}" for change in self.changes]
            head.append("# Paste each snippet where it says, replace every 'unverified' with evidence, then run")
            head.append("# python -m codegen and python -m pytest.")
        head += [f"# note: {note}" for note in self.notes]
        body = [line for snippet in self.snippets for line in ("", *snippet.splitlines())]
        return head + body

    @property
    def _against(self) -> str:
        if self.base == releases()[-1]:
            return f"the spec's newest release, {self.base}"
        return f"the spec's facts at {self.base}"

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
    target = _target(kernel)
    notes: list[str] = []
    if config is None:
        config, note = running_config_or_preset()
        if note:
            notes.append(note)
    layout = pg_layout(target.release, config)
    enums = read_vmlinux_enums(["pageflags", "pagetype", "zone_type"], btf_path)
    if "pageflags" not in enums:
        raise BadBtf(f"{btf_path} has no enum pageflags, so no spec change can be drafted")
    since = target.since
    stub = f"drafted from the BTF of {target.kernel}; add evidence"
    kernel_members, kernel_aliases = _split_pageflags(enums["pageflags"])
    parts = [
        _members_part(layout, target.release, config, kernel_members, since, stub),
        _aliases_part(layout, kernel_members, kernel_aliases, since, stub),
        _page_types_part(layout, target.release, enums.get("pagetype"), since, stub, notes),
        _zones_part(layout, target.release, enums.get("zone_type"), since, notes),
    ]
    changes = [change for part in parts for change in part.changes]
    snippets = [snippet for part in parts for snippet in part.snippets]
    if target.release.asked is not None:
        snippets.insert(0, f'# spec/releases.yaml releases: append\n  - "{since}"')
        if not changes:
            notes.append(f"{since} is newer than the spec: append it to spec/releases.yaml, with what was checked")
    elif changes:
        notes.append(
            f"the spec covers {target.release.name}: these correct its facts from {since}; the BTF shows the "
            "difference there only, so establish where it started (a merge window, an rc or an earlier point "
            "release) and write that as since"
        )
    base = target.release.series if target.release.asked is not None else target.release.name
    return SpecDraft(target.kernel, since, base, config.label, btf_path, changes, snippets, notes)


class _Target(NamedTuple):
    kernel: str
    release: Release
    since: str
    """The release as a spec endpoint: the new series, or the covered release itself."""


def _target(kernel: str | None) -> _Target:
    if kernel is None:
        release = running_release()
        kernel = os.uname().release
    else:
        mainline_of(kernel)
        release = parse_release(kernel)
    if release.asked is not None:
        return _Target(kernel, release, mainline_of(release.asked))
    return _Target(kernel, release, ReleaseName(release.series, release.rc, release.point or None).text)


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
    layout: PgLayout, release: Release, config: KernelConfig, kernel: list[tuple[str, int]], since: str, stub: str
) -> _Part:
    ours = {b.name: b.bit for b in layout.bits}
    theirs = dict(kernel)
    if list(ours.items()) == kernel:
        return _Part([], [])
    previous = _enum_at(release)
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
    entry = [f'  - since: "{since}"', *_until_line(previous.until), "    members:"]
    entry += [f"      - {_member_yaml(member)}" for member in members]
    entry.append(f'    unverified: "{stub}"')
    snippets.append(_taking_over("enums", (previous.since, previous.until), since) + "\n" + "\n".join(entry))
    return _Part(changes, snippets)


def _taking_over(key: str, entry: tuple[str, str | None], since: str) -> str:
    """The comment heading an entry that takes over from the one in force at ``since``: that one
    ends there, unless it starts there too (an ``until`` at or before its ``since`` is invalid)."""
    entry_since, entry_until = entry
    if _starts_at_or_after(entry_since, since):
        return f'# spec/pageflags.yaml {key}: replace the entry since "{entry_since}" with'
    instead = f' (instead of its until: "{entry_until}")' if entry_until else ""
    return (
        f'# spec/pageflags.yaml {key}: end the entry since "{entry_since}" with until: "{since}"{instead}, then append'
    )


def _until_line(until: str | None) -> list[str]:
    """The end a drafted entry keeps from the entry it takes over from, in a covered release."""
    return [f'    until: "{until}"'] if until else []


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
            snippets.append(_alias_yaml(name, of, (), (), None, (since, None), doc, stub))
        elif ours[name][1] != value:
            old, bit = ours[name]
            changes.append(f"PG_{name} is now an alias of PG_{of} (bit {value}), not of PG_{old.of} (bit {bit})")
            snippets.append(_alias_until(old, since))
            snippets.append(
                _alias_yaml(name, of, old.context, old.requires, old.condition, (since, old.until), old.doc, stub)
            )
    for name, (alias, bit) in ours.items():
        if name not in kernel_aliases:
            changes.append(f"PG_{name} (an alias of PG_{alias.of}, bit {bit}) is gone")
            snippets.append(_alias_until(alias, since))
    return _Part(changes, snippets)


def _alias_until(alias: PgAlias, since: str) -> str:
    if _starts_at_or_after(alias.since, since):
        return f'# spec/pageflags.yaml aliases: remove the alias {alias.name} since "{alias.since}", which starts here'
    instead = f' (instead of its until: "{alias.until}")' if alias.until else ""
    ending = f'end the alias {alias.name} since "{alias.since}" with until: "{since}"{instead}'
    return f"# spec/pageflags.yaml aliases: {ending}"


def _alias_yaml(
    name: str,
    of: str,
    context: tuple[str, ...],
    requires: tuple[str, ...],
    condition: str | None,
    span: tuple[str, str | None],
    doc: str,
    stub: str,
) -> str:
    lines = ["# spec/pageflags.yaml aliases: append", f"  - name: {name}", f"    of: {of}"]
    lines.append(f"    context: [{', '.join(context)}]")
    if requires:
        lines.append(f"    requires: [{', '.join(requires)}]")
    if condition:
        lines.append(f'    if: "{condition}"')
    since, until = span
    lines += [f'    since: "{since}"', *_until_line(until), f"    doc: {_quoted(doc)}", f'    unverified: "{stub}"']
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_types_part(
    layout: PgLayout, release: Release, enum: BtfEnum | None, since: str, stub: str, notes: list[str]
) -> _Part:
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
    scheme = _scheme_at(release)
    entry = [f'  - since: "{since}"', *_until_line(scheme.until), "    kind: top_byte", f"    types: {{{types}}}"]
    entry.append(f'    unverified: "{stub}"')
    return _Part(changes, [_taking_over("page_types", (scheme.since, scheme.until), since) + "\n" + "\n".join(entry)])


def _scheme_at(release: Release) -> PageTypeScheme:
    position = release.position_of("page_type")
    return next(s for s in PAGE_TYPE_SCHEMES if release_in(position, s.since, s.until))


def _zones_part(layout: PgLayout, release: Release, enum: BtfEnum | None, since: str, notes: list[str]) -> _Part:
    if enum is None:
        notes.append("the BTF has no enum zone_type, so zones were not compared")
        return _Part([], [])
    position = release.position_of("fields")
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
    starts = {zone.name: zone.since for zone in PG_ZONES if release_in(position, zone.since, zone.until)}
    snippets += [_zone_until(name, starts[name], since) for name in ours if name not in theirs]
    if new:
        notes.append("BTF does not show which config option a new zone needs: add its 'if:' by hand")
    return _Part(changes, snippets)


def _zone_until(name: str, zone_since: str, since: str) -> str:
    if _starts_at_or_after(zone_since, since):
        return f'# spec/pageflags.yaml zones: remove the zone {name} since "{zone_since}", which starts here'
    return f'# spec/pageflags.yaml zones: end the zone {name} with until: "{since}"'


def _starts_at_or_after(entry_since: str, since: str) -> bool:
    """Whether a spec entry starts at or after ``since``; a release newer than the spec comes
    after every entry."""
    name = split_release_name(since)
    if name is None or name.series not in releases():
        return False
    return endpoint_key(entry_since) >= endpoint_key(since)
