"""The files of a SLUB tree (/sys/kernel/slab, a copy of it, or one recorded in a snapshot)
as text: one directory per cache holding one small file per attribute, and symlinks naming the
caches merged into another (:mod:`kpageflags.slab` makes a model of them).

Reading is bounded: a tree of more than ``MAX_ENTRIES`` entries or a cache of more than
``MAX_ATTRIBUTES`` files is refused in one line, an attribute is read up to the page the
kernel prints at most. A cache that goes away while it is read (a module unloaded) is left out
with a note, as is an attribute that cannot be read; a live tree read without root stops with
one line saying so, since every attribute is readable by root only.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadValue, NotAvailable, NotPermitted, SnapshotError, UnreadableFile

LIVE_SLAB_TREE = "/sys/kernel/slab"
MAX_ENTRIES = 200_000
"""Caches and aliases in one tree; a machine has hundreds, a big one a few thousand."""
MAX_ATTRIBUTES = 512
"""Files in one cache directory (30 on 6.18, about 60 with SLUB_STATS)."""
ATTRIBUTE_LIMIT = 4096
"""sysfs prints at most one page per attribute."""
UNREAD = frozenset({"shrink", "validate"})
"""Files that act when written and show nothing when read: never opened."""


@dataclass
class SlabFiles:
    """A tree's text: ``caches[name][attribute]`` (the newline stripped), ``aliases[alias]`` the
    cache a symlink names, and notes on what could not be read or was not understood."""

    where: str
    caches: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"caches": self.caches, "aliases": self.aliases, "notes": self.notes}, sort_keys=True)


def read_slab_files(root: str = LIVE_SLAB_TREE, attributes: Iterable[str] | None = None) -> SlabFiles:
    """The tree under ``root``; with ``attributes``, only those files of each cache."""
    files = SlabFiles(root)
    wanted = None if attributes is None else frozenset(attributes)
    for entry in tree_entries(root):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            files.aliases[entry.name] = os.path.basename(os.readlink(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            texts = read_cache_files(entry.path, wanted, files.notes)
            if texts is not None:
                files.caches[entry.name] = texts
        else:
            files.notes.append(f"{entry.name}: neither a cache directory nor an alias symlink; left out")
    return files


def tree_entries(root: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(root) as listing:
            entries = []
            for entry in listing:
                entries.append(entry)
                if len(entries) > MAX_ENTRIES:
                    raise BadValue(f"{root}: more than {MAX_ENTRIES} entries; not a slab tree this tool can read")
            return entries
    except FileNotFoundError:
        if root == LIVE_SLAB_TREE:
            raise NotAvailable(
                f"{root} does not exist: the kernel has no SLUB sysfs (CONFIG_SLUB and CONFIG_SYSFS)"
            ) from None
        raise UnreadableFile(f"cannot read {root}: {os.strerror(errno.ENOENT)}") from None
    except NotADirectoryError:
        raise UnreadableFile(f"{root}: not a directory; give a copy of /sys/kernel/slab") from None
    except PermissionError:
        raise NotPermitted(f"{root}: permission denied listing the slab tree") from None


def read_cache_files(path: str, wanted: frozenset[str] | None, notes: list[str]) -> dict[str, str] | None:
    """The attributes of one cache (those ``wanted``, or all), or None if it went away."""
    name = os.path.basename(path)
    try:
        with os.scandir(path) as listing:
            names = [entry.name for entry in listing if not entry.name.startswith(".")]
    except FileNotFoundError:
        notes.append(f"{name}: the cache went away while the tree was read; left out")
        return None
    except OSError as error:
        notes.append(f"{name}: cannot list the cache ({error.strerror or error}); left out")
        return None
    if len(names) > MAX_ATTRIBUTES:
        raise BadValue(f"{path}: {len(names)} files, more than a slab cache has ({MAX_ATTRIBUTES}); not a slab tree")
    texts: dict[str, str] = {}
    for attribute in sorted(names):
        if attribute in UNREAD or (wanted is not None and attribute not in wanted):
            continue
        text = read_attribute(os.path.join(path, attribute), notes)
        if text is None and not os.path.isdir(path):
            notes.append(f"{name}: the cache went away while the tree was read; left out")
            return None
        if text is not None:
            texts[attribute] = text
    return texts


def read_attribute(path: str, notes: list[str]) -> str | None:
    """One attribute's text, or None (with a note when it exists but cannot be read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except PermissionError:
        if not path.startswith(f"{LIVE_SLAB_TREE}/") or os.geteuid() == 0:
            # A copied tree's own file mode or owner: root would read it, so root is not the cure.
            raise NotPermitted(f"{path}: not readable: permission denied", errno.EACCES) from None
        raise NotPermitted(
            f"{path}: permission denied: slab attributes are readable by root only; run as root, "
            "or read a snapshot taken as root (kpageflags snapshot)",
            errno.EACCES,
        ) from None
    except FileNotFoundError:
        return None
    except OSError as error:
        notes.append(f"{_short(path)}: cannot be opened ({error.strerror or error}); left out")
        return None
    try:
        data = os.read(fd, ATTRIBUTE_LIMIT + 1)
    except OSError as error:
        # Reading a directory, or an attribute the kernel refuses (EIO from a stats file).
        notes.append(f"{_short(path)}: cannot be read ({error.strerror or error}); left out")
        return None
    finally:
        os.close(fd)
    if len(data) > ATTRIBUTE_LIMIT:
        notes.append(f"{_short(path)}: longer than the {ATTRIBUTE_LIMIT} bytes sysfs prints; left out")
        return None
    return data.decode("utf-8", errors="replace").rstrip("\n")


def _short(path: str) -> str:
    return "/".join(path.rsplit("/", 2)[-2:])


def slab_files_from_json(text: str, where: str) -> SlabFiles:
    """A tree recorded in a snapshot, checked: a damaged record is one line, not a traceback."""
    try:
        data: Any = json.loads(text)
    except ValueError as error:
        raise SnapshotError(f"{where}: the slab tree is not JSON ({error})") from None
    if not isinstance(data, dict):
        data = {}
    caches, aliases, notes = data.get("caches"), data.get("aliases"), data.get("notes", [])
    if not (_text_map(caches, nested=True) and _text_map(aliases) and isinstance(notes, list)):
        raise SnapshotError(f"{where}: the slab tree record is damaged (expected caches, aliases and notes)")
    if len(caches) + len(aliases) > MAX_ENTRIES:
        raise SnapshotError(f"{where}: more than {MAX_ENTRIES} slab caches and aliases")
    return SlabFiles(where, caches, aliases, [str(note) for note in notes])


def _text_map(value: Any, nested: bool = False) -> bool:
    if not isinstance(value, dict):
        return False
    if nested:
        return all(isinstance(key, str) and _text_map(item) for key, item in value.items())
    return all(isinstance(key, str) and isinstance(item, str) for key, item in value.items())
