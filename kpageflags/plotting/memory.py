"""Charts of what memory is made of: a breakdown's groups as stacked bars, what moved between
two moments as diverging bars, and categories over time as stacked areas. Each memory category
has the same colour in all of them (``CATEGORY_COLOURS``); the numbers are the breakdown's.
Nothing here draws: ``drawing`` does, with matplotlib, only when a chart is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..facts.categories import categories
from .charts import BYTES, Axis, Chart, Layout, Series, caption
from .colours import category_style
from .labels import short_labels

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown

GROUPED_BY = {
    "total": "the whole machine",
    "node": "NUMA node",
    "zone": "zone",
    "block": "memory block",
    "cgroup": "memory cgroup",
    "process": "process (a page several map counts in each)",
}


def composition_chart(result: Breakdown, data_time: str, size: tuple[int, int] = (1500, 700)) -> Chart:
    """A bar per group of ``result``, stacked by category in the spec's order, in bytes.
    Categories no group has are left out of the chart (and so of its legend); a long group name
    (a cgroup's path) is cut in the middle under its bar, and kept whole in the table beside."""
    shown = [
        category.id for category in categories() if any(group.categories.get(category.id, 0) for group in result.groups)
    ]
    series = [
        Series(
            category_id,
            [float(group.categories.get(category_id, 0) * result.page_size) for group in result.groups],
            style=category_style(category_id),
        )
        for category_id in shown
    ]
    return Chart(
        layout=Layout.STACKED_BARS,
        x=list(range(len(result.groups))),
        series=series,
        x_axis=Axis(GROUPED_BY.get(result.by, result.by)),
        y_axis=Axis("memory", unit=BYTES),
        caption=caption(result.kernel, data_time),
        title=f"memory by category, per {GROUPED_BY.get(result.by, result.by)}",
        x_tick_labels=short_labels([group.name for group in result.groups]),
        size=size,
    )


def changed_categories(moved: Mapping[tuple[str, str], int]) -> list[str]:
    """The categories that gained or lost page frames, in the spec's order, then any other."""
    involved = {name for (before, after) in moved if before != after for name in (before, after)}
    ordered = [category.id for category in categories() if category.id in involved]
    return ordered + sorted(involved - set(ordered))


def diff_chart(
    moved: Mapping[tuple[str, str], int],
    page_size: int,
    release: str | None,
    data_time: str,
    size: tuple[int, int] = (1500, 700),
) -> Chart:
    """What moved where between two moments of the same frames: for each category that changed,
    a bar up of what it gained, coloured by the category each part came from, and a bar down of
    what it lost, coloured by where it went. ``moved`` is frames per (category before, category
    after), as ``analysis.diff.moves`` counts them; frames that kept their category are not drawn."""
    shown = changed_categories(moved)
    series: list[Series] = []
    for other in shown:
        gained = [float(moved.get((other, target), 0) * page_size) if other != target else 0.0 for target in shown]
        lost = [-float(moved.get((target, other), 0) * page_size) if other != target else 0.0 for target in shown]
        series.extend(Series(other, values, style=category_style(other)) for values in (gained, lost) if any(values))
    return Chart(
        layout=Layout.DIVERGING_BARS,
        x=list(range(len(shown))),
        series=series,
        x_axis=Axis("category"),
        y_axis=Axis("gained from (+), lost to (-) the legend's category", unit=BYTES),
        caption=caption(release, data_time),
        title=f"what moved where: {'page frames that changed category' if shown else 'no page frame changed category'}",
        x_tick_labels=shown,
        size=size,
    )


def category_history_chart(
    times: Sequence[datetime],
    pages: Mapping[str, Sequence[float]],
    page_size: int,
    release: str | None,
    size: tuple[int, int] = (1500, 700),
) -> Chart:
    """Memory per category over time, stacked so the top edge is all the memory counted:
    ``pages`` is each category's page count per sample time."""
    order = {category.id: index for index, category in enumerate(categories())}
    shown = sorted(
        (name for name, values in pages.items() if any(values)), key=lambda name: (order.get(name, len(order)), name)
    )
    return Chart(
        layout=Layout.STACKED_AREAS,
        x=list(times),
        series=[
            Series(name, [value * page_size for value in pages[name]], style=category_style(name)) for name in shown
        ],
        x_axis=Axis("time", unit="UTC"),
        y_axis=Axis("memory", unit=BYTES),
        caption=caption(release, period(times)),
        title="memory by category over time",
        size=size,
    )


def period(times: Sequence[datetime]) -> str:
    """The span of the samples' times, in UTC."""
    first, last = times[0], times[-1]
    return f"{first:%Y-%m-%d %H:%M:%S}Z" + (f" to {last:%Y-%m-%d %H:%M:%S}Z" if last != first else "")
