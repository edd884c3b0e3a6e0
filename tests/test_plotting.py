"""The plotting library part: every layout draws its series in the palette's colours with a
legend, units and caption; the same chart gives the same SVG; bad targets are one line."""

from __future__ import annotations

import re
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import needs_matplotlib

from kpageflags.errors import BadValue, NotAvailable
from kpageflags.plotting import BYTES, PALETTE, REMAINDER_COLOUR, Axis, Chart, Layout, Series, caption, save
from kpageflags.plotting.backend import Loading
from kpageflags.plotting.backend import needs_matplotlib as missing


def chart(layout: Layout) -> Chart:
    return Chart(
        layout=layout,
        x=[0, 1, 2],
        series=[Series(f"series {index}", [float(index + 1) * 2**30] * 3) for index in range(9)]
        + [Series("the rest", [2.0**30] * 3, remainder=True)],
        x_axis=Axis("sample"),
        y_axis=Axis("memory", unit=BYTES),
        caption=caption("7.1.5", "2026-12-05 09:00:00Z"),
        x_tick_labels=["node 0", "node 1", "node 2"],
        size=(900, 500),
    )


@needs_matplotlib
@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_has_its_legend_units_caption_and_colours(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / "chart.svg"
    save(chart(layout), path)
    svg = path.read_text()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert {f"series {index}" for index in range(9)} | {"the rest", "sample", "memory (GiB)"} <= set(texts)
    assert "Linux 7.1.5 · data of 2026-12-05 09:00:00Z" in texts
    assert {"node 0", "node 1", "node 2"} <= set(texts)
    colours = set(re.findall(r"(?:fill|stroke): (#[0-9a-f]{6})", svg))
    assert {colour.lower() for colour in PALETTE[:7]} | {REMAINDER_COLOUR} <= colours


@needs_matplotlib
@pytest.mark.parametrize(("layout", "unit"), [(Layout.LINES, "memory (MiB)"), (Layout.STACKED_AREAS, "memory (GiB)")])
def test_the_unit_fits_the_top_of_the_axis(layout: Layout, unit: str, tmp_path: Path) -> None:
    """Four series of 600 MiB: lines reach 600 MiB, stacked they reach 2.3 GiB."""
    quarter = Chart(
        layout, [0, 1], [Series(f"s{n}", [600.0 * 2**20] * 2) for n in range(4)], Axis("x"), Axis("memory", BYTES), "c"
    )
    save(quarter, tmp_path / "chart.svg")
    assert unit in re.findall(r"<text[^>]*>([^<]*)</text>", (tmp_path / "chart.svg").read_text())


@needs_matplotlib
def test_the_same_chart_is_the_same_svg(tmp_path: Path) -> None:
    save(chart(Layout.LINES), tmp_path / "a.svg")
    save(chart(Layout.LINES), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


@needs_matplotlib
def test_times_on_the_x_axis_read_in_utc(tmp_path: Path) -> None:
    times = [datetime(2026, 12, 5, 23, 58, second, tzinfo=timezone.utc) for second in (0, 30)]
    timed = Chart(
        layout=Layout.LINES,
        x=times,
        series=[Series("kmalloc-64", [1.0, 2.0])],
        x_axis=Axis("time", unit="UTC"),
        y_axis=Axis("objects"),
        caption=caption(None, "now"),
    )
    save(timed, tmp_path / "timed.svg")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", (tmp_path / "timed.svg").read_text())
    assert "23:58" in texts and "time (UTC)" in texts and "objects" in texts


@pytest.mark.parametrize(("name", "size"), [("chart.gif", (500, 500)), ("chart", (500, 500)), ("c.png", (99, 500))])
def test_a_bad_target_is_refused(name: str, size: tuple[int, int], tmp_path: Path) -> None:
    with pytest.raises(BadValue):
        save(Chart(Layout.LINES, [0], [], Axis("x"), Axis("y"), "c", size=size), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@needs_matplotlib
@pytest.mark.parametrize("layout", [Layout.LINES, Layout.OVERLAID_BOXES])
def test_an_axis_of_samples_has_whole_ticks(layout: Layout) -> None:
    import matplotlib

    from kpageflags.plotting.drawing import _STYLE, _figure

    totals = [Series("total", [2.0**30, 2.0**31, 2.0**30])]
    three = Chart(layout, [0, 1, 2], totals, Axis("sample"), Axis("memory"), "c")
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _figure(three)
        figure.draw_without_rendering()
        ticks = [tick for tick in figure.axes[0].get_xticks() if -0.5 <= tick <= 2.5]
    assert ticks and all(tick == int(tick) for tick in ticks)


@needs_matplotlib
@pytest.mark.parametrize(
    ("layout", "top_down"), [(Layout.STACKED_BARS, True), (Layout.STACKED_AREAS, True), (Layout.LINES, False)]
)
def test_a_stacks_legend_runs_top_down_as_its_bands(layout: Layout, top_down: bool) -> None:
    import matplotlib

    from kpageflags.plotting.drawing import _STYLE, _figure

    drawn = chart(layout)
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        legend = _figure(drawn).axes[0].get_legend()
        assert legend is not None
        shown = [text.get_text() for text in legend.get_texts()]
    in_order = [series.label for series in drawn.series]
    assert shown == (in_order[::-1] if top_down else in_order)


def laid_out_tick_names(chart: Chart) -> list[tuple[str, float, float]]:
    """The x axis's names as matplotlib lays the chart out: text, left and right edge in pixels."""
    import matplotlib

    from kpageflags.plotting.drawing import _STYLE, _figure

    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _figure(chart)
        figure.draw_without_rendering()
        return [
            (label.get_text(), label.get_window_extent().x0, label.get_window_extent().x1)
            for label in figure.axes[0].get_xticklabels()
            if label.get_visible() and label.get_text()
        ]


@needs_matplotlib
@pytest.mark.parametrize(
    ("count", "length", "size"), [(13, 14, (1500, 700)), (24, 9, (1500, 700)), (30, 20, (800, 400))]
)
def test_the_names_under_the_positions_never_overlap(count: int, length: int, size: tuple[int, int]) -> None:
    # A wide legend beside the plot leaves it much less than the figure's width.
    names = [f"cache-{index:02d}-".ljust(length, "m") for index in range(count)]
    wide = Chart(
        Layout.STACKED_BARS,
        list(range(count)),
        [Series(f"a cache with a long name number {n}", [2.0**20] * count) for n in range(4)],
        Axis("cache"),
        Axis("memory", BYTES),
        "caption",
        x_tick_labels=names,
        size=size,
    )
    laid_out = laid_out_tick_names(wide)
    edges = sorted((left, right) for _, left, right in laid_out)
    assert all(right <= following_left for (_, right), (following_left, _) in zip(edges, edges[1:]))
    # Every name where they fit, on end if need be; else the positions' numbers, never some names.
    shown = [text for text, _, _ in laid_out]
    assert shown == names or not set(shown) & set(names)


def test_loading_in_the_background_says_at_once_where_matplotlib_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(NotAvailable, match=r"^drawing this needs matplotlib"):
        Loading(("matplotlib.figure",), missing("drawing this"))


@needs_matplotlib
def test_a_module_that_cannot_be_loaded_in_the_background_is_told_by_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    uncaught: list[object] = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)  # it would print a traceback
    loading = Loading(("matplotlib.no_such_module",), missing("drawing this"))
    with pytest.raises(NotAvailable, match=r"^drawing this needs matplotlib"):
        loading.wait()
    assert not loading.loaded() and uncaught == []


@needs_matplotlib
def test_modules_loaded_in_the_background_are_there_after_wait() -> None:
    loading = Loading(("matplotlib.sankey",), missing("drawing this"))
    assert loading.loaded() and "matplotlib.sankey" in sys.modules
