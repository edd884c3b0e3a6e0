"""A typed model of the SLUB caches of one tree, checked once when it is built.

Every attribute is kept: the numbers the figures need are read as counters (with their
per-node and per-CPU parts), the flags as a set of names, and every file's text as it was, so
an attribute this model does not know (a SLUB_STATS counter, one a later kernel adds) is still
shown. A number that is not one, or one past what the kernel can hold, becomes a note on its
cache and is left out of the figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import BadValue
from ..sources.slabfiles import LIVE_SLAB_TREE, SlabFiles, read_slab_files, slab_files_from_json
from .counts import Counts, read_counts

FLAGS = (
    "reclaim_account",
    "hwcache_align",
    "cache_dma",
    "destroy_by_rcu",
    "poison",
    "red_zone",
    "sanity_checks",
    "store_user",
    "trace",
)
"""0/1 attributes, each the state of one SLAB_* flag of the cache, in slabinfo's order."""
COUNTERS = ("objects", "total_objects", "slabs", "partial", "cpu_slabs", "objects_partial")
"""The attributes that change as the cache is used, each with a total and per-node parts."""
GEOMETRY = ("object_size", "slab_size", "objs_per_slab", "order", "align", "aliases")
MAX_ORDER = 30
"""No page allocator hands out blocks of 2^30 pages; a larger order is garbage, not a slab."""
SIZE_LIMIT = 1 << 40
"""An object or slab size past this is garbage (the largest kmalloc cache holds 2^25 bytes)."""


@dataclass(frozen=True)
class SlabCache:
    """One cache: its name, the aliases (symlinks) that point at it, its attributes' text and
    their numbers, and notes on attributes that could not be used."""

    name: str
    aliases: tuple[str, ...]
    texts: dict[str, str]
    numbers: dict[str, Counts]
    notes: tuple[str, ...]

    def number(self, attribute: str) -> int:
        """The attribute's total; 0 when it is absent or was not a number (see ``notes``)."""
        counts = self.numbers.get(attribute)
        return counts.total if counts is not None else 0

    def known(self, attribute: str) -> int | None:
        """The attribute's total; None when it is absent or was not a number (see ``notes``), so
        a figure worked out from it is unknown rather than wrong."""
        counts = self.numbers.get(attribute)
        return counts.total if counts is not None else None

    def per_node(self, attribute: str) -> dict[int, int]:
        counts = self.numbers.get(attribute)
        return dict(counts.nodes) if counts is not None else {}

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(flag for flag in FLAGS if self.number(flag) == 1)

    @property
    def nodes(self) -> tuple[int, ...]:
        """The NUMA nodes any counter names."""
        return tuple(sorted({node for attribute in COUNTERS for node in self.per_node(attribute)}))


@dataclass(frozen=True)
class SlabTree:
    """Every cache of a tree, by name, with the page size its slabs are counted in."""

    where: str
    page_size: int
    caches: tuple[SlabCache, ...]
    notes: tuple[str, ...]

    def cache(self, name: str) -> SlabCache | None:
        """A cache by its name or by one of its aliases."""
        for cache in self.caches:
            if cache.name == name or name in cache.aliases:
                return cache
        return None


def shown_name(name: str, aliases: Iterable[str]) -> str:
    """The name a cache is shown and charted under. SLUB gives a cache that other caches were
    merged into a unique id for its directory (mm/slub.c, create_unique_id: ":", letters for
    some flags, "-", the object size in 7 digits, as ":a-0000104") and links each merged
    cache's name to it (sysfs_slab_alias); that id says nothing to a reader. Such a cache is
    shown under one of those names, as the slabinfo tool shows it: a kmalloc cache's name if
    one was merged into it, else the shortest (the first in byte order among the shortest),
    the choice the C tool's find_one_alias describes. With no alias left it keeps its id."""
    if not name.startswith(":"):
        return name
    named = sorted(aliases)
    if not named:
        return name
    return min(named, key=lambda alias: (not alias.startswith("kmall"), len(alias)))


def read_tree(root: str = LIVE_SLAB_TREE, page_size: int | None = None) -> SlabTree:
    """The caches under ``root`` (this machine's /sys/kernel/slab by default); ``page_size``
    is that of the machine the tree came from (default: this one's)."""
    return build_tree(read_slab_files(root), page_size or os.sysconf("SC_PAGE_SIZE"))


def snapshot_tree(path: str) -> SlabTree:
    """The caches a snapshot recorded; one taken before snapshots held them says so."""
    from ..sources.snapshot import Snapshot

    with Snapshot(path) as snapshot:
        text = snapshot.recorded_text("slab")
        return build_tree(slab_files_from_json(text, f"{path}:slab.json"), snapshot.page_size)


def build_tree(files: SlabFiles, page_size: int) -> SlabTree:
    """The model of a tree's files. A tree with no cache that has an object size (an empty
    directory among them: a kernel always has caches) is not a slab tree at all, and says so
    in one line."""
    aliases: dict[str, list[str]] = {}
    for alias, target in sorted(files.aliases.items()):
        aliases.setdefault(target, []).append(alias)
    notes = list(files.notes)
    caches = []
    for name in sorted(files.caches):
        texts = files.caches[name]
        if "object_size" not in texts:
            notes.append(f"{name}: no object_size file; not a slab cache, left out")
            continue
        caches.append(_cache(name, tuple(aliases.pop(name, ())), texts))
    notes += [
        f"{', '.join(names)}: alias of {target}, which the tree lacks" for target, names in sorted(aliases.items())
    ]
    if not caches:
        raise BadValue(f"{files.where}: no cache directory with an object_size file; not a copy of /sys/kernel/slab")
    return SlabTree(files.where, page_size, tuple(caches), tuple(notes))


def _cache(name: str, aliases: tuple[str, ...], texts: dict[str, str]) -> SlabCache:
    numbers: dict[str, Counts] = {}
    notes: list[str] = []
    for attribute, text in texts.items():
        counts = read_counts(text)
        if counts is None:
            if attribute in COUNTERS or attribute in GEOMETRY or attribute in FLAGS:
                notes.append(f"{attribute} reads {text[:40]!r}, not a number; left out of the figures")
            continue
        problem = implausible(attribute, counts.total)
        if problem:
            notes.append(f"{attribute} reads {counts.total}, {problem}; left out of the figures")
            continue
        numbers[attribute] = counts
    return SlabCache(name, aliases, dict(texts), numbers, tuple(notes))


def implausible(attribute: str, value: int) -> str | None:
    """Why a number read for ``attribute`` cannot be right, or None when it can."""
    if value < 0 and (attribute in COUNTERS or attribute in GEOMETRY):
        return "below zero"
    if attribute == "order" and value > MAX_ORDER:
        return f"past the largest order a slab can have ({MAX_ORDER})"
    if attribute in ("object_size", "slab_size") and value > SIZE_LIMIT:
        return "past any object size"
    return None
