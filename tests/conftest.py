"""Shared test helpers: where the repository is, and reading this machine's /proc files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KPAGEFLAGS = Path("/proc/kpageflags")


def readable(path: Path) -> bool:
    """Whether the file exists and a first 8-byte read succeeds (root is needed for kpageflags)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return len(os.pread(fd, 8, 0)) == 8
    except OSError:
        return False
    finally:
        os.close(fd)


needs_kpageflags = pytest.mark.skipif(
    not readable(KPAGEFLAGS),
    reason="/proc/kpageflags is absent or unreadable here (it needs root and CONFIG_PROC_PAGE_MONITOR)",
)
