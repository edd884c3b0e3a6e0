"""Slab caches as Prometheus gauges with bounded labels: the ``top`` caches by memory each get a
series, the rest are summed under ``cache="(other)"``, which is always present so the sum of
a family is the whole slab memory whatever the top N is."""

from __future__ import annotations

from ..analysis.metrics import PREFIX, MetricSample
from .figures import CacheFigures

OTHER = "(other)"
FAMILIES = (
    ("memory_bytes", "Memory of each slab cache's slabs at its current order (slabinfo's size)."),
    ("loss_bytes", "Memory of each slab cache not holding objects: slabs less objects times object size."),
    ("objects", "Objects of each slab cache counted in use (free objects of CPU slabs among them)."),
)


def slab_samples(caches: list[CacheFigures], top: int) -> list[MetricSample]:
    # A figure that is unknown (its cache's notes say why) counts as 0: a gauge has no blank.
    ranked = sorted(caches, key=lambda cache: (-(cache.memory_bytes or 0), cache.name))
    named, rest = ranked[:top], ranked[top:]
    found = []
    for field, help_text in FAMILIES:
        metric = f"{PREFIX}_slab_{field}"
        found += [MetricSample(metric, help_text, {"cache": cache.name}, getattr(cache, field) or 0) for cache in named]
        other = sum(getattr(cache, field) or 0 for cache in rest)
        found.append(MetricSample(metric, help_text, {"cache": OTHER}, other))
    return found
