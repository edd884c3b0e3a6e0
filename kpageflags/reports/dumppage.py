"""Checking dump_page reports from kernel logs against the spec.

``find_reports(text)`` (from ``dumplog``) finds every report (Bad page state,
VM_BUG_ON_PAGE/FOLIO, page dumps) by its flags line, each with its own release, arch and
page_type; ``analyse(report)`` decodes its flags word for the release and arch the report
names (or the ones given) and compares the names and fields the kernel printed with ours.

A log may hold thousands of reports, so what does not depend on the report is worked out
once: the preset layout of each release and arch, and the field layouts of the configs tried
for each kind of release.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, reduce
from itertools import combinations
from operator import and_
from types import MappingProxyType
from typing import NamedTuple, Optional

from ..errors import UnknownFlag, UnknownRelease
from ..facts.kconfig import KernelConfig
from ..facts.pglayout import (
    FieldsBasis,
    FlagsField,
    PgLayout,
    config_at,
    decode_page_flags,
    dump_page_feature,
    fields_basis,
    fields_of,
    pg_layout,
    preset_config,
)
from ..facts.point_releases import endpoints_in
from ..facts.releases import Release, parse_release, release_in, releases
from .dumplog import DumpReport, LogScan, clean_line, find_reports, flags_report, scan_log
from .dumpowner import owner_dict, owner_notes


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
    release: Release | None = None
    """The release decoded for; its ``note`` says when a newer one's facts were assumed (the
    command line prints it once on stderr, so it is not among ``notes``)."""

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
            "owner": None if report.owner is None else owner_dict(report.owner, self.release),
        }


_FIELD_NAMES = {
    "node": "node",
    "zone": "zone",
    "lastcpupid": "last_cpupid",
    "kasantag": "kasantag",
    "section": "section",
}


class _Comparison(NamedTuple):
    decoded: tuple[str, ...]
    fields: dict[str, int]
    differences: list[str]
    notes: list[str]


def _compare(report: DumpReport, layout: PgLayout) -> _Comparison:
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
    differences.extend(_missing(missing, report.raw_flags, layout))
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
    return _Comparison(decoded.names, fields, differences, notes)


def _missing(names: list[str], raw_flags: int, layout: PgLayout) -> list[str]:
    """Why printed names are not decoded: the release has no such flag, or has it at a bit the
    word does not set (the kernel numbers its flags unlike the release's mainline, or the
    release is not the kernel's)."""
    unknown = []
    elsewhere = []
    for name in names:
        try:
            elsewhere.append(f"{name} (bit {layout.bit_of(name)} in {layout.kernel})")
        except UnknownFlag:
            unknown.append(name)
    found = []
    if unknown:
        found.append(f"the kernel printed {', '.join(unknown)}; {layout.kernel} has no such flag")
    if elsewhere:
        found.append(
            f"the kernel printed {', '.join(elsewhere)}, which {raw_flags:#x} does not set: this kernel "
            f"numbers its flags unlike mainline {layout.kernel} (a vendor or backported change), or it is "
            "not that release"
        )
    return found


# The config knobs that set the width of the printed fields; tried when a preset's
# fields disagree, since kernels in reports are seldom built with a distribution config.
# No flag or alias depends on them, so they move the fields and nothing else.
_NODE_SHIFTS = (0, 1, 2, 3, 4, 5, 6, 8, 9, 10)
_CPU_COUNTS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)


class _FieldsCandidate(NamedTuple):
    """A config to try, by its label and its changes to the preset, and its fields of the names a
    report printed, in the report's order (None where it has no such field)."""

    label: str
    changes: tuple[tuple[str, str], ...]
    fields: tuple[FlagsField | None, ...]


def _field_variants(base_label: str, wants_cpupid: bool, wants_kasan: bool) -> Iterator[tuple[str, dict[str, str]]]:
    for nodes in _NODE_SHIFTS:
        for cpus in _CPU_COUNTS if wants_cpupid else (1,):
            for lru_gen in ("y", "n"):
                for device in ("y", "n"):
                    changes = {
                        "NUMA": "y" if nodes else "n",
                        "NODES_SHIFT": str(nodes),
                        "NR_CPUS": str(cpus),
                        "NUMA_BALANCING": "y" if wants_cpupid else "n",
                        "LRU_GEN": lru_gen,
                        "ZONE_DEVICE": device,
                    }
                    if wants_kasan:
                        changes["KASAN_SW_TAGS"] = "y"
                    knobs = f"NODES_SHIFT={nodes}, NR_CPUS={cpus}, LRU_GEN={lru_gen}, ZONE_DEVICE={device}"
                    yield f"{base_label} with {knobs}", changes


