"""Finding and checking dump_page reports in kernel log text.

``find_reports(text)`` finds every report (Bad page state, VM_BUG_ON_PAGE/FOLIO, page dumps)
by its flags line, with or without console prefixes; ``analyse(report)`` decodes its flags
word for the release and arch the report names (or the ones given) and compares the names
and fields the kernel printed with ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from ..errors import UnknownRelease
from ..facts.kconfig import KernelConfig
from ..facts.pglayout import PgLayout, decode_page_flags, pg_layout, preset_config
from ..facts.releases import Release, parse_release, releases

# Console decorations, tried repeatedly at the start of a line: mail quoting, syslog
# headers, printk levels, timestamps and caller ids.
_PREFIXES = (
    re.compile(r"^\s*>+ ?"),
    re.compile(r"^[A-Z][a-z]{2} +\d+ [\d:]{8} \S+ kernel: ?"),
    re.compile(r"^\s*kernel: ?"),
    re.compile(r"^\s*<\d>"),
    re.compile(r"^\s*\[\s*\d+\.\d+\]\s?"),
    re.compile(r"^\s*\[\s*[TC]\d+\]\s?"),
)
_FLAGS = re.compile(r"^(?:(anon|ksm) )?(page )?flags: ?(0x[0-9a-fA-F]+)\((.*)$")
_PAGE_TYPE = re.compile(r"^page_type: ?(?:0x)?([0-9a-fA-F]+)\(([^)]*)\)")
_RELEASE = re.compile(r"(?:Not tainted|Tainted:[^\n]*?)\s+(\d+\.\d+[^\s]*)")
_ARCH_HINTS = (
    (re.compile(r"\bRIP: ?[0-9a-f]{4}:"), "x86_64"),
    (re.compile(r"\bEIP: ?[0-9a-f]{4}:|\bEIP is at"), "i386"),
    (re.compile(r"^pc ?: ?\[?<?[0-9a-f]{16}|\bpstate: |\bELR_EL1\b|aarch64"), "arm64"),
    (re.compile(r"\bPC is at\b|\bLR is at\b|\bpc : \[<[0-9a-f]{8}>\]|Hardware name: BCM2\d+|-v7l?\+"), "arm"),
    (re.compile(r"Hardware name: linux,dummy-virt|\(DT\)$|-v8\+"), "arm64"),
    (
        re.compile(r"x86_64|\bx86-64\b|\bQEMU Standard PC\b|\bBochs\b|Google Compute Engine|PowerEdge|ProLiant"),
        "x86_64",
    ),
)
_REPORT_SPAN = 60


class DumpReport(NamedTuple):
    """One report as the kernel printed it.

    >>> report, = find_reports('[  5.1] flags: 0x200(slab|node=0|zone=1)')
    >>> report.raw_flags, report.printed, dict(report.printed_fields)
    (512, ('slab',), {'node': 0, 'zone': 1})
    """

    line: int
    raw_flags: int
    printed: tuple[str, ...]
    printed_fields: Mapping[str, int]
    leftover: int
    prefix: str | None
    page_type: tuple[int, str] | None
    release_text: str | None
    arch: str | None


class DumpAnalysis(NamedTuple):
    """A report checked against the spec: our names and fields, and how they compare.

    >>> report, = find_reports('page flags: 0x4(referenced)')
    >>> analyse(report, kernel='3.10').agrees
    True
    """

    report: DumpReport
    kernel: str | None
    arch: str | None
    config: str | None
    decoded: tuple[str, ...]
    fields: Mapping[str, int]
    agrees: bool
    differences: tuple[str, ...]
    notes: tuple[str, ...]
    consistent: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        report = self.report
        # The kernel prints "lastcpupid="; the layout names the field last_cpupid: one key for both.
        printed = {_FIELD_NAMES.get(name, name): value for name, value in report.printed_fields.items()}
        fields = {
            name: {"printed": printed.get(name), "decoded": self.fields.get(name)}
            for name in sorted(set(printed) | set(self.fields))
        }
        return {
            "line": report.line,
            "kernel": self.kernel,
            "arch": self.arch,
            "config": self.config,
            "release_printed": report.release_text,
            "raw_flags": f"0x{report.raw_flags:x}",
            "printed": list(report.printed),
            "decoded": list(self.decoded),
            "fields": fields,
            "page_type": None
            if report.page_type is None
            else {"value": f"0x{report.page_type[0]:x}", "printed": report.page_type[1]},
            "agrees": self.agrees,
            "differences": list(self.differences),
            "notes": list(self.notes),
            "consistent_with": list(self.consistent),
        }


def clean_line(line: str) -> str:
    """The line without console prefixes (timestamps, syslog headers, quote marks, levels)."""
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            stripped = prefix.sub("", line, count=1)
            if stripped != line:
                line, changed = stripped, True
    return line.strip()


def _parse_names(inside: str) -> tuple[tuple[str, ...], dict[str, int], int]:
    names: list[str] = []
    fields: dict[str, int] = {}
    leftover = 0
    for part in inside.split("|"):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
            try:
                fields[key.strip()] = int(value.strip(), 0)
            except ValueError:
                continue
        elif part.startswith("0x"):
            try:
                leftover |= int(part, 16)
            except ValueError:
                continue
        else:
            names.append(part)
    return tuple(names), fields, leftover


def _nearby(lines: Sequence[str], index: int) -> Iterator[str]:
    """Lines of the same report, nearest first."""
    for distance in range(_REPORT_SPAN):
        for position in (index - distance, index + distance):
            if 0 <= position < len(lines) and (distance or position == index):
                yield lines[position]


def find_reports(text: str) -> list[DumpReport]:
    """Every dump_page report in ``text``, by its flags line; an empty list if there is none.

    >>> len(find_reports('no report in here'))
    0
    """
    lines = [clean_line(line) for line in text.splitlines()]
    reports: list[DumpReport] = []
    for index, line in enumerate(lines):
        match = _FLAGS.match(line)
        if not match:
            continue
        prefix, _, hex_value, rest = match.groups()
        # A wrapped line continues on the next ones until the closing parenthesis.
        joined = rest
        follow = index + 1
        while ")" not in joined and follow < len(lines) and follow <= index + 2:
            joined += lines[follow]
            follow += 1
        inside = joined.rsplit(")", 1)[0] if ")" in joined else joined
        raw_flags = int(hex_value, 16)
        if raw_flags >= 1 << 64:
            continue
        names, fields, leftover = _parse_names(inside)
        page_type = None
        release_text = None
        arch = None
        for other in _nearby(lines, index):
            if page_type is None:
                type_match = _PAGE_TYPE.match(other)
                if type_match:
                    page_type = (int(type_match.group(1), 16), type_match.group(2))
            if release_text is None:
                release_match = _RELEASE.search(other)
                if release_match:
                    release_text = release_match.group(1)
                elif re.search(r"(?:Not tainted|Tainted:[^\n]*)$", other):
                    following = lines[min(lines.index(other) + 1, len(lines) - 1)]
                    wrapped = re.match(r"^(\d+\.\d+[^\s]*)", following)
                    release_text = wrapped.group(1) if wrapped else None
            if arch is None:
                for pattern, name in _ARCH_HINTS:
                    if pattern.search(other):
                        arch = name
                        break
        if (
            raw_flags < 1 << 32
            and arch in (None, "x86_64", "arm64")
            and index
            and "page:" in lines[index - 1]
            and re.search(r"page:[0-9a-f]{8} ", lines[index - 1])
        ):
            arch = arch if arch in ("i386", "arm") else None
        reports.append(
            DumpReport(
                index + 1, raw_flags, names, MappingProxyType(fields), leftover, prefix, page_type, release_text, arch
            )
        )
    return reports


_FIELD_NAMES = {
    "node": "node",
    "zone": "zone",
    "lastcpupid": "last_cpupid",
    "kasantag": "kasantag",
    "section": "section",
}


def _compare(report: DumpReport, layout: PgLayout) -> tuple[tuple[str, ...], dict[str, int], list[str], list[str]]:
    decoded = decode_page_flags(report.raw_flags, layout=layout)
    ours = list(decoded.names)
    differences: list[str] = []
    notes: list[str] = []
    printed = set(report.printed)
    missing = [name for name in report.printed if name not in ours]
    extra = [name for name in ours if name not in printed]
    if missing and report.printed[-1] in missing and any(n.startswith(report.printed[-1]) for n in extra):
        cut = report.printed[-1]
        notes.append(f"the printed list ends in '{cut}', cut short; names after it cannot be compared")
        missing.remove(cut)
        extra = []
    if extra and report.leftover:
        covered = [name for name in extra if report.leftover >> layout.bit_of(name) & 1]
        if covered:
            notes.append(
                f"the kernel printed {', '.join(covered)} as the number {report.leftover:#x}: its name "
                "table of this release lacks them"
            )
            extra = [name for name in extra if name not in covered]
    if missing:
        differences.append(f"the kernel printed {', '.join(missing)}; the spec decodes no such flag")
    if extra:
        differences.append(f"the spec decodes {', '.join(extra)}; the kernel did not print it")
    low = [b for b in decoded.unknown_bits if b < layout.nr_pageflags]
    high = [b for b in decoded.unknown_bits if b >= layout.nr_pageflags]
    if low:
        differences.append(f"bits {', '.join(str(b) for b in low)} are set but the spec has no flag there")
    if high:
        notes.append(
            f"bits {', '.join(str(b) for b in high)} lie above the flags but in no field of this layout "
            "(a section number, or a field of a config the preset does not match)"
        )
    fields = dict(decoded.fields)
    if layout.fields and not report.printed_fields and not layout.printed_fields:
        notes.append(
            f"{layout.kernel} does not print fields; the node, zone and others decoded here assume {layout.config}"
        )
    if report.printed_fields and not layout.printed_fields:
        differences.append(
            f"the kernel printed fields ({', '.join(report.printed_fields)}), which dump_page of "
            f"{layout.kernel} does not do"
        )
    for printed_name, value in report.printed_fields.items():
        ours_name = _FIELD_NAMES.get(printed_name, printed_name)
        if ours_name not in fields:
            differences.append(
                f"the kernel printed {printed_name}={value:#x}; the spec's layout has no {printed_name} field"
            )
        elif fields[ours_name] != value:
            differences.append(
                f"{printed_name}: the kernel printed {value:#x}, the spec decodes {fields[ours_name]:#x}"
            )
    if report.page_type is not None:
        value, printed_type = report.page_type
        word = value << 24 if value <= 0xFF else value
        our_type = layout.page_type_of(word) or ""
        if printed_type and our_type != printed_type:
            differences.append(
                f"page_type {value:#x}: the kernel printed '{printed_type}', the spec decodes '{our_type or 'no type'}'"
            )
    return decoded.names, fields, differences, notes


# The config knobs that set the width of the printed fields; tried when a preset's
# fields disagree, since kernels in reports are seldom built with a distribution config.
_NODE_SHIFTS = (0, 1, 2, 3, 4, 5, 6, 8, 9, 10)
_CPU_COUNTS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)


def _field_variants(base: KernelConfig, report: DumpReport) -> Iterator[KernelConfig]:
    wanted = set(report.printed_fields)
    for nodes in _NODE_SHIFTS:
        for cpus in _CPU_COUNTS if "lastcpupid" in wanted else (1,):
            for lru_gen in ("y", "n"):
                for device in ("y", "n"):
                    changes = {
                        "NUMA": "y" if nodes else "n",
                        "NODES_SHIFT": str(nodes),
                        "NR_CPUS": str(cpus),
                        "NUMA_BALANCING": "y" if "lastcpupid" in wanted else "n",
                        "LRU_GEN": lru_gen,
                        "ZONE_DEVICE": device,
                    }
                    if "kasantag" in wanted:
                        changes["KASAN_SW_TAGS"] = "y"
                    yield base.with_values(
                        f"{base.label} with NODES_SHIFT={nodes}, NR_CPUS={cpus}, "
                        f"LRU_GEN={lru_gen}, ZONE_DEVICE={device}",
                        changes,
                    )


_ARCH_ORDER = ("x86_64", "arm64", "i386", "arm")


def analyse(report: DumpReport, kernel: str | None = None, arch: str | None = None) -> DumpAnalysis:
    """Checks one report against the spec, for the given or printed release and arch.

    >>> report, = find_reports('flags: 0x100(slab)')
    >>> analyse(report, kernel='4.19', arch='x86_64').decoded
    ('slab',)
    """
    notes: list[str] = []
    release: Release | None = None
    text = kernel or report.release_text
    if text:
        try:
            release = parse_release(text)
        except UnknownRelease as error:
            notes.append(str(error))
    arches = [arch] if arch else ([report.arch] if report.arch else list(_ARCH_ORDER))
    if release is None:
        consistent = consistent_releases(report, arches)
        return DumpAnalysis(
            report,
            None,
            arch or report.arch,
            None,
            (),
            MappingProxyType({}),
            False,
            ("the report names no covered release; give --kernel",),
            tuple(notes),
            tuple(consistent),
        )
    best: tuple[tuple[str, ...], dict[str, int], list[str], list[str], str, str] | None = None
    for name in arches:
        base = preset_config(name)
        candidates = [base]
        for config in [*candidates, *(_field_variants(base, report) if report.printed_fields else ())]:
            layout = pg_layout(release, config)
            decoded, fields, differences, compare_notes = _compare(report, layout)
            if best is None or len(differences) < len(best[2]):
                best = (decoded, fields, differences, compare_notes, name, config.label)
            if not differences:
                break
        if best is not None and not best[2]:
            break
    assert best is not None
    decoded, fields, differences, compare_notes, chosen_arch, config_label = best
    if not report.arch and not arch:
        notes.append(f"the report does not say its architecture; {chosen_arch} fits best")
    return DumpAnalysis(
        report,
        release.name,
        chosen_arch,
        config_label,
        decoded,
        MappingProxyType(fields),
        not differences,
        tuple(differences),
        tuple(notes + compare_notes),
        (),
    )


def consistent_releases(report: DumpReport, arches: Iterable[str]) -> list[str]:
    """Releases (as ranges, per arch preset) whose layout decodes the report as printed."""
    found: list[str] = []
    for name in arches:
        base = preset_config(name)
        run: list[str] = []
        for release_name in releases():
            release = Release(release_name)
            differences = _compare(report, pg_layout(release, base))[2]
            ok = not differences
            if (
                not ok
                and report.printed_fields
                and not any(("printed" in d and "decodes no such" in d) or "did not print" in d for d in differences)
            ):
                ok = any(
                    not _compare(report, pg_layout(release, config))[2] for config in _field_variants(base, report)
                )
            if ok:
                run.append(release_name)
            elif run:
                found.append(_span(run, name))
                run = []
        if run:
            found.append(_span(run, name))
    return found


def _span(run: list[str], arch: str) -> str:
    return f"{run[0]} ({arch})" if len(run) == 1 else f"{run[0]} to {run[-1]} ({arch})"
