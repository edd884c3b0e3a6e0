"""Breakdowns in the Prometheus text exposition format, for node_exporter's textfile collector.

Every series is a gauge in bytes. Label sets are bounded: zones are few, cgroups are cut to
the largest N with the rest summed under ``cgroup="(other)"``, and every category is always
present, so a series does not appear and vanish as memory moves.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

from .breakdown import Breakdown, Group

PREFIX = "kpageflags"


def escape(value: str) -> str:
    """A label value as the exposition format wants it: backslash, quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Iterable[Tuple[str, str]]) -> str:
    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in pairs) + "}"


def render(zones: Optional[Breakdown] = None, cgroups: Optional[Breakdown] = None,
           total: Optional[Breakdown] = None) -> str:
    """The metric families for the breakdowns given, each with its HELP and TYPE lines."""
    lines: List[str] = []
    first = next((b for b in (total, zones, cgroups) if b is not None), None)
    if first is None:
        return ""
    lines += [f"# HELP {PREFIX}_info The kernel release whose category rules were applied.",
              f"# TYPE {PREFIX}_info gauge",
              f"{PREFIX}_info{_labels([('kernel', first.kernel)])} 1"]
    if total is not None:
        lines += _family(f"{PREFIX}_memory_bytes", "Memory per category over the whole machine.",
                         [([], group) for group in total.groups], total.page_size)
    if zones is not None:
        series = []
        for group in zones.groups:
            node, _, zone = group.name.partition("/")
            labels = [("node", node[4:]), ("zone", zone)] if node.startswith("node") and zone else \
                [("node", ""), ("zone", group.name)]
            series.append((labels, group))
        lines += _family(f"{PREFIX}_zone_memory_bytes", "Memory per category in each NUMA node and zone.",
                         series, zones.page_size)
    if cgroups is not None:
        lines += _family(f"{PREFIX}_cgroup_memory_bytes",
                         "Memory per category charged to each memory cgroup; the largest cgroups by name, "
                         "the rest summed as (other); (none) is memory charged to no cgroup.",
                         [([("cgroup", group.name)], group) for group in cgroups.groups], cgroups.page_size)
    return "\n".join(lines) + "\n"


def _family(name: str, help_text: str, series: List[Tuple[List[Tuple[str, str]], Group]],
            page_size: int) -> List[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    for labels, group in series:
        for category, pages in group.categories.items():
            lines.append(f"{name}{_labels([*labels, ('category', category)])} {pages * page_size}")
    return lines
