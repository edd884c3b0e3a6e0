"""The kernel's slabinfo (tools/mm/slabinfo.c) as a drop-in: ``--kernel REL`` prints what that
release's tool prints from the same /sys/kernel/slab tree, byte for byte, quirks included;
without it, the newest tool with its bugs fixed."""

from .run import main

__all__ = ["main"]
