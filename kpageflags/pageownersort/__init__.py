"""The kernel's page_owner_sort (tools/mm/page_owner_sort.c) as a drop-in: ``--kernel REL`` writes
that release's output byte for byte, quirks included; without it, the newest tool with its bugs
fixed."""

from .run import main

__all__ = ["main"]
