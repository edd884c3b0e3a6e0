"""Charts of memory composition, of what moved between two snapshots and of categories over time:
their numbers are the analysis's, each category keeps its colour in every chart, and the
pictures carry legend, units and caption."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from array import array
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import needs_matplotlib, snapshot_of_files

from kpageflags.analysis.breakdown import Breakdown, Group, breakdown
from kpageflags.analysis.diff import diff
from kpageflags.cli.main import main
from kpageflags.facts.categories import categories
from kpageflags.plotting import (
    CATEGORY_COLOURS,
    Chart,
    Layout,
    category_history_chart,
    category_style,
    composition_chart,
    diff_chart,
    render,
    svg_text,
)
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.snapshot import Snapshot

BUDDY, SLAB, LRU, MMAP, ANON, PGTABLE = 1 << 10, 1 << 7, 1 << 5, 1 << 11, 1 << 12, 1 << 26
TWO_NODES = """Node 0, zone   Normal
        spanned  100
        present  100
  start_pfn:           0
Node 1, zone   Normal
        spanned  100
        present  100
  start_pfn:           100
"""
# Node 0: 40 free, 30 page cache, 30 anon; node 1: 50 slab, 20 page tables, 30 free.
NODE0 = [BUDDY] * 40 + [LRU] * 30 + [ANON | LRU | MMAP] * 30
NODE1 = [SLAB] * 50 + [PGTABLE] * 20 + [BUDDY] * 30


def saved(tmp_path: Path, name: str, values: list[int]) -> SavedFiles:
    (tmp_path / name).write_bytes(array("Q", values).tobytes())
    (tmp_path / "zoneinfo").write_text(TWO_NODES)
    return SavedFiles({"kpageflags": str(tmp_path / name), "zoneinfo": str(tmp_path / "zoneinfo")}, kernel="6.18")


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_the_composition_bars_are_the_breakdowns_figures_in_bytes(tmp_path: Path) -> None:
    result = breakdown(saved(tmp_path, "flags", NODE0 + NODE1), "node")
    chart = composition_chart(result, "snapshot taken 2026-12-05T09:00:00Z")
    assert chart.layout is Layout.STACKED_BARS
    assert list(chart.x_tick_labels) == ["node0", "node1"]
    bars = {series.label: list(series.values) for series in chart.series}
    expected = {
        name: [float(group.categories[name] * 4096) for group in result.groups]
        for name in result.total()
        if result.total()[name]
    }
    assert (
        bars
        == expected
        == {
            "free": [40 * 4096.0, 30 * 4096.0],
            "slab": [0.0, 50 * 4096.0],
            "page_table": [0.0, 20 * 4096.0],
            "anon": [30 * 4096.0, 0.0],
            "page_cache": [30 * 4096.0, 0.0],
        }
    )
    assert [series.label for series in chart.series] == [c.id for c in categories() if c.id in expected]
    assert chart.caption == "Linux 6.18 · data of snapshot taken 2026-12-05T09:00:00Z"


def test_every_category_of_the_spec_has_a_colour_of_its_own() -> None:
    assert set(CATEGORY_COLOURS) == {c.id for c in categories()}
    assert len(set(CATEGORY_COLOURS.values())) == len(CATEGORY_COLOURS)


def test_a_category_a_newer_spec_adds_is_never_drawn_in_another_categorys_colour() -> None:
    assert category_style("a_category_yet_to_come").colour not in CATEGORY_COLOURS.values()


def test_a_category_has_the_same_colour_in_every_chart_and_any_subset(tmp_path: Path) -> None:
    whole = composition_chart(breakdown(saved(tmp_path, "both", NODE0 + NODE1), "node"), "now")
    only_node1 = composition_chart(breakdown(saved(tmp_path, "one", NODE1 + NODE1), "node"), "now")
    moved = diff_chart({("free", "slab"): 5, ("anon", "free"): 3}, 4096, "6.18", "now")
    over_time = category_history_chart(
        [datetime(2026, 12, 5, tzinfo=timezone.utc)] * 2, {"slab": [1, 2], "free": [3, 4]}, 4096, "6.18"
    )
    colours: dict[str, set[str | None]] = {}
    for chart in (whole, only_node1, moved, over_time):
        for series in chart.series:
            colours.setdefault(series.label, set()).add(series.style.colour if series.style else None)
    assert {"free", "slab", "anon", "page_table"} <= set(colours)
    assert colours == {label: {CATEGORY_COLOURS[label]} for label in colours}


def moved_pair(tmp_path: Path) -> tuple[SavedFiles, SavedFiles]:
    """Between the two: 10 free frames of node 0 become page cache, 5 anon are freed, 20 slab
    frames of node 1 are freed and 4 free frames become page tables."""
    before = NODE0 + NODE1
    after = (
        [BUDDY] * 30 + [LRU] * 40 + [ANON | LRU | MMAP] * 25 + [BUDDY] * 5
        + [SLAB] * 30 + [BUDDY] * 20 + [PGTABLE] * 20 + [PGTABLE] * 4 + [BUDDY] * 26
    )  # fmt: skip
    return saved(tmp_path, "before", before), saved(tmp_path, "after", after)


def test_the_diff_gains_and_losses_each_sum_to_the_frames_that_changed_category(tmp_path: Path) -> None:
    before, after = moved_pair(tmp_path)
    moved = diff(before, after).moves
    changed = sum(frames for (old, new), frames in moved.items() if old != new)
    assert changed == 10 + 5 + 20 + 4
    chart = diff_chart(moved, 4096, "6.18", "now")
    gains = sum(value for series in chart.series for value in series.values if value > 0)
    losses = -sum(value for series in chart.series for value in series.values if value < 0)
    assert gains == losses == changed * 4096
    assert list(chart.x_tick_labels) == ["free", "slab", "page_table", "anon", "page_cache"]


def test_each_diff_bar_is_what_a_category_took_from_or_gave_to_another(tmp_path: Path) -> None:
    before, after = moved_pair(tmp_path)
    chart = diff_chart(diff(before, after).moves, 1, "6.18", "now")
    column = list(chart.x_tick_labels).index("free")
    parts = {(series.label, series.values[column]) for series in chart.series if series.values[column]}
    # Free gained 5 from anon and 20 from slab; it lost 10 to page cache and 4 to page tables.
    assert parts == {("anon", 5.0), ("slab", 20.0), ("page_cache", -10.0), ("page_table", -4.0)}


def test_frames_that_kept_their_category_draw_nothing_and_the_picture_says_so() -> None:
    unchanged = diff_chart({("free", "free"): 100}, 4096, "6.18", "now")
    assert unchanged.series == []
    # Empty axes alone read as a drawing that failed.
    assert unchanged.title == "what moved where: no page frame changed category"
    assert diff_chart({("free", "slab"): 1}, 4096, "6.18", "now").title == (
        "what moved where: page frames that changed category"
    )


def test_the_history_chart_stacks_each_categorys_pages_in_bytes_in_spec_order() -> None:
    times = [datetime(2026, 12, 5, 9, 0, second, tzinfo=timezone.utc) for second in (0, 10)]
    chart = category_history_chart(times, {"page_cache": [2, 3], "free": [5, 4], "zero_page": [0, 0]}, 4096, None)
    assert [(series.label, list(series.values)) for series in chart.series] == [
        ("free", [5 * 4096, 4 * 4096]),
        ("page_cache", [2 * 4096, 3 * 4096]),
    ]
    assert chart.caption == "Linux release not recorded · data of 2026-12-05 09:00:00Z to 2026-12-05 09:00:10Z"


def test_building_charts_never_imports_matplotlib() -> None:
    code = (
        "import sys\n"
        "from kpageflags.plotting import composition_chart, diff_chart, category_history_chart\n"
        "assert diff_chart({('free', 'slab'): 1}, 4096, '6.18', 'now').series\n"
        "print('matplotlib' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert found.stdout.strip() == "False"


@needs_matplotlib
def test_the_composition_svg_has_the_legend_units_and_caption(tmp_path: Path) -> None:
    result = breakdown(saved(tmp_path, "flags", NODE0 + NODE1), "node")
    svg = svg_text(composition_chart(result, "snapshot taken 2026-12-05T09:00:00Z", size=(800, 500)))
    texts = svg_texts(svg)
    assert {"free", "slab", "page_table", "anon", "page_cache", "node0", "node1", "memory (KiB)"} <= set(texts)
    assert "Linux 6.18 · data of snapshot taken 2026-12-05T09:00:00Z" in texts
    colours = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert {CATEGORY_COLOURS[name].lower() for name in ("free", "slab", "page_table", "anon", "page_cache")} <= colours


@needs_matplotlib
def test_the_diff_svg_names_both_sides_once_each(tmp_path: Path) -> None:
    before, after = moved_pair(tmp_path)
    svg = svg_text(diff_chart(diff(before, after).moves, 4096, "6.18", "from A to B", size=(800, 500)))
    texts = svg_texts(svg)
    # Each category in the legend once, though its gains and losses are two series.
    assert sorted(text for text in texts if text in CATEGORY_COLOURS) == sorted(
        ["free", "slab", "page_table", "anon", "page_cache"] * 2  # the legend and the x axis
    )
    assert "gained from (+), lost to (-) the legend's category (KiB)" in texts
    assert "Linux 6.18 · data of from A to B" in texts


@needs_matplotlib
def test_a_chart_renders_to_png_bytes_in_memory() -> None:
    chart = diff_chart({("free", "slab"): 5}, 4096, "6.18", "now", size=(300, 200))
    picture = render(chart, "png")
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert (width, height) == (300, 200)


def test_a_format_other_than_png_or_svg_is_refused() -> None:
    from kpageflags.errors import BadValue

    with pytest.raises(BadValue, match="png or svg"):
        render(diff_chart({}, 4096, None, "now"), "gif")


def snapshot_pair(tmp_path: Path) -> tuple[Path, Path]:
    before, after = moved_pair(tmp_path)
    return tuple(  # type: ignore[return-value]
        snapshot_of_files(
            tmp_path / f"{name}.kpf", kpageflags=files.paths["kpageflags"], zoneinfo=tmp_path / "zoneinfo"
        )
        for name, files in (("a", before), ("b", after))
    )


def test_plot_composition_prints_the_numbers_it_draws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = snapshot_pair(tmp_path)
    assert main(["plot", "composition", "--snapshot", str(first), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    shown = {row["group"]: {k: v for k, v in row["categories"].items() if v} for row in rows}
    assert shown == {
        "node0": {"free": 40, "page_cache": 30, "anon": 30},
        "node1": {"slab": 50, "page_table": 20, "free": 30},
    }


@needs_matplotlib
def test_plot_composition_draws_the_svg_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = snapshot_pair(tmp_path)
    chart = tmp_path / "composition.svg"
    assert main(["plot", "composition", "--snapshot", str(first), "-o", str(chart), "--size", "800,400"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {chart}" in out
    taken = Snapshot(str(first)).manifest["taken"]
    caption_line = f"Linux 6.18.44 · data of snapshot taken {taken}"
    assert out.rstrip().endswith(caption_line)
    texts = svg_texts(chart.read_text())
    assert {"node0", "node1", "free", "slab", "memory (KiB)", caption_line} <= set(texts)


def test_plot_diff_lists_each_move_once_in_pages_and_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = snapshot_pair(tmp_path)
    assert main(["plot", "diff", str(first), str(second), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(row["from"], row["to"]): (row["pages"], row["bytes"]) for row in rows} == {
        ("free", "page_cache"): (10, 10 * 4096),
        ("anon", "free"): (5, 5 * 4096),
        ("slab", "free"): (20, 20 * 4096),
        ("free", "page_table"): (4, 4 * 4096),
    }


@needs_matplotlib
def test_plot_diff_text_shows_each_side_of_each_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = snapshot_pair(tmp_path)
    chart = tmp_path / "diff.png"
    assert main(["plot", "diff", str(first), str(second), "-o", str(chart)]) == 0
    lines = capsys.readouterr().out.splitlines()
    free = [line.split() for line in lines if line.startswith("free ")]
    assert [(words[1], words[2], words[3]) for words in free] == [
        ("from", "slab", "+20"),
        ("from", "anon", "+5"),
        ("to", "page_table", "-4"),
        ("to", "page_cache", "-10"),
    ]
    assert chart.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("chart", ["composition", "diff"])
def test_without_matplotlib_the_table_prints_and_one_line_names_the_extra(
    chart: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    first, second = snapshot_pair(tmp_path)
    inputs = ["--snapshot", str(first)] if chart == "composition" else [str(first), str(second)]
    assert main(["plot", chart, *inputs, "-o", str(tmp_path / "chart.svg")]) == 4
    captured = capsys.readouterr()
    assert captured.err == (
        "kpageflags: error: drawing needs matplotlib, which is not installed: pip install 'kpageflags[plot]'\n"
    )
    assert "free" in captured.out and "wrote" not in captured.out
    assert not (tmp_path / "chart.svg").exists()


def test_a_picture_name_that_is_neither_png_nor_svg_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plot", "composition", "--snapshot", "/nonexistent.kpf", "-o", "chart.gif"]) == 2
    assert "a picture is written as .png or .svg, not .gif" in capsys.readouterr().err


@needs_matplotlib
@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_a_plot_picture_is_private_even_over_a_file_that_was_readable(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = snapshot_pair(tmp_path)
    fresh, shared = tmp_path / f"fresh{suffix}", tmp_path / f"shared{suffix}"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    assert main(["plot", "composition", "--snapshot", str(first), "-o", str(fresh)]) == 0
    assert main(["plot", "diff", str(first), str(second), "-o", str(shared)]) == 0
    assert [stat.S_IMODE(path.stat().st_mode) for path in (fresh, shared)] == [0o600, 0o600]
    assert shared.read_bytes() != b"old"


LONG_PATHS = [
    f"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{index:04d}.slice/cri-containerd-{index:064x}.scope"
    for index in range(8)
]


def cgroup_breakdown(names: list[str]) -> Breakdown:
    return Breakdown(
        "6.18.44", "cgroup", 4096, tuple(Group(name, 100, {"anon": 60, "page_cache": 40}) for name in names)
    )


def plot_height(chart: Chart) -> float:
    """The plot's height in pixels, once every name under it is seen to lie inside the picture."""
    import matplotlib

    from kpageflags.plotting.drawing import _STYLE, _figure

    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _figure(chart)
        figure.draw_without_rendering()
        axes = figure.axes[0]
        names = [label.get_window_extent() for label in axes.get_xticklabels() if label.get_text()]
        assert names and all(box.y0 >= 0 and box.x0 >= 0 and box.x1 <= chart.size[0] for box in names)
        return float(axes.get_window_extent().height)


