"""The typed facts of the spec: what each generated table is made of.

These named tuples are the single definition of the spec's shape. The code generator
validates ``spec/*.yaml`` and writes instances of them into ``kpageflags/_generated``; the
rest of the library only reads them.

The records that decoding flags and the kernel tools read are defined in modules of their own
(``facts.evidence``, ``facts.flagmodel``, ``facts.toolmodel``), so that a short command makes
only those; they are re-exported here with the rest. The ``Literal`` aliases of every record
are here, where the code generator reads their values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .evidence import Evidence as Evidence
from .flagmodel import KnownBug as KnownBug
from .flagmodel import KpfFlag as KpfFlag
from .flagmodel import OverloadRule as OverloadRule
from .flagmodel import PagemapDerivedBit as PagemapDerivedBit
from .flagmodel import PageTypesName as PageTypesName
from .toolmodel import PageOwnerSortSwitch as PageOwnerSortSwitch
from .toolmodel import PageTypesOption as PageTypesOption
from .toolmodel import PageTypesSwitch as PageTypesSwitch
from .toolmodel import SlabinfoSwitch as SlabinfoSwitch

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._namedtuple import NamedTuple

AbiStability = Literal["stable", "unstable"]
"""``stable``: bits 0-26, the documented UAPI; ``unstable``: the kernel-hacking bits 32+."""

BugTrigger = Literal["any_set", "all_set", "none_set", "always"]
"""When a known bug warns: if any of its flags (or pagemap fields) is set, if all are, if none
is, or on every decode."""

PagemapApplies = Literal["always", "present", "swapped"]
"""Which pagemap entries a field is read from."""

ChangeKind = Literal[
    "added",
    "removed",
    "renamed",
    "meaning",
    "overload-added",
    "overload-removed",
    "page-types-name-added",
    "page-types-name-removed",
    "pagemap-field-added",
    "pagemap-field-removed",
    "pagemap-layout",
    "bug-introduced",
    "bug-fixed",
    "pg-member-added",
    "pg-member-removed",
    "pg-members-moved",
    "pg-alias-added",
    "pg-alias-moved",
    "pg-alias-removed",
    "page-type-encoding",
    "page-type-added",
    "page-type-removed",
    "fields-era",
    "zone-added",
    "zone-removed",
]


class PagemapLayout(NamedTuple):
    """One encoding of /proc/PID/pagemap entries, used by the releases in its range.

    >>> from kpageflags import layouts_at
    >>> layouts_at('3.10')[0].name
    'page_shift'
    """

    name: str
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PagemapField(NamedTuple):
    """Bits ``low``..``high`` of a pagemap entry, in the named layouts and releases.

    >>> from kpageflags import fields_at
    >>> guard = fields_at('6.18', 'fixed')[6]
    >>> guard.name, guard.low, guard.since
    ('guard', 58, '6.15')
    """

    name: str
    low: int
    high: int
    layouts: tuple[str, ...]
    applies: PagemapApplies
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class Change(NamedTuple):
    """One difference between a release and the one before it, computed from the spec.

    >>> from kpageflags import changes
    >>> change = changes('5.0', '5.1')[0]
    >>> change.release, change.kind, change.subject
    ('5.1', 'renamed', 'offline')
    """

    release: str
    kind: ChangeKind
    subject: str
    summary: str
    evidence: tuple[Evidence, ...]


class PgMember(NamedTuple):
    """A member of ``enum pageflags``: present when ``condition`` (a config test) holds.

    Members take consecutive bits in order; ``bit`` is set only where the kernel gave
    numbers explicitly (the ``#define`` list of 2.6.25).
    """

    name: str
    condition: str | None = None
    bit: int | None = None


class PgEnum(NamedTuple):
    """The ``enum pageflags`` member list of the releases ``since`` <= r < ``until``."""

    since: str
    until: str | None
    members: tuple[PgMember, ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PgFlag(NamedTuple):
    """What a ``PG_`` flag means, whatever bit it has in a given release."""

    name: str
    doc: str


class PgContext(NamedTuple):
    """A kind of page a caller may know it has (anonymous, slab, Xen page table...)."""

    name: str
    doc: str


class PgAlias(NamedTuple):
    """Another name of the bit of member ``of``, meaningful on some pages only.

    It applies when the caller knows every context in ``context`` holds and every flag of
    ``requires`` is set in the same word (``PG_swapcache`` needs ``PG_swapbacked``), in
    releases ``since`` <= r < ``until`` and kernels whose config satisfies ``condition``.
    """

    name: str
    of: str
    context: tuple[str, ...]
    requires: tuple[str, ...]
    condition: str | None
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None
    enum_since: str | None = None
    """From this release the alias is a member of enum pageflags (and so in BTF); before it,
    a #define or an accessor. None: from ``since``."""


class PresetValueRange(NamedTuple):
    """A preset's value of one option over a range of releases (``since`` <= release <
    ``until``), for an option the architecture could not build in every release: riscv64 has
    MEMORY_HOTPLUG only from 6.11. Outside every range of its symbol the option is off."""

    symbol: str
    value: str
    since: str
    until: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


class ConfigPreset(NamedTuple):
    """A named kernel config (``x86_64``, ``arm64``): the option values the spec tests, and
    those that hold only over a range of releases."""

    name: str
    doc: str
    values: tuple[tuple[str, str], ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None
    by_release: tuple[PresetValueRange, ...] = ()


ArchSpelling = Literal["uname", "distribution"]


class ArchAlias(NamedTuple):
    """Another name of a preset, as users type an architecture: ``uname -m`` prints it
    (``aarch64``) or a distribution names its port so (``ppc64el``)."""

    name: str
    preset: str
    spelling: ArchSpelling


LAYOUT_NUMBERS = ("NODES_SHIFT", "NR_CPUS", "ARCH_MAX_PHYSMEM_BITS", "ARCH_SECTION_SIZE_BITS")
"""The config options the page->flags field layouts read as numbers; each has a range in the spec."""


class ConfigNumber(NamedTuple):
    """A config option the layouts read as a number, with the values a kernel can be built with.

    >>> from kpageflags._generated.presets import CONFIG_NUMBERS
    >>> [(n.symbol, n.low, n.high) for n in CONFIG_NUMBERS][:2]
    [('NODES_SHIFT', 0, 15), ('NR_CPUS', 1, 8192)]
    """

    symbol: str
    low: int
    high: int
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PgZone(NamedTuple):
    """A memory zone of ``enum zone_type``, present when its config ``condition`` holds."""

    name: str
    condition: str | None
    since: str
    until: str | None


FieldsEraLast = Literal["none", "last_nid", "last_cpupid"]
"""What page->flags keeps below the zone for NUMA balancing: nothing, the last node id, or the last cpu and pid."""

FieldsEraCpuBits = Literal["ilog2", "bits_per", "order_base_2"]
"""How last_cpupid's cpu part is sized from NR_CPUS: ilog2 rounds its log2 down, order_base_2 up;
bits_per counts the bits of NR_CPUS itself, one more than order_base_2 for a power of two (stable
point releases of 2024 shipped it between two backports)."""


class FieldsEra(NamedTuple):
    """How the upper bits of page->flags are shared out in releases ``since`` <= r < ``until``.

    Fields sit from the top bit down: section, node, zone, then ``last`` (last_nid or
    last_cpupid), the KASAN tag, and the MGLRU generation and reference counts. The
    parameters say how each width is chosen and which fit tests drop a field.
    """

    since: str
    until: str | None
    reserved_bits: int | None
    sections_with_vmemmap: bool
    max_zones_shift: int
    last: FieldsEraLast
    last_test_uses_node_width: bool
    kasan_sw_width: int
    kasan_hw_width: int
    kasan_in_last_test: bool
    lru_gen: bool
    cpu_bits: FieldsEraCpuBits
    printed_fields: bool
    evidence: tuple[Evidence, ...]
    unverified: str | None


DumpPageFeatureName = Literal["device_marker"]
"""Changes in what dump_page prints that the dump reader knows: ``device_marker``, the page line
says "device pfn:" for a device-private folio, whose flags line then has no " CMA" suffix."""


class DumpPageFeature(NamedTuple):
    """A way dump_page prints a page, in releases ``since`` <= r < ``until``."""

    name: DumpPageFeatureName
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


PageTypeSchemeKind = Literal["flag", "mapcount", "inverted", "top_byte"]
"""How a release marks typed pages; ``PageTypeScheme`` describes each."""


class PageTypeScheme(NamedTuple):
    """How ``page_type`` (or ``_mapcount``) marks typed pages in releases ``since`` <= r < ``until``.

    ``kind`` is ``flag`` (a ``PG_`` bit, no page_type), ``mapcount`` (``_mapcount`` equals a
    negative sentinel), ``inverted`` (the type's bit is cleared under ``base``: a page has
    the type when ``page_type & (base | bit) == base``) or ``top_byte`` (``page_type >> 24``
    is the type's value; the highest value listed is the boundary from which the word holds
    no type, such as ``mapcount_underflow``).
    """

    since: str
    until: str | None
    kind: PageTypeSchemeKind
    base: int | None
    types: tuple[tuple[str, int], ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None


OverlayPart = Literal["pageflags", "fields", "page_type", "kpageflags", "page_types", "pagemap"]
"""The parts of the spec an overlay can take from another mainline release."""


class KernelOverlay(NamedTuple):
    """A vendor kernel described by how it differs from its mainline ``base`` release.

    ``follows`` says, part by part, which mainline release's facts the vendor kernel has
    (RHEL 9.6 is 5.14 by its Makefile but has 6.9's page flags). ``uname_contains`` picks
    the overlay for a running kernel whose ``uname -r`` contains it.
    """

    name: str
    doc: str
    base: str
    uname_contains: str
    follows: tuple[tuple[str, str], ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None


PageTypesSwitchName = Literal[
    "expand_overloads_always",
    "list_ranges_break_at_batches",
    "decimal_lists",
    "decimal_file_offsets",
    "file_header_before_summary_only",
    "file_walk_honours_ranges",
    "misspelt_unknown_bit_message",
    "silent_past_table_end",
]
"""Behaviours of page-types that changed between releases."""


PageOwnerSortSwitchName = Literal[
    "counts_only_tool",
    "memory_sort_only",
    "free_ts_options",
    "ts_needs_comma",
    "merge_repeated_neighbour",
    "free_filter_drops_every_freed",
    "tgid_column_prints_pid",
    "last_sort_option_wins",
    "unsorted_by_default",
    "sort_option",
    "allocator_label",
    "selection_lists",
    "one_sort_option",
    "strip_ts_digits",
    "ts_compare_never_equal",
    "help_option",
    "unreadable_comm_stops",
]
"""Behaviours of page_owner_sort that changed between releases."""


SlabinfoSwitchName = Literal[
    "ties_keep_directory_order",
    "help_partial_line_tabs",
    "traces_in_debugfs",
    "permission_error_fatal",
    "caches_past_limit_corrupt",
    "cache_limit_checked",
    "partial_long_option_broken",
    "objects_total_attribute",
    "trace_off_writes_one",
]
"""Behaviours of slabinfo that changed between releases."""


class MemoryCategory(NamedTuple):
    """A kind of memory, defined by which /proc/kpageflags flags a page shows.

    The rules in ``spec/categories.yaml`` are tried in order and the first that holds
    wins: every flag of ``all_set`` set, one of ``any_set`` set (if any are listed) and
    none of ``none_set``. ``skip_when_bug`` names a known bug that, where it applies,
    makes the rule step aside.

    >>> from kpageflags.facts.categories import categories
    >>> categories()[-1].id
    'kernel_other'
    """

    id: str
    title: str
    all_set: tuple[str, ...]
    any_set: tuple[str, ...]
    none_set: tuple[str, ...]
    since: str | None
    until: str | None
    skip_when_bug: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class RecordedRelease(NamedTuple):
    """A release that spec/releases.yaml records with evidence: the ``date`` of its tag,
    ``unchanged``, what was checked and found as in the release before, and the ``evidence``
    that it exists and of what was read for it (or why it is ``unverified``).

    >>> from kpageflags.facts.releases import recorded_release
    >>> recorded_release('6.19').date
    '2026-02-08'
    """

    name: str
    date: str | None
    unchanged: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


class GfpLayout(NamedTuple):
    """The ``___GFP_`` bits of the releases ``since`` <= r < ``until``: members numbered as
    ``PgMember`` are (consecutive bits among those whose condition holds, or an explicit
    ``bit``); a member whose condition fails is 0 in that kernel."""

    since: str
    until: str | None
    members: tuple[PgMember, ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None


class GfpName(NamedTuple):
    """One entry of the kernel's ``gfpflag_names`` table: the text ``%pGg`` prints when every
    bit of ``flags`` (``___GFP_`` member names) is set; present when ``condition`` holds."""

    name: str
    flags: tuple[str, ...]
    condition: str | None = None


class GfpNameTable(NamedTuple):
    """``gfpflag_names`` in table order, which is the order ``%pGg`` tries the names in."""

    since: str
    until: str | None
    names: tuple[GfpName, ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None


NameListKind = Literal["migratetype", "migrate_reason"]


class NameList(NamedTuple):
    """A kernel table of names indexed by an enum (``migratetype_names``,
    ``migrate_reason_names``); members whose condition fails are left out of the enum."""

    kind: NameListKind
    since: str
    until: str | None
    names: tuple[PgMember, ...]
    evidence: tuple[Evidence, ...]
    unverified: str | None
