"""The facts of the page_owner format that opening and sorting a dump need without parsing its
records: how a record's header line starts, and the largest order a record can have. (The
parser, ``pageowner.records``, compiles its patterns when imported: page-owner-sort would wait
for them and use none.)"""

from __future__ import annotations

HEADER_START = "Page allocated via order "

MAX_ORDER = 20
"""Above any order a kernel's buddy allocator hands out: MAX_PAGE_ORDER is 10 by default, 16 at
most in mainline (ia64 with hugetlb, "MAX_ORDER (10 - 16)"; arm64 4K pages allowed up to 15).
A record printing a larger order is damaged: its pages are not counted."""