def test_long_cgroup_paths_are_cut_in_the_middle_under_their_bars_each_its_own() -> None:
    chart = composition_chart(cgroup_breakdown(LONG_PATHS), "now")
    labels = list(chart.x_tick_labels)
    assert len(set(labels)) == len(LONG_PATHS) and all(len(label) < 40 and "…" in label for label in labels)
    # Each keeps the start and the end of its path; the same paths give the same labels.
    assert all(
        path.startswith(label.split("…")[0]) and path.endswith(label.split("…")[1])
        for path, label in zip(LONG_PATHS, labels)
    )
    assert list(composition_chart(cgroup_breakdown(LONG_PATHS), "later").x_tick_labels) == labels


@needs_matplotlib
def test_long_cgroup_paths_leave_the_bars_their_height() -> None:
    short = plot_height(composition_chart(cgroup_breakdown([f"/c{index}" for index in range(8)]), "now"))
    long = plot_height(composition_chart(cgroup_breakdown(LONG_PATHS), "now"))
    assert long > 0.6 * short


def test_plot_composition_keeps_whole_paths_in_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kpageflags.cli.breakdown_commands import GroupCategories, breakdown_lines

    rows = [GroupCategories("6.18.44", "cgroup", 4096, path, 100, {"anon": 100}, 0) for path in LONG_PATHS]
    assert all(any(line.startswith(path + " ") for line in breakdown_lines(rows, False)) for path in LONG_PATHS)


@needs_matplotlib
def test_the_bars_stand_on_zero_even_beside_a_group_of_one_page() -> None:
    import matplotlib

    from kpageflags.plotting.drawing import _STYLE, _figure

    # As zones are: a small one, a large one, and the one page outside every zone.
    groups = (
        Group("node0/DMA", 4095, {"free": 3840, "reserved": 255}),
        Group("node0/Normal", 300_000, {"free": 200_000, "anon": 50_000, "kernel_other": 50_000}),
        Group("outside", 1, {"reserved": 1}),
    )
    chart = composition_chart(Breakdown("6.18.44", "zone", 4096, groups), "now")
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure = _figure(chart)
        figure.draw_without_rendering()
        axes = figure.axes[0]
        assert axes.get_ylim()[0] == 0
        shown = [label for label in axes.get_yticklabels() if axes.get_ylim()[0] <= label.get_position()[1]]
        assert float(shown[0].get_text()) == 0
