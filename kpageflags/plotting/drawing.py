"""Drawing a Chart with matplotlib, imported on first use, on its Agg canvas (no display)."""

from __future__ import annotations

import importlib
import io
import math
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadValue
from ..output.private import private_binary
from .backend import import_matplotlib, needs_matplotlib, quietly
from .charts import Chart, Layout, Series, check_size, scaled
from .colours import PALETTE, REMAINDER_COLOUR

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Past the palette, a series is told apart by its pattern: line style, or hatching of areas.
_LINE_STYLES = ("-", "--", ":", "-.")
_HATCHES = ("", "//", "..", "xx")
_DPI = 100
_FORMATS = {".png": "png", ".svg": "svg"}
MISSING_MATPLOTLIB = needs_matplotlib("drawing")


def save(chart: Chart, path: str | Path) -> None:
    """Draws ``chart`` to ``path``, a .png or .svg file of ``chart.size`` pixels."""
    picture = render(chart, picture_format(path))
    with private_binary(str(path)) as handle:
        handle.write(picture)


def picture_format(path: str | Path) -> str:
    """ "png" or "svg", by the file's suffix: checked before the data is read, so a wrong name
    costs no wait."""
    target = Path(path)
    image_format = _FORMATS.get(target.suffix.lower())
    if image_format is None:
        raise BadValue(
            f"{target}: a picture is written as .png or .svg, not {target.suffix or 'a file with no suffix'}"
        )
    return image_format


def render(chart: Chart, image_format: str) -> bytes:
    """``chart`` drawn as a PNG or SVG (``image_format`` "png" or "svg") of ``chart.size`` pixels,
    in memory: for a page that embeds it, or a file."""
    if image_format not in _METADATA:
        raise BadValue(f"a picture is drawn as png or svg, not {image_format!r}")
    check_size(chart.size)
    matplotlib = import_matplotlib(MISSING_MATPLOTLIB)
    buffer = io.BytesIO()
    with matplotlib.rc_context(_STYLE), quietly():
        _figure(chart).savefig(buffer, format=image_format, dpi=_DPI, metadata=_METADATA[image_format])
    return buffer.getvalue()


def svg_text(chart: Chart) -> str:
    """``chart`` as the text of an SVG document, to write into a page as it is."""
    return render(chart, "svg").decode("utf-8")


# Text stays text in SVG (searchable, selectable); the hash salt and missing dates make the same
# chart the same file.
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "kpageflags", "font.size": 11}
_METADATA: dict[str, dict[str, Any]] = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def _figure(chart: Chart) -> Figure:
    from matplotlib.figure import Figure

    width, height = chart.size
    figure = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, layout="constrained")
    axes = figure.add_subplot()
    divisor, unit = scaled(_heights(chart), chart.y_axis.unit)
    series = [
        Series(one.label, [value / divisor for value in one.values], one.remainder, one.style) for one in chart.series
    ]
    _DRAWERS[chart.layout](axes, chart, series)
    axes.set_xlabel(chart.x_axis.label + (f" ({chart.x_axis.unit})" if chart.x_axis.unit else ""))
    axes.set_ylabel(chart.y_axis.label + (f" ({unit})" if unit else ""))
    if chart.title:
        axes.set_title(chart.title)
    _label_times(axes, chart)
    _label_counts(axes, chart)
    axes.grid(True, alpha=0.3)
    if chart.series:
        _legend(axes, stacked=chart.layout in (Layout.STACKED_AREAS, Layout.STACKED_BARS))
    figure.supxlabel(chart.caption, x=0.005, ha="left", fontsize="small")
    # Last: the names are fitted into the room the legend and the axis labels leave.
    _label_ticks(figure, axes, chart)
    return figure


