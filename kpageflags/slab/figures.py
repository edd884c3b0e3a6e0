"""What a cache costs, worked out as slabinfo does: memory is its slabs at the cache's current
order (``slabs << (order + PAGE_SHIFT)``, the figure slabinfo calls the cache's size and
/proc/slabinfo's num_slabs times pagesperslab gives), loss is that memory less the objects
times their size, and fragmentation is the share of partial slabs (slabinfo's %Fr) and of free
object slots. Every figure is also given per NUMA node. A figure worked out from an attribute
that is absent or unreadable is None (blank in text, null in JSON), never a wrong number."""

from __future__ import annotations

from typing import NamedTuple

from .tree import COUNTERS, FLAGS, GEOMETRY, SlabCache, SlabTree, shown_name

SHOWN_APART = frozenset(COUNTERS) | frozenset(GEOMETRY) | frozenset(FLAGS)
"""Attributes with a field of their own; every other one is listed under ``attributes``."""


class NodeFigures(NamedTuple):
    """A cache's counters and memory on one NUMA node."""

    node: int
    objects: int
    total_objects: int
    slabs: int
    partial: int
    cpu_slabs: int
    memory_bytes: int | None


class CacheFigures(NamedTuple):
    """One cache with every attribute and the figures worked out from them. ``name`` is the
    name it is shown under (an alias for a merged cache, see ``shown_name``), ``directory`` its
    directory in the tree (for a merged cache, SLUB's unique id such as ":a-0000104")."""

    name: str
    aliases: tuple[str, ...]
    object_size: int | None
    slab_size: int | None
    objs_per_slab: int | None
    order: int | None
    align: int | None
    objects: int | None
    total_objects: int | None
    free_objects: int | None
    slabs: int | None
    partial: int | None
    cpu_slabs: int | None
    objects_partial: int | None
    memory_bytes: int | None
    used_bytes: int | None
    loss_bytes: int | None
    partial_percent: float | None
    free_percent: float | None
    reclaimable: bool
    flags: tuple[str, ...]
    nodes: tuple[NodeFigures, ...]
    attributes: dict[str, str]
    notes: tuple[str, ...]
    directory: str


class CacheNode(NamedTuple):
    """One cache on one NUMA node (``kpageflags slab --per-node``). ``node`` is None for a cache
    whose counters name no node (a tree from a kernel without NUMA parts): its totals, kept."""

    cache: str
    node: int | None
    objects: int | None
    total_objects: int | None
    slabs: int | None
    partial: int | None
    cpu_slabs: int | None
    memory_bytes: int | None
    directory: str


def per_node(rows: list[CacheFigures]) -> list[CacheNode]:
    """Each cache's figures on each node it has slabs or objects on, in the caches' order."""
    found = []
    for row in rows:
        if not row.nodes:
            totals = (row.objects, row.total_objects, row.slabs, row.partial, row.cpu_slabs, row.memory_bytes)
            found.append(CacheNode(row.name, None, *totals, directory=row.directory))
        found += [CacheNode(row.name, *node, directory=row.directory) for node in row.nodes]
    return found


def slab_bytes(tree: SlabTree, cache: SlabCache) -> int | None:
    """The size of one of the cache's slabs at its current order."""
    order = cache.known("order")
    return None if order is None else tree.page_size << order


def figures(tree: SlabTree, cache: SlabCache) -> CacheFigures:
    known = cache.known
    memory = product(known("slabs"), slab_bytes(tree, cache))
    used = product(known("objects"), known("object_size"))
    free = difference(known("total_objects"), known("objects"))
    return CacheFigures(
        name=shown_name(cache.name, cache.aliases),
        aliases=cache.aliases,
        object_size=known("object_size"),
        slab_size=known("slab_size"),
        objs_per_slab=known("objs_per_slab"),
        order=known("order"),
        align=known("align"),
        objects=known("objects"),
        total_objects=known("total_objects"),
        free_objects=None if free is None else max(0, free),
        slabs=known("slabs"),
        partial=known("partial"),
        cpu_slabs=known("cpu_slabs"),
        objects_partial=known("objects_partial"),
        memory_bytes=memory,
        used_bytes=used,
        loss_bytes=difference(memory, used),
        partial_percent=percent(known("partial"), known("slabs")),
        free_percent=percent(free, known("total_objects")),
        reclaimable=cache.number("reclaim_account") == 1,
        flags=cache.flags,
        nodes=node_figures(tree, cache),
        attributes={name: text for name, text in sorted(cache.texts.items()) if name not in SHOWN_APART},
        notes=cache.notes,
        directory=cache.name,
    )


def node_figures(tree: SlabTree, cache: SlabCache) -> tuple[NodeFigures, ...]:
    # Without a readable total of slabs, no node's memory is known either.
    size = slab_bytes(tree, cache) if cache.known("slabs") is not None else None
    per = {
        attribute: cache.per_node(attribute)
        for attribute in ("objects", "total_objects", "slabs", "partial", "cpu_slabs")
    }
    return tuple(
        NodeFigures(
            node,
            per["objects"].get(node, 0),
            per["total_objects"].get(node, 0),
            per["slabs"].get(node, 0),
            per["partial"].get(node, 0),
            per["cpu_slabs"].get(node, 0),
            product(per["slabs"].get(node, 0), size),
        )
        for node in cache.nodes
    )


def product(left: int | None, right: int | None) -> int | None:
    return None if left is None or right is None else left * right


def difference(left: int | None, right: int | None) -> int | None:
    return None if left is None or right is None else left - right


def percent(part: int | None, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole``, to one decimal; 0 of nothing is 0."""
    if part is None or whole is None:
        return None
    return round(100.0 * part / whole, 1) if whole > 0 else 0.0


def all_figures(tree: SlabTree) -> list[CacheFigures]:
    return [figures(tree, cache) for cache in tree.caches]
