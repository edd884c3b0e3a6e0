"""kpageflags: decode Linux page flags for every kernel release from 2.6.25 to 7.3.

>>> import kpageflags
>>> kpageflags.decode(0x40000086c, kernel="6.18").names
('referenced', 'uptodate', 'lru', 'active', 'mmap', 'owner_2')
>>> kpageflags.decode(0x400001000, kernel="5.18").names
('anon', 'mappedtodisk')
>>> kpageflags.decode(0x400001000, kernel="5.19").names
('anon', 'anon_exclusive')

The tables behind these answers are generated from the YAML spec in the source tree
(``spec/``); see ``flag_history`` for what the spec says about a flag and its evidence.
Parts beyond /proc/kpageflags decoding load on first use, to keep ``import kpageflags`` fast.
"""

from __future__ import annotations

from .errors import (
    BadBitsExpression,
    BadValue,
    KpageflagsError,
    PagemapFormatError,
    UnknownFlag,
    UnknownRelease,
)

# Not typing.TYPE_CHECKING: importing typing is a tenth of a short command's start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .facts.bitsexpr import ALL_BITS, BitsFilter, matches_all, parse_bits, parse_bits_list
    from .facts.history import FlagHistory, bugs_at, changes, find_flag, flag_history, flags_at
    from .facts.kpf import Decoded, FlagBit, KpfTable, decode, encode, kpf_table
    from .facts.model import (
        Change,
        Evidence,
        KnownBug,
        KpfFlag,
        OverloadRule,
        PagemapDerivedBit,
        PagemapField,
        PagemapLayout,
        PageTypesName,
    )
    from .facts.pagemap import PagemapEntry, decode_pagemap, fields_at, layouts_at
    from .facts.pglayout import DecodedPageFlags, PgLayout, decode_page_flags, pg_layout, presets
    from .facts.releases import Release, parse_release, releases, running_release
    from .reports.dumppage import DumpAnalysis, DumpReport, analyse, find_reports

__version__ = "0.1.0"

# Nothing but the errors is imported eagerly: ``python -m codegen`` imports the model through
# this package and must work while the generated tables it writes are missing or broken.
_LAZY = {
    "facts.releases": ("Release", "parse_release", "releases", "running_release"),
    "facts.kpf": ("Decoded", "FlagBit", "KpfTable", "decode", "encode", "kpf_table"),
    "facts.bitsexpr": ("ALL_BITS", "BitsFilter", "matches_all", "parse_bits", "parse_bits_list"),
    "reports.dumppage": ("DumpAnalysis", "DumpReport", "analyse", "find_reports"),
    "facts.model": (
        "Change",
        "Evidence",
        "KnownBug",
        "KpfFlag",
        "OverloadRule",
        "PagemapDerivedBit",
        "PagemapField",
        "PagemapLayout",
        "PageTypesName",
    ),
    "facts.pagemap": ("PagemapEntry", "decode_pagemap", "fields_at", "layouts_at"),
    "facts.pglayout": ("DecodedPageFlags", "PgLayout", "decode_page_flags", "pg_layout", "presets"),
    "facts.history": ("FlagHistory", "bugs_at", "changes", "find_flag", "flag_history", "flags_at"),
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None and name.startswith(("KPF_", "PM_")):
        module = "_generated.constants"
    if module is None:
        raise AttributeError(f"module 'kpageflags' has no attribute {name!r}")
    from importlib import import_module  # with warnings, a hundredth of slabinfo's start-up

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ALL_BITS",
    "BadBitsExpression",
    "BadValue",
    "BitsFilter",
    "Change",
    "Decoded",
    "DecodedPageFlags",
    "DumpAnalysis",
    "DumpReport",
    "Evidence",
    "FlagBit",
    "FlagHistory",
    "KnownBug",
    "KpageflagsError",
    "KpfFlag",
    "KpfTable",
    "OverloadRule",
    "PageTypesName",
    "PagemapDerivedBit",
    "PagemapEntry",
    "PagemapField",
    "PagemapFormatError",
    "PagemapLayout",
    "PgLayout",
    "Release",
    "UnknownFlag",
    "UnknownRelease",
    "analyse",
    "bugs_at",
    "changes",
    "decode",
    "decode_page_flags",
    "decode_pagemap",
    "encode",
    "fields_at",
    "find_flag",
    "find_reports",
    "flag_history",
    "flags_at",
    "kpf_table",
    "layouts_at",
    "matches_all",
    "parse_bits",
    "parse_bits_list",
    "parse_release",
    "pg_layout",
    "presets",
    "releases",
    "running_release",
]
