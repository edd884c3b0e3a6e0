"""What a cache costs, worked out as slabinfo does: memory is its slabs at the cache's current
order (``slabs << (order + PAGE_SHIFT)``, the figure slabinfo calls the cache's size and
/proc/slabinfo's num_slabs times pagesperslab gives), loss is that memory less the objects
times their size, and fragmentation is the share of partial slabs (slabinfo's %Fr) and of free
object slots. Every figure is also given per NUMA node."""

from __future__ import annotations

from typing import NamedTuple

from .tree import COUNTERS, FLAGS, GEOMETRY, SlabCache, SlabTree

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
    memory_bytes: int


class CacheFigures(NamedTuple):
    """One cache with every attribute and the figures worked out from them."""

    name: str
    aliases: tuple[str, ...]
    object_size: int
    slab_size: int
    objs_per_slab: int
    order: int
    align: int
    objects: int
    total_objects: int
    free_objects: int
    slabs: int
    partial: int
    cpu_slabs: int
    objects_partial: int
    memory_bytes: int
    used_bytes: int
    loss_bytes: int
    partial_percent: float
    free_percent: float
    reclaimable: bool
    flags: tuple[str, ...]
    nodes: tuple[NodeFigures, ...]
    attributes: dict[str, str]
    notes: tuple[str, ...]


def slab_bytes(tree: SlabTree, cache: SlabCache) -> int:
    """The size of one of the cache's slabs at its current order."""
    return tree.page_size << cache.number("order")


def figures(tree: SlabTree, cache: SlabCache) -> CacheFigures:
    number = cache.number
    memory = number("slabs") * slab_bytes(tree, cache)
    used = number("objects") * number("object_size")
    return CacheFigures(
        name=cache.name,
        aliases=cache.aliases,
        object_size=number("object_size"),
        slab_size=number("slab_size"),
        objs_per_slab=number("objs_per_slab"),
        order=number("order"),
        align=number("align"),
        objects=number("objects"),
        total_objects=number("total_objects"),
        free_objects=max(0, number("total_objects") - number("objects")),
        slabs=number("slabs"),
        partial=number("partial"),
        cpu_slabs=number("cpu_slabs"),
        objects_partial=number("objects_partial"),
        memory_bytes=memory,
        used_bytes=used,
        loss_bytes=memory - used,
        partial_percent=percent(number("partial"), number("slabs")),
        free_percent=percent(number("total_objects") - number("objects"), number("total_objects")),
        reclaimable=number("reclaim_account") == 1,
        flags=cache.flags,
        nodes=node_figures(tree, cache),
        attributes={name: text for name, text in sorted(cache.texts.items()) if name not in SHOWN_APART},
        notes=cache.notes,
    )


def node_figures(tree: SlabTree, cache: SlabCache) -> tuple[NodeFigures, ...]:
    size = slab_bytes(tree, cache)
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
            per["slabs"].get(node, 0) * size,
        )
        for node in cache.nodes
    )


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, to one decimal; 0 of nothing is 0."""
    return round(100.0 * part / whole, 1) if whole > 0 else 0.0


def all_figures(tree: SlabTree) -> list[CacheFigures]:
    return [figures(tree, cache) for cache in tree.caches]
