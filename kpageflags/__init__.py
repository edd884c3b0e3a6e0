"""kpageflags: decode Linux page flags for every kernel release from 2.6.25 to 6.18.

>>> import kpageflags
>>> kpageflags.decode(0x40000086c, kernel="6.18").names
('referenced', 'uptodate', 'lru', 'active', 'mmap', 'owner_2')
>>> kpageflags.decode(0x400001000, kernel="5.18").names
('anon', 'mappedtodisk')
>>> kpageflags.decode(0x400001000, kernel="5.19").names
('anon', 'anon_exclusive')

The tables behind these answers are generated from the YAML spec in the source tree
(``spec/``); see ``flag_history`` for what the spec says about a flag and its evidence.
"""

from .bitsexpr import ALL_BITS, BitsFilter, matches_all, parse_bits, parse_bits_list
from .errors import (
    BadBitsExpression,
    BadValue,
    KpageflagsError,
    PagemapFormatError,
    UnknownFlag,
    UnknownRelease,
)
from .kpf import Decoded, FlagBit, KpfTable, decode, encode, kpf_table
from .model import (
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
from .pagemap import PagemapEntry, decode_pagemap, fields_at, layouts_at
from .releases import Release, parse_release, releases, running_release
from .spec import FlagHistory, bugs_at, changes, find_flag, flag_history, flags_at

__version__ = "0.1.0"

__all__ = [
    "ALL_BITS", "BadBitsExpression", "BadValue", "BitsFilter", "Change", "Decoded", "Evidence",
    "FlagBit", "FlagHistory", "KnownBug", "KpageflagsError", "KpfFlag", "KpfTable", "OverloadRule",
    "PageTypesName", "PagemapDerivedBit", "PagemapEntry", "PagemapField", "PagemapFormatError",
    "PagemapLayout", "Release", "UnknownFlag", "UnknownRelease", "bugs_at", "changes", "decode",
    "decode_pagemap", "encode", "fields_at", "find_flag", "flag_history", "flags_at", "kpf_table",
    "layouts_at", "matches_all", "parse_bits", "parse_bits_list", "parse_release", "releases",
    "running_release",
]