class _Candidates(NamedTuple):
    """The configs to try for one set of printed fields, indexed for finding the best quickly:
    for each printed field, each different field the configs have for it, with the configs that
    have it as the bits of an int (bit i: ``configs[i]``)."""

    configs: tuple[_FieldsCandidate, ...]
    holders: tuple[tuple[tuple[FlagsField, int], ...], ...]

    def first_best(self, raw_flags: int, values: tuple[int, ...]) -> _FieldsCandidate:
        """The first config that reads the fewest printed values wrong."""
        everyone = (1 << len(self.configs)) - 1
        # Per printed field, the configs that read the printed value.
        right = [
            sum(configs for field, configs in holders if field.read(raw_flags) == value)
            for holders, value in zip(self.holders, values)
        ]
        for wrong in range(len(right)):
            found = 0
            for excused in combinations(range(len(right)), wrong):
                found |= reduce(and_, (bits for place, bits in enumerate(right) if place not in excused), everyone)
            if found:
                return self.configs[(found & -found).bit_length() - 1]
        return self.configs[0]  # each config reads every printed value wrong


# A config as a hashable key for the caches: its label, its values and its values by release.
_Base = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str, str, Optional[str]], ...]]


def _as_base(config: KernelConfig) -> _Base:
    return config.label, tuple(sorted(config.values.items())), config.by_release


def _config_of(base: _Base) -> KernelConfig:
    return KernelConfig(base[0], MappingProxyType(dict(base[1])), base[2])


@lru_cache(maxsize=4096)
def _at_release(base: _Base, release: Release) -> _Base:
    """The config a preset stands for in ``release``: its values by release applied."""
    return _as_base(config_at(_config_of(base), release.position_of("pageflags")))


@lru_cache(maxsize=4096)
def _candidates(basis: FieldsBasis, base_key: _Base, printed: tuple[str, ...]) -> _Candidates:
    """The preset, then each variant that reads the ``printed`` fields from other bits, in the
    order tried.

    Releases with one basis share the list, so it is worked out once for all of them. A variant
    whose fields reach down into the flags is left out: no kernel is built with it."""
    base = _config_of(base_key)
    ours = tuple(_FIELD_NAMES.get(name, name) for name in printed)

    def candidate(label: str, changes: dict[str, str], fields: tuple[FlagsField, ...]) -> _FieldsCandidate:
        by_name = {field.name: field for field in fields}
        return _FieldsCandidate(label, tuple(changes.items()), tuple(by_name.get(name) for name in ours))

    first = candidate(base.label, {}, fields_of(basis, base)[0])
    found = {first.fields: first}
    for label, changes in _field_variants(base.label, "lastcpupid" in printed, "kasantag" in printed):
        fields = fields_of(basis, base.with_values(label, changes))[0]
        if all(field.shift >= basis.nr_pageflags for field in fields):
            variant = candidate(label, changes, fields)
            found.setdefault(variant.fields, variant)
    configs = tuple(found.values())
    return _Candidates(configs, tuple(_holders(configs, place) for place in range(len(ours))))


def _holders(configs: tuple[_FieldsCandidate, ...], place: int) -> tuple[tuple[FlagsField, int], ...]:
    """Each field the configs have for the printed field at ``place``, with the configs having it
    as bits."""
    having: dict[FlagsField, int] = {}
    for position, config in enumerate(configs):
        field = config.fields[place]
        if field is not None:
            having[field] = having.get(field, 0) | 1 << position
    return tuple(having.items())


@lru_cache(maxsize=1024)
def _preset_layout(release: Release, base: _Base) -> tuple[PgLayout, FieldsBasis]:
    layout = pg_layout(release, _config_of(base))
    return layout, fields_basis(release, layout.nr_pageflags)


def _format_differences(report: DumpReport, release: Release) -> list[str]:
    """Where the report's page and flags lines could not come from dump_page of ``release``."""
    if not report.device_private:
        return []
    marker = dump_page_feature("device_marker")
    if not release_in(release.position_of("pageflags"), marker.since, marker.until):
        releases_with = f"from {marker.since}" + (f" until {marker.until}" if marker.until else "")
        return [f"the page line says 'device pfn:', which dump_page prints only {releases_with}, not in {release.name}"]
    if report.cma:
        return ["the flags line ends in CMA for a device-private folio, which dump_page never prints together"]
    return []


def _fit(report: DumpReport, release: Release, base: _Base) -> tuple[_Comparison, str]:
    comparison, label = _fields_fit(report, release, _at_release(base, release))
    comparison.differences.extend(_format_differences(report, release))
    return comparison, label


