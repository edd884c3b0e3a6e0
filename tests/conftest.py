"""Shared test helpers: where the repository is, and reading this machine's /proc files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def process_touching(megabytes: int, huge_pages: bool = False) -> Iterator[int]:
    """A child process that has touched ``megabytes`` of private anonymous memory and waits,
    so nothing moves while a test reads it; yields its pid."""
    advice = "m.madvise(getattr(mmap, 'MADV_HUGEPAGE', mmap.MADV_NORMAL))\n" if huge_pages else ""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import mmap, sys\n"
            f"m = mmap.mmap(-1, {megabytes} << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
            f"{advice}for i in range(0, {megabytes} << 20, mmap.PAGESIZE): m[i] = 1\n"
            "print('ready', flush=True)\nsys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield child.pid
    finally:
        child.communicate("", timeout=30)


@contextmanager
def readable_by_everyone(*files: Path) -> Iterator[Path]:
    """A world-readable directory holding a copy of the package and of ``files``, for tests that
    run as an unprivileged user: the checkout itself may sit in a root-only directory."""
    shared = Path(tempfile.mkdtemp(prefix="kpf-shared-"))
    try:
        shutil.copytree(REPO / "kpageflags", shared / "kpageflags")
        for path in files:
            shutil.copy(path, shared / path.name)
        os.chmod(shared, 0o755)
        for root, dirs, names in os.walk(shared):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in names:
                os.chmod(os.path.join(root, name), 0o644)
        yield shared
    finally:
        shutil.rmtree(shared)


def snapshot_of_files(output: Path, kernel: str = "6.18.44", **paths: Path | str) -> Path:
    """A snapshot of saved files (part name to path), written to ``output``."""
    from kpageflags.sources.files import SavedFiles
    from kpageflags.sources.snapshot_writer import take_snapshot

    take_snapshot(str(output), SavedFiles({part: str(path) for part, path in paths.items()}, kernel=kernel))
    return output
