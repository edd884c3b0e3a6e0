# Generated from spec/slabinfo.yaml by "python -m codegen"; do not edit.
(
    "The kernel's slabinfo: how each release reads /sys/kernel/slab, sorts the caches and "
    'prints them.'
)

from __future__ import annotations

# typing is not imported: the slabinfo command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Optional, Tuple

# (behaviour, since, until): the releases each slabinfo behaviour holds in, as plain tuples so
# that the slabinfo command starts without the fact model (the evidence is in spec/slabinfo.yaml).
SLABINFO_SWITCHES: Final[Tuple[Tuple[str, str, Optional[str]], ...]] = (
    ('ties_keep_directory_order', '5.19', '6.0'),
    ('help_partial_line_tabs', '5.19', '6.0'),
    ('traces_in_debugfs', '6.0', None),
    ('permission_error_fatal', '6.2', None),
    ('caches_past_limit_corrupt', '5.19', '6.13'),
    ('cache_limit_checked', '6.13', None),
    ('partial_long_option_broken', '5.19', '7.1'),
    ('objects_total_attribute', '5.19', '7.1.4'),
    ('trace_off_writes_one', '5.19', '7.1.4'),
)