def _fields_fit(report: DumpReport, release: Release, base: _Base) -> tuple[_Comparison, str]:
    """The comparison with the arch's preset (or the given config) or, when the report prints fields, with the first
    config whose fields fit best; and that config's label.

    Each printed field a config reads differently is one difference, and everything else
    compared does not depend on the field knobs, so the best config is the first whose fields
    fit best; only that one needs a whole layout and comparison."""
    layout, basis = _preset_layout(release, base)
    if not report.printed_fields:
        return _compare(report, layout), layout.config
    candidates = _candidates(basis, base, tuple(report.printed_fields))
    best = candidates.first_best(report.raw_flags, tuple(report.printed_fields.values()))
    if not best.changes:
        return _compare(report, layout), layout.config
    config = _config_of(base).with_values(best.label, dict(best.changes))
    return _compare(report, pg_layout(release, config)), best.label


def _names_fit(report: DumpReport, release: Release, base: _Base) -> bool:
    """Whether every printed name but the last (which may be cut short) is a flag of the release:
    a quick test that spares the whole comparison for most releases a report is not from."""
    members = {entry.name for entry in _preset_layout(release, _at_release(base, release))[0].bits}
    return all(name in members for name in report.printed[:-1])


# Tried in turn for a report that names no arch: the most common machines first. ppc64 is left
# out, as its values are ppc64le's.
_ARCH_ORDER = ("x86_64", "arm64", "ppc64le", "s390x", "riscv64", "loongarch64", "i386", "arm", "powerpc", "mips64")


_QUOTED_PRINTABLE = (
    "the report is still quoted-printable, as a mail carries it ('=3D' for '=', a line ending in '=' "
    "where a line was wrapped): decode the mail first (python3 -m quopri -d FILE, or save it from a "
    "mail reader) and read that"
)


_ANALYSED_KEPT = 1024
"""Analyses a ``LogChecker`` keeps for reports printed again."""


class LogChecker:
    """Checks the reports of one log: a report printed again (logs repeat reports: a page dumped
    on every access, a bisect's many boots) is checked once, which matters most for one naming no
    release, as every release and arch is tried for it. The last ``_ANALYSED_KEPT`` are kept.

    >>> report, = find_reports('flags: 0x100(slab)')
    >>> check = LogChecker(kernel='4.19', arch='x86_64')
    >>> check(report) == check(report)
    True
    """

    def __init__(self, kernel: str | None = None, arch: str | None = None, config: KernelConfig | None = None) -> None:
        self._kernel = kernel
        self._arch = arch
        self._config = config
        self._analysed: OrderedDict[tuple[object, ...], DumpAnalysis] = OrderedDict()

    def __call__(self, report: DumpReport) -> DumpAnalysis:
        key = _printed_content(report)
        found = self._analysed.get(key)
        if found is None:
            found = self._analysed[key] = analyse(report, self._kernel, self._arch, self._config)
            if len(self._analysed) > _ANALYSED_KEPT:
                self._analysed.popitem(last=False)
        else:
            self._analysed.move_to_end(key)
        return found._replace(report=report)


def _printed_content(report: DumpReport) -> tuple[object, ...]:
    """All that an analysis reads of a report: everything but the line it stands on."""
    return (
        tuple(report.printed_fields.items()),
        *(value for name, value in zip(report._fields, report) if name not in ("line", "printed_fields")),
    )


def analyse(
    report: DumpReport, kernel: str | None = None, arch: str | None = None, config: KernelConfig | None = None
) -> DumpAnalysis:
    """Checks one report against the spec, for the given or printed release and arch; with a
    ``config``, for that config in place of the arch's preset (``arch`` then only names it).

    >>> report, = find_reports('flags: 0x100(slab)')
    >>> analyse(report, kernel='4.19', arch='x86_64').decoded
    ('slab',)
    """
    notes: list[str] = [f"the kernel printed '{part}' in its flags, which could not be read" for part in report.unread]
    if report.quoted_printable:
        notes.append(_QUOTED_PRINTABLE)
    release: Release | None = None
    text = kernel or report.release_text
    if text:
        try:
            release = parse_release(text)
        except UnknownRelease as error:
            notes.append(str(error))
    bases = _bases(report, arch, config)
    if report.owner is not None:
        notes.extend(owner_notes(report.owner, release))
    if release is None:
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
            tuple(_consistent(report, bases)),
        )
    best: tuple[tuple[int, bool], _Comparison, str, str] | None = None
    for name, base in bases:
        comparison, config_label = _fit(report, release, base)
        # A preset that fits as it is beats one that fits only with other field knobs.
        rank = (len(comparison.differences), config_label != base[0])
        if best is None or rank < best[0]:
            best = (rank, comparison, name, config_label)
        if rank == (0, False):
            break
    assert best is not None
    _, comparison, chosen_arch, config_label = best
    if not report.arch and not arch and config is None:
        notes.append(f"the report does not say its architecture; {chosen_arch} fits best")
    return DumpAnalysis(
        report,
        release.name,
        chosen_arch,
        config_label,
        comparison.decoded,
        MappingProxyType(comparison.fields),
        not comparison.differences,
        tuple(comparison.differences),
        tuple(notes + comparison.notes),
        (),
        release,
    )


