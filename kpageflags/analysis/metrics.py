"""Breakdowns in the Prometheus text exposition format, for node_exporter's textfile collector.

Every series is a gauge in bytes. Label sets are bounded: zones are few, cgroups are cut to
the largest N with the rest summed under ``cgroup="(other)"``, and every category is always
present, so a series does not appear and vanish as memory moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .breakdown import Breakdown, Group, breakdown

if TYPE_CHECKING:
    from ..sources.source import PageSource

PREFIX = "kpageflags"


def metrics(source: PageSource, *, top: int = 10, cgroups: bool = True) -> str:
    """The metric families of a source: per zone, and per cgroup (the ``top`` largest) unless
    ``cgroups`` is false or the source has no kpagecgroup."""
    from ..sources.source import KPAGECGROUP

    zones = breakdown(source, "zone")
    by_cgroup = breakdown(source, "cgroup", top=top) if cgroups and source.has(KPAGECGROUP) else None
    return render(zones, by_cgroup)


def escape(value: str) -> str:
    """A label value as the exposition format wants it: backslash, quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Iterable[tuple[str, str]]) -> str:
    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in pairs) + "}"


def render(zones: Breakdown, cgroups: Breakdown | None = None) -> str:
    """The metric families, each with its HELP and TYPE lines. The whole-machine family is the
    sum of the zone groups (which, with ``outside``, cover every frame), so it costs no pass."""
    whole = Group("total", sum(group.pages for group in zones.groups), zones.total())
    lines = [
        f"# HELP {PREFIX}_info The kernel release whose category rules were applied.",
        f"# TYPE {PREFIX}_info gauge",
        f"{PREFIX}_info{_labels([('kernel', zones.kernel)])} 1",
    ]
    lines += _family(
        f"{PREFIX}_memory_bytes", "Memory per category over the whole machine.", [([], whole)], zones.page_size
    )
    series = []
    for group in zones.groups:
        node, _, zone = group.name.partition("/")
        labels = (
            [("node", node[4:]), ("zone", zone)]
            if node.startswith("node") and zone
            else [("node", ""), ("zone", group.name)]
        )
        series.append((labels, group))
    lines += _family(
        f"{PREFIX}_zone_memory_bytes", "Memory per category in each NUMA node and zone.", series, zones.page_size
    )
    if cgroups is not None:
        lines += _family(
            f"{PREFIX}_cgroup_memory_bytes",
            "Memory per category charged to each memory cgroup; the largest cgroups by name, "
            "the rest summed as (other); (none) is memory charged to no cgroup.",
            [([("cgroup", group.name)], group) for group in cgroups.groups],
            cgroups.page_size,
        )
    return "\n".join(lines) + "\n"


def _family(name: str, help_text: str, series: list[tuple[list[tuple[str, str]], Group]], page_size: int) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    for labels, group in series:
        for category, pages in group.categories.items():
            lines.append(f"{name}{_labels([*labels, ('category', category)])} {pages * page_size}")
    return lines
