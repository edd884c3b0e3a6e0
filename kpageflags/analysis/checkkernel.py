"""Comparing the spec's layout of a release and config with a kernel's own BTF."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..errors import BadBtf
from ..facts.btf import VMLINUX_BTF, BtfEnum, read_vmlinux_enums
from ..facts.kconfig import KernelConfig
from ..facts.pglayout import PgLayout, pg_layout, running_config_or_preset
from ..facts.releases import Release, running_release


class KernelCheck(NamedTuple):
    """The outcome of comparing the spec with a kernel: what was compared and every difference."""

    kernel: str
    config: str
    btf: str
    agreements: list[str]
    differences: list[str]
    notes: list[str]

    @property
    def agrees(self) -> bool:
        return not self.differences


def compare_enum(layout: PgLayout, enum: BtfEnum) -> tuple[list[str], list[str]]:
    """Differences and agreements between the spec's layout and a BTF ``enum pageflags``."""
    differences: list[str] = []
    ours = {b.name: b.bit for b in layout.bits}
    our_aliases = {a.name: b.bit for b in layout.bits for a in b.aliases if layout.in_enum(a)}
    theirs: Mapping[str, int] = {name[3:]: value for name, value in enum.members if name.startswith("PG_")}
    count = enum.values.get("__NR_PAGEFLAGS")
    # Members come before __NR_PAGEFLAGS; aliases (name = other member) follow it.
    names = [name for name, _ in enum.members]
    cut = names.index("__NR_PAGEFLAGS") if "__NR_PAGEFLAGS" in names else len(names)
    kernel_members = {n[3:] for n in names[:cut] if n.startswith("PG_")}
    for name in sorted(kernel_members | set(ours), key=lambda n: theirs.get(n, ours.get(n, 99))):
        if name not in ours:
            differences.append(f"PG_{name}: the kernel has it at bit {theirs[name]}; the spec has no such member")
        elif name not in kernel_members:
            differences.append(f"PG_{name}: the spec puts it at bit {ours[name]}; the kernel has no such member")
        elif ours[name] != theirs[name]:
            differences.append(f"PG_{name}: the kernel has it at bit {theirs[name]}, the spec at bit {ours[name]}")
    kernel_aliases = {n[3:] for n in names[cut + 1 :] if n.startswith("PG_")}
    for name in sorted(kernel_aliases | set(our_aliases)):
        if name in kernel_members:
            continue
        if name not in our_aliases:
            differences.append(f"PG_{name}: the kernel has this alias of bit {theirs[name]}; the spec does not")
        elif name not in kernel_aliases:
            differences.append(f"PG_{name}: the spec has this alias of bit {our_aliases[name]}; the kernel does not")
        elif our_aliases[name] != theirs[name]:
            differences.append(
                f"PG_{name}: an alias of bit {theirs[name]} in the kernel, of bit {our_aliases[name]} in the spec"
            )
    if count is not None and count != layout.nr_pageflags:
        differences.append(f"__NR_PAGEFLAGS: the kernel has {count}, the spec {layout.nr_pageflags}")
    agreements = (
        []
        if differences
        else [
            f"enum pageflags: {len(kernel_members)} members, {len(kernel_aliases)} aliases and __NR_PAGEFLAGS = "
            f"{count} agree"
        ]
    )
    return differences, agreements


def compare_page_types(layout: PgLayout, enum: BtfEnum) -> tuple[list[str], list[str]]:
    """Differences between the spec's page types and a BTF ``enum pagetype`` (6.12 and later)."""
    if layout.page_type.kind != "top_byte":
        return [
            f"enum pagetype: the kernel has one, but the spec's {layout.kernel} encodes page types as "
            f"'{layout.page_type.kind}'"
        ], []
    ours = dict(layout.page_type.types)
    theirs = {name[len("PGTY_") :]: value for name, value in enum.members if name.startswith("PGTY_")}
    differences = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in ours:
            differences.append(f"PGTY_{name}: the kernel has {theirs[name]:#x}; the spec has no such type")
        elif name not in theirs:
            differences.append(f"PGTY_{name}: the spec has {ours[name]:#x}; the kernel has no such type")
        elif ours[name] != theirs[name]:
            differences.append(f"PGTY_{name}: the kernel has {theirs[name]:#x}, the spec {ours[name]:#x}")
    agreements = [] if differences else [f"enum pagetype: {len(theirs)} types agree"]
    return differences, agreements


def check_kernel(
    release: Release | None = None, config: KernelConfig | None = None, btf_path: str = VMLINUX_BTF
) -> KernelCheck:
    """Checks the spec against a kernel (by default the running one) and says what differs.

    A BTF file that cannot be read raises (``NotAvailable``, ``NotPermitted``, or ``BadBtf``
    when it is not BTF or lacks enum pageflags): without it nothing can be compared."""
    release = release or running_release()
    # A kernel newer than the spec is compared with the newest facts; say which.
    notes = [f"assumed: {release.series}'s facts, the newest kpageflags knows"] if release.asked else []
    if config is None:
        config, note = running_config_or_preset()
        if note:
            notes.append(note)
    layout = pg_layout(release, config)
    enums = read_vmlinux_enums(["pageflags", "pagetype"], btf_path)
    if "pageflags" not in enums:
        raise BadBtf(f"{btf_path} has no enum pageflags, so the PG_ layout cannot be compared")
    differences, agreements = compare_enum(layout, enums["pageflags"])
    if "pagetype" in enums:
        type_differences, type_agreements = compare_page_types(layout, enums["pagetype"])
        differences += type_differences
        agreements += type_agreements
    elif layout.page_type.kind == "top_byte":
        notes.append("the BTF has no enum pagetype, so page types were not compared")
    return KernelCheck(release.name, config.label, btf_path, agreements, differences, notes)
