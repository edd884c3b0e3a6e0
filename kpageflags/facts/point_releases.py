"""The stable point releases at which the spec's facts change, series by series.

A distribution's release string may hide its upstream point release: Ubuntu's
``6.8.0-45-generic`` is built on 6.8.12, Debian's ``6.1.0-13-amd64`` on 6.1.55. Decoding it as
X.Y.0 is right only where nothing the spec records changes at a point release of X.Y; these
are the releases where something does, found from every range endpoint the spec writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from types import ModuleType

from .release_names import split_release_name

# The fields of the spec's records that hold range endpoints (an Evidence's ``release`` says
# where a fact was seen, not where it changes, so it is not among them).
ENDPOINT_FIELDS = frozenset(
    {
        "since",
        "until",
        "fixed_in",
        "kernel_since",
        "kernel_until",
        "tool_since",
        "tool_until",
        "enum_since",
        "long_argument_since",
    }
)


def point_releases_with_changes(series: str) -> tuple[str, ...]:
    """The point releases of ``series`` where a fact of the spec starts or ends, oldest first.

    >>> point_releases_with_changes('6.8')
    ('6.8.3', '6.8.9')
    >>> point_releases_with_changes('6.12')
    ()
    """
    return _changing_points().get(series, ())


def endpoints_in(*tables: object) -> set[str]:
    """Every range endpoint written in these generated tables (records, nested as they are)."""
    return {endpoint for table in tables for endpoint in _endpoints(table)}


@cache
def _changing_points() -> dict[str, tuple[str, ...]]:
    points: dict[str, set[int]] = {}
    for endpoint in endpoints_in(*(value for module in _spec_modules() for value in vars(module).values())):
        name = split_release_name(endpoint)
        if name is not None and name.point:
            points.setdefault(name.series, set()).add(name.point)
    return {series: tuple(f"{series}.{point}" for point in sorted(found)) for series, found in points.items()}


def _spec_modules() -> tuple[ModuleType, ...]:
    from .._generated import bugs, categories, kpf, page_types, pageflags, pagemap, presets

    return (bugs, categories, kpf, page_types, pageflags, pagemap, presets)


def _endpoints(value: object) -> Iterator[str]:
    """Every endpoint in a record or a tuple of records, however deeply nested."""
    if not isinstance(value, tuple):
        return
    fields = getattr(value, "_fields", None)
    if fields is None:
        for item in value:
            yield from _endpoints(item)
        return
    for field, item in zip(fields, value):
        if field not in ENDPOINT_FIELDS:
            yield from _endpoints(item)
        elif isinstance(item, str):
            yield item
        elif isinstance(item, tuple):
            yield from (part for part in item if isinstance(part, str))
