"""Memory cgroups by inode: /proc/kpagecgroup gives each page's memcg as the inode of its directory.

The memory controller lives in the cgroup2 mount, or on cgroup v1 in the mount whose options
name ``memory``; walking that tree maps inodes to paths.
"""

from __future__ import annotations

import os

MOUNTS = "/proc/self/mounts"
NO_CGROUP = "(none)"


def memory_cgroup_root(mounts: str = MOUNTS) -> str | None:
    """Where the memory controller's hierarchy is mounted, or None when there is none."""
    try:
        with open(mounts, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    version_two = None
    for line in lines:
        fields = line.split()
        if len(fields) < 4:
            continue
        kind, options = fields[2], fields[3].split(",")
        if kind == "cgroup" and "memory" in options:
            return _unescape(fields[1])
        if kind == "cgroup2" and version_two is None:
            version_two = _unescape(fields[1])
    return version_two


def _unescape(path: str) -> str:
    """Mount points escape spaces and the like as octal (\\040)."""
    return path.encode("latin-1").decode("unicode_escape") if "\\" in path else path


def cgroup_paths(root: str | None = None) -> dict[int, str]:
    """Inode to path (``/`` for the root cgroup) of every cgroup under ``root``."""
    top = root or memory_cgroup_root()
    if top is None:
        return {}
    paths: dict[int, str] = {}
    for directory, _, _ in os.walk(top):
        try:
            inode = os.stat(directory).st_ino
        except OSError:
            continue  # a cgroup removed while we walk
        relative = os.path.relpath(directory, top)
        paths[inode] = "/" if relative == "." else "/" + relative
    return paths


def cgroup_label(inode: int, paths: dict[int, str]) -> str:
    """A cgroup's path, ``(none)`` for pages charged to no cgroup, ``@INODE`` for one gone."""
    if inode == 0:
        return NO_CGROUP
    return paths.get(inode, f"@{inode}")