def _bases(report: DumpReport, arch: str | None, config: KernelConfig | None) -> list[tuple[str, _Base]]:
    """The configs to try, each with the arch it stands for: the given config, the given or
    printed arch's preset, or else every preset in ``_ARCH_ORDER``."""
    return _arch_bases(arch or report.arch, config)


def _arch_bases(arch: str | None, config: KernelConfig | None) -> list[tuple[str, _Base]]:
    if config is not None:
        return [(arch or "as configured", _as_base(config))]
    return [(name, _as_base(preset_config(name))) for name in ([arch] if arch else _ARCH_ORDER)]


def releases_decoding(
    reports: Sequence[DumpReport], since: str, until: str | None, arch: str | None, config: KernelConfig | None
) -> tuple[str, tuple[Release, ...]]:
    """The releases from ``since`` to before ``until`` whose layout decodes every report as
    printed, for the given arch or config, or else for the first preset in ``_ARCH_ORDER`` that
    has any; with the arch they are for (the first tried when none has any).

    >>> report, = find_reports('flags: 0x8000000010000(head|node=0|zone=1)')
    >>> arch, found = releases_decoding([report], '5.13', '5.18', None, None)
    >>> arch, [release.name for release in found][:2]
    ('x86_64', ['5.13', '5.14'])
    """
    bases = _arch_bases(arch, config)
    candidates = [
        release for release in _layout_releases() if release_in(release.position_of("pageflags"), since, until)
    ]
    for name, base in bases:
        found = tuple(
            release
            for release in candidates
            if all(
                _names_fit(report, release, base) and not _fit(report, release, base)[0].differences
                for report in reports
            )
        )
        if found:
            return name, found
    return bases[0][0], ()


def consistent_releases(report: DumpReport, arches: Iterable[str]) -> list[str]:
    """Releases (as ranges, per arch preset) whose layout decodes the report as printed."""
    return _consistent(report, [(name, _as_base(preset_config(name))) for name in arches])


def _consistent(report: DumpReport, bases: Iterable[tuple[str, _Base]]) -> list[str]:
    candidates = _layout_releases()
    found: list[str] = []
    for name, base in bases:
        run: list[Release] = []
        for release in candidates:
            if _names_fit(report, release, base) and not _fit(report, release, base)[0].differences:
                run.append(release)
                continue
            if run:
                found.append(f"{_span(run, release)} ({name})")
                run = []
        if run:
            found.append(f"{_span(run, None)} ({name})")
    return found


@lru_cache(maxsize=1)
def _layout_releases() -> tuple[Release, ...]:
    """A release for each stretch of releases over which the spec's page->flags facts hold
    still: every mainline release, and each rc or stable point release where a fact of the
    layout starts or ends (``6.6.30``, where hugetlb became a page type), with the cycle's
    first rc before an rc one, in order."""
    from .._generated.pageflags import FIELDS_ERAS, PAGE_TYPE_SCHEMES, PG_ALIASES, PG_ENUMS, PG_ZONES

    endpoints = endpoints_in(PG_ENUMS, PG_ALIASES, PG_ZONES, FIELDS_ERAS, PAGE_TYPE_SCHEMES)
    inside = [release for release in map(parse_release, endpoints) if release.point or release.rc]
    inside += [Release(r.series, rc=1) for r in inside if r.rc]
    found = {r.position: r for r in [*(Release(name) for name in releases()), *inside]}
    return tuple(found[key] for key in sorted(found))


def _span(run: list[Release], after: Release | None) -> str:
    """The releases a run of consistent candidates stands for, up to the candidate ``after``
    it (None: the newest release): "6.6 to 6.6.29", "6.6.30 and later 6.6.y", "6.1 to 6.5"."""
    first, last = run[0], run[-1]
    end = _just_before(after) if after is not None and after.series == last.series else last.series
    if end == first.series and first.name != first.series:
        return f"{first.name} and later {first.series}.y"
    return first.name if end == first.name else f"{first.name} to {end}"


def _just_before(release: Release) -> str:
    """The release before a point release or a later rc of its series: 6.6.29 before 6.6.30,
    6.9-rc2 before 6.9-rc3 (a series' first candidate is never ``after`` one of its own)."""
    if release.rc is not None:
        return f"{release.series}-rc{release.rc - 1}"
    point = release.point or 0
    return f"{release.series}.{point - 1}" if point > 1 else release.series


__all__ = [
    "DumpAnalysis",
    "DumpReport",
    "LogChecker",
    "LogScan",
    "analyse",
    "clean_line",
    "consistent_releases",
    "find_reports",
    "flags_report",
    "releases_decoding",
    "scan_log",
]
