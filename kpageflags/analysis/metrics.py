"""Breakdowns as Prometheus gauges, for node_exporter's textfile collector.

Every series is a gauge in bytes. Label sets are bounded: zones are few, cgroups are cut to
the largest N with the rest summed under ``cgroup="(other)"``, and every category is always
present, so a series does not appear and vanish as memory moves. ``samples`` gives the
series as records; ``exposition`` writes them in the Prometheus text format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from .breakdown import Breakdown, Group, breakdown

if TYPE_CHECKING:
    from ..sources.source import PageSource

PREFIX = "kpageflags"


class MetricSample(NamedTuple):
    """One series: its metric family (with the family's help text), labels and value."""

    metric: str
    help: str
    labels: dict[str, str]
    value: int


def samples(zones: Breakdown, cgroups: Breakdown | None = None) -> list[MetricSample]:
    """Every series. The whole-machine family is the sum of the zone groups (which, with
    ``outside``, cover every frame), so it costs no pass over the page files."""
    whole = Group("total", sum(group.pages for group in zones.groups), zones.total(), zones.holes())
    found = [
        MetricSample(
            f"{PREFIX}_info", "The kernel release whose category rules were applied.", {"kernel": zones.kernel}, 1
        )
    ]
    found += _family(
        f"{PREFIX}_memory_bytes", "Memory per category over the whole machine.", [({}, whole)], zones.page_size
    )
    found.append(
        MetricSample(
            f"{PREFIX}_hole_bytes",
            "Physical address space with no page behind it (holes), which no memory category counts.",
            {},
            whole.holes * zones.page_size,
        )
    )
    series = []
    for group in zones.groups:
        node, _, zone = group.name.partition("/")
        labels = (
            {"node": node[4:], "zone": zone} if node.startswith("node") and zone else {"node": "", "zone": group.name}
        )
        series.append((labels, group))
    found += _family(
        f"{PREFIX}_zone_memory_bytes", "Memory per category in each NUMA node and zone.", series, zones.page_size
    )
    if cgroups is not None:
        found += _family(
            f"{PREFIX}_cgroup_memory_bytes",
            "Memory per category charged to each memory cgroup; the largest cgroups by name, "
            "the rest summed as (other); (none) is memory charged to no cgroup.",
            [({"cgroup": group.name}, group) for group in cgroups.groups],
            cgroups.page_size,
        )
    return found


def _family(
    name: str, help_text: str, series: list[tuple[dict[str, str], Group]], page_size: int
) -> list[MetricSample]:
    return [
        MetricSample(name, help_text, {**labels, "category": category}, pages * page_size)
        for labels, group in series
        for category, pages in group.categories.items()
    ]


def exposition(series: Iterable[MetricSample]) -> Iterator[str]:
    """The Prometheus text format: each family's HELP and TYPE lines before its first series."""
    announced: set[str] = set()
    for sample in series:
        if sample.metric not in announced:
            announced.add(sample.metric)
            yield f"# HELP {sample.metric} {sample.help}"
            yield f"# TYPE {sample.metric} gauge"
        yield f"{sample.metric}{_labels(sample.labels)} {sample.value}"


def render(zones: Breakdown, cgroups: Breakdown | None = None) -> str:
    """The whole exposition as one text, as a textfile collector reads it."""
    return "".join(line + "\n" for line in exposition(samples(zones, cgroups)))


def metrics(source: PageSource, *, top: int = 10, cgroups: bool = True) -> list[MetricSample]:
    """The metric families of a source: per zone, and per cgroup (the ``top`` largest) unless
    ``cgroups`` is false or the source has no kpagecgroup."""
    from ..sources.source import KPAGECGROUP

    zones = breakdown(source, "zone")
    by_cgroup = breakdown(source, "cgroup", top=top) if cgroups and source.has(KPAGECGROUP) else None
    return samples(zones, by_cgroup)


def escape(value: str) -> str:
    """A label value as the exposition format wants it: backslash, quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: dict[str, str]) -> str:
    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in pairs.items()) + "}"