def _legend(axes: Axes, stacked: bool) -> None:
    """One entry per label: the gains and losses of a diverging chart share theirs. A stack's
    entries run top down as its bands do, the last series drawn on top first."""
    entries: dict[str, Any] = {}
    for handle, label in zip(*axes.get_legend_handles_labels()):
        entries.setdefault(label, handle)
    if stacked:
        entries = dict(reversed(entries.items()))
    # Beside the plot, not above it, where a legend of two rows or more ran into the title.
    axes.legend(list(entries.values()), list(entries), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def _heights(chart: Chart) -> list[float]:
    """The values the y axis must reach: each series', or their sums where they are stacked (the
    positive and the negative apart where they diverge)."""
    values = [list(_zeros_for_gaps(series.values)) for series in chart.series]
    if chart.layout in (Layout.STACKED_AREAS, Layout.STACKED_BARS):
        return [sum(column) for column in zip(*values)]
    if chart.layout is Layout.DIVERGING_BARS:
        columns = list(zip(*values))
        return [sum(v for v in column if v > 0) for column in columns] + [
            sum(v for v in column if v < 0) for column in columns
        ]
    return [value for series in values for value in series]


def _colour(index: int, series: Series) -> str:
    if series.style is not None:
        return series.style.colour
    return REMAINDER_COLOUR if series.remainder else PALETTE[index % len(PALETTE)]


def _pattern(index: int, series: Series, patterns: Sequence[str]) -> str:
    """The series' own pattern; else the plain one for the remainder and the first round of
    colours, then the others."""
    if series.style is not None:
        return patterns[series.style.pattern % len(patterns)]
    return patterns[0 if series.remainder else (index // len(PALETTE)) % len(patterns)]


def _lines(axes: Axes, chart: Chart, series: list[Series]) -> None:
    for index, one in enumerate(series):
        axes.plot(
            _x(chart),
            _gaps(one.values),
            label=one.label,
            color=_colour(index, one),
            linestyle=_pattern(index, one, _LINE_STYLES),
        )


def _stacked_areas(axes: Axes, chart: Chart, series: list[Series]) -> None:
    areas = axes.stackplot(
        _x(chart),
        *[_zeros_for_gaps(one.values) for one in series],
        labels=[one.label for one in series],
        colors=[_colour(index, one) for index, one in enumerate(series)],
        alpha=0.85,
    )
    for index, (area, one) in enumerate(zip(areas, series)):
        area.set_hatch(_pattern(index, one, _HATCHES))


def _overlaid_boxes(axes: Axes, chart: Chart, series: list[Series]) -> None:
    edges = _box_edges(chart.x)
    for index, one in enumerate(series):
        axes.stairs(
            _zeros_for_gaps(one.values),
            edges,
            fill=True,
            label=one.label,
            color=_colour(index, one),
            alpha=0.6,
            hatch=_pattern(index, one, _HATCHES),
        )


def _stacked_bars(axes: Axes, chart: Chart, series: list[Series]) -> None:
    base = [0.0] * len(chart.x)
    for index, one in enumerate(series):
        heights = _zeros_for_gaps(one.values)
        axes.bar(
            _x(chart),
            heights,
            bottom=base,
            label=one.label,
            color=_colour(index, one),
            hatch=_pattern(index, one, _HATCHES),
        )
        base = [below + height for below, height in zip(base, heights)]
    # Memory is never negative; left to autoscaling, empty segments stacked on a group of a
    # page or two lifted the axis's foot off zero, and its 0 went unlabelled.
    axes.set_ylim(bottom=0)


def _diverging_bars(axes: Axes, chart: Chart, series: list[Series]) -> None:
    above = [0.0] * len(chart.x)
    below = [0.0] * len(chart.x)
    for index, one in enumerate(series):
        heights = _zeros_for_gaps(one.values)
        bottoms = [up if height >= 0 else down for height, up, down in zip(heights, above, below)]
        axes.bar(
            _x(chart),
            heights,
            bottom=bottoms,
            label=one.label,
            color=_colour(index, one),
            hatch=_pattern(index, one, _HATCHES),
            edgecolor="#555555",
            linewidth=0.5,
        )
        above = [up + max(height, 0.0) for height, up in zip(heights, above)]
        below = [down + min(height, 0.0) for height, down in zip(heights, below)]
    axes.axhline(0.0, color="#000000", linewidth=0.8)


_DRAWERS = {
    Layout.LINES: _lines,
    Layout.STACKED_AREAS: _stacked_areas,
    Layout.OVERLAID_BOXES: _overlaid_boxes,
    Layout.STACKED_BARS: _stacked_bars,
    Layout.DIVERGING_BARS: _diverging_bars,
}


def _x(chart: Chart) -> list[Any]:
    """The x positions as matplotlib takes them: numbers, or datetimes it converts itself."""
    return list(chart.x)


def _box_edges(x: Sequence[Any]) -> list[float]:
    """Boxes a position wide, centred on their positions (gnuplot's boxes)."""
    dates = _dates()
    positions = [float(dates.date2num(value)) if isinstance(value, datetime) else float(value) for value in x]
    if not positions:
        return [0.0]
    return [position - 0.5 for position in positions] + [positions[-1] + 0.5]


def _gaps(values: Sequence[float]) -> list[float]:
    """A value that is not a number (nan, inf) leaves a gap in a line rather than a spike."""
    return [value if math.isfinite(value) else math.nan for value in values]


def _zeros_for_gaps(values: Sequence[float]) -> list[float]:
    return [value if math.isfinite(value) else 0.0 for value in values]


def _label_ticks(figure: Figure, axes: Axes, chart: Chart) -> None:
    """Names under each position only when each gets room for one, as the gnuplot script decides
    (over 11 pixels each), upright where they fit side by side, else on end; otherwise, or where
    even on end they would overlap, the positions' numbers. The room is the plot's own width,
    where matplotlib laid it out (the legend beside it and the y axis take part of the figure's),
    and the names are measured as drawn."""
    labels = list(chart.x_tick_labels)
    if not labels:
        return
    figure.draw_without_rendering()
    if axes.get_window_extent().width // len(labels) <= 11:
        return
    for rotation in (0, 90):
        axes.set_xticks(_x(chart), labels, rotation=rotation)
        figure.draw_without_rendering()
        if not _overlapping(axes):
            return
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.tick_params(axis="x", labelrotation=0)


_LABEL_GAP = 2
"""Pixels between neighbouring names below which they read as one."""


def _overlapping(axes: Axes) -> bool:
    """Whether any two of the x axis's names, as last laid out, touch."""
    boxes = sorted(
        (label.get_window_extent() for label in axes.get_xticklabels() if label.get_visible() and label.get_text()),
        key=lambda box: box.x0,
    )
    return any(left.x1 + _LABEL_GAP > right.x0 for left, right in zip(boxes, boxes[1:]))


def _label_times(axes: Axes, chart: Chart) -> None:
    """Times on the x axis read in UTC, the time zone of the data's time stamps."""
    if not chart.x or not isinstance(chart.x[0], datetime):
        return
    dates = _dates()
    locator = dates.AutoDateLocator(tz=timezone.utc)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator, tz=timezone.utc))


def _label_counts(axes: Axes, chart: Chart) -> None:
    """Whole positions on an x axis of whole numbers (samples, positions): no 0.5 between two."""
    if not chart.x or not all(isinstance(value, int) for value in chart.x):
        return
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _dates() -> Any:
    """matplotlib.dates, whose functions have no type annotations."""
    return importlib.import_module("matplotlib.dates")
