"""slabinfo's summaries: the totals (-T, and the head of -X) and the alias listing (-a)."""

from __future__ import annotations

from collections.abc import Sequence

from .arrange import casecmp, swap_sort
from .cnum import U32, U64
from .numbers import Figures, store_size
from .reading import Alias, Cache

_MAX = 1 << 63


class Spread:
    """The smallest, largest and summed value of one figure over the active caches."""

    def __init__(self, low: int = _MAX) -> None:
        self.low = low
        self.high = 0
        self.total = 0

    def add(self, value: int) -> None:
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        self.total = (self.total + value) & U64


class Tally:
    """Each figure's spread over the caches with objects (``active`` of them)."""

    def __init__(self) -> None:
        self.active = 0
        self.figures: dict[str, Spread] = {}

    def add(self, name: str, value: int, low: int = _MAX) -> None:
        self.figures.setdefault(name, Spread(low=low)).add(value)

    def __getitem__(self, name: str) -> Spread:
        return self.figures.setdefault(name, Spread())


def _tally(caches: Sequence[Cache], figures: Figures) -> Tally:
    tally = Tally()
    for cache in caches:
        if not cache["slabs"] or not cache["objects"]:
            continue
        tally.active += 1
        size, used = figures.size(cache), figures.used(cache)
        per_object_loss = figures.object_loss(cache)
        tally.add("objsize", cache["object_size"])
        tally.add("partial", cache["partial"])
        tally.add("slabs", cache["slabs"])
        tally.add("size", size)
        tally.add("used", used)
        tally.add("waste", (size - used) & U64)
        tally.add("objects", cache["objects"])
        tally.add("partobj", cache["objects_partial"])
        tally.add("ppart", min(cache["partial"] * 100 // cache["slabs"], 100), low=100)
        tally.add("ppartobj", min(cache["objects_partial"] * 100 // cache["objects"], 100), low=100)
        tally.add("objwaste", per_object_loss)
        tally.add("memobj", cache["slab_size"])
        tally["objwaste_total"].add((cache["objects"] * per_object_loss) & U64)
        tally["objsize_total"].add((cache["objects"] * (cache["slab_size"] & U32)) & U64)
    return tally


def totals(caches: Sequence[Cache], aliases: tuple[int, int], figures: Figures, show_bytes: bool, fixed: bool) -> str:
    """The totals block; ``aliases``: the alias links read and the merged caches they name.
    ``fixed``: the PartObjs average is the average (the C tool prints there the percentage of
    objects in partial slabs)."""
    t = _tally(caches, figures)
    if not t["objects"].total:
        return "No objects\n"
    active = t.active

    def size(value: int) -> str:
        return store_size(value, show_bytes)

    objects, partobj, used, waste = t["objects"].total, t["partobj"].total, t["used"].total, t["waste"].total
    average_partobj = partobj // active if fixed else partobj * 100 // objects
    parts = [
        "Slabcache Totals\n----------------\n",
        "Slabcaches : %15d   Aliases  : %11d->%-3d  Active:    %3d\n" % (len(caches), *aliases, active),
        "Memory used: %15s   # Loss   : %15s   MRatio:%6s%%\n"
        % (size(t["size"].total), size(waste), size(((waste * 100) & U64) // used if used else 0)),
        "# Objects  : %15s   # PartObj: %15s   ORatio:%6s%%\n"
        % (size(objects), size(partobj), size(partobj * 100 // objects)),
        "\nPer Cache         Average              Min              Max            Total\n",
        "-" * 76 + "\n",
    ]
    rows = (
        ("#Objects  %15s  %15s  %15s  %15s\n", "objects", None),
        ("#Slabs    %15s  %15s  %15s  %15s\n", "slabs", None),
        ("#PartSlab %15s  %15s  %15s  %15s\n", "partial", None),
        ("%%PartSlab%15s%% %15s%% %15s%% %15s%%\n", "ppart", t["partial"].total * 100 // t["slabs"].total),
        ("PartObjs  %15s  %15s  %15s  %15s\n", "partobj", average_partobj),
        ("%% PartObj%15s%% %15s%% %15s%% %15s%%\n", "ppartobj", partobj * 100 // objects),
        ("Memory    %15s  %15s  %15s  %15s\n", "size", None),
        ("Used      %15s  %15s  %15s  %15s\n", "used", None),
        ("Loss      %15s  %15s  %15s  %15s\n", "waste", None),
    )
    for text, name, last in rows:
        spread = t[name]
        average = average_partobj if name == "partobj" else spread.total // active
        total = spread.total if last is None or name == "partobj" else last
        parts.append(text % (size(average), size(spread.low), size(spread.high), size(total)))
    parts.append("\nPer Object        Average              Min              Max\n" + "-" * 59 + "\n")
    per_object = (
        ("Memory    %15s  %15s  %15s\n", "memobj", t["objsize_total"].total // objects),
        ("User      %15s  %15s  %15s\n", "objsize", used // objects),
        ("Loss      %15s  %15s  %15s\n", "objwaste", t["objwaste_total"].total // objects),
    )
    for text, name, average in per_object:
        parts.append(text % (size(average), size(t[name].low), size(t[name].high)))
    return "".join(parts)


def alias_listing(aliases: list[Alias], inverted: bool, single_ref: bool) -> str:
    """-a: each cache with the aliases that name it (or, with -i, each alias and its cache)."""
    swap_sort(aliases, lambda a, b: casecmp(a.name, b.name) if inverted else casecmp(a.ref, b.ref))
    parts: list[str] = []
    active: str | None = None
    for alias in aliases:
        cache = alias.cache
        assert cache is not None
        if not single_ref and cache.refs == 1:
            continue
        if inverted:
            parts.append("%-15s -> %s\n" % (alias.name, cache.name))
        elif active == cache.name:
            parts.append(" " + alias.name)
        else:
            parts.append("\n%-12s <- %s" % (cache.name, alias.name))
            active = cache.name
    if active is not None:
        parts.append("\n")
    return "".join(parts)
